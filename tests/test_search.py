"""The search box lands on clauses: what a policy officer types puts first a clause that says it,
titled with its citation and showing its words; overview pages never come first."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import QUALITY, served

QUERIES = ["social media", "well-being", "safeguarding", "attainment gap", "accountable"]
RESULTS: dict[str, str] = {}


def _results(page, base: str, query: str) -> list[dict[str, str]]:
    """The results as a reader sees them, in order: each link's address, title and excerpt."""
    page.goto(base)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query)
    page.wait_for_selector(".md-search-result__link")
    page.wait_for_timeout(300)  # the list settles after the last keystroke
    return page.eval_on_selector_all(
        ".md-search-result__link",
        """links => links.map(a => {
            const article = a.querySelector('article');
            return {
                href: a.getAttribute('href'),
                score: parseFloat(article.dataset.mdScore),
                title: (article.querySelector('h1, h2') || {textContent: ''}).textContent.trim(),
                text: [...article.childNodes].filter(n => !(n.matches && n.matches('h1, h2, .md-search-result__icon, .md-search-result__terms')))
                    .map(n => n.textContent).join('').trim(),
            };
        })""",
    )


@pytest.mark.parametrize("query", QUERIES)
def test_the_first_result_is_a_clause_that_says_it(query: str, site_dir: Path, browser) -> None:
    clauses = {c["id"]: c for c in json.loads((site_dir / "api/v1/clauses.json").read_text(encoding="utf-8"))["clauses"]}
    page = browser.new_page()
    with served(site_dir) as base:
        results = _results(page, base, query)
        page.context.close()
    # Material heads each page's results with the page's own record (scored 0, its title only);
    # the first scored result is the best match.
    first = next(r for r in results if r["score"] > 0)
    fragment = first["href"].partition("#")[2]
    assert fragment in clauses, f"{query!r}: the first result is {first['href']} ({first['title']}), not a clause"
    clause = clauses[fragment]
    words = [w for w in re.split(r"[\s\-]+", query.lower()) if w]
    assert all(w in clause["text"].lower() for w in words), f"{query!r}: {clause['citation']} does not say it"
    assert first["title"] == clause["citation"], "a clause's result is titled with its citation"
    assert " ".join(clause["text"].split())[:40] in " ".join(first["text"].split()), "and shows its words"
    RESULTS[query] = clause["citation"]
    QUALITY["search"] = "; ".join(f"{q!r} -> {c}" for q, c in RESULTS.items())


def test_an_overview_table_is_not_indexed_as_one_blob(site_dir: Path) -> None:
    """The themes table (a grid of counts) and the comparison summary's list of every change are left
    out of the index; their pages keep their headings and prose."""
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d["text"] for d in index["docs"]}
    themes = " ".join(text for location, text in docs.items() if location.startswith("themes/"))
    assert not re.search(r"\b\d of \d\b", themes), "the table's 'documents' column (3 of 5) is not indexed"
    assert "Definitions" in " ".join(d["title"] for d in index["docs"] if d["location"].startswith("themes/")) or docs.get("themes/#definitions") is not None
    summary = [text for location, text in docs.items() if "/compare/" in location and "#changes" in location]
    assert summary and not any(summary), "the summary's change list is not indexed again (the clauses are)"
