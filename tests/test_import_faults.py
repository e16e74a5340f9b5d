"""`make import` tried by an attacker and by a careless editor: sources/ is never left broken.

- One writer at a time: two imports started together both end complete (or one is refused with a
  message and sources/ is as the other left it); a held lock is waited for, or named when given up.
- All or nothing: the write is interrupted at every one of its file operations in turn (the process
  ended there as SIGKILL would, or an error raised there); after the next command, sources/ is
  byte for byte either as it was or as an uninterrupted import leaves it, and the check passes.
  SIGTERM and SIGINT leave no scratch copy; a killed run's scratch copy is removed by the next run.
- Awkward input: a lone carriage return, a `~` the shell did not expand, a terminal (progress) or
  not (quiet). The refusals (directory, device, link, long name, long id, size) are in
  test_import.py's list of bad inputs.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from conftest import ROOT
from test_import import FIRST, SECOND, STAFF_CODE, import_, project, run  # noqa: F401  (project: the fixture)

FAULTY = ROOT / "tests" / "fixtures" / "import-faults" / "faulty.py"
SECOND_ARGS = ("import", "--witness", str(SECOND), "--work", "guide", "--edition", "guide-2024", "--compare", "guide-2020")


def environment(**extra: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONHASHSEED="0", **extra)


def faulty(root: Path, at: int, mode: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m edition ARGS --root ROOT` with a fault at the at-th file operation (faulty.py)."""
    command = [sys.executable, str(FAULTY), str(at), mode, *args, "--root", str(root)]
    return subprocess.run(command, capture_output=True, text=True, env=environment(), check=False)


def tree(root: Path) -> dict[str, bytes | None]:
    """sources/, byte for byte: every file's bytes and every directory (None), by path."""
    out: dict[str, bytes | None] = {}
    for path in sorted((root / "sources").rglob("*")):
        name = path.relative_to(root).as_posix()
        out[name] = None if path.is_dir() and not path.is_symlink() else path.read_bytes()
    return out


def leftovers(root: Path) -> list[str]:
    """What a write may leave behind: its staging directory, scratch copies, temporary files."""
    build = root / ".build"
    found = [p.name for p in build.glob("transaction")] + [p.name for p in build.glob("scratch-*")]
    return found + [p.name for p in (root / "sources").rglob(".import-*")]


def restore(root: Path, saved: Path) -> None:
    shutil.rmtree(root / "sources")
    shutil.copytree(saved, root / "sources", symlinks=True)
    shutil.rmtree(root / ".build", ignore_errors=True)


@pytest.fixture
def second_edition(project: Path, tmp_path: Path):
    """The guide with its first edition imported, a saved copy of those sources, and what an
    uninterrupted import of the second edition leaves, with each file operation it makes."""
    assert import_(project, FIRST, "guide-2020").returncode == 0
    saved = tmp_path / "saved-sources"
    shutil.copytree(project / "sources", saved, symlinks=True)
    before = tree(project)
    counted = faulty(project, 0, "count", *SECOND_ARGS)
    assert counted.returncode == 0, counted.stderr
    operations = re.findall(r"^checkpoint \d+: (.+)$", counted.stderr, re.M)
    complete = tree(project)
    assert complete != before and leftovers(project) == []
    restore(project, saved)
    return project, saved, before, complete, operations


def test_every_operation_of_an_import_is_counted(second_edition) -> None:
    """The fault tests below reach every step: scratch, staging, journal, each replace, cleanup."""
    _, _, before, complete, operations = second_edition
    assert operations[0] == "scratch created"
    assert operations.index("journal written") < operations.index("journal committed")
    written = {name for name in complete if complete[name] is not None and before.get(name) != complete[name]}
    assert {op.removeprefix("staged ") for op in operations if op.startswith("staged ")} == written
    assert {op.removeprefix("replaced ") for op in operations if op.startswith("replaced ")} == written
    assert "created sources/works/guide/guide-2024" in operations
    assert operations[-2:] == ["journal removed", "staging removed"]


