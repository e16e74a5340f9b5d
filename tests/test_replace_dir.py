"""A finished build takes the published folder's place whole, on one file system or across two."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from edition.replace_dir import replace_directory


def _build(folder: Path, text: str) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "sub" / "page.html").write_text(text + " page", encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_replaces_the_site_and_leaves_nothing_behind(tmp_path: Path) -> None:
    site = _build(tmp_path / "site", "old")
    replace_directory(_build(tmp_path / "scratch" / "site", "new"), site)
    assert _tree(site) == {"index.html": "new", "sub/page.html": "new page"}
    assert not (tmp_path / "scratch" / "site").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "scratch", "site"]


def test_a_build_on_another_file_system_is_moved_across(tmp_path: Path) -> None:
    """A checkout on the tmpfs at /dev/shm building into a folder on disk: a rename cannot cross,
    so the build is copied beside the site first (it failed with EXDEV before)."""
    elsewhere = Path(tempfile.mkdtemp(dir="/dev/shm", prefix="build-"))
    try:
        new = _build(elsewhere / "site", "new")
        assert new.stat().st_dev != tmp_path.stat().st_dev, "/dev/shm is on the same file system: this test shows nothing"
        replace_directory(new, tmp_path / "site")  # no site yet
        assert _tree(tmp_path / "site") == {"index.html": "new", "sub/page.html": "new page"}
        replace_directory(_build(elsewhere / "again", "newer"), tmp_path / "site")  # over a site
        assert _tree(tmp_path / "site") == {"index.html": "newer", "sub/page.html": "newer page"}
        assert list(elsewhere.iterdir()) == []
        assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
    finally:
        shutil.rmtree(elsewhere)
