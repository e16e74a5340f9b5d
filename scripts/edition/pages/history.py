"""Following a clause through every edition (the lineage stage's lines, as pages):

- **current addresses**: `<work>/current/#<line>` never names an edition. The page lists every line
  of the work with its reading in each current edition; a small script (docs/assets/current.js)
  takes a reader who arrives with a line's fragment on to the clause in the current edition, where
  the work has one current edition. Where it has parallel current editions (England, Wales), the
  entry names each and the reader chooses; where the current edition dropped the clause, the entry
  says so, in which edition it went, and links to the change. Without the script the page itself is
  the answer: the entry under the fragment. A line's aliases (ids of lines a later edition joined to
  it) are anchors in its entry, so that their addresses lead to it too.
- **histories**: `<work>/history/#<line>` shows each clause in every edition,
  oldest first, dated, each reading marked against the edition it revises, with the class of the
  step (what differs, as the comparisons say it). One page per work, its lines under the headings
  of the reading pages' sections, so that no new edition moves a line's address and a history
  prints as a document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..citation import Citations
from ..compare import Correspondence, Op, Piece
from ..lineage import Line, Lineage, WorkLineage
from ..model import Clause, Corpus, Edition, Work
from .arrange import Arranged, Arrangement, page_sections
from .comparison import Block, clause_blocks, paragraphs, variant_name
from .differences import difference_said
from .render import Renderer
from .site import Page
from .urls import Location, Urls


@dataclass(frozen=True)
class Reading:
    """One edition's reading of a line, as a history shows it."""

    edition: Edition
    clauses: tuple[tuple[str, Location], ...]  # (its place in the edition, as a citation gives it; its address)
    blocks: tuple[Block, ...]  # the marked text (against `parent`), or the plain text of a first reading
    side: str  # how the blocks are drawn: "inline" (marked), "old" (a dropped reading)
    parent: Edition | None  # the edition this one is marked against
    said: str  # what differs from `parent`, as the comparisons say it ("" for a first reading)
    diff: Location | None  # the step on the comparison pages
    absent: str  # when the edition does not have the line, why, as a sentence ("Dropped from ECS England")


@dataclass(frozen=True)
class LineView:
    line: Line
    title: str  # the line's citation in the newest edition that has it
    readings: tuple[Reading, ...]
    current: Location
    history: Location


@dataclass(frozen=True)
class CurrentReading:
    edition: Edition  # a current edition
    clauses: tuple[tuple[str, Location], ...]  # its clauses of the line (citation, address); none where it lacks it
    dropped: Location | None  # where it lacks the line because it dropped it: the change


@dataclass(frozen=True)
class CurrentEntry:
    line: Line
    title: str
    readings: tuple[CurrentReading, ...]
    only: Location | None  # where a reader goes on: the current clause, where the work has one current edition
    last: tuple[str, Location] | None  # where no current edition has it: its last printing (citation, address)
    history: Location
    aliases: tuple[tuple[str, Location | None], ...]  # the line's aliases, each with where it goes on, if not to `only`


