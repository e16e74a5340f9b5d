"""A draft edition, as data: what the importer will write, before anything is written.

It gathers the witness's structure, the proposed ledger, the metadata and (when the work has
other editions) the alignment into the source format: section files, edition.yaml, ledger.yaml,
the witness's registration, the work's new comparisons, and the alignment keys other editions
need to share (a clause split in the new edition takes a second key in every edition that has
its counterpart). Ids follow sources/README.md: permanent, from structure and alignment keys,
never from wording, unique across the corpus.
"""

from __future__ import annotations

from types import MappingProxyType

import re
from dataclasses import dataclass, field
from typing import Any

from .. import drafts
from ..model import ClauseKind, Corpus, Edition, LineRange, Work
from . import align as aligning
from .metadata import Metadata
from .not_text import Proposal
from .structure import Clause, Section, Structure
from .witness_file import ReceivedText

_MAX_ID = 64


@dataclass
class Review:
    """One decision for the editor to check, most doubtful first (review.yaml holds them, each
    with the state the editor gives it)."""

    doubt: float
    lines: LineRange | None
    decided: str
    check: str
    topic: str = "structure"  # review.schema.json's topics: what the decision is about


@dataclass
class KeyEdit:
    """Alignment keys to add to a clause or section of an existing edition."""

    edition: str
    owner_id: str
    keys: tuple[str, ...]  # the full list it will hold


@dataclass
class Draft:
    work: Work
    edition_id: str
    witness_id: str
    witness_file: str
    text: ReceivedText
    metadata: Metadata
    sections: list[dict[str, Any]]  # section documents (with `_file` naming each top-level file)
    edition_doc: dict[str, Any]
    ledger_doc: dict[str, Any]
    witness_entry: dict[str, Any]
    editions_order: list[str]  # the work's editions with the new one in place
    comparisons: list[dict[str, Any]]  # new comparison entries for work.yaml
    key_edits: list[KeyEdit]
    review: list[Review]
    summary: dict[str, int] = field(default_factory=dict)


def valid_id(text: str) -> bool:
    return re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", text) is not None and len(text) <= _MAX_ID


def corpus_ids(corpus: Corpus) -> set[str]:
    ids = {w.id for w in corpus.witnesses} | {w.id for w in corpus.works}
    for edition in corpus.editions():
        ids.add(edition.id)
        for section in edition.walk():
            ids.add(section.id)
            ids.update(c.id for c in section.clauses)
            ids.update(f.id for f in section.footnotes)
        ids.update(x.id for x in edition.ledger.exclusions)
    return ids


def work_keys(work: Work) -> set[str]:
    keys: set[str] = set()
    for edition in work.editions:
        for section in edition.walk():
            keys.update(section.align)
            for clause in section.clauses:
                keys.update(clause.align)
    return keys


# --- alignment keys -----------------------------------------------------------------------------


@dataclass
class _Keys:
    """Alignment keys as they will stand: the compared edition's (added where the old edition had
    none), the new edition's, and every other edition's, with the edits that implies."""

    work: Work
    used: set[str]
    of_existing: dict[str, tuple[str, ...]] = field(default_factory=dict)  # owner id -> keys after the import
    edits: dict[str, KeyEdit] = field(default_factory=dict)

    @classmethod
    def for_work(cls, work: Work) -> _Keys:
        keys = cls(work, work_keys(work))
        single = len(work.editions) == 1
        for edition in work.editions:
            for section in edition.walk():
                for owner, current in ((section.id, section.align), *((c.id, c.align) for c in section.clauses)):
                    if single and not current:
                        # A work of one edition has no keys yet: each clause and section takes its id.
                        keys.set(edition.id, owner, (owner,))
                    else:
                        keys.of_existing[owner] = current
        return keys

    def set(self, edition: str, owner: str, keys: tuple[str, ...]) -> None:
        self.of_existing[owner] = keys
        self.used.update(keys)
        self.edits[owner] = KeyEdit(edition, owner, keys)

    def new_key(self, base: str) -> str:
        base = base if valid_id(base) else "k"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate

    def split(self, key: str, others: list[str]) -> list[str]:
        """`key` now stands for the first part of a split clause; the other parts take keys of
        their own (their ids), which every clause holding `key` in the existing editions takes too."""
        new = [self.new_key(own) for own in others]
        for edition in self.work.editions:
            for section in edition.walk():
                for clause in section.clauses:
                    held = self.of_existing.get(clause.id, ())
                    if key in held:
                        self.set(edition.id, clause.id, tuple(dict.fromkeys((*held, *new))))
        return [key, *new]


