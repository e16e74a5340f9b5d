"""Pagefind's bundle put in one order, whatever machine built it: the same entries give the same bytes.

Pagefind (pinned: pagefind_bin) leaves two orders to chance. It numbers pages in the order its walk
of the entries' folder meets them, which is the file system's listing order (an ext4 directory lists
by a hash seeded per file system, tmpfs newest first), so the same entries were numbered otherwise on
another disk. And it writes each filter's values, and the list of filters in its metadata, in the
order of a hash table, which differs from run to run.

`in_a_fixed_order` renumbers the pages by their entry's number (search_index names each entry's
document by its number, and Pagefind keeps that name as the page's URL in its fragment), rewrites
every page number in the word index chunks and the filters, sorts the filters' values and the list of
filters, and renames each rewritten file by the hash of what it now holds (Pagefind names its files so,
and the search page finds them through the metadata and the entry point, which are rewritten to match).

The files are Pagefind's own format (gzip of a marker and a CBOR body; word chunks give each word's
pages as gaps from the page before). A file that does not read as that format, or does not survive a
round trip unchanged, stops the build: rewriting what is not understood is not safe.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path

import cbor2


class OrderFailed(Exception):
    """The bundle is not in the format this module knows (was pagefind_bin changed?)."""


# Pagefind's compressed files: gzip (written here with no time stamp) of this marker and a body.
_MARK = b"pagefind_dcd"

# The metadata's parts, by position: version, pages, word chunks, filters, sorts, metadata fields.
_PAGES, _CHUNKS, _FILTERS, _SORTS = 1, 2, 3, 4


def _body(path: Path) -> bytes:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MARK):
        raise OrderFailed(f"{path.name}: not a Pagefind file this edition knows (pagefind_bin is pinned; was it changed?)")
    return raw[len(_MARK):]


def _read(path: Path, round_trip: bool = True) -> object:
    """A file's CBOR body. `round_trip`: check that encoding it again gives its bytes (that the
    encoder Pagefind uses and cbor2 agree), or rewriting it is not safe. The word chunks, nine
    tenths of the index, are not checked so (encoding costs seconds at 16 times the real corpus):
    they come from the same encoder as the metadata and filters, which are, and their shape is
    checked as they are read (_fixed_chunk)."""
    body = _body(path)
    value = cbor2.loads(body)
    if round_trip and cbor2.dumps(value) != body:
        raise OrderFailed(f"{path.name}: its encoding does not survive a round trip; the index cannot be put in order")
    return value


def _write(value: object) -> bytes:
    # gzip's default level (9) took a third of the ordering's time at 16 times the real corpus
    # (4.1 s against 2.9 s at level 6) for an index 3% smaller.
    return gzip.compress(_MARK + cbor2.dumps(value), compresslevel=6, mtime=0)


def _replace(path: Path, value: object, language: str, digits: int, prefix: str = "") -> str:
    """Write `value` in place of `path`, named (after `prefix`) by the language and the hash of its
    bytes, as Pagefind names its files: the name's hash part ("zz_1a2b3c4")."""
    data = _write(value)
    stem = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    target = path.with_name(prefix + stem + path.suffix)
    if target != path and target.exists():
        raise OrderFailed(f"{target.name}: two files of the index would have the same name")
    path.unlink()
    target.write_bytes(data)
    return stem


def _entry_number(fragment: Path) -> int:
    """The number of the entry a page was made from: its document's name, kept as its URL."""
    try:
        url = json.loads(_body(fragment))["url"]
        return int(url.strip("/").removesuffix(".html"))
    except (KeyError, ValueError, TypeError) as exc:
        raise OrderFailed(f"{fragment.name}: its URL is not an entry's number ({exc})") from None


def new_numbers(entry_numbers: Sequence[int]) -> list[int]:
    """Each page's new number (by its position in Pagefind's numbering): its rank among the pages by
    the number of the entry it was made from. (An entry Pagefind found no words in has no page, so
    ranks, not the entries' numbers themselves.)"""
    if len(set(entry_numbers)) != len(entry_numbers):
        raise OrderFailed("two pages of the index were made from one entry")
    rank = {number: new for new, number in enumerate(sorted(entry_numbers))}
    return [rank[number] for number in entry_numbers]


def renumbered_word(pages: list, new: Sequence[int]) -> list:
    """A word's pages ([gap from the page before, locations...] each) with their pages renumbered,
    in the order of the new numbers, as gaps again."""
    absolute, at = [], 0
    for page in pages:
        at += page[0]
        absolute.append((new[at], page))
    absolute.sort(key=itemgetter(0))
    before = 0
    for number, page in absolute:
        page[0] = number - before  # the page's list is rewritten in place: it is not kept elsewhere
        before = number
    return [page for _, page in absolute]


def _fixed_filter(path: Path, new: Sequence[int], language: str) -> str:
    key, values = _read(path)
    values = sorted(([value, sorted(new[page] for page in pages)] for value, pages in values), key=itemgetter(0))
    return _replace(path, [key, values], language, 7)


def _fixed_chunk(path: Path, new: Sequence[int], language: str) -> str:
    chunk = _read(path, round_trip=False)
    if not (isinstance(chunk, list) and len(chunk) == 1 and isinstance(chunk[0], list)):
        raise OrderFailed(f"{path.name}: not a word index chunk this edition knows")
    words = []
    for word in chunk[0]:
        # [word, [[page gap, locations, field locations], ...], variants]: as pinned Pagefind writes it.
        if not (isinstance(word, list) and len(word) == 3 and isinstance(word[0], str) and isinstance(word[1], list)
                and all(type(page) is list and len(page) == 3 and type(page[0]) is int for page in word[1])):
            raise OrderFailed(f"{path.name}: a word that is not as this edition knows Pagefind's words")
        words.append([word[0], renumbered_word(word[1], new), word[2]])
    return _replace(path, [words], language, 7)


def in_a_fixed_order(bundle: Path) -> None:
    """Put the Pagefind bundle in `bundle` in an order that depends only on its entries (above)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) == 6 and isinstance(meta[_PAGES], list)):
            raise OrderFailed(f"{meta_path.name}: not Pagefind metadata this edition knows")
        if meta[_SORTS]:
            raise OrderFailed(f"{meta_path.name}: the index has sorts, which this edition does not renumber")
        pages = meta[_PAGES]
        new = new_numbers([_entry_number(bundle / "fragment" / f"{hash_}.pf_fragment") for hash_, _ in pages])
        meta[_PAGES] = [page for _, page in sorted(zip(new, pages), key=itemgetter(0))]
        for chunk in meta[_CHUNKS]:
            chunk[2] = _fixed_chunk(bundle / "index" / f"{chunk[2]}.pf_index", new, language)
        filters = [[key, _fixed_filter(bundle / "filter" / f"{name}.pf_filter", new, language)] for key, name in meta[_FILTERS]]
        meta[_FILTERS] = sorted(filters, key=itemgetter(0))
        about["hash"] = _replace(meta_path, meta, language, 10, prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
