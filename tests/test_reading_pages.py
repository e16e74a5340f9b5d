"""The reading pages, checked in headless Chromium against the corpus and the witnesses."""

from __future__ import annotations

import difflib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import site_pages
from edition.model import Corpus, Edition
from edition.pages.urls import Urls, is_page_section

# The printed words of each clause on a page: visible text nodes, less anything editorial.
CLAUSE_WORDS_JS = """
(selector) => [...document.querySelectorAll(selector)].map(clause => {
  const walker = document.createTreeWalker(clause, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest('.editorial')) continue;
    if (!parent.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    parts.push(node.nodeValue);
  }
  return {id: clause.id, text: parts.join('')};
})
"""


def reading_pages(edition: Edition, urls: Urls) -> list[str]:
    pages: list[str] = []

    def walk(section, depth):
        if is_page_section(section, depth):
            pages.append(urls.section_page(section))
        for child in section.sections:
            walk(child, depth + 1)

    for section in edition.sections:
        walk(section, 1)
    return pages


@pytest.mark.parametrize("edition_id", ["aspect-2015", "ecs-england", "aewm-2019", "ascl-2015", "atl-2010"])
def test_every_witness_word_less_the_ledger_is_visible(edition_id, corpus: Corpus, accounts, page, site_url) -> None:
    edition = corpus.edition(edition_id)
    urls = Urls(corpus)
    shown: list[dict[str, str]] = []
    footnotes: list[dict[str, str]] = []
    for url in reading_pages(edition, urls):
        page.goto(site_url + url)
        shown += page.evaluate(CLAUSE_WORDS_JS, ".ed-text .ed-clause:not(.ed-clause--footnote)")
        footnotes += page.evaluate(CLAUSE_WORDS_JS, ".ed-text .ed-clause--footnote")

    words = [w for clause in shown for w in clause["text"].split()]
    expected = accounts[edition_id].text_words
    if words != expected:
        diff = "\n".join(list(difflib.unified_diff(expected, words, "witness less ledger", "reading pages", lineterm="", n=2))[:40])
        pytest.fail(f"{edition_id}: the reading pages do not show the witness's words in order:\n{diff}")
    # Each clause shows exactly its own printed words, under its own id, once.
    assert [c["id"] for c in shown] == [c.id for c in edition.clauses()]
    for clause, model in zip(shown, edition.clauses()):
        assert clause["text"].split() == model.printed_words.split(), clause["id"]
    # Footnotes show what the witness prints at the foot of the page, marker first.
    witness = corpus.witness(edition.witness_id).lines()
    expected_notes = [
        " ".join(witness[n - 1] for n in range(f.lines.first, f.lines.last + 1)).split() for f in edition.footnotes()
    ]
    assert [f["text"].split() for f in footnotes] == expected_notes


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value]


def test_every_clause_id_is_an_element_id_on_exactly_one_reading_page(corpus: Corpus, site_dir: Path) -> None:
    where: dict[str, list[str]] = {}
    for url in site_pages(site_dir):
        parser = _Ids()
        path = site_dir / (url + "index.html" if url.endswith("/") or url == "" else url)
        parser.feed(path.read_text(encoding="utf-8"))
        assert len(parser.ids) == len(set(parser.ids)), f"{url} repeats an element id"
        for element_id in parser.ids:
            where.setdefault(element_id, []).append(url)
    urls = Urls(corpus)
    # A work's current-address page and its history pages name each clause's line, and a line
    # without an alignment key is named by its earliest clause's id: those pages are not the
    # clause's place, so they are set aside here (test_lineage checks what they hold).
    line_pages = tuple(urls.current(w) for w in corpus.works) + tuple(f"{w.id}/history/" for w in corpus.works)
    for edition in corpus.editions():
        for clause in [*edition.clauses(), *edition.footnotes()]:
            pages = [url for url in where.get(clause.id, []) if not url.startswith(line_pages)]
            assert pages == [urls.clause(clause).page], clause.id


