"""Each clause's margin on the reading pages (templates/_reading.html, issue 23): its citation, always
shown, and one control (a <details>) that opens its tools. Checked in Chromium at a phone's width
and a desktop's: every control the keyboard reaches in the text and its margins is visible, not
covered, in the viewport and marked as focused; closed tools take no focus; on a phone a closed
margin is one line; the keyboard opens and closes the tools; the two links (this edition's, the
current text's) copy what they are; on paper the citation stays and the tools go."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import tool

PRINCIPLE = "six-core-principles/aspect-2015/a15-p2/"  # paragraphs and a list of short items; a superseded edition
CURRENT = "six-core-principles/ecs-england/ecs-p2/"  # the same, in the current edition
LETTERED = "aewm-code/aewm-2019/aewm-practice/"  # headings and lettered items, with long citations
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
WIDTHS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]

# What the focused element is and whether the reader can see it there.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const clause = el.closest('.ed-clause');
  return {
    what: `${clause ? '#' + clause.id + ' ' : ''}${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 50)}"`,
    inText: !!el.closest('.ed-text'),
    inMargin: !!el.closest('.ed-side'),
    closedSummary: el.matches('details.ed-more:not([open]) > summary'),
    visible: el.checkVisibility({opacityProperty: true, visibilityProperty: true}) && r.width > 0 && r.height > 0,
    inViewport: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5,
    uncovered: !!hit && (hit === el || el.contains(hit)),
    hit: hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')}` : null,
    indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none',
  };
}"""


def _open(browser, options: dict, url: str, **extra):
    context = browser.new_context(**options, **extra)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("options", WIDTHS)
