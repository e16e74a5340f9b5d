"""Writing sources/: one writer at a time, every change all or nothing, nothing left behind.

sources/ is the edition's only copy of its data. Every command that writes it (`import`,
`permalinks`) starts here with `locked(root, command)`; every command that reads it (`check`,
`site`, `serve`) with `reading(root, command)`, which is the same where a writer has ever run (a
read-only command on a fresh checkout writes nothing, not even the lock file, for there is
nothing to finish and no writer to wait for).

**The lock.** `.build/sources.lock` is a lock file (the `filelock` library: an flock, which the
kernel releases when its holder dies, so a killed writer never leaves a stale lock). A writer
holds it from before it reads the sources (so it plans against the sources as they are) until its
change is in place; `check` and `site` hold it while they read the sources (a build then goes on
without it: the engine works on what was read); `serve` only while it finishes what a killed
writer left, and reads on its own after that (a regeneration that read a change half applied
shows its error until the next one). Whoever takes the lock writes
who they are to `.build/sources.lock.json`, so that a second command can say what it waits for. A
second command waits up to a bound (120 s; `EDITION_LOCK_WAIT=<seconds>` changes it, 0 refuses at
once), saying on stderr who holds the lock, then gives up with a message naming the holder.

**A change is a transaction** (`Writer.commit`), in three steps:

1. stage: each file's new bytes are written in full to `.build/transaction/files/<n>` and
   fsynced (nothing in sources/ is touched);
2. commit: the journal `.build/transaction/journal.json` (each target, its staged file, the
   SHA-256 of its bytes before and after) is written under a temporary name, fsynced and renamed
   into place. This rename is the point of no return;
3. apply: the directories are created, each staged file is renamed over its target, the
   directories are fsynced, then the journal is removed, then the staging directory.

A file that must not exist yet does, or one to be replaced changed since the command read it: the
change stops before step 1. SIGINT and SIGTERM are held back during step 3, so an interrupted
command still completes it; a file system error there leaves the journal for the next command.

**Recovery.** Every command, once it holds the lock, first finishes what a killed writer left
(`recover`): a staging directory without a journal is removed (roll back: sources/ was never
touched); a journal is applied again (roll forward). Applying is idempotent: a target whose staged
file is gone already holds its new bytes, which the journal's checksum confirms. A target that holds
neither its old nor its new bytes (edited by hand since) stops the recovery with a message, and the
journal is kept for the editor to decide.

**Scratch.** A command's working copies (the importer checks its draft in a copy of the sources) are
`.build/scratch-<pid>-<random>/`, removed on every exit: while the lock is held, SIGTERM and SIGINT
are turned into exceptions (`Interrupted`) so that `finally` clauses run. A run killed outright
(SIGKILL) cannot clean up; the next command removes every scratch directory whose owner's pid is no
longer alive.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

BUILD = ".build"
LOCK_NAME = "sources.lock"
HOLDER_NAME = "sources.lock.json"
TRANSACTION_NAME = "transaction"
JOURNAL_NAME = "journal.json"
SCRATCH_PREFIX = "scratch-"
WAIT_VARIABLE = "EDITION_LOCK_WAIT"
DEFAULT_WAIT = 120.0  # seconds: longer than the largest import the importer accepts takes
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class SourcesBusy(Exception):
    """Another command holds the lock on sources/ and did not finish within the wait."""


class SourcesChanged(Exception):
    """The files a change is for are not as the change expects: edited by hand while a command ran,
    or since a killed command left its journal. Nothing more is written."""


class WriteFailed(Exception):
    """The file system refused a write (full, read-only...). The message says whether sources/ is
    as it was or will be completed by the next command."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived while a command held the lock (a BaseException, like
    KeyboardInterrupt, so that no `except Exception` swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def checkpoint(operation: str) -> None:
    """Called after each file operation of a change. Does nothing; the fault-injection tests replace
    it to kill the writer (or raise) exactly there, at every step in turn."""


