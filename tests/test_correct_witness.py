"""`make correct-witness`: a publisher's corrected copy becomes a new witness that corrects the old,
never an edit of the received bytes; the edition follows it where the difference can be carried
over exactly, and every difference is a review item. What cannot be carried over is refused, with
the lines named and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import MINI, copy_root
from test_import import run, snapshot

# The mini corpus's "old" witness (tests/fixtures/mini/sources/witnesses/old.txt), as received:
#  1 THE MINI CODE / 2 First edition / 3 (blank) / 4 - 1 Members act with integrity.** /
#  5 - 2 Members keep information confidential. / 6 (blank) / 7 Members support the /
#  8 (page 2) / 9 (blank) / 10 development of others. / 11 Printed by the Mini Society


def corrected(tmp_path: Path, edit) -> Path:
    lines = (MINI / "sources" / "witnesses" / "old.txt").read_text(encoding="utf-8").split("\n")
    edit(lines)
    path = tmp_path / "old-corrected.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def load(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_a_corrected_copy_is_a_new_witness_the_edition_follows(tmp_path: Path) -> None:
    root = copy_root(MINI, tmp_path / "mini")
    received = (root / "sources" / "witnesses" / "old.txt").read_bytes()

    def edit(lines: list[str]) -> None:
        lines[4] = lines[4].replace("keep information confidential", "keep all information confidential")  # line 5
        lines.insert(2, "")  # a blank line after line 2: every later line moves down one
        lines[11] = "Printed by the Mini Society, 2001"  # the colophon (old line 11, now 12)

    copy = corrected(tmp_path, edit)
    result = run(root, "correct", "--edition", "old", "--witness", str(copy))
    assert result.returncode == 0, result.stderr

    # The old copy is kept, byte for byte; the new one is registered as correcting it.
    assert (root / "sources" / "witnesses" / "old.txt").read_bytes() == received
    witnesses = {w["id"]: w for w in load(root / "sources" / "witnesses" / "witnesses.yaml")["witnesses"]}
    (new_id,) = [i for i, w in witnesses.items() if w.get("corrects") == "m-old"]
    assert (root / "sources" / "witnesses" / witnesses[new_id]["file"]).read_bytes() == copy.read_bytes()
    assert load(root / "sources" / "works" / "code" / "old" / "edition.yaml")["witness"] == new_id

    # The edition reads as the corrected copy prints it; the ledger's lines follow it.
    text = load(root / "sources" / "works" / "code" / "old" / "text.yaml")
    (clause,) = [c for c in text["clauses"] if c["id"] == "old-2"]
    assert clause["text"] == "Members keep all information confidential."
    ledger = load(root / "sources" / "works" / "code" / "old" / "ledger.yaml")
    exclusions = {x["id"]: x for x in ledger["exclusions"]}
    assert (exclusions["old-x-page"]["lines"], exclusions["old-x-colophon"]["lines"]) == (9, 12)
    assert exclusions["old-x-colophon"]["text"] == "Printed by the Mini Society, 2001"
    assert ledger["joins"][0]["lines"] == "8-11"

    # Every difference is a review item, open; the check passes and lists them.
    items = load(root / "sources" / "works" / "code" / "old" / "review.yaml")["items"]
    assert len(items) == 3 and {i["status"] for i in items} == {"open"} and {i["topic"] for i in items} == {"witness"}
    assert any("“” → “all”" in i["decided"] for i in items)
    check = run(root, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.count("review item witness-correction-") == 3


@pytest.mark.parametrize("edit, named", [
    (lambda lines: lines.insert(5, "- 3 Members report conflicts of interest."), "line 6 of the corrected copy"),
    (lambda lines: lines.__setitem__(3, "- 4 Members act with integrity.**"), "line 4 of the corrected copy"),
])
def test_what_cannot_be_carried_over_is_refused_and_nothing_is_written(tmp_path: Path, edit, named: str) -> None:
    """A paragraph added, and a printed label changed: each needs an editor's judgement."""
    root = copy_root(MINI, tmp_path / "mini")
    before = snapshot(root)
    result = run(root, "correct", "--edition", "old", "--witness", str(corrected(tmp_path, edit)))
    assert result.returncode == 1
    assert named in result.stderr and "Nothing was written" in result.stderr and "import it as a new edition" not in result.stdout
    assert snapshot(root) == before


def test_a_copy_that_is_already_a_witness_is_refused(tmp_path: Path) -> None:
    root = copy_root(MINI, tmp_path / "mini")
    before = snapshot(root)
    result = run(root, "correct", "--edition", "old", "--witness", str(MINI / "sources" / "witnesses" / "old.txt"))
    assert result.returncode == 1 and "already a witness" in result.stderr
    assert snapshot(root) == before
