"""make_pages: the pages stage, from the model, the fidelity accounts and the comparisons to a Site."""

from __future__ import annotations

from collections.abc import Mapping

from jinja2 import Environment

from ..compare import Comparison
from ..fidelity import WitnessAccount
from ..lineage import Lineage
from ..model import Corpus
from ..addresses import Resolver
from ..citation import Citations
from ..drafts import draft_editions
from .api import Api
from .arrange import Arranged, arrange
from .check import check_page
from .feeds import Feeds
from .comparison import ComparisonPages
from .handouts import handout_page, qr_codes
from .history import HistoryPages
from .reading import ReadingPages
from .redirects import redirects
from .render import Renderer
from .search import search_entries, search_page
from .themes import ThemePages
from .urls import Urls
from .site import Site


def make_pages(
    corpus: Corpus,
    accounts: list[WitnessAccount],
    comparisons: list[Comparison],
    lineage: Lineage,
    docs: Mapping[str, str],
    templates: Environment | None = None,
    site_url: str | None = None,
) -> Site:
    """Every page of the site, its navigation and its data files. `docs` are the hand-written pages
    (URL -> file), which redirects may not replace. `templates`: an environment whose compiled
    templates a preview keeps between runs (render.environment()); by default, a new one."""

    urls = Urls(corpus, site_url)
    citations = Citations(corpus)
    arranged = Arranged({c.slug: arrange(c) for c in comparisons}, lineage)

    def comparisons_of(work):
        return [(c, urls.comparison(work.id, c.old.id, c.new.id)) for c in arranged.of_work(work)]

    render = Renderer(corpus, urls, comparisons_of, templates, draft_editions(corpus))
    comparison_pages = ComparisonPages(corpus, urls, citations, render)
    theme_pages = ThemePages(corpus, urls, citations, render)
    history = HistoryPages(corpus, lineage, arranged, urls, citations, render, comparison_pages.where)
    reading = ReadingPages(corpus, accounts, urls, citations, render, arranged, comparison_pages.where, theme_pages, history.of_clause)

    pages = [reading.home()]
    for work in corpus.works:
        pages.append(reading.work_page(work))
        for edition in work.editions:
            pages.append(reading.edition_page(edition))
            pages += [reading.section_page(edition, s) for s, _ in reading.page_sections(edition)]
            pages.append(reading.ledger_page(edition))
            pages.append(reading.witness_page(edition))
    for work in corpus.works:
        pages += history.pages(work)
    for comparison in arranged.all():
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
    files = Api(corpus, reading.accounts, urls, citations, arranged, comparison_pages.where, history.of_clause).files() + qr_codes(corpus, urls)
    feeds = Feeds(corpus, arranged, urls, pages[0].title, pages[0].description)  # pages[0]: the home page
    files += feeds.files()

    resolver = Resolver({p.url: p.anchors for p in pages}, frozenset(f.path for f in files), docs)
    moved, script = redirects(corpus.redirects, resolver, docs, render)
    entries = search_entries(pages, corpus, lineage, urls, citations)
    return Site(tuple(feeds.with_feed(p) for p in pages + moved), tuple(reading.nav(docs)), tuple(files) + (script,), site_url, entries)
