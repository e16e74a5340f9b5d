"""Reading on paper and on phones. Printed pages are checked in the PDF Chromium makes of them (its
text read back by pdftotext, from Debian's poppler-utils), not in the stylesheet; phones by the
size of every control at 390 px; wide screens by how far apart a list's items stand."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import served

PRINCIPLE = "six-core-principles/ecs-england/ecs-p2/"
COMPARE = "six-core-principles/compare/aspect-2015--ecs-england/"


def pdf_text(page, path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs Debian's poppler-utils")
    page.pdf(path=str(path), format="A4")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_printed_reading_page_says_what_it_is_and_numbers_its_clauses(site_dir: Path, browser, tmp_path: Path) -> None:
    clauses = [c for c in json.loads((site_dir / "api/v1/clauses.json").read_text(encoding="utf-8"))["clauses"] if c["url"].startswith(PRINCIPLE)]
    page = browser.new_page()
    with served(site_dir) as base:
        page.goto(base + PRINCIPLE)
        text = pdf_text(page, tmp_path / "principle.pdf")
        page.context.close()
    first = " ".join(text.split())[:200]
    assert "Six Core Principles" in first and "ECS England" in first and "Principle 2" in first, first
    numbered = [c for c in clauses if re.search(r" ¶\d+$", c["citation"])]
    assert len(numbered) >= 10
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for clause in numbered:
        number = clause["citation"].rsplit(" ", 1)[1]
        start = " ".join(clause["text"].split()[:4])
        assert any(line.startswith(number) and start in line for line in lines), f"{clause['citation']}: no '{number} {start}' line on paper"


@pytest.mark.parametrize("view", ["p2/", "p2/side-by-side/"])
def test_a_printed_comparison_has_no_controls_and_every_clause(view: str, site_dir: Path, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    with served(site_dir) as base:
        page.goto(base + COMPARE + view)
        pairs = page.locator(".cmp-pair, .cmp-row").count()
        text = pdf_text(page, tmp_path / "compare.pdf")
        page.context.close()
    flat = " ".join(text.split())
    for screen_only in ("tick the box", "Also mark renames", "Show ", "Inline Side by side", "Side by side Next", "screen readers"):
        assert screen_only not in flat, f"{view}: {screen_only!r} printed"
    assert "all members of the community" in flat and "principles and practices of global citizenship" in flat, "unchanged clauses print too"
    if "side-by-side" in view:
        # Labelled pairs: each side says which edition it is, once per pair.
        assert flat.count("ASPECT 2015") == pairs and flat.count("ECS ENGLAND") == pairs


PHONE_PAGES = [PRINCIPLE, COMPARE, COMPARE + "p2/", COMPARE + "conduct/side-by-side/", "aewm-code/aewm-2019/aewm-practice/"]
CONTROLS = "button, summary, .ed-self, .ed-handout, .cmp-switch a, .cmp-options label, .md-header__button, .ed-notice-search"


@pytest.mark.parametrize("url", PHONE_PAGES)
def test_every_control_on_a_phone_is_a_44_px_target(url: str, site_dir: Path, browser) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    with served(site_dir) as base:
        page.goto(base + url)
        small = page.eval_on_selector_all(
            CONTROLS,
            """els => els.filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}))
                .map(e => [e, e.getBoundingClientRect()])
                .filter(([e, r]) => r.width > 0 && r.right > 0 && r.left < innerWidth)
                .filter(([e, r]) => r.width < 44 || r.height < 44)
                .map(([e, r]) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        )
        page.context.close()
    assert small == [], f"/{url}: " + "; ".join(sorted(set(small))[:10])


def test_short_list_items_read_as_a_list_on_a_wide_screen(site_dir: Path, browser) -> None:
    """What stands beside each item (its citation and the control that opens its tools) does not
    push the items apart: each item is no taller than its words and their spacing."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with served(site_dir) as base:
        page.goto(base + PRINCIPLE)
        heights = page.eval_on_selector_all(
            "ul.ed-list > li.ed-clause",
            """items => items.map(li => [li.id, li.getBoundingClientRect().height, li.querySelector('.ed-words').getBoundingClientRect().height])""",
        )
        # What stands beside an item (its counterpart, its themes...) is one click away, in its tools.
        item = page.locator("#ecs-p2-7")
        tools = item.locator(".ed-more-body")
        assert item.locator(".ed-cite-text").is_visible() and not tools.is_visible()
        item.locator("details.ed-more > summary").click()
        assert tools.is_visible() and "Aspect 2015" in tools.inner_text() and "Well-being" in tools.inner_text()
        page.context.close()
    assert len(heights) >= 8
    assert [h for h in heights if h[1] > h[2] + 12] == [], "items taller than their words"


def test_the_sidebar_title_covers_what_scrolls_under_it(site_dir: Path, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 600})
    with served(site_dir) as base:
        page.goto(base + "aewm-code/aewm-2019/aewm-practice/")
        page.evaluate("document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap').scrollTop = 120")
        covered = page.evaluate(
            """() => {
                const title = document.querySelector('.md-nav--primary > .md-nav__title');
                const r = title.getBoundingClientRect();
                const points = [];
                for (let y = r.top + 2; y < r.bottom; y += 4) for (let x = r.left + 4; x < r.right - 4; x += 20) points.push([x, y]);
                return points.every(([x, y]) => title.contains(document.elementFromPoint(x, y)));
            }"""
        )
        page.context.close()
    assert covered


def test_search_on_a_phone_has_44_px_controls(site_dir: Path, browser) -> None:
    """The header's search button, and the search page's field and button, are 44 px targets."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    with served(site_dir) as base:
        page.goto(base + PRINCIPLE)
        button = page.locator("form.ed-search-box button[type=submit]")
        box = button.bounding_box()
        header = page.eval_on_selector(".md-header", "e => e.getBoundingClientRect().bottom")
        assert box["width"] >= 44 and box["height"] >= 44, box
        assert box["y"] >= 0 and box["y"] + box["height"] <= header, "inside the header"
        button.tap()
        page.wait_for_url("**/search/*")
        sizes = [page.locator(selector).bounding_box() for selector in ("#srch-q", ".srch-submit")]
        page.context.close()
    assert all(b["height"] >= 44 for b in sizes), sizes
