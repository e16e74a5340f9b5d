"""Whether an address resolves on the site: its page exists and, for an anchor, carries that id.

Built from what the pages stage knows (each page's URL and the element ids its content gives it,
from the model), the API's files and the hand-written pages; nothing is read back from HTML.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Resolver:
    pages: Mapping[str, frozenset[str]]  # page URL -> its element ids
    files: frozenset[str]
    docs: Container[str]  # hand-written pages, registered without fragments

    def resolves(self, address: str) -> bool:
        page, _, fragment = address.partition("#")
        if page in self.files:
            return not fragment
        if page in self.docs:
            return not fragment
        return page in self.pages and (not fragment or fragment in self.pages[page])

    def exists(self, page: str) -> bool:
        return page in self.pages or page in self.docs or page in self.files