# --- the lock -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Writer:
    """What a command holding the lock may do: commit a change, and use scratch directories."""

    root: Path
    command: str

    def commit(self, new: Mapping[Path, bytes], replaced: Mapping[Path, bytes], before: Mapping[Path, str] | None = None) -> None:
        """Write `new` files (which must not exist) and replace `replaced` ones, all or nothing.
        `before`: the SHA-256 each replaced file had when the command read it; a file changed
        since (by hand, outside the lock) stops the commit before anything is written."""
        commit_change(self.root, new, replaced, before or {})

    @contextmanager
    def scratch(self) -> Iterator[Path]:
        """A scratch directory under .build/, removed on every exit."""
        path = self.root / BUILD / f"{SCRATCH_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        path.mkdir(parents=True)
        try:
            checkpoint("scratch created")
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def locked(root: Path, command: str, wait: float | None = None) -> Iterator[Writer]:
    """Hold the lock on `root`/sources for the duration: first finishing what a killed writer left
    and removing dead commands' scratch directories. SIGINT and SIGTERM raise Interrupted meanwhile."""
    root = root.resolve()
    build = root / BUILD
    lock = FileLock(build / LOCK_NAME)
    try:
        build.mkdir(parents=True, exist_ok=True)
        _acquire(lock, build, command, _wait_bound() if wait is None else wait)
    except OSError as exc:
        raise WriteFailed(f"cannot take the lock on sources/ ({exc}): `{command}` did nothing") from exc
    try:
        with _signals_as_exceptions():
            _write_holder(build, command)
            try:
                done = _recover_or_say(root)
                if done:
                    print(f"note: {done}", file=sys.stderr)
                sweep(root)
                yield Writer(root, command)
            finally:
                (build / HOLDER_NAME).unlink(missing_ok=True)
    finally:
        lock.release()


@contextmanager
def reading(root: Path, command: str, wait: float | None = None) -> Iterator[None]:
    """For a command that only reads sources/ (check, site, serve): the lock, as `locked` takes it,
    where a writer has ever run here. Where none has (no lock file), there is nothing to finish, and
    the command writes nothing into the project: not even the lock file."""
    build = root.resolve() / BUILD
    if not (build / LOCK_NAME).exists() and not (build / TRANSACTION_NAME).exists():
        yield
        return
    with locked(root, command, wait):
        yield