@pytest.mark.parametrize(
    ("query", "clause_id"),
    [("poverty-related attainment gap", "ecs-p1-3"), ("should and display", "a15-p1-1"), ("subsidiarity", "ascl-5")],
)
def test_search_finds_a_clause_and_lands_on_it(page, site_url: str, query: str, clause_id: str) -> None:
    """From the header's box, on any page: the search page, then the clause itself."""
    page.goto(site_url + "six-core-principles/")
    page.fill("#ed-search-q", query)
    page.press("#ed-search-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    result = page.locator(f"#srch-results .srch-title a[href*='#{clause_id}']").first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_url(f"**#{clause_id}")
    target = page.locator(f"#{clause_id}")
    assert target.evaluate("el => el.matches(':target')")
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_every_clause_has_a_visible_keyboard_reachable_link_to_itself(page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url + Urls(corpus).section_page("ecs-cc"))
    links = page.evaluate(
        """() => [...document.querySelectorAll('.ed-text .ed-clause')].map(c => {
            const a = c.querySelector(':scope > .ed-tools a.ed-self');
            const box = a && a.getBoundingClientRect();
            return {id: c.id, href: a && a.getAttribute('href'), visible: !!a && a.checkVisibility() && box.width > 0,
                    tab: a ? a.tabIndex : -1, name: a ? a.textContent.trim() : ''};
        })"""
    )
    assert len(links) == 17
    for link in links:
        assert link["href"] == f"#{link['id']}" and link["visible"] and link["tab"] == 0, link
        assert "Link to this" in link["name"]
    # Tabbing reaches the links: from the start of the text, the first link is a few tabs away.
    page.focus(".ed-context a")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ed-self')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#ecs-cc-h"


def test_editorial_notes_stand_beside_the_text_on_wide_screens_and_below_it_on_phones(browser, site_url: str, corpus: Corpus) -> None:
    url = site_url + Urls(corpus).section_page("a15-p1")
    for width, beside in ((1280, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(url)
        words = page.locator("#a15-p1-1 > .ed-words").bounding_box()
        notes = page.locator("#a15-p1-1 .ed-notes").bounding_box()
        assert page.locator("#a15-p1-1 .ed-notes").get_attribute("role") == "note"
        if beside:
            assert notes["x"] >= words["x"] + words["width"] and notes["y"] < words["y"] + words["height"]
        else:
            assert notes["y"] >= words["y"] + words["height"] - 1
        context.close()


def test_abbreviations_are_explained_on_focus(page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url + Urls(corpus).section_page("ecs-p1"))
    abbr = page.locator(".ed-text abbr.ed-abbr", has_text="ECS").first
    assert abbr.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal")
    abbr.focus()
    tip = abbr.evaluate("el => getComputedStyle(el, '::after').content")
    assert tip == '"professionals in education and children\'s services"'
    described = abbr.get_attribute("aria-describedby")
    assert page.locator(f"#{described}").text_content() == "professionals in education and children's services"


def test_a_page_prints_without_navigation(page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url + Urls(corpus).section_page("a15-p1"))
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".ed-self", ".ed-more"):
        assert not page.locator(hidden).first.is_visible(), hidden
    # Each clause's citation stays beside it on paper; its tools do not print.
    assert page.locator("#a15-p1-1 .ed-cite-text").is_visible()
    # What the page is, on paper (issue 15): the document, edition and section above the text.
    assert page.locator(".ed-context").is_visible()
    assert page.locator("#a15-p1-1 .ed-words").is_visible()
    assert page.locator("#a15-p1-1 .ed-notes").is_visible()
    assert page.locator(".ed-attribution").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_light_and_dark_schemes(browser, site_url: str) -> None:
    for scheme, expected in (("light", "default"), ("dark", "slate")):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        context.close()


def test_the_browser_is_debians_chromium(browser) -> None:
    assert browser.version.split(".")[0].isdigit()
    import subprocess

    from conftest import CHROMIUM

    assert subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout.split()[1] == browser.version
