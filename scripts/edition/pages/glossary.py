"""Finding the glossary's abbreviations in printed text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import GlossaryEntry


class Glossary:
    def __init__(self, entries: tuple[GlossaryEntry, ...]):
        self.entries = entries
        self._by_form = {form: entry for entry in entries for form in entry.forms}
        forms = sorted(self._by_form, key=len, reverse=True)  # longest first: SIP's before SIP
        self._pattern = (
            re.compile(r"(?<![\w'’])(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)") if forms else None
        )

    def find(self, text: str) -> Iterator[tuple[int, int, GlossaryEntry]]:
        """(start, end, entry) for each abbreviation in `text`, left to right."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            yield match.start(), match.end(), self._by_form[match.group(1)]