def _furniture_review(proposals: list[Proposal]) -> list[Review]:
    """One review item per kind of thing left out: page numbers and running footers are many."""
    by_reason: dict[tuple[str, str], list[Proposal]] = {}
    for proposal in proposals:
        by_reason.setdefault((proposal.category, proposal.reason), []).append(proposal)
    out = []
    for (category, reason), group in by_reason.items():
        where = group[0].lines if len(group) == 1 else None
        lines = "" if len(group) == 1 else " (lines " + ", ".join(str(p.lines) for p in group) + ")"
        out.append(Review(max(p.doubt for p in group), where, f"left out as {category.replace('-', ' ')}: {reason}{lines}", group[0].note, "furniture"))
    return out


def _assign_keys(
    draft_clauses: list[Clause], alignment: aligning.Alignment | None, old_clauses: list, keys: _Keys, ids: dict[int, str]
) -> tuple[dict[int, tuple[str, ...]], list[Review]]:
    """Each new clause's keys (by its index): its counterparts' keys, or for a clause new in this
    edition its own id; and review items about the alignment."""
    review: list[Review] = []
    assigned: dict[int, tuple[str, ...]] = {}
    if alignment is None:
        return assigned, review
    for group in alignment.groups:
        if not group.new:
            clause = old_clauses[group.old[0]]
            review.append(Review(0.4, None, f"{clause.id} (“{_short(clause.text)}”) has no counterpart here: listed as dropped",
                                 "that its words are really gone, not moved or reworded beyond recognition", "alignment"))
            continue
        if not group.old:
            continue
        old_keys = [k for j in group.old for k in keys.of_existing.get(old_clauses[j].id, ())]
        where = LineRange(draft_clauses[group.new[0]].first, draft_clauses[group.new[-1]].last)
        names = ", ".join(old_clauses[j].id for j in group.old)
        if len(group.new) == 1:
            assigned[group.new[0]] = tuple(dict.fromkeys(old_keys))
            if len(group.old) > 1:
                review.append(Review(0.5, where, f"merged from {names} (similarity {group.similarity:.2f})", "that these clauses were merged into this one", "alignment"))
        else:
            if len(old_keys) >= len(group.new):
                shares = [old_keys[i : i + 1] for i in range(len(group.new) - 1)] + [old_keys[len(group.new) - 1 :]]
            else:
                shares = [[k] for k in keys.split(old_keys[0], [ids[i] for i in group.new[1:]])]
                review.append(Review(0.45, where, f"{names} split into {len(group.new)} clauses: it and its counterparts in other editions take the keys {', '.join(k for s in shares for k in s)}",
                                     "that the clause was split, not partly rewritten", "alignment"))
            for index, share in zip(group.new, shares):
                assigned[index] = tuple(share)
        if group.moved:
            review.append(Review(0.35, where, f"moved: corresponds to {names}, which stands elsewhere in the order", "that the clause moved rather than being dropped there and added here", "alignment"))
        if len(group.old) == 1 and len(group.new) == 1 and group.similarity < 0.3:
            review.append(Review(0.7, where, f"paired with {names}, whose words differ (similarity {group.similarity:.2f}): they stand in the same place of corresponding sections",
                                 "that the two correspond (a reworded heading); if not, give this clause a new key and list both as added and dropped", "alignment"))
        elif len(group.old) == 1 and len(group.new) == 1 and group.similarity < 0.75:
            review.append(Review(round(1 - group.similarity, 2), where, f"matched to {names} (similarity {group.similarity:.2f})", "that the two clauses correspond; if not, give this clause a new key and list both as added and dropped", "alignment"))
    for index, clause in enumerate(draft_clauses):
        if index not in assigned:
            assigned[index] = (keys.new_key(ids[index]),)
            review.append(Review(0.4, clause.range, f"no counterpart in the compared edition: listed as added (“{_short(clause.words)}”)", "that the clause is new in this edition", "alignment"))
    return assigned, review


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# --- the draft ----------------------------------------------------------------------------------


