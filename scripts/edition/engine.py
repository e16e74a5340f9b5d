"""Running a site engine on the docs tree: `make site` (a whole build) and `make serve`.

A build generates the Site (pipeline.py), writes it as a docs tree in a scratch directory of its
own (docs_tree.py), runs the engine there (MkDocs, the default, or Zensical), finishes every page
(finish.py: the Content-Security-Policy), and only then swaps the result for site/ in one step
(replace_dir.py). A failure anywhere leaves site/ as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .docs_tree import write_docs_tree
from .finish import finish_site
from .pipeline import check_addresses, generate
from .replace_dir import replace_directory


class EngineFailed(Exception):
    """The site engine stopped with an error; its output is in the message."""


def engine_command(engine: str, root: Path) -> list[str]:
    """The engine's executable: beside this Python (the project's .venv), or Zensical's own venv."""
    here = Path(sys.executable).parent
    if engine == "mkdocs":
        return [str(here / "mkdocs")]
    for candidate in (os.environ.get("ZENSICAL"), here / "zensical", root / ".venv-zensical" / "bin" / "zensical"):
        if candidate and Path(candidate).exists():
            return [str(candidate)]
    raise EngineFailed("Zensical is not installed: `make site ENGINE=zensical` installs it in .venv-zensical/")


def _environment() -> dict[str, str]:
    # Material prints a banner about MkDocs 2 on every run; it says nothing about this build.
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def run_engine(engine: str, config: Path, root: Path) -> None:
    command = engine_command(engine, root) + ["build", "-f", str(config)]
    if engine == "mkdocs":
        command += ["--strict"]  # no --quiet: it hides warnings from --strict as well
    result = subprocess.run(command, cwd=config.parent, env=_environment(), capture_output=True, text=True, check=False)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise EngineFailed(f"{engine} failed (exit {result.returncode})")


def build_site(root: Path, engine: str, site: Path) -> int:
    """A whole build into `site` (replaced in one step); the number of pages."""
    generated = generate(root)
    check_addresses(generated, root)
    (root / ".build").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"{engine}-", dir=root / ".build"))
    try:
        tree = write_docs_tree(generated.site, root, scratch, engine, generated.docs)
        run_engine(engine, tree.config, root)
        pages = finish_site(tree.site)
        tree.site.chmod(0o755)
        replace_directory(tree.site, site)
        return pages
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _stamp(paths: list[Path]) -> tuple:
    """What a rebuild depends on: every source, template, hand-written page and theme file."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for base in paths for p in base.rglob("*") if p.is_file()))


def serve(root: Path, engine: str, address: str = "127.0.0.1:8000") -> None:
    """Preview with live reload: the docs tree in .build/serve/ is regenerated whenever a source
    changes (only changed files are rewritten), and the engine's own server rebuilds what changed."""
    from .errors import FidelityError, SourceError

    tree_dir = root / ".build" / f"serve-{engine}"
    watched = [root / "sources", root / "docs", root / "overrides", Path(__file__).resolve().parent / "pages" / "templates"]
    generated = generate(root)
    tree = write_docs_tree(generated.site, root, tree_dir, engine, generated.docs)
    command = engine_command(engine, root) + ["serve", "-f", str(tree.config), "--dev-addr" if engine == "mkdocs" else "--dev-addr", address]
    if engine == "mkdocs":
        command += ["--dirty", "--livereload"]
    server = subprocess.Popen(command, cwd=tree.root, env=_environment())
    stamp = _stamp(watched)
    try:
        while server.poll() is None:
            time.sleep(0.3)
            now = _stamp(watched)
            if now == stamp:
                continue
            stamp = now
            started = time.perf_counter()
            try:
                generated = generate(root)
            except (SourceError, FidelityError) as exc:
                print(f"error: {exc}\n(the site shows the last good build)", file=sys.stderr)
                continue
            written = write_docs_tree(generated.site, root, tree_dir, engine, generated.docs).written
            print(f"regenerated in {time.perf_counter() - started:.2f} s: {written} files changed", file=sys.stderr)
    finally:
        server.terminate()
        server.wait()
