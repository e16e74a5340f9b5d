"""Hostile text through the whole pipeline: YAML source -> loader -> fidelity -> pages -> MkDocs ->
browser. Generated clause text (HTML and <script>, Markdown, CriticMarkup, YAML-significant
characters, unusual Unicode) must come out on the page exactly as written, and create no element.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import QUALITY, ROOT
from edition.errors import SourceError
from edition.loader import load_corpus
from edition.yamlsource import forbidden_character

# Any character a source may hold (the loader refuses tabs, control characters, noncharacters).
CHARACTER = st.characters(blacklist_categories=("Cs", "Cn", "Cc"), blacklist_characters="\t\r\ufeff")
TEXT = st.text(CHARACTER, min_size=1, max_size=60).filter(lambda t: t.split() and not forbidden(t))
SLOTS = ("heading", "paragraph", "label", "term", "quote")
RUNS = {"cases": 0, "texts": 0}

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)> & &amp; &lt;b&gt;",
    "{++added++} {--removed--} {~~old~>new~~} {==marked==} {>>comment<<}",
    "**bold** _em_ `code` [link](http://example.org) <http://example.org> # not a heading",
    "--8<-- \"README.md\" *[HTML]: Hyper Text $$x^2$$ {: .evil #id } :smile: ==mark== ^^ins^^ ~~del~~",
    "key: value # comment | > - [a, b] {c: d} &anchor *alias !!tag '' \"\" %YAML ---",
    "\u202eRTL override\u202c e\u0301\u0301 \U0001f469\u200d\U0001f4bb \u00a0nbsp\u2003em-space \u3000 \U00010348",
    "</div></article><h1>out</h1><!-- comment --> ]]> <![CDATA[x]]>",
]


def forbidden(text: str) -> bool:
    return any(forbidden_character(ch) for ch in text)


def shown(text: str) -> str:
    """What the page must show: the source format collapses runs of spaces and line breaks."""
    return re.sub(r"[ \n]+", " ", text).strip(" ")


def yaml_string(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar; non-ASCII is written as itself.
    return json.dumps(text, ensure_ascii=False)


def write_project(root: Path, texts: dict[str, str]) -> None:
    """A one-edition corpus whose clauses hold the texts, with a witness printing them."""
    for name in ("mkdocs.yml", "scripts", "overrides"):
        source = ROOT / name
        (shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__")) if source.is_dir() else shutil.copy2(source, root / name))
    (root / "docs" / "assets").mkdir(parents=True)
    for asset in (ROOT / "docs" / "assets").iterdir():
        shutil.copy2(asset, root / "docs" / "assets" / asset.name)
    (root / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    (root / "docs" / "api.md").write_text("# Data\n", encoding="utf-8")
    sources = root / "sources"
    (sources / "works" / "w" / "e").mkdir(parents=True)
    (sources / "witnesses").mkdir()
    shutil.copytree(ROOT / "sources" / "schema", sources / "schema")
    lines = [shown(texts["heading"]), shown(texts["paragraph"]), f"{shown(texts['label'])} item",
             f"{shown(texts['term'])} term text", shown(texts["quote"])]
    witness = "\n".join(lines) + "\n"
    (sources / "witnesses" / "w.txt").write_text(witness, encoding="utf-8")
    digest = hashlib.sha256(witness.encode("utf-8")).hexdigest()
    (sources / "witnesses" / "witnesses.yaml").write_text(
        f"witnesses:\n  - id: w1\n    file: w.txt\n    sha256: {digest}\n    what: Hostile text.\n    issuer: Tests\n"
        "    date_as_given: none\n    origin: Generated.\n    conversion: None.\n", encoding="utf-8")
    (sources / "corpus.yaml").write_text("works:\n  - w\n", encoding="utf-8")
    (sources / "works" / "w" / "work.yaml").write_text("id: w\ntitle: Hostile\ndescription: Generated text.\neditions:\n  - e\n", encoding="utf-8")
    (sources / "works" / "w" / "e" / "edition.yaml").write_text(
        "id: e\nshort_name: Hostile\ntitle: Hostile\nissuer: Tests\nedition:\n  basis: not-stated\n  note: Test.\n"
        "date:\n  basis: not-stated\n  note: Test.\njurisdiction:\n  basis: not-stated\n  note: Test.\n"
        "licence:\n  status: none-stated\nwitness: w1\ncontents:\n  - text.yaml\n", encoding="utf-8")
    (sources / "works" / "w" / "e" / "text.yaml").write_text(
        "id: hostile\nkind: section\ntitle: Text\nclauses:\n"
        f"  - id: h-heading\n    kind: heading\n    text: {yaml_string(texts['heading'])}\n"
        f"  - id: h-paragraph\n    kind: paragraph\n    text: {yaml_string(texts['paragraph'])}\n"
        f"  - id: h-label\n    kind: item\n    label: {yaml_string(texts['label'])}\n    text: item\n"
        f"  - id: h-term\n    kind: paragraph\n    term: {yaml_string(texts['term'])}\n    text: term text\n"
        f"  - id: h-quote\n    kind: quote\n    text: {yaml_string(texts['quote'])}\n", encoding="utf-8")


SHOWN_JS = """(ids) => ids.map(id => {
    const el = document.getElementById(id);
    const words = el.querySelector('.ed-words');
    const walker = document.createTreeWalker(words, NodeFilter.SHOW_TEXT);
    let text = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest('.editorial')) text += n.nodeValue;
    const made = [...words.querySelectorAll('*')].filter(e => !e.matches('.ed-label, .ed-term, .ed-abbr, .editorial, .editorial *, blockquote.ed-words > p'));
    return {text, made: made.map(e => e.outerHTML)};
})"""


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(texts=dict(zip(SLOTS, HOSTILE[:5])))
@example(texts=dict(zip(SLOTS, HOSTILE[3:] + HOSTILE[:2])))
@given(texts=st.fixed_dictionaries({slot: TEXT for slot in SLOTS}))
def test_hostile_text_is_shown_exactly_and_creates_no_element(texts: dict[str, str], tmp_path_factory, browser) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("hostile")
    write_project(root, texts)
    corpus = load_corpus(root)  # the loader keeps the text as written (spacing rule aside)
    clauses = {c.id: c for c in corpus.edition("e").clauses()}
    assert clauses["h-paragraph"].text == shown(texts["paragraph"])
    assert clauses["h-label"].label == shown(texts["label"]) and clauses["h-term"].term == shown(texts["term"])

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    build(config)
    html = (root / "site" / "w" / "e" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert html.count("<script") == (ROOT / "site" / "glossary" / "index.html").read_text(encoding="utf-8").count("<script")
    page = browser.new_page()
    page.goto((root / "site" / "w" / "e" / "hostile" / "index.html").as_uri())
    got = page.evaluate(SHOWN_JS, ["h-heading", "h-paragraph", "h-label", "h-term", "h-quote"])
    page.close()
    expected = [shown(texts["heading"]), shown(texts["paragraph"]), f"{shown(texts['label'])} item",
                f"{shown(texts['term'])} term text", shown(texts["quote"])]
    for slot, result, want in zip(SLOTS, got, expected):
        assert result["text"] == want, slot
        assert result["made"] == [], slot
    api = json.loads((root / "site" / "api" / "v1" / "clauses.json").read_text(encoding="utf-8"))
    assert [c["text"] for c in api["clauses"]] == expected
    RUNS["cases"] += 1
    RUNS["texts"] += len(SLOTS)
    QUALITY["hostile text"] = f"{RUNS['cases']} generated corpora, {RUNS['texts']} hostile texts, each shown exactly and creating no element"


@pytest.mark.parametrize("bad", ["a\tb", "a\x00b", "a\x1bb", "a\ufeffb", "a\ufffeb", "\u0085"])
def test_characters_no_printed_text_holds_are_refused_with_their_place(bad: str, tmp_path: Path) -> None:
    write_project(tmp_path, dict.fromkeys(SLOTS, "safe"))
    path = tmp_path / "sources" / "works" / "w" / "e" / "text.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"safe"', json.dumps("safe" + bad, ensure_ascii=False), 1), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_corpus(tmp_path)
    # Written raw, the file holds the character; written as a YAML escape, the value does.
    assert re.match(r"sources/works/w/e/text\.yaml:7: (clauses\[0\]\.text: )?contains a", str(caught.value)), str(caught.value)
