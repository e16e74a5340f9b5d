"""Check a quotation (check/) in a real browser: a reader's words, altered as quotations are in
slides and handbooks, lead back to the clause they come from, for clauses of every document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import QUALITY, ROOT, tool
from edition.model import Corpus
from test_quality import AXE_TAGS

CHANGED_WORD = "quokkas"  # a word no document has, put in place of one of the clause's


def _words(text: str) -> list[str]:
    return text.split()


def _plain(word: str) -> str:
    return re.sub(r"\W", "", word).lower()


def quotable(corpus: Corpus, edition_id: str) -> tuple[str, str, int]:
    """A clause of the edition worth quoting (20 words or more) whose first three-quarters no other
    clause shares: (id, text, the index of a word to change). Its text is the published one."""
    edition = corpus.edition(edition_id)
    others = [c.printed_words for e in corpus.editions() for c in e.clauses()]
    for clause in edition.clauses():
        words = _words(clause.printed_words)
        if len(words) < 20:
            continue
        kept = " ".join(words[: len(words) * 3 // 4])
        if sum(kept in text for text in others) != 1:
            continue
        index = next((i for i in range(4, len(words) // 2) if len(_plain(words[i])) >= 5 and words[i].isalpha()), None)
        if index is not None:
            return clause.id, clause.printed_words, index
    raise AssertionError(f"{edition_id} has no clause to quote")


def as_a_trainer_would(text: str, index: int) -> tuple[str, str]:
    """Curly quotes straightened, one word changed, the end cut off: (the words, the word replaced)."""
    words = _words(text)
    replaced = words[index]
    words[index] = CHANGED_WORD
    words = words[: len(words) * 3 // 4]
    straight = " ".join(words).replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return straight, replaced


def check(page, site_url: str, words: str) -> None:
    if not page.url.endswith("/check/"):
        page.goto(site_url + "check/")
    page.fill("#chk-text", words)
    page.click(".chk-submit")
    page.locator("#chk-results .chk-match, #chk-results .chk-none").first.wait_for()


def test_the_shipped_diff_match_patch_is_the_pinned_package() -> None:
    shipped = ROOT / "docs" / "assets" / "vendor" / "diff-match-patch"
    package = tool("diff-match-patch")
    assert (shipped / "diff_match_patch.js").read_bytes() == (package / "index.js").read_bytes()
    assert (shipped / "LICENSE").read_bytes() == (package / "LICENSE").read_bytes()


@pytest.mark.parametrize("edition_id", ["aspect-2015", "ecs-england", "aewm-2019", "ascl-2015", "atl-2010"])
def test_altered_words_find_their_clause_first(page, site_url: str, corpus: Corpus, edition_id: str) -> None:
    clause_id, text, index = quotable(corpus, edition_id)
    words, replaced = as_a_trainer_would(text, index)
    check(page, site_url, words)
    edition, clause = corpus.clause(clause_id)
    first = page.locator(".chk-match").first
    citation = first.locator("h2").inner_text()
    assert citation.startswith(edition.short_name), citation
    assert first.locator(".chk-links a").first.get_attribute("href").endswith(f"#{clause_id}")
    # The changed word is marked as the comparison pages mark changes: struck through and
    # announced as the reader's, with the text's own word beside it, underlined.
    theirs = first.locator("del.cmp-del", has_text=CHANGED_WORD)
    assert theirs.count() == 1
    assert "line-through" in theirs.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "[your words: " in theirs.text_content()
    ours = first.locator("ins.cmp-ins", has_text=_plain(replaced)[:4])
    assert ours.count() >= 1 and _plain(replaced) in _plain(ours.first.text_content())
    assert "underline" in ours.first.evaluate("el => getComputedStyle(el).textDecorationLine")
    # Cut off and straightened, but not marked: one place differs.
    assert "in 1 place" in first.locator(".chk-verdict").inner_text()
    assert citation in page.locator("#chk-status").inner_text()
    # The words shown are the edition's, exactly (the quotation marks it prints, too).
    shown = first.locator(":scope > blockquote").text_content()
    assert " ".join(shown.replace(f"[your words: {CHANGED_WORD}]", "").replace("[the text has: ", "").replace("]", "").split()) == " ".join(_words(text))
    assert edition.issuer in first.locator(":scope > .chk-source").inner_text()


def test_a_2015_clause_the_revision_changed_says_so_and_links_to_the_change(page, site_url: str, corpus: Corpus) -> None:
    clause_id, text, index = quotable(corpus, "aspect-2015")
    check(page, site_url, as_a_trainer_would(text, index)[0])
    first = page.locator(".chk-match").first
    later = first.locator(".chk-later--changed")
    assert later.count() == 1
    said = later.inner_text()
    assert re.match(r"In ECS England: (reworded|renamed only|dropped|split|merged|regrouped)", said), said
    later.locator("a").click()
    page.wait_for_load_state()
    assert "/compare/aspect-2015--ecs-england/" in page.url
    assert page.locator(":target").count() == 1 and page.locator(":target").is_visible()


def test_unrelated_words_find_nothing(page, site_url: str) -> None:
    check(page, site_url, "The quick brown fox jumps over the lazy dog while the orchestra tunes up for the evening concert.")
    assert page.locator(".chk-match").count() == 0
    assert "Nothing in the edition matches" in page.locator(".chk-none").inner_text()
    assert page.locator("#chk-status").inner_text() == "No clause matches these words."


def test_a_quotation_across_two_clauses_and_one_with_an_ellipsis(page, site_url: str, corpus: Corpus) -> None:
    edition = corpus.edition("ecs-england")
    clauses = [c for c in edition.clauses() if len(_words(c.printed_words)) >= 16]
    one, two = next((a, b) for a, b in zip(list(edition.clauses()), list(edition.clauses())[1:]) if a in clauses and b in clauses)
    across = " ".join(_words(one.printed_words)[-8:] + _words(two.printed_words)[:8])
    check(page, site_url, across)
    heading = page.locator(".chk-match h2").first.inner_text()
    assert " and " in heading and heading.count("ECS England") == 2, heading
    assert "with no difference" in page.locator(".chk-match .chk-verdict").first.inner_text() or "are the text's words" in page.locator(".chk-match .chk-verdict").first.inner_text()

    long = max(edition.clauses(), key=lambda c: len(_words(c.printed_words)))
    words = _words(long.printed_words)
    check(page, site_url, " ".join(words[:10]) + " ... " + " ".join(words[-10:]))
    first = page.locator(".chk-match").first
    assert first.locator(".chk-links a").first.get_attribute("href").endswith(f"#{long.id}")
    assert first.locator("ins, del").count() == 0, "words left out with an ellipsis are not differences"
    assert first.locator(".chk-context").count() >= 1


def test_reader_text_stays_text_and_the_page_works_from_the_keyboard(page, site_url: str) -> None:
    page.goto(site_url + "check/")
    page.locator("#chk-text").focus()
    page.keyboard.type('<img src=x onerror="window.__ran=1"> advocate all elements of well-being')
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('chk-submit')")
    page.keyboard.press("Enter")
    page.locator("#chk-results .chk-match, #chk-results .chk-none").first.wait_for()
    assert page.locator("#chk-results img").count() == 0
    assert page.evaluate("window.__ran === undefined")
    assert page.locator("#chk-status").get_attribute("role") == "status"
    assert page.locator("#chk-status").inner_text().startswith("Found: ")
    shown = page.locator(".chk-match").first.locator("del.cmp-del").first.text_content()
    assert shown == '[your words: <img src=x onerror="window.__ran=1">]', "the reader's words, exactly, as text"


def test_the_check_page_with_results_passes_axe_in_both_schemes(browser, site_url: str, corpus: Corpus) -> None:
    axe = tool("axe-core/axe.min.js")
    clause_id, text, index = quotable(corpus, "aspect-2015")
    found = []
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        context.add_init_script(path=str(axe))
        tab = context.new_page()
        check(tab, site_url, as_a_trainer_would(text, index)[0])
        found += tab.evaluate(
            """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})
                .then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')))""",
            AXE_TAGS,
        )
        context.close()
    QUALITY["check a quotation"] = f"5 documents' clauses found from altered quotations; with results shown, axe in 2 schemes: {len(found)} violations"
    assert found == []