def make_draft(
    corpus: Corpus,
    work: Work,
    edition_id: str,
    witness_file: str,
    text: ReceivedText,
    proposals: list[Proposal],
    structure: Structure,
    metadata: Metadata,
    compare: Edition | None,
    alignment: aligning.Alignment | None,
) -> Draft:
    taken = corpus_ids(corpus)
    review: list[Review] = [Review(d.doubt, d.lines, d.decided, d.check, d.topic) for d in structure.doubts]
    review += [Review(d.doubt, d.lines, d.decided, d.check, "metadata") for d in metadata.doubts]
    review += _furniture_review(proposals)
    multi = bool(work.editions)
    keys = _Keys.for_work(work) if multi else None

    # Sections: ids and keys from the compared edition's sections where their clauses correspond.
    flat: list[tuple[Clause, Section]] = []
    for section in structure.sections:
        for part in section.walk():
            flat += [(c, part) for c in part.clauses]
    flat.sort(key=lambda pair: pair[0].first)
    clauses = [c for c, _ in flat]
    section_of = {id(c): s for c, s in flat}
    old_clauses = list(compare.clauses()) if compare else []
    old_section = {c.id: s for s in (compare.walk() if compare else ()) for c in s.clauses}
    section_slugs = _section_slugs(structure.sections)
    section_ids = {key: _unique_id(f"{edition_id}-{slug}", taken) for key, slug in section_slugs.items()}
    section_keys: dict[int, str] = {}
    used_section_keys: set[str] = set()
    for section in (s for top in structure.sections for s in top.walk()):
        counterpart = _counterpart_section(section, clauses, section_of, alignment, old_clauses, old_section, compare)
        old_keys = keys.of_existing.get(counterpart.id, ()) if (keys and counterpart) else ()
        if old_keys and old_keys[0] not in used_section_keys:
            section_keys[id(section)] = old_keys[0]
        elif keys is not None:
            section_keys[id(section)] = keys.new_key(section_ids[id(section)])
        else:
            section_keys[id(section)] = section_slugs[id(section)]
        used_section_keys.add(section_keys[id(section)])

    # Clause ids: the section's id and the clause's place in it (headings "-h", "-h2").
    ids: dict[int, str] = {}
    counters: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        section_id = section_ids[id(section_of[id(clause)])]
        slot = "h" if clause.kind is ClauseKind.HEADING else ""
        counters[section_id + slot] = counters.get(section_id + slot, 0) + 1
        n = counters[section_id + slot]
        ids[index] = _unique_id(f"{section_id}-h" if slot and n == 1 else f"{section_id}-{slot}{n}", taken)

    clause_keys, align_review = (
        _assign_keys(clauses, alignment, old_clauses, keys, ids) if keys is not None and alignment is not None else ({}, [])
    )
    if keys is not None and alignment is None:  # the work's other editions, but none to compare: all new
        clause_keys = {i: (keys.new_key(ids[i]),) for i in range(len(clauses))}
    review += align_review

    themes_of, untagged = _carried_themes(clauses, alignment, old_clauses)

    if untagged:
        listed = ", ".join(ids[i] for i in untagged[:40]) + (" …" if len(untagged) > 40 else "")
        review.append(Review(0.3, None, f"themes carried over from {len(themes_of)} unchanged counterparts; {len(untagged)} changed or new clauses have none yet: {listed}",
                             "which themes each of them substantially speaks to (sources/README.md, Themes)", "themes"))

    # Footnotes and joins.
    footnote_ids: dict[str, str] = {}
    for top in structure.sections:
        for part in top.walk():
            for footnote in part.footnotes:
                footnote_ids[footnote.marker] = _unique_id(f"{section_ids[id(part)]}-fn-{len(footnote_ids) + 1}", taken)

    def clause_doc(index: int) -> dict[str, Any]:
        clause = clauses[index]
        doc: dict[str, Any] = {"id": ids[index], "kind": clause.kind.value}
        if clause.label:
            doc["label"] = clause.label
            if clause.label_restored:
                doc["label_restored"] = True
        if clause.term:
            doc["term"] = clause.term
        if multi:
            own = clause_keys[index]
            doc["align"] = own[0] if len(own) == 1 else list(own)
        if themes_of.get(index):
            doc["themes"] = list(themes_of[index])
        try:
            doc["text"] = _content(clause, footnote_ids, structure.rules)
        except _LabelInMarkup:  # the label is printed inside a link or italics: it stays there
            doc.pop("label", None)
            doc.pop("label_restored", None)
            doc.pop("term", None)
            doc["text"] = _content(clause, footnote_ids, structure.rules, with_label=False)
        if clause.label_restored:
            doc["notes"] = [{"kind": "repair", "text": f"The conversion lost this heading's number in its own count of the list; {clause.label} is the editor's."}]
        return doc

    index_of = {id(c): i for i, c in enumerate(clauses)}

    def section_doc(section: Section) -> dict[str, Any]:
        doc: dict[str, Any] = {"id": section_ids[id(section)], "kind": section.kind, "title": section.title}
        if multi:
            doc["align"] = section_keys[id(section)]
        doc["clauses"] = [clause_doc(index_of[id(c)]) for c in section.clauses]
        if section.footnotes:
            doc["footnotes"] = [
                {"id": footnote_ids[f.marker], "marker": f.marker, "lines": f.line.number, "text": _footnote_text(f, structure.rules)}
                for f in section.footnotes
            ]
        if section.children:
            doc["sections"] = [section_doc(child) for child in section.children]
        return doc

    sections = []
    names: set[str] = set()
    for section in structure.sections:
        if not section.clauses and section.children:
            # The source format wants each section to hold at least one clause of its own.
            section.clauses, section.children = section.children[0].clauses, section.children[1:] + section.children[0].children
        doc = section_doc(section)
        name = _file_name(section_slugs[id(section)], names)
        doc["_file"] = name
        sections.append(doc)

    ledger = _ledger_doc(text, proposals, structure, clauses, edition_id, taken)

    # Metadata.
    witness_id = _next_witness_id(corpus, taken)
    edition_doc = _edition_doc(edition_id, metadata, witness_id, [s["_file"] for s in sections], compare, text)
    witness_entry = _witness_entry(witness_id, witness_file, text, metadata, structure)
    review.append(Review(0.9, None, "the witness's origin and conversion are placeholders", "write where the text came from and how it was converted, in sources/witnesses/witnesses.yaml", "witness"))
    review.append(Review(0.6, None, f"short name “{edition_doc['short_name']}”", "the short name readers see in every citation (at most 24 characters)", "metadata"))
    review.append(Review(0.6, structure.title.range if structure.title else None, f"title “{metadata.title}”", "that this is the document's title as printed", "metadata"))
    if alignment is None:
        review.append(Review(0.5, None, "no clause has a theme yet (the work's first edition)", "tag the clauses that substantially speak to a theme (sources/README.md, Themes)", "themes"))

    # The work: the new edition's place, and a comparison with each of its other editions.
    order = _place(work, edition_id, metadata, corpus)
    new_keys = {k for own in clause_keys.values() for k in own} | set(section_keys.values())
    comparisons, comparison_review = _comparisons(work, edition_id, order, new_keys, keys, compare, alignment)
    review += comparison_review

    summary = {
        "clauses": len(clauses),
        "sections": sum(1 for top in structure.sections for _ in top.walk()),
        "exclusions": len(ledger.get("exclusions", [])),
        "joins": len(ledger.get("joins", [])),
        "markup rules": len(structure.rules),
        "footnotes": len(footnote_ids),
    }
    if alignment is not None:
        for kind in ("matched", "split", "merged", "added", "dropped"):
            summary[kind] = sum(1 for g in alignment.groups if g.kind == kind)
        summary["moved"] = sum(1 for g in alignment.groups if g.moved)
    review.sort(key=lambda r: (-r.doubt, r.lines.first if r.lines else 0))
    return Draft(
        work=work, edition_id=edition_id, witness_id=witness_id, witness_file=witness_file, text=text, metadata=metadata,
        sections=sections, edition_doc=edition_doc, ledger_doc=ledger, witness_entry=witness_entry, editions_order=order,
        comparisons=comparisons, key_edits=list(keys.edits.values()) if keys else [], review=review, summary=summary,
    )


