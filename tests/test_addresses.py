"""Links that tell the truth: an address whose fragment names nothing on its page says so; the
"not found" page helps at any depth; SITE_URL gives every page its canonical address, the sitemap
every page, and copied citations the published address."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT, served

PAGE = "six-core-principles/ecs-england/ecs-p2/"


def test_an_unknown_clause_address_names_the_id(site_dir: Path, browser) -> None:
    page = browser.new_page()
    with served(site_dir) as base:
        page.goto(f"{base}{PAGE}#ecs-p2-99")
        notice = page.locator(".ed-notice--missing")
        notice.wait_for()
        assert notice.is_visible() and "ecs-p2-99" in notice.inner_text()
        assert page.evaluate("document.activeElement.classList.contains('ed-notice')"), "focus goes to the notice"
        # The page's contents, by citation, and the search box.
        links = notice.locator(".ed-notice-contents a")
        assert links.count() == 14 and links.first.get_attribute("href") == "#ecs-p2-k"
        notice.locator(".ed-notice-search").click()
        assert page.evaluate("document.activeElement.matches('#ed-search-q')")
        # A known clause shows no notice; following a link to one removes it.
        page.goto(f"{base}{PAGE}#ecs-p2-7")
        assert page.locator(".ed-notice--missing").count() == 0
        page.goto(f"{base}{PAGE}#nothing-here")
        page.locator(".ed-notice--missing").wait_for()
        page.evaluate("location.hash = '#ecs-p2-1'")
        page.wait_for_function("!document.querySelector('.ed-notice--missing')")
        page.context.close()


def test_a_hostile_fragment_is_shown_as_text(site_dir: Path, browser) -> None:
    page = browser.new_page()
    fragment = '<img src=x onerror="window.ran=1"><b>bold</b>'
    with served(site_dir) as base:
        page.goto(f"{base}{PAGE}#{fragment}")
        notice = page.locator(".ed-notice--missing")
        notice.wait_for()
        assert notice.locator("img, b").count() == 0
        assert fragment in notice.locator("code").inner_text()
        assert page.evaluate("window.ran") is None
        page.context.close()


@pytest.mark.parametrize("missing", ["nothing/", "six-core-principles/ecs-england/ecs-p9/", "a/b/c/d/e/f/"])
def test_not_found_helps_at_any_depth(missing: str, site_dir: Path, browser) -> None:
    page = browser.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.url.rstrip("/").split("/")[-1] not in missing else None)
    with served(site_dir) as base:
        response = page.goto(base + missing)
        assert response.status == 404
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "Not found"
        assert unquote(page.locator("#ed-missing-address").inner_text()) == "/" + missing
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed"), "the theme's styles load"
        hrefs = page.eval_on_selector_all(".ed-not-found a", "links => links.map(a => a.href)")
        assert len(hrefs) == 5
        for href in hrefs:
            assert page.request.get(href).status == 200, href
        assert page.locator(".ed-not-found .ed-notice-search").count() == 1
        page.context.close()
    assert [u for u in failed if not u.startswith(base + missing)] == [], "every style, script and image of the page loads"
    # The one error the browser reports is the status of the address asked for, which is the point.
    expected = f"(Not Found) ({base}{missing})"
    browser.reported[:] = [r for r in browser.reported if not r.endswith(expected)]


def test_site_url_gives_canonical_links_and_a_full_sitemap(published: Path) -> None:
    pages = sorted(p for p in published.rglob("*.html") if p.name != "404.html")
    for path in pages:
        url = path.relative_to(published).as_posix().removesuffix("index.html")
        canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', path.read_text(encoding="utf-8"))
        assert canonical == [f"https://example.org/principles/{url}"], url
    sitemap = set(re.findall(r"<loc>([^<]+)</loc>", (published / "sitemap.xml").read_text(encoding="utf-8")))
    assert sitemap == {f"https://example.org/principles/{p.relative_to(published).as_posix().removesuffix('index.html')}" for p in pages}
    assert 'href="/principles/assets/' in (published / "404.html").read_text(encoding="utf-8"), "the 404 page works under the path"


def test_a_copied_citation_uses_the_published_address(published: Path, browser) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    with served(published) as base:
        page.goto(f"{base}{PAGE}")
        page.locator("#ecs-p2-7 details.ed-more > summary").click()  # the clause's tools
        page.locator("#ecs-p2-7 button.ed-copy").first.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        context.close()
    assert copied.startswith("ECS England, Principle 2 ¶7, ")
    assert copied.endswith(f" https://example.org/principles/{PAGE}#ecs-p2-7")


def test_a_bad_site_url_is_refused(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), SITE_URL="example.org/principles")
    built = subprocess.run([sys.executable, "-m", "edition", "site", "--site-dir", str(tmp_path / "site")], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert built.returncode != 0 and "SITE_URL 'example.org/principles'" in built.stderr
    assert not (tmp_path / "site").exists()
