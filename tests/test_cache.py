"""The build cache changes how much work a build does, never what it builds.

Each test builds a copy of the real sources with the cache and compares the result, page by page
and file by file, with the generator run without any cache at all.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from conftest import ROOT
from edition import cache as cache_module
from edition import compare, loader
from edition.build import build
from edition.cache import BuildCache
from edition.errors import SourceError
from edition.fidelity import check_corpus
from edition.loader import load_corpus
from edition.site import Site
from edition.site.pages import build_site

SECTION = "sources/works/six-core-principles/ecs-england/principle-5.yaml"
WITNESS = "sources/witnesses/001_5fc62930cb1d290f.txt"


def uncached(root: Path) -> Site:
    corpus = load_corpus(root)
    return build_site(corpus, check_corpus(corpus))


def same(a: Site, b: Site) -> bool:
    return a.pages == b.pages and a.files == b.files and a.nav == b.nav


def edit_clause(root: Path, old: str, new: str) -> None:
    """Change one word of one clause, in its YAML and in its witness (and the witness's checksum)."""
    section, witness = root / SECTION, root / WITNESS
    assert section.read_text(encoding="utf-8").count(old) >= 1 and witness.read_bytes().count(old.encode()) == 1
    section.write_text(section.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    witness.write_bytes(witness.read_bytes().replace(old.encode(), new.encode(), 1))
    listing = root / "sources/witnesses/witnesses.yaml"
    checksum = hashlib.sha256(witness.read_bytes()).hexdigest()
    text, n = re.subn(rf"(file: {re.escape(witness.name)}\n    sha256: )[0-9a-f]{{64}}", rf"\g<1>{checksum}", listing.read_text(encoding="utf-8"))
    assert n == 1
    listing.write_text(text, encoding="utf-8")


def forget_this_process() -> None:
    """What a new process would not have: everything the cache keeps in memory."""
    cache_module._MEMORY.clear()
    cache_module._FINGERPRINTS.clear()
    cache_module._ON_DISK.clear()
    loader._SECTIONS.clear()
    compare._LAST.clear()


def cached_build(root: Path, directory: Path) -> tuple[Site, BuildCache]:
    cache = BuildCache(directory)
    _, _, site = build(root, ROOT / "docs", cache=cache)
    return site, cache


@pytest.fixture(autouse=True)
def fresh_process() -> None:
    forget_this_process()


def test_a_second_build_reuses_everything_and_builds_the_same_site(real_copy: Path, tmp_path: Path) -> None:
    expected = uncached(real_copy)
    first, cold = cached_build(real_copy, tmp_path / "cache")
    second, warm = cached_build(real_copy, tmp_path / "cache")
    assert cold.hits == 0 and cold.misses > 100
    # Nothing made again; every entry still wanted (some are found in memory without a look-up).
    assert warm.misses == 0 and warm.hits > 0 and warm.used == cold.used
    assert same(first, expected) and same(second, expected)


def test_after_an_edit_only_what_depends_on_it_is_redone(real_copy: Path, tmp_path: Path) -> None:
    _, cold = cached_build(real_copy, tmp_path / "cache")
    edit_clause(real_copy, "evenhandedness", "even-handedness")
    expected = uncached(real_copy)
    assert "even-handedness" in next(p.body for p in expected.pages if p.url.endswith("ecs-england/ecs-p5/"))
    site, warm = cached_build(real_copy, tmp_path / "cache")  # the same process, as under `make serve`
    assert same(site, expected)
    assert 0 < warm.misses < cold.misses / 5, (warm.misses, cold.misses)


def test_after_an_edit_a_new_process_builds_the_same_site_from_the_disk_cache(real_copy: Path, tmp_path: Path) -> None:
    cached_build(real_copy, tmp_path / "cache")
    edit_clause(real_copy, "evenhandedness", "even-handedness")
    forget_this_process()
    site, warm = cached_build(real_copy, tmp_path / "cache")
    assert same(site, uncached(real_copy))
    assert warm.hits > warm.misses > 0


def test_damaged_entries_are_made_again(real_copy: Path, tmp_path: Path) -> None:
    cached_build(real_copy, tmp_path / "cache")
    entries = list((tmp_path / "cache").glob("*/*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    forget_this_process()
    site, cache = cached_build(real_copy, tmp_path / "cache")
    assert cache.hits == 0 and cache.misses == len(entries)
    assert same(site, uncached(real_copy))


def test_a_source_broken_after_a_good_build_is_still_refused(real_copy: Path, tmp_path: Path) -> None:
    cached_build(real_copy, tmp_path / "cache")
    section = real_copy / SECTION
    section.write_text(section.read_text(encoding="utf-8").replace("kind: paragraph", "kind: paragrah", 1), encoding="utf-8")
    with pytest.raises(SourceError, match=r"principle-5\.yaml:\d+: .*'paragrah' is not one of the allowed values"):
        cached_build(real_copy, tmp_path / "cache")


def test_the_cache_keeps_only_the_last_build(real_copy: Path, tmp_path: Path) -> None:
    _, cold = cached_build(real_copy, tmp_path / "cache")
    edit_clause(real_copy, "evenhandedness", "even-handedness")
    _, warm = cached_build(real_copy, tmp_path / "cache")
    assert {p.stem for p in (tmp_path / "cache").glob("*/*.pickle")} == warm.used
    assert len(warm.used) == len(cold.used) and warm.used != cold.used


def test_editing_a_template_changes_every_key(tmp_path: Path) -> None:
    """Under `make serve` the process lives on while templates change: the code fingerprint, part
    of every key, must follow the files, not the process."""
    from edition.cache import code_fingerprint
    from edition.site.pages import TEMPLATES

    template = TEMPLATES / "section.html"
    original, stat = template.read_bytes(), template.stat()
    before = code_fingerprint()
    try:
        template.write_bytes(original + b"{# an edit #}\n")
        assert code_fingerprint() != before
    finally:
        template.write_bytes(original)
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert code_fingerprint() == before
