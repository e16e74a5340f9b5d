"""The edition's data model: witnesses, works, editions, sections, clauses, and the ledger.

Everything downstream (fidelity, comparison, pages, API) works from these classes, never from
raw YAML. They are immutable: the corpus is loaded once and only read after that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import Enum
from pathlib import Path

from .errors import Place

# --- printed text -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """Plain printed text."""

    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Text printed in italics (in these documents, titles of works)."""

    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """Printed link text and where the original pointed."""

    text: str
    href: str


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote marker printed in the text."""

    footnote_id: str
    marker: str

    @property
    def text(self) -> str:
        return self.marker


Inline = Span | Emphasis | Link | FootnoteRef


def plain_text(content: tuple[Inline, ...]) -> str:
    """The printed characters of `content`, with markers, without markup."""
    return "".join(piece.text for piece in content)


# --- editorial apparatus ------------------------------------------------------------------------


class NoteKind(str, Enum):
    SIC = "sic"  # an apparent error of the original, kept as printed
    REPAIR = "repair"  # conversion damage that the edition repaired
    COMMENT = "comment"  # any other editorial remark


@dataclass(frozen=True, slots=True)
class EditorialNote:
    kind: NoteKind
    text: str
    sic: str | None = None  # for SIC: the words as printed


class Basis(str, Enum):
    """How a piece of metadata is known."""

    PRINTED = "printed"
    INFERRED = "inferred"
    EXTERNAL = "external"
    NOT_STATED = "not-stated"


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A piece of metadata (date, edition label, jurisdiction) and how the edition knows it."""

    value: str | None
    basis: Basis
    printed: str | None = None
    note: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Licence:
    stated: bool
    name: str | None = None
    url: str | None = None
    printed: str | None = None
    note: str | None = None


# --- the text -----------------------------------------------------------------------------------


class ClauseKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item; consecutive items form one list
    QUOTE = "quote"  # quoted matter set off from the text


@dataclass(frozen=True, slots=True)
class Clause:
    """The smallest citable unit: one paragraph, list item, heading or quotation, as printed."""

    id: str
    kind: ClauseKind
    content: tuple[Inline, ...]
    place: Place
    label: str | None = None
    label_restored: bool = False
    term: str | None = None
    align: tuple[str, ...] = ()
    notes: tuple[EditorialNote, ...] = ()
    themes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return plain_text(self.content)

    @property
    def printed_words(self) -> str:
        """Everything of this clause that the witness must contain, in printed order."""
        parts = [self.label] if self.label and not self.label_restored else []
        if self.term:
            parts.append(self.term)
        parts.append(self.text)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class LineRange:
    """Inclusive, 1-based witness line numbers."""

    first: int
    last: int

    def __contains__(self, line: object) -> bool:
        return isinstance(line, int) and self.first <= line <= self.last

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"

    @property
    def described(self) -> str:
        """"line 45" or "lines 245–253", for prose."""
        return f"line {self}" if self.first == self.last else f"lines {self}"


