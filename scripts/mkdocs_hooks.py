"""The MkDocs glue, kept thin: everything else in scripts/edition is independent of the site engine.

- on_config loads and checks the sources and builds the site model, before MkDocs touches the
  output directory, so bad sources stop the build with the loader's message and write nothing;
  it also sets the navigation.
- on_files adds the generated pages and files (File.generated: nothing is written into docs/).
  A generated page reaches MkDocs as front matter alone; on_page_content supplies its HTML, which
  is finished already, so Markdown never parses it (that parse was most of MkDocs' time per page).
- on_post_build adds clause-level records to Material's search index.

Text from the sources reaches MkDocs as plain text and is escaped here, once, by type: MkDocs
and Material treat titles and descriptions as HTML (the templates print them unescaped), so
each is handed over as markupsafe.Markup of its escaped text, which Material's own `| e` leaves
alone; the search index, which Material draws with innerHTML, gets escaped text likewise. Every
page leaves with its Content-Security-Policy (edition/csp.py).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

_import_started = time.perf_counter()
from edition.build import build  # noqa: E402
from edition.csp import with_content_security_policy  # noqa: E402
from edition.permalinks import anchors  # noqa: E402
from edition.errors import FidelityError, SourceError  # noqa: E402
from edition.pages import NavNode, Page, Site  # noqa: E402
from edition.pages.urls import source_path  # noqa: E402

_import_time = time.perf_counter() - _import_started  # the generator's share of start-up, for bench/

_site: Site | None = None
_generated: dict[str, Page] = {}  # source path -> generated page


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    root = Path(config.config_file_path).resolve().parent
    started = time.perf_counter()
    try:
        _, _, _site = build(root, Path(config.docs_dir))
    except (SourceError, FidelityError) as exc:
        raise PluginError(str(exc)) from None
    generated = {page.url for page in _site.pages}
    config.nav = [_nav_entry(node, Path(config.docs_dir), generated) for node in _site.nav]
    if os.environ.get("EDITION_TIMINGS"):  # bench/: how long the generator took, apart from MkDocs
        took = time.perf_counter() - started + _import_time
        Path(os.environ["EDITION_TIMINGS"]).write_text(json.dumps({"generator": took, "imports": _import_time}))
    return config


def _page_source(url: str, docs_dir: Path, generated: set[str]) -> str:
    """The docs path behind a URL: a generated page, or a hand-written one in docs/."""
    if url in generated:
        return source_path(url)
    for candidate in (f"{url.rstrip('/')}.md", f"{url}index.md"):
        if (docs_dir / candidate).is_file():
            return candidate
    raise PluginError(f"navigation names {url!r}, which is neither generated nor in docs/")


def _nav_entry(node: NavNode, docs_dir: Path, generated: set[str]) -> dict[Markup, object]:
    if not node.children:
        return {escape(node.title): _page_source(node.url or "", docs_dir, generated)}
    children: list[object] = [{escape(node.overview): _page_source(node.url, docs_dir, generated)}] if node.url is not None else []
    children += [_nav_entry(child, docs_dir, generated) for child in node.children]
    return {escape(node.title): children}


def _markdown(page: Page) -> str:
    """A generated page's Markdown source: front matter with its layout only. Its title and
    description are set on the page object (on_page_markdown), never parsed from text."""
    meta = []
    if page.wide:
        meta.append("hide: [toc]")
    if page.search is not None:
        meta.append("search: {exclude: true}")
    return "---\n" + "\n".join(meta) + "\n---\n" if meta else ""


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    _generated.clear()
    for page in _site.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        path = source_path(page.url)
        _generated[path] = page
        files.append(File.generated(config, path, content=_markdown(page), inclusion=inclusion))
    for extra in _site.files:  # the JSON API: static files, so links to them validate
        files.append(File.generated(config, extra.path, content=extra.content))
    return files


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    generated = _generated.get(page.file.src_uri)
    if generated is not None:
        page.meta["title"] = escape(generated.title)
        page.meta["description"] = escape(generated.description)
    return markdown


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    generated = _generated.get(page.file.src_uri)
    if generated is None:
        return html  # a hand-written page from docs/: Markdown's output stands
    # MkDocs validates links to anchors against the ids it found while rendering: give it ours.
    page.present_anchor_ids = anchors(generated)
    return generated.body


_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off">')


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    # Material writes autocomplete="off" on its checkbox toggles, outside any template block that
    # overrides/ could replace; HTML allows autocomplete only on text-like inputs (Nu Html Checker).
    return with_content_security_policy(_TOGGLE_AUTOCOMPLETE.sub(r"\1>", output))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content  # sitemap.xml
    return with_content_security_policy(_TOGGLE_AUTOCOMPLETE.sub(r"\1>", output_content))  # the 404 page


def on_post_build(config: MkDocsConfig) -> None:
    assert _site is not None
    site_dir = Path(config.site_dir)
    index_path = site_dir / "search" / "search_index.json"
    if index_path.exists():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for page in _site.pages:
            for record in page.search or ():
                # Material draws results with innerHTML: the index holds HTML, so text goes in escaped.
                index["docs"].append({"location": record.location, "title": str(escape(record.title)), "text": str(escape(record.text))})
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
