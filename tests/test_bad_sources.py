"""Each kind of bad source stops the check with one message naming file, line and field.

tests/bad_sources/<case>/ holds one broken file (at its path under the project root: sources/ or
docs/) and the message it must produce. Each case is laid over a copy of the small, valid corpus in
tests/fixtures/mini, so it fails for its own reason only. Symbolic links are copied as links.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINI, QUALITY, ROOT, copy_root

CASES = ROOT / "tests" / "bad_sources"


TIMES: dict[str, float] = {}


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    # A generous limit that only catches a hang (an alias bomb once hung the build); how long
    # each case takes is reported with the quality gates' figures, not asserted.
    return subprocess.run(
        [sys.executable, "-m", "edition", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_the_mini_corpus_itself_is_valid(tmp_path: Path) -> None:
    result = run_check(copy_root(MINI, tmp_path / "mini"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_bad_source_is_refused_with_its_message(case: str, tmp_path: Path) -> None:
    root = copy_root(MINI, tmp_path / "mini")
    for source in sorted((CASES / case).rglob("*")):
        relative = source.relative_to(CASES / case)
        if relative.parts[0] not in ("sources", "docs") or (source.is_dir() and not source.is_symlink()):
            continue
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).unlink(missing_ok=True)
        shutil.copy2(source, root / relative, follow_symlinks=False)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))

    started = time.perf_counter()
    result = run_check(root)
    TIMES[case] = time.perf_counter() - started
    slowest = max(TIMES, key=TIMES.__getitem__)
    QUALITY["bad sources"] = f"{len(TIMES)} cases refused with their messages, slowest {slowest} in {TIMES[slowest]:.2f} s"

    expected = (CASES / case / "expected.txt").read_text(encoding="utf-8")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"error: {expected}"
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before, "a failed check must write nothing"


def test_the_one_pass_scan_refuses_exactly_the_characters_refused_one_by_one() -> None:
    """read_yaml scans a file with one pattern; it must agree with forbidden_character, which words
    the message, on every code point."""
    from edition.yamlsource import first_forbidden, forbidden_character

    disagree = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if (forbidden_character(chr(code)) is None) != (first_forbidden(chr(code)) is None)
    ]
    assert disagree == []
    assert first_forbidden("fine\ttext") == (4, forbidden_character("\t"))
