"""What a preview keeps between regenerations (`make serve`), all in one place, keyed by content.

A regeneration reloads the sources, reusing each file's checked parse while its bytes are the
same, and each work as loaded while nothing it reads has changed (the loader names what that is:
loader.py, `work_inputs`; the key is their digest). Then it makes each work's part (fidelity,
comparisons, lineage, pages and files of that work: pipeline.work_part) only where the part's key
changed. The key is a digest of everything the part is made from, read from disk each time rather
than tracked: the bytes of the work's own source files, of the witnesses its editions print and
their entries in the list of witnesses, of every source file all works share (everything else in
sources/ outside works/, but for the themes only their names, which are all of them a part's
corpus holds), of the templates, of the generator's own code, and the site's address. A part is
made from a corpus that holds only its work (Corpus.scoped), so it cannot read anything its key
leaves out. What reads every work (home, themes, the API's indexes, feeds, navigation, search
entries) is made anew each time; the search index is kept under a digest of its entries, and a
preview hands the engine the new pages before it makes a new index (engine.serve).

Each kept work and part carries a fingerprint of what it holds, checked before it is reused: one
that no longer matches it is made again. A build (`make site`) starts from nothing kept, and runs
the same code: an incremental site and a cold one are the same bytes (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from jinja2 import Environment

from .loader import ParsedFiles
from .model import Corpus, Witness, Work
from .pages.render import TEMPLATES, environment

CODE = Path(__file__).resolve().parent  # the generator: scripts/edition/
WITNESS_LIST = "witnesses/witnesses.yaml"  # under sources/
THEMES = "themes.yaml"  # under sources/: in a part's key as the names its corpus holds
Part = TypeVar("Part")


def _digest(pairs: Iterable[tuple[str, bytes]]) -> str:
    """One digest of named byte strings (each length-prefixed, so no two lists collide)."""
    h = hashlib.sha256()
    for name, data in pairs:
        encoded = name.encode("utf-8")
        h.update(len(encoded).to_bytes(8, "big") + encoded + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _files(base: Path, paths: Iterable[Path]) -> list[tuple[str, bytes]]:
    return [(p.relative_to(base).as_posix(), p.read_bytes()) for p in sorted(paths) if p.is_file()]


def code_digest() -> str:
    """The generator's code and templates (a preview keeps the code it started with; templates it
    reloads, so they are read again for every key)."""
    return _digest(_files(CODE, CODE.rglob("*.py")) + _files(CODE, TEMPLATES.rglob("*")))


def shared_digest(corpus: Corpus) -> str:
    """Every source file all works read: sources/ less the works' directories, the witness texts
    and the list of witnesses (each work's key has its own witnesses' entries: a witness edited in
    one work changes its checksum there, and no other work's key), and the themes (each key has
    the names its part holds)."""
    sources = corpus.root / "sources"
    own = {w.path.relative_to(sources).as_posix() for w in corpus.witnesses} | {WITNESS_LIST, THEMES}
    paths = []
    for folder, dirs, names in os.walk(sources):
        if Path(folder) == sources:
            dirs[:] = [d for d in dirs if d != "works"]  # each work's files are in its own key
        paths += [Path(folder, n) for n in names if Path(folder, n).relative_to(sources).as_posix() not in own]
    return _digest(_files(sources, paths))


def _witness_entry(witness: Witness) -> tuple[str, bytes]:
    return f"witness {witness.id}", witness.entry()


def work_key(corpus: Corpus, work: Work, shared: str, code: str, site_url: str | None) -> str:
    """The key of one work's part: the digest of everything it is made from (see the module's
    docstring). `corpus` is the whole corpus; the part is made from corpus.scoped(work)."""
    sources = corpus.root / "sources"
    scoped = corpus.scoped(work)
    own = _files(sources, (sources / "works" / work.id).rglob("*"))
    printed = [_witness_entry(w) for w in scoped.witnesses] + _files(sources, (w.path for w in scoped.witnesses))
    templates = _files(TEMPLATES, TEMPLATES.rglob("*"))
    head = [("code", code.encode()), ("shared", shared.encode()), ("site", (site_url or "").encode()), ("work", work.id.encode()),
            ("themes", repr(scoped.themes).encode("utf-8"))]
    return _digest(head + own + printed + templates)


@dataclass
class _Entry(Generic[Part]):
    key: str
    part: Part
    fingerprint: str


@dataclass
class Kept:
    """What `make serve` keeps between regenerations: each source file's checked parse
    (loader.ParsedFiles), each work as loaded, the compiled templates (Jinja recompiles a template
    whose file changed), and each work's part under its key. A build keeps nothing: it starts from
    an empty Kept."""

    parsed: ParsedFiles = field(default_factory=ParsedFiles)
    templates: Environment = field(default_factory=environment)
    loaded: dict[str, _Entry] = field(default_factory=dict)  # work id -> the work last loaded
    parts: dict[str, _Entry] = field(default_factory=dict)  # work id -> its last part
    index: dict[str, _Entry] = field(default_factory=dict)  # "search" -> the last search index
    code: str = field(default_factory=code_digest)

    def part(self, work_id: str, key: str, make: Callable[[], Part], fingerprint: Callable[[Part], str]) -> Part:
        """The work's part kept under `key`, if its fingerprint still holds; else made anew (and
        kept in place of the last one, so that what is kept never outgrows the corpus)."""
        return _reuse_or_make(self.parts, work_id, key, make, fingerprint)

    def loaded_work(self, work_id: str, inputs: list[tuple[str, bytes]], load: Callable[[], Part], fingerprint: Callable[[Part], str]) -> Part:
        """The work as loaded from `inputs` (loader.LoadedWork: the loader names what it reads), if
        its fingerprint still holds; else loaded anew."""
        return _reuse_or_make(self.loaded, work_id, _digest(inputs), load, fingerprint)

    def search_index(self, key: str, make: Callable[[], Part], fingerprint: Callable[[Part], str]) -> Part:
        """The search index kept under `key` (a digest of its entries), or made anew."""
        return _reuse_or_make(self.index, "search", key, make, fingerprint)

    def last_search_index(self) -> Any:
        """The search index last made, whatever its entries (a preview serves it until the new one
        is made), or None."""
        entry = self.index.get("search")
        return entry.part if entry is not None else None


def _reuse_or_make(store: dict[str, _Entry], slot: str, key: str, make: Callable[[], Part], fingerprint: Callable[[Part], str]) -> Part:
    def sealed(part: Part) -> str:  # the fingerprint bound to its key: no part passes for another
        return hashlib.sha256(f"{key}\n{fingerprint(part)}".encode()).hexdigest()

    entry = store.get(slot)
    if entry is not None and entry.key == key and sealed(entry.part) == entry.fingerprint:
        return entry.part
    part = make()
    store[slot] = _Entry(key, part, sealed(part))
    return part


def entries_key(entries: Iterable[Any]) -> str:
    """The key of a search index: its entries (plain strings in frozen dataclasses) as written."""
    return _digest((str(n), repr(e).encode("utf-8")) for n, e in enumerate(entries))


def files_fingerprint(files: Iterable[Any]) -> str:
    return _digest((f.path, f.content) for f in files)
