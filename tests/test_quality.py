"""Quality gates over the whole built site: accessibility, valid HTML, links, privacy, determinism."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from conftest import QUALITY, site_pages, tool
from test_build import project_copy, site_build

# axe-core rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def test_every_page_passes_axe_in_both_schemes_and_requests_nothing_from_elsewhere(browser, site_dir: Path, site_url: str) -> None:
    axe = tool("axe-core/axe.min.js")
    pages = site_pages(site_dir)
    own = urlparse(site_url).netloc
    violations: list[str] = []
    foreign: set[str] = set()
    loads = 0
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        # As an init script (CDP), axe is not an inline script of the page: the page's CSP stays in force.
        context.add_init_script(path=str(axe))
        page = context.new_page()
        page.on("request", lambda r: foreign.add(r.url) if urlparse(r.url).netloc not in (own, "") else None)
        for url in pages:
            # Every request is recorded in the first pass; the second only needs the page drawn.
            page.goto(site_url + url, wait_until="networkidle" if scheme == "light" else "load")
            loads += 1
            expected = "slate" if scheme == "dark" else "default"
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected, url
            found = page.evaluate(
                """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})
                    .then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')))""",
                AXE_TAGS,
            )
            violations += [f"{scheme} {url or '/'}: {v}" for v in found]
        # Search loads its index (WebAssembly, chunks, fragments) on demand: exercise it too.
        page.goto(site_url)
        page.fill("#ed-search-q", "well-being")
        page.press("#ed-search-q", "Enter")
        page.wait_for_selector("#srch-results .srch-result")
        page.wait_for_load_state("networkidle")
        context.close()
    QUALITY["axe-core"] = f"{len(pages)} pages x 2 colour schemes ({loads} page loads), {len(violations)} violations"
    QUALITY["privacy"] = f"{loads} page loads (each page to network idle once) and a search, {len(foreign)} requests to another host"
    assert violations == [], "\n".join(violations[:30])
    assert sorted(foreign) == []


def test_every_page_is_valid_html(site_dir: Path) -> None:
    vnu = tool("vnu-jar/build/dist/vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--format", "json", "--skip-non-html", str(site_dir)],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error" or (m["type"] == "non-document-error")]
    warnings = [m for m in messages if m.get("subType") == "warning"]
    # The checker reads the pages as file: URLs, which have no origin, so it finds every file a
    # page loads "blocked" by the policy's 'self'; the browser tests load them over HTTP instead.
    file_origin = [m for m in warnings if m["message"].startswith("Resource violates Content Security Policy (meta tag)")]
    warnings = [m for m in warnings if m not in file_origin]
    files = len(list(site_dir.rglob("*.html")))
    QUALITY["Nu Html Checker"] = (
        f"{files} HTML files, {len(errors)} errors, {len(warnings)} warnings "
        f"(and {len(file_origin)} about the CSP's 'self', which a file: URL cannot match)"
    )
    assert errors == [], "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors[:20])
    assert files == len(site_pages(site_dir))


class _Links(HTMLParser):
    """Every address a page refers to, and every id it carries."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("preconnect", "dns-prefetch")):
                self.refs.append(values[name])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_fragment_resolves(site_dir: Path) -> None:
    """Standard-library HTML parsing and URL resolution; LinkChecker 10.6 was measured at 8 minutes
    for this site over HTTP, and cannot check fragments of directory URLs over file://."""
    base = "http://site.invalid/"
    parsed: dict[Path, _Links] = {}
    checked = external = 0
    broken: list[str] = []
    for url in site_pages(site_dir):
        source = site_dir / (url + "index.html" if url.endswith("/") or not url else url)
        links = parsed.setdefault(source, _parse(source))
        for ref in links.refs:
            target = urlparse(urljoin(base + url, ref))
            if target.scheme in ("mailto", "javascript", "data"):
                continue
            if target.netloc != "site.invalid":
                external += 1
                continue
            checked += 1
            path = site_dir / unquote(target.path.lstrip("/"))
            if target.path.endswith("/"):
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{url or '/'}: {ref} (no {path.relative_to(site_dir)})")
                continue
            if target.fragment and path.suffix == ".html":
                ids = parsed.setdefault(path, _parse(path)).ids
                if unquote(target.fragment) not in ids:
                    broken.append(f"{url or '/'}: {ref} (no element #{target.fragment})")
    QUALITY["links"] = f"{checked} internal links and fragments checked, {len(broken)} broken; {external} links to other sites, not followed"
    assert broken == [], "\n".join(broken[:30])
    assert checked > 5000


def _build(root: Path, site: Path, seed: str) -> None:
    built = site_build(root, site, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH="1700000000")
    assert built.returncode == 0, built.stderr[-2000:]


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    """Two checkouts at different paths, on different file systems (disk, and the tmpfs at /dev/shm,
    which lists a folder's files in another order), different hash seeds: the same bytes, sitemap
    included (SOURCE_DATE_EPOCH fixes the sitemap's date, as `make site` does from the last commit)."""
    elsewhere = Path(tempfile.mkdtemp(dir="/dev/shm", prefix="checkout-"))
    try:
        _build(project_copy(tmp_path / "a" / "checkout"), tmp_path / "site-1", "1")
        _build(project_copy(elsewhere / "b"), tmp_path / "site-2", "4242")
    finally:
        shutil.rmtree(elsewhere)
    files_1 = sorted(p.relative_to(tmp_path / "site-1") for p in (tmp_path / "site-1").rglob("*") if p.is_file())
    files_2 = sorted(p.relative_to(tmp_path / "site-2") for p in (tmp_path / "site-2").rglob("*") if p.is_file())
    assert files_1 == files_2
    differ = [str(f) for f in files_1 if (tmp_path / "site-1" / f).read_bytes() != (tmp_path / "site-2" / f).read_bytes()]
    QUALITY["determinism"] = f"2 clean builds, {len(files_1)} files, {len(differ)} differ"
    assert differ == []
