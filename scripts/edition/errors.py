"""The one kind of error a bad source produces: a place (file, line, field) and a sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where something is declared in the sources, for messages that point an editor at it."""

    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based
    field: str = ""  # dotted path inside the file, e.g. "clauses[3].text"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}" if self.field else where


class SourceError(Exception):
    """A source file is wrong. The message names file, line and field so it can be fixed directly."""

    def __init__(self, place: Place, message: str):
        super().__init__(f"{place}: {message}")
        self.place = place
        self.message = message


class FidelityError(Exception):
    """The edition does not account for every word of a witness (or accounts for words it lacks)."""

    def __init__(self, witness_id: str, problems: list[str]):
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"witness {witness_id}: the edition does not account for its text:\n{lines}")
        self.witness_id = witness_id
        self.problems = problems
