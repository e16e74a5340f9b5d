"""Reading one YAML source file strictly, and finding the line of any key or item on demand.

Files are parsed with ruamel.yaml's safe loader, which is fast. Lines are needed only for
messages, so `YamlFile.place` returns a Place whose line is found, when asked for, by parsing the
file once more with ruamel.yaml's round-trip loader, which records where each key and item sits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import Place, SourceError

FieldPath = tuple[str | int, ...]


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
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        raise SourceError(Place(rel, line), f"contains {reason} at column {column}")
    yaml = YAML(typ="safe")  # libyaml, through ruamel.yaml.clib
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        key = re.search(r'duplicate key "(.*?)"', str(exc.problem))
        raise SourceError(
            Place(rel, mark.line + 1 if mark else 1, key.group(1) if key else ""),
            "this key appears twice in the same mapping; keep one",
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = str(exc.problem or exc.context or exc)
        if exc.context and exc.context_mark is not None and exc.context_mark.line + 1 != line:
            what += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        elif exc.context:
            what += f" ({exc.context})"
        raise SourceError(Place(rel, line), f"is not valid YAML: {what}") from None
    except YAMLError as exc:  # errors without a position are rare; still name the file
        raise SourceError(Place(rel, 1), f"is not valid YAML: {exc}") from None
    if data is None:
        raise SourceError(Place(rel, 1), "is empty")
    doc = YamlFile(rel, data, text)
    _check_values(doc, data, ())
    return doc


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
