"""The comparison pages in a real browser: marks, noise control, moves, layout."""

from __future__ import annotations

import pytest

from edition.model import Corpus

BASE = "six-core-principles/compare/aspect-2015--ecs-england/"
SECTIONS = ["front", "intro", "principles", "p1", "p2", "p3", "p4", "p5", "p6", "practice", "conclusion", "conduct"]

VISIBLE_MARKS_JS = """() => [...document.querySelectorAll('.cmp-body ins, .cmp-body del, .cmp-body .cmp-var-old, .cmp-body .cmp-var-text')]
  .filter(el => el.checkVisibility() && getComputedStyle(el).textDecorationLine !== 'none')
  .map(el => ({tag: el.tagName.toLowerCase(), row: (el.closest('.cmp-row') || {}).id, text: el.textContent.replace(/\\[(added|removed|renamed, was|typography, was|label was): |\\]/g, '').trim()}))"""


def test_the_default_view_marks_no_declared_rename(page, site_url: str, corpus: Corpus) -> None:
    renames = {(r.old, r.new) for w in corpus.works for c in w.comparisons for r in c.renames}
    names = {phrase for pair in renames for phrase in pair}
    for key in SECTIONS:
        page.goto(f"{site_url}{BASE}{key}/")
        marks = page.evaluate(VISIBLE_MARKS_JS)
        assert all(m["tag"] in ("ins", "del") for m in marks), key  # variants are not marked
        for before, after in zip(marks, marks[1:]):
            assert (before["text"], after["text"]) not in renames, key
        assert not any(m["text"] == "ECS" for m in marks), key
        # Only where the new edition spells out the name EDIPs abbreviated (2015 lines 62 and 99:
        # "EDIPs should foster", "EDIPs need to foster") does a rename's wording appear in a mark.
        leftovers = [(m["row"], m["text"]) for m in marks if m["text"] in names]
        expansions = {("cmp-ecs-p2-1", "EDIPs"), ("cmp-ecs-p4-2", "EDIPs"),
                      ("cmp-ecs-p2-1", "Professionals in education and children's services"),
                      ("cmp-ecs-p4-2", "Professionals in education and children's services")}
        assert set(leftovers) <= expansions, key


def test_a_reader_can_ask_to_see_renames_and_typography(page, site_url: str) -> None:
    page.goto(f"{site_url}{BASE}p3/")
    old = page.locator(".cmp-var--rename .cmp-var-old", has_text="EDIPs").first
    assert not old.is_visible()
    page.check("#cmp-show-all")
    assert old.is_visible()
    assert "line-through" in old.evaluate("el => getComputedStyle(el).textDecorationLine")


@pytest.mark.parametrize(("key", "words"), [("p2", "well-being"), ("p5", "well-being"), ("p1", "poverty-related attainment gap"), ("practice", "social media")])
def test_key_additions_are_marked_without_relying_on_colour(page, site_url: str, key: str, words: str) -> None:
    page.goto(f"{site_url}{BASE}{key}/")
    ins = page.locator("ins.cmp-ins", has_text=words).first
    assert ins.is_visible()
    style = ins.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "underline" in style
    assert ins.text_content().startswith("[added: ")  # what a screen reader announces
    deleted = page.locator("del.cmp-del").first
    if deleted.count():
        assert "line-through" in deleted.evaluate("el => getComputedStyle(el).textDecorationLine")


def test_reordered_practical_applications_show_as_moved(page, site_url: str) -> None:
    page.goto(f"{site_url}{BASE}practice/side-by-side/")
    moved = page.locator(".cmp-pair.cmp-row--moved")
    assert moved.count() == 2
    for i in range(2):
        row = moved.nth(i)
        assert "Moved" in row.locator(".cmp-meta").text_content()
        assert row.locator("ins, del").count() == 0
    # The old place points to where the clause went, and the link lands there.
    away = page.locator(".cmp-row--away a").first
    away.click()
    fragment = page.evaluate("location.hash")
    assert page.locator(fragment).evaluate("el => el.matches(':target') && el.classList.contains('cmp-row--moved')")


def test_moved_and_split_endorsement(page, site_url: str) -> None:
    page.goto(f"{site_url}{BASE}intro/")
    row = page.locator("#cmp-ecs-endorsement-1")
    meta = row.locator(".cmp-meta").text_content()
    assert "Moved" in meta and "Split" in meta
    assert row.locator("p.cmp-text").count() == 2


