"""The search index depends on its entries only: not on the order a file system lists them in.

Pagefind numbers pages as its walk meets them, and a walk meets files in the file system's listing
order (tmpfs lists by creation, ext4 by a hash seeded per file system). pagefind_order renumbers the
pages by their entry. Shown here with real Pagefind runs: entries written in two creation orders on a
tmpfs (so listed in two orders: checked, or the test would show nothing) and once on disk give one
bundle, byte for byte; and the renumbered index still finds each word in exactly the entries that
have it."""

from __future__ import annotations

import gzip
import os
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import cbor2
import pytest

from edition import pagefind_order, search_index
from edition.pages import SearchEntry

TMPFS = Path("/dev/shm")
WORDS = ("governance", "pupils", "wellbeing", "trust", "records", "visitors", "audit", "leadership")


def _entries() -> tuple[SearchEntry, ...]:
    """Forty synthetic clauses, each with its own mix of the words above (so that a word's pages are
    spread over the numbering), in two documents and two editions."""
    out = []
    for number in range(40):
        words = [word for bit, word in enumerate(WORDS) if (number * 37 + 11) >> bit & 1]
        text = f"Clause {number} speaks of " + (", ".join(words) or "nothing listed") + "."
        document = "guide" if number % 3 else "code"
        out.append(SearchEntry(
            f"{document}/e{number % 2}/#c{number}", f"{document.title()} ¶{number}", text, "clause",
            document.title(), f"Edition {number % 2}", document, f"e{number % 2}", "current" if number % 2 else "superseded",
        ))
    return tuple(out)


def _bundle(entries: tuple[SearchEntry, ...], scratch: Path, write=None) -> dict[str, bytes]:
    """The bundle, made in this process (so that `seen` sees Pagefind's own order): the entries
    written by `write` (by default as a build writes them), indexed and put in order."""
    work = Path(tempfile.mkdtemp(dir=scratch))
    try:
        (write or search_index._write_entries)(entries, work / "entries")
        search_index.index_bundle(work / "entries", work / "bundle")
        return {f.path: f.content for f in search_index.bundle_files(work / "bundle")}
    finally:
        shutil.rmtree(work)


def _pagefind_order(bundle: Path) -> list[str]:
    """The entries' documents in the order Pagefind numbered them, as it wrote them (before order)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    meta = cbor2.loads(gzip.decompress((bundle / f"pagefind.{language['hash']}.pf_meta").read_bytes())[12:])
    fragments = (gzip.decompress((bundle / "fragment" / f"{hash_}.pf_fragment").read_bytes())[12:] for hash_, _ in meta[1])
    return [json.loads(fragment)["url"] for fragment in fragments]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """Each run's page order as Pagefind wrote it, recorded before it is put in order."""
    orders: list[list[str]] = []
    ordering = pagefind_order.in_a_fixed_order

    def recording(bundle: Path) -> None:
        orders.append(_pagefind_order(bundle))
        ordering(bundle)

    monkeypatch.setattr(pagefind_order, "in_a_fixed_order", recording)
    yield orders


def _written_newest_first(entries, folder: Path) -> None:
    folder.mkdir()
    for number, entry in reversed(list(enumerate(entries))):
        (folder / f"{number:07d}.html").write_bytes(search_index.entry_html(entry).encode("utf-8"))


def test_the_same_entries_give_the_same_bundle_whatever_the_listing_order(tmp_path: Path, seen) -> None:
    if not TMPFS.is_dir():
        pytest.fail(f"{TMPFS} is missing: this test needs a tmpfs, which lists a folder in the order its files were made")
    entries = _entries()
    scratch = Path(tempfile.mkdtemp(dir=TMPFS, prefix="pagefind-order-"))
    try:
        in_order = _bundle(entries, scratch)
        newest_first = _bundle(entries, scratch, _written_newest_first)
    finally:
        shutil.rmtree(scratch)
    on_disk = _bundle(entries, tmp_path)
    assert seen[0] != seen[1], "the two runs on tmpfs met the entries in one order: this test shows nothing"
    assert sorted(seen[0]) == sorted(seen[1]) == sorted(seen[2]) == [f"/{n:07d}.html" for n in range(len(entries))]
    assert in_order == newest_first == on_disk
    # And as a build makes it: Pagefind and the ordering in a process of their own.
    assert {f.path: f.content for f in search_index.search_index(entries, tmp_path)} == on_disk