def _comparisons(
    work: Work, edition_id: str, order: list[str], new_keys: set[str], keys: _Keys | None, compare: Edition | None, alignment: aligning.Alignment | None
) -> tuple[list[dict[str, Any]], list[Review]]:
    """A comparison of the new edition with each other edition of the work: keys only one side
    has (added, dropped), and, with the compared edition, the proposed renames."""
    comparisons, review = [], []
    for other in work.editions:
        older, newer = (other.id, edition_id) if order.index(other.id) < order.index(edition_id) else (edition_id, other.id)
        other_keys = _edition_keys(other, keys)
        in_new_only, in_other_only = sorted(new_keys - other_keys), sorted(other_keys - new_keys)
        renames = alignment.renames if (compare is not None and other.id == compare.id and alignment is not None) else []
        entry: dict[str, Any] = {"from": older, "to": newer}
        if renames:
            entry["renames"] = [
                # A proposal folds nothing until an editor accepts it: until then the comparison marks
                # the words as changed. `kind` is the cautious reading (another referent) until decided.
                {"from": r.old if older == other.id else r.new, "to": r.new if older == other.id else r.old,
                 "kind": "substitution", "status": "proposed",
                 "note": f"{drafts.PROPOSED_RENAME} replaced in {r.count} clauses and nowhere left standing. Say what it is (a name, a title)."}
                for r in renames
            ]
            review.append(Review(0.5, None, f"{len(renames)} renames proposed for {older} → {newer}: " + "; ".join(f"“{r.old}” → “{r.new}”" for r in renames),
                                 "each is marked as a change until you accept it. To accept one, set its `kind` (same-referent: "
                                 "the same thing renamed; substitution: other words for another referent), write its note and "
                                 "change `status: proposed` to `status: accepted` in work.yaml; to reject one, delete the rename", "renames"))
        entry["added" if newer == edition_id else "dropped"] = in_new_only
        entry["dropped" if newer == edition_id else "added"] = in_other_only
        comparisons.append({k: v for k, v in entry.items() if v != []})
    if keys is not None and len(work.editions) > 1 and compare is not None:
        others = [e.id for e in work.editions if e.id != compare.id]
        review.append(Review(0.3, None, f"renames proposed only for the comparison with {compare.id}", f"whether renames of {', '.join(others)} → {edition_id} apply too", "renames"))
    return comparisons, review