def test_an_import_killed_at_any_operation_is_undone_or_completed_by_the_next_command(second_edition) -> None:
    project, saved, before, complete, operations = second_edition
    committed = operations.index("journal committed")
    for at, operation in enumerate(operations, start=1):
        restore(project, saved)
        killed = faulty(project, at, "exit", *SECOND_ARGS)
        assert killed.returncode == 137, (operation, killed.stderr)
        if operation == "scratch created":
            assert any(p.name.startswith("scratch-") for p in (project / ".build").iterdir()), "the kill should leave a scratch copy"
        check = run(project, "check")
        assert check.returncode == 0, (operation, check.stderr)
        expected = complete if at > committed else before
        assert tree(project) == expected, f"killed after {operation!r}: sources/ is neither as it was nor complete"
        assert leftovers(project) == [], operation


def test_an_import_failing_at_any_operation_writes_all_or_nothing(second_edition) -> None:
    """An error at each operation (a disk full, say): a clear message, exit 1; the next command
    leaves sources/ as it was (failed before the commit) or complete (after it)."""
    project, saved, before, complete, operations = second_edition
    committed = operations.index("journal committed")
    for at, operation in enumerate(operations, start=1):
        restore(project, saved)
        failed = faulty(project, at, "raise", *SECOND_ARGS)
        assert failed.returncode == 1 and failed.stderr.startswith("error: "), (operation, failed.stderr)
        assert "Traceback" not in failed.stderr and f"injected fault at operation {at}" in failed.stderr
        if at <= committed:
            assert "nothing was written" in failed.stderr and tree(project) == before, operation
        else:
            assert "the next command" in failed.stderr, operation
        check = run(project, "check")
        assert check.returncode == 0, (operation, check.stderr)
        assert tree(project) == (complete if at > committed else before), operation
        assert leftovers(project) == [], operation


@pytest.mark.parametrize("command", ["check", "permalinks", "import", "site", "serve"])
def test_every_command_first_completes_a_killed_import(second_edition, command: str) -> None:
    project, saved, _, complete, operations = second_edition
    killed = faulty(project, operations.index("journal committed") + 1, "exit", *SECOND_ARGS)
    assert killed.returncode == 137 and (project / ".build" / "transaction" / "journal.json").exists()
    if command == "serve":
        _serve_until_recovered(project)
    else:
        args = {
            "check": ("check",),
            "permalinks": ("permalinks",),
            "import": ("import", "--witness", str(STAFF_CODE), "--work", "No Where", "--edition", "staff-2022"),  # refused: no such work, no valid id for a new one
            "site": ("site", "--site-url", "ftp://refused.example/"),  # refused after the recovery, before a build
        }[command]
        result = run(project, *args)
        assert result.returncode == (0 if command in ("check", "permalinks") else 1), result.stderr
        assert "completed an interrupted change" in result.stderr
    state = tree(project)
    if command == "permalinks":  # it also registers the new edition's addresses, in a register of its own
        assert "/guide/guide-2024/" in state.pop("sources/permalinks.txt").decode("utf-8")
        assert "sources/permalinks.txt" not in complete
    assert state == complete
    assert leftovers(project) == []


