"""importer/aside.py: a text made in a forked process is the text made here, and a process that
fails or is never asked leaves nothing behind."""

from __future__ import annotations

import importlib
import os

import pytest

from edition.importer.aside import aside


@pytest.fixture(autouse=True)
def two_processors(monkeypatch) -> None:
    """As on the machines this runs on; with one, aside makes every text here (no process at all)."""
    # The module, by import_module: `edition.importer.aside` as an attribute is the function itself.
    monkeypatch.setattr(importlib.import_module("edition.importer.aside"), "_processors", lambda: 2)


def test_the_text_is_made_in_another_process_and_handed_back() -> None:
    here = os.getpid()
    with aside(lambda: f"made by {os.getpid()}") as text:
        made = text()
    assert made.startswith("made by ") and made != f"made by {here}"


def test_a_process_that_fails_leaves_the_text_to_be_made_here() -> None:
    here = os.getpid()

    def make() -> str:
        if os.getpid() != here:
            raise RuntimeError("failed in the forked process")
        return "made here"

    with aside(make) as text:
        assert text() == "made here"


def test_a_text_never_asked_for_stops_its_process() -> None:
    import multiprocessing
    import time

    started = time.monotonic()
    with aside(lambda: time.sleep(60) or "late"):
        pass
    assert time.monotonic() - started < 30
    # The context ended without waiting the minute: the process was stopped, and none is left.
    assert not multiprocessing.active_children()
