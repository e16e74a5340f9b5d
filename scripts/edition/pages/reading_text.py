"""What a reading page shows of each clause, section and footnote, as typed views for the templates
(templates/_reading.html): printed text as segments, citation, notes, joins, the clause's place in
the other editions and its themes. Pure functions of the model and the site's addresses.
"""

from __future__ import annotations

from types import MappingProxyType

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import Clause, ClauseKind, Edition, EditorialNote, Footnote, GlossaryEntry, Join, LineRange, NoteKind, Section
from .glossary import Glossary
from .text import Segment, abbreviations_in, printed, words
from .urls import Location, Urls

NOTE_LABELS = MappingProxyType({NoteKind.SIC: "[sic]", NoteKind.REPAIR: "Repair", NoteKind.COMMENT: "Note"})
KIND_NAMES = MappingProxyType({
    ClauseKind.HEADING: "heading",
    ClauseKind.PARAGRAPH: "paragraph",
    ClauseKind.ITEM: "list item",
    ClauseKind.QUOTE: "quotation",
})


@dataclass(frozen=True)
class CrossLink:
    """Where a clause stands in another edition of its work, and where the change is shown."""

    edition: Edition
    counterparts: tuple[tuple[str, Location], ...]  # (locator, location) of each corresponding clause
    diff: Location
    said: str  # what differs there, in words (differences.difference_said): "renamed only (EDIPs → ECS, substituted)"
    quiet: bool  # no difference of words and not moved


@dataclass(frozen=True)
class JoinView:
    reason: str
    where: Location
    lines: LineRange


@dataclass(frozen=True)
class NotesView:
    owner: str
    notes: tuple[EditorialNote, ...]
    joins: tuple[JoinView, ...] = ()


@dataclass(frozen=True)
class ClauseView:
    clause: Clause
    owner: str
    tag: str
    classes: str
    kind_name: str
    heading_level: int | None
    term: tuple[Segment, ...] | None
    text: tuple[Segment, ...]
    citation: str
    locator: str  # its place in the document, as the citation gives it ("Principle 2 ¶7")
    number: str | None  # "¶7": printed beside the clause on paper, as its citation numbers it
    notes: tuple[EditorialNote, ...]
    joins: tuple[JoinView, ...]
    cross: tuple[CrossLink, ...]
    themes: tuple[tuple[str, Location], ...]
    current: Location | None = None  # the clause's address that always leads to its current text
    history: Location | None = None  # the clause in every edition


@dataclass(frozen=True)
class FootnoteView:
    footnote: Footnote
    owner: str
    text: tuple[Segment, ...]
    citation: str
    locator: str
    notes: tuple[EditorialNote, ...]
    where: Location
    joins: tuple[JoinView, ...] = ()
    cross: tuple[CrossLink, ...] = ()
    themes: tuple[tuple[str, Location], ...] = ()
    current: Location | None = None  # footnotes have no lines through the editions
    history: Location | None = None


@dataclass(frozen=True)
class SectionView:
    section: Section
    editorial_title: bool  # the section prints no heading: the editor's title stands, bracketed
    headings: tuple[ClauseView, ...]
    notes: NotesView
    runs: tuple[tuple[bool, bool, tuple[ClauseView, ...]], ...]  # (is a list, all labelled, clauses)
    child_pages: tuple[tuple[str, Location], ...]
    children: tuple[SectionView, ...]


@dataclass(frozen=True)
class ReadingText:
    """Everything a section's reading page shows of its text."""

    section: SectionView
    footnotes: tuple[FootnoteView, ...]
    tips: tuple[GlossaryEntry, ...]  # the abbreviations the page uses, explained once each


@dataclass(frozen=True)
class Apparatus:
    """What the page needs besides the text: addresses, citations, cross-links, themes, joins."""

    urls: Urls
    glossary: Glossary
    edition: Edition
    cite: Callable[[str], str]
    locate: Callable[[str], str]
    number: Callable[[str], str | None]
    cross: dict[str, list[CrossLink]]
    themes: dict[str, tuple[str, Location]]  # theme id -> (name, its page)
    joins: dict[str, list[Join]]  # clause id -> the joins it spans
    lines: Callable[[Clause], tuple[Location, Location] | None]  # a clause's current address and history


def _sics(owner: str, notes: tuple[EditorialNote, ...]) -> dict[str, str]:
    return {n.sic: f"note-{owner}-{i}" for i, n in enumerate(notes, start=1) if n.sic}


def _joins(clause_id: str, apparatus: Apparatus) -> tuple[JoinView, ...]:
    return tuple(
        JoinView(j.reason, apparatus.urls.witness_line(apparatus.edition, j.lines.first), j.lines)
        for j in apparatus.joins.get(clause_id, [])
    )


