"""The same edition built by Zensical (`make site ENGINE=zensical`), checked in Chromium: every
clause address opens a page showing that clause, the comparison pages carry their marks, and the
API is there, byte for byte as the default build publishes it, and the search box finds clauses.
(The full browser checks run on the default build.)"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import QUALITY, ROOT, SHOWN_TEXT_JS, served
from edition.pages import Site
from edition.pipeline import generate
from engines.zensical import AdapterFailed, fill_bodies
from test_build import site_build

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    if not ZENSICAL.exists():
        pytest.fail(f"{ZENSICAL} is missing: `make test` installs Zensical (requirements-zensical.txt)")
    site = tmp_path_factory.mktemp("zensical") / "site"
    built = site_build(ROOT, site, engine="zensical", ZENSICAL=str(ZENSICAL))
    assert built.returncode == 0, built.stderr[-3000:]
    return site


def test_every_clause_address_opens_its_clause(zensical_site: Path, site_dir: Path, browser) -> None:
    clauses = json.loads((zensical_site / "api" / "v1" / "clauses.json").read_text(encoding="utf-8"))["clauses"]
    by_page: dict[str, list[dict]] = defaultdict(list)
    for clause in clauses:
        by_page[clause["url"].partition("#")[0]].append(clause)
    problems = []
    page = browser.new_page()
    with served(zensical_site) as base:
        for url, on_page in sorted(by_page.items()):
            page.goto(base + url)
            found = page.evaluate(SHOWN_TEXT_JS, [c["id"] for c in on_page])
            for clause, text in zip(on_page, found):
                if text is None:
                    problems.append(f"{clause['url']}: no element #{clause['id']}")
                elif text.split() != clause["text"].split():
                    problems.append(f"{clause['url']}: #{clause['id']} does not show its text")
        page.context.close()
    QUALITY["Zensical build"] = f"{len(clauses)} clause addresses opened on {len(by_page)} pages, {len(problems)} problems"
    assert problems == [], "\n".join(problems[:20])


def test_comparison_pages_carry_their_marks(zensical_site: Path, browser) -> None:
    index = json.loads((zensical_site / "api" / "v1" / "index.json").read_text(encoding="utf-8"))
    page = browser.new_page()
    checked = 0
    with served(zensical_site) as base:
        for path in index["comparisons"]:
            data = json.loads((zensical_site / path).read_text(encoding="utf-8"))
            for change in data["changes"]:
                inserted = [s["text"] for s in change["spans"] if s["op"] == "insert"]
                deleted = [s["text"] for s in change["spans"] if s["op"] == "delete"]
                if not inserted and not deleted:
                    continue
                page.goto(base + change["diff_url"])
                row = page.locator("#" + change["diff_url"].partition("#")[2])
                assert row.locator("ins").count() >= (1 if inserted else 0), change["diff_url"]
                assert row.locator("del").count() >= (1 if deleted else 0), change["diff_url"]
                checked += 1
        page.context.close()
    assert checked > 30


def test_the_api_is_the_same_as_the_default_builds(zensical_site: Path, site_dir: Path) -> None:
    files = sorted(p.relative_to(site_dir) for p in (site_dir / "api").rglob("*.json"))
    assert files and files == sorted(p.relative_to(zensical_site) for p in (zensical_site / "api").rglob("*.json"))
    assert all((site_dir / f).read_bytes() == (zensical_site / f).read_bytes() for f in files)


def test_search_is_the_editions_own_and_the_same_as_the_default_builds(zensical_site: Path, site_dir: Path) -> None:
    """The search index (pagefind/) is byte for byte the default build's, and Zensical's own search
    is off: nothing in an index of its own, no search box of its own (tests/test_search.py runs the queries
    on both builds)."""
    files = sorted(p.relative_to(site_dir) for p in (site_dir / "pagefind").rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(zensical_site) for p in (zensical_site / "pagefind").rglob("*") if p.is_file())
    assert all((site_dir / f).read_bytes() == (zensical_site / f).read_bytes() for f in files)
    # Zensical still writes its index file with its search off: empty.
    own = zensical_site / "search.json"
    assert not own.exists() or json.loads(own.read_text(encoding="utf-8")).get("items") == []
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert 'class="ed-search-box"' in home and "md-search" not in home


def test_every_generated_page_carries_its_body_once_under_one_heading(zensical_site: Path) -> None:
    """Zensical builds large bodies from a stand-in that engines/zensical.py replaces afterwards:
    each page must end up with its own body, exactly once, and one <h1> (the body's or the theme's)."""
    problems = []
    for page in generate(ROOT).site.pages:
        html = (zensical_site / page.url / "index.html").read_text(encoding="utf-8")
        body = str(page.body)
        if html.count(body) != 1:
            problems.append(f"/{page.url}: body found {html.count(body)} times")
        headings = len(re.findall(r"<h1[\s>]", html))
        if headings != 1 or "edition:body" in html:
            problems.append(f"/{page.url}: {headings} <h1> elements, stand-in left: {'edition:body' in html}")
    assert problems == [], "\n".join(problems[:20])


def test_a_built_page_without_its_stand_in_is_refused(tmp_path: Path) -> None:
    page = next(p for p in generate(ROOT).site.pages if p.search is not None)
    (tmp_path / page.url).mkdir(parents=True)
    (tmp_path / page.url / "index.html").write_text("<html><body>no stand-in</body></html>", encoding="utf-8")
    with pytest.raises(AdapterFailed, match="stand-in"):
        fill_bodies(tmp_path, Site(pages=(page,)))
