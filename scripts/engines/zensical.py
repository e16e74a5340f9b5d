"""The Zensical adapter: what only this engine needs, kept out of the generator.

Zensical runs no hooks, so this adapter works on the docs tree before the build and on the built
site after it (engine.py calls it; Zensical never does):

- speed: Zensical passes every page through Python-Markdown, whose HTML-block scan of a large
  generated body costs more than the rest of the build (bench/RESULTS.md). A reading page (one
  that carries clause records) is therefore written into the tree with BODY_MARKER in place of
  its body, and `fill_bodies` puts the body in the built page afterwards. Bodies are final HTML
  (MkDocs' adapter passes them through untouched too), so nothing the engine would have done to
  them is lost.

Search is not the engine's: the edition writes its own index and page (search_index.py).
"""

from __future__ import annotations

from pathlib import Path

from edition.pages import Page, Site

# An HTML comment: no text from sources can become one (every "<" in page text is "&lt;").
BODY_MARKER = "<!--edition:body-->"
_WITH_H1 = "<!--edition:body <h1-->"


class AdapterFailed(Exception):
    """The built site is not as this adapter expects (another Zensical version, most likely)."""


def deferred(page: Page) -> bool:
    """Pages written with BODY_MARKER for a body: those that carry their own search records."""
    return page.search is not None


def stand_in(page: Page) -> str | None:
    """What the docs tree holds in place of a page's body (docs_tree.write_docs_tree). The theme
    adds an <h1> from the title when the content has no "<h1" in it; the stand-in says whether the
    body has one, so that the page is built as it would be with the body in place."""
    if not deferred(page):
        return None
    return _WITH_H1 if "<h1" in page.body else BODY_MARKER


def fill_bodies(site_dir: Path, site: Site) -> int:
    """Each deferred page's body, in place of its marker; the number of pages filled."""
    filled = 0
    for page in site.pages:
        if not deferred(page):
            continue
        path = site_dir / page.url / "index.html"
        text = path.read_text(encoding="utf-8")
        marker = stand_in(page) or ""
        if text.count(marker) != 1:
            raise AdapterFailed(f"{path}: expected the body's stand-in once, found it {text.count(marker)} times")
        path.write_text(text.replace(marker, str(page.body)), encoding="utf-8")
        filled += 1
    return filled
