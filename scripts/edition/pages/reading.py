"""The reading side of the site: home, works, editions, their text, apparatus, witnesses, glossary,
and the navigation. Each page is made from the model and the site's addresses; the comparison's
arrangement gives each clause the address of the row that shows how it changed."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from functools import cached_property

from ..citation import Citations
from ..fidelity import WitnessAccount
from ..model import Clause, ClauseKind, Corpus, Edition, Join, Section, Work
from .site import NavNode, Page, SearchRecord
from .arrange import Arranged, Arrangement, Row
from .bibliography import citation_meta, reference_entry
from .derived import comparison_blurb, in_words, timeline
from .text import visible_controls
from .differences import difference_said, is_quiet
from .glossary import Glossary
from .metadata import date_text, reference
from .reading_text import NOTE_LABELS, Apparatus, CrossLink, reading_text
from .render import Renderer
from .supersession import superseded
from .themes import ThemePages, theme_url
from .urls import ABOUT, API_DOCS, CHECK, GLOSSARY, HOME, Location, Urls, is_page_section


# More works than this and the navigation groups them, a title range to a group of at most
# NAV_GROUP. Every page carries the navigation's top level, so a top level of one entry per work
# made every page grow with the corpus (and the engine's work with pages times works: at 16 times
# the real corpus, 40% of MkDocs' time; bench/RESULTS.md).
NAV_WORKS_AT_TOP = 10
NAV_GROUP = 8


class ReadingPages:
    def __init__(
        self,
        corpus: Corpus,
        accounts: list[WitnessAccount],
        urls: Urls,
        citations: Citations,
        render: Renderer,
        comparisons: Arranged,
        row_address: Callable[[Arrangement, Row], Location],
        theme_pages: ThemePages,
        lines: Callable[[Clause], tuple[Location, Location] | None],
    ):
        self.corpus = corpus
        self.accounts = {a.edition.id: a for a in accounts}
        self.urls = urls
        self.citations = citations
        self.render = render
        self.glossary = Glossary(corpus.glossary)
        self.comparisons = comparisons
        self.row_address = row_address
        self.theme_pages = theme_pages
        self.lines = lines  # a clause's current address and history

    def comparisons_of(self, work: Work) -> list[tuple[Arrangement, str]]:
        return [(c, self.urls.comparison(work.id, c.old.id, c.new.id)) for c in self.comparisons.of_work(work)]

    @cached_property
    def cross(self) -> dict[str, list[CrossLink]]:
        """cross_links(), worked out when a section page first asks (the site's own pages never do)."""
        return self.cross_links()

    def cross_links(self) -> dict[str, list[CrossLink]]:
        """For every clause of a work with several editions: its place in each other edition, from
        the lineage (each comparison its edition takes part in, and its row there)."""
        lineage = self.comparisons.lineage
        cross: dict[str, list[CrossLink]] = {}
        for edition in self.corpus.editions():
            for clause in edition.clauses():
                for comparison, other in lineage.comparisons_with(edition):
                    group = lineage.row(comparison, clause)
                    targets = group.new if comparison.old.id == edition.id else group.old
                    links = tuple((self.citations.locator(c), self.urls.clause(c)) for c in targets)
                    diff = self.row_address(self.comparisons.of(comparison), group)
                    cross.setdefault(clause.id, []).append(CrossLink(other, links, diff, difference_said(group), is_quiet(group)))
        return cross

    def joins_by_clause(self, edition: Edition) -> dict[str, list[Join]]:
        account = self.accounts[edition.id]
        joins: dict[str, list[Join]] = {}
        for index, clause_ids in account.join_clauses.items():
            for clause_id in clause_ids:
                joins.setdefault(clause_id, []).append(edition.ledger.joins[index])
        return joins

    def page_sections(self, edition: Edition) -> Iterator[tuple[Section, int]]:
        """Every section that has a page of its own, in reading order, with its depth."""

        def walk(section: Section, depth: int) -> Iterator[tuple[Section, int]]:
            if is_page_section(section, depth):
                yield section, depth
            for child in section.sections:
                yield from walk(child, depth + 1)

        for section in edition.sections:
            yield from walk(section, 1)

    def nav(self, docs: Container[str]) -> list[NavNode]:
        """The navigation; the hand-written pages (`docs`) it names only if they exist."""
        nodes = [NavNode("Home", HOME)]
        works = []
        for work in self.corpus.works:
            editions = []
            for edition in work.editions:
                editions.append(
                    NavNode(
                        edition.short_name,
                        self.urls.edition(edition),
                        tuple(self.nav_sections(edition, edition.sections, 1))
                        + (
                            NavNode("Editorial apparatus", self.urls.ledger(edition)),
                            NavNode("Witness", self.urls.witness(edition)),
                        ),
                        overview="About this edition",
                    )
                )
            compared = tuple(
                NavNode(f"What changed: {c.old.short_name} → {c.new.short_name}", url) for c, url in self.comparisons_of(work)
            )
            works.append(NavNode(work.title, self.urls.work(work), compared + tuple(editions), overview="About this work"))
        nodes += works if len(works) <= NAV_WORKS_AT_TOP else nav_groups(works)
        if self.corpus.themes:
            nodes.append(self.theme_pages.nav())
        nodes.append(NavNode("Glossary", GLOSSARY))
        nodes.append(NavNode("Check a quotation", CHECK))
        nodes += [NavNode(title, url) for title, url in (("About this edition", ABOUT), ("The edition as data", API_DOCS)) if url in docs]
        return nodes

    def nav_sections(self, edition: Edition, sections: tuple[Section, ...], depth: int) -> Iterator[NavNode]:
        for section in sections:
            if not is_page_section(section, depth):
                continue
            children = tuple(self.nav_sections(edition, section.sections, depth + 1))
            url = self.urls.section_page(section)
            if children:
                yield NavNode(section.title, url, children)
            else:
                yield NavNode(section.title, url)

    # --- pages -------------------------------------------------------------------------------

    def home(self) -> Page:
        # The citation example: the first paragraph of a principle in the newest edition of the first work.
        edition = next(w.editions[-1] for w in self.corpus.works if w.editions)
        clauses = [c for s in edition.walk() if s.kind == "principle" for c in s.clauses if c.kind is ClauseKind.PARAGRAPH]
        example = (clauses or [c for c in edition.clauses() if c.kind is ClauseKind.PARAGRAPH] or list(edition.clauses()))[0]
        witnesses = len({e.witness_id for e in self.corpus.editions()})
        body = self.render(
            "home.html",
            HOME,
            works=self.corpus.works,
            texts=f"{in_words(witnesses)} text{'s' if witnesses != 1 else ''}",
            in_words=in_words,
            timelines={w.id: timeline(self.corpus, w) for w in self.corpus.works},
            blurbs={c.slug: comparison_blurb(c) for c in self.comparisons.all()},
            example=example,
            example_cite=self.citations.cite(example),
            example_ref=reference(edition),
        )
        return Page(
            HOME,
            "Professional principles in education and children's services",
            body,
            "A comparative edition of the professional principles of education and children's-services bodies.",
            overview=True,
        )

    def work_page(self, work: Work) -> Page:
        url = self.urls.work(work)
        body = self.render("work.html", url, work=work, timelines={work.id: timeline(self.corpus, work)})
        return Page(url, work.title, body, work.description, overview=True)

    def edition_page(self, edition: Edition) -> Page:
        url = self.urls.edition(edition)
        work = self.corpus.work(edition.work_id)
        body = self.render(
            "edition.html",
            url,
            edition=edition,
            work=work,
            witness=self.corpus.witness(edition.witness_id),
            account=self.accounts[edition.id],
            contents=self.contents(edition),
            superseded=superseded(self.urls, self.comparisons, edition),
        )
        return Page(
            url, f"{edition.short_name}: {edition.title}", body, f"{edition.title}, {edition.issuer}.", overview=True,
            citation=citation_meta(edition, self.urls.absolute(url)),
        )

    def contents(self, edition: Edition) -> list[tuple[int, Section, Location]]:
        out = []

        def walk(section: Section, depth: int) -> None:
            out.append((depth, section, self.urls.section(section)))
            for child in section.sections:
                walk(child, depth + 1)

        for section in edition.sections:
            walk(section, 1)
        return out

    def section_page(self, edition: Edition, section: Section) -> Page:
        url = self.urls.section_page(section)
        apparatus = Apparatus(
            urls=self.urls,
            glossary=self.glossary,
            edition=edition,
            cite=self.citations.cite,
            locate=self.citations.locator,
            number=self.citations.number,
            cross=self.cross,
            themes={t.id: (t.name, Location(theme_url(t))) for t in self.corpus.themes},
            joins=self.joins_by_clause(edition),
            lines=self.lines,
        )
        child_pages = {
            child.id: self.urls.section_page(child)
            for child in section.sections
            if self.urls.section_page(child) != url
        }
        work = self.corpus.work(edition.work_id)
        body = self.render(
            "section.html",
            url,
            edition=edition,
            work=work,
            section=section,
            text=reading_text(section, apparatus, child_pages),
            reference=reference(edition),
            entry=reference_entry(edition),
            note_labels=NOTE_LABELS,
            superseded=superseded(self.urls, self.comparisons, edition, section),
        )
        # An engine may group results under the page's own record; the clause records are what
        # match, each titled with its citation.
        records = [SearchRecord(url, f"{section.title} · {edition.short_name}", "", kind="page")]
        for part in section.walk():
            if self.urls.section_page(part) != url:
                continue
            for clause in part.clauses:
                records.append(SearchRecord(str(self.urls.clause(clause)), self.citations.cite(clause), clause.printed_words))
            for footnote in part.footnotes:
                records.append(SearchRecord(str(self.urls.clause(footnote)), self.citations.cite(footnote), footnote.text))
        shown = [part for part in section.walk() if self.urls.section_page(part) == url]
        anchors = {s.id for s in shown[1:]} | {c.id for s in shown for c in (*s.clauses, *s.footnotes)}
        return Page(
            url,
            f"{section.title} · {edition.short_name}",
            body,
            f"{section.title} of {edition.title} ({edition.short_name}).",
            wide=True,
            search=tuple(records),
            anchors=frozenset(anchors),
            citation=citation_meta(edition, self.urls.absolute(url)),
        )

    def ledger_page(self, edition: Edition) -> Page:
        url = self.urls.ledger(edition)
        account = self.accounts[edition.id]
        restored = [c for c in edition.clauses() if c.label_restored]
        notes = [(c, n) for c in edition.clauses() for n in c.notes]
        section_notes = [(s, n) for s in edition.walk() for n in s.notes]
        body = self.render(
            "ledger.html",
            url,
            edition=edition,
            account=account,
            witness=self.corpus.witness(edition.witness_id),
            restored=restored,
            notes=notes,
            section_notes=section_notes,
            footnotes=list(edition.footnotes()),
            joins=[(join, account.join_clauses.get(i, [])) for i, join in enumerate(edition.ledger.joins)],
            markup=[(rule, account.markup_hits.get(i, 0)) for i, rule in enumerate(edition.ledger.markup)],
            superseded=superseded(self.urls, self.comparisons, edition),
        )
        # Not searchable: it quotes what the edition leaves out, and search should land on the text.
        return Page(
            url, f"Editorial apparatus · {edition.short_name}", body, f"What the {edition.short_name} edition leaves out of its witness, and why.",
            search=(), anchors=frozenset(x.id for x in edition.ledger.exclusions),
        )

    def witness_page(self, edition: Edition) -> Page:
        url = self.urls.witness(edition)
        witness = self.corpus.witness(edition.witness_id)
        account = self.accounts[edition.id]
        status: dict[int, tuple[str, Location | None, str]] = {}
        for exclusion in edition.ledger.exclusions:
            for n in range(exclusion.lines.first, exclusion.lines.last + 1):
                status[n] = ("excluded", Location(self.urls.ledger(edition), exclusion.id), f"left out: {exclusion.category}")
        for footnote in edition.footnotes():
            for n in range(footnote.lines.first, footnote.lines.last + 1):
                status[n] = ("footnote", self.urls.clause(footnote), f"footnote {footnote.marker}")
        for clause_id, lines in account.clause_lines.items():
            for n in range(lines.first, lines.last + 1):
                status.setdefault(n, ("text", self.urls.clause(clause_id), clause_id))
        lines = witness.lines()
        rows = [(n, visible_controls(text), status.get(n) if text.strip() else None) for n, text in enumerate(lines, start=1)]
        body = self.render("witness.html", url, edition=edition, witness=witness, rows=rows,
                           superseded=superseded(self.urls, self.comparisons, edition))
        # Not searchable: the witness repeats the edition's text, and search should land on the edition.
        return Page(
            url,
            f"Witness {witness.id} · {edition.short_name}",
            body,
            f"The text of {edition.short_name} as received, line by line.",
            search=(),
            anchors=frozenset(f"line-{n}" for n, _, _ in rows),
        )

    def glossary_page(self) -> Page:
        usage: dict[str, list[Edition]] = {}
        for edition in self.corpus.editions():
            text = " ".join(c.printed_words for c in edition.clauses())
            for _, _, entry in self.glossary.find(text):
                if edition not in usage.setdefault(entry.id, []):
                    usage[entry.id].append(edition)
        body = self.render("glossary.html", GLOSSARY, entries=self.corpus.glossary, usage=usage)
        return Page(GLOSSARY, "Glossary", body, "Abbreviations used in the texts of this edition.", anchors=frozenset(f"gloss-{e.id}" for e in self.corpus.glossary), overview=True)


def nav_groups(works: list[NavNode]) -> list[NavNode]:
    """Works in title order (as a reader looks one up: case aside, numbers by value, ties in the
    corpus's order), in groups of at most NAV_GROUP as even as can be, each named by the titles it
    runs from and to."""
    ordered = sorted(works, key=lambda node: [(0, int(part), "") if part.isdecimal() else (1, 0, part) for part in re.split(r"(\d+)", node.title.casefold())])
    count = -(-len(ordered) // NAV_GROUP)  # groups
    size = -(-len(ordered) // count)
    groups = [tuple(ordered[i:i + size]) for i in range(0, len(ordered), size)]
    return [NavNode(f"{group[0].title} – {group[-1].title}" if len(group) > 1 else group[0].title, None, group) for group in groups]
