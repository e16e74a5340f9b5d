"""The one kind of error a bad source produces: a place (file, line, field) and a sentence."""

from __future__ import annotations

from collections.abc import Callable


class Place:
    """Where something is declared in the sources, for messages that point an editor at it.

    The line may be given as a function: finding lines needs a slower parse of the file, so it is
    done only when a message actually needs one."""

    __slots__ = ("path", "field", "_line")

    def __init__(self, path: str, line: int | Callable[[], int], field: str = ""):
        self.path = path  # relative to the project root, with forward slashes
        self.field = field  # dotted path inside the file, e.g. "clauses[3].text"
        self._line = line

    @property
    def line(self) -> int:
        """1-based."""
        if callable(self._line):
            self._line = self._line()
        return self._line

    def child(self, key: str) -> Place:
        """The place of `key` inside this one ("clauses[3]" -> "clauses[3].text"), on the same line."""
        return Place(self.path, self._line, f"{self.field}.{key}" if self.field else key)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}" if self.field else where

    def __repr__(self) -> str:
        return f"Place({self.path!r}, {self.field!r})"


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
