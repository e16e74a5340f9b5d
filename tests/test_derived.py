"""Statements about which editions exist and what a comparison holds are derived from the data
(pages/derived.py), so an imported edition never leaves one false: the count of texts, each
comparison's description, the work's timeline and a superseded edition's list of other editions.

Checked in the browser on the real site and on the real project with a synthetic ECS Scotland
edition imported (tests/fixtures/import-review/ecs-scotland.txt, the fixture of test_import_review).
The expected values come from the sources as the test reads them, not from the generator.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import served
from test_build import site_build
from test_import_review import _yaml, scotland  # noqa: F401  (scotland: the real project with ECS Scotland imported)

WORDS = {4: "four", 5: "five", 6: "six", 7: "seven"}
WORK = Path("sources") / "works" / "six-core-principles"


def _witnesses(root: Path) -> int:
    return len(_yaml(root / "sources" / "witnesses" / "witnesses.yaml")["witnesses"])


def _short_name(root: Path, edition: str) -> str:
    return _yaml(root / WORK / edition / "edition.yaml")["short_name"]


@pytest.fixture(scope="module")
def scotland_site(scotland: Path) -> Path:  # noqa: F811
    built = site_build(scotland, scotland / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    return scotland / "site"


def _comparison_lines(page) -> dict[str, str]:
    """The home page's comparison paragraphs, by their link's text."""
    out = {}
    for paragraph in page.locator("h2#comparisons ~ p:has(a)").all():
        link = paragraph.locator("a").first.inner_text()
        if link.startswith("What changed in"):
            out[link] = paragraph.inner_text()
    return out


def test_the_count_of_texts_follows_the_witnesses(page, site_url: str, scotland: Path, scotland_site: Path) -> None:  # noqa: F811
    from conftest import ROOT

    page.goto(site_url)
    assert f"{WORDS[_witnesses(ROOT)]} texts from" in page.locator(".ed-lead").inner_text()
    with served(scotland_site) as base:
        page.goto(base)
        lead = page.locator(".ed-lead").inner_text()
    assert _witnesses(scotland) == _witnesses(ROOT) + 1
    assert f"{WORDS[_witnesses(scotland)]} texts from" in lead, lead


def test_each_comparison_is_described_by_its_own_data(page, scotland: Path, scotland_site: Path) -> None:  # noqa: F811
    work = _yaml(scotland / WORK / "work.yaml")
    (revision,) = [c for c in work["comparisons"] if (c["from"], c["to"]) == ("aspect-2015", "ecs-england")]
    (imported,) = [c for c in work["comparisons"] if (c["from"], c["to"]) == ("ecs-england", "ecs-scotland")]
    assert not imported.get("principal_changes") and all(r.get("status") == "proposed" for r in imported.get("renames", []))
    with served(scotland_site) as base:
        page.goto(base)
        lines = _comparison_lines(page)
    england, scots = _short_name(scotland, "ecs-england"), _short_name(scotland, "ecs-scotland")
    described = lines[f"What changed in the Six Core Principles, {_short_name(scotland, 'aspect-2015')} to {england}"]
    # The revision's description opens with its first principal change, as a phrase within a sentence.
    first = revision["principal_changes"][0]["text"].split(". ")[0]
    assert f"principal changes: {first[0].lower()}{first[1:]}" in described, described
    # The imported comparison has no principal change and no accepted rename: nothing is said of it
    # beyond what every comparison page holds (none of the revision's changes is claimed for it).
    new = lines[f"What changed in the Six Core Principles, {england} to {scots}"]
    assert "(" not in new and "principal changes" not in new and first.lower() not in new.lower(), new


def test_the_timeline_and_the_superseded_notice_name_an_imported_edition(page, scotland: Path, scotland_site: Path) -> None:  # noqa: F811
    scots = _short_name(scotland, "ecs-scotland")
    with served(scotland_site) as base:
        page.goto(base)
        timeline = page.locator("#lineage-six-core-principles + .ed-timeline").inner_text()
        page.goto(base + "six-core-principles/")
        on_work_page = page.locator(".ed-timeline").inner_text()
        page.goto(base + "six-core-principles/aspect-2015/")
        notice = page.locator(".ed-superseded").inner_text()
    for shown in (timeline, on_work_page):
        assert f"Read the {scots} edition" in shown, shown
    assert "The other editions of this text in this edition:" in notice and scots in notice, notice