@dataclass(frozen=True, slots=True)
class Footnote:
    id: str
    marker: str
    content: tuple[Inline, ...]
    lines: LineRange
    place: Place
    notes: tuple[EditorialNote, ...] = ()

    @property
    def text(self) -> str:
        return plain_text(self.content)


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    kind: str
    title: str  # editorial, for navigation; printed headings are clauses
    clauses: tuple[Clause, ...]
    place: Place
    align: tuple[str, ...] = ()
    notes: tuple[EditorialNote, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    sections: tuple[Section, ...] = ()

    def walk(self) -> Iterator[Section]:
        """This section and all its sub-sections, in printed order."""
        yield self
        for child in self.sections:
            yield from child.walk()


# --- the ledger ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarkupRule:
    """Conversion markup to take out of witness lines before comparing words (e.g. stray `**`)."""

    pattern: re.Pattern[str]
    replace: str
    reason: str
    place: Place
    lines: LineRange | None = None


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Whole witness lines that are not edition text, with the reason."""

    id: str
    lines: LineRange
    category: str
    reason: str
    text: str
    place: Place


@dataclass(frozen=True, slots=True)
class Join:
    """One clause printed across separate blocks of the witness (page break, display layout)."""

    lines: LineRange
    reason: str
    glue: str
    place: Place


@dataclass(frozen=True, slots=True)
class Ledger:
    markup: tuple[MarkupRule, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    joins: tuple[Join, ...] = ()


# --- documents ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Witness:
    """A verbatim copy of a received text."""

    id: str
    file: str
    path: Path
    sha256: str
    what: str
    issuer: str
    date_as_given: str
    origin: str
    conversion: str
    place: Place
    corrects: str | None = None  # the witness this is a corrected copy of (sources/README.md)

    def lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").split("\n")

    def entry(self) -> bytes:
        """The witness as the list of witnesses declares it, less where (only messages use that):
        what a kept work or part is keyed by (keep.py)."""
        return repr(tuple(getattr(self, f.name) for f in fields(self) if f.name != "place")).encode("utf-8")


class ReviewStatus(str, Enum):
    OPEN = "open"  # not yet looked at
    ACCEPTED = "accepted"  # the draft was right
    CHANGED = "changed"  # the editor corrected the draft


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One decision of the importer's review of a drafted edition (review.yaml), and its state."""

    id: str
    topic: str
    doubt: float
    lines: LineRange | None
    decided: str
    check: str
    status: ReviewStatus
    place: Place  # where its status is set
    remark: str | None = None


@dataclass(frozen=True, slots=True)
class Edition:
    id: str
    work_id: str
    short_name: str
    title: str
    issuer: str
    edition: Fact
    date: Fact
    jurisdiction: Fact
    licence: Licence
    witness_id: str
    sections: tuple[Section, ...]
    ledger: Ledger
    place: Place
    published_at: str | None = None
    notes: tuple[EditorialNote, ...] = ()
    review: tuple[ReviewItem, ...] = ()  # the importer's review (review.yaml), if the edition was imported

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def clauses(self) -> Iterator[Clause]:
        for section in self.walk():
            yield from section.clauses

    def footnotes(self) -> Iterator[Footnote]:
        for section in self.walk():
            yield from section.footnotes


class RenameKind(str, Enum):
    """What a declared rename is. Either way the words differ: no output calls it no change."""

    SAME_REFERENT = "same-referent"  # one thing under a new name (the group renamed)
    SUBSTITUTION = "substitution"  # other words for another referent (a wider audience, another nation)


@dataclass(frozen=True, slots=True)
class Rename:
    """Wording replaced throughout between two editions: the default comparison view may leave it
    unmarked, once an editor has accepted it. A proposed rename (written by the importer) folds
    nothing until then."""

    old: str
    new: str
    note: str
    place: Place
    kind: RenameKind = RenameKind.SAME_REFERENT
    proposed: bool = False


@dataclass(frozen=True, slots=True)
class PrincipalChange:
    """A change a reader most needs to know, as the editor states it, with what it rests on."""

    text: str
    clauses: tuple[str, ...]  # clause ids, of either edition
    renames: tuple[Rename, ...]
    place: Place
    text_place: Place
    clause_places: tuple[Place, ...]  # where each clause id is named


@dataclass(frozen=True, slots=True)
class ComparisonSpec:
    """A pair of editions of one work to compare, with what the editor declared about it."""

    old: str  # edition ids
    new: str
    place: Place
    renames: tuple[Rename, ...] = ()
    principal_changes: tuple[PrincipalChange, ...] = ()
    added: tuple[str, ...] = ()  # alignment keys only in `new`
    dropped: tuple[str, ...] = ()  # alignment keys only in `old`
    supersedes: str | None = None  # the editor's note when `new` replaces `old`; None if both stand


@dataclass(frozen=True, slots=True)
class Milestone:
    year: int
    event: str
    edition: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Work:
    id: str
    title: str
    description: str
    editions: tuple[Edition, ...]
    place: Place
    history: tuple[Milestone, ...] = ()
    comparisons: tuple[ComparisonSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class Theme:
    """A concern the documents speak to, from the controlled vocabulary in sources/themes.yaml."""

    id: str
    name: str
    definition: str
    place: Place


@dataclass(frozen=True)
class ThemeName:
    """A theme as one work's part sees it (Corpus.scoped): its id and its name. Only the theme pages,
    made from every work, read a definition: a work's part that asked for one would fail, rather
    than be kept while the definition changed (keep.py keys a part by its themes' names)."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Redirect:
    """A published address that no longer resolves, and where it now leads."""

    source: str  # "page/" or "page/#fragment", site-relative
    target: str
    reason: str
    place: Place


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """An abbreviation the texts use, and what it stands for."""

    id: str
    term: str
    forms: tuple[str, ...]  # every printed form it explains: the term first, then plurals etc.
    expansion: str
    note: str | None = None


@dataclass(frozen=True)
class Corpus:
    root: Path
    witnesses: tuple[Witness, ...]
    works: tuple[Work, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    redirects: tuple[Redirect, ...] = ()
    themes: tuple[Theme, ...] = ()
    _editions: dict[str, Edition] = field(init=False, repr=False, compare=False)
    _clauses: dict[str, tuple[Edition, Clause]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        editions = {e.id: e for w in self.works for e in w.editions}
        clauses = {c.id: (e, c) for e in editions.values() for c in e.clauses()}
        object.__setattr__(self, "_editions", editions)
        object.__setattr__(self, "_clauses", clauses)

    def editions(self) -> Iterator[Edition]:
        for work in self.works:
            yield from work.editions

    def scoped(self, work: Work) -> Corpus:
        """The corpus as one work's pages see it: that work, the witnesses its editions print (and
        those they correct), and what all works share (glossary, redirects, and the themes' names)."""
        printed = {e.witness_id for e in work.editions}
        printed |= {w.corrects for w in self.witnesses if w.id in printed and w.corrects}
        witnesses = tuple(w for w in self.witnesses if w.id in printed)
        themes = tuple(ThemeName(t.id, t.name) for t in self.themes)
        return Corpus(self.root, witnesses, (work,), self.glossary, self.redirects, themes)  # type: ignore[arg-type]

    def edition(self, edition_id: str) -> Edition:
        return self._editions[edition_id]

    def witness(self, witness_id: str) -> Witness:
        return next(w for w in self.witnesses if w.id == witness_id)

    def clause(self, clause_id: str) -> tuple[Edition, Clause]:
        return self._clauses[clause_id]

    def work(self, work_id: str) -> Work:
        return next(w for w in self.works if w.id == work_id)
