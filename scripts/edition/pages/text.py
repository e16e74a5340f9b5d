"""Printed text as typed segments, for the templates to draw: plain words, abbreviations the
glossary explains, words kept as printed with a [sic] note, italics, links, footnote markers.

Nothing here writes markup: the templates (templates/_reading.html) turn each kind of segment
into HTML, escaping every string. Which abbreviations a page uses is read off its segments.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..model import Emphasis, FootnoteRef, GlossaryEntry, Inline, Link, Span
from .glossary import Glossary


@dataclass(frozen=True)
class Plain:
    kind: ClassVar[str] = "plain"
    text: str


@dataclass(frozen=True)
class Abbr:
    kind: ClassVar[str] = "abbr"
    form: str
    entry: GlossaryEntry


@dataclass(frozen=True)
class Sic:
    """Words that stand as printed, followed by a mark linking to the note on them."""

    kind: ClassVar[str] = "sic"
    parts: tuple[Plain | Abbr, ...]
    note_id: str


@dataclass(frozen=True)
class Em:
    kind: ClassVar[str] = "em"
    parts: tuple[Plain | Abbr | Sic, ...]


@dataclass(frozen=True)
class ExtLink:
    kind: ClassVar[str] = "link"
    text: str
    href: str


@dataclass(frozen=True)
class FnRef:
    kind: ClassVar[str] = "fnref"
    footnote_id: str
    marker: str


Segment = Plain | Abbr | Sic | Em | ExtLink | FnRef


def printed(content: Iterable[Inline], glossary: Glossary, sics: dict[str, str]) -> tuple[Segment, ...]:
    """A clause's or footnote's content. `sics` maps each phrase kept as printed to its note's id."""
    out: list[Segment] = []
    for piece in content:
        if isinstance(piece, Span):
            out += words(piece.text, glossary, sics)
        elif isinstance(piece, Emphasis):
            out.append(Em(words(piece.text, glossary, sics)))
        elif isinstance(piece, Link):
            out.append(ExtLink(piece.text, piece.href))
        elif isinstance(piece, FootnoteRef):
            out.append(FnRef(piece.footnote_id, piece.marker))
    return tuple(out)


def words(text: str, glossary: Glossary, sics: dict[str, str]) -> tuple[Plain | Abbr | Sic, ...]:
    """Plain text with phrases kept as printed marked (the first of overlapping ones wins) and
    abbreviations explained."""
    spans = sorted((text.find(s), text.find(s) + len(s), note_id) for s, note_id in sics.items() if s in text)
    out: list[Plain | Abbr | Sic] = []
    position = 0
    for start, end, note_id in spans:
        if start < position:
            continue
        out += _abbreviations(text[position:start], glossary)
        out.append(Sic(tuple(_abbreviations(text[start:end], glossary)), note_id))
        position = end
    out += _abbreviations(text[position:], glossary)
    return tuple(out)


def _abbreviations(text: str, glossary: Glossary) -> list[Plain | Abbr]:
    out: list[Plain | Abbr] = []
    position = 0
    for start, end, entry in glossary.find(text):
        if start > position:
            out.append(Plain(text[position:start]))
        out.append(Abbr(text[start:end], entry))
        position = end
    if position < len(text) or not out:
        out.append(Plain(text[position:]))
    return out


def abbreviations_in(segments: Iterable[Segment]) -> Iterator[GlossaryEntry]:
    for segment in segments:
        if isinstance(segment, Abbr):
            yield segment.entry
        elif isinstance(segment, (Sic, Em)):
            yield from abbreviations_in(segment.parts)


# Characters a witness line may hold that print nothing (C0 and C1 controls, DEL, a byte-order mark,
# other format characters) would reach a page's HTML raw: the witness page shows each as a visible
# sign instead, with its code point, and the text beside it unchanged.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def visible_controls(text: str) -> tuple[tuple[str, str], ...]:
    """`text` as ("text", words) and ("control", sign) segments; a control's sign is its Unicode
    control picture (U+2400 block) where it has one, else its code point."""
    out: list[tuple[str, str]] = []
    position = 0
    for found in _CONTROL.finditer(text):
        if found.start() > position:
            out.append(("text", text[position : found.start()]))
        code = ord(found.group(0))
        sign = chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else f"U+{code:04X}"
        out.append(("control", sign if code < 0x20 or code == 0x7F else f"⟨{sign}⟩"))
        position = found.end()
    if position < len(text):
        out.append(("text", text[position:]))
    return tuple(out)
