"""Running a site engine on the docs tree: `make site` (a whole build) and `make serve`.

A build generates the Site (pipeline.py), writes it as a docs tree in a scratch directory of its
own (docs_tree.py), runs the engine there (MkDocs, the default, or Zensical), finishes every page
(finish.py: the Content-Security-Policy), and only then swaps the result for site/ in one step
(replace_dir.py). A failure anywhere leaves site/ as it was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from . import sources_write
from .docs_tree import write_docs_tree, write_preview_status
from .finish import finish_site
from .keep import Kept, entries_key, files_fingerprint
from .pipeline import Generated, check_addresses, generate
from .search_index import IndexFailed, docs_entries, indexing, install_bundle, search_index
from .replace_dir import replace_directory


class EngineFailed(Exception):
    """The site engine stopped with an error; its output is in the message."""


def engine_command(engine: str, root: Path) -> list[str]:
    """The engine's executable: beside this Python (the project's .venv), or Zensical's own venv."""
    here = Path(sys.executable).parent
    if engine == "mkdocs":
        return [str(here / "mkdocs")]
    checkout = Path(__file__).resolve().parents[2]  # the generator's own checkout (root may be another project)
    candidates = (os.environ.get("ZENSICAL"), here / "zensical", *(base / ".venv-zensical" / "bin" / "zensical" for base in (root, checkout)))
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return [str(candidate)]
    raise EngineFailed("Zensical is not installed: `make site ENGINE=zensical` installs it in .venv-zensical/")


def _environment() -> dict[str, str]:
    # Material prints a banner about MkDocs 2 on every run; it says nothing about this build.
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def _mkdocs_build(config: Path) -> None:
    """MkDocs in this process: it is installed beside the generator, and starting a second Python
    that imports Jinja, Markdown and the rest again costs a third of a small build."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        build(load_config(str(config), strict=True))  # strict: a warning fails the build
    except (MkDocsException, OSError) as exc:
        raise EngineFailed(f"mkdocs failed: {exc}") from exc
    finally:
        logger.removeHandler(handler)


def run_engine(engine: str, config: Path, root: Path) -> None:
    if engine == "mkdocs":
        _mkdocs_build(config)
        return
    command = engine_command(engine, root) + ["build", "-f", str(config)]
    result = subprocess.run(command, cwd=config.parent, env=_environment(), capture_output=True, text=True, check=False)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise EngineFailed(f"{engine} failed (exit {result.returncode})")


def _search_entries(generated: Generated, root: Path) -> tuple:
    """What the search finds: the generated pages' entries and the hand-written pages'."""
    return generated.site.search + docs_entries(generated.docs, root / "docs")


def _index(entries: tuple, scratch: Path) -> tuple:
    try:
        return search_index(entries, scratch)
    except IndexFailed as exc:
        raise EngineFailed(str(exc)) from exc


def with_search(generated: Generated, root: Path, scratch: Path, kept: Kept | None = None) -> Generated:
    """`generated` with its search index among the site's files (the same for every engine: the
    engine copies them like any other file). `kept`: a preview's, which keeps the last index."""
    entries = _search_entries(generated, root)
    if kept is None:
        files = _index(entries, scratch)
    else:
        files = kept.search_index(entries_key(entries), lambda: _index(entries, scratch), files_fingerprint)
    return with_files(generated, files)


def with_files(generated: Generated, files: tuple) -> Generated:
    return replace(generated, site=replace(generated.site, files=generated.site.files + tuple(files)))


