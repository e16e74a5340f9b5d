"""Putting a finished build in place of the published directory in one step.

A build writes into a scratch directory of its own; only when it has succeeded does this swap the
scratch directory and site/ with one atomic exchange (Linux renameat2 with RENAME_EXCHANGE), so a
reader or a server never sees a half-written or missing site/, and two builds finishing together
each install a complete site (the last one wins). Where the exchange is not available (another
system, a filesystem without it), two renames under a lock do the same with a moment in which
site/ is absent, never partial. A build on another file system than the target's (a checkout on a
tmpfs building into a folder on disk) is first copied beside the target, where a rename can move it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically. False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, f"cannot exchange {a} and {b}: {os.strerror(code)}")


def _beside(new: Path, target: Path) -> Path:
    """`new`, or where it is copied to when it is on another file system than `target`'s folder
    (a rename cannot cross file systems): a scratch folder beside `target`, `new` removed."""
    if os.stat(new).st_dev == os.stat(target.parent).st_dev:
        return new
    staged = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-")) / target.name
    try:
        shutil.copytree(new, staged, symlinks=True)
    except BaseException:
        shutil.rmtree(staged.parent, ignore_errors=True)
        raise
    shutil.rmtree(new)
    return staged


def replace_directory(new: Path, target: Path) -> None:
    """Put `new` where `target` is, atomically where possible; `new` is gone afterwards, and so is
    the old `target`."""
    if not new.is_dir():
        raise FileNotFoundError(f"{new} is not a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = _beside(new, target)
    try:
        _replace(staged, target)
    finally:
        if staged != new:
            shutil.rmtree(staged.parent, ignore_errors=True)


def _replace(new: Path, target: Path) -> None:
    lock = target.parent / f".{target.name}.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # builds finishing together take turns here
        if not target.exists():
            os.rename(new, target)
            return
        if _exchange(new, target):
            shutil.rmtree(new)  # now holds the old site
            return
        old = target.parent / f".{target.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        os.rename(target, old)
        os.rename(new, target)
        shutil.rmtree(old)
