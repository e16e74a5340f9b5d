"""`make serve`: an edit to a clause reaches the served page; a broken edit leaves the last good
page served and says what is wrong; mending it brings the preview back."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from test_build import project_copy

SECTION = "sources/works/six-core-principles/ecs-england/principle-5.yaml"
WITNESS = "sources/witnesses/001_5fc62930cb1d290f.txt"
PAGE = "six-core-principles/ecs-england/ecs-p5/"


def _edit(root: Path, old: str, new: str, witness_too: bool = True) -> None:
    """`old` becomes `new` in the clause's YAML and (as an editor would) in its witness and checksum."""
    if witness_too:
        witness = root / WITNESS
        witness.write_bytes(witness.read_bytes().replace(old.encode(), new.encode(), 1))
        listing = root / "sources/witnesses/witnesses.yaml"
        digest = hashlib.sha256(witness.read_bytes()).hexdigest()
        listing.write_text(re.sub(rf"(file: {re.escape(witness.name)}\n\s+sha256: )[0-9a-f]{{64}}", lambda m: m.group(1) + digest,
                                  listing.read_text(encoding="utf-8")), encoding="utf-8")
    section = root / SECTION
    text = section.read_text(encoding="utf-8")
    assert old in text
    section.write_text(text.replace(old, new, 1), encoding="utf-8")


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _until(condition, seconds: float, what: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the preview stopped while waiting for {what}"
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"no {what} within {seconds:.0f} s")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_an_edit_reaches_the_served_page(tmp_path: Path, engine: str) -> None:
    root = project_copy(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    env = dict(os.environ, PYTHONPATH=str(root / "scripts"), ZENSICAL=str(Path(__file__).resolve().parents[1] / ".venv-zensical/bin/zensical"))
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "edition", "serve", "--engine", engine, "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        _until(lambda: "evenhandedness" in _page(url), 120, "first page", server)
        time.sleep(1)
        _edit(root, "evenhandedness", "even-handedness")
        _until(lambda: "even-handedness" in _page(url), 60, "edited page", server)

        _edit(root, "even-handedness", "fairmindedness", witness_too=False)  # the witness says otherwise
        _until(lambda: "fairmindedness" not in _page(url) and "principle-5.yaml" in log.read_text(), 30, "error report", server)
        assert "even-handedness" in _page(url), "the last good page is still served"
        assert "error:" in log.read_text()

        _edit(root, "fairmindedness", "even-handedness", witness_too=False)  # mended
        _edit(root, "even-handedness", "evenhandedness")
        _until(lambda: "evenhandedness" in _page(url), 60, "mended page", server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