def build_site(root: Path, engine: str, site: Path, site_url: str | None = None) -> int:
    """A whole build into `site` (replaced in one step); the number of pages. `site_url`: the
    address the site will be published at, for canonical links, the sitemap and citations."""
    # The sources are read under the lock (where a writer has run), so that a build never reads an
    # import's change half applied; the rest of the build works on what was read, without it.
    with sources_write.reading(root, "site"):
        generated = generate(root, site_url=site_url)
        check_addresses(generated, root)
    (root / ".build").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"{engine}-", dir=root / ".build"))
    try:
        # The search index is built while the engine runs (Pagefind is a process of its own), and
        # joins the built site after it: the engine would only have copied it.
        entries = _search_entries(generated, root)
        with indexing(entries, scratch) as bundle:
            if engine == "zensical":
                from engines import zensical as adapter

                tree = write_docs_tree(generated.site, root, scratch, engine, generated.docs, adapter.stand_in)
                run_engine(engine, tree.config, root)
                try:
                    adapter.fill_bodies(tree.site, generated.site)
                except adapter.AdapterFailed as exc:
                    raise EngineFailed(str(exc)) from exc
            else:
                tree = write_docs_tree(generated.site, root, scratch, engine, generated.docs)
                run_engine(engine, tree.config, root)
            try:
                install_bundle(bundle(), tree.site)
            except IndexFailed as exc:
                raise EngineFailed(str(exc)) from exc
        pages = finish_site(tree.site)
        tree.site.chmod(0o755)
        replace_directory(tree.site, site)
        return pages
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _stamp(paths: list[Path]) -> tuple:
    """What a rebuild depends on: every source, template, hand-written page and theme file."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for base in paths for p in base.rglob("*") if p.is_file()))


class Stopped(Exception):
    """The preview was asked to stop: SIGTERM (from `kill`, or passed on by make) or SIGHUP (its
    terminal closed). Ctrl-C raises KeyboardInterrupt."""


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signal.Signals(signum).name)


def _dying_with_parent() -> Callable[[], None] | None:
    """What the engine's server runs before it starts, on Linux: ask to be sent SIGTERM if the
    preview itself dies without stopping it (SIGKILL), so that no server is left holding the port.
    (libc is loaded here, in the preview: the server's side only makes the call.)"""
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: stopping the preview still stops the server
        return None
    parent = os.getpid()

    def in_the_server() -> None:
        prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the preview died before the call
            os._exit(1)

    return in_the_server


def _stop_server(server: subprocess.Popen) -> None:
    """Stop the engine's server and everything it started (its own process group), and wait for it."""
    if server.poll() is None:
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def serve(root: Path, engine: str, address: str = "127.0.0.1:8000") -> None:
    """Preview with live reload: the docs tree in .build/serve-<engine>/ is regenerated whenever a
    source changes (only changed files are rewritten), and the engine's own server rebuilds what
    changed. A regeneration that fails leaves the last good pages served, and says why in the
    terminal and on every open page (docs/assets/preview.js). Ctrl-C or SIGTERM stops the preview
    and its server (raising Stopped, or KeyboardInterrupt, once both are stopped)."""
    from .errors import FidelityError, SourceError

    tree_dir = root / ".build" / f"serve-{engine}"
    watched = [root / "sources", root / "docs", root / "overrides", Path(__file__).resolve().parent / "pages" / "templates"]
    previous = signal.signal(signal.SIGTERM, _stop)
    hangup = signal.signal(signal.SIGHUP, _stop)  # its terminal closed
    # Ctrl-C stops the preview even where the shell started it with SIGINT ignored (in the background).
    interrupted = signal.signal(signal.SIGINT, signal.default_int_handler)
    server = None
    try:
        kept = Kept()
        (root / ".build").mkdir(exist_ok=True)
        generated = with_search(generate(root, kept=kept), root, root / ".build", kept)
        tree = write_docs_tree(generated.site, root, tree_dir, engine, generated.docs, preview=True)
        command = engine_command(engine, root) + ["serve", "-f", str(tree.config), "--dev-addr", address]
        if engine == "mkdocs":
            # --dirty re-renders only the pages whose files changed, and always warns that it does
            # so: not strict, or that warning would stop the preview.
            command += ["--dirty", "--livereload", "--no-strict"]
        # Its own process group: Ctrl-C reaches this process alone, which then stops the server
        # and all it started, and says so once.
        server = subprocess.Popen(
            command, cwd=tree.root, env=_environment(), start_new_session=True, preexec_fn=_dying_with_parent()
        )
        print(f"Previewing at http://{address}/ (Ctrl-C stops it)", file=sys.stderr)
        stamp = _stamp(watched)
        while server.poll() is None:
            time.sleep(0.1)
            now = _stamp(watched)
            if now == stamp:
                continue
            stamp = now
            started = time.perf_counter()
            try:
                generated = generate(root, kept=kept)
                # The new pages first, served with the last search index; then the new index, if
                # the entries changed (a reader sees the edit before the index catches up with it).
                last = kept.last_search_index() or ()
                written = write_docs_tree(with_files(generated, last).site, root, tree_dir, engine, generated.docs, preview=True).written
                searched = with_search(generated, root, root / ".build", kept)
                if searched.site.files[len(generated.site.files):] != tuple(last):
                    written += write_docs_tree(searched.site, root, tree_dir, engine, generated.docs, preview=True).written
            except (SourceError, FidelityError, EngineFailed) as exc:
                write_preview_status(tree, exc)
                print(f"error: {exc}\n(the preview shows the last good build, with this message on every page)", file=sys.stderr)
                continue
            print(f"regenerated in {time.perf_counter() - started:.2f} s: {written} files changed", file=sys.stderr)
        raise EngineFailed(f"{engine} serve stopped (exit {server.returncode})")
    finally:
        # A second Ctrl-C or SIGTERM while the server stops would only leave it running.
        for stopping in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(stopping, signal.SIG_IGN)
        try:
            if server is not None:
                _stop_server(server)
        finally:
            signal.signal(signal.SIGINT, interrupted)
            signal.signal(signal.SIGHUP, hangup)
            signal.signal(signal.SIGTERM, previous)
