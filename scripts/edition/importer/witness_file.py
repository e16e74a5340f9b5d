"""Reading a received text for import: refused if it is empty, binary or not UTF-8.

The file is kept as bytes (it is copied byte for byte) and as lines (numbered from 1, split on
"\n" exactly as the fidelity check splits a witness).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportRefused


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


def read_received(path: Path) -> ReceivedText:
    if not path.is_file():
        raise ImportRefused(f"{path}: no such file")
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportRefused(f"{path}: the file is empty; there is nothing to import")
    if b"\0" in raw:
        at = raw.index(b"\0")
        raise ImportRefused(f"{path}: this is a binary file (a NUL byte at offset {at}), not a converted text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportRefused(
            f"{path}:{line}: is not UTF-8 text (byte 0x{raw[exc.start]:02X}); convert it to UTF-8 first, keeping the"
            " original as received"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise ImportRefused(f"{path}: {controls} control characters: this looks like a binary file, not a converted text")
    return ReceivedText(path, raw, tuple(text.split("\n")))
