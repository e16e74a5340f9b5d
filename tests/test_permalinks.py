"""Published addresses never break: the register, the build's check, and redirects that land."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import ROOT, served
from edition import permalinks
from edition.pipeline import check_addresses, generate
from edition.model import Corpus
from test_build import site_build, project_copy

if TYPE_CHECKING:
    from playwright.sync_api import Locator

ASCL = "sources/works/ascl-blueprint/ascl-2015/blueprint.yaml"


def test_the_register_lists_every_published_address(corpus: Corpus) -> None:
    generated = generate(ROOT)
    check_addresses(generated, ROOT)
    site = generated.site
    listed = {url for _, url in permalinks.read_register(ROOT)}
    missing = sorted(set(permalinks.published(site, corpus, permalinks.docs_pages(ROOT / "docs"))) - listed)
    assert missing == [], f"published but not registered (run `make permalinks` and commit): {missing[:5]}"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.ids.update(v for k, v in attrs if k == "id" and v)


def test_every_registered_address_resolves_in_the_built_site(site_dir: Path) -> None:
    ids: dict[str, set[str]] = {}
    for _, address in permalinks.read_register(ROOT):
        page, _, fragment = address.partition("#")
        path = site_dir / (page + "index.html" if page.endswith("/") or not page else page)
        assert path.is_file(), address
        if fragment:
            if page not in ids:
                parser = _Ids()
                parser.feed(path.read_text(encoding="utf-8"))
                ids[page] = parser.ids
            assert fragment in ids[page], address


def check(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    return subprocess.run([sys.executable, "-m", "edition", "check", "--root", str(root)], capture_output=True, text=True, env=env, check=False)


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def redirect(root: Path, source: str, target: str) -> None:
    """Declare one more redirect (the first replaces the project's empty list)."""
    path = root / "sources/redirects.yaml"
    text = path.read_text(encoding="utf-8")
    text = text if text.startswith("redirects:\n  - from:") else "redirects:\n"
    path.write_text(text + f"  - from: {source}\n    to: {target}\n    reason: Testing.\n", encoding="utf-8")


@contextlib.contextmanager
def landed(root: Path, site: Path, browser, address: str, lands_on: str) -> Iterator[Locator]:
    """Build the site, open `address` in Chromium and wait until it lands on `lands_on`: the
    element it lands on, while the page is open."""
    built = site_build(root, site)
    assert built.returncode == 0, built.stderr[-2000:]
    with served(site) as url:
        page = browser.new_page()
        try:
            page.goto(url + address)
            page.wait_for_url("**/" + lands_on)
            yield page.locator("#" + lands_on.partition("#")[2])
        finally:
            page.close()


def test_a_page_that_moves_needs_a_redirect_that_lands_on_the_clause(tmp_path: Path, browser) -> None:
    root = project_copy(tmp_path / "project")
    assert_register_copied(root)
    edit(root, ASCL, "id: ascl-principles\n", "id: ascl-blueprint-principles\n")

    refused = check(root)
    assert refused.returncode == 1
    assert "sources/permalinks.txt:" in refused.stderr
    assert "the published address /ascl-blueprint/ascl-2015/ascl-principles/ no longer resolves (its page is gone)" in refused.stderr

    redirect(root, "/ascl-blueprint/ascl-2015/ascl-principles/", "/ascl-blueprint/ascl-2015/ascl-blueprint-principles/")
    assert check(root).returncode == 0
    with landed(root, tmp_path / "site", browser, "ascl-blueprint/ascl-2015/ascl-principles/#ascl-3", "ascl-blueprint-principles/#ascl-3") as clause:
        assert clause.evaluate("el => el.matches(':target')")
        assert "Evidence:" in clause.text_content()


def test_a_retired_clause_id_needs_a_fragment_redirect(tmp_path: Path, browser) -> None:
    root = project_copy(tmp_path / "project")
    assert_register_copied(root)
    edit(root, ASCL, "  - id: ascl-3\n", "  - id: ascl-evidence\n")
    refused = check(root)
    assert refused.returncode == 1
    assert "/ascl-blueprint/ascl-2015/ascl-principles/#ascl-3 no longer resolves (its page no longer has that element)" in refused.stderr

    # Its line (named by the clause, which has no alignment key) is a current address and a history.
    redirect(root, "/ascl-blueprint/ascl-2015/ascl-principles/#ascl-3", "/ascl-blueprint/ascl-2015/ascl-principles/#ascl-evidence")
    refused = check(root)
    assert "/ascl-blueprint/current/#ascl-3 no longer resolves (its page no longer has that element)" in refused.stderr
    redirect(root, "/ascl-blueprint/current/#ascl-3", "/ascl-blueprint/current/#ascl-evidence")
    refused = check(root)
    assert "/ascl-blueprint/history/#ascl-3 no longer resolves" in refused.stderr
    redirect(root, "/ascl-blueprint/history/#ascl-3", "/ascl-blueprint/history/#ascl-evidence")
    assert check(root).returncode == 0
    with landed(root, tmp_path / "site", browser, "ascl-blueprint/ascl-2015/ascl-principles/#ascl-3", "ascl-principles/#ascl-evidence") as clause:
        assert clause.evaluate("el => el.matches(':target')")
    # The current address of the retired id still leads to the clause's current text.
    with landed(root, tmp_path / "site2", browser, "ascl-blueprint/current/#ascl-3", "ascl-principles/#ascl-evidence") as clause:
        assert clause.evaluate("el => el.matches(':target')")


def test_a_redirect_must_lead_somewhere(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "project")
    assert_register_copied(root)
    redirect(root, "/old/", "/nowhere/")
    refused = check(root)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: sources/redirects.yaml:2: redirects[0].to: '/nowhere/' does not resolve on the site")


def assert_register_copied(root: Path) -> None:
    """project_copy takes sources/ whole, register included; make sure of it."""
    assert (root / permalinks.REGISTER).read_bytes() == (ROOT / permalinks.REGISTER).read_bytes()