@pytest.mark.parametrize("path", [PRINCIPLE, LETTERED])
def test_every_control_the_keyboard_reaches_in_the_text_and_its_margins_is_seen(browser, site_url: str, options: dict, path: str) -> None:
    """Tab from the context line to the end of the text, opening every clause's tools on the way
    (Enter on its control): each focused element is visible, uncovered, in the viewport and outlined."""
    page = _open(browser, options, site_url + path)
    clauses = page.locator(".ed-text .ed-clause").count()
    page.focus(".ed-context a")
    seen: list[dict] = []
    opened = 0
    for _ in range(40 * clauses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if not focused["inText"]:
            if seen:
                break  # out of the text again, after it
            continue
        seen.append(focused)
        if focused["closedSummary"]:
            page.keyboard.press("Enter")
            opened += 1
    page.context.close()
    assert opened == clauses, f"{opened} clauses' tools opened by keyboard of {clauses}"
    margin = [f for f in seen if f["inMargin"]]
    assert len(margin) >= clauses * 4, f"only {len(margin)} controls in the margins of {clauses} clauses"
    for check in ("visible", "uncovered", "inViewport", "indicator"):
        failing = [f"{f['what']} (under {f['hit']})" for f in seen if not f[check]]
        assert failing == [], f"/{path}: focused but not {check}: " + "; ".join(failing[:8])


@pytest.mark.parametrize("options", WIDTHS)
def test_closed_tools_take_no_focus(browser, site_url: str, options: dict) -> None:
    page = _open(browser, options, site_url + PRINCIPLE)
    taken = page.evaluate(
        """() => [...document.querySelectorAll('details.ed-more:not([open]) .ed-more-body :is(a, button)')].filter(el => {
            el.focus();
            return document.activeElement === el;
        }).map(el => el.closest('.ed-clause').id + ' ' + el.textContent.trim())"""
    )
    controls = page.locator("details.ed-more .ed-more-body :is(a, button)").count()
    # From a clause's control, Tab goes on to the next clause, not into the closed tools.
    page.focus("#a15-p2-4 details.ed-more > summary")
    page.keyboard.press("Tab")
    after = page.evaluate("[document.activeElement.closest('.ed-clause').id, document.activeElement.classList.contains('ed-self')]")
    page.context.close()
    assert controls > 50 and taken == []
    assert after == ["a15-p2-5", True]


@pytest.mark.parametrize("options", WIDTHS)
def test_the_keyboard_opens_and_closes_a_clauses_tools(browser, site_url: str, options: dict) -> None:
    page = _open(browser, options, site_url + PRINCIPLE)
    clause = page.locator("#a15-p2-4")
    tools = clause.locator("details.ed-more")
    summary = tools.locator("summary")
    controls = {
        "copy": clause.locator("button.ed-copy--cite"),
        "this edition": clause.locator("a.ed-this"),
        "current": clause.locator("a.ed-current"),
        "copy current": clause.locator("button.ed-copy--current"),
        "reference": clause.locator("button.ed-copy--entry"),
        "handout": clause.locator("a.ed-handout"),
        "counterpart": clause.locator(".ed-cross a").first,
        "history": clause.locator("a.ed-history"),
        "themes": clause.locator(".ed-themes-of a").first,
    }
    assert summary.get_attribute("class") == "ed-more-toggle" and "Aspect 2015, Principle 2 ¶4" in summary.text_content()
    assert not any(c.is_visible() for c in controls.values()), "closed, the tools are not shown"
    page.focus("#a15-p2-4 .ed-self")
    page.keyboard.press("Tab")
    assert summary.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert tools.evaluate("el => el.open")
    hidden = [name for name, control in controls.items() if not control.is_visible()]
    assert hidden == [], f"open, the tools do not show {hidden}"
    assert controls["current"].get_attribute("href") == "../../current/#p2-4"
    assert controls["history"].get_attribute("href") == "../../history/#p2-4"
    # A second activation (Space) closes them.
    page.keyboard.press("Space")
    assert not tools.evaluate("el => el.open") and not controls["copy"].is_visible()
    # Escape, from inside the tools, closes them and leaves the focus on their control.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert controls["this edition"].evaluate("el => el === document.activeElement")
    page.keyboard.press("Escape")
    assert not tools.evaluate("el => el.open")
    assert summary.evaluate("el => el === document.activeElement")
    page.context.close()


@pytest.mark.parametrize("path", [PRINCIPLE, CURRENT, LETTERED])
def test_on_a_phone_a_closed_margin_is_one_line_under_its_clause(browser, site_url: str, path: str) -> None:
    """The citation, its end always shown, and the control on one line (as tall as the control's
    44 px target) under the clause's words."""
    page = _open(browser, PHONE, site_url + path)
    margins = page.evaluate(
        """() => [...document.querySelectorAll('.ed-text .ed-clause')].map(clause => {
            const side = clause.querySelector('.ed-side');
            const words = clause.querySelector(':scope > .ed-words').getBoundingClientRect();
            const cite = side.querySelector('.ed-cite').getBoundingClientRect();
            const tail = side.querySelector('.ed-cite-tail').getBoundingClientRect();
            const toggle = side.querySelector('summary').getBoundingClientRect();
            const box = side.getBoundingClientRect();
            return {id: clause.id, height: box.height, top: box.top, wordsBottom: words.bottom,
                    line: parseFloat(getComputedStyle(side).lineHeight), citeHeight: cite.height,
                    tailShown: tail.width > 0 && tail.right <= cite.right + 0.5 && tail.right <= toggle.left,
                    sameLine: Math.abs((cite.top + cite.bottom) / 2 - (toggle.top + toggle.bottom) / 2) < 4};
        })"""
    )
    page.context.close()
    assert len(margins) >= 10
    for m in margins:
        assert m["height"] <= max(44, 1.5 * m["line"]) + 1, f"{m['id']}: a margin {m['height']} px tall"
        assert m["citeHeight"] <= 1.5 * m["line"], f"{m['id']}: the citation takes more than one line"
        assert m["sameLine"] and m["tailShown"], m
        assert m["top"] >= m["wordsBottom"] - 1, f"{m['id']}: the margin is not under the words"


@pytest.mark.parametrize("path", [PRINCIPLE, CURRENT, LETTERED])
def test_on_a_desktop_the_margin_stands_beside_the_text_unclipped(browser, site_url: str, path: str) -> None:
    page = _open(browser, DESKTOP, site_url + path)
    margins = page.evaluate(
        """() => [...document.querySelectorAll('.ed-text .ed-clause')].map(clause => {
            const side = clause.querySelector('.ed-side');
            const words = clause.querySelector(':scope > .ed-words').getBoundingClientRect();
            const box = side.getBoundingClientRect();
            const clipped = [side, ...side.querySelectorAll(':not(.ed-vh)')].some(el =>
                el.checkVisibility() && el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== 'visible');
            const item = clause.matches('.ed-list > li') ? clause.getBoundingClientRect() : null;
            return {id: clause.id, beside: box.left >= words.right, top: box.top - words.top, clipped,
                    inside: !item || (box.bottom <= item.bottom + 0.5), overflow: side.scrollWidth > side.clientWidth + 1};
        })"""
    )
    page.context.close()
    assert len(margins) >= 10
    for m in margins:
        assert m["beside"] and abs(m["top"]) < 12, m
        assert not m["clipped"] and not m["overflow"] and m["inside"], m


def test_the_two_links_copy_what_they_are(browser, site_url: str) -> None:
    """This edition's link copies its citation and document; the current text's link copies the
    undated address with words that say it is the current text's."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def copy(clause: str, button: str) -> str:
        if not page.locator(f"#{clause} details.ed-more").evaluate("el => el.open"):
            page.locator(f"#{clause} details.ed-more > summary").click()
        page.locator(f"#{clause} button.{button}").click()
        return page.evaluate("navigator.clipboard.readText()")

    page.goto(site_url + CURRENT)
    assert copy("ecs-p2-7", "ed-copy--current") == f"Six Core Principles, Principle 2 ¶7 (current text): {site_url}six-core-principles/current/#p2-7"
    edition = copy("ecs-p2-7", "ed-copy--cite")
    assert edition.startswith("ECS England, Principle 2 ¶7, Six Core Principles for Professionals")
    assert edition.endswith(f"{site_url}{CURRENT}#ecs-p2-7")
    assert "Copied" in page.locator("[role=status]").text_content()
    # In a superseded edition the place is its own: the words say which edition numbers it so.
    page.goto(site_url + PRINCIPLE)
    assert copy("a15-p2-4", "ed-copy--current") == (
        f"Six Core Principles, Principle 2 ¶4 in Aspect 2015 (current text): {site_url}six-core-principles/current/#p2-4"
    )
    # The ¶ beside a clause is this edition's link; the tools name both kinds.
    names = page.locator("#a15-p2-4").evaluate(
        """c => [c.querySelector('.ed-self').textContent, c.querySelector('.ed-this').textContent, c.querySelector('.ed-current').textContent]"""
    )
    context.close()
    assert names[0] == "¶Link to this list item"
    assert names[1].startswith("Link to this edition") and names[2].startswith("Link to the current text")


def test_on_paper_each_clause_keeps_its_citation_and_no_tools(browser, site_url: str, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs Debian's poppler-utils")
    page = browser.new_page()
    page.goto(site_url + CURRENT)
    citations = page.eval_on_selector_all(".ed-text .ed-clause .ed-cite-text", "els => els.map(e => e.textContent)")
    page.pdf(path=str(tmp_path / "page.pdf"), format="A4")
    page.context.close()
    # Read in blocks (no -layout): the margin's lines come out together, not interleaved with the text's.
    text = subprocess.run(["pdftotext", str(tmp_path / "page.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert len(citations) >= 12
    for citation in citations:
        assert citation in flat, f"{citation} not on paper"
    for tool_word in ("Cite, compare", "Copy", "Link to the current text", "Handout", "Changes over time", "Themes:"):
        assert tool_word not in flat, f"{tool_word!r} printed"


@pytest.mark.parametrize("options", WIDTHS)
def test_margins_pass_axe_with_their_tools_open(browser, site_url: str, options: dict) -> None:
    """As tests/test_quality.py runs axe, on reading pages with every clause's tools open, in both schemes."""
    axe = tool("axe-core/axe.min.js")
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
    violations: list[str] = []
    for scheme in ("light", "dark"):
        context = browser.new_context(**options, color_scheme=scheme)
        context.add_init_script(path=str(axe))
        page = context.new_page()
        for path in (PRINCIPLE, LETTERED):
            page.goto(site_url + path)
            page.evaluate("document.querySelectorAll('details.ed-more').forEach(d => { d.open = true; })")
            found = page.evaluate(
                """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})
                    .then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')))""",
                tags,
            )
            violations += [f"{scheme} {path}: {v}" for v in found]
        context.close()
    assert violations == [], "\n".join(violations[:20])

