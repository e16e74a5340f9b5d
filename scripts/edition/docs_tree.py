"""The site's files: the Site written out as a plain docs tree that an MkDocs-compatible engine
builds as it is.

    <build>/mkdocs.yml    the project's mkdocs.yml, with the navigation and the paths of this tree
    <build>/docs/         the hand-written pages and assets of docs/, and every generated page as
                          Markdown: front matter (title, description, layout) and its HTML body
    <build>/overrides/    the theme layer (overrides/theme/) and the engine's own templates
                          (overrides/material/ for MkDocs, overrides/zensical/ for Zensical, if any)
    <build>/edition.json  what an engine adapter may use and no engine reads: each page's element ids,
                          and whether the navigation lists it

Titles and descriptions are HTML-escaped here, once: both engines print them unescaped, in
attributes as well as in text. Files are
written only when their bytes change, so an engine that rebuilds changed files only (`make serve`)
sees exactly what an edit changed. Everything else under <build>/docs is removed.

A preview (`make serve`) also gets docs/assets/preview.js, which no other build publishes, and
assets/preview.json, which says whether the last regeneration failed and why: the script shows
that on every open page (write_preview_status). After each batch of changed files it rewrites
<build>/announced/written, which an engine's server may watch instead of the whole tree (with
MkDocs, engines/mkdocs_preview.py, a hook only previews have).
"""

from __future__ import annotations

from types import MappingProxyType

import io
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from markupsafe import escape
from ruamel.yaml import YAML

from .pages import NavNode, Page, Site
from .pages.redirects import SCRIPT as REDIRECT_TABLE

ENGINES = ("mkdocs", "zensical")
ADAPTERS = MappingProxyType({"mkdocs": Path(__file__).resolve().parents[1] / "engines" / "mkdocs_material.py"})
PREVIEW_HOOKS = MappingProxyType({"mkdocs": Path(__file__).resolve().parents[1] / "engines" / "mkdocs_preview.py"})
# Under the build directory, for previews: the file rewritten after each batch of changed files
# (its directory holds nothing else, so that nothing else there is ever watched), and the cache of
# compiled templates that engines/mkdocs_preview.py keeps.
ANNOUNCED = "announced"
ANNOUNCEMENT = f"{ANNOUNCED}/written"
TEMPLATE_CACHE = "templates-compiled"
SIDECAR = "edition.json"
PREVIEW_SCRIPT = "assets/preview.js"  # under docs/: loaded by previews only
PREVIEW_STATUS = "assets/preview.json"  # written by previews only


@dataclass(frozen=True)
class DocsTree:
    root: Path  # the build directory
    config: Path
    docs: Path
    site: Path  # where the engine writes the site
    written: int  # files whose bytes changed


def source_path(url: str) -> str:
    """The Markdown file an engine with directory URLs serves at `url`."""
    return f"{url}index.md"


def _title(text: str) -> str:
    """Escaped for HTML, quotes included: both engines print titles unescaped, in attributes too."""
    return str(escape(text))


def _front_matter(page: Page) -> str:
    # JSON strings are valid YAML scalars: a safe way to quote any text in front matter.
    meta = [f"title: {json.dumps(_title(page.title), ensure_ascii=False)}",
            f"description: {json.dumps(_title(page.description), ensure_ascii=False)}"]
    if page.citation:
        meta.append(f"citation: {json.dumps([[name, _title(value)] for name, value in page.citation], ensure_ascii=False)}")
    if page.feed:  # the <head> link to the work's Atom feed (overrides/theme/main.html)
        meta.append(f"feed: {json.dumps([page.feed.path, _title(page.feed.title)], ensure_ascii=False)}")
    if page.wide:
        meta.append("hide: [toc]")
    return "---\n" + "\n".join(meta) + "\n---\n"


def page_markdown(page: Page, body: str | None = None) -> str:
    """A generated page as Markdown: its body (or what an engine adapter puts in its place) is one
    raw HTML block, which Markdown passes through."""
    return _front_matter(page) + "\n" + (str(page.body) if body is None else body) + "\n"


