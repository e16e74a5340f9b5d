"""The pages stage's output types: a Site of pages, navigation, files and search entries. Every
module of pages/ makes values of these types; docs_tree.py writes them out for an engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One entry of the search index: a clause (or page) with the text that finds it."""

    location: str  # site-relative URL, with fragment
    title: str  # for a clause, its citation
    text: str
    # "clause" (a clause or footnote: what a search should land on) or "page" (the record of the
    # page itself, under which an engine may group the page's clauses).
    kind: str = "clause"


@dataclass(frozen=True, slots=True)
class FeedLink:
    """An Atom feed a page names in its <head> (pages/feeds.py)."""

    path: str  # site-relative ("six-core-principles/feed.xml")
    title: str  # plain text


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # site-relative, directory style ("" for home)
    title: str  # plain text
    body: Markup
    description: str = ""  # plain text
    wide: bool = False  # reading pages: no table of contents column, room for notes beside the text
    in_nav: bool = True  # False: reached by links only (comparison sections, moved pages)
    # The clause-level records that find this page's text. None lets the engine index the page
    # itself; an empty tuple keeps the page out of search.
    search: tuple[SearchRecord, ...] | None = None
    # Element ids the page carries that addresses may point at (clauses, footnotes, sections,
    # comparison rows...), known from the model.
    anchors: frozenset[str] = frozenset()
    # Those of `anchors` the edition promises to keep, beyond the model's sections, clauses and
    # footnotes: each is registered in sources/permalinks.txt (a work's current addresses, its
    # clause histories).
    promised: frozenset[str] = frozenset()
    # A page that lists or summarises rather than gives text (home, works, editions, the themes
    # overview): an engine ranks its search results below the clauses'.
    overview: bool = False
    # Bibliographic metadata for reference managers (<meta name="citation_*">), in order: a
    # reading page's document, issuer, date, canonical address.
    citation: tuple[tuple[str, str], ...] = ()
    # A work's pages: their work's Atom feed (every page also names the whole edition's, in the theme).
    feed: FeedLink | None = None


@dataclass(frozen=True, slots=True)
class NavNode:
    title: str
    url: str | None = None  # the node's own page, listed first among its children when it has any
    children: tuple[NavNode, ...] = ()
    overview: str = "Overview"  # the title of the node's own page among its children


@dataclass(frozen=True, slots=True)
class SiteFile:
    """A non-page file of the site (the JSON API, the redirects script)."""

    path: str
    content: bytes


@dataclass(frozen=True)
class Site:
    pages: tuple[Page, ...] = ()
    nav: tuple[NavNode, ...] = ()
    files: tuple[SiteFile, ...] = field(default=())
    site_url: str | None = None  # where it is published, when known: canonical links, sitemap
    search: tuple[SearchEntry, ...] = ()  # what the site's search finds (search_index.py indexes it)


@dataclass(frozen=True, slots=True)
class SearchEntry:
    url: str  # site-relative, with the clause's fragment
    title: str  # a clause's citation, or a page's title
    text: str  # the words that find it, as printed
    kind: str  # "clause" (clauses and footnotes) or "page"
    document: str = ""  # the work's title
    edition: str = ""  # the edition's short name
    document_id: str = ""  # the work's and the edition's ids, which the search's filters use
    edition_id: str = ""
    status: str = ""  # "current" or "superseded" (an edition a later one replaces); "" for pages
    current_url: str = ""  # for a superseded clause: its counterpart in the current edition
    current_title: str = ""  # and that counterpart's citation
