"""Following a clause through every edition: the lineage stage on its own, and what readers get from
it (current addresses, histories), on the synthetic work of tests/fixtures/branches/ (a 2010
charter revised for England in 2018 and for Wales in 2019: two branches, both current) and on the
real edition (one revision, one current edition).

What each fixture clause was written to be, by hand: i1 is the same in all three; i2 reworded in
England only; i3 dropped by both; i4 reworded in England, split in two in Wales; i5 added in
England only; the title reworded in both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, served
from test_build import built_fixture

from edition.compare import compare_editions
from edition.lineage import trace_lineage
from edition.loader import load_corpus

BRANCHES = ROOT / "tests" / "fixtures" / "branches"


@pytest.fixture(scope="module")
def charter():
    corpus = load_corpus(BRANCHES)
    return trace_lineage(corpus, compare_editions(corpus)).of_work("charter")


def readings(line) -> dict[str, list[str]]:
    return {edition.id: [c.id for c in clauses] for edition, clauses in line.readings}


def steps(line) -> list[tuple[str, str, str]]:
    return [(s.old.id, s.new.id, s.group.difference.value) for s in line.steps]


def test_the_work_s_revisions_and_current_editions(charter) -> None:
    assert [e.id for e in charter.editions] == ["c2010", "c2018-england", "c2019-wales"]
    assert [(old.id, new.id) for old, new, _ in charter.revisions] == [("c2010", "c2018-england"), ("c2010", "c2019-wales")]
    assert [e.id for e in charter.current] == ["c2018-england", "c2019-wales"]
    # The steps follow the revisions (each branch against the text it revises), not the order.
    assert [(c.old.id, c.new.id) for c in charter.steps] == [("c2010", "c2018-england"), ("c2010", "c2019-wales")]


def test_each_clause_s_line_through_every_edition(charter) -> None:
    lines = {line.id: line for line in charter.lines}
    assert set(lines) == {"title", "i1", "i2", "i3", "i4", "i5"}
    assert readings(lines["i1"]) == {"c2010": ["c2010-1"], "c2018-england": ["e2018-1"], "c2019-wales": ["w2019-1"]}
    assert steps(lines["i1"]) == [("c2010", "c2018-england", "identical"), ("c2010", "c2019-wales", "identical")]
    assert steps(lines["i2"]) == [("c2010", "c2018-england", "reworded"), ("c2010", "c2019-wales", "identical")]
    assert readings(lines["i3"]) == {"c2010": ["c2010-3"], "c2018-england": [], "c2019-wales": []}
    assert steps(lines["i3"]) == [("c2010", "c2018-england", "dropped"), ("c2010", "c2019-wales", "dropped")]
    assert readings(lines["i4"]) == {"c2010": ["c2010-4"], "c2018-england": ["e2018-3"], "c2019-wales": ["w2019-3", "w2019-4"]}
    assert steps(lines["i4"]) == [("c2010", "c2018-england", "reworded"), ("c2010", "c2019-wales", "split")]
    assert readings(lines["i5"]) == {"c2010": [], "c2018-england": ["e2018-4"], "c2019-wales": []}
    # Wales's second part of i4 takes the key i4b (c2010's clause has both): were it the earliest
    # clause, the line would be i4b, so i4b leads to the line too. No other line has an alias.
    assert {line.id: line.aliases for line in charter.lines if line.aliases} == {"i4": ("i4b",)}
    assert steps(lines["i5"]) == [("c2010", "c2018-england", "added")]
    # Reading order: the newest edition's, with what only older editions have after what precedes it.
    assert [line.id for line in charter.lines] == ["title", "i1", "i2", "i3", "i4", "i5"]


def test_every_clause_of_the_real_edition_is_on_exactly_one_line(corpus) -> None:
    lineage = trace_lineage(corpus, compare_editions(corpus))
    for work in corpus.works:
        lines = lineage.of_work(work).lines
        on_lines = [c.id for line in lines for _, clauses in line.readings for c in clauses]
        assert sorted(on_lines) == sorted(c.id for e in work.editions for c in e.clauses()), work.id
        assert len({line.id for line in lines}) == len(lines), "line ids are unique in a work"
    six = lineage.of_work("six-core-principles")
    assert [e.id for e in six.current] == ["ecs-england"]
    # A work of one edition: each clause is a line of its own, named by the clause.
    assert all(line.id == line.readings[0][1][0].id for line in lineage.of_work("aewm-code").lines)


@pytest.fixture(scope="module")
def charter_site(tmp_path_factory) -> Path:
    return built_fixture(tmp_path_factory.mktemp("branches") / "project", BRANCHES / "sources")


def test_a_current_address_follows_the_clause_into_the_current_edition(browser, site_dir: Path) -> None:
    page = browser.new_page()
    with served(site_dir) as base:
        page.goto(base + "six-core-principles/current/#p2-7")
        page.wait_for_url("**/ecs-england/ecs-p2/#ecs-p2-7")
        assert page.locator("#ecs-p2-7").evaluate("el => el.matches(':target')")
        # The 2015 introduction's endorsement was split in two (keys endorsement-1 and -2, one line):
        # the line's alias endorsement-2 goes on to the part that carries that key, not the first.
        page.goto(base + "six-core-principles/current/#endorsement-2")
        page.wait_for_url("**/ecs-england/ecs-intro/#ecs-endorsement-2")
        # A dropped clause: the address stays, and says in which edition it went and what to read.
        page.goto(base + "six-core-principles/current/#context-h")
        page.wait_for_timeout(300)
        assert page.url.endswith("/six-core-principles/current/#context-h")
        entry = page.locator("#context-h")
        assert "Dropped in ECS England" in entry.inner_text() and entry.locator("a", has_text="the change").count() == 1
        # From a 2015 clause's margin, to its current text and its history.
        page.goto(base + "six-core-principles/aspect-2015/a15-p2/")
        assert page.locator("#a15-p2-7 a.ed-current").evaluate("a => a.href").endswith("/six-core-principles/current/#p2-7")
        page.locator("#a15-p2-7 a.ed-history").evaluate("a => a.click()")
        page.wait_for_url("**/six-core-principles/history/#p2-7")
        history = page.locator("#p2-7")
        assert "Aspect 2015" in history.inner_text() and "ECS England" in history.inner_text()
        assert history.locator("ins", has_text="well-being").count() == 1
    page.context.close()


def test_with_two_current_editions_the_reader_chooses(browser, charter_site: Path) -> None:
    page = browser.new_page()
    with served(charter_site) as base:
        page.goto(base + "charter/current/#i1")
        page.wait_for_timeout(300)
        assert page.url.endswith("/charter/current/#i1"), "no edition is chosen for the reader"
        entry = page.locator("#i1")
        readings = entry.locator(".cur-reading a")
        assert readings.filter(has_text="Charter England").count() == 1 and readings.filter(has_text="Charter Wales").count() == 1
        readings.filter(has_text="Charter Wales").click()
        page.wait_for_url("**/c2019-wales/**#w2019-1")
        # Added in England only: Wales says it does not have it (never printed it).
        page.goto(base + "charter/current/#i5")
        assert "Not in Charter Wales." in page.locator("#i5").inner_text()
        # Dropped by both: each says so, with the change.
        page.goto(base + "charter/current/#i3")
        text = page.locator("#i3").inner_text()
        assert text.count("Dropped in") == 2 and "Last printed as Charter 2010" in text
    page.context.close()


def test_a_history_shows_every_reading_marked_with_each_step(browser, charter_site: Path) -> None:
    page = browser.new_page()
    with served(charter_site) as base:
        page.goto(base + "charter/history/#i4")
        history = page.locator("#i4")
        readings = history.locator(".hst-reading")
        assert readings.count() == 3
        first, england, wales = (readings.nth(i).inner_text() for i in range(3))
        assert first.startswith("Charter 2010") and "Workers report concerns to the Council." in first
        assert "reworded since Charter 2010" in england
        assert readings.nth(1).locator("ins", has_text="of England").count() == 1
        assert "split since Charter 2010" in wales
        # Both clauses of the split whole, the first with its full stop, the second's words marked as added.
        assert "3. Workers report concerns to the Council." in wales
        assert readings.nth(2).locator("ins", has_text="Workers report them in writing").count() == 1
        # A dropped reading says so.
        dropped = page.locator("#i3 .hst-reading").nth(1).inner_text()
        assert "dropped" in dropped.lower()
        assert "Dropped from Charter England." in dropped  # the short name as printed, not lower-cased
    page.context.close()
