"""The static JSON API under api/v1/: clauses, editions, and each comparison's diff as data.

Version 1 only ever gains fields; a change that removes or renames one would be api/v2/. Files are
written compactly, in corpus order, with no timestamps, so the same sources give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..citation import Citations
from .arrange import Arranged, Arrangement as Comparison, MovedAway
from ..fidelity import WitnessAccount
from ..model import Clause, Corpus, Edition, EditorialNote, Fact, Footnote, Work
from .site import SiteFile
from .bibliography import csl_item
from .changes_csv import change_rows, changes_csv
from .differences import difference_said
from ..compare import Difference
from .tei import apparatus_tei, edition_tei, work_tei
from .metadata import date_text, licence_sentence, reference
from .urls import Location, Urls

PREFIX = "api/v1/"


def _dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _fact(fact: Fact) -> dict[str, Any]:
    return {
        "value": fact.value,
        "basis": fact.basis.value,
        "printed": fact.printed,
        "note": fact.note,
        "evidence": [{"text": e.text, "url": e.url} for e in fact.evidence],
    }


def _notes(notes: tuple[EditorialNote, ...]) -> list[dict[str, Any]]:
    return [{"kind": n.kind.value, "sic": n.sic, "text": n.text} for n in notes]


def _renames(group) -> list[dict[str, str]]:
    """The declared renames a correspondence's words differ by, and what each is."""
    return [{"from": r.old, "to": r.new, "kind": r.kind.value} for r in group.renamed]


def csl_path(edition: Edition) -> str:
    return f"{PREFIX}csl/{edition.id}.json"


def tei_path(name: str) -> str:
    return f"{PREFIX}tei/{name}.xml"


def csv_path(comparison: Comparison) -> str:
    return f"{PREFIX}changes/{comparison.old.id}--{comparison.new.id}.csv"


def comparison_path(comparison: Comparison) -> str:
    return f"{PREFIX}comparisons/{comparison.old.id}--{comparison.new.id}.json"


@dataclass(frozen=True)
class WorkApi:
    """One work's share of the API: the files that read that work alone, and its editions' clause
    records for clauses.json."""

    clause_records: tuple[bytes, ...]  # per edition, compact JSON items less the list's brackets
    comparisons: tuple[SiteFile, ...]
    csl: tuple[SiteFile, ...]
    edition_tei: tuple[SiteFile, ...]
    apparatus: tuple[SiteFile, ...]  # each comparison's TEI apparatus, then its changes as CSV
    work_tei: SiteFile


