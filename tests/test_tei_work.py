"""Each work as one TEI apparatus, every edition a witness (api/v1/tei/<work>.xml): valid against
tei_all (Jing), and read back per witness as each edition's clauses in api/v1/clauses.json: word
for word with lxml, and with teiphy (which strips the spaces at a reading's ends) letter for letter. The lines are recomputed here from the clauses' alignment keys, and
the apparatus's types from the clauses' words, labels and the works' declared renames, so the file
is checked against the API, not against the code that wrote it.

The real corpus has one work of two editions and three of one; tests/fixtures/branches/ is a work of
three editions (the later two revising the first for England and for Wales), built here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from lxml import etree
from teiphy import Collation

from conftest import QUALITY, ROOT
from test_build import built_fixture
from test_tei_and_csv import SCHEMA, TEI, XML_ID, jing

BRANCHES = ROOT / "tests" / "fixtures" / "branches"
TYPES = ("typographic", "label", "rename", "change")


@pytest.fixture(scope="module")
def branches_site(tmp_path_factory) -> Path:
    return built_fixture(tmp_path_factory.mktemp("branches") / "project", BRANCHES / "sources")


@pytest.fixture(params=["real", "branches"])
def site(request, site_dir: Path) -> Path:
    return site_dir if request.param == "real" else request.getfixturevalue("branches_site")


def _api(site: Path, name: str):
    return json.loads((site / "api" / "v1" / name).read_text(encoding="utf-8"))


def _works(site: Path) -> list[dict]:
    return _api(site, "editions.json")["documents"]


def _work_file(site: Path, work: dict) -> Path:
    return site / "api" / "v1" / "tei" / f"{work['id']}.xml"


def _lines(work: dict, clauses: list[dict]) -> list[list[dict]]:
    """The work's lines, from the API's clauses alone: clauses sharing an alignment key, joined
    across every edition (footnotes have no line)."""
    order = [e["id"] for e in work["editions"]]
    mine = sorted((c for c in clauses if c["document"] == work["id"] and c["kind"] != "footnote"), key=lambda c: order.index(c["edition"]))
    parent = list(range(len(mine)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    holder: dict[str, int] = {}
    for i, clause in enumerate(mine):
        for key in clause["align"]:
            if key in holder:
                parent[root(i)] = root(holder[key])
            holder.setdefault(key, i)
    groups: dict[int, list[dict]] = {}
    for i, clause in enumerate(mine):
        groups.setdefault(root(i), []).append(clause)
    return list(groups.values())


def _reading(ab, witness: str, units: dict[str, dict[str, str]] | None = None) -> str:
    """A witness's text of one ab: the text outside the apps and the witness's reading in each
    (from lxml, or from `units`, teiphy's readings by unit id)."""
    out = [ab.text or ""]
    for app in ab:
        assert app.tag == f"{TEI}app"
        if units is None:
            readings = [r for r in app if f"#{witness}" in r.get("wit", "").split()]
            assert len(readings) == 1, (app.get(XML_ID), witness)
            out.append("".join(readings[0].itertext()))
        else:
            out.append(units[app.get(XML_ID)].get(witness, ""))
        out.append(app.tail or "")
    return "".join(out)


def test_every_work_has_an_apparatus_valid_against_tei_all(site: Path) -> None:
    works = _works(site)
    listed = _api(site, "index.json")["tei"]
    assert [f"api/v1/tei/{w['id']}.xml" for w in works] == [p for p in listed if Path(p).stem in {w["id"] for w in works}]
    files = [_work_file(site, w) for w in works]
    result = jing(*files)
    errors = [line for line in (result.stdout + result.stderr).splitlines() if " error: " in line]
    assert SCHEMA.exists() and result.returncode == 0 and errors == [], "\n".join(errors[:20])


def test_each_witness_reads_back_as_its_edition_word_for_word(site: Path) -> None:
    clauses = _api(site, "clauses.json")["clauses"]
    by_id = {c["id"]: c for c in clauses}
    edition_ids = {
        e["id"]: {x.get(XML_ID) for x in etree.parse(str(site / "api" / "v1" / "tei" / f"{e['id']}.xml")).iter() if x.get(XML_ID)}
        for w in _works(site) for e in w["editions"]
    }
    apps_read = 0
    for work in _works(site):
        editions = [e["id"] for e in work["editions"]]
        tree = etree.parse(str(_work_file(site, work)))
        root = tree.getroot()
        encoding = root.find(f"{TEI}teiHeader/{TEI}encodingDesc/{TEI}variantEncoding")
        assert (encoding.get("method"), encoding.get("location")) == ("parallel-segmentation", "internal")
        witnesses = root.findall(f".//{TEI}listWit/{TEI}witness")
        assert [w.get(XML_ID) for w in witnesses] == editions
        for witness, edition in zip(witnesses, work["editions"]):
            said = "".join(witness.itertext())
            assert edition["title"] in said and edition["issuer"] in said and edition["date_text"] in said
        licences = "".join(root.find(f".//{TEI}availability").itertext())
        assert all(e["licence"]["sentence"] in licences for e in work["editions"])

        collation = Collation(tree)
        assert [w.id for w in collation.witnesses] == editions
        units = {u.id: {w: r.text for r in u.readings for w in r.wits} for u in collation.variation_units}
        abs_ = root.findall(f"{TEI}text/{TEI}body/{TEI}ab")
        assert len(units) == len(root.findall(f".//{TEI}app"))
        # One ab per line; its id the line's: the first alignment key of its earliest clause, or that clause's id.
        lines = {frozenset(c["id"] for c in line): line for line in _lines(work, clauses)}
        assert len(abs_) == len(lines)
        for ab in abs_:
            targets = ab.get("corresp").split()
            members = [t.split(".xml#") for t in targets]
            line = lines[frozenset(i for _, i in members)]
            assert ab.get(XML_ID) == (line[0]["align"][0] if line[0]["align"] else line[0]["id"])
            for edition, clause_id in members:
                assert by_id[clause_id]["edition"] == edition
                assert clause_id in edition_ids[edition], (edition, clause_id)
            for edition in editions:
                own = [by_id[i] for e, i in members if e == edition]
                assert own == [c for c in clauses if c in own], "an edition's clauses in its printed order"
                expected = " ".join(c["text"] for c in own)
                assert _reading(ab, edition).split() == expected.split(), (ab.get(XML_ID), edition)
                # teiphy strips each reading's spaces, so from it the text is compared less its spaces.
                assert re.sub(r"\s", "", _reading(ab, edition, units)) == re.sub(r"\s", "", expected), (ab.get(XML_ID), edition)
            # Each app: every witness in exactly one reading, the readings distinct, plain text where all agree.
            for app in ab:
                readings = ["".join(r.itertext()) for r in app]
                named = [w.lstrip("#") for r in app for w in r.get("wit").split()]
                assert sorted(named) == sorted(editions) and len(set(readings)) == len(readings) > 1, app.get(XML_ID)
                apps_read += 1
        QUALITY[f"TEI work {work['id']}"] = (
            f"{len(editions)} witness(es), {len(abs_)} lines read back per witness (word for word with lxml, letter for letter with teiphy), {len(units)} apps"
        )
    assert apps_read > 0


def _letters(text: str, fold_case: bool) -> str:
    """Words only: typography (marks, spaces, a link's scheme) dropped; capitals too where asked."""
    text = re.sub(r"(?i)\bhttps?\b", "", unicodedata.normalize("NFKC", text))
    letters = "".join(ch for ch in text if ch.isalnum())
    return letters.casefold() if fold_case else letters


def _rename_folded(text: str, phrases: dict[str, str], fold_case: bool) -> str:
    for phrase in sorted(phrases, key=len, reverse=True):
        text = re.sub(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", f" RENAMED{phrases[phrase]}X ", text, flags=re.IGNORECASE if fold_case else 0)
    return text


def _phrase_classes(site: Path, work: dict) -> dict[str, str]:
    """Each phrase of the work's accepted renames -> a number naming its class (phrases a rename joins)."""
    classes: list[set[str]] = []
    for comparison in work["comparisons"]:
        for rename in json.loads((site / comparison["data"]).read_text(encoding="utf-8"))["renames"]:
            if rename["status"] == "accepted":
                pair = {rename["from"], rename["to"]}
                joined = [c for c in classes if c & pair]
                classes = [c for c in classes if not c & pair] + [set().union(pair, *joined)]
    return {p: str(i) for i, c in enumerate(classes) for p in c}


def test_each_app_is_typed_by_what_its_readings_differ_in(site: Path) -> None:
    clauses = {c["id"]: c for c in _api(site, "clauses.json")["clauses"]}
    for work in _works(site):
        phrases = _phrase_classes(site, work)
        root = etree.parse(str(_work_file(site, work))).getroot()
        for ab in root.iter(f"{TEI}ab"):
            members = [clauses[t.split("#")[1]] for t in ab.get("corresp").split()]
            heads = all(c["kind"] == "heading" for c in members)
            labels = {c["label"] for c in members if c["label"] and not c["label_restored"]}
            for app in ab:
                readings = ["".join(r.itertext()) for r in app]
                unlabelled = [" ".join(w for w in r.split() if w not in labels) for r in readings]
                differ = [len({_letters(r, heads) for r in rs}) > 1 for rs in (
                    readings, unlabelled, [_rename_folded(r, phrases, heads) for r in unlabelled])]
                kind = app.get("type")
                assert kind in TYPES, app.get(XML_ID)
                # The type is the least that explains the readings: typography, then labels, then renames.
                assert differ == [TYPES.index(kind) > i for i in range(3)], (app.get(XML_ID), kind, readings)


def test_words_all_readings_share_stand_outside_the_apps(site: Path) -> None:
    """A finer apparatus: no app whose readings (none of them empty) all begin, or all end, with the
    same word; a declared rename phrase is one unit, so a word inside one may stay in."""
    for work in _works(site):
        phrases = _phrase_classes(site, work)
        root = etree.parse(str(_work_file(site, work))).getroot()
        for app in root.iter(f"{TEI}app"):
            words = ["".join(r.itertext()).split() for r in app]
            if not all(words):
                continue
            for end in (0, -1):
                if len({w[end] for w in words}) == 1:
                    assert any(p.split()[end] == w[end] and len(p.split()) > 1 for p in phrases for w in words), (app.get(XML_ID), words)


def test_the_three_edition_work_has_three_witnesses_and_readings_in_all_three(branches_site: Path) -> None:
    root = etree.parse(str(branches_site / "api" / "v1" / "tei" / "charter.xml")).getroot()
    assert [w.get(XML_ID) for w in root.iter(f"{TEI}witness")] == ["c2010", "c2018-england", "c2019-wales"]
    apps = {a.get(XML_ID): [("".join(r.itertext()), r.get("wit")) for r in a] for a in root.iter(f"{TEI}app")}
    assert any(len(readings) == 3 for readings in apps.values())
    assert any(any(text == "" for text, _ in readings) for readings in apps.values())
    # As the fixture was written: the title gains its nation in each branch...
    title = root.find(f".//{TEI}ab[@{XML_ID}='title']")
    assert title.text == "CHARTER FOR YOUTH WORKERS" and len(title) == 1
    assert apps["title.1"] == [("", "#c2010"), (" IN ENGLAND", "#c2018-england"), (" IN WALES", "#c2019-wales")]
    # ...England keeps records seven years where the others say six (the readings grouped)...
    assert [r for r in apps.values() if ("six", "#c2010 #c2019-wales") in r] == [[("six", "#c2010 #c2019-wales"), ("seven", "#c2018-england")]]
    # ...and both branches drop item 3 of 2010: one app, the two branches' empty reading together.
    i3 = root.find(f".//{TEI}ab[@{XML_ID}='i3']")
    assert i3.text is None and [(r.text, r.get("wit")) for r in i3[0]] == [
        ("3. Workers attend training each year.", "#c2010"), (None, "#c2018-england #c2019-wales")]
    assert i3[0].get("type") == "change"
    # Item 4 is item 3 in both branches (a label), and Wales splits it in two.
    i4 = root.find(f".//{TEI}ab[@{XML_ID}='i4']")
    assert [a.get("type") for a in i4] == ["label", "change", "change"]
    assert [(r.text, r.get("wit")) for r in i4[0]] == [("4.", "#c2010"), ("3.", "#c2018-england #c2019-wales")]


def test_a_work_of_one_edition_is_its_text_line_by_line(site_dir: Path) -> None:
    for work in _works(site_dir):
        if len(work["editions"]) == 1:
            root = etree.parse(str(_work_file(site_dir, work))).getroot()
            assert len(root.findall(f".//{TEI}witness")) == 1 and root.find(f".//{TEI}app") is None