class HistoryPages:
    def __init__(self, corpus: Corpus, lineage: Lineage, arranged: Arranged, urls: Urls, citations: Citations, render: Renderer,
                 row_address: Callable[[Arrangement, Correspondence], Location]):
        self.corpus = corpus
        self.lineage = lineage
        self.arranged = arranged
        self.urls = urls
        self.citations = citations
        self.render = render
        self.row_address = row_address
        self._page_key: dict[str, tuple[str, str]] = {}  # clause id -> (history page key, its title)
        for edition in corpus.editions():
            for clause_id, section in page_sections(edition).items():
                self._page_key[clause_id] = (section.align[0] if section.align else section.id, section.title)

    # --- addresses ----------------------------------------------------------------------------

    def section_of(self, line: Line) -> tuple[str, str]:
        """The part of the history a line is shown under: the page section of its newest reading
        (key, title). A heading only: the line's address names no section."""
        newest = line.present[-1][1][0]
        return self._page_key[newest.id]

    def current_location(self, line: Line) -> Location:
        return Location(self.urls.current(line.work), line.id)

    def history_location(self, line: Line) -> Location:
        return Location(self.urls.history(line.work), line.id)

    def of_clause(self, clause: Clause) -> tuple[Location, Location] | None:
        """(current address, history) of a clause's line."""
        if not self.lineage.has_line(clause.id):
            return None
        line = self.lineage.line(clause)
        return self.current_location(line), self.history_location(line)

    # --- pages --------------------------------------------------------------------------------

    def pages(self, work: Work) -> list[Page]:
        work_lineage = self.lineage.of_work(work)
        sections: dict[str, tuple[str, list[Line]]] = {}
        for line in work_lineage.lines:
            key, title = self.section_of(line)
            sections.setdefault(key, (title, []))[1].append(line)
        return [self.current_page(work_lineage), self.history_page(work_lineage, list(sections.values()))]

    def _title(self, line: Line) -> str:
        return self.citations.cite(line.present[-1][1][0])

    def history_page(self, work_lineage: WorkLineage, sections: list[tuple[str, list[Line]]]) -> Page:
        work = work_lineage.work
        url = self.urls.history(work)
        groups = [
            (title, [LineView(line, self._title(line), self._readings(work_lineage, line), self.current_location(line), self.history_location(line))
                     for line in lines])
            for title, lines in sections
        ]
        lines = [v.line for _, views in groups for v in views]
        body = self.render("history.html", url, work=work, groups=groups, editions=work_lineage.editions,
                           variant_name=variant_name, current_url=self.urls.current(work))
        return Page(
            url, f"Changes over time · {work.title}", body,
            f"Each clause of the {work.title} in every edition, oldest first, with what changed at each step.",
            wide=True, in_nav=False, search=(), anchors=_anchors(lines), promised=frozenset(line.id for line in lines),
        )

    def _readings(self, work_lineage: WorkLineage, line: Line) -> tuple[Reading, ...]:
        out = []
        for edition, clauses in line.readings:
            step = next((s for s in line.steps if s.new.id == edition.id), None)
            if step is None:  # the first reading: plain text
                if clauses:
                    texts = [(Piece(Op.EQUAL, " ".join(filter(None, (c.term, c.text)))),) for c in clauses]
                    out.append(Reading(edition, self._places(clauses), clause_blocks(clauses, texts, "new", []), "new", None, "", None, ""))
                else:
                    out.append(Reading(edition, (), (), "new", None, "", None, "Not printed in this edition"))
                continue
            diff = self.row_address(self.arranged.of(step.comparison), step.group)
            if clauses:
                texts = paragraphs(step.group.pieces, "inline")
                old_labels = [c.label for c in step.group.old] if len(step.group.old) == len(step.group.new) else []
                blocks = clause_blocks(clauses, texts, "inline", old_labels)
                out.append(Reading(edition, self._places(clauses), blocks, "inline", step.old, difference_said(step.group), diff, ""))
            elif step.group.old:
                out.append(Reading(edition, (), (), "old", step.old, difference_said(step.group), diff, f"Dropped from {edition.short_name}"))
            else:
                out.append(Reading(edition, (), (), "old", step.old, "", None, "Not printed in this edition"))
        return tuple(out)

    def _places(self, clauses: tuple[Clause, ...]) -> tuple[tuple[str, Location], ...]:
        return tuple((self.citations.locator(c), self.urls.clause(c)) for c in clauses)

    def current_page(self, work_lineage: WorkLineage) -> Page:
        work = work_lineage.work
        url = self.urls.current(work)
        entries = [self._current_entry(work_lineage, line) for line in work_lineage.lines]
        body = self.render("current.html", url, work=work, entries=entries, current=work_lineage.current)
        return Page(
            url, f"The current text · {work.title}", body,
            f"An address for each clause of the {work.title} that always leads to its current text.",
            wide=True, in_nav=False, search=(), anchors=_anchors(e.line for e in entries),
            promised=frozenset(e.line.id for e in entries),
        )

    def _current_entry(self, work_lineage: WorkLineage, line: Line) -> CurrentEntry:
        readings = []
        in_current = [line.clauses_in(edition) for edition in work_lineage.current]
        for edition, own in zip(work_lineage.current, in_current):
            clauses = tuple((self.citations.cite(c), self.urls.clause(c)) for c in own)
            step = next((s for s in line.steps if s.new.id == edition.id and s.group.old and not s.group.new), None)
            dropped = self.row_address(self.arranged.of(step.comparison), step.group) if step and not clauses else None
            readings.append(CurrentReading(edition, clauses, dropped))
        found = [r.clauses for r in readings if r.clauses]
        # The rule (docs/about.md): with one current edition, the address goes on to its clause (the
        # first, where the clause was split); with several (an England and a Wales edition), it
        # shows each edition's and the reader chooses, even where only one of them has the clause.
        only = found[0][0][1] if len(readings) == 1 and found else None
        last = None
        if not found:
            _, clauses = line.present[-1]
            last = (self.citations.cite(clauses[0]), self.urls.clause(clauses[0]))
        # An alias goes on to the current clause that carries it as a key (a split's later part), if
        # there is one; otherwise where the line's own address goes.
        current = in_current[0] if only is not None else ()
        aliases = tuple((alias, next((self.urls.clause(c) for c in current if alias in c.align), None)) for alias in line.aliases)
        return CurrentEntry(line, self._title(line), tuple(readings), only, last, self.history_location(line), aliases)


def _anchors(lines: Iterable[Line]) -> frozenset[str]:
    """A page's anchors for `lines`: each line's id, which the page promises to keep, and its aliases,
    which lead on to the line that joined theirs (lineage.py) and need no promise of their own: the
    addresses published with them are in the register already."""
    return frozenset(i for line in lines for i in (line.id, *line.aliases))
