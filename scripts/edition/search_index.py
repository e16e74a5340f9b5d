"""The search index: the site's search entries (pages/search.py) as a Pagefind bundle, built the same
whatever engine publishes the site.

Pagefind (the `pagefind_bin` package, pinned) indexes HTML, splits the index into chunks a query
loads only as it needs them, and runs the search in the reader's browser (WebAssembly). Each entry
becomes one small HTML document in a scratch directory: its citation (weighted low: a heading helps
a match, never outweighs the clause's words) and its text are what is searched; its address,
kind, edition and current counterpart are metadata; its document, edition and currency are
filters. Every value is escaped as HTML text, so nothing in a source can become markup of the
index. Pagefind writes its bundle; the files the edition's own search page uses are kept (not
Pagefind's ready-made interfaces, which the site does not load).

The bundle's file names are hashes of their content, so they change with the text: they are not
permanent addresses and never enter the permalink register.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import cbor2

from .pages import SearchEntry, SiteFile
from .pages.search import SEARCH_INDEX, html_text

# What the search page loads: the module, its worker and WebAssembly, the entry point, the meta
# index and the chunks. Pagefind also writes ready-made interfaces (pagefind-ui.js and others).
_KEPT = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.unknown.pagefind")
_KEPT_DIRECTORIES = ("index", "fragment", "filter")
UNSTEMMED = "zz"  # no language: Pagefind's index without a stemmer
TITLE_WEIGHT = "0.3"  # a citation's words count for less than a clause's own (Pagefind's default is 1)


class IndexFailed(Exception):
    """Pagefind stopped with an error; its output is in the message."""


def pagefind_binary() -> Path:
    import pagefind_bin

    return Path(pagefind_bin.__file__).resolve().parent / "pagefind"


def entry_html(entry: SearchEntry) -> str:
    """One entry as the document Pagefind indexes: every value escaped as text.

    What the results show travels as one metadata value, JSON in base64: Pagefind collapses and
    trims the white space of metadata (a no-break space, an em space), and a result must show the
    clause's words exactly as printed. Filters are ids, which have no white space to lose."""
    e = html.escape
    shown = {
        "title": entry.title, "href": entry.url, "kind": entry.kind, "document": entry.document, "edition": entry.edition,
        "status": entry.status, "current_href": entry.current_url, "current_title": entry.current_title,
        "text": entry.text,
    }
    data = base64.b64encode(json.dumps(shown, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).decode("ascii")
    filters = {"document": entry.document_id, "edition": entry.edition_id, "status": entry.status}
    return "".join([
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>entry</title></head><body>',
        f'<p data-pagefind-meta="data">{data}</p>',
        *(f'<p data-pagefind-filter="{key}">{e(value)}</p>' for key, value in filters.items() if value),
        f'<main data-pagefind-body><h1 data-pagefind-weight="{TITLE_WEIGHT}">{e(entry.title)}</h1><p>{e(entry.text)}</p></main>',
        "</body></html>",
    ])


def docs_entries(docs: Mapping[str, str], docs_dir: Path) -> tuple[SearchEntry, ...]:
    """The hand-written pages (about, the API's documentation), as page entries: their words from
    their Markdown, whatever engine renders it."""
    out = []
    for url, name in sorted(docs.items()):
        path = docs_dir / name
        if path.suffix != ".md":
            continue
        title, text = markdown_text(path.read_text(encoding="utf-8"))
        out.append(SearchEntry(url, title or url.strip("/"), text, "page"))
    return tuple(out)


def markdown_text(source: str) -> tuple[str, str]:
    """(title, words) of a hand-written Markdown page: its front matter set aside, its first
    heading the title."""
    import markdown

    if source.startswith("---\n"):
        end = source.find("\n---\n", 4)
        source = source[end + 5 :] if end != -1 else source
    title = next((line[2:].split("{")[0].strip() for line in source.splitlines() if line.startswith("# ")), "")
    return title, html_text(markdown.markdown(source, extensions=["attr_list", "tables"]))


# Pagefind's compressed files: gzip (written here with no time stamp) of this marker and a CBOR body.
_MARK = b"pagefind_dcd"


def _read(path: Path) -> object:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MARK):
        raise IndexFailed(f"{path.name}: not a Pagefind file this edition knows (pagefind_bin is pinned; was it changed?)")
    body = raw[len(_MARK):]
    value = cbor2.loads(body)
    if cbor2.dumps(value) != body:  # a round trip must change nothing, or rewriting it is not safe
        raise IndexFailed(f"{path.name}: its encoding does not survive a round trip; the index cannot be put in order")
    return value


def _write(value: object) -> bytes:
    return gzip.compress(_MARK + cbor2.dumps(value), mtime=0)


def _in_a_fixed_order(bundle: Path) -> None:
    """Pagefind writes each filter's values, and the list of filters in its metadata, in the order of
    a hash table, which differs from run to run: the same entries gave other filter files (and so
    another metadata file, and another entry point) each time. Both lists are sorted here, and the
    files renamed by the hash of what they now hold, so that the same sources give the same bundle."""
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        key, values = _read(path)
        data = _write([key, sorted(values, key=lambda item: item[0])])
        language = path.stem.split("_")[0]
        name = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
        renamed[path.stem] = name
        path.unlink()
        (bundle / "filter" / f"{name}.pf_filter").write_bytes(data)
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_path)
        lists = [i for i, part in enumerate(meta) if isinstance(part, list) and part and all(
            isinstance(pair, list) and len(pair) == 2 and pair[1] in renamed for pair in part)]
        if len(lists) != 1:
            raise IndexFailed(f"{meta_path.name}: its list of filters was not found; the index cannot be put in order")
        meta[lists[0]] = sorted(([key, renamed[name]] for key, name in meta[lists[0]]), key=lambda pair: pair[0])
        data = _write(meta)
        about["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        meta_path.unlink()
        (bundle / f"pagefind.{about['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def search_index(entries: Iterable[SearchEntry], scratch: Path) -> tuple[SiteFile, ...]:
    """The Pagefind bundle of `entries`, as the site's files under pagefind/. `scratch`: a
    directory to work in (left empty)."""
    with tempfile.TemporaryDirectory(dir=scratch, prefix="search-") as work:
        source, bundle = Path(work) / "entries", Path(work) / "bundle"
        source.mkdir()
        for number, entry in enumerate(entries):
            (source / f"{number:07d}.html").write_text(entry_html(entry), encoding="utf-8")
        result = subprocess.run(
            # A language Pagefind has no stemmer for: words are indexed as printed, so a search for
            # "practices" is not answered with "practical" (a word still finds the longer words it
            # begins, and the search page ranks the word itself first).
            [str(pagefind_binary()), "--site", str(source), "--output-path", str(bundle), "--force-language", UNSTEMMED, "--quiet"],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise IndexFailed(f"pagefind failed (exit {result.returncode}): {(result.stderr or result.stdout).strip()[-2000:]}")
        _in_a_fixed_order(bundle)
        files = []
        for path in sorted(bundle.rglob("*")):
            relative = path.relative_to(bundle)
            if path.is_file() and (relative.as_posix() in _KEPT or relative.parts[0] in _KEPT_DIRECTORIES or relative.name.endswith(".pf_meta")):
                files.append(SiteFile(SEARCH_INDEX + relative.as_posix(), path.read_bytes()))
        return tuple(files)