def test_side_by_side_stacks_old_above_new_on_phones(browser, site_url: str) -> None:
    for width, stacked in ((1280, False), (390, True)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(f"{site_url}{BASE}p5/side-by-side/")
        pair = page.locator(".cmp-pair.cmp-row--reworded").first
        old = pair.locator(".cmp-cell--old").bounding_box()
        new = pair.locator(".cmp-cell--new").bounding_box()
        label = pair.locator(".cmp-cell--new .cmp-side")
        if stacked:
            assert new["y"] >= old["y"] + old["height"] - 1 and label.is_visible()
        else:
            assert abs(new["y"] - old["y"]) < 2 and new["x"] > old["x"] + old["width"] - 1 and not label.is_visible()
        context.close()


def test_unchanged_clauses_are_collapsed_and_can_be_opened(page, site_url: str) -> None:
    page.goto(f"{site_url}{BASE}conduct/side-by-side/")
    details = page.locator("details.cmp-unchanged").first
    summary = details.locator("summary")
    assert "unchanged" in summary.text_content()
    hidden = details.locator(".cmp-pair").first
    assert not hidden.is_visible()
    summary.click()
    assert hidden.is_visible()


def test_what_changed_links_each_change_to_both_editions_and_its_diff(page, site_url: str) -> None:
    page.goto(f"{site_url}{BASE}")
    line = page.locator(".cmp-change", has_text="social media").first
    links = line.locator(".cmp-links a")
    texts = [links.nth(i).text_content() for i in range(links.count())]
    assert "ECS England, Practical applications ¶10" in texts and "see the change" in texts
    line.locator("a", has_text="see the change").click()
    target = page.locator(page.evaluate("location.hash"))
    assert target.locator("ins", has_text="social media").is_visible()
    # The summary lists the declared renames once each, with how often they apply.
    page.goto(f"{site_url}{BASE}")
    renames = page.locator("#renames + ul li")
    texts = [renames.nth(i).text_content() for i in range(renames.count())]
    assert len(texts) == 9 and sum(t.startswith("EDIPs") for t in texts) == 2
    assert "Who the principles are for" in texts[0], "the rename's note says what the change means"
    # The chart is a table whose numbers stand without the bars' colours.
    assert page.locator(".cmp-chart tbody tr").count() == len(SECTIONS)


def test_the_summary_opens_with_the_principal_changes(page, site_url: str) -> None:
    """The first screen of the summary says, in words, what changed most: the wider audience,
    well-being and social media among them, each linked to its clauses and its change."""
    page.goto(f"{site_url}{BASE}")
    article = " ".join(page.locator("article").inner_text().split())
    first = " ".join(page.locator(".cmp-principal").inner_text().split())
    assert article.index(first[:200]) < 600, "the principal changes open the page"
    assert "well-being" in first and "social media" in first.lower()
    assert "professionals in education and children's services" in first and "audience" in first
    items = page.locator(".cmp-principal > li")
    assert items.count() >= 5
    social = page.locator(".cmp-principal > li", has_text="Social media")
    social.locator("a", has_text="the change").first.click()
    assert page.locator(page.evaluate("location.hash")).locator("ins", has_text="social media").is_visible()


def test_no_clause_marks_the_new_name_of_the_profession(page, site_url: str) -> None:
    """The EDIPs/ECS replacement is folded everywhere in the default view (Principle 2 ¶1 and
    Principle 4 ¶2 once marked it), and marked everywhere when renames are shown."""
    for section in ("p2", "p4", "intro", "conclusion"):
        page.goto(f"{site_url}{BASE}{section}/")
        shown = " ".join(t for t in page.locator("ins:visible, del:visible").all_text_contents() if "must hold" not in t)
        assert "EDIPs" not in shown and "rofessionals in education" not in shown, section
        assert not page.locator(".cmp-var-old:visible").count(), "renames are plain text by default"
        page.locator("label[for=cmp-show-all]").click()
        if section in ("p2", "p4"):
            was = " ".join(page.locator(".cmp-var--rename .cmp-var-old:visible").all_text_contents())
            assert "EDIPs" in was, f"{section}: with renames shown, the old name is shown as replaced"


@pytest.mark.parametrize("path", ["", "p2/", "p2/side-by-side/"])
def test_comparison_pages_name_both_sources_and_their_licences(page, site_url: str, corpus: Corpus, path: str) -> None:
    """A comparison shows both editions' words, so it carries both attributions; the licensed
    text's says it is shown unaltered and links to why comparing it is not adapting it."""
    spec = next(c for w in corpus.works for c in w.comparisons)
    page.goto(f"{site_url}{BASE}{path}")
    footers = page.locator(".ed-attribution")
    assert footers.count() == 2
    for footer, edition in zip(footers.all(), (corpus.edition(spec.old), corpus.edition(spec.new))):
        said = " ".join(footer.inner_text().split())
        assert edition.title in said and edition.issuer in said
        if edition.licence.stated:
            assert footer.locator("a", has_text=edition.licence.name).get_attribute("href") == edition.licence.url
            footer.locator("a", has_text="not an adaptation").click()
            assert page.locator("#comparing-is-not-adapting").is_visible()
            page.go_back()
        else:
            assert "states no licence" in said