def _witness_entry(witness_id: str, witness_file: str, text: ReceivedText, metadata: Metadata, structure: Structure) -> dict[str, Any]:
    """The witness's registration: what the text says of itself; origin and conversion, which it
    cannot say, as placeholders the review list points at."""
    markup = ", ".join(sorted({r.name.replace("-", " ") for r in structure.rules}))
    return {
        "id": witness_id,
        "file": witness_file,
        "sha256": text.sha256,
        "what": metadata.title + ("" if metadata.edition.basis == "not-stated" else f", {metadata.edition.printed}") + ".",
        "issuer": metadata.issuer,
        "date_as_given": metadata.date_as_given,
        "origin": f"{drafts.NOT_RECORDED} imported from a file named {text.path.name}. Say where the text came from (publisher's site, a printed copy, a colleague) and when.",
        "conversion": f"{drafts.NOT_RECORDED} the importer found {markup + ' markup' if markup else 'no conversion markup'}. "
        "Say how the text was converted (from PDF, a web page) and the damage that shows.",
    }


def _ledger_doc(text: ReceivedText, proposals: list[Proposal], structure: Structure, clauses: list[Clause], edition_id: str, taken: set[str]) -> dict[str, Any]:
    """ledger.yaml: the markup rules the text needs, the lines proposed as not text, the joins."""
    ledger: dict[str, Any] = {}
    if structure.rules:
        ledger["markup"] = [
            {"pattern": rule.pattern, **({"replace": rule.replace} if rule.replace else {}), **({"lines": _lines(rule.lines)} if rule.lines else {}), "reason": rule.reason}
            for rule in structure.rules
        ]
    exclusions = [
        {
            "id": _unique_id(f"{edition_id}-x-{proposal.category.split('-')[0]}", taken),
            "lines": _lines(proposal.lines),
            "category": proposal.category,
            "reason": proposal.reason,
            "text": "\n".join(text.line(n).strip() for n in range(proposal.lines.first, proposal.lines.last + 1) if text.line(n).strip()),
        }
        for proposal in proposals
    ]
    if exclusions:
        ledger["exclusions"] = exclusions
    joins = [
        {"lines": _lines(lines), "reason": reason, **({"glue": ""} if glue == "" else {})}
        for clause in clauses
        for lines, glue, reason in clause.joins
    ]
    if joins:
        ledger["joins"] = joins
    return ledger


