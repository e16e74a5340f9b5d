"""The pages stage: the site as data, made from the model, the fidelity accounts and the comparisons.

make_pages(...) -> Site: pages (address, title, body as markup, the element ids it carries, its
search records), the navigation, and the other files (the JSON API, the redirects script). Nothing
here knows which engine publishes the site: docs_tree.py writes the Site out for one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jinja2 import Environment
from markupsafe import Markup

from ..compare import Comparison
from ..fidelity import WitnessAccount
from ..model import Corpus


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
    # A page that lists or summarises rather than gives text (home, works, editions, the themes
    # overview): an engine ranks its search results below the clauses'.
    overview: bool = False
    # Bibliographic metadata for reference managers (<meta name="citation_*">), in order: a
    # reading page's document, issuer, date, canonical address.
    citation: tuple[tuple[str, str], ...] = ()


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
    search: tuple = ()  # search.SearchEntry: what the site's search finds (search_index.py indexes it)


def make_pages(
    corpus: Corpus,
    accounts: list[WitnessAccount],
    comparisons: list[Comparison],
    docs: Mapping[str, str],
    templates: Environment | None = None,
    site_url: str | None = None,
) -> Site:
    """Every page of the site, its navigation and its data files. `docs` are the hand-written pages
    (URL -> file), which redirects may not replace. `templates`: an environment whose compiled
    templates a preview keeps between runs (render.environment()); by default, a new one."""
    from ..addresses import Resolver
    from ..drafts import draft_editions
    from ..citation import Citations
    from .api import Api
    from .arrange import arrange
    from .check import check_page
    from .handouts import handout_page, qr_codes
    from .comparison import ComparisonPages
    from .reading import ReadingPages
    from .redirects import redirects
    from .search import search_entries, search_page
    from .render import Renderer
    from .themes import ThemePages
    from .urls import Urls

    urls = Urls(corpus, site_url)
    citations = Citations(corpus)
    arranged = [arrange(c) for c in comparisons]

    def comparisons_of(work):
        return [(c, urls.comparison(work.id, c.old.id, c.new.id)) for c in arranged if c.new.work_id == work.id]

    render = Renderer(corpus, urls, comparisons_of, templates, draft_editions(corpus))
    comparison_pages = ComparisonPages(corpus, urls, citations, render)
    theme_pages = ThemePages(corpus, urls, citations, render)
    reading = ReadingPages(corpus, accounts, urls, citations, render, arranged, comparison_pages.where, theme_pages)

    pages = [reading.home()]
    for work in corpus.works:
        pages.append(reading.work_page(work))
        for edition in work.editions:
            pages.append(reading.edition_page(edition))
            pages += [reading.section_page(edition, s) for s, _ in reading.page_sections(edition)]
            pages.append(reading.ledger_page(edition))
            pages.append(reading.witness_page(edition))
    for comparison in arranged:
        pages.append(comparison_pages.summary(comparison))
        for changes in comparison.sections:
            pages += [comparison_pages.inline(comparison, changes), comparison_pages.side_by_side(comparison, changes)]
    if corpus.themes:
        pages.append(theme_pages.overview())
        pages += [theme_pages.theme_page(theme) for theme in corpus.themes]
    pages.append(reading.glossary_page())
    pages.append(check_page(render))
    pages.append(search_page(render, corpus))
    pages.append(handout_page(render, urls))
    files = Api(corpus, reading.accounts, urls, citations, arranged, comparison_pages.where).files() + qr_codes(corpus, urls)

    resolver = Resolver({p.url: p.anchors for p in pages}, frozenset(f.path for f in files), docs)
    moved, script = redirects(corpus.redirects, resolver, docs, render)
    entries = search_entries(pages, corpus, arranged, urls, citations)
    return Site(tuple(pages + moved), tuple(reading.nav(docs)), tuple(files) + (script,), site_url, entries)
