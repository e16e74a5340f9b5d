"""Themes: the vocabulary, the tags, the theme pages and the overview's counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.model import Corpus

THEMES = Path(__file__).resolve().parents[1] / "sources" / "themes.yaml"


def test_the_vocabulary_is_defined_and_used(corpus: Corpus) -> None:
    assert len(corpus.themes) >= 10
    used = {t for e in corpus.editions() for c in e.clauses() for t in c.themes}
    for theme in corpus.themes:
        assert re.fullmatch(r"[A-Z][^\n]{10,200}\.", theme.definition), theme.id  # one line, one sentence
        assert theme.id in used, f"theme {theme.id} tags no clause"
    names = [t.name for t in corpus.themes]
    assert len(names) == len(set(names))
    for expected in ("safeguarding", "accountability", "equality", "wellbeing", "collaboration", "information",
                     "professional-learning", "conduct", "evidence", "leadership", "access", "technology"):
        assert expected in {t.id for t in corpus.themes}


def test_coverage_every_theme_in_two_documents_every_document_in_three_themes(corpus: Corpus) -> None:
    for theme in corpus.themes:
        documents = {e.id for e in corpus.editions() for c in e.clauses() if theme.id in c.themes}
        assert len(documents) >= 2, theme.id
    for edition in corpus.editions():
        themes = {t for c in edition.clauses() for t in c.themes}
        assert len(themes) >= 3, edition.id


def test_tags_follow_the_texts(corpus: Corpus) -> None:
    """Spot checks from reading: the clauses that are plainly about a theme carry it."""
    def themes(clause_id: str) -> tuple[str, ...]:
        return corpus.clause(clause_id)[1].themes

    assert "safeguarding" in themes("aewm-principle-2")  # "a duty to safeguard children and young people"
    assert "safeguarding" in themes("aewm-competency-7")
    assert "wellbeing" in themes("ecs-p5-2") and "wellbeing" not in themes("a15-p5-2")  # added by ECS
    assert "technology" in themes("ecs-practice-9")  # the social-media bullet
    assert "information" in themes("ecs-cc-5")  # "not disclose ... confidential or privileged information"
    assert "accountability" in themes("ascl-2")  # "Intelligent accountability"
    assert "equality" in themes("ecs-p1-3") and "equality" not in themes("a15-p1-3")  # the attainment gap


def cells(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.th-grid tbody tr')].map(tr => ({
            theme: tr.querySelector('th a').getAttribute('href'),
            counts: [...tr.querySelectorAll('td.th-cell')].map(td => td.querySelector('a') ? Number(td.textContent.trim()) : 0),
            links: [...tr.querySelectorAll('td.th-cell a')].map(a => a.getAttribute('href')),
        }))"""
    )


def test_the_overview_counts_match_the_tags(page, site_url: str, corpus: Corpus) -> None:
    page.goto(site_url + "themes/")
    editions = list(corpus.editions())
    headers = page.evaluate("() => [...document.querySelectorAll('.th-grid thead th a')].map(a => a.textContent)")
    assert headers == [e.short_name for e in editions]
    rows = cells(page)
    assert [r["theme"] for r in rows] == [f"{t.id}/" for t in corpus.themes]
    for theme, row in zip(corpus.themes, rows):
        expected = [sum(1 for c in e.clauses() if theme.id in c.themes) for e in editions]
        assert row["counts"] == expected, theme.id
        assert row["links"] == [f"{theme.id}/#doc-{e.id}" for e, n in zip(editions, expected) if n]


@pytest.mark.parametrize("theme_id", ["wellbeing", "safeguarding", "technology"])
def test_a_theme_page_lists_each_documents_tagged_clauses(page, site_url: str, corpus: Corpus, theme_id: str) -> None:
    page.goto(f"{site_url}themes/{theme_id}/")
    for edition in corpus.editions():
        card = page.locator(f"#doc-{edition.id}")
        links = card.locator(".th-cite a")
        listed = [links.nth(i).get_attribute("href").split("#")[1] for i in range(links.count())]
        assert listed == [c.id for c in edition.clauses() if theme_id in c.themes], edition.id
        assert edition.issuer in card.locator(".th-doc-meta").text_content()  # attribution beside the text
    # Each listed clause's link lands on that clause, on its reading page.
    first = page.locator(".th-cite a").first
    target = first.get_attribute("href").split("#")[1]
    first.click()
    assert page.locator(f"#{target}").evaluate("el => el.matches(':target') && el.classList.contains('ed-clause')")


def test_reading_pages_link_clauses_to_their_themes(page, site_url: str) -> None:
    page.goto(site_url + "six-core-principles/ecs-england/ecs-p5/")
    links = page.locator("#ecs-p5-2 .ed-themes-of a")
    assert [links.nth(i).text_content() for i in range(links.count())] == ["Conflicts of interest and conduct", "Well-being"]


def test_the_tagging_rule_is_stated_for_editors() -> None:
    readme = (THEMES.parent / "README.md").read_text(encoding="utf-8")
    assert "substantially speaks to" in readme
