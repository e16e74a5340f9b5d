"""Reading one YAML source file strictly, and finding the line of any key or item on demand.

Files are parsed with ruamel.yaml's safe loader, which is fast. Lines are needed only for
messages, so `YamlFile.place` returns a Place whose line is found, when asked for, by parsing the
file once more with ruamel.yaml's round-trip loader, which records where each key and item sits.

Before anything is built from a file, its event stream is scanned for what no source needs and
what could hurt the build: anchors, aliases and merge keys (an alias bomb expands exponentially
in whatever walks the data), and nesting deeper than MAX_DEPTH (which would exhaust Python's
recursion further on). The scan reads events only, so it costs little and cannot be attacked itself.
It also finds a key given twice in one mapping, naming the line of the first.

A file YAML cannot read is refused with the line to fix and what to do, in plain words
(yaml_errors.py), never in the parser's terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from .errors import Place, SourceError
from .yaml_errors import empty_key_above, explain

FieldPath = tuple[str | int, ...]

# The deepest nesting of mappings and lists a source may have. The sources need 7 (an edition's
# sub-sections); this leaves room for deeper sub-sections and stays far from Python's recursion limit.
MAX_DEPTH = 24


_WHITESPACE = re.compile(r"[ \n]+")


def collapsed(value: Any) -> str:
    """YAML line breaks and runs of spaces as single spaces, nothing trimmed (a piece of a clause's
    text keeps the space that joins it to the next). Other white space (a no-break space) is the
    text's own."""
    return _WHITESPACE.sub(" ", str(value))


def prose(value: Any) -> str:
    """Editorial prose: collapsed, and trimmed of those spaces only."""
    return collapsed(value).strip(" ")


