"""Exactly what changed: every correspondence has one difference class, and no output calls a
difference of words unchanged.

tests/fixtures/differences/ is a synthetic work of two editions whose clauses were written to
differ in every class: a substituted name (Wardens -> Stewards, another office), a substitution and
a rename of the same referent together, an identical clause, typography only, a printed label
only, and a reworded one. Its pages, API, CSV and check/ are tested in the browser beside the real
corpus, where 19 clauses of the 2015 Six Core Principles differ from the ECS England text only by
declared renames (EDIPs -> ECS is a change of audience, not of spelling).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import ROOT, copy_root, served
from test_build import built_fixture

from edition.compare import compare_editions
from edition.errors import SourceError
from edition.loader import load_corpus

FIXTURE = ROOT / "tests" / "fixtures" / "differences"

# What each clause of the fixture was written to be (by hand, from the witnesses' own words).
DESIGNED = {
    "r2020-title": "identical",
    "r2020-1": "renamed",
    "r2020-2": "renamed",
    "r2020-3": "identical",
    "r2020-4": "typography",
    "r2020-5": "label",
    "r2020-6": "reworded",
}


def letters(text: str) -> str:
    """An independent oracle for "the words differ": letters and digits only, case folded."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def words_of(clauses) -> str:
    """A group's words, labels aside (a run-in heading is words)."""
    return letters(" ".join(" ".join(filter(None, (c.term, c.text))) for c in clauses))


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    return built_fixture(tmp_path_factory.mktemp("differences") / "project", FIXTURE / "sources")


def test_each_clause_of_the_fixture_has_the_class_it_was_written_with() -> None:
    (comparison,) = compare_editions(load_corpus(FIXTURE))
    assert {g.id: g.difference.value for g in comparison.groups} == DESIGNED
    by_id = {g.id: g for g in comparison.groups}
    assert [(r.old, r.new, r.kind.value) for r in by_id["r2020-1"].renamed] == [("Wardens", "Stewards", "substitution")]
    assert [r.kind.value for r in by_id["r2020-2"].renamed] == ["substitution", "same-referent"]
    # Only the three classes without a difference of words are "unchanged" to version 1 of the API.
    assert {g.id for g in comparison.groups if g.kind.value == "unchanged"} == {"r2020-title", "r2020-3", "r2020-4", "r2020-5"}


