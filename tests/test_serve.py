"""`make serve`: an edit to a clause reaches the served page; a broken edit leaves the last good
page served and says what is wrong, in the terminal and on every open page; mending it brings the
preview back; Ctrl-C and SIGTERM stop it cleanly, server and all."""

from __future__ import annotations

import hashlib
import json
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(root: Path, engine: str, port: int, log: Path) -> subprocess.Popen:
    """`make serve` on `root`, in a session of its own (as a terminal would run it), output to `log`."""
    zensical = os.environ.get("ZENSICAL") or str(Path(__file__).resolve().parents[1] / ".venv-zensical/bin/zensical")
    env = dict(os.environ, PYTHONPATH=str(root / "scripts"), ZENSICAL=zensical)
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "edition", "serve", "--engine", engine, "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_an_edit_reaches_the_served_page(tmp_path: Path, engine: str) -> None:
    root = project_copy(tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    server = _start(root, engine, port, log)
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
        _stop(server)


# --- the error where the editor looks -----------------------------------------------------------

OVERLAY = "#edition-preview-error"
# A value with a colon in it: a YAML error whose message quotes the line, markup and all.
BROKEN = ("    align: p5-2\n", "    align: p5-2 <img src=x onerror=alert(1)>: or <b>bold</b>\n")


def _with_the_pages_policy(route) -> None:
    """Serve each page with the Content-Security-Policy the published page carries (csp.py: its own
    scripts only, inline ones by hash), so that the preview's script is held to it too."""
    from edition.csp import policy_for

    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    body = response.text()
    headers = dict(response.headers, **{"content-security-policy": policy_for(body)})
    route.fulfill(response=response, headers=headers, body=body)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_failed_rebuild_shows_its_error_on_every_open_page_until_mended(tmp_path: Path, engine: str, browser) -> None:
    root = project_copy(tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    server = _start(root, engine, port, log)
    origin = f"http://127.0.0.1:{port}/"
    section = root / SECTION
    good = section.read_text(encoding="utf-8")
    assert good.count(BROKEN[0]) == 1
    broken_line = good[: good.index(BROKEN[0])].count("\n") + 1
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    if engine == "mkdocs":
        # Zensical's live reload opens a WebSocket to the page's host, which Chromium refuses from a
        # page the test itself fulfilled (as coming from no local address); the script is the same
        # under both engines, so it is held to the policy under MkDocs.
        context.route("**/*", _with_the_pages_policy)
    try:
        _until(lambda: "evenhandedness" in _page(origin + PAGE), 120, "first page", server)
        pages = [context.new_page(), context.new_page()]
        for tab, address in zip(pages, (PAGE, "")):
            tab.goto(origin + address)
            tab.wait_for_load_state("load")
        for tab in pages:  # the script has asked for the status and found nothing wrong
            tab.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/assets/preview.json'))")
            assert tab.locator(OVERLAY).count() == 0

        section.write_text(good.replace(*BROKEN), encoding="utf-8")
        for tab in pages:
            notice = tab.locator(OVERLAY)
            notice.wait_for(state="visible", timeout=60_000)
            text = notice.inner_text()
            assert f"sources/works/six-core-principles/ecs-england/principle-5.yaml, line {broken_line}" in text
            assert "has a colon followed by a space" in text and "put the whole value between quotes" in text
            # The source text the message quotes is shown as typed, and made into nothing.
            assert "<img src=x onerror=alert(1)>" in text and "<b>bold</b>" in text
            assert notice.locator("img, b").count() == 0
            assert notice.get_attribute("role") == "alert"
        assert "evenhandedness" in pages[0].content(), "the last good page stays shown under the notice"
        assert f"principle-5.yaml:{broken_line}:" in log.read_text()

        section.write_text(good, encoding="utf-8")
        for tab in pages:
            tab.locator(OVERLAY).wait_for(state="detached", timeout=60_000)
        for tab in pages:
            tab.close()
    finally:
        context.close()
        _stop(server)
    assert requested and all(url.startswith(origin) for url in requested), [u for u in requested if not u.startswith(origin)][:5]


def _descendants(pid: int) -> set[int]:
    """Every process started, directly or not, by `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize(
    ("engine", "how"),
    [("mkdocs", "SIGTERM"), ("zensical", "SIGTERM"), ("mkdocs", "Ctrl-C"), ("zensical", "Ctrl-C"), ("mkdocs", "SIGKILL")],
)
def test_stopping_the_preview_stops_its_server_and_says_so_in_one_line(tmp_path: Path, engine: str, how: str) -> None:
    """SIGTERM (what `make` passes on when it is stopped so) to the preview alone, or Ctrl-C (SIGINT
    to every process of the terminal's group): the preview stops its engine's server, which frees
    the port, and says so in one line, without a traceback. Even killed outright (SIGKILL), it
    leaves no server behind (Linux tells the server that its parent died)."""
    root = project_copy(tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    server = _start(root, engine, port, log)
    try:
        _until(lambda: "evenhandedness" in _page(f"http://127.0.0.1:{port}/{PAGE}"), 120, "first page", server)
        started = _descendants(server.pid)
        assert started, "the preview runs its engine's server as a process of its own"
        if how == "Ctrl-C":
            os.killpg(server.pid, signal.SIGINT)
        else:
            server.send_signal(getattr(signal, how))
        assert server.wait(timeout=60) == (-signal.SIGKILL if how == "SIGKILL" else 0)
    finally:
        if server.poll() is None:
            _stop(server)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (any(_alive(pid) for pid in started) or _listening(port)):
        time.sleep(0.2)
    assert [pid for pid in started if _alive(pid)] == [], "a process the preview started is still running"
    assert not _listening(port), f"port {port} is still taken"
    output = log.read_text()
    assert "Traceback" not in output, output[-3000:]
    if how == "SIGKILL":
        return
    assert output.rstrip().splitlines()[-1] == "Stopped the preview."
    assert output.count("Stopped the preview.") == 1


def test_only_a_preview_loads_the_preview_script(tmp_path: Path) -> None:
    """docs/assets/preview.js and the status it reads are written for `make serve` only: a build
    for publishing neither ships nor loads them."""
    from edition.docs_tree import PREVIEW_SCRIPT, PREVIEW_STATUS, write_docs_tree, write_preview_status
    from edition.errors import Place, SourceError
    from edition.pipeline import generate

    root = project_copy(tmp_path / "project")
    generated = generate(root)
    published = write_docs_tree(generated.site, root, tmp_path / "published", "mkdocs", generated.docs)
    assert not (published.docs / PREVIEW_SCRIPT).exists() and not (published.docs / PREVIEW_STATUS).exists()
    assert "preview" not in published.config.read_text(encoding="utf-8")
    preview = write_docs_tree(generated.site, root, tmp_path / "preview", "mkdocs", generated.docs, preview=True)
    assert (preview.docs / PREVIEW_SCRIPT).read_bytes() == (root / "docs" / PREVIEW_SCRIPT).read_bytes()
    assert f"- {PREVIEW_SCRIPT}" in preview.config.read_text(encoding="utf-8")
    assert json.loads((preview.docs / PREVIEW_STATUS).read_text(encoding="utf-8")) == {"error": None}
    error = SourceError(Place("sources/x.yaml", 3, "clauses[0].text"), 'says <b>"hi"</b>')
    assert write_preview_status(preview, error)
    assert json.loads((preview.docs / PREVIEW_STATUS).read_text(encoding="utf-8"))["error"] == {
        "file": "sources/x.yaml", "line": 3, "field": "clauses[0].text", "message": 'says <b>"hi"</b>',
        "text": 'sources/x.yaml:3: clauses[0].text: says <b>"hi"</b>',
    }
    # The next good regeneration says so.
    assert write_docs_tree(generated.site, root, tmp_path / "preview", "mkdocs", generated.docs, preview=True).written == 1
    assert json.loads((preview.docs / PREVIEW_STATUS).read_text(encoding="utf-8")) == {"error": None}


def test_the_engines_server_rebuilds_when_the_preview_announces_its_writes(tmp_path: Path) -> None:
    """Under a preview, MkDocs' server rebuilds when the preview says a batch of writes is complete
    (docs_tree.announce; engines/mkdocs_preview.py), not when its own poll of the tree finds a
    change: a page written without the announcement is not rebuilt, and is once it is made."""
    from edition.docs_tree import announce, source_path, write_docs_tree
    from edition.engine import engine_command
    from edition.pipeline import generate

    root = project_copy(tmp_path / "project")
    generated = generate(root)
    tree = write_docs_tree(generated.site, root, tmp_path / "preview", "mkdocs", generated.docs, preview=True)
    port = _free_port()
    with (tmp_path / "server.log").open("w") as out:
        server = subprocess.Popen(
            engine_command("mkdocs", root) + ["serve", "-f", str(tree.config), "--dev-addr", f"127.0.0.1:{port}", "--dirty", "--livereload", "--no-strict"],
            cwd=tree.root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        _until(lambda: "evenhandedness" in _page(url), 120, "first page", server)
        page = tree.docs / source_path(PAGE)
        page.write_bytes(page.read_bytes().replace(b"evenhandedness", b"even-handedness", 1))
        time.sleep(2.5)  # five of the polls MkDocs' server makes by itself
        assert "evenhandedness" in _page(url), "the server rebuilt without the preview's announcement"
        announce(tree)
        _until(lambda: "even-handedness" in _page(url), 30, "the announced page", server)
    finally:
        _stop(server)
