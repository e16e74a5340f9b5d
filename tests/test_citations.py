"""Citations beside each clause, the copy control, and cross-edition links, in the browser."""

from __future__ import annotations

from edition.model import Corpus
from edition.pages.urls import Urls


def test_each_clause_shows_its_citation_with_a_copy_control(browser, site_url: str, corpus: Corpus) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + Urls(corpus).section_page("ecs-p2"))
    clause = page.locator("#ecs-p2-1")
    assert clause.locator(".ed-cite-text").text_content() == "ECS England, Principle 2 ¶1"
    assert clause.locator(".ed-cite-text").is_visible()
    # The copy controls are among the clause's tools, one click away.
    button = clause.locator("button.ed-copy--cite")
    assert not button.is_visible()
    clause.locator("details.ed-more > summary").click()
    assert button.is_visible()
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("ECS England, Principle 2 ¶1, Six Core Principles for Professionals in Education and Children's Services in England")
    assert copied.endswith(site_url + "six-core-principles/ecs-england/ecs-p2/#ecs-p2-1")
    assert "Copied" in page.locator("[role=status]").text_content()
    # The reference-list form: author (the issuing body), year, title, edition, the clause's place,
    # its address and the day it was read.
    clause.locator("button.ed-copy--entry").click()
    entry = page.evaluate("navigator.clipboard.readText()")
    today = page.evaluate("new Date().getDate() + ' ' + new Date().toLocaleString('en-GB', {month: 'long'}) + ' ' + new Date().getFullYear()")
    assert entry == (
        "Prospect Education and Children's Services Group (2019) Six Core Principles for Professionals in Education and "
        "Children's Services in England. Revised edition for England. Principle 2 ¶1. Available at: "
        f"{site_url}six-core-principles/ecs-england/ecs-p2/#ecs-p2-1 (Accessed: {today})."
    )
    context.close()


def test_without_javascript_the_citation_and_link_remain(browser, site_url: str, corpus: Corpus) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + Urls(corpus).section_page("ecs-p2"))
    # The tools open without the script; its Copy buttons (this edition's citation, the current
    # text's link, the reference-list entry) stay hidden, the links beside them work.
    page.locator("#ecs-p2-1 details.ed-more > summary").click()
    buttons = page.locator("#ecs-p2-1 button.ed-copy")
    assert buttons.count() == 3
    assert not any(buttons.nth(i).is_visible() for i in range(3))
    assert page.locator("#ecs-p2-1 a.ed-this").is_visible() and page.locator("#ecs-p2-1 a.ed-current").is_visible()
    assert page.locator("#ecs-p2-1 .ed-cite-text").is_visible()
    assert page.locator("#ecs-p2-1 a.ed-self").get_attribute("href") == "#ecs-p2-1"
    context.close()


def test_a_clause_links_to_its_counterpart_and_its_diff(page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url + Urls(corpus).section_page("a15-p5"))
    cross = page.locator("#a15-p5-2 .ed-cross")
    assert cross.text_content().startswith("ECS England: Principle 5 ¶2")
    page.locator("#a15-p5-2 details.ed-more > summary").click()
    cross.locator("a", has_text="Principle 5 ¶2").click()
    assert page.url.endswith("six-core-principles/ecs-england/ecs-p5/#ecs-p5-2")
    assert page.locator("#ecs-p5-2").evaluate("el => el.matches(':target')")
    page.locator("#ecs-p5-2 details.ed-more > summary").click()
    page.locator("#ecs-p5-2 .ed-cross a", has_text="reworded").click()
    row = page.locator(page.evaluate("location.hash"))
    assert row.locator("ins", has_text="supporting a culture of well-being").is_visible()


def test_a_clause_in_one_edition_only_says_so(page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url + Urls(corpus).section_page("ecs-practice"))
    assert page.locator("#ecs-practice-9 .ed-cross").text_content().startswith("Not in Aspect 2015")
    page.goto(site_url + Urls(corpus).section_page("a15-front"))
    assert page.locator("#a15-edition .ed-cross").text_content().startswith("Not in ECS England")


def test_the_home_page_explains_the_citation_scheme(page, site_url: str) -> None:
    page.goto(site_url)
    text = page.locator("#citing ~ p").first.text_content()
    assert "permanent" in text and "Copy" in page.locator("#citing ~ p").nth(0).text_content() + page.locator("#citing ~ p").nth(1).text_content()
