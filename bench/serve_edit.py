"""Edit to updated site, end to end, under `make serve`: the time from saving a one-word change to a
clause (its YAML and its witness, whose checksum is updated, as an editor would) to the served page
showing the new word, polled over HTTP as a reader's browser would fetch it.

    python bench/serve_edit.py [--engine mkdocs|zensical] [--runs N] [--scale N]

Used by bench/run.py; runnable on its own. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns("site", ".venv", ".venv-zensical", ".git", "node_modules", "__pycache__", ".build", ".cache", ".hypothesis", ".pytest_cache")


@dataclass(frozen=True)
class Edit:
    """One word of one clause: where it is written (YAML and witness) and where it is shown."""

    section: str  # project-relative YAML file
    witness: str  # project-relative witness file
    word: str
    url: str  # the page that shows the clause


REAL_EDIT = Edit(
    "sources/works/six-core-principles/ecs-england/principle-5.yaml",
    "sources/witnesses/001_5fc62930cb1d290f.txt",
    "evenhandedness",
    "six-core-principles/ecs-england/ecs-p5/",
)


def synthetic_edit(project: Path) -> Edit:
    """A word of the first paragraph of work 1's second edition, section 1 (bench/synthetic.py)."""
    section = project / "sources/works/work-1/w1-e2/section-1.yaml"
    text = section.read_text(encoding="utf-8").split("kind: paragraph", 1)[1]
    word = re.search(r'text: "([^"]*)"', text).group(1).split()[2]
    return Edit(section.relative_to(project).as_posix(), "sources/witnesses/sw1-2.txt", word, "work-1/w1-e2/w1-e2-s0/")


def apply_edit(project: Path, edit: Edit, old: str, new: str) -> None:
    """`old` becomes `new` in the clause's YAML and its witness, and the witness's checksum follows."""
    section, witness = project / edit.section, project / edit.witness
    yaml_text = section.read_text(encoding="utf-8")
    witness_bytes = witness.read_bytes()
    if not re.search(rf"\b{re.escape(old)}\b", yaml_text) or old.encode() not in witness_bytes:
        raise ValueError(f"{old!r} is not in {edit.section} and {edit.witness}")
    witness.write_bytes(re.sub(rf"\b{re.escape(old)}\b".encode(), new.encode(), witness_bytes, count=1))
    listing = project / "sources/witnesses/witnesses.yaml"
    digest = hashlib.sha256(witness.read_bytes()).hexdigest()
    listing.write_text(
        re.sub(rf"(file: {re.escape(witness.name)}\n\s+sha256: )[0-9a-f]{{64}}", lambda m: m.group(1) + digest, listing.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    section.write_text(re.sub(rf"\b{re.escape(old)}\b", new, yaml_text, count=1), encoding="utf-8")  # the YAML last, as saved


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, word: str, timeout: float, server: subprocess.Popen) -> float:
    """Seconds until the page at `url` contains `word`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode})")
        body = _fetch(url)
        if body is not None and re.search(rf"\b{re.escape(word)}\b", body):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {word!r} within {timeout:.0f} s")


def edit_to_updated(project: Path, engine: str, edit: Edit, runs: int) -> list[float]:
    """Serve a copy of `project` with `engine`; edit the clause `runs` times; each run's seconds."""
    scratch = Path(tempfile.mkdtemp(prefix="edition-serve-"))
    copy = scratch / "project"
    shutil.copytree(project, copy, ignore=IGNORED)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1")
    log = (scratch / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "edition", "serve", "--engine", engine, "--root", str(copy), "--dev-addr", f"127.0.0.1:{port}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/{edit.url}"
    times = []
    try:
        _wait_for(url, edit.word, 900, server)
        time.sleep(2)  # let the first build settle (the engine's watcher starts after it)
        current = edit.word
        for run in range(runs):
            new = f"benchedit{run}x"
            apply_edit(copy, edit, current, new)
            times.append(_wait_for(url, new, 900, server))
            current = new
            time.sleep(1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="mkdocs", choices=("mkdocs", "zensical"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=0, help="a synthetic corpus of this scale (0: the real corpus)")
    args = parser.parse_args()
    if args.scale:
        sys.path.insert(0, str(ROOT / "bench"))
        import synthetic

        project = synthetic.generate(Path(tempfile.mkdtemp(prefix="edition-syn-")) / "project", args.scale)
        edit = synthetic_edit(project)
    else:
        project, edit = ROOT, REAL_EDIT
    times = edit_to_updated(project, args.engine, edit, args.runs)
    print(" ".join(f"{t:.2f}" for t in times))


if __name__ == "__main__":
    main()