def field_name(path: FieldPath) -> str:
    """("clauses", 3, "text") -> "clauses[3].text"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def forbidden_character(ch: str) -> str | None:
    """Why a character may not appear in a source file, or None if it may.

    Tabs are refused because YAML forbids them in indentation and in text they render unpredictably;
    control characters and noncharacters because no printed text contains them and Markdown
    uses some of them internally.
    """
    if ch == "\t":
        return "a tab character; use spaces"
    if ch == "\n":
        return None
    if ch == "\r":
        return "a carriage return; save the file with Unix (LF) line endings"
    if ch == "\ufeff":
        return "a byte-order mark or zero-width no-break space (U+FEFF)"
    category = unicodedata.category(ch)
    if category == "Cc":
        return f"a control character (U+{ord(ch):04X})"
    if category == "Cs" or (ord(ch) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(ch) <= 0xFDEF:
        return f"a Unicode noncharacter (U+{ord(ch):04X})"
    return None


# Every character forbidden_character refuses, as one pattern, so a clean file is scanned once, in C.
_NONCHARACTERS = "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
_FORBIDDEN = re.compile(f"[\t\r\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_NONCHARACTERS}]")


def first_forbidden(text: str) -> tuple[int, str] | None:
    """The index of the first forbidden character in `text` and why it is refused, or None."""
    found = _FORBIDDEN.search(text)
    return (found.start(), forbidden_character(found.group())) if found else None  # type: ignore[return-value]


@dataclass
class YamlFile:
    """A parsed source file and the means to locate anything in it."""

    path: str  # relative, for messages
    data: Any
    text: str = ""
    _located: Any = field(default=None, repr=False)  # the round-trip parse, made on first need

    def place(self, at: FieldPath) -> Place:
        """Where `at` is: its line is that of the deepest key or item of it that exists."""
        return Place(self.path, lambda: self.line_of(at), field_name(at))

    def line_of(self, at: FieldPath) -> int:
        if self._located is None:
            yaml = YAML(typ="rt")
            self._located = yaml.load(self.text)
        node = self._located
        line = _node_line(node)
        for part in at:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line

    def error(self, at: FieldPath, message: str) -> SourceError:
        return SourceError(self.place(at), message)


def _node_line(node: Any) -> int:
    lc = getattr(node, "lc", None)
    return (lc.line + 1) if lc is not None and lc.line is not None else 1


def read_yaml(path: Path, root: Path, raw: bytes | None = None) -> YamlFile:
    """Parse `path` (whose bytes the caller may have read already) or raise a SourceError naming
    its line. Nothing is written anywhere."""
    rel = path.relative_to(root).as_posix()
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        raise SourceError(Place(rel, 1), f"cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            Place(rel, line),
            f"is not valid UTF-8: byte 0x{raw[exc.start]:02X} at column {column}; save the file as UTF-8",
        ) from None
    bad = first_forbidden(text)
    if bad:
        index, reason = bad
        line = text.count("\n", 0, index) + 1
        start = text.rfind("\n", 0, index) + 1
        column = index - start + 1
        if text[index] == "\t":
            where = "in its indentation" if not text[start:index].strip(" \t") else "in its text"
            raise SourceError(Place(rel, line), f"contains a tab character at column {column}, {where}: sources use spaces only; replace the tab with spaces")
        raise SourceError(Place(rel, line), f"contains {reason} at column {column}")
    yaml = YAML(typ="safe")  # libyaml, through ruamel.yaml.clib
    yaml.allow_duplicate_keys = False
    try:
        _refuse_unsafe_structure(rel, yaml, text)
        data = yaml.load(text)
    except DuplicateKeyError as exc:  # keys the event scan cannot tell apart (`1` and `01`): the same once read
        mark = exc.problem_mark
        key = re.search(r'duplicate key "(.*?)"', str(exc.problem))
        raise SourceError(
            Place(rel, mark.line + 1 if mark else 1, key.group(1) if key else ""),
            "this key appears twice in the same mapping; keep one",
        ) from None
    except MarkedYAMLError as exc:
        line, message = explain(text, exc)
        raise SourceError(Place(rel, line), message) from None
    except YAMLError as exc:  # errors without a position are rare; still name the file
        raise SourceError(Place(rel, 1), f"is not valid YAML: {exc}") from None
    except (ValueError, OverflowError) as exc:  # a plain value YAML reads as a date that does not exist
        raise _impossible_value(rel, yaml, text, exc) from None
    if data is None:
        raise SourceError(Place(rel, 1), "is empty")
    doc = YamlFile(rel, data, text)
    _check_values(doc, data, ())
    return doc


def _nodes(yaml: YAML, text: str) -> Iterator[tuple[NodeEvent, _Open | None, int]]:
    """Each node event of `text`, the collection it is in (None at the top), and how many
    collections are open, from the event stream alone."""
    open_: list[_Open] = []  # the collections the parser is inside, outermost first
    for event in yaml.parse(text):
        if isinstance(event, CollectionEndEvent):
            open_.pop()
            if open_:
                open_[-1].finished(None)
            continue
        if not isinstance(event, NodeEvent):
            continue
        inside = open_[-1] if open_ else None
        yield event, inside, len(open_)
        if isinstance(event, CollectionStartEvent):
            open_.append(_Open(inside.path_of_next() if inside else (), isinstance(event, MappingStartEvent)))
        elif inside is not None:
            inside.finished(event.value if isinstance(event, ScalarEvent) else None)


def _line(event: NodeEvent) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


def _refuse_unsafe_structure(rel: str, yaml: YAML, text: str) -> None:
    """Refuse anchors, aliases, merge keys, deep nesting and keys given twice, from the event
    stream alone: nothing is built, so neither an alias bomb nor a thousand nested brackets can
    cost more than one pass."""
    for event, inside, depth in _nodes(yaml, text):
        place = Place(rel, _line(event), field_name(inside.path_of_next() if inside else ()))
        if isinstance(event, AliasEvent):
            raise SourceError(place, f"uses the alias *{event.anchor}: sources may not use anchors or aliases; write the value out")
        if event.anchor is not None:
            raise SourceError(place, f"defines the anchor &{event.anchor}: sources may not use anchors or aliases; write the value out")
        if inside is not None and inside.expects_key and isinstance(event, ScalarEvent):
            if event.value == "<<" and not event.style:  # plain: '' from libyaml
                raise SourceError(place, "uses a merge key (<<): sources may not use merge keys; write the keys out")
            key = (event.value, bool(event.style))
            if key in inside.keys:
                raise SourceError(
                    Place(rel, place.line, field_name(inside.path + (event.value,))),
                    f"this key appears twice in the same mapping (first on line {inside.keys[key]}); keep one{empty_key_above(text, place.line)}",
                )
            inside.keys[key] = place.line
        if isinstance(event, CollectionStartEvent) and depth >= MAX_DEPTH:
            raise SourceError(place, f"nests lists and mappings more than {MAX_DEPTH} deep; no source needs that")


# A plain value YAML reads as a date or time (ruamel.yaml's pattern begins so): year-month-day.
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


def _impossible_value(rel: str, yaml: YAML, text: str, exc: Exception) -> SourceError:
    """YAML reads a plain 2019-02-30 as a date, and building that date fails without saying where:
    find the value that fails on its own."""
    for event, inside, _depth in _nodes(yaml, text):
        if isinstance(event, ScalarEvent) and not event.style and _TIMESTAMP.match(event.value):
            try:
                YAML(typ="safe").load(event.value)
            except (ValueError, OverflowError) as own:
                return SourceError(
                    Place(rel, _line(event), field_name(inside.path_of_next() if inside else ())),
                    f"{event.value} reads as a date, and there is no such date ({own}): correct it, or, if it is text, "
                    f'put it between quotes ("{event.value}")',
                )
    return SourceError(Place(rel, 1), f"is not valid YAML: {exc}")


class _Open:
    """A mapping or list being parsed: its field path, and where its next node goes."""

    __slots__ = ("path", "mapping", "key", "expects_key", "index", "keys")

    def __init__(self, path: FieldPath, mapping: bool):
        self.path = path
        self.mapping = mapping
        self.key: str = "?"
        self.expects_key = mapping
        self.index = 0
        self.keys: dict[tuple[str, bool], int] = {}  # a mapping's scalar keys so far, (text, quoted): line

    def path_of_next(self) -> FieldPath:
        if not self.mapping:
            return self.path + (self.index,)
        return self.path if self.expects_key else self.path + (self.key,)

    def finished(self, scalar: str | None) -> None:
        """A node inside this collection ended (`scalar` is its value if it was a scalar)."""
        if not self.mapping:
            self.index += 1
        elif self.expects_key:
            self.key = scalar if scalar is not None else "?"
            self.expects_key = False
        else:
            self.expects_key = True


def _check_values(doc: YamlFile, node: Any, path: FieldPath) -> None:
    """YAML escapes ("\\t", "\\x00", "\\u0085") can put characters into a value that never appear in
    the file itself; refuse them in values as in the file."""
    if isinstance(node, str):
        bad = first_forbidden(node)
        if bad:
            raise doc.error(path, f"contains {bad[1]} (written as an escape sequence)")
    elif isinstance(node, dict):
        for key, value in node.items():
            _check_values(doc, value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _check_values(doc, value, path + (index,))