def _carried_themes(clauses: list[Clause], alignment: aligning.Alignment | None, old_clauses: list) -> tuple[dict[int, tuple[str, ...]], list[int]]:
    """Themes from counterparts whose words are unchanged (renames and typography aside); and the
    clauses left for the editor (changed, or new, where the old edition tags its clauses)."""
    themes_of: dict[int, tuple[str, ...]] = {}
    untagged: list[int] = []
    if alignment is None:
        return themes_of, untagged
    for index, clause in enumerate(clauses):
        group = alignment.of_new(index)
        if len(group.old) == 1 and len(group.new) == 1:
            old = old_clauses[group.old[0]]
            if aligning.tokens(old.text, alignment.renames) == aligning.tokens(clause.body) and old.themes:
                themes_of[index] = old.themes
                continue
        if any(old_clauses[j].themes for j in group.old) or not group.old:
            untagged.append(index)
    return themes_of, untagged


def _edition_keys(edition: Edition, keys: _Keys | None) -> set[str]:
    out: set[str] = set()
    for section in edition.walk():
        for owner in (section.id, *(c.id for c in section.clauses)):
            out.update(keys.of_existing.get(owner, ()) if keys else ())
    return out


_NAMED = MappingProxyType({"front": "front", "introduction": "intro", "principles": "principles", "conclusion": "conclusion", "code": "code"})


def _section_slugs(sections: list[Section]) -> dict[int, str]:
    """Each section's slug, from structure alone: the first section of a named kind takes its name
    (front, intro, principles, conclusion, code), a principle its number (p3), any other top-level
    section its place (s1, s2, part1), a sub-section its parent's slug and a letter (s2-a)."""
    slugs: dict[int, str] = {}
    named: set[str] = set()
    counts = {"s": 0, "part": 0}

    def top(section: Section) -> str:
        if section.kind == "principle" and section.number is not None and f"p{section.number}" not in named:
            named.add(f"p{section.number}")
            return f"p{section.number}"
        if section.kind in _NAMED and _NAMED[section.kind] not in named:
            named.add(_NAMED[section.kind])
            return _NAMED[section.kind]
        bucket = "part" if section.kind == "part" else "s"
        counts[bucket] += 1
        return f"{bucket}{counts[bucket]}"

    def children(section: Section, slug: str) -> None:
        for index, child in enumerate(section.children):
            if child.kind == "principle" and child.number is not None and f"p{child.number}" not in named:
                named.add(f"p{child.number}")
                child_slug = f"p{child.number}"
            else:
                child_slug = f"{slug}-{_letters(index)}"
            slugs[id(child)] = child_slug
            children(child, child_slug)

    for section in sections:
        slugs[id(section)] = top(section)
        children(section, slugs[id(section)])
    return slugs