def _wait_bound() -> float:
    value = os.environ.get(WAIT_VARIABLE, "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_WAIT
    except ValueError:
        raise SourcesBusy(f"{WAIT_VARIABLE}={value!r} is not a number of seconds") from None


def _acquire(lock: FileLock, build: Path, command: str, wait: float) -> None:
    try:
        lock.acquire(timeout=0)
        return
    except Timeout:
        pass
    holder = _holder(build)
    if wait > 0:
        print(f"waiting for sources/: {holder} holds it; waiting up to {wait:.0f} s ({WAIT_VARIABLE} changes this)", file=sys.stderr)
        try:
            lock.acquire(timeout=wait)
            return
        except Timeout:
            holder = _holder(build)
    raise SourcesBusy(
        f"sources/ is in use: {holder} holds its lock ({build / LOCK_NAME}); `{command}` gave up after waiting {wait:.0f} s."
        " Run it again when that command has finished."
    )


def _write_holder(build: Path, command: str) -> None:
    record = {"command": command, "pid": os.getpid(), "since": time.strftime("%Y-%m-%d %H:%M:%S")}
    temporary = build / f".{HOLDER_NAME}.{os.getpid()}"
    temporary.write_text(json.dumps(record), encoding="utf-8")
    os.replace(temporary, build / HOLDER_NAME)


def _holder(build: Path) -> str:
    """Who holds the lock, as a phrase ("`import --edition ecs-wales` (pid 4242, since ...)"). The
    holder writes its record just after taking the lock: a moment is allowed for it to appear."""
    for _ in range(20):
        try:
            record = json.loads((build / HOLDER_NAME).read_text(encoding="utf-8"))
            if _alive(int(record["pid"])):  # not a record a killed holder left
                return f"`{record['command']}` (pid {record['pid']}, since {record['since']})"
        except (OSError, ValueError, KeyError, TypeError):
            pass
        time.sleep(0.05)
    return "another command (which has not said which)"


@contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    """SIGINT and SIGTERM raise Interrupted, so `finally` clauses run (the default SIGTERM kills
    without them). Only the main thread can set handlers; elsewhere the defaults stay."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    previous = {signum: signal.signal(signum, interrupt) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done, then take effect. (Python's own handlers,
    swapped for ones that note the signal: blocking it with pthread_sigmask would hold it back from
    this thread only, and another thread could take it.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: arrived.append(signum)) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if arrived:
            signal.raise_signal(arrived[0])


# --- the transaction ------------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The file's checksum, or None when it does not exist."""
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None


def commit_change(root: Path, new: Mapping[Path, bytes], replaced: Mapping[Path, bytes], before: Mapping[Path, str]) -> None:
    """Stage, commit and apply a change (see the module's docstring). Call with the lock held."""
    root = root.resolve()
    transaction = root / BUILD / TRANSACTION_NAME
    entries = _entries(root, new, replaced, before)
    _same_filesystem(root, transaction.parent)
    try:
        journal = _stage(root, transaction, entries, {**new, **replaced})
        _write_synced(transaction / f"{JOURNAL_NAME}.tmp", json.dumps(journal, indent=1).encode("utf-8"), 0o644)
        checkpoint("journal written")
        os.replace(transaction / f"{JOURNAL_NAME}.tmp", transaction / JOURNAL_NAME)  # the commit point
    except BaseException as exc:
        shutil.rmtree(transaction, ignore_errors=True)  # not committed: roll back
        if isinstance(exc, OSError):
            raise WriteFailed(f"could not write sources/ ({exc}); nothing was written") from exc
        raise
    with _signals_held():
        try:
            _sync_directory(transaction)
            checkpoint("journal committed")
            _apply(root, transaction, journal)
        except OSError as exc:
            raise WriteFailed(
                f"writing sources/ was interrupted ({exc}); its journal is kept, and the next command (`make check`, say)"
                " completes the change"
            ) from exc


def _entries(root: Path, new: Mapping[Path, bytes], replaced: Mapping[Path, bytes], before: Mapping[Path, str]) -> list[dict]:
    """One journal entry per file, checked against what is on disk now."""
    entries = []
    for path, data in new.items():
        if path.exists() or path.is_symlink():
            raise SourcesChanged(f"{_relative(root, path)} already exists: a new file never replaces one; nothing was written")
        entries.append({"target": _relative(root, path), "before": None, "after": sha256(data), "mode": 0o644})
    for path, data in replaced.items():
        current = file_sha256(path)
        if current is None:
            raise SourcesChanged(f"{_relative(root, path)} is gone, though it was to be edited; nothing was written")
        if path in before and before[path] != current:
            raise SourcesChanged(f"{_relative(root, path)} changed while the command ran (edited by hand?); nothing was written: run it again")
        entries.append({"target": _relative(root, path), "before": current, "after": sha256(data), "mode": path.stat().st_mode & 0o777})
    return entries


def _relative(root: Path, path: Path) -> str:
    resolved = path.resolve() if path.is_absolute() else (root / path).resolve()
    relative = resolved.relative_to(root).as_posix()
    if not relative.startswith("sources/"):
        raise ValueError(f"{path} is not under {root / 'sources'}")
    return relative


def _same_filesystem(root: Path, build: Path) -> None:
    """A rename is atomic only within one file system."""
    if os.stat(root / "sources").st_dev != os.stat(build).st_dev:
        raise OSError(f"{build} and {root / 'sources'} are on different file systems: a change could not be made all at once")


def _stage(root: Path, transaction: Path, entries: list[dict], data: Mapping[Path, bytes]) -> dict:
    shutil.rmtree(transaction, ignore_errors=True)
    (transaction / "files").mkdir(parents=True)
    by_target = {_relative(root, path): content for path, content in data.items()}
    for number, entry in enumerate(entries):
        entry["staged"] = f"files/{number}"
        _write_synced(transaction / entry["staged"], by_target[entry["target"]], entry["mode"])
        checkpoint(f"staged {entry['target']}")
    _sync_directory(transaction / "files")
    directories = sorted({p for e in entries for p in _missing_parents(root, root / e["target"])}, key=len)
    return {"version": 1, "directories": directories, "files": entries}


def _missing_parents(root: Path, path: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in path.parents if p != root and not p.exists() and root in p.parents]


def _write_synced(path: Path, data: bytes, mode: int) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(descriptor, "wb", closefd=False) as out:
            out.write(data)
        os.fchmod(descriptor, mode)  # the umask may have narrowed it
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _apply(root: Path, transaction: Path, journal: dict) -> None:
    """Put every staged file in place; idempotent, so a killed apply is simply run again. Every
    target is checked before the first is touched: a conflict changes nothing."""
    for entry in journal["files"]:
        _refuse_conflict(root, transaction, entry)
    for directory in journal["directories"]:
        (root / directory).mkdir(exist_ok=True)
        checkpoint(f"created {directory}")
    for entry in journal["files"]:
        staged = transaction / entry["staged"]
        if staged.exists():  # otherwise already in place (checked above)
            os.replace(staged, root / entry["target"])
            checkpoint(f"replaced {entry['target']}")
    for directory in sorted({(root / e["target"]).parent for e in journal["files"]} | {(root / d).parent for d in journal["directories"]}):
        _sync_directory(directory)
    (transaction / JOURNAL_NAME).unlink()
    checkpoint("journal removed")
    shutil.rmtree(transaction)
    checkpoint("staging removed")


def _refuse_conflict(root: Path, transaction: Path, entry: dict) -> None:
    """A target must hold its old bytes (or none, if new) or, once replaced, its new bytes."""
    current = file_sha256(root / entry["target"])
    if not (transaction / entry["staged"]).exists():
        if current != entry["after"]:
            raise SourcesChanged(_conflict(transaction, entry, "its staged copy is gone and it does not hold the new bytes"))
    elif current not in (entry["before"], entry["after"]):
        raise SourcesChanged(_conflict(transaction, entry, "it was changed since (by hand?)"))


def _conflict(transaction: Path, entry: dict, why: str) -> str:
    return (
        f"an interrupted command's change to sources/ cannot be completed: {entry['target']}: {why}."
        f" Its journal is {transaction / JOURNAL_NAME} (staged files beside it); compare, then delete {transaction} to go on"
    )


# --- recovery ---------------------------------------------------------------------------------------


def recover(root: Path) -> str | None:
    """Finish (or undo) what a killed writer left; call with the lock held. Says what it did."""
    transaction = root / BUILD / TRANSACTION_NAME
    if not transaction.exists():
        return None
    journal_path = transaction / JOURNAL_NAME
    if not journal_path.exists():
        shutil.rmtree(transaction)
        checkpoint("uncommitted change removed")
        return "removed an interrupted change that had not been committed (sources/ was untouched)"
    journal = json.loads(journal_path.read_text(encoding="utf-8"))
    with _signals_held():
        _apply(root, transaction, journal)
    return f"completed an interrupted change: {', '.join(e['target'] for e in journal['files'])}"


def _recover_or_say(root: Path) -> str | None:
    try:
        return recover(root)
    except OSError as exc:
        raise WriteFailed(f"could not complete an interrupted change to sources/ ({exc}); its journal is in {root / BUILD / TRANSACTION_NAME}") from exc


def sweep(root: Path) -> list[Path]:
    """Remove the scratch directories of commands that are no longer running."""
    removed = []
    for path in sorted((root / BUILD).glob(f"{SCRATCH_PREFIX}*")):
        found = re.fullmatch(rf"{SCRATCH_PREFIX}(\d+)-[0-9a-f]+", path.name)
        if found and not _alive(int(found.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
