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

Pagefind runs in a process of its own (`indexing`), with the ordering of its bundle
(pagefind_order.py), so that a build goes on meanwhile: `make site` runs the engine while they
work, and then moves the bundle into the built site (`install_bundle`: thousands of small files
the engine need not copy); a preview takes the bundle as the site's files (`bundle_files`), which
its engine serves like any other.

The bundle's file names are hashes of their content, so they change with the text: they are not
permanent addresses and never enter the permalink register.
"""

from __future__ import annotations

import base64
import html
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from . import pagefind_order
from .pages import SearchEntry, SiteFile
from .pages.search import SEARCH_INDEX, html_text

# What the search page loads: the module, its worker and WebAssembly, the entry point, the meta
# index and the chunks. Pagefind also writes ready-made interfaces (pagefind-ui.js and others).
_KEPT = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.unknown.pagefind")
_KEPT_DIRECTORIES = ("index", "fragment", "filter")
_SCRIPTS = Path(__file__).resolve().parents[1]  # where the edition package is, for its own process
UNSTEMMED = "zz"  # no language: Pagefind's index without a stemmer
TITLE_WEIGHT = "0.3"  # a citation's words count for less than a clause's own (Pagefind's default is 1)


class IndexFailed(Exception):
    """Pagefind stopped with an error (its output is in the message), or its bundle could not be put
    in order (pagefind_order)."""


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


def _write_entries(entries: Iterable[SearchEntry], folder: Path) -> None:
    """One document per entry, named by its number: Pagefind keeps the name as the page's URL, by
    which pagefind_order numbers the pages (Pagefind numbers them as it meets them)."""
    folder.mkdir()
    for number, entry in enumerate(entries):
        with open(f"{folder}/{number:07d}.html", "wb") as file:
            file.write(entry_html(entry).encode("utf-8"))


def _kept(bundle: Path) -> list[str]:
    """What of Pagefind's bundle the site uses: names at its top, directories whole."""
    kept = (n for n in os.listdir(bundle) if n in _KEPT or n in _KEPT_DIRECTORIES or n.endswith(".pf_meta"))
    return sorted(kept)


def _said(log: Path) -> str:
    """The end of what a process wrote to `log`: enough to say why it failed."""
    return log.read_text(encoding="utf-8", errors="replace").strip()[-2000:]


def index_bundle(source: Path, bundle: Path) -> None:
    """Pagefind's bundle of the entry documents in `source`, written to `bundle` and put in order
    (pagefind_order). Raises IndexFailed with what went wrong."""
    log = bundle.parent / f"{bundle.name}.log"
    with open(log, "wb") as output:
        # A language Pagefind has no stemmer for: words are indexed as printed, so a search for
        # "practices" is not answered with "practical" (a word still finds the longer words it
        # begins, and the search page ranks the word itself first).
        ran = subprocess.run(
            [str(pagefind_binary()), "--site", str(source), "--output-path", str(bundle), "--force-language", UNSTEMMED, "--quiet"],
            stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, check=False,
        )
    if ran.returncode != 0:
        raise IndexFailed(f"pagefind failed (exit {ran.returncode}): {_said(log)}")
    try:
        pagefind_order.in_a_fixed_order(bundle)
    except pagefind_order.OrderFailed as exc:
        raise IndexFailed(str(exc)) from None


@contextmanager
def indexing(entries: Iterable[SearchEntry], scratch: Path) -> Iterator[Callable[[], Path]]:
    """Pagefind indexing `entries` while the caller goes on with other work: Pagefind, and the
    ordering of its bundle, run in a process of their own (`python -m edition.search_index`), so
    that a build's engine runs meanwhile on the other processor. Yields `bundle()`, which waits for
    that process and gives the bundle, in a directory that lasts as long as the context; leaving
    the context early stops it. `scratch`: a directory to work in (left empty)."""
    with tempfile.TemporaryDirectory(dir=scratch, prefix="search-") as work:
        source, bundle, log = Path(work) / "entries", Path(work) / "bundle", Path(work) / "worker.log"
        _write_entries(entries, source)
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (str(_SCRIPTS), os.environ.get("PYTHONPATH")))))
        with open(log, "wb") as output:
            # A process group of its own: leaving early stops the worker and the Pagefind it started.
            process = subprocess.Popen(
                [sys.executable, "-m", "edition.search_index", str(source), str(bundle)],
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=environment, start_new_session=True,
            )

        def finished() -> Path:
            if process.wait() != 0:
                raise IndexFailed(_said(log) or f"the search index's process failed (exit {process.returncode})")
            return bundle

        try:
            yield finished
        finally:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:  # it ended meanwhile
                    pass
            process.wait()


def bundle_files(bundle: Path) -> tuple[SiteFile, ...]:
    """The site's files of a finished bundle (indexing), under pagefind/."""
    top = str(bundle)
    files: list[str] = []  # relative to the bundle
    for name in _kept(bundle):
        if os.path.isfile(f"{top}/{name}"):
            files.append(name)
        for folder, _, names in os.walk(f"{top}/{name}"):  # nothing for a file
            files += [f"{folder[len(top) + 1 :]}/{file}" for file in names]
    out = []
    for relative in sorted(files):
        with open(f"{top}/{relative}", "rb") as file:
            out.append(SiteFile(SEARCH_INDEX + relative, file.read()))
    return tuple(out)


def install_bundle(bundle: Path, site: Path) -> None:
    """Move the site's files of a finished bundle (indexing) into the built site, under pagefind/:
    one rename per file or directory, where the engine would have copied every file."""
    target = site / SEARCH_INDEX
    target.mkdir()
    for name in _kept(bundle):
        os.rename(bundle / name, target / name)


def search_index(entries: Iterable[SearchEntry], scratch: Path) -> tuple[SiteFile, ...]:
    """The Pagefind bundle of `entries`, as the site's files under pagefind/. `scratch`: a
    directory to work in (left empty)."""
    with indexing(entries, scratch) as bundle:
        return bundle_files(bundle())


def main(argv: list[str]) -> int:
    """`python -m edition.search_index SOURCE BUNDLE`: index_bundle, as `indexing` runs it."""
    source, bundle = (Path(a) for a in argv)
    try:
        index_bundle(source, bundle)
    except IndexFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