def _letters(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _counterpart_section(section, clauses, section_of, alignment, old_clauses, old_section, compare):
    """The compared edition's section most of this section's clauses correspond to."""
    if alignment is None:
        return None
    votes: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        if section_of[id(clause)] is section:
            for j in alignment.of_new(index).old:
                old = old_section[old_clauses[j].id]
                votes[old.id] = votes.get(old.id, 0) + 1
    best = max(votes.items(), key=lambda v: (v[1], v[0]), default=None)
    return next(s for s in compare.walk() if s.id == best[0]) if best else None


def _unique_id(candidate: str, taken: set[str]) -> str:
    candidate = candidate[:_MAX_ID].rstrip("-")
    base, n = candidate, 1
    while candidate in taken or not valid_id(candidate):
        n += 1
        candidate = f"{base[: _MAX_ID - 4]}-{n}"
    taken.add(candidate)
    return candidate


def _file_name(slug: str, names: set[str]) -> str:
    base = re.sub(r"[^a-z0-9-]", "-", slug.lower()).strip("-") or "section"
    name, n = f"{base}.yaml", 1
    while name in names or name in ("edition.yaml", "ledger.yaml", "review.yaml"):
        n += 1
        name = f"{base}-{n}.yaml"
    names.add(name)
    return name


def _lines(lines: LineRange) -> int | str:
    return lines.first if lines.first == lines.last else f"{lines.first}-{lines.last}"


def _next_witness_id(corpus: Corpus, taken: set[str]) -> str:
    numbers = [int(m.group(1)) for w in corpus.witnesses if (m := re.fullmatch(r"w(\d+)", w.id))]
    n = max(numbers, default=-1) + 1
    while f"w{n:03d}" in taken:
        n += 1
    taken.add(f"w{n:03d}")
    return f"w{n:03d}"


class _LabelInMarkup(Exception):
    """The printed label or term lies inside italics or a link: it cannot be set apart."""


def _content(clause: Clause, footnote_ids: dict[str, str], rules, with_label: bool = True) -> Any:
    """The clause's text as the source format writes it: a string, or pieces when it has
    italics, links or footnote markers. The label and run-in term are kept apart (unless
    `with_label` is false: then they stay in the text, as printed)."""
    from . import markup

    pieces: list[markup.Piece] = []
    for line in clause.lines:
        line_pieces = markup.line_pieces(rules, line.number, line.raw)
        if "".join(p.text for p in line_pieces).split() != line.text.split():
            line_pieces = [markup.Piece("text", line.text)]  # markup pieces cannot hold: plain text
        if pieces:  # a word broken across a page break is mended without a space
            mended = any(glue == "" and lines.last == line.number for lines, glue, _ in clause.joins)
            if mended and pieces[-1].kind == "text" and line_pieces and line_pieces[0].kind == "text":
                pieces[-1] = markup.Piece("text", pieces[-1].text.rstrip())
                line_pieces[0] = markup.Piece("text", line_pieces[0].text.lstrip())
            else:
                pieces.append(markup.Piece("text", " "))
        pieces += line_pieces
    # The label and the term are the first words; they are set apart in plain text.
    if with_label:
        pieces = _drop_words(pieces, len(clause.words.split()) - len(clause.body.split()))
    out: list[Any] = []
    for piece in pieces:
        if piece.kind == "em" and piece.text.strip():
            out.append({"em": " ".join(piece.text.split())})
        elif piece.kind == "link" and piece.text.strip() and piece.href and markup.KEPT_ADDRESS.match(piece.href):
            out.append({"link": " ".join(piece.text.split()), "href": piece.href})
        else:
            text = re.sub(r"\s+", " ", piece.markdown() if piece.kind != "text" else piece.text)
            if out and isinstance(out[-1], str):
                out[-1] += text
            else:
                out.append(text)
    if clause.footnote_refs:  # a marker in the text refers to its footnote
        marker = re.compile("(" + "|".join(re.escape(m) for m in clause.footnote_refs) + ")")
        out = [
            ({"footnote": footnote_ids[part]} if part in footnote_ids else part)
            for piece in out
            for part in (marker.split(piece) if isinstance(piece, str) else [piece])
            if part != ""
        ]
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    out = [re.sub(r" {2,}", " ", p) if isinstance(p, str) else p for p in out]
    out = [p for p in out if p != ""]
    return out[0] if len(out) == 1 and isinstance(out[0], str) else out


def _drop_words(pieces: list, drop: int) -> list:
    """`pieces` less their first `drop` words. Words inside italics or a link are not taken out of
    them: the label stays in the text then (_LabelInMarkup)."""
    from . import markup

    pieces = list(pieces)
    while drop and pieces:
        piece = pieces[0]
        if not piece.text.strip():
            pieces.pop(0)
            continue
        if piece.kind != "text":
            raise _LabelInMarkup()
        parts = piece.text.split(None, drop)
        dropped = min(drop, len(piece.text.split()))
        drop -= dropped
        rest = parts[dropped] if len(parts) > dropped else ""
        if rest.strip():
            pieces[0] = markup.Piece("text", rest)
        else:
            pieces.pop(0)
    return pieces


def _footnote_text(footnote, rules) -> Any:
    """The footnote's text less its marker: pieces when it has italics or links."""
    from . import markup

    line = footnote.line
    pieces = markup.line_pieces(rules, line.number, line.raw)
    if "".join(p.text for p in pieces).split() != line.text.split():
        pieces = [markup.Piece("text", line.text)]
    try:
        pieces = _drop_words(pieces, 1)
    except _LabelInMarkup:
        return " ".join(line.text.split()[1:])
    out: list[Any] = []
    for piece in pieces:
        if piece.kind == "em" and piece.text.strip():
            out.append({"em": " ".join(piece.text.split())})
        elif piece.kind == "link" and piece.text.strip() and piece.href and markup.KEPT_ADDRESS.match(piece.href):
            out.append({"link": " ".join(piece.text.split()), "href": piece.href})
        elif out and isinstance(out[-1], str):
            out[-1] += re.sub(r"\s+", " ", piece.markdown())
        else:
            out.append(re.sub(r"\s+", " ", piece.markdown()))
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    out = [p for p in out if p != ""]
    return out[0] if len(out) == 1 and isinstance(out[0], str) else out


def _place(work: Work, edition_id: str, metadata: Metadata, corpus: Corpus) -> list[str]:
    """The work's editions, oldest first, with the new one where its date puts it (last when
    either date is unknown)."""
    order = [e.id for e in work.editions]
    value = metadata.date.value
    if value:
        for index, edition in enumerate(work.editions):
            if edition.date.value and edition.date.value > value:
                return order[:index] + [edition_id] + order[index:]
    return order + [edition_id]


def _fact(fact) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if fact.value:
        doc["value"] = fact.value
    doc["basis"] = fact.basis
    if fact.printed:
        doc["printed"] = fact.printed
    if fact.note:
        doc["note"] = fact.note
    return doc


def _short_name(edition_id: str, metadata: Metadata, text: ReceivedText) -> str:
    """The issuer's abbreviation as the text prints it ("NASBL"), with the year; else the edition
    id made readable."""
    year = (metadata.date.value or "")[:4]
    initials = "".join(w[0] for w in re.findall(r"[A-Z][\w'’]*", metadata.issuer) if w.lower() not in ("the", "of", "and", "for"))
    whole = "\n".join(text.lines)
    if len(initials) >= 2 and re.search(rf"\b{re.escape(initials)}\b", whole):
        return f"{initials} {year}".strip()[:24]
    parts = edition_id.split("-")
    return " ".join(p.upper() if len(p) <= 3 and p.isalpha() else p.capitalize() for p in parts)[:24]


def _edition_doc(edition_id: str, metadata: Metadata, witness_id: str, files: list[str], compare: Edition | None, text: ReceivedText) -> dict[str, Any]:
    licence = dict(metadata.licence)
    doc: dict[str, Any] = {
        "id": edition_id,
        "short_name": _short_name(edition_id, metadata, text),
        "title": metadata.title,
        "issuer": metadata.issuer,
        "edition": _fact(metadata.edition),
        "date": _fact(metadata.date),
        "jurisdiction": _fact(metadata.jurisdiction),
        "licence": licence,
        "witness": witness_id,
        "notes": [{"kind": "comment", "text": f"{drafts.DRAFT_NOTE} (see review.yaml beside this file)."}],
        "contents": files,
    }
    return doc
