"""The MkDocs glue, kept thin: everything else in scripts/edition is independent of the site engine.

- on_config loads and checks the sources and builds the site model, before MkDocs touches the
  output directory, so bad sources stop the build with the loader's message and write nothing;
  it also sets the navigation.
- on_files adds the generated pages and files (File.generated: nothing is written into docs/).
- on_post_build adds clause-level records to Material's search index.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from edition.build import build  # noqa: E402
from edition.errors import FidelityError, SourceError  # noqa: E402
from edition.site import NavNode, Page, Site  # noqa: E402
from edition.site.urls import source_path  # noqa: E402

_site: Site | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    root = Path(config.config_file_path).resolve().parent
    try:
        _, _, _site = build(root, Path(config.docs_dir))
    except (SourceError, FidelityError) as exc:
        raise PluginError(str(exc)) from None
    config.nav = [_nav_entry(node, Path(config.docs_dir)) for node in _site.nav]
    return config


def _page_source(url: str, docs_dir: Path) -> str:
    """The docs path behind a URL: a generated page, or a hand-written one in docs/."""
    assert _site is not None
    if any(page.url == url for page in _site.pages):
        return source_path(url)
    for candidate in (f"{url.rstrip('/')}.md", f"{url}index.md"):
        if (docs_dir / candidate).is_file():
            return candidate
    raise PluginError(f"navigation names {url!r}, which is neither generated nor in docs/")


def _nav_entry(node: NavNode, docs_dir: Path) -> dict[str, object]:
    if not node.children:
        return {node.title: _page_source(node.url or "", docs_dir)}
    children: list[object] = [{node.overview: _page_source(node.url, docs_dir)}] if node.url is not None else []
    children += [_nav_entry(child, docs_dir) for child in node.children]
    return {node.title: children}


def _markdown(page: Page) -> str:
    # JSON strings are valid YAML scalars: a safe way to quote titles in front matter.
    meta = [f"title: {json.dumps(page.title)}", f"description: {json.dumps(page.description)}"]
    if page.wide:
        meta.append("hide: [toc]")
    if page.search is not None:
        meta.append("search: {exclude: true}")
    return "---\n" + "\n".join(meta) + "\n---\n\n" + page.body + "\n"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    for page in _site.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, source_path(page.url), content=_markdown(page), inclusion=inclusion))
    for extra in _site.files:  # the JSON API: static files, so links to them validate
        files.append(File.generated(config, extra.path, content=extra.content))
    return files


_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off">')


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    # Material writes autocomplete="off" on its checkbox toggles, outside any template block that
    # overrides/ could replace; HTML allows autocomplete only on text-like inputs (Nu Html Checker).
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1>", output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1>", output_content)  # the 404 page, likewise


def on_post_build(config: MkDocsConfig) -> None:
    assert _site is not None
    site_dir = Path(config.site_dir)
    index_path = site_dir / "search" / "search_index.json"
    if index_path.exists():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for page in _site.pages:
            for record in page.search or ():
                index["docs"].append({"location": record.location, "title": record.title, "text": record.text})
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
