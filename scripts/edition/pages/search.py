"""Search, owned by the edition rather than by a site engine: what is searchable, as entries every
engine's build indexes the same way (search_index.py, with Pagefind), and the search page that
reads them (search/?q=..., docs/assets/search.js).

Each clause and footnote is an entry of its own, titled with its citation, with its document, its
edition and whether that edition is current (no later edition supersedes it) as filters, and, for a
superseded one, its counterpart in the current edition. Pages that list or summarise are entries of
kind "page", which the search page ranks after the clauses; pages kept out of search (an empty
`Page.search`) are not entries at all. The entries hold text only: the search page writes every
field it shows as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from ..lineage import Lineage
from ..model import Corpus, Edition
from .site import Page, SearchEntry
from .render import Renderer
from .urls import SEARCH, Urls


def search_entries(pages: Iterable[Page], corpus: Corpus, lineage: Lineage, urls: Urls, citations) -> tuple[SearchEntry, ...]:
    """Every searchable entry of the site, in page order (the order is the index's: it is built
    the same from the same sources)."""
    edition_of = {c.id: e for e in corpus.editions() for c in (*e.clauses(), *e.footnotes())}
    out: list[SearchEntry] = []
    for page in pages:
        if page.search == ():
            continue
        if page.search is None:
            out.append(SearchEntry(page.url, page.title, html_text(str(page.body)), "page"))
            continue
        for record in page.search:
            if record.kind == "page":
                continue  # the page's own record groups its clauses for an engine; here each clause stands alone
            clause_id = record.location.partition("#")[2]
            edition = edition_of[clause_id]
            counterpart = _current_counterpart(lineage, edition, clause_id)
            out.append(SearchEntry(
                record.location, record.title, record.text, "clause",
                document=corpus.work(edition.work_id).title,
                edition=edition.short_name,
                document_id=edition.work_id,
                edition_id=edition.id,
                status="current" if lineage.is_current(edition) else "superseded",
                current_url=str(urls.clause(counterpart)) if counterpart else "",
                current_title=citations.cite(counterpart) if counterpart else "",
            ))
    return tuple(out)


def _current_counterpart(lineage: Lineage, edition: Edition, clause_id: str) -> str | None:
    """For a clause of a superseded edition: its first counterpart in a current edition, if any."""
    if lineage.is_current(edition) or not lineage.has_line(clause_id):
        return None
    return next((clauses[0].id for _, clauses in lineage.current_readings(clause_id) if clauses), None)


class _Text(HTMLParser):
    """A generated page's words, less what it marks as not for search (data-search-exclude)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            return
        if self.skipping or any(name == "data-search-exclude" for name, _ in attrs) or tag in ("script", "style"):
            self.skipping += 1

    def handle_endtag(self, tag) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            return
        if self.skipping:
            self.skipping -= 1

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The words of a piece of the site's own HTML (a generated page's body, a rendered docs page)."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def search_page(render: Renderer, corpus: Corpus) -> Page:
    """search/?q=...: an address with the query in it, to link and bookmark; the results are drawn
    in the reader's browser from the index (docs/assets/search.js)."""
    documents = [(w.id, w.title, [(e.id, e.short_name) for e in w.editions]) for w in corpus.works]
    body = render("search.html", SEARCH, documents=documents, index=f"{SEARCH_INDEX}pagefind.js")
    return Page(SEARCH, "Search", body, "Search the edition's texts: words, exact phrases, one document or edition, the current editions only.", search=(), in_nav=False)


SEARCH_INDEX = "pagefind/"  # where the index lives in the site (search_index.py writes it)

