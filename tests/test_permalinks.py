"""Published addresses never break: the register, the build's check, and redirects that land."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT
from edition import permalinks
from edition.build import build
from edition.model import Corpus
from test_build import project_copy

ASCL = "sources/works/ascl-blueprint/ascl-2015/blueprint.yaml"


def test_the_register_lists_every_published_address(corpus: Corpus) -> None:
    _, _, site = build(ROOT)
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


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_page_that_moves_needs_a_redirect_that_lands_on_the_clause(tmp_path: Path, browser) -> None:
    root = project_copy(tmp_path / "project")
    shutil_copy_register(root)
    edit(root, ASCL, "id: ascl-principles\n", "id: ascl-blueprint-principles\n")

    refused = check(root)
    assert refused.returncode == 1
    assert "sources/permalinks.txt:" in refused.stderr
    assert "the published address /ascl-blueprint/ascl-2015/ascl-principles/ no longer resolves (its page is gone)" in refused.stderr

    (root / "sources/redirects.yaml").write_text(
        "redirects:\n  - from: /ascl-blueprint/ascl-2015/ascl-principles/\n"
        "    to: /ascl-blueprint/ascl-2015/ascl-blueprint-principles/\n    reason: The section's id changed.\n",
        encoding="utf-8",
    )
    assert check(root).returncode == 0

    site = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    url, server = serve(site)
    try:
        page = browser.new_page()
        page.goto(url + "ascl-blueprint/ascl-2015/ascl-principles/#ascl-3")
        page.wait_for_url("**/ascl-blueprint-principles/#ascl-3")
        assert page.locator("#ascl-3").evaluate("el => el.matches(':target')")
        assert "Evidence:" in page.locator("#ascl-3").text_content()
        page.close()
    finally:
        server.shutdown()


def test_a_retired_clause_id_needs_a_fragment_redirect(tmp_path: Path, browser) -> None:
    root = project_copy(tmp_path / "project")
    shutil_copy_register(root)
    edit(root, ASCL, "  - id: ascl-3\n", "  - id: ascl-evidence\n")
    refused = check(root)
    assert refused.returncode == 1
    assert "/ascl-blueprint/ascl-2015/ascl-principles/#ascl-3 no longer resolves (its page no longer has that element)" in refused.stderr

    (root / "sources/redirects.yaml").write_text(
        "redirects:\n  - from: /ascl-blueprint/ascl-2015/ascl-principles/#ascl-3\n"
        "    to: /ascl-blueprint/ascl-2015/ascl-principles/#ascl-evidence\n    reason: Renumbered.\n",
        encoding="utf-8",
    )
    assert check(root).returncode == 0
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), check=True,
    )
    url, server = serve(site)
    try:
        page = browser.new_page()
        page.goto(url + "ascl-blueprint/ascl-2015/ascl-principles/#ascl-3")
        page.wait_for_url("**/#ascl-evidence")
        assert page.locator("#ascl-evidence").evaluate("el => el.matches(':target')")
        page.close()
    finally:
        server.shutdown()


def test_a_redirect_must_lead_somewhere(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "project")
    shutil_copy_register(root)
    (root / "sources/redirects.yaml").write_text(
        "redirects:\n  - from: /old/\n    to: /nowhere/\n    reason: Testing.\n", encoding="utf-8"
    )
    refused = check(root)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: sources/redirects.yaml:2: redirects[0].to: '/nowhere/' does not resolve on the site")


def shutil_copy_register(root: Path) -> None:
    """project_copy takes sources/ whole, register included; make sure of it."""
    assert (root / permalinks.REGISTER).read_bytes() == (ROOT / permalinks.REGISTER).read_bytes()