@pytest.mark.parametrize(
    "clause, quoted, refused",
    [
        ("r2020-5", "", "'r2020-5' differs only in its printed label between r2010 and r2020"),
        ("r2020-3", "", "'r2020-3' is identical in r2010 and r2020"),
        ("r2020-6", "‘never printed here’", "quotes “never printed here”"),
        ("r2020-6", "'never printed here'", "quotes “never printed here”"),
    ],
)
def test_a_principal_change_resting_on_no_change_of_words_or_quoting_unprinted_words_is_refused(
    clause: str, quoted: str, refused: str, tmp_path: Path
) -> None:
    root = copy_root(FIXTURE, tmp_path / "fixture")
    work = root / "sources" / "works" / "rules" / "work.yaml"
    text = work.read_text(encoding="utf-8")
    change = f"    principal_changes:\n      - text: \"The guild's rules change {quoted}.\"\n        clauses: [{clause}]\n"
    work.write_text(text.replace("    renames:\n", change + "    renames:\n", 1), encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        compare_editions(load_corpus(root))
    said = str(raised.value)
    assert said.startswith("sources/works/rules/work.yaml:"), said
    assert refused in said and "principal_changes[0]" in said, said


@pytest.mark.parametrize("root", [ROOT, FIXTURE], ids=["real", "fixture"])
def test_no_difference_of_words_is_called_unchanged(root: Path) -> None:
    corpus = load_corpus(root)
    checked = 0
    for comparison in compare_editions(corpus):
        for group in comparison.groups:
            if group.old and group.new and words_of(group.old) != words_of(group.new):
                checked += 1
                assert group.difference.words_differ, group.id
                assert group.kind.value != "unchanged", group.id
    assert checked >= (37 if root == ROOT else 3)


def _later(site: Path) -> dict[str, list[dict]]:
    data = json.loads((site / "api" / "v1" / "clauses.json").read_text(encoding="utf-8"))
    return {c["id"]: c["later"] for c in data["clauses"]}


def _csv_rows(site: Path, slug: str) -> list[dict[str, str]]:
    text = (site / "api" / "v1" / "changes" / f"{slug}.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_the_api_and_the_csv_say_what_differs_for_every_clause(which: str, site_dir: Path, fixture_site: Path) -> None:
    root, site = (ROOT, site_dir) if which == "real" else (FIXTURE, fixture_site)
    corpus = load_corpus(root)
    later = _later(site)
    for comparison in compare_editions(corpus):
        rows = _csv_rows(site, comparison.slug)
        for group in comparison.groups:
            if not (group.old and group.new):
                continue
            differ = words_of(group.old) != words_of(group.new)
            for clause in group.old:
                (entry,) = [e for e in later[clause.id] if e["edition"] == comparison.new.id]
                assert (entry["change"] != "unchanged") == differ, (clause.id, entry)
                assert entry["difference"] == group.difference.value
            if differ:
                # A row in the spreadsheet for every correspondence whose words differ.
                assert any(row["url_before"].endswith("#" + group.old[0].id) for row in rows), group.id
    renamed = [e for entries in later.values() for e in entries if e["difference"] == "renamed"]
    assert len(renamed) == (19 if which == "real" else 2)
    assert all(e["change"] == "changed" and e["renames"] and "renamed only (" in e["said"] for e in renamed)
    if which == "fixture":
        (row,) = [r for r in _csv_rows(site, "r2010--r2020") if r["url_before"].endswith("#r2010-1")]
        assert (row["difference"], row["change"], row["words_removed"], row["words_added"], row["rename_kind"]) == (
            "renamed", "rename", "Wardens", "Stewards", "substitution")


def test_the_tei_apparatus_types_agree_with_the_classes(fixture_site: Path) -> None:
    import xml.etree.ElementTree as ET

    tei = ET.parse(fixture_site / "api" / "v1" / "tei" / "r2010--r2020.xml").getroot()
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    types = {ab.get(xml_id).removeprefix("cmp-"): ab.get("type") for ab in tei.iterfind(".//t:ab", ns)}
    assert types == DESIGNED
    renames = [(a.get("subtype"), [r.text for r in a.iterfind("t:rdg", ns)]) for a in tei.iterfind(".//t:app[@type='rename']", ns)]
    assert ("substitution", ["Wardens", "Stewards"]) in renames
    assert ("same-referent", ["the Guild of Scribes", "the Scribes' Guild"]) in renames


def test_the_margin_says_renamed_only_and_names_the_rename(browser, fixture_site: Path, site_url: str) -> None:
    page = browser.new_page()
    with served(fixture_site) as base:
        page.goto(base + "rules/r2010/r2010-rules/")
        cross = page.locator("#r2010-1 .ed-cross")
        assert cross.inner_text().endswith("renamed only (Wardens → Stewards, substituted)")
        assert page.locator("#r2010-3 .ed-cross").inner_text().endswith("identical")
        assert page.locator("#r2010-4 .ed-cross").inner_text().endswith("typography only")
        assert page.locator("#r2010-5 .ed-cross").inner_text().endswith("printed label only")
        assert page.locator("#r2010-6 .ed-cross").inner_text().endswith("reworded")
        # The comparison row of a renamed-only clause carries a quiet, visible tag; the rename
        # itself stays unmarked in the default view.
        page.locator("#r2010-1 details.ed-more > summary").click()  # the clause's tools
        page.locator("#r2010-1 .ed-cross a.ed-cross-said").click()
        page.wait_for_url("**/compare/**#cmp-r2020-1")
        row = page.locator("#cmp-r2020-1")
        tag = row.locator(".cmp-tag--quiet")
        assert tag.is_visible() and tag.inner_text().lower() == "renamed only"
        assert "Wardens → Stewards, substituted" in row.locator(".cmp-meta--quiet").inner_text()
        assert row.locator("ins, del").count() == 0
        page.context.close()
    # The real corpus: a 2015 clause that says "EDIPs".
    real = browser.new_page()
    real.goto(site_url + "six-core-principles/aspect-2015/a15-p3/")
    cross = real.locator("#a15-p3-2 .ed-cross").inner_text()
    assert "renamed only (EDIPs → ECS, substituted)" in cross and "unchanged" not in cross
    real.context.close()


def _check(page, base: str, words: str) -> None:
    page.goto(base + "check/")
    page.fill("#chk-text", words)
    page.click(".chk-submit")
    page.locator("#chk-results .chk-match, #chk-results .chk-none").first.wait_for()


def test_check_tells_a_trainer_what_differs_and_shows_the_current_wording(browser, fixture_site: Path, site_url: str) -> None:
    page = browser.new_page()
    with served(fixture_site) as base:
        _check(page, base, "Wardens keep the guild's records")
        first = page.locator(".chk-match").first
        assert first.locator(".chk-links a").first.get_attribute("href").endswith("#r2010-1")
        said = first.locator(".chk-later").inner_text()
        assert said.startswith("In Rules 2020: renamed only (Wardens → Stewards, substituted).") and "nchanged" not in said
        current = first.locator(".chk-current")
        assert current.locator("ins", has_text="Stewards").count() == 1
        assert current.locator("del", has_text="Wardens").count() == 1
        assert current.locator(".chk-links a").get_attribute("href").endswith("#r2020-1")
        # An identical clause has no "current wording" box: there is nothing to change.
        _check(page, base, "Members greet visitors politely")
        assert page.locator(".chk-match").first.locator(".chk-current").count() == 0
    # The issue's own example, on the real corpus.
    _check(page, site_url, "a high level of refined personal skills and qualities to enable EDIPs to exert professional leadership")
    first = page.locator(".chk-match").first
    assert "Aspect 2015" in first.locator("h2").inner_text()
    assert "In ECS England: renamed only (EDIPs → ECS, substituted)" in first.locator(".chk-later").inner_text()
    current = first.locator(".chk-current")
    assert current.locator("ins", has_text="ECS").count() == 1 and current.locator("del", has_text="EDIPs").count() == 1
    # Read as the current text: without what only the 2015 text had, and without the hidden words.
    current_text = current.locator("blockquote").evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('del, .ed-vh').forEach(n => n.remove()); return c.textContent; }")
    assert "enable ECS to exert professional leadership" in " ".join(current_text.split())
    page.context.close()


def test_the_summary_counts_renamed_only_clauses_apart(page, fixture_site: Path) -> None:
    with served(fixture_site) as base:
        page.goto(base + "rules/compare/r2010--r2020/")
        counts = page.locator("#by-class").inner_text()
        assert "identical: 2" in counts and "renamed only: 2" in counts and "typography only: 1" in counts
        assert "printed label only: 1" in counts and "reworded: 1" in counts
        renames = page.locator(".cmp-renames").first.inner_text()
        assert "a substitution: other words for another referent" in renames
        assert "the same referent under a new name" in renames
        page.context.close()
