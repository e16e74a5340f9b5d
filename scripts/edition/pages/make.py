"""The pages stage, in two parts: each work's pages and files from that work alone
(make_work_pages), then the site from every work's part and what reads them all (make_site).

A work's part reads nothing of the other works: it is made from a corpus that holds only that
work (pipeline.py scopes it), so what a preview keeps of it (keep.py) depends on that work's
sources alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jinja2 import Environment

from ..addresses import Resolver
from ..citation import Citations
from ..compare import Comparison
from ..drafts import draft_editions
from ..fidelity import WitnessAccount
from ..lineage import Lineage, trace_lineage
from ..model import Corpus
from .api import Api, WorkApi
from .arrange import Arranged, Arrangement, arrange
from .check import check_page
from .comparison import ComparisonPages
from .feeds import Feeds
from .handouts import handout_page, qr_codes
from .history import HistoryPages
from .reading import ReadingPages
from .redirects import redirects
from .render import Renderer
from .search import search_entries, search_page
from .site import Page, SearchEntry, Site
from .themes import ThemePages
from .urls import Urls


@dataclass(frozen=True)
class WorkPages:
    """One work's pages and files, each kind in the order the site lists it."""

    reading: tuple[Page, ...]  # the work's page; each edition's page, section pages, ledger, witness
    history: tuple[Page, ...]  # its current addresses and clause histories
    comparison: tuple[Page, ...]  # each comparison's summary, inline and side-by-side pages
    api: WorkApi
    arranged: tuple[Arrangement, ...]  # its comparisons, arranged for pages (the site's parts read them)
    entries: tuple[tuple[SearchEntry, ...], tuple[SearchEntry, ...], tuple[SearchEntry, ...]]  # search: reading, history, comparison


@dataclass(frozen=True)
class _Builders:
    urls: Urls
    citations: Citations
    arranged: Arranged
    render: Renderer
    comparisons: ComparisonPages
    themes: ThemePages
    history: HistoryPages
    reading: ReadingPages


def _builders(corpus: Corpus, accounts: Sequence[WitnessAccount], arranged: Arranged, templates: Environment | None, site_url: str | None) -> _Builders:
    urls = Urls(corpus, site_url)
    citations = Citations(corpus)

    def comparisons_of(work):
        return [(c, urls.comparison(work.id, c.old.id, c.new.id)) for c in arranged.of_work(work)]

    render = Renderer(corpus, urls, comparisons_of, templates, draft_editions(corpus))
    comparison_pages = ComparisonPages(corpus, urls, citations, render)
    theme_pages = ThemePages(corpus, urls, citations, render)
    history = HistoryPages(corpus, arranged.lineage, arranged, urls, citations, render, comparison_pages.where)
    reading = ReadingPages(corpus, list(accounts), urls, citations, render, arranged, comparison_pages.where, theme_pages, history.of_clause)
    return _Builders(urls, citations, arranged, render, comparison_pages, theme_pages, history, reading)


def make_work_pages(
    corpus: Corpus,
    accounts: Sequence[WitnessAccount],
    comparisons: Sequence[Comparison],
    lineage: Lineage,
    templates: Environment | None = None,
    site_url: str | None = None,
) -> WorkPages:
    """The pages and files of the one work `corpus` holds."""
    (work,) = corpus.works
    arranged = Arranged({c.slug: arrange(c) for c in comparisons}, lineage)
    b = _builders(corpus, accounts, arranged, templates, site_url)
    reading = [b.reading.work_page(work)]
    for edition in work.editions:
        reading.append(b.reading.edition_page(edition))
        reading += [b.reading.section_page(edition, s) for s, _ in b.reading.page_sections(edition)]
        reading.append(b.reading.ledger_page(edition))
        reading.append(b.reading.witness_page(edition))
    compared = []
    for comparison in arranged.of_work(work):
        compared.append(b.comparisons.summary(comparison))
        for changes in comparison.sections:
            compared += [b.comparisons.inline(comparison, changes), b.comparisons.side_by_side(comparison, changes)]
    api = Api(corpus, b.reading.accounts, b.urls, b.citations, arranged, b.comparisons.where, b.history.of_clause, b.render.drafts)
    history = b.history.pages(work)
    entries = tuple(search_entries(pages, corpus, lineage, b.urls, b.citations) for pages in (reading, history, compared))
    return WorkPages(
        tuple(reading), tuple(history), tuple(compared), api.work_files(work), tuple(arranged.of_work(work)), entries,
    )


def make_site(
    corpus: Corpus,
    accounts: Sequence[WitnessAccount],
    lineage: Lineage,
    works: Sequence[WorkPages],
    docs: Mapping[str, str],
    templates: Environment | None = None,
    site_url: str | None = None,
) -> Site:
    """The site: every work's part (in corpus order) and the pages and files that read all works.
    `docs` are the hand-written pages (URL -> file), which redirects may not replace. `templates`:
    an environment whose compiled templates a preview keeps between runs (render.environment())."""
    arranged = Arranged({a.slug: a for w in works for a in w.arranged}, lineage)
    b = _builders(corpus, accounts, arranged, templates, site_url)
    home = b.reading.home()
    pages = [home]
    pages += [p for w in works for p in w.reading]
    pages += [p for w in works for p in w.history]
    pages += [p for w in works for p in w.comparison]
    own = []  # the pages that read every work
    if corpus.themes:
        own.append(b.themes.overview())
        own += [b.themes.theme_page(theme) for theme in corpus.themes]
    own.append(b.reading.glossary_page())
    own.append(check_page(b.render))
    own.append(search_page(b.render, corpus))
    own.append(handout_page(b.render, b.urls))
    pages += own
    api = Api(corpus, b.reading.accounts, b.urls, b.citations, arranged, b.comparisons.where, b.history.of_clause, b.render.drafts)
    files = api.corpus_files([w.api for w in works]) + qr_codes(corpus, b.urls)
    feeds = Feeds(corpus, arranged, b.urls, pages[0].title, pages[0].description)  # pages[0]: the home page
    files += feeds.files()

    resolver = Resolver({p.url: p.anchors for p in pages}, frozenset(f.path for f in files), docs)
    moved, script = redirects(corpus.redirects, resolver, docs, b.render)
    # In page order: the home page's, each work's (made with its part), then the site's own pages'.
    entries = search_entries([home], corpus, lineage, b.urls, b.citations)
    for kind in range(3):
        entries += tuple(e for w in works for e in w.entries[kind])
    entries += search_entries(own, corpus, lineage, b.urls, b.citations)
    return Site(tuple(feeds.with_feed(p) for p in pages + moved), tuple(b.reading.nav(docs)), tuple(files) + (script,), site_url, entries)


def make_pages(
    corpus: Corpus,
    accounts: list[WitnessAccount],
    comparisons: list[Comparison],
    lineage: Lineage,
    docs: Mapping[str, str],
    templates: Environment | None = None,
    site_url: str | None = None,
) -> Site:
    """Every page of the site, its navigation and its data files, in one call: each work's part
    from that work alone, then the site."""
    works = []
    for work in corpus.works:
        scoped = corpus.scoped(work)
        edition_ids = {e.id for e in work.editions}
        works.append(make_work_pages(
            scoped,
            [a for a in accounts if a.edition.id in edition_ids],
            [c for c in comparisons if c.new.id in edition_ids],
            trace_lineage(scoped, [c for c in comparisons if c.new.id in edition_ids]),
            templates,
            site_url,
        ))
    return make_site(corpus, accounts, lineage, works, docs, templates, site_url)
