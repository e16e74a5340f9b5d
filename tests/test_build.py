"""The site build refuses bad sources with the loader's message and writes nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def project_copy(destination: Path) -> Path:
    destination.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "sources"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    return destination


def fixture_project(destination: Path, sources: Path) -> Path:
    """A buildable project with a fixture's sources (`sources`, a sources/ folder) and the real
    schemas; about.md and api.md stubbed, since the real ones link to the real corpus's files."""
    root = project_copy(destination)
    shutil.rmtree(root / "sources")
    shutil.copytree(sources, root / "sources")
    shutil.copytree(ROOT / "sources" / "schema", root / "sources" / "schema", dirs_exist_ok=True)
    for page in ("about.md", "api.md"):
        (root / "docs" / page).write_text(f"# {page}\n", encoding="utf-8")
    return root


def built_fixture(destination: Path, sources: Path) -> Path:
    """fixture_project, built as `make site` builds: its site/."""
    root = fixture_project(destination, sources)
    built = site_build(root, root / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    return root / "site"


def site_build(root: Path, site: Path, engine: str = "mkdocs", **env: str) -> subprocess.CompletedProcess[str]:
    """The real build, as `make site` runs it: generate, write the docs tree, run the engine, finish."""
    environment = dict(os.environ, PYTHONPATH=str(root / "scripts"), **env)
    return subprocess.run(
        [sys.executable, "-m", "edition", "site", "--engine", engine, "--root", str(root), "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, env=environment, check=False,
    )


def test_bad_source_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "project")
    target = root / "sources/works/ascl-blueprint/ascl-2015/blueprint.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("kind: paragraph", "kind: paragrah", 1), encoding="utf-8")
    site = tmp_path / "out"
    result = site_build(root, site)
    assert result.returncode != 0
    assert "blueprint.yaml:" in result.stderr and "'paragrah' is not one of the allowed values" in result.stderr
    assert not site.exists()


def test_make_site_fails_on_any_warning_and_leaves_no_site(tmp_path: Path) -> None:
    """A page left out of the navigation is only a warning to MkDocs; --strict must make it fatal
    through the real `make site` command (mkdocs --quiet once hid such warnings from --strict)."""
    root = project_copy(tmp_path / "project")
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, root / name)
    (root / "docs" / "orphan.md").write_text("# Not in the navigation\n", encoding="utf-8")
    venv = ROOT / ".venv"
    result = subprocess.run(
        ["make", "-C", str(root), "site", f"VENV={venv}", "-o", f"{venv}/.site-deps"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "orphan.md" in result.stdout + result.stderr
    assert not (root / "site").exists() and not leftovers(root)


def leftovers(root: Path) -> list[Path]:
    """What a build leaves beside site/ when it is done: its scratch docs trees under .build/ and an
    old site/ set aside by the swap (the lock file may stay)."""
    return [*(root / ".build").glob("*"), *root.glob(".site.old")]


def _make_site(root: Path) -> subprocess.Popen[str]:
    venv = ROOT / ".venv"
    return subprocess.Popen(
        ["make", "-C", str(root), "site", f"VENV={venv}", "-o", f"{venv}/.site-deps"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def test_two_builds_at_once_each_leave_a_complete_site(tmp_path: Path) -> None:
    """Two `make site` in one checkout at the same time: both succeed, and site/ is complete after
    each round (it once shared one scratch directory, and half the files went missing)."""
    root = project_copy(tmp_path / "project")
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, root / name)
    expected = sorted(p.relative_to(ROOT / "site").as_posix() for p in (ROOT / "site").rglob("*") if p.is_file())
    for _ in range(3):
        builds = [_make_site(root), _make_site(root)]
        outputs = [b.communicate()[0] for b in builds]
        assert [b.returncode for b in builds] == [0, 0], "\n".join(outputs)
        built = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file())
        assert built == expected
        assert (root / "site").stat().st_mode & 0o755 == 0o755  # readable by a web server, like any build
    assert not leftovers(root), "no scratch directory is left behind"
