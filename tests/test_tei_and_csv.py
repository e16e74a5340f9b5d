"""The edition as data for scholars and briefings: TEI P5 valid against tei_all (Jing), each
apparatus read back by an independent reader (teiphy, with lxml for the text between its
variation units) into both editions' text and the comparison's changes; and each comparison's
spreadsheet of changes, round-tripped through Python's csv reader."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

from lxml import etree
from teiphy import Collation

from conftest import QUALITY, TOOLS
from edition.pages.changes_csv import COLUMNS, changes_csv

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SCHEMA = TOOLS.parent / "tei" / "tei_all.rng"


def jing(*files: Path) -> subprocess.CompletedProcess[str]:
    assert SCHEMA.exists(), f"{SCHEMA} is missing: `make test` fetches it (make tests/tools/tei/tei_all.rng)"
    return subprocess.run(["jing", str(SCHEMA), *map(str, files)], capture_output=True, text=True, check=False)


def api(site_dir: Path, name: str):
    return json.loads((site_dir / "api" / "v1" / name).read_text(encoding="utf-8"))


def tei_files(site_dir: Path) -> list[Path]:
    return [site_dir / p for p in api(site_dir, "index.json")["tei"]]


def test_every_tei_file_is_valid_tei_all(site_dir: Path) -> None:
    files = tei_files(site_dir)
    editions = [e for d in api(site_dir, "editions.json")["documents"] for e in d["editions"]]
    # One per edition, one per comparison, one per work (every edition of it a witness).
    assert len(files) == len(editions) + len(api(site_dir, "index.json")["comparisons"]) + len(api(site_dir, "editions.json")["documents"])
    result = jing(*files)
    errors = [line for line in (result.stdout + result.stderr).splitlines() if " error: " in line]
    assert result.returncode == 0 and errors == [], "\n".join(errors[:20])
    QUALITY["TEI"] = f"{len(files)} files valid against tei_all.rng (TEI P5 4.3.0) with Jing"


def test_jing_refuses_what_tei_all_does_not_allow(site_dir: Path, tmp_path: Path) -> None:
    """A control: the same check fails on a file TEI does not allow, so its silence above means something."""
    broken = tmp_path / "broken.xml"
    text = tei_files(site_dir)[0].read_text(encoding="utf-8")
    broken.write_text(text.replace("<teiHeader>", "<teiHeader><notATeiElement/>", 1), encoding="utf-8")
    result = jing(broken)
    assert result.returncode != 0 and "notATeiElement" in result.stdout + result.stderr


def test_each_edition_in_tei_carries_every_clause_with_its_id_and_label(site_dir: Path) -> None:
    clauses = api(site_dir, "clauses.json")["clauses"]
    for edition in {c["edition"] for c in clauses}:
        root = etree.parse(str(site_dir / f"api/v1/tei/{edition}.xml")).getroot()
        ids = {e.get(XML_ID): e for e in root.iter() if e.get(XML_ID)}
        for clause in (c for c in clauses if c["edition"] == edition):
            element = ids[clause["id"]]
            if clause["kind"] != "footnote":
                assert element.get("n") == clause["label"], clause["id"]
                supplied = element.find(f"{TEI}label/{TEI}supplied")
                assert (supplied is not None) == clause["label_restored"], clause["id"]
            # Its words, less the editor's notes, are the clause's text.
            words = "".join(t for t in _text_without_notes(element, footnotes=clause["kind"] != "footnote"))
            expected = clause["text"] if not clause["label_restored"] else f"{clause['label']} {clause['text']}"
            if clause["kind"] == "footnote":
                expected = clause["text"].split(" ", 1)[1]  # the marker is the note's @n
            assert words.split() == expected.split(), clause["id"]
        for note in clauses:
            if note["edition"] == edition:
                for sic in (n for n in note["notes"] if n["kind"] == "sic"):
                    assert any("".join(_text_without_notes(s, True)) == sic["sic"] for s in ids[note["id"]].iter(f"{TEI}sic")), note["id"]
        abbreviations = [c.find(f"{TEI}abbr").text for c in root.iter(f"{TEI}choice")]
        if edition == "aspect-2015":
            assert "EDIPs" in abbreviations, "abbreviations the glossary explains are <choice><abbr><expan>"
        header = root.find(f"{TEI}teiHeader")
        assert header.find(f".//{TEI}idno[@type='sha256']").text == next(
            e["witness"]["sha256"] for d in api(site_dir, "editions.json")["documents"] for e in d["editions"] if e["id"] == edition
        )


def _text_without_notes(element, footnotes: bool):
    """The printed text of an element, leaving out editorial notes and expansions of abbreviations;
    in a clause (`footnotes`), a footnote counts as its marker."""
    if element.text:
        yield element.text
    for child in element:
        if child.tag == f"{TEI}expan":  # an abbreviation's expansion: the printed form is its <abbr>
            pass
        elif child.tag != f"{TEI}note":
            yield from _text_without_notes(child, footnotes)
        elif child.get("place") == "foot":
            # A footnote stands where its marker is printed; the marker is its @n.
            yield from _text_without_notes(child, footnotes) if not footnotes else child.get("n")
        if child.tail:
            yield child.tail


def _reading(ab, witness: str, units: dict[str, dict[str, str]] | None = None) -> str:
    """A witness's text of one segment: the text outside the variation units and the witness's
    reading in each (from lxml, or from `units`, the independent reader's readings by unit id)."""
    out = [ab.text or ""]
    for child in ab:
        assert child.tag == f"{TEI}app"
        if units is None:
            out += ["".join(r.itertext()) for r in child if r.get("wit") == f"#{witness}"]
        else:
            out.append(units[child.get(XML_ID)].get(witness, ""))
        out.append(child.tail or "")
    return "".join(out)


def _changes(spans: list[dict]) -> list[tuple[str, str]]:
    """The comparison's changes as its pages mark them: each run of removed and added text."""
    out, removed, added = [], [], []
    for span in spans + [{"op": "equal", "text": ""}]:
        if span["op"] in ("insert", "delete"):
            (added if span["op"] == "insert" else removed).append(span["text"])
        elif removed or added:
            out.append(("".join(removed), "".join(added)))
            removed, added = [], []
    return out


def _differences(row: dict) -> list[tuple[str, str, str, str]]:
    """Every difference of a comparison row, in order, from its JSON: a changed label first, then
    each run of removed and added text ("wording") and each declared rename ("rename", with its kind)."""
    out = [("label", row["label_change"]["from"] or "", row["label_change"]["to"] or "", "")] if row["label_change"] else []
    kinds = {(r["from"].lower(), r["to"].lower()): r["kind"] for r in row["renames"]}
    removed, added = [], []
    for span in row["spans"] + [{"op": "equal", "text": ""}]:
        if span["op"] in ("insert", "delete"):
            (added if span["op"] == "insert" else removed).append(span["text"])
            continue
        if removed or added:
            out.append(("wording", "".join(removed), "".join(added), ""))
            removed, added = [], []
        if span.get("variant") == "rename":
            kind = kinds.get((span["old_text"].lower(), span["text"].lower())) or next(k for (o, _), k in kinds.items() if o == span["old_text"].lower())
            out.append(("rename", span["old_text"], span["text"], kind))
    return out


def test_each_apparatus_reads_back_as_both_editions_and_the_comparisons_changes(site_dir: Path) -> None:
    clauses = {c["id"]: c for c in api(site_dir, "clauses.json")["clauses"]}
    for path in api(site_dir, "index.json")["comparisons"]:
        comparison = json.loads((site_dir / path).read_text(encoding="utf-8"))
        old, new = comparison["from"], comparison["to"]
        tree = etree.parse(str(site_dir / f"api/v1/tei/{old}--{new}.xml"))
        collation = Collation(tree)
        assert [w.id for w in collation.witnesses] == [old, new]
        # Each edition's licence as the API states it (the same sentence the work's apparatus gives).
        editions = {e["id"]: e for d in api(site_dir, "editions.json")["documents"] for e in d["editions"]}
        licences = "".join(tree.getroot().find(f".//{TEI}availability").itertext())
        assert editions[old]["licence"]["sentence"] in licences and editions[new]["licence"]["sentence"] in licences
        units = {u.id: {w: r.text for r in u.readings for w in r.wits} for u in collation.variation_units}
        apps = tree.getroot().findall(f".//{TEI}app")
        assert len(units) == len(apps)
        # One unit of type "change" per change the comparison marks, the same words in each.
        expected = [change for row in comparison["changes"] for change in _changes(row["spans"])]
        found = [(units[a.get(XML_ID)].get(old, ""), units[a.get(XML_ID)].get(new, "")) for a in apps if a.get("type") == "change"]
        assert [(o.split(), n.split()) for o, n in found] == [(o.split(), n.split()) for o, n in expected]
        # Each segment reads, for each witness, as that edition's clauses, word for word.
        segments = tree.getroot().findall(f".//{TEI}ab")
        assert len(segments) == len(comparison["changes"])
        for ab, row in zip(segments, comparison["changes"]):
            for witness, ids in ((old, row["from"]), (new, row["to"])):
                text = " ".join(clauses[i]["text"] for i in ids)
                assert _reading(ab, witness).split() == text.split(), (ab.get(XML_ID), witness)
                assert re.sub(r"\s", "", _reading(ab, witness, units)) == re.sub(r"\s", "", text), (ab.get(XML_ID), witness)
            assert (ab.get("subtype") == "moved") == row["moved"] and ab.get("type") == row["difference"]
        QUALITY["TEI apparatus"] = (
            f"{old}--{new}: {len(segments)} segments read back as both editions word for word; "
            f"{len(found)} change units = the comparison's {len(expected)} changes ({len(units)} units in all, with renames, typography, labels)"
        )


def test_the_spreadsheet_of_changes_round_trips_to_the_comparisons_changes(site_dir: Path) -> None:
    index = api(site_dir, "index.json")
    assert len(index["changes_csv"]) == len(index["comparisons"])
    for path, data in zip(index["changes_csv"], index["comparisons"]):
        raw = (site_dir / path).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.endswith(b"\r\n")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert tuple(rows[0]) == COLUMNS
        comparison = json.loads((site_dir / data).read_text(encoding="utf-8"))
        expected = [
            (row, change) for row in comparison["changes"] if row["moved"] or row["difference"] not in ("identical", "typography")
            for change in _differences(row) or [("none", "", "", "")]
        ]
        assert len(rows) - 1 == len(expected)
        for cells, (row, (change, removed, added, rename_kind)) in zip(rows[1:], expected):
            record = dict(zip(COLUMNS, (_as_text(c) for c in cells)))
            assert (record["change"], record["words_removed"], record["words_added"], record["rename_kind"]) == (change, removed.strip(), added.strip(), rename_kind)
            assert record["kind"] == row["kind"] and record["moved"] == ("yes" if row["moved"] else "no")
            assert record["difference"] == row["difference"]
            assert record["url_diff"] == row["diff_url"]
            assert record["url_before"].split() == [f"{c}" for c in _urls(site_dir, row["from"])]
            assert record["url_after"].split() == [f"{c}" for c in _urls(site_dir, row["to"])]
        QUALITY["changes CSV"] = f"{path}: {len(expected)} changes, UTF-8 with BOM, read back by csv exactly"


def _as_text(cell: str) -> str:
    """A cell as the text it stands for: the apostrophe that keeps a spreadsheet from reading a
    formula is not part of it."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def _urls(site_dir: Path, ids: list[str]) -> list[str]:
    clauses = {c["id"]: c for c in api(site_dir, "clauses.json")["clauses"]}
    return [clauses[i]["url"] for i in ids]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised() -> None:
    hostile = ["=HYPERLINK(\"http://example.org\",\"x\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "plain, with \"quotes\"\nand a line"]
    raw = changes_csv([hostile + ["", "", "", ""]])
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    cells = rows[1]
    assert cells[:5] == ["'" + h for h in hostile[:5]]
    assert cells[5] == hostile[5], "other text is kept exactly, quoting and all"
    assert [_as_text(c) for c in cells[:6]] == hostile
