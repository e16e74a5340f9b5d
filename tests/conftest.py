"""Shared fixtures: the project root, the loaded corpus, and scratch copies of sources to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.loader import load_corpus
from edition.model import Corpus

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(ROOT)


def copy_root(source_root: Path, destination: Path) -> Path:
    """A scratch project root holding a copy of `source_root`'s sources/ (schemas stay with the code)."""
    shutil.copytree(source_root / "sources", destination / "sources")
    return destination


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    return copy_root(ROOT, tmp_path / "root")


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    return copy_root(MINI, tmp_path / "mini")
