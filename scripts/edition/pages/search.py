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

from ..model import Corpus
from . import Page
from .arrange import Arrangement
from .render import Renderer
from .urls import SEARCH, Urls


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


def search_entries(pages: Iterable[Page], corpus: Corpus, arranged: list[Arrangement], urls: Urls, citations) -> tuple[SearchEntry, ...]:
    """Every searchable entry of the site, in page order (the order is the index's: it is built
    the same from the same sources)."""
    edition_of = {c.id: e for e in corpus.editions() for c in (*e.clauses(), *e.footnotes())}
    current = _current_counterparts(corpus, arranged)
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
            counterpart = current.get(clause_id)
            out.append(SearchEntry(
                record.location, record.title, record.text, "clause",
                document=corpus.work(edition.work_id).title,
                edition=edition.short_name,
                document_id=edition.work_id,
                edition_id=edition.id,
                status="superseded" if corpus.superseded_by(edition) else "current",
                current_url=str(urls.clause(counterpart)) if counterpart else "",
                current_title=citations.cite(counterpart) if counterpart else "",
            ))
    return tuple(out)


def _current_counterparts(corpus: Corpus, arranged: list[Arrangement]) -> dict[str, str]:
    """Each clause of a superseded edition -> its first counterpart in the edition that replaces it."""
    out: dict[str, str] = {}
    for comparison in arranged:
        found = corpus.superseded_by(comparison.old)
        if found is None or found[0].id != comparison.new.id:
            continue
        for row in comparison.rows():
            for clause in row.old:
                if row.new:
                    out[clause.id] = row.new[0].id
    return out


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