def _serve_until_recovered(project: Path) -> None:
    """Start `serve` and stop it once the journal is gone (or after two minutes, failing)."""
    import time

    server = subprocess.Popen(
        [sys.executable, "-m", "edition", "serve", "--root", str(project), "--dev-addr", "127.0.0.1:0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment(),
    )
    try:
        deadline = time.monotonic() + 120
        while (project / ".build" / "transaction").exists() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not (project / ".build" / "transaction").exists(), "serve did not complete the interrupted change"
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_a_journal_whose_files_were_edited_since_is_not_applied(second_edition) -> None:
    """Killed after its commit, then work.yaml edited by hand: the next command refuses to guess,
    names the file and the journal, and changes nothing."""
    project, saved, _, _, operations = second_edition
    killed = faulty(project, operations.index("journal committed") + 1, "exit", *SECOND_ARGS)
    assert killed.returncode == 137
    work = project / "sources" / "works" / "guide" / "work.yaml"
    work.write_text(work.read_text(encoding="utf-8") + "# an editor's note\n", encoding="utf-8")
    state = tree(project)
    check = run(project, "check")
    assert check.returncode == 1
    assert "sources/works/guide/work.yaml: it was changed since" in check.stderr and "journal.json" in check.stderr
    assert tree(project) == state


@pytest.mark.parametrize("mode, code, name", [("term", 143, "SIGTERM"), ("int", 130, "SIGINT")])
def test_sigterm_or_sigint_while_checking_leaves_no_scratch_and_writes_nothing(second_edition, mode: str, code: int, name: str) -> None:
    project, _, before, _, operations = second_edition
    result = faulty(project, operations.index("scratch created") + 1, mode, *SECOND_ARGS)
    assert result.returncode == code, result.stderr
    assert f"interrupted ({name})" in result.stderr and "Traceback" not in result.stderr
    assert leftovers(project) == [] and tree(project) == before


def test_sigterm_while_applying_still_completes_the_change(second_edition) -> None:
    """Signals wait while the journal is applied: the change is whole when the command stops."""
    project, _, _, complete, operations = second_edition
    first_replace = next(i for i, op in enumerate(operations, start=1) if op.startswith("replaced "))
    result = faulty(project, first_replace, "term", *SECOND_ARGS)
    assert result.returncode == 143 and "interrupted (SIGTERM)" in result.stderr
    assert tree(project) == complete and leftovers(project) == []


def test_a_scratch_copy_is_removed_only_when_its_owner_is_gone(project: Path) -> None:
    assert import_(project, FIRST, "guide-2020").returncode == 0  # a writer has run here: the lock file exists
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    build = project / ".build"
    dead, alive = build / f"scratch-{ended.stdout.strip()}-0a1b2c3d", build / f"scratch-{os.getpid()}-0a1b2c3d"
    for scratch in (dead, alive):
        (scratch / "sources").mkdir(parents=True)
    assert run(project, "check").returncode == 0
    assert not dead.exists() and alive.exists()


# --- one writer at a time ------------------------------------------------------------------------


def test_two_imports_started_together_both_complete(project: Path) -> None:
    """Several rounds of two imports into one work at once: both drafts complete, one planned on
    what the other wrote (distinct witness ids, both in work.yaml), and the check passes; or, with
    no wait allowed, one refused with a message and sources/ exactly as the other left it."""
    saved = project.parent / "saved-sources"
    shutil.copytree(project / "sources", saved, symlinks=True)
    alone = {}
    for edition, witness in (("guide-2020", FIRST), ("staff-2022", STAFF_CODE)):  # each import on its own
        assert import_(project, witness, edition).returncode == 0
        alone[edition] = tree(project)
        restore(project, saved)
    for round_, wait in enumerate(("120", "120", "120", "0", "0", "0")):
        restore(project, saved)
        racers = {
            edition: subprocess.Popen(
                [sys.executable, "-m", "edition", "import", "--witness", str(witness), "--work", "guide", "--edition", edition, "--root", str(project)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(EDITION_LOCK_WAIT=wait),
            )
            for edition, witness in (("guide-2020", FIRST), ("staff-2022", STAFF_CODE))
        }
        said = {edition: process.communicate(timeout=300)[1] for edition, process in racers.items()}
        results = {edition: (racers[edition].returncode, message) for edition, message in said.items()}
        refused = [edition for edition, (code, _) in results.items() if code != 0]
        if not refused:
            assert run(project, "check").returncode == 0, f"round {round_}"
            work = (project / "sources" / "works" / "guide" / "work.yaml").read_text(encoding="utf-8")
            assert "guide-2020" in work and "staff-2022" in work
            witnesses = (project / "sources" / "witnesses" / "witnesses.yaml").read_text(encoding="utf-8")
            assert "file: guide-2020.txt" in witnesses and "file: staff-code-2022.txt" in witnesses
            ids = {_edition_witness(project, e) for e in ("guide-2020", "staff-2022")}
            assert len(ids) == 2, f"round {round_}: both editions claim witness {ids}"
        else:
            assert wait == "0" and len(refused) == 1, results
            code, message = results[refused[0]]
            # Who holds the lock is named (test_a_held_lock_is_named_when_the_wait_runs_out); here the
            # holder may be just letting go, its record gone, so only the refusal itself is checked.
            assert code == 1 and "error: sources/ is in use: " in message and "holds its lock" in message
            assert f"`import --edition {refused[0]}` gave up after waiting 0 s" in message
            other = next(e for e in results if e not in refused)
            assert tree(project) == alone[other]
        assert leftovers(project) == []


def _edition_witness(root: Path, edition: str) -> str:
    text = (root / "sources" / "works" / "guide" / edition / "edition.yaml").read_text(encoding="utf-8")
    return re.search(r"^witness: (\S+)$", text, re.M).group(1)


def test_a_held_lock_is_named_when_the_wait_runs_out(project: Path) -> None:
    from edition.sources_write import locked

    before = tree(project)
    with locked(project, "a test holding the lock"):
        result = subprocess.run(
            [sys.executable, "-m", "edition", "import", "--witness", str(FIRST), "--work", "guide", "--edition", "guide-2020", "--root", str(project)],
            capture_output=True, text=True, env=environment(EDITION_LOCK_WAIT="0"), check=False,
        )
    assert result.returncode == 1 and result.stdout == ""
    assert f"error: sources/ is in use: `a test holding the lock` (pid {os.getpid()}, since " in result.stderr
    assert "`import --edition guide-2020` gave up after waiting 0 s" in result.stderr
    assert tree(project) == before


def test_a_build_reads_the_sources_only_under_the_lock(project: Path) -> None:
    """`make site` never reads a change half applied: while a writer holds the lock, a build waits
    for it (here, refuses at once) and builds nothing."""
    from edition.sources_write import locked

    with locked(project, "a test holding the lock"):
        result = subprocess.run(
            [sys.executable, "-m", "edition", "site", "--root", str(project), "--site-dir", str(project / "built")],
            capture_output=True, text=True, env=environment(EDITION_LOCK_WAIT="0"), check=False,
        )
    assert result.returncode == 1, result.stderr
    assert "error: sources/ is in use: `a test holding the lock`" in result.stderr
    assert "`site` gave up after waiting 0 s" in result.stderr
    assert not (project / "built").exists()


def test_a_build_holds_the_lock_while_it_reads_the_sources(project: Path, monkeypatch) -> None:
    """Not only at its start: the sources are read (generate) with the lock held, so no writer can
    apply a change meanwhile; the engine then runs without it."""
    from filelock import FileLock, Timeout

    from edition import engine
    from edition.sources_write import locked

    with locked(project, "a writer that has run"):  # a lock file now exists: readers take the lock
        pass
    held_while_reading = []

    class Read(Exception):
        """Where the build would go on to the engine: not needed to see the lock."""

    def generate(*args, **kwargs):
        try:  # a second flock on the file, as another process would take it
            FileLock(project / ".build" / "sources.lock").acquire(timeout=0)
            held_while_reading.append(False)
        except Timeout:
            held_while_reading.append(True)
        raise Read

    monkeypatch.setattr(engine, "generate", generate)
    with pytest.raises(Read):
        engine.build_site(project, "mkdocs", project / "built")
    assert held_while_reading == [True]
    FileLock(project / ".build" / "sources.lock").acquire(timeout=0)  # and released after


def test_a_second_writer_waits_for_the_lock_then_plans_on_what_it_finds(project: Path, tmp_path: Path) -> None:
    """An import waits while another command holds the lock, then drafts against the sources as
    that command left them: here the guide's first edition, written while it waited, which it then
    compares with (COMPARE defaults to the work's newest edition)."""
    from edition.sources_write import locked

    empty = tmp_path / "empty-guide"
    shutil.copytree(project / "sources", empty, symlinks=True)
    assert import_(project, FIRST, "guide-2020").returncode == 0
    with_first = tmp_path / "with-first"
    shutil.copytree(project / "sources", with_first, symlinks=True)
    shutil.rmtree(project / "sources")
    shutil.copytree(empty, project / "sources", symlinks=True)
    with locked(project, "a test holding the lock"):
        waiting = subprocess.Popen(
            [sys.executable, "-m", "edition", "import", "--witness", str(SECOND), "--work", "guide", "--edition", "guide-2024", "--root", str(project)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(EDITION_LOCK_WAIT="300"),
        )
        said = waiting.stderr.readline()  # returns once the import has found the lock taken
        assert said.startswith("waiting for sources/: `a test holding the lock`"), said
        shutil.rmtree(project / "sources")  # the holder writes meanwhile
        shutil.copytree(with_first, project / "sources", symlinks=True)
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    work = (project / "sources" / "works" / "guide" / "work.yaml").read_text(encoding="utf-8")
    assert re.search(r"- from: guide-2020\n\s+to: guide-2024\n", work), work
    assert run(project, "check").returncode == 0


# --- awkward input -------------------------------------------------------------------------------


def test_a_lone_carriage_return_is_a_line_break_as_the_check_counts_it(project: Path, tmp_path: Path) -> None:
    """A CR not followed by LF, inside a paragraph: the text is imported byte for byte, its lines
    numbered as Witness.lines() (and so the fidelity check) numbers them, and the output says where."""
    from edition.importer.witness_file import read_received

    raw = FIRST.read_bytes()
    at = raw.index(b"following the local safeguarding")  # inside a paragraph
    witness = tmp_path / "guide-cr.txt"
    witness.write_bytes(raw[:at] + b"\r" + raw[at:])
    assert read_received(witness).lines == tuple(witness.read_text(encoding="utf-8").split("\n"))
    line = witness.read_text(encoding="utf-8")[: at + 1].count("\n")  # the line the CR ends, as read_text counts
    result = import_(project, witness, "guide-2020")
    assert result.returncode == 0, result.stderr
    assert f"a lone carriage return (CR, not followed by a line feed) ends witness line {line}." in result.stdout
    assert (project / "sources" / "witnesses" / "guide-cr.txt").read_bytes() == witness.read_bytes()
    check = run(project, "check")
    assert check.returncode == 0, check.stderr


def test_a_witness_path_with_an_unexpanded_tilde(project: Path, tmp_path: Path) -> None:
    """`make import WITNESS=~/text.txt`: make passes the ~ through as typed."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy2(FIRST, home / "guide-2020.txt")
    result = subprocess.run(
        [sys.executable, "-m", "edition", "import", "--witness", "~/guide-2020.txt", "--work", "guide", "--edition", "guide-2020", "--root", str(project)],
        capture_output=True, text=True, env=environment(HOME=str(home)), check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (project / "sources" / "witnesses" / "guide-2020.txt").read_bytes() == FIRST.read_bytes()


def test_the_progress_bar_is_drawn_on_a_terminal_only(project: Path) -> None:
    quiet = import_(project, FIRST, "guide-2020")
    assert quiet.returncode == 0 and quiet.stderr == ""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal of 100 columns
    args = ["import", "--witness", str(SECOND), "--work", "guide", "--edition", "guide-2024", "--root", str(project)]
    shown = subprocess.Popen([sys.executable, "-m", "edition", *args], stdout=subprocess.DEVNULL, stderr=follower, env=environment())
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert shown.wait(timeout=300) == 0
    text = drawn.decode("utf-8", "replace")
    assert "import: aligning" in text and "import: checking the draft as `make check` does" in text


def test_a_read_only_command_on_a_fresh_checkout_writes_nothing(project: Path) -> None:
    """No writer has run: `check` finds nothing to finish and creates no lock file."""
    assert run(project, "check").returncode == 0
    assert not (project / ".build").exists()


def test_the_lock_holder_record_is_removed_when_released(project: Path) -> None:
    from edition.sources_write import locked

    with locked(project, "a test"):
        record = json.loads((project / ".build" / "sources.lock.json").read_text(encoding="utf-8"))
        assert record["command"] == "a test" and record["pid"] == os.getpid()
    assert not (project / ".build" / "sources.lock.json").exists()
