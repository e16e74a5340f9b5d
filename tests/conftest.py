"""Shared fixtures: the project root, the loaded corpus, and scratch copies of sources to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.loader import load_corpus
from edition.model import Corpus

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(ROOT)


def copy_root(source_root: Path, destination: Path) -> Path:
    """A scratch project root holding a copy of `source_root`'s sources/ (schemas stay with the code)."""
    shutil.copytree(source_root / "sources", destination / "sources")
    return destination


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    return copy_root(ROOT, tmp_path / "root")


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    return copy_root(MINI, tmp_path / "mini")


# --- the built site, served on localhost, and a real browser ----------------------------------

import contextlib  # noqa: E402
import os  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from edition.fidelity import WitnessAccount, check_corpus  # noqa: E402

import site_host  # noqa: E402

# Servers whose block has ended, stopped when the test using them ends (_the_browser_reported_nothing).
_ENDED: list[contextlib.ExitStack] = []


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """The site in `directory` on a free local port (site_host.served: a static host, with its 404
    page), from the block's start until the end of the test that runs it, not of the block: a page
    the test closes after the block may still be fetching a file after its load event (a favicon),
    and a server stopped under it resets the connection, an error no test caused (it failed a CI run)."""
    server = contextlib.ExitStack()
    url = server.enter_context(site_host.served(directory))
    try:
        yield url
    finally:
        _ENDED.append(server)


def _stop_ended_servers() -> None:
    while _ENDED:
        _ENDED.pop().close()


def pytest_sessionfinish(session, exitstatus) -> None:
    """Stop the servers still waiting for their test to end (a session's or a module's fixture ends
    after the last test): left to the interpreter's exit, a server's shutdown waits for its thread,
    which no longer runs then, and the run never ends."""
    _stop_ended_servers()

SITE = Path(os.environ.get("EDITION_SITE", ROOT / "site"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags for headless Chromium on a machine without network: no background traffic of its own.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


@pytest.fixture(scope="session")
def accounts(corpus: Corpus) -> dict[str, WitnessAccount]:
    return {a.edition.id: a for a in check_corpus(corpus)}


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make site` (make test does this first)")
    return SITE


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The real build with SITE_URL set, as `SITE_URL=... make site` runs it."""
    import subprocess
    import sys

    site = tmp_path_factory.mktemp("published") / "site"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), SITE_URL=PUBLISHED_AT)
    built = subprocess.run([sys.executable, "-m", "edition", "site", "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    return site


PUBLISHED_AT = "https://example.org/principles"


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    with served(site_dir) as url:
        yield url


class WatchedBrowser:
    """The browser, as tests use it: every context and page it opens reports what goes wrong in it
    (console errors, which include Content-Security-Policy violations, and uncaught exceptions) to
    `reported`, which each test must leave empty (see _the_browser_reported_nothing)."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self.reported: list[str] = []

    def _watch(self, target) -> None:
        target.on("console", lambda m: self.reported.append(f"{m.type}: {m.text} ({m.location.get('url', '')})") if m.type == "error" else None)

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        self._watch(context)
        context.on("weberror", lambda error: self.reported.append(f"uncaught: {error.error}"))
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield WatchedBrowser(instance)
        instance.close()


@pytest.fixture(autouse=True)
def _the_browser_reported_nothing(request):
    """Every browser test also checks that the browser reported no error: no CSP violation, no
    script error, on any page it opened."""
    yield
    _stop_ended_servers()
    if "browser" in request.fixturenames:
        watched = request.getfixturevalue("browser")
        reported, watched.reported[:] = list(watched.reported), []
        assert reported == [], "the browser reported:\n" + "\n".join(reported[:20])


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the built site, as URLs relative to the site root."""
    urls = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        urls.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return urls


# --- the figures the quality gates report at the end of every run -------------------------------

QUALITY: dict[str, str] = {}
TOOLS = ROOT / "tests" / "tools" / "node_modules"


def pytest_terminal_summary(terminalreporter) -> None:
    if QUALITY:
        terminalreporter.section("quality gates")
        for name, figure in QUALITY.items():
            terminalreporter.write_line(f"{name}: {figure}")


def tool(relative: str) -> Path:
    path = TOOLS / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: `make test` installs the checkers (npm ci --prefix tests/tools)")
    return path


# The printed words an element shows: its visible text, less the editor's (class "editorial").
SHOWN_TEXT_JS = """(ids) => ids.map(id => {
    const el = document.getElementById(id);
    if (!el) return null;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('.editorial') || !n.parentElement.checkVisibility()) continue;
      parts.push(n.nodeValue);
    }
    return parts.join('');
})"""
