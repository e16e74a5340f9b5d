"""Search, measured (make bench): what a reader's browser fetches for a first query, and how long
until the first result is drawn, for the edition's search (Pagefind, search/?q=...) and for a stock
Material site's built-in search (lunr over one index file) holding the same texts. Debian's
Chromium, the network as the Chrome DevTools Protocol reports it. Figures only; nothing is asserted.

    python bench/search_bench.py <edition site> <stock site>
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from site_host import served  # noqa: E402

QUERIES = ("professional leadership", "social media", "attendance", "school improvement partners", "equality of opportunity")
# A synthetic corpus (bench/synthetic.py) has its own words: queries that its texts hold.
SYNTHETIC_QUERIES = ("professional leadership", "safeguarding", "community partnership", "equality inclusion", "evidence review")
RUNS = 3
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


# What belongs to search, by address; the rest (the page, the theme) every page loads.
SEARCH_PART = ("pagefind/", "assets/search.js", "search/search_index.json", "workers/search")


def _fetched(page, run) -> tuple[int, int, int, float]:
    """(bytes over the wire, of which search's own, requests, seconds) of what `run` makes the
    page fetch, from a cold cache."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    session.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    session.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    page.wait_for_timeout(300)  # late responses (a fragment drawn after the first result)
    session.detach()
    own = sum(size for request, size in sizes.items() if any(part in urls.get(request, "") for part in SEARCH_PART))
    return sum(sizes.values()), own, len(sizes), seconds


def edition_first_query(page, base: str, query: str) -> tuple[int, int, int, float]:
    """The search page opened with the query in its address, to the first result drawn: the page,
    its script, Pagefind's module and WebAssembly, and the index chunks and fragments it needs."""
    def run() -> None:
        page.goto(f"{base}search/?q={quote(query)}")
        page.wait_for_selector("#srch-results .srch-result, #srch-status:has-text('Nothing')", timeout=30_000)
    return _fetched(page, run)


def stock_first_query(page, base: str, query: str) -> tuple[int, int, int, float]:
    """The stock site's home page opened and its search box typed into, to the first result drawn:
    the page, its search worker and its whole lunr index (which the theme loads with the page)."""
    def run() -> None:
        page.goto(base)
        page.click(".md-search__input")
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
    return _fetched(page, run)


def measure(site: Path, first_query, queries: tuple[str, ...] = QUERIES) -> tuple[float, float, float, float]:
    """Medians over `queries` x RUNS: (KB fetched, KB of it search's own, requests, ms to the first result)."""
    from playwright.sync_api import sync_playwright

    kb, own, requests, ms = [], [], [], []
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for query in queries:
            for _ in range(RUNS):
                page = browser.new_page()
                size, search, count, seconds = first_query(page, base, query)
                page.close()
                kb.append(size / 1024)
                own.append(search / 1024)
                requests.append(count)
                ms.append(seconds * 1000)
        browser.close()
    return statistics.median(kb), statistics.median(own), statistics.median(requests), statistics.median(ms)


def bundle_size(site: Path, directory: str) -> float:
    return sum(p.stat().st_size for p in (site / directory).rglob("*") if p.is_file()) / 1024


def report(sites: list[tuple]) -> list[str]:
    """`sites`: (corpus name, edition site, stock site[, queries]) for each corpus (QUERIES, the
    real corpus's, unless given)."""
    lines = [
        "## Search", "",
        "A first query from a cold cache, the median over five queries (words the corpus's texts hold: "
        f"{', '.join(QUERIES)} in the real corpus; {', '.join(SYNTHETIC_QUERIES)} in a synthetic one) and "
        f"{RUNS} runs each: the edition's search page opened with the query in its address (the page, "
        "the theme, and search's own: its script, Pagefind's module and WebAssembly, and the index "
        "chunks and fragments the query needs), against the stock Material site's home page opened "
        "and its search box typed into (the page, the theme, and search's own: its worker and its "
        "whole lunr index). The whole index on disk beside it: Pagefind loads only the chunks a query needs.", "",
        "| corpus | search | fetched in all | of which search's own | requests | first result drawn | index on disk |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, edition, stock, *given in sites:
        queries = tuple(given[0]) if given else QUERIES
        for label, site, first_query, directory in (("edition (Pagefind)", edition, edition_first_query, "pagefind"),
                                                    ("stock Material (lunr)", stock, stock_first_query, "search")):
            kb, own, requests, ms = measure(site, first_query, queries)
            lines.append(f"| {name} | {label} | {kb:.0f} KB | {own:.0f} KB | {requests:.0f} | {ms:.0f} ms | {bundle_size(site, directory):.0f} KB |")
            print(lines[-1], flush=True)
    return lines


if __name__ == "__main__":
    print("\n".join(report([("given", Path(sys.argv[1]), Path(sys.argv[2]))])))