def clause_view(clause: Clause, apparatus: Apparatus, heading_level: int | None = None) -> ClauseView:
    sics = _sics(clause.id, clause.notes)
    classes = f"ed-clause ed-clause--{clause.kind.value}" + (" ed-clause--labelled" if clause.label else "")
    return ClauseView(
        clause=clause,
        owner=clause.id,
        tag="li" if clause.kind is ClauseKind.ITEM else "div",
        classes=classes,
        kind_name=KIND_NAMES[clause.kind],
        heading_level=heading_level if clause.kind is ClauseKind.HEADING else None,
        term=words(clause.term, apparatus.glossary, sics) if clause.term else None,
        text=printed(clause.content, apparatus.glossary, sics),
        citation=apparatus.cite(clause.id),
        locator=apparatus.locate(clause.id),
        number=apparatus.number(clause.id),
        notes=clause.notes,
        joins=_joins(clause.id, apparatus),
        cross=tuple(apparatus.cross.get(clause.id, ())),
        themes=tuple(apparatus.themes[t] for t in clause.themes if t in apparatus.themes),
        current=lines[0] if (lines := apparatus.lines(clause)) else None,
        history=lines[1] if lines else None,
    )


def _runs(clauses: tuple[Clause, ...]) -> Iterator[tuple[bool, list[Clause]]]:
    """Consecutive list items form one list; everything else stands alone."""
    run: list[Clause] = []
    for clause in clauses:
        if clause.kind is ClauseKind.ITEM:
            run.append(clause)
            continue
        if run:
            yield True, run
            run = []
        yield False, [clause]
    if run:
        yield True, run


def section_view(section: Section, apparatus: Apparatus, level: int, child_pages: dict[str, str]) -> SectionView:
    """One section's text; sub-sections with pages of their own become a contents list.

    `level` is the heading level of the section's first printed heading; further leading headings
    (a display heading and its statement, say) take the next level, as do sub-sections."""
    leading = 0
    for clause in section.clauses:
        if clause.kind is not ClauseKind.HEADING:
            break
        leading += 1
    headings = tuple(
        clause_view(c, apparatus, min(6, level + (1 if index else 0))) for index, c in enumerate(section.clauses[:leading])
    )
    runs = tuple(
        (is_list, is_list and all(c.label for c in clauses), tuple(clause_view(c, apparatus) for c in clauses))
        for is_list, clauses in _runs(section.clauses[leading:])
    )
    return SectionView(
        section=section,
        editorial_title=leading == 0 and level == 1,
        headings=headings,
        notes=NotesView(section.id, section.notes),
        runs=runs,
        child_pages=tuple((c.title, Location(child_pages[c.id])) for c in section.sections if c.id in child_pages),
        children=tuple(section_view(c, apparatus, min(6, level + 1), child_pages) for c in section.sections if c.id not in child_pages),
    )


def footnote_view(footnote: Footnote, apparatus: Apparatus) -> FootnoteView:
    return FootnoteView(
        footnote=footnote,
        owner=footnote.id,
        text=printed(footnote.content, apparatus.glossary, _sics(footnote.id, footnote.notes)),
        citation=apparatus.cite(footnote.id),
        locator=apparatus.locate(footnote.id),
        notes=footnote.notes,
        where=apparatus.urls.witness_line(apparatus.edition, footnote.lines.first),
    )


def reading_text(section: Section, apparatus: Apparatus, child_pages: dict[str, str]) -> ReadingText:
    view = section_view(section, apparatus, 1, child_pages)
    footnotes = tuple(footnote_view(f, apparatus) for part in _shown(section, child_pages) for f in part.footnotes)
    used: dict[str, GlossaryEntry] = {}
    for segments in _segments(view, footnotes):
        for entry in abbreviations_in(segments):
            used[entry.id] = entry
    return ReadingText(view, footnotes, tuple(sorted(used.values(), key=lambda e: e.id)))


def _shown(section: Section, child_pages: dict[str, str]) -> Iterator[Section]:
    """The sections whose text this page shows: itself and sub-sections without pages of their own."""
    yield section
    for child in section.sections:
        if child.id not in child_pages:
            yield from _shown(child, child_pages)


def _segments(view: SectionView, footnotes: tuple[FootnoteView, ...]) -> Iterator[tuple[Segment, ...]]:
    for clause in (*view.headings, *(v for _, _, views in view.runs for v in views)):
        yield clause.text
        if clause.term:
            yield clause.term
    for child in view.children:
        yield from _segments(child, ())
    for footnote in footnotes:
        yield footnote.text
