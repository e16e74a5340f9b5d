"""`make import`: a converted text becomes a draft edition that passes the check and builds.

End to end on a small synthetic work (tests/fixtures/import/): its first edition is imported into
an empty work, its second against the first; the check passes as written, the site builds, and the
comparison page marks the changes planted in the second text (a reworded duty, a new clause, an
item moved, a paragraph dropped), the move as a move. Each bad input is refused with its message,
and nothing is written.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import MINI, ROOT, served
from test_build import fixture_project, site_build

FIXTURES = ROOT / "tests" / "fixtures" / "import"
FIRST, SECOND = FIXTURES / "guide-2020.txt", FIXTURES / "guide-2024.txt"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    return subprocess.run([sys.executable, "-m", "edition", *args, "--root", str(root)], capture_output=True, text=True, env=env, check=False)


def import_(root: Path, witness: Path, edition: str, compare: str | None = None, work: str = "guide") -> subprocess.CompletedProcess[str]:
    return run(root, "import", "--witness", str(witness), "--work", work, "--edition", edition, *(["--compare", compare] if compare else []))


def with_empty_work(root: Path) -> Path:
    """The mini corpus and a new work, "guide", that has no edition yet."""
    (root / "sources" / "works" / "guide").mkdir(parents=True)
    (root / "sources" / "works" / "guide" / "work.yaml").write_text(
        "id: guide\ntitle: Guiding Principles for Youth Workers\ndescription: A synthetic work for the importer tests.\neditions: []\n",
        encoding="utf-8",
    )
    corpus = root / "sources" / "corpus.yaml"
    corpus.write_text(corpus.read_text(encoding="utf-8") + "  - guide\n", encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A buildable project: the site's configuration and code, with the mini corpus."""
    return with_empty_work(fixture_project(tmp_path / "project", MINI / "sources"))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "sources").rglob("*")) if p.is_file()}