def test_home_and_every_reading_page_link_to_the_check(site_dir: Path, corpus: Corpus) -> None:
    assert 'href="check/"' in (site_dir / "index.html").read_text(encoding="utf-8")
    pages = [p for p in site_dir.glob("*/*/*/index.html") if "/compare/" not in str(p) and p.parent.name not in ("ledger", "witness")]
    assert len(pages) == sum(1 for _ in pages) and pages
    for path in pages:
        assert 'href="../../../check/"' in path.read_text(encoding="utf-8"), path


def test_a_long_passage_finds_the_run_of_clauses_it_quotes(page, site_url: str, corpus: Corpus) -> None:
    """Three hundred words, one in ten changed, as bench/check_page.py times them: the run of
    clauses they come from, from its first clause to its last."""
    clauses = [c for c in corpus.edition("ecs-england").clauses() if c.kind.value != "heading"][10:]
    words: list[str] = []
    taken = []
    for clause in clauses:
        words += _words(clause.printed_words)
        taken.append(clause)
        if len(words) >= 300:
            break
    words = [CHANGED_WORD if i % 10 == 5 else w for i, w in enumerate(words[:300])]
    check(page, site_url, " ".join(words))
    heading = page.locator(".chk-match h2").first.inner_text()
    assert heading.startswith(corpus.clause(taken[0].id)[0].short_name)
    first_link = page.locator(".chk-match").first.locator(".chk-links a").first.get_attribute("href")
    assert first_link.endswith(f"#{taken[0].id}"), heading
    assert page.locator(".chk-match").first.locator("del.cmp-del", has_text=CHANGED_WORD).count() == 30