def _nav(nodes: tuple[NavNode, ...], docs: dict[str, str], generated: set[str]) -> list[Any]:
    def source(url: str | None) -> str:
        url = url or ""
        if url in generated:
            return source_path(url)
        if url in docs:
            return docs[url]
        raise ValueError(f"the navigation names {url!r}, which is neither generated nor in docs/")

    def entry(node: NavNode) -> dict[str, Any]:
        if not node.children:
            return {_title(node.title): source(node.url)}
        children: list[Any] = [{_title(node.overview): source(node.url)}] if node.url is not None else []
        children += [entry(child) for child in node.children]
        return {_title(node.title): children}

    return [entry(node) for node in nodes]


def _holds(path: str | Path, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (so writing it again would change nothing)."""
    with open(path, "rb") as old:
        return old.read() == data


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if _holds(path, data):
            return False
    except (FileNotFoundError, NotADirectoryError):
        path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as new:
        new.write(data)
    return True


def _walk(top: str) -> tuple[list[str], list[str]]:
    """The files and the directories under `top`, as paths relative to it ("a/b.md"), none if it
    does not exist. Plain strings and os.walk: a docs tree holds some ten thousand files, and
    pathlib's objects cost more than the file system's own calls."""
    files: list[str] = []
    folders: list[str] = []
    for folder, subfolders, names in os.walk(top):
        prefix = folder[len(top) + 1 :] + "/" if folder != top else ""  # os.walk's folders begin with top
        folders += [prefix + name for name in subfolders]
        files += [prefix + name for name in names]
    return files, folders


class _Files:
    """Writing files under one directory, each only when its bytes changed, with the directories
    known to exist (so each is made once) and how many files were written."""

    def __init__(self, root: str, existing: list[str], folders: list[str]):
        self.root = root
        self.existing = set(existing)
        self.folders = set(folders)
        self.written = 0

    def write(self, relative: str, data: bytes) -> None:
        path = f"{self.root}/{relative}"
        if relative in self.existing:
            if _holds(path, data):
                return
        else:
            folder = relative.rpartition("/")[0]
            if folder and folder not in self.folders:
                os.makedirs(f"{self.root}/{folder}", exist_ok=True)
                while folder and folder not in self.folders:
                    self.folders.add(folder)
                    folder = folder.rpartition("/")[0]
        with open(path, "wb") as new:
            new.write(data)
        self.written += 1


def config_for(
    engine: str, project: Path, nav: list[Any], not_in_nav: list[str], site_url: str | None = None, preview: bool = False
) -> str:
    """The project's mkdocs.yml made this tree's: its docs, overrides and site beside it, the
    navigation, the address the site is published at (if given: canonical links and the sitemap
    come from it), (for MkDocs) the adapter that hands generated pages over untouched, and (for a preview) the
    script that shows a failed regeneration."""
    yaml = YAML(typ="safe")
    config: dict[str, Any] = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    if site_url:
        config["site_url"] = site_url
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["theme"]["custom_dir"] = "overrides"
    config["nav"] = nav
    # Pages reached by links only (comparison sections, moved pages). An engine adapter marks them
    # from the sidecar instead (MkDocs tries each of these patterns against every file).
    if not_in_nav and engine not in ADAPTERS:
        config["not_in_nav"] = "\n".join(f"/{path}" for path in not_in_nav)
    config.pop("watch", None)
    # Search is the edition's own (pages/search.py, search_index.py, docs/assets/search.js), the
    # same whatever engine builds the site: each engine's own search is switched off.
    config["plugins"] = {"search": {"enabled": False}} if engine == "zensical" else []
    config["extra_javascript"] = [*config.get("extra_javascript", []), REDIRECT_TABLE, *([PREVIEW_SCRIPT] if preview else [])]
    if engine in ADAPTERS:
        config["hooks"] = [str(ADAPTERS[engine]), *([str(PREVIEW_HOOKS[engine])] if preview and engine in PREVIEW_HOOKS else [])]
    else:
        config.pop("hooks", None)
    if preview:
        config.setdefault("extra", {})["edition_preview"] = {"announced": ANNOUNCED, "templates": TEMPLATE_CACHE}
    out = YAML(typ="safe")
    out.default_flow_style = False
    out.allow_unicode = True
    out.width = 4096
    buffer = io.StringIO()
    out.dump(config, buffer)
    return "# Generated by `python -m edition` from mkdocs.yml and sources/: do not edit.\n" + buffer.getvalue()


def write_docs_tree(
    site: Site,
    project: Path,
    build: Path,
    engine: str,
    docs: dict[str, str],
    stand_in: Callable[[Page], str | None] | None = None,
    preview: bool = False,
) -> DocsTree:
    """Write `site` as a docs tree under `build` for `engine`; unchanged files are left alone.
    `stand_in` (from an engine adapter) gives what to write in place of a page's body, or None
    for the body itself. `preview`: for `make serve` (the preview's script, and a status that says
    this generation succeeded)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    build.mkdir(parents=True, exist_ok=True)
    docs_dir = build / "docs"
    wanted: dict[str, bytes] = {}  # path under docs/ -> bytes
    source_docs = str(project / "docs")
    for name in sorted(_walk(source_docs)[0]):
        if preview or name != PREVIEW_SCRIPT:
            with open(f"{source_docs}/{name}", "rb") as file:
                wanted[name] = file.read()
    if preview:
        wanted[PREVIEW_STATUS] = preview_status(None)
    generated = {page.url for page in site.pages}
    for page in site.pages:
        wanted[source_path(page.url)] = page_markdown(page, stand_in(page) if stand_in else None).encode("utf-8")
    for file in site.files:
        wanted[file.path] = file.content
    docs_dir.mkdir(exist_ok=True)
    existing, folders = _walk(str(docs_dir))
    tree = _Files(str(docs_dir), existing, folders)
    for name, data in wanted.items():
        tree.write(name, data)
    written = tree.written
    for name in existing:  # what the site no longer has
        if name not in wanted:
            os.unlink(f"{docs_dir}/{name}")
    for folder in sorted(folders, reverse=True):  # each directory after those inside it
        try:
            os.rmdir(f"{docs_dir}/{folder}")  # only an empty one is removed
        except OSError:
            pass
    # The theme layer both engines share (overrides/theme/), and the engine's own templates.
    for overrides in (project / "overrides" / "theme", project / "overrides" / ("material" if engine == "mkdocs" else engine)):
        for name in sorted(_walk(str(overrides))[0]):
            with open(f"{overrides}/{name}", "rb") as file:
                written += _write_if_changed(build / "overrides" / name, file.read())
    nav = _nav(site.nav, docs, generated)
    sidecar = {
        "pages": {
            source_path(p.url): {
                "anchors": sorted(p.anchors),
                "in_nav": p.in_nav,
            }
            for p in site.pages
        }
    }
    written += _write_if_changed(build / SIDECAR, (json.dumps(sidecar, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    not_in_nav = [source_path(p.url) for p in site.pages if not p.in_nav]
    config = config_for(engine, project, nav, not_in_nav, site.site_url, preview)
    written += _write_if_changed(build / "mkdocs.yml", config.encode("utf-8"))
    result = DocsTree(build, build / "mkdocs.yml", docs_dir, build / "site", written)
    if preview and (written or not (build / ANNOUNCEMENT).exists()):
        announce(result)
    return result


def preview_status(error: Exception | None) -> bytes:
    """assets/preview.json: whether the last regeneration failed, and why. A source error gives its
    file, line, field and message apart; any other error its whole text."""
    if error is None:
        return b'{"error": null}\n'
    place = getattr(error, "place", None)
    described: dict[str, Any] = {"text": str(error)}
    if place is not None:
        described.update(file=place.path, line=place.line, field=place.field, message=getattr(error, "message", str(error)))
    return (json.dumps({"error": described}, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def write_preview_status(tree: DocsTree, error: Exception | None) -> bool:
    """Say in a preview's docs tree that the last regeneration failed (with `error`) or succeeded;
    the engine's server then serves the new status to the pages' script. Whether it changed."""
    changed = _write_if_changed(tree.docs / PREVIEW_STATUS, preview_status(error))
    if changed:
        announce(tree)
    return changed


def announce(tree: DocsTree) -> None:
    """Say that a batch of writes to a preview's tree is complete: rewrite <build>/announced/written,
    never read (a watcher may count a read as a change), with new bytes each time."""
    path = tree.root / ANNOUNCEMENT
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"{time.monotonic_ns()}\n", encoding="ascii")