def test_two_editions_imported_check_build_and_compare(project: Path, browser) -> None:
    first = import_(project, FIRST, "guide-2020")
    assert first.returncode == 0, first.stderr
    assert "sources/works/guide/guide-2020/review.yaml" in first.stdout
    assert (project / "sources" / "witnesses" / "guide-2020.txt").read_bytes() == FIRST.read_bytes()
    second = import_(project, SECOND, "guide-2024", "guide-2020")
    assert second.returncode == 0, second.stderr
    check = run(project, "check")
    assert check.returncode == 0, check.stderr

    # The witness is registered with its checksum and what it prints about itself.
    witnesses = (project / "sources" / "witnesses" / "witnesses.yaml").read_text(encoding="utf-8")
    assert hashlib.sha256(SECOND.read_bytes()).hexdigest() in witnesses
    edition = (project / "sources" / "works" / "guide" / "guide-2024" / "edition.yaml").read_text(encoding="utf-8")
    assert "printed: Third edition" in edition and "printed: April 2024" in edition and "value: Wales" in edition

    built = site_build(project, project / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    data = json.loads((project / "site" / "api" / "v1" / "comparisons" / "guide-2020--guide-2024.json").read_text(encoding="utf-8"))
    changes = data["changes"]
    assert sum(1 for c in changes if c["kind"] == "added") == 1
    assert sum(1 for c in changes if c["kind"] == "dropped") == 1
    assert sum(1 for c in changes if c["moved"]) == 1
    duty = next(c for c in changes if any("within four hours" in s["text"] for s in c["spans"] if s["op"] == "insert"))

    page = browser.new_page()
    with served(project / "site") as base:
        page.goto(base + duty["diff_url"])
        row = page.locator("#" + duty["diff_url"].partition("#")[2])
        assert row.locator("ins").filter(has_text="within four hours").count() == 1
        assert row.locator("del").filter(has_text="the same day").count() == 1
        assert page.locator(".cmp-row--added").filter(has_text="approved accounts").count() == 1
        moved = next(c for c in changes if c["moved"])
        page.goto(base + moved["diff_url"].partition("#")[0] + "side-by-side/")
        row = page.locator(".cmp-pair.cmp-row--moved")
        assert row.count() == 1 and "Moved" in row.locator(".cmp-meta").text_content()
        # Two items changed places: whichever is shown as moved, it is one of them.
        assert ("sharing plans with schools" in row.text_content()) != ("inviting other agencies" in row.text_content())
        page.context.close()


def test_the_first_edition_of_a_work_needs_no_alignment(project: Path) -> None:
    result = import_(project, FIRST, "guide-2020")
    assert result.returncode == 0, result.stderr
    sections = "".join(p.read_text(encoding="utf-8") for p in (project / "sources" / "works" / "guide" / "guide-2020").glob("*.yaml"))
    assert "align:" not in sections
    from ruamel.yaml import YAML

    folder = project / "sources" / "works" / "guide" / "guide-2020"
    assert not (folder / "review.md").exists()
    review = YAML(typ="safe").load((folder / "review.yaml").read_text(encoding="utf-8"))
    assert review["edition"] == "guide-2020"
    doubts = [item["doubt"] for item in review["items"]]
    assert doubts == sorted(doubts, reverse=True) and len(doubts) >= 5
    assert {item["status"] for item in review["items"]} == {"open"}
    assert len({item["id"] for item in review["items"]}) == len(doubts)


def _binary(tmp: Path) -> Path:
    path = tmp / "scan.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    return path


def _latin1(tmp: Path) -> Path:
    path = tmp / "latin1.txt"
    path.write_bytes("Principles\n\nCaf\u00e9 society.\n".encode("latin-1"))
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.txt"
    path.write_bytes(b"\n \n")
    return path


def _only_furniture(tmp: Path) -> Path:
    path = tmp / "furniture.txt"
    path.write_text("$$x^2$$\n\n$$\\frac{1}{2}$$\n", encoding="utf-8")
    return path


def _renamed_copy(tmp: Path) -> Path:
    path = tmp / "same-text-other-name.txt"
    path.write_bytes(FIRST.read_bytes())
    return path


def _directory(tmp: Path) -> Path:
    path = tmp / "texts"
    path.mkdir()
    return path


def _long_name(tmp: Path) -> Path:
    path = tmp / ("a" * 252)  # stored with ".txt": 256 characters, one more than a file name may have
    path.write_bytes(FIRST.read_bytes())
    return path


def _link_outside(tmp: Path) -> Path:
    target = tmp / "elsewhere" / "notes.txt"
    target.parent.mkdir()
    target.write_bytes(FIRST.read_bytes())
    link = tmp / "guide.txt"
    link.symlink_to(target)
    return link


def _too_long(tmp: Path) -> Path:
    path = tmp / "long.txt"
    path.write_text("word\n" * 60_001, encoding="utf-8")
    return path


BAD = [
    ("an edition id already used", lambda tmp: (FIRST, "guide", "new", None), "the id 'new' is already used in the sources: choose another edition id"),
    ("an invalid edition id", lambda tmp: (FIRST, "guide", "Guide_2020", None), "'Guide_2020' is not a valid edition id"),
    ("an unknown work whose id no new work may take", lambda tmp: (FIRST, "No Where", "guide-2020", None), "'No Where' is not a work in sources/corpus.yaml"),
    ("a comparison with another work's edition", lambda tmp: (FIRST, "guide", "guide-2020", "new"), "'new' is an edition of code, not of guide"),
    ("a witness file that exists", lambda tmp: (MINI / "sources" / "witnesses" / "old.txt", "guide", "guide-2020", None), "sources/witnesses/old.txt already exists"),
    ("a witness already registered", None, "this text is already witness w000"),
    ("an empty file", lambda tmp: (_empty(tmp), "guide", "guide-2020", None), "the file is empty"),
    ("a binary file", lambda tmp: (_binary(tmp), "guide", "guide-2020", None), "this is a binary file"),
    ("a file that is not UTF-8", lambda tmp: (_latin1(tmp), "guide", "guide-2020", None), "is not UTF-8 text (byte 0xE9)"),
    ("a text with nothing but conversion junk", lambda tmp: (_only_furniture(tmp), "guide", "guide-2020", None), "no text found"),
    ("a directory", lambda tmp: (_directory(tmp), "guide", "guide-2020", None), "texts: is a directory, not a file"),
    ("a device", lambda tmp: (Path("/dev/zero"), "guide", "guide-2020", None), "/dev/zero: is a device, not a file"),
    ("a file name too long to store", lambda tmp: (_long_name(tmp), "guide", "guide-2020", None), "its name would be 256 characters long as stored"),
    ("a symbolic link", lambda tmp: (_link_outside(tmp), "guide", "guide-2020", None), "guide.txt: is a symbolic link (to "),
    ("an edition id over 64 characters", lambda tmp: (FIRST, "guide", "g" * 65, None), "is 65 characters long: an id has at most 64"),
    ("a text over the size bound", lambda tmp: (_too_long(tmp), "guide", "guide-2020", None), "the importer takes at most 60,000 lines"),
]


@pytest.mark.parametrize("case, request_for, message", BAD, ids=[case for case, _, _ in BAD])
def test_bad_input_is_refused_and_nothing_is_written(case: str, request_for, message: str, project: Path, tmp_path: Path) -> None:
    if request_for is None:  # the same text as a registered witness, under another name
        assert import_(project, FIRST, "guide-2020").returncode == 0
        message = message.replace("w000", _witness_id(project, "guide-2020.txt"))
        witness, work, edition, compare = _renamed_copy(tmp_path), "guide", "guide-2021", None
    else:
        witness, work, edition, compare = request_for(tmp_path)
    before = snapshot(project)
    result = import_(project, witness, edition, compare, work)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
    assert snapshot(project) == before, "a refused import must write nothing"


def _witness_id(root: Path, file: str) -> str:
    text = (root / "sources" / "witnesses" / "witnesses.yaml").read_text(encoding="utf-8")
    block = text[: text.index(f"file: {file}")]
    return block[block.rindex("id: ") + 4 :].split()[0]


PRINTED = """NORTHSHIRE ASSOCIATION OF SCHOOL STAFF
Registered charity no. 1190427 · Company no. 11873302

**Code of Principles**

**for School Staff in Northshire**

First edition, May 2022

Contents

Foreword ......................... 2
The Principles ................... 3
Practice ......................... 4

# Foreword

This Code sets out the principles that the Association expects of its members, adopted by its Council in 2022.

The Principles

Members will:

1. Act with integrity in all their dealings.
2. Secure value for money in every use of resources.
3. Keep children safe, putting their welfare first.

**Practice**

Integrity

Members declare any interest that might reasonably be thought to influence their judgement.

Value for money

Members compare more than one way of meeting a need before they commit funds, and savings are never made in a way that

places pupils at risk.

© Northshire Association of School Staff 2022. All rights reserved.
"""


def test_a_text_never_seen_is_read_as_a_reader_would(tmp_path: Path) -> None:
    """A letterhead with registration numbers, a display title, a printed contents list, a numbered
    list set flush left, headings of two styles and a page break: each read as such."""
    from edition.importer.metadata import read_metadata
    from edition.importer.not_text import propose
    from edition.importer.structure import read_structure
    from edition.importer.witness_file import read_received
    from edition.model import ClauseKind

    path = tmp_path / "code.txt"
    path.write_text(PRINTED, encoding="utf-8")
    text = read_received(path)
    proposals = propose(text)
    assert [(p.lines.first, p.lines.last, p.category) for p in proposals] == [(1, 2, "letterhead"), (10, 14, "page-furniture")]
    excluded = {n for p in proposals for n in range(p.lines.first, p.lines.last + 1)}
    structure = read_structure(text, excluded)
    clauses = [c for top in structure.sections for s in top.walk() for c in s.clauses]
    items = [c for c in clauses if c.kind is ClauseKind.ITEM]
    assert [(c.label, c.body) for c in items] == [
        ("1.", "Act with integrity in all their dealings."),
        ("2.", "Secure value for money in every use of resources."),
        ("3.", "Keep children safe, putting their welfare first."),
    ]
    assert structure.title is not None and structure.title.body == "Code of Principles for School Staff in Northshire"
    practice = next(s for s in structure.sections if s.title == "Practice")
    assert [child.title for child in practice.children] == ["Integrity", "Value for money"]
    joined = next(c for c in clauses if c.joins and not c.display)
    assert joined.words.endswith("in a way that places pupils at risk.")
    metadata = read_metadata(text, structure, {n: "" for n in excluded}, None)
    assert metadata.title == "Code of Principles for School Staff in Northshire"
    assert (metadata.date.value, metadata.date.printed) == ("2022-05", "May 2022")
    assert (metadata.jurisdiction.value, metadata.licence["name"]) == ("Northshire", "All rights reserved")


STAFF_CODE = FIXTURES / "staff-code-2022.txt"


def read_unseen(path: Path):
    """What the importer's readers make of a text: (text, proposals, structure, metadata)."""
    from edition.importer.metadata import read_metadata
    from edition.importer.not_text import propose
    from edition.importer.structure import read_structure
    from edition.importer.witness_file import read_received

    text = read_received(path)
    proposals = propose(text)
    excluded = {n: p.category for p in proposals for n in range(p.lines.first, p.lines.last + 1)}
    structure = read_structure(text, set(excluded))
    return text, proposals, structure, read_metadata(text, structure, excluded, None)


def clauses_of(structure) -> list:
    return [c for top in structure.sections for s in top.walk() for c in s.clauses]


def test_a_running_footer_with_its_page_number_is_set_aside() -> None:
    """"Name · Page 1 of 2", "Name · Page 2 of 2": the same line apart from the page number, at
    two page breaks (one inside a sentence), each proposed as page furniture and in no clause."""
    text, proposals, structure, _ = read_unseen(STAFF_CODE)
    footers = [n for n, line in enumerate(text.lines, start=1) if "· Page" in line]
    assert len(footers) == 2
    for n in footers:
        proposal = next((p for p in proposals if p.lines.first <= n <= p.lines.last), None)
        assert proposal is not None, f"line {n} is not proposed as an exclusion"
        assert proposal.category == "page-furniture" and "running header or footer" in proposal.reason
    clauses = clauses_of(structure)
    assert not [c.words for c in clauses if any(line.number in footers for line in c.lines)]
    assert not [c.words for c in clauses if "Page 1 of 2" in c.words or "Page 2 of 2" in c.words]
    # The sentence the first footer interrupts is still one clause, joined across the break.
    joined = next(c for c in clauses if c.joins)
    assert joined.words.endswith("outside school hours they direct the pupil to the school's own arrangements for contact.")


def test_lettered_items_one_to_a_block_are_list_items() -> None:
    """a) ... e), a blank line between each: one list of five labelled items, none joined to the
    next (d) ends "and", e) starts in lower case, as a page break would look)."""
    _, _, structure, _ = read_unseen(STAFF_CODE)
    items = [c for c in clauses_of(structure) if c.kind.value == "item"]
    assert [c.label for c in items] == ["a)", "b)", "c)", "d)", "e)"]
    assert all(not c.joins and c.first == c.last for c in items)
    assert items[0].body == "treat pupils, parents and colleagues with courtesy and respect;"
    assert not any(c.body[:2] in ("a)", "b)", "c)", "d)", "e)") for c in clauses_of(structure))


def test_the_issuer_is_read_from_the_line_under_the_title() -> None:
    _, _, _, metadata = read_unseen(STAFF_CODE)
    assert metadata.issuer == "Northshire Association of School Staff"
    assert (metadata.issued_by.basis, metadata.issued_by.printed) == ("printed", "Northshire Association of School Staff")
    assert metadata.issued_by.note == "Printed on witness line 3."
    assert any(d.lines.first == 3 and "under the title" in d.decided for d in metadata.doubts)


def test_a_copyright_line_gives_the_issuer_without_its_year(tmp_path: Path) -> None:
    path = tmp_path / "code.txt"
    path.write_text(PRINTED, encoding="utf-8")
    _, _, _, metadata = read_unseen(path)
    assert metadata.issuer == "Northshire Association of School Staff"
    assert metadata.issued_by.basis == "printed" and "2022" not in metadata.issued_by.printed


def test_an_unseen_text_imports_with_its_footers_in_the_ledger(project: Path) -> None:
    """End to end: the draft passes the check, the ledger leaves both footers out, the review
    list names them, and the edition's issuer is the body under the title."""
    result = import_(project, STAFF_CODE, "staff-2022")
    assert result.returncode == 0, result.stderr
    folder = project / "sources" / "works" / "guide" / "staff-2022"
    ledger = (folder / "ledger.yaml").read_text(encoding="utf-8")
    assert ledger.count("Northshire Association of School Staff · Page") == 2
    assert "lines: 33" in ledger and "lines: 47" in ledger
    sections = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.yaml") if p.name not in ("ledger.yaml", "edition.yaml"))
    assert "Page 1 of 2" not in sections and "Page 2 of 2" not in sections
    assert "label: e)" in sections
    review = (folder / "review.yaml").read_text(encoding="utf-8")
    assert "running header or footer with its page number" in " ".join(review.split())
    edition = (folder / "edition.yaml").read_text(encoding="utf-8")
    assert "issuer: Northshire Association of School Staff\n" in edition


def test_a_proposed_rename_folds_nothing_until_an_editor_accepts_it(project: Path) -> None:
    """The importer proposes ENGLAND -> WALES for the second guide (the title's nation). Until an
    editor accepts it, the title's row is reworded, its words marked; accepted, it is renamed only
    (still a difference of words, never unchanged). `make check` lists the pending proposal, and a
    build for publishing refuses it."""
    from edition.compare import compare_editions
    from edition.loader import load_corpus

    assert import_(project, FIRST, "guide-2020").returncode == 0
    assert import_(project, SECOND, "guide-2024", "guide-2020").returncode == 0
    work = project / "sources" / "works" / "guide" / "work.yaml"
    text = work.read_text(encoding="utf-8")
    assert "from: ENGLAND" in text and "to: WALES" in text and "status: proposed" in text

    def title_row():
        (comparison,) = [c for c in compare_editions(load_corpus(project)) if c.new.id == "guide-2024"]
        return next(g for g in comparison.groups if any("WALES" in c.text for c in g.new))

    row = title_row()
    assert row.difference.value == "reworded" and row.kind.value == "changed"
    assert [p.text for p in row.pieces if p.op.value == "delete"] == ["ENGLAND"]
    assert [p.text for p in row.pieces if p.op.value == "insert"] == ["WALES"]
    check = run(project, "check")
    assert check.returncode == 0, check.stderr
    assert re.search(r"draft: sources/works/guide/work.yaml:\d+: comparisons\[0\]\.renames\[\d+\]\.status: the rename “ENGLAND” → “WALES” is proposed", check.stdout), check.stdout
    published = site_build(project, project / "published", SITE_URL="https://example.org/")
    assert published.returncode == 1 and "a site built for publishing (SITE_URL set) takes no draft" in published.stderr
    assert not (project / "published").exists()

    # The editor accepts it: the words still differ, as a rename.
    work.write_text(re.sub(r"(from: ENGLAND\n\s+to: WALES\n\s+kind: )substitution\n(\s+)status: proposed", r"\1substitution\n\2status: accepted", text), encoding="utf-8")
    row = title_row()
    assert row.difference.value == "renamed" and row.kind.value == "changed"
    assert [(r.old, r.new) for r in row.renamed] == [("ENGLAND", "WALES")]
    assert not any(p.op.value in ("insert", "delete") for p in row.pieces)


def test_an_edition_that_joins_two_clauses_keeps_both_published_addresses(project: Path, tmp_path: Path, browser) -> None:
    """The guide's 2020 text is published (its addresses registered); a later edition prints two of
    its paragraphs as one, which the importer drafts as a merge. The two clauses' lines become one,
    and the line that lost its id keeps it as an alias: /guide/current/#guide-2020-s2-2, registered
    when it was a line of its own, still leads to the clause (the import was refused before: "no
    longer resolves"), and so does its history."""
    assert import_(project, FIRST, "guide-2020").returncode == 0
    assert run(project, "permalinks").returncode == 0
    register = (project / "sources" / "permalinks.txt").read_text(encoding="utf-8")
    assert "/guide/current/#guide-2020-s2-2\n" in register and "/guide/history/#guide-2020-s2-2\n" in register
    text = FIRST.read_text(encoding="utf-8")
    two = "first language.\n\nMembers keep professional boundaries at all times."
    assert two in text
    merged = tmp_path / "guide-2026.txt"
    merged.write_text(text.replace(two, "first language. Members keep professional boundaries at all times."), encoding="utf-8")
    imported = import_(project, merged, "guide-2026", "guide-2020")
    assert imported.returncode == 0, imported.stderr
    assert "merged from guide-2020-s2-1, guide-2020-s2-2" in (project / "sources/works/guide/guide-2026/review.yaml").read_text(encoding="utf-8")
    # The editor says the new edition replaces the old, so a current address goes on to its text.
    work = project / "sources/works/guide/work.yaml"
    revision = "    to: guide-2026\n    supersedes:\n      note: The 2026 text revises the 2020 text (synthetic).\n"
    work.write_text(work.read_text(encoding="utf-8").replace("    to: guide-2026\n", revision), encoding="utf-8")
    assert run(project, "check").returncode == 0

    built = site_build(project, project / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    clauses = json.loads((project / "site/api/v1/clauses.json").read_text(encoding="utf-8"))
    lines = {c["id"]: (c["line"], c["line_aliases"]) for c in clauses["clauses"] if c["id"].startswith(("guide-2020-s2-", "guide-2026-s2-"))}
    assert lines["guide-2026-s2-1"] == lines["guide-2020-s2-1"] == lines["guide-2020-s2-2"] == ("guide-2020-s2-1", ["guide-2020-s2-2"])
    page = browser.new_page()
    with served(project / "site") as base:
        page.goto(base + "guide/current/#guide-2020-s2-2")
        page.wait_for_url("**/guide/guide-2026/**#guide-2026-s2-1")
        assert "Members keep professional boundaries" in page.locator("#guide-2026-s2-1").inner_text()
        page.goto(base + "guide/history/#guide-2020-s2-2")
        line = page.locator("#guide-2020-s2-2").locator("xpath=ancestor::section[1]")
        assert line.get_attribute("id") == "guide-2020-s2-1" and line.locator(".hst-reading").count() == 2
    page.context.close()


def test_a_new_work_is_made_by_the_same_command(project: Path) -> None:
    """WORK names no work yet: the import writes the work's work.yaml (the title as the witness
    prints it) and lists it in corpus.yaml, and the review asks the editor to confirm both."""
    corpus_before = (project / "sources" / "corpus.yaml").read_text(encoding="utf-8")
    result = import_(project, FIRST, "youth-2020", work="youth-guide")
    assert result.returncode == 0, result.stderr
    work = YAML(typ="safe").load((project / "sources" / "works" / "youth-guide" / "work.yaml").read_text(encoding="utf-8"))
    # The title as tests/fixtures/import/guide-2020.txt prints it (lines 2 and 4, in display type).
    assert work["id"] == "youth-guide" and work["editions"] == ["youth-2020"]
    assert work["title"] == "GUIDING PRINCIPLES FOR YOUTH WORKERS IN ENGLAND"
    corpus = (project / "sources" / "corpus.yaml").read_text(encoding="utf-8")
    assert corpus.startswith(corpus_before.rstrip("\n")) and corpus.rstrip().endswith("- youth-guide")
    review = YAML(typ="safe").load((project / "sources" / "works" / "youth-guide" / "youth-2020" / "review.yaml").read_text(encoding="utf-8"))
    assert any("a new work, 'youth-guide'" in item["decided"] for item in review["items"])
    check = run(project, "check")
    assert check.returncode == 0, check.stderr
    assert re.search(r"draft: sources/works/youth-guide/work.yaml:\d+: description: the work's description is still the importer's placeholder", check.stdout), check.stdout


@pytest.mark.parametrize("work, compare, message", [
    ("Youth Guide", None, "nor a valid id for a new one"),
    ("youth-guide", "old", "is a new work: it has no edition to compare with"),
    ("old", None, "already used in the sources"),
])
def test_a_new_work_with_a_bad_id_or_a_compare_is_refused(project: Path, work: str, compare: str | None, message: str) -> None:
    before = snapshot(project)
    result = import_(project, FIRST, "youth-2020", compare, work=work)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert snapshot(project) == before


def test_control_characters_are_shown_as_signs_on_the_witness_page(project: Path, tmp_path: Path) -> None:
    """A converted text may hold control characters (\\x01 \\x07 \\x1b \\x7f): the witness copy keeps
    them, byte for byte; the witness page shows each as a visible sign, never raw."""
    text = FIRST.read_text(encoding="utf-8").replace("Second edition", "Second\x01 edition\x07\x1b\x7f")
    witness = tmp_path / "controls.txt"
    witness.write_text(text, encoding="utf-8")
    assert import_(project, witness, "guide-2020").returncode == 0
    assert (project / "sources" / "witnesses" / "controls.txt").read_text(encoding="utf-8") == text
    built = site_build(project, project / "site")
    assert built.returncode == 0, built.stderr[-2000:]
    page = (project / "site" / "guide" / "guide-2020" / "witness" / "index.html").read_text(encoding="utf-8")
    assert not any(ch in page for ch in "\x01\x07\x1b\x7f")
    line = next(row for row in page.split("<li ") if "Second" in row and "ed-wline" in row)
    assert [sign for sign in "␁␇␛␡" if sign in line] == list("␁␇␛␡")
