"""The navigation of a corpus of many works: grouped, so that no page carries one entry per work.

Up to NAV_WORKS_AT_TOP works, each is an entry of the navigation's top level (the real corpus has
four). Beyond that, the works go in title order into groups of at most NAV_GROUP, each named by the
titles it runs from and to; every work is in exactly one group. A group's name is made of titles,
which are untrusted text: in the built site (both engines, in the browser) it is text, exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI, ROOT, served
from edition.pages.reading import NAV_GROUP, NAV_WORKS_AT_TOP
from edition.pipeline import generate
from test_build import fixture_project, site_build

HOSTILE = '<b id="hostile">Work</b> & "co" <script>document.title="x"</script>'


def _with_works(root: Path, titles: list[str]) -> Path:
    """The mini corpus with a work (of no edition yet) for each of `titles`, listed after it."""
    listed = []
    for n, title in enumerate(titles):
        work = root / "sources" / "works" / f"extra-{n}"
        work.mkdir()
        quoted = title.replace("\\", "\\\\").replace('"', '\\"')
        (work / "work.yaml").write_text(f'id: extra-{n}\ntitle: "{quoted}"\ndescription: A work.\neditions: []\n', encoding="utf-8")
        listed.append(f"  - extra-{n}\n")
    corpus = root / "sources" / "corpus.yaml"
    corpus.write_text(corpus.read_text(encoding="utf-8") + "".join(listed), encoding="utf-8")
    return root


def _top_level_works(nav) -> list:
    return [node for node in nav if node.title not in ("Home", "Themes", "Glossary", "Check a quotation", "About this edition", "The edition as data")]


def test_up_to_the_bound_each_work_is_at_the_top(tmp_path: Path) -> None:
    root = fixture_project(tmp_path / "project", MINI / "sources")
    works = len(generate(root).corpus.works)
    _with_works(root, [f"Work {n}" for n in range(NAV_WORKS_AT_TOP - works)])
    generated = generate(root)
    assert len(generated.corpus.works) == NAV_WORKS_AT_TOP
    assert [n.title for n in _top_level_works(generated.site.nav)] == [w.title for w in generated.corpus.works]


def test_beyond_it_works_are_grouped_in_title_order_each_once(tmp_path: Path) -> None:
    root = fixture_project(tmp_path / "project", MINI / "sources")
    titles = [f"Work {n}" for n in (10, 2, 1, 33, 9, 4, 21, 3, 11, 5, 7, 8, 6, 12, 40, 13, 14)] + ["work 2"]
    _with_works(root, titles)
    generated = generate(root)
    groups = _top_level_works(generated.site.nav)
    assert all(group.url is None for group in groups), "a group is a heading, not a page"
    members = [work for group in groups for work in group.children]
    assert sorted(w.url for w in members) == sorted(f"{w.id}/" for w in generated.corpus.works), "every work exactly once"
    assert all(len(group.children) <= NAV_GROUP for group in groups)
    assert len(groups) == -(-len(members) // NAV_GROUP), "no more groups than the bound needs"
    in_order = [w.title for w in members]
    numbers = [int(t.split()[-1]) for t in in_order if t.startswith("Work ")]
    assert numbers == sorted(numbers), f"numbers by value: {in_order}"
    assert in_order.index("work 2") == in_order.index("Work 2") + 1, "case aside, ties in the corpus's order"
    for group in groups:
        assert group.title == f"{group.children[0].title} – {group.children[-1].title}"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_groups_name_is_text_in_the_built_navigation(tmp_path: Path, engine: str, page) -> None:
    root = fixture_project(tmp_path / "project", MINI / "sources")
    _with_works(root, [f"{HOSTILE} {n}" for n in range(NAV_WORKS_AT_TOP + 2)])
    site = tmp_path / "site"
    result = site_build(root, site, engine, ZENSICAL=str(ROOT / ".venv-zensical" / "bin" / "zensical"))
    assert result.returncode == 0, result.stderr
    expected = {g.title for g in _top_level_works(generate(root).site.nav)}
    assert len(expected) == 2 and all(HOSTILE in title for title in expected)
    with served(site) as url:
        page.goto(f"{url}/extra-0/")
        shown = set(page.locator(".md-nav__item--nested > .md-nav__link, .md-nav__item--nested > label.md-nav__link").all_inner_texts())
        assert expected <= {" ".join(text.split()) for text in shown} | shown, shown
        assert page.locator("#hostile").count() == 0
        assert page.title() != "x"
