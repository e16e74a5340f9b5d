"""The build cache: work done for some input is reused until that input changes.

Content-addressed: an entry's key is a hash of everything the work read (source bytes, or the
model objects a page is made from, pickled) together with a fingerprint of the generator's own code
and of the libraries it uses, so a changed input or a changed generator simply misses, and a hit
returns exactly what the work would produce again. That keeps builds byte-identical with or without
the cache (tests/test_cache.py builds both ways and compares).

Entries live in memory for the life of the process (`make serve` rebuilds in one process) and on
disk under .cache/edition/ (later `make site` runs). EDITION_CACHE names another directory, or
"off" for no disk cache. Values are stored pickled, so no two builds ever share a mutable object.
Only a build that succeeds writes to the disk cache, and then removes the entries it did not use,
so the cache holds one build's work and a failed build leaves no trace.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from dataclasses import fields
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

from .model import Edition, Section

T = TypeVar("T")

_CODE_DIR = Path(__file__).resolve().parent
_SCHEMA_DIR = _CODE_DIR.parents[1] / "sources" / "schema"
_LIBRARIES = ("diff-match-patch", "Jinja2", "jsonschema", "MarkupSafe", "ruamel.yaml", "ruamel.yaml.clib")
_PROTOCOL = 5
_MEMORY: dict[str, bytes] = {}  # key -> pickled value, for builds in this process
_ON_DISK: dict[Path, set[str]] = {}  # cache directory -> the keys this process left in it


def code_fingerprint() -> bytes:
    """The generator's code, templates and schemas, and the versions of what it runs on. Looked
    at again on every build, so a template edited under `make serve` is not served stale."""
    files = sorted([*_CODE_DIR.rglob("*.py"), *_CODE_DIR.rglob("*.html"), *_SCHEMA_DIR.glob("*.json")])
    stats = tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    return _code_fingerprint(stats)


@lru_cache(maxsize=4)
def _code_fingerprint(stats: tuple[tuple[Path, int, int], ...]) -> bytes:
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    for name in _LIBRARIES:
        digest.update(f"{name} {version(name)}\n".encode())
    for path, _, _ in stats:
        digest.update(path.relative_to(_CODE_DIR.parents[1]).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _key_bytes(parts: tuple[object, ...]) -> bytes:
    """`parts` pickled without the memo, so equal values give equal bytes whether or not they
    share objects (the model is a tree: nothing refers back to itself)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
    pickler.fast = True
    pickler.dump(parts)
    return buffer.getvalue()


def digest(*parts: object) -> str:
    """A hash of `parts` (source bytes, strings, model objects), as a cache key component."""
    return hashlib.sha256(_key_bytes(parts)).hexdigest()


def own_fields(obj: object, *omit: str) -> tuple[tuple[str, object], ...]:
    """A model object's fields less some (an edition without its text, say), as a key part."""
    return tuple((f.name, getattr(obj, f.name)) for f in fields(obj) if f.name not in omit)  # type: ignore[arg-type]


def edition_details(edition: Edition) -> tuple[tuple[str, object], ...]:
    """An edition's own details (title, issuer, date, licence...) without its text and ledger:
    what pages about other things show of it."""
    return own_fields(edition, "sections", "ledger")


# id -> (the object, kept alive so its id is not reused; its digest). Model objects are immutable,
# and the loader hands out the same Section objects again for unchanged files under `make serve`.
_FINGERPRINTS: dict[int, tuple[object, str]] = {}


class Fingerprints:
    """Digests of model objects for keys. A section's is made from its clauses' and an edition's
    from its sections', so however many keys name an object, it is pickled once, and an object
    that outlives a build keeps its digest for the next."""

    def __init__(self) -> None:
        self.used: set[int] = set()

    def __call__(self, obj: object) -> str:
        self.used.add(id(obj))
        known = _FINGERPRINTS.get(id(obj))
        if known is None:
            known = _FINGERPRINTS[id(obj)] = (obj, self._make(obj))
        return known[1]

    def _make(self, obj: object) -> str:
        if isinstance(obj, Section):
            return digest(
                own_fields(obj, "clauses", "footnotes", "sections"),
                [self(c) for c in obj.clauses],
                [self(f) for f in obj.footnotes],
                [self(s) for s in obj.sections],
            )
        if isinstance(obj, Edition):
            return digest(own_fields(obj, "sections"), [self(s) for s in obj.sections])
        return digest(obj)


class BuildCache:
    def __init__(self, directory: Path | None):
        self.directory = directory
        self.fingerprint = Fingerprints()
        self.used: set[str] = set()
        self.pending: dict[str, bytes] = {}  # new entries, written to disk only when the build succeeds
        self.on_success: list[Callable[[], None]] = []  # other caches' writes, likewise held back
        self.hits = 0
        self.misses = 0
        self.code = code_fingerprint()

    @classmethod
    def for_root(cls, root: Path) -> BuildCache:
        setting = os.environ.get("EDITION_CACHE", "")
        if setting == "off":
            return cls(None)
        return cls(Path(setting) if setting else root / ".cache" / "edition")

    def _key(self, kind: str, parts: tuple[object, ...]) -> str:
        return hashlib.sha256(self.code + kind.encode() + b"\0" + _key_bytes(parts)).hexdigest()

    def keep(self, kind: str, parts: tuple[object, ...]) -> None:
        """Keep an entry this build needed but found elsewhere (an object kept in memory)."""
        self.used.add(self._key(kind, parts))

    def memo(self, kind: str, parts: tuple[object, ...], make: Callable[[], T]) -> T:
        """make()'s value for these inputs: from the cache if present, else made and stored."""
        found = self.recall(kind, parts)
        if found is not None:
            return found
        value = make()
        self.store(kind, parts, value)
        return value

    def recall(self, kind: str, parts: tuple[object, ...]) -> Any:
        """The value stored under these inputs, or None (counted as a miss)."""
        key = self._key(kind, parts)
        self.used.add(key)
        stored = _MEMORY.get(key) or self._read(key)
        if stored is not None:
            try:
                value = pickle.loads(stored)
            except Exception:  # a damaged entry is only a miss
                pass
            else:
                _MEMORY[key] = stored
                self.hits += 1
                return value
        self.misses += 1
        return None

    def store(self, kind: str, parts: tuple[object, ...], value: object) -> None:
        key = self._key(kind, parts)
        self.used.add(key)
        stored = pickle.dumps(value, protocol=_PROTOCOL)
        _MEMORY[key] = stored
        if self.directory is not None:
            self.pending[key] = stored

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.pickle"

    def _read(self, key: str) -> bytes | None:
        if self.directory is None:
            return None
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def _write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed into place: a reader never sees half an entry.
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:  # a cache that cannot be written is only slower
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)

    def finish(self) -> None:
        """After a successful build: store its new entries, and forget what it did not use, in
        memory and on disk. A build that fails writes nothing."""
        for key in [k for k in _MEMORY if k not in self.used]:
            del _MEMORY[key]
        for key in [k for k in _FINGERPRINTS if k not in self.fingerprint.used]:
            del _FINGERPRINTS[key]
        if self.directory is None:
            return
        for key, data in self.pending.items():
            self._write(key, data)
        self.pending.clear()
        for write in self.on_success:
            write()
        self.on_success.clear()
        # The directory is listed once per process; after that this process knows what is in it.
        if self.directory not in _ON_DISK:
            _ON_DISK[self.directory] = {p.stem for p in self.directory.glob("*/*.pickle")}
        for key in _ON_DISK[self.directory] - self.used:
            self._path(key).unlink(missing_ok=True)
        _ON_DISK[self.directory] = set(self.used)
