"""Where everything lives on the site.

URLs are directory-style and relative to the site root ("six-core-principles/ecs-england/ecs-p2/").
Every path is built from permanent ids (work, edition, section, clause), never from wording or
headings, so a published link keeps working when text, order or layout change.
"""

from __future__ import annotations

import functools

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Clause, Corpus, Edition, Footnote, Section, Work

HOME = ""
GLOSSARY = "glossary/"
ABOUT = "about/"
API_DOCS = "api/"
CHECK = "check/"
SEARCH = "search/"
HANDOUT = "handout/"
QR_CODES = "handouts/qr/"
THEMES = "themes/"


def is_page_section(section: Section, depth: int) -> bool:
    """Top-level sections get a page each, and so does every principle, wherever it sits."""
    return depth == 1 or section.kind == "principle"


@dataclass(frozen=True, slots=True)
class Location:
    """A page URL and, optionally, an element id on it."""

    page: str
    fragment: str = ""

    def __str__(self) -> str:
        return f"{self.page}#{self.fragment}" if self.fragment else self.page


class Urls:
    def __init__(self, corpus: Corpus, site_url: str | None = None):
        self.corpus = corpus
        self.site_url = site_url  # where the site is published ("https://.../"), if known
        self._section_page: dict[str, str] = {}  # section id -> page URL
        self._clause_page: dict[str, str] = {}
        self._edition_of_section: dict[str, Edition] = {}
        for edition in corpus.editions():
            for section in edition.sections:
                self._assign(edition, section, 1, None)

    def _assign(self, edition: Edition, section: Section, depth: int, page: str | None) -> None:
        if is_page_section(section, depth):
            page = self.edition(edition) + f"{section.id}/"
        assert page is not None
        self._section_page[section.id] = page
        self._edition_of_section[section.id] = edition
        for clause in section.clauses:
            self._clause_page[clause.id] = page
        for footnote in section.footnotes:
            self._clause_page[footnote.id] = page
        for child in section.sections:
            self._assign(edition, child, depth + 1, page)

    # --- pages -------------------------------------------------------------------------------

    def work(self, work: Work | str) -> str:
        return f"{work if isinstance(work, str) else work.id}/"

    def edition(self, edition: Edition) -> str:
        return f"{edition.work_id}/{edition.id}/"

    def ledger(self, edition: Edition) -> str:
        return self.edition(edition) + "ledger/"

    def witness(self, edition: Edition) -> str:
        return self.edition(edition) + "witness/"

    def current(self, work: Work | str) -> str:
        """The page of a work's current addresses: <work>/current/#<line> never names an edition."""
        return f"{self.work(work)}current/"

    def history(self, work: Work | str) -> str:
        """Every clause of the work through all its editions: <work>/history/#<line>. One page per
        work, so that no new edition (whatever its sections) ever moves a line's address."""
        return f"{self.work(work)}history/"

    def comparison(self, work_id: str, old_id: str, new_id: str) -> str:
        """The "what changed" page of a comparison; its section pages sit below it."""
        return f"{work_id}/compare/{old_id}--{new_id}/"

    def comparison_inline(self, work_id: str, old_id: str, new_id: str, section_key: str) -> str:
        return self.comparison(work_id, old_id, new_id) + f"{section_key}/"

    def comparison_side(self, work_id: str, old_id: str, new_id: str, section_key: str) -> str:
        return self.comparison_inline(work_id, old_id, new_id, section_key) + "side-by-side/"

    def absolute(self, address: Location | str) -> str | None:
        """The published address of a site-relative one, or None where it is not known."""
        return f"{self.site_url}{address}" if self.site_url else None

    def section_page(self, section: Section | str) -> str:
        return self._section_page[section if isinstance(section, str) else section.id]

    # --- anchors -----------------------------------------------------------------------------

    def section(self, section: Section) -> Location:
        page = self.section_page(section)
        own_page = page.endswith(f"/{section.id}/")
        return Location(page, "" if own_page else section.id)

    def clause(self, clause: Clause | Footnote | str) -> Location:
        clause_id = clause if isinstance(clause, str) else clause.id
        return Location(self._clause_page[clause_id], clause_id)

    def witness_line(self, edition: Edition, line: int) -> Location:
        return Location(self.witness(edition), f"line-{line}")

    def glossary_entry(self, entry_id: str) -> Location:
        return Location(GLOSSARY, f"gloss-{entry_id}")


def qr_path(target_id: str) -> str:
    """The QR code of a clause's (or "theme-<id>"'s) published address (pages/handouts.py)."""
    return f"{QR_CODES}{target_id}.svg"


def source_path(url: str) -> str:
    """The Markdown source path that a site engine with directory URLs serves at `url`."""
    return f"{url}index.md"


def href(from_page: str, to: Location | str, relative: Callable[[str, str], str] | None = None) -> str:
    """A relative link from the page at `from_page` to `to` (both site-root-relative). `relative`:
    how the path between two pages is worked out (Links keeps what it has worked out)."""
    page, fragment = (to.page, to.fragment) if isinstance(to, Location) else (to, "")
    if page == from_page:
        return f"#{fragment}" if fragment else "./"
    path = (relative or _relative)(page, from_page)
    return f"{path}#{fragment}" if fragment else path


class Links:
    """href with each pair of pages worked out once: a build's pages link to the same few pages
    over a hundred thousand times. One per build (or per Renderer); what it keeps is its own."""

    def __init__(self) -> None:
        self._relative_path = functools.cache(_relative)  # (to page, from page) -> relative path

    def href(self, from_page: str, to: Location | str) -> str:
        """The same as href(from_page, to)."""
        return href(from_page, to, self._relative_path)


def _relative(to_page: str, from_page: str) -> str:
    """posixpath.relpath for site URLs, without its trips through the working directory: pages
    link to one another many thousands of times."""
    to_parts = [p for p in to_page.split("/") if p]
    from_parts = [p for p in from_page.split("/") if p]
    common = 0
    while common < min(len(to_parts), len(from_parts)) and to_parts[common] == from_parts[common]:
        common += 1
    parts = [".."] * (len(from_parts) - common) + to_parts[common:]
    if not parts:
        return "./"
    return "/".join(parts) + ("/" if to_page.endswith("/") or not to_page else "")  # a file keeps its name

