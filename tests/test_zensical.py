"""The same edition built by Zensical (`make site ENGINE=zensical`), checked in Chromium: every
clause address opens a page showing that clause, the comparison pages carry their marks, and the
API is there, byte for byte as the default build publishes it. (The full browser checks run on the
default build; Zensical's search is its own, coarser: README.)"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import QUALITY, ROOT, SHOWN_TEXT_JS, served
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
    assert (zensical_site / "search.json").is_file()  # Zensical's own search index
