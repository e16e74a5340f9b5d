"""The site, as data: pages (URL, title, HTML body), navigation, search records and other files.

Nothing here knows which engine publishes the site; scripts/mkdocs_hooks.py hands these to MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One entry of the search index: a clause (or page) with the text that finds it."""

    location: str  # site-relative URL, with fragment
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # site-relative, directory style ("" for home)
    title: str
    body: str  # HTML
    description: str = ""
    wide: bool = False  # reading pages: no table of contents column, room for notes beside the text
    in_nav: bool = True  # False: reached by links only (comparison sections, redirects)
    # The clause-level records that find this page's text. None lets the engine index the page
    # itself; an empty tuple keeps the page out of search.
    search: tuple[SearchRecord, ...] | None = None


@dataclass(frozen=True, slots=True)
class NavNode:
    title: str
    url: str | None = None  # the node's own page, listed first among its children when it has any
    children: tuple[NavNode, ...] = ()
    overview: str = "Overview"  # the title of the node's own page among its children


@dataclass(frozen=True, slots=True)
class SiteFile:
    """A non-page file of the site (the JSON API, for instance)."""

    path: str
    content: bytes


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    nav: list[NavNode] = field(default_factory=list)
    files: list[SiteFile] = field(default_factory=list)