def _word_pages(bundle: dict[str, bytes]) -> dict[str, set[int]]:
    pages: dict[str, set[int]] = {}
    for path, content in bundle.items():
        if path.endswith(".pf_index"):
            (words,) = cbor2.loads(gzip.decompress(content)[12:])
            for word in words:
                gaps = [page[0] for page in word[1]]
                assert all(gap >= 0 for gap in gaps[1:]), f"{word[0]}: pages out of order"
                pages[word[0]] = {sum(gaps[: i + 1]) for i in range(len(gaps))}
    return pages


def _filter_pages(bundle: dict[str, bytes]) -> dict[tuple[str, str], list[int]]:
    out = {}
    for path, content in bundle.items():
        if path.endswith(".pf_filter"):
            key, values = cbor2.loads(gzip.decompress(content)[12:])
            out.update({(key, value): pages for value, pages in values})
    return out


def test_after_renumbering_page_n_is_entry_n_and_finds_its_words(tmp_path: Path, seen) -> None:
    entries = _entries()
    bundle = _bundle(entries, tmp_path)
    (meta_path,) = [path for path in bundle if path.endswith(".pf_meta")]
    meta = cbor2.loads(gzip.decompress(bundle[meta_path])[12:])
    urls = [json.loads(gzip.decompress(bundle[f"pagefind/fragment/{hash_}.pf_fragment"])[12:])["url"] for hash_, _ in meta[1]]
    assert urls == [f"/{n:07d}.html" for n in range(len(entries))]
    index = _word_pages(bundle)
    for word in WORDS:
        having = {n for n, entry in enumerate(entries) if re.search(rf"\b{word}\b", entry.text)}
        assert having and index[word] == having, word
    filters = _filter_pages(bundle)
    assert filters[("status", "current")] == [n for n in range(len(entries)) if n % 2]
    assert filters[("document", "code")] == [n for n in range(len(entries)) if n % 3 == 0]
    assert [key for key, _ in meta[3]] == ["document", "edition", "status"]


def test_a_words_pages_are_renumbered_as_gaps_in_the_new_order() -> None:
    # Pagefind's pages 0..3 were made from entries 7, 2, 9 and 4: they become pages 2, 0, 3, 1.
    new = pagefind_order.new_numbers([7, 2, 9, 4])
    assert new == [2, 0, 3, 1]
    # A word on Pagefind's pages 0 and 3 (gaps 0, 3), with its locations: on new pages 1 and 2.
    assert pagefind_order.renumbered_word([[0, [5], []], [3, [8, 9], [1]]], new) == [[1, [8, 9], [1]], [1, [5], []]]
    with pytest.raises(pagefind_order.OrderFailed, match="one entry"):
        pagefind_order.new_numbers([1, 1])


def test_a_bundle_it_does_not_understand_stops_the_build(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").write_text('{"languages": {"zz": {"hash": "zz_0"}}}', encoding="utf-8")
    (bundle / "pagefind.zz_0.pf_meta").write_bytes(gzip.compress(b"not pagefind"))
    with pytest.raises(pagefind_order.OrderFailed, match="pf_meta: not a Pagefind file"):
        pagefind_order.in_a_fixed_order(bundle)


def test_when_pagefind_fails_the_build_is_told_what_it_said(tmp_path: Path) -> None:
    """No entries: Pagefind finds nothing to index and stops; its process reports why, and the
    bundle is never handed over."""
    with pytest.raises(search_index.IndexFailed, match=r"(?s)pagefind failed \(exit 1\): .*not able to build an index"):
        search_index.search_index((), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_leaving_the_indexing_early_stops_pagefind_too(tmp_path: Path) -> None:
    """A build that fails while Pagefind works (the engine stopped) leaves no indexer running: the
    worker and the Pagefind it started are stopped together, before their folder is removed."""
    import time

    entries = _entries() * 150  # long enough for Pagefind to be running when the context is left
    with search_index.indexing(entries, tmp_path):
        deadline = time.monotonic() + 30
        while not _pagefinds(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _pagefinds(tmp_path), "Pagefind never started"
    assert _pagefinds(tmp_path) == []
    assert os.listdir(tmp_path) == []


def _pagefinds(under: Path) -> list[str]:
    """Pagefind processes working on a folder under `under`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if command and command[0].endswith(b"pagefind") and any(str(under).encode() in part for part in command):
            found.append(pid)
    return found