class Api:
    def __init__(
        self,
        corpus: Corpus,
        accounts: dict[str, WitnessAccount],
        urls: Urls,
        citations: Citations,
        arranged: Arranged,
        diff_location,  # (comparison, group) -> Location of its row on the comparison pages
        lines=None,  # clause -> (its current address, its history), or None (history.HistoryPages.of_clause)
        drafts: frozenset[str] = frozenset(),  # the editions still drafts (drafts.draft_editions)
    ):
        self.corpus = corpus
        self.accounts = accounts
        self.urls = urls
        self.citations = citations
        self.arranged = arranged
        self.lineage = arranged.lineage
        self.comparisons = arranged.all()
        self.diff_location = diff_location
        self.lines = lines or (lambda clause: None)
        self.drafts = drafts

    def later(self, clause: Clause) -> list[dict[str, Any]]:
        """What became of the clause in each later edition it is compared with: what a reader
        quoting the earlier text must be told (the lineage's rows)."""
        return [
            {
                "edition": comparison.new.id,
                "change": group.kind.value,
                "moved": group.moved,
                "diff_url": str(self.diff_location(self.arranged.of(comparison), group)),
                "difference": group.difference.value,
                "renames": _renames(group),
                "said": difference_said(group),
            }
            for comparison, group in self.lineage.later(clause)
        ]

    def counterparts(self, clause: Clause) -> dict[str, list[str]]:
        return {edition.id: [c.id for c in clauses] for edition, clauses in self.lineage.counterparts(clause)}

    def files(self) -> list[SiteFile]:
        return self.corpus_files([self.work_files(work) for work in self.corpus.works])

    def work_files(self, work: Work) -> WorkApi:
        """What of the API reads one work only (make_work_pages builds it from that work alone)."""
        editions = work.editions
        comparisons = self.arranged.of_work(work)
        apparatus: list[SiteFile] = []
        for c in comparisons:
            page = self.urls.comparison(c.new.work_id, c.old.id, c.new.id)
            apparatus.append(SiteFile(tei_path(c.slug), apparatus_tei(c, self.corpus, self.address(page))))
            apparatus.append(SiteFile(csv_path(c), changes_csv(change_rows(c, self.urls, self.citations, self.diff_location, self.urls.site_url or ""))))
        return WorkApi(
            clause_records=tuple(self.edition_clauses(e) for e in editions),
            comparisons=tuple(SiteFile(comparison_path(c), _dump(self.comparison(c))) for c in comparisons),
            # CSL-JSON, what reference managers import: a list of items, here one per edition.
            csl=tuple(SiteFile(csl_path(e), _dump([csl_item(e, self.urls.absolute(self.urls.edition(e)))])) for e in editions),
            # For scholars' collation tools and for spreadsheets: TEI P5, and each comparison's changes as CSV.
            edition_tei=tuple(
                SiteFile(tei_path(e.id), edition_tei(e, self.corpus, self.accounts[e.id], self.address(self.urls.edition(e))))
                for e in editions
            ),
            apparatus=tuple(apparatus),
            # The work: every edition a witness, one apparatus (tei.work_tei).
            work_tei=SiteFile(tei_path(work.id), work_tei(self.lineage.of_work(work), self.address(self.urls.work(work)))),
        )

    def corpus_files(self, works: Sequence[WorkApi]) -> list[SiteFile]:
        """Every file of the API, from each work's share and what reads them all, in one order."""
        records = [r for w in works for r in w.clause_records]
        files = [
            # Compact JSON of a list is its items joined by commas: the same bytes as one dump.
            SiteFile(PREFIX + "clauses.json", b'{"version":1,"clauses":[' + b",".join(r for r in records if r) + b"]}\n"),
            SiteFile(PREFIX + "editions.json", _dump(self.editions())),
        ]
        files += [f for w in works for f in w.comparisons]
        files += [f for w in works for f in w.csl]
        files += [f for w in works for f in w.edition_tei]
        files += [f for w in works for f in w.apparatus]
        files += [w.work_tei for w in works]
        files.append(SiteFile(PREFIX + "index.json", _dump(self.index())))
        return files

    def index(self) -> dict[str, Any]:
        return {
            "version": 1,
            "clauses": PREFIX + "clauses.json",
            "editions": PREFIX + "editions.json",
            "comparisons": [comparison_path(c) for c in self.comparisons],
            "csl": [csl_path(e) for e in self.corpus.editions()],
            "tei": [tei_path(e.id) for e in self.corpus.editions()] + [tei_path(c.slug) for c in self.comparisons]
            + [tei_path(w.work.id) for w in self.lineage.works],
            "changes_csv": [csv_path(c) for c in self.comparisons],
            "schemas": PREFIX + "schema/",
        }

    def _clause(self, edition: Edition, section_id: str, clause: Clause) -> dict[str, Any]:
        lines = self.accounts[edition.id].clause_lines.get(clause.id)
        return {
            "id": clause.id,
            "document": edition.work_id,
            "edition": edition.id,
            "section": section_id,
            "kind": clause.kind.value,
            "label": clause.label,
            "label_restored": clause.label_restored,
            "term": clause.term,
            "text": clause.printed_words if not clause.label_restored else " ".join(filter(None, (clause.term, clause.text))),
            "citation": self.citations.cite(clause),
            "url": str(self.urls.clause(clause)),
            "align": list(clause.align),
            "counterparts": self.counterparts(clause),
            "later": self.later(clause),
            "line": (line := self.lineage.line(clause)).id,
            "line_aliases": list(line.aliases),
            "current_url": str(places[0]) if (places := self.lines(clause)) else None,
            "history_url": str(places[1]) if places else None,
            "themes": list(clause.themes),
            "notes": _notes(clause.notes),
            "witness": {"id": edition.witness_id, "lines": [lines.first, lines.last] if lines else None},
        }

    def _footnote(self, edition: Edition, section_id: str, footnote: Footnote) -> dict[str, Any]:
        return {
            "id": footnote.id,
            "document": edition.work_id,
            "edition": edition.id,
            "section": section_id,
            "kind": "footnote",
            "label": footnote.marker,
            "label_restored": False,
            "term": None,
            "text": f"{footnote.marker} {footnote.text}",
            "citation": self.citations.cite(footnote),
            "url": str(self.urls.clause(footnote)),
            "align": [],
            "counterparts": {},
            "later": [],
            "line": None,  # a footnote has no line through the editions
            "line_aliases": [],
            "current_url": None,
            "history_url": None,
            "themes": [],
            "notes": _notes(footnote.notes),
            "witness": {"id": edition.witness_id, "lines": [footnote.lines.first, footnote.lines.last]},
        }

    def edition_clauses(self, edition: Edition) -> bytes:
        """One edition's clause records in compact JSON, comma-separated, for clauses.json."""
        items = []
        for section in edition.walk():
            items += [self._clause(edition, section.id, c) for c in section.clauses]
            items += [self._footnote(edition, section.id, f) for f in section.footnotes]
        return _dump(items)[1:-2]  # less the list's brackets and the newline

    def address(self, url: str) -> str:
        """The published address where known, else the site-relative one."""
        return self.urls.absolute(url) or url

    def replacements(self, edition: Edition) -> list[dict[str, Any]]:
        """The editions that replace `edition` (several where it is revised for several nations)."""
        return [
            {
                "edition": by.id,
                "note": spec.supersedes,
                "url": self.urls.edition(by),
                "comparison": comparison_path(self.lineage.comparison(edition, by)),
            }
            for by, spec in self.lineage.superseded_by(edition)
        ]

    def editions(self) -> dict[str, Any]:
        documents = []
        for work in self.corpus.works:
            editions = []
            for edition in work.editions:
                witness = self.corpus.witness(edition.witness_id)
                editions.append(
                    {
                        "id": edition.id,
                        "short_name": edition.short_name,
                        "title": edition.title,
                        "issuer": edition.issuer,
                        "edition": _fact(edition.edition),
                        "date": _fact(edition.date),
                        "date_text": date_text(edition),
                        "reference": reference(edition),
                        "jurisdiction": _fact(edition.jurisdiction),
                        "licence": {
                            "status": "stated" if edition.licence.stated else "none-stated",
                            "sentence": licence_sentence(edition),
                            "name": edition.licence.name,
                            "url": edition.licence.url,
                            "printed": edition.licence.printed,
                            "note": edition.licence.note,
                        },
                        "published_at": edition.published_at,
                        "url": self.urls.edition(edition),
                        "witness": {
                            "id": witness.id,
                            "file": witness.file,
                            "sha256": witness.sha256,
                            "what": witness.what,
                            "origin": witness.origin,
                            "conversion": witness.conversion,
                            "url": self.urls.witness(edition),
                        },
                        "clauses": sum(1 for _ in edition.clauses()),
                        "superseded_by": (self.replacements(edition) or [None])[0],
                        "replaced_by": self.replacements(edition),
                        "current": self.lineage.is_current(edition),
                        "draft": edition.id in self.drafts,
                        "csl": csl_path(edition),
                    }
                )
            documents.append(
                {
                    "id": work.id,
                    "title": work.title,
                    "description": work.description,
                    "url": self.urls.work(work),
                    "editions": editions,
                    "comparisons": [
                        {
                            "from": c.old.id,
                            "to": c.new.id,
                            "data": comparison_path(c),
                            "url": self.urls.comparison(work.id, c.old.id, c.new.id),
                        }
                        for c in self.comparisons
                        if c.new.work_id == work.id
                    ],
                }
            )
        return {"version": 1, "documents": documents}

    def comparison(self, comparison: Comparison) -> dict[str, Any]:
        changes = []
        for section in comparison.sections:
            for entry in section.entries:
                if isinstance(entry, MovedAway):
                    continue
                group = entry
                where: Location = self.diff_location(comparison, group)
                changes.append(
                    {
                        "kind": group.kind.value,
                        "difference": group.difference.value,
                        "renames": _renames(group),
                        "said": difference_said(group),
                        "moved": group.moved,
                        "from": [c.id for c in group.old],
                        "to": [c.id for c in group.new],
                        "section": section.key,
                        "diff_url": str(where),
                        "label_change": {"from": group.label_change[0], "to": group.label_change[1]} if group.label_change else None,
                        "spans": [
                            {"op": p.op.value, "text": p.text}
                            | ({"old_text": p.old_text, "variant": p.variant.value} if p.variant else {})
                            for p in group.pieces
                        ],
                    }
                )
        return {
            "version": 1,
            "document": comparison.new.work_id,
            "from": comparison.old.id,
            "to": comparison.new.id,
            "url": self.urls.comparison(comparison.new.work_id, comparison.old.id, comparison.new.id),
            "principal_changes": [
                {
                    "text": change.text,
                    "clauses": list(change.clauses),
                    "renames": list(dict.fromkeys(r.old for r in change.renames)),
                    "diff_urls": [str(self.diff_location(comparison, group)) for group in rows],
                }
                for change, rows in comparison.principal
            ],
            "renames": [
                {"from": r.old, "to": r.new, "kind": r.kind.value, "status": "accepted", "note": r.note, "count": n} for r, n in comparison.renames
            ] + [
                # The importer's proposals, not yet decided: they fold nothing, so each counts 0 here.
                {"from": r.old, "to": r.new, "kind": r.kind.value, "status": "proposed", "note": r.note, "count": 0}
                for r in comparison.spec.renames if r.proposed
            ],
            "differences": {d.value: sum(1 for g in comparison.rows() if g.difference is d) for d in Difference},
            "unmarked_differences": dict(sorted(comparison.variant_counts.items())),
            "changes": changes,
        }
