"""The MkDocs + Material adapter: what only this engine needs, kept out of the generator.

The generator writes a plain docs tree (edition/docs_tree.py) that any MkDocs-compatible engine
builds as it is. With MkDocs and Material, this hooks file adds:

- speed: a generated page's Markdown is one raw HTML block, so Markdown is not run on it at all
  (on_page_markdown keeps the block, on_page_content hands it back);
- typing: titles and descriptions arrive HTML-escaped; they are handed to Material as
  markupsafe.Markup, so its own `| e` does not escape them a second time;
- link checking: MkDocs learns each generated page's element ids (from edition.json);
- the pages reached by links only (comparison sections, histories, moved pages) are marked as not
  in the navigation from edition.json: MkDocs' own not_in_nav setting would be one pattern per page,
  each tried against every file of the docs tree, a cost in the square of the site's size.

Search is not the engine's: the edition writes its own index and page (search_index.py).

It reads only files in the docs tree; it never calls the generator.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section

SIDECAR = "edition.json"


def _sidecar(config: MkDocsConfig) -> dict:
    return config.extra["edition_sidecar"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = Path(config.config_file_path).resolve().parent / SIDECAR
    config.extra["edition_sidecar"] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"pages": {}}
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = _sidecar(config)["pages"]
    for file in files.documentation_pages():  # those not excluded from the site
        entry = pages.get(file.src_uri)
        if entry is not None and not entry["in_nav"]:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    def visit(items) -> None:
        for item in items:
            if isinstance(item, Section):
                item.title = Markup(item.title)
                visit(item.children)
            elif getattr(item, "title", None) is not None and not isinstance(item.title, Markup):
                item.title = Markup(item.title)

    visit(nav.items)
    return nav


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    entry = _sidecar(config)["pages"].get(page.file.src_uri)
    for key in ("title", "description"):
        if key in page.meta and isinstance(page.meta[key], str):
            page.meta[key] = Markup(page.meta[key])
    if entry is None:
        return markdown  # a hand-written page: Markdown renders it
    page.edition_html = markdown.strip("\n")
    return ""


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    generated = getattr(page, "edition_html", None)
    if generated is None:
        return html
    page.present_anchor_ids = set(_sidecar(config)["pages"][page.file.src_uri]["anchors"])
    return generated
