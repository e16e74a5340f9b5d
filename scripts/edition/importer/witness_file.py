"""Reading a received text for import: refused, with the reason, if it is not a regular file, too
large, empty, binary or not UTF-8.

The file is kept as bytes (it is copied byte for byte) and as lines, numbered from 1 and split
exactly as the edition splits a witness everywhere else (model.Witness.lines, which the fidelity
check and the pages use): the file read as text with universal newlines, so that "\r\n", a lone
"\r" and "\n" each end a line, then split on "\n". A lone carriage return is therefore a line
break to the edition; the importer says where it found one (`lone_carriage_returns`), since some
text editors show such a file with fewer lines.

A symbolic link is refused: the importer publishes what it copies, and reads only the file it is
named, never one a link leads to (a link from an unpacked archive may lead anywhere: a key, a
password file). The message says where the link leads, for the editor to name that file instead.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportRefused

# The largest text the importer takes (bench/RESULTS.md, "Import", has the measurements). Time
# grows with the number of clauses and of bytes: on a two-core machine a converted text of 50,000
# lines (2.5 MB, 6,840 clauses) imports in about 28 s, one of 8,000 one-line paragraphs in about
# 20 s. These bounds keep an import within half a minute; a text past them is several documents.
MAX_LINES = 60_000
MAX_BYTES = 3_000_000
MAX_CLAUSES = 8_000
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than tab, line breaks, form feed


@dataclass(frozen=True)
class ReceivedText:
    path: Path
    raw: bytes
    lines: tuple[str, ...]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def lone_carriage_returns(self) -> tuple[int, ...]:
        """The lines (as numbered here) that a lone carriage return ends."""
        return lone_carriage_returns(self.raw)


def read_received(path: Path) -> ReceivedText:
    raw = _read_regular_file(path)
    if len(raw) > MAX_BYTES:  # grew while it was read
        raise ImportRefused(too_large(path, f"{len(raw):,} bytes", f"{MAX_BYTES:,} bytes"))
    if not raw.strip():
        raise ImportRefused(f"{path}: the file is empty; there is nothing to import")
    if b"\0" in raw:
        at = raw.index(b"\0")
        raise ImportRefused(f"{path}: this is a binary file (a NUL byte at offset {at}), not a converted text")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len(witness_lines(raw[: exc.start] + b"x"))
        raise ImportRefused(
            f"{path}:{line}: is not UTF-8 text (byte 0x{raw[exc.start]:02X}); convert it to UTF-8 first, keeping the"
            " original as received"
        ) from None
    lines = witness_lines(raw)
    if len(lines) > MAX_LINES:
        raise ImportRefused(too_large(path, f"{len(lines):,} lines", f"{MAX_LINES:,} lines"))
    controls = len(_CONTROLS.findall(raw.decode("utf-8")))
    if controls > max(8, len(raw) // 100):
        raise ImportRefused(f"{path}: {controls} control characters: this looks like a binary file, not a converted text")
    return ReceivedText(path, raw, tuple(lines))


def witness_lines(raw: bytes) -> list[str]:
    """The lines as model.Witness.lines() gives them (Path.read_text, then split on "\n")."""
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read().split("\n")


def lone_carriage_returns(raw: bytes) -> tuple[int, ...]:
    if b"\r" not in raw:
        return ()
    breaks = re.finditer(rb"\r\n|\r|\n", raw)
    return tuple(number for number, found in enumerate(breaks, start=1) if found.group() == b"\r")


def too_large(path: Path, size: str, bound: str) -> str:
    """Why a text is refused for its size, and what to do instead."""
    return (
        f"{path}: {size}; the importer takes at most {bound}, which it drafts and checks in about half a minute."
        " A text this long is several documents (a code of principles runs to a few hundred lines), and its review"
        " list would be more than an editor can work through: split it into its documents and import each as an"
        " edition of its own (sources/README.md, “Adding a new edition”)"
    )


def _read_regular_file(path: Path) -> bytes:
    """The bytes of the regular file at `path` (not a link, directory, device or pipe)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise ImportRefused(
            f"{path}: is a symbolic link (to {os.readlink(path)}), not a file: the importer copies the witness into"
            " sources/ and the site publishes it, so it reads only a file named directly; if the file the link"
            " leads to is the text you mean, name that file"
        )
    if not stat.S_ISREG(info.st_mode):
        raise ImportRefused(f"{path}: is {_kind(info.st_mode)}, not a file: give the path of the converted text's file")
    try:
        # O_NOFOLLOW and the fstat: the file opened is the regular file just examined, even if the
        # path was changed since; O_NONBLOCK: a pipe put there meanwhile cannot hang the open.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        size = os.fstat(descriptor)
        if not stat.S_ISREG(size.st_mode):
            raise ImportRefused(f"{path}: is {_kind(size.st_mode)}, not a file: give the path of the converted text's file")
        if size.st_size > MAX_BYTES:
            raise ImportRefused(too_large(path, f"{size.st_size:,} bytes", f"{MAX_BYTES:,} bytes"))
        return handle.read(MAX_BYTES + 1)  # never more than the bound, whatever the file claims


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
