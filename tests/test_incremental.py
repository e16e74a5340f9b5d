"""A preview's regeneration (`make serve`, keep.py) makes the same site as a cold build.

A project is edited as an editor would, one change after another: a word, a clause added, a clause
moved, a rename declared, a glossary entry (read by every work), and two editions imported. After
each, the site regenerated with what was kept from the run before is compared with a cold one:
the same pages, files, navigation and search entries, and the same docs tree, byte for byte (the
docs tree is what the engine builds from; the engine itself is deterministic: test_build). And a
kept part that was tampered with is never reused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import subprocess
import sys
import os
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import MINI, ROOT
from edition.docs_tree import write_docs_tree
from edition.engine import with_search
from edition.keep import Kept
from edition.pipeline import generate
from test_build import fixture_project

IMPORTS = ROOT / "tests" / "fixtures" / "import"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = fixture_project(tmp_path / "project", MINI / "sources")
    work = root / "sources" / "works" / "guide"
    work.mkdir()
    (work / "work.yaml").write_text("id: guide\ntitle: Guiding Principles\ndescription: A second work.\neditions: []\n", encoding="utf-8")
    corpus = root / "sources" / "corpus.yaml"
    corpus.write_text(corpus.read_text(encoding="utf-8") + "  - guide\n", encoding="utf-8")
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def witness_edited(root: Path, name: str, old: str, new: str) -> None:
    """The witness text changes and its checksum in witnesses.yaml follows, as an editor does."""
    witness = root / "sources" / "witnesses" / name
    replace_in(witness, old, new)
    digest = hashlib.sha256(witness.read_bytes()).hexdigest()
    listing = root / "sources" / "witnesses" / "witnesses.yaml"
    text = listing.read_text(encoding="utf-8")
    listing.write_text(re.sub(rf"(file: {re.escape(name)}\n\s+sha256: )[0-9a-f]{{64}}", lambda m: m.group(1) + digest, text), encoding="utf-8")


def imported(root: Path, witness: str, edition: str, compare: str | None = None) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    command = [sys.executable, "-m", "edition", "import", "--witness", str(IMPORTS / witness), "--work", "guide", "--edition", edition]
    result = subprocess.run(command + (["--compare", compare] if compare else []) + ["--root", str(root)],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr


TEXT = Path("sources/works/code/new/text.yaml")
WORK = Path("sources/works/code/work.yaml")


def a_word(root: Path) -> None:
    witness_edited(root, "new.txt", "integrity and care", "honesty and care")
    replace_in(root / TEXT, "Associates act with integrity and care.", "Associates act with honesty and care.")


def a_clause_added(root: Path) -> None:
    witness_edited(root, "new.txt", "- 3 Associates use social media responsibly.\n", "- 3 Associates use social media responsibly.\n- 4 Associates report concerns.\n")
    replace_in(root / TEXT, "    text: Associates use social media responsibly.\n",
               "    text: Associates use social media responsibly.\n  - id: new-4\n    kind: item\n    label: \"4\"\n    align: item-4\n    text: Associates report concerns.\n")
    replace_in(root / TEXT, "    lines: 7\n", "    lines: 8\n")  # the footnote, a line further down
    replace_in(root / WORK, "    added:\n      - item-3\n", "    added:\n      - item-3\n      - item-4\n")


def a_clause_moved(root: Path) -> None:
    """Item 3 printed before item 1, in the witness and in the YAML."""
    witness_edited(root, "new.txt", "- 1 Associates act with honesty and care.\n", "- 3 Associates use social media responsibly.\n- 1 Associates act with honesty and care.\n")
    witness_edited(root, "new.txt", "confidential¹.\n- 3 Associates use social media responsibly.\n", "confidential¹.\n")
    text = (root / TEXT).read_text(encoding="utf-8")
    item3 = re.search(r"  - id: new-3\n(?:    .*\n)+?(?=  - id:|footnotes:)", text).group(0)
    text = text.replace(item3, "")
    (root / TEXT).write_text(text.replace("  - id: new-1\n", item3 + "  - id: new-1\n", 1), encoding="utf-8")


def a_rename_declared(root: Path) -> None:
    replace_in(root / WORK, "    renames:\n", "    renames:\n      - from: integrity\n        to: honesty\n        kind: substitution\n        note: The second edition says honesty.\n")


def a_glossary_entry(root: Path) -> None:
    glossary = root / "sources" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    changed = re.sub(r"(expansion: )(.*)", lambda m: m.group(1) + m.group(2) + " (as defined)", text, count=1)
    assert changed != text
    glossary.write_text(changed, encoding="utf-8")


def a_theme_defined(root: Path) -> None:
    """Read by the theme pages alone: each work's part holds the themes' names only."""
    replace_in(root / "sources/themes.yaml", "definition: Acting honestly and fairly.", "definition: Acting honestly, fairly and openly.")


def a_theme_renamed(root: Path) -> None:
    replace_in(root / "sources/themes.yaml", "name: Integrity", "name: Integrity and honesty")


def a_witness_described(root: Path) -> None:
    """Only the list of witnesses changes: what the second edition's witness is."""
    replace_in(root / "sources/witnesses/witnesses.yaml", "what: The mini code, second edition (a test fixture).",
               "what: The mini code, second edition as received (a test fixture).")


EDITS = [
    ("a witness described", a_witness_described),
    ("a word", a_word),
    ("a clause added", a_clause_added),
    ("a clause moved", a_clause_moved),
    ("a rename declared", a_rename_declared),
    ("a glossary entry", a_glossary_entry),
    ("a theme's definition", a_theme_defined),
    ("a theme renamed", a_theme_renamed),
    ("an edition imported", lambda root: imported(root, "guide-2020.txt", "guide-2020")),
    ("a second edition imported", lambda root: imported(root, "guide-2024.txt", "guide-2024", "guide-2020")),
]


@pytest.fixture
def kept_with_import(project: Path) -> Kept:
    """What a preview keeps after regenerating `project` with the guide's first edition imported
    (two works, each with editions)."""
    imported(project, "guide-2020.txt", "guide-2020")
    kept = Kept()
    generate(project, kept=kept)
    return kept


def tree_bytes(tree: Path) -> dict[str, bytes]:
    return {p.relative_to(tree).as_posix(): p.read_bytes() for p in sorted(tree.rglob("*")) if p.is_file()}


def test_after_every_edit_the_regenerated_site_is_the_cold_site(project: Path, tmp_path: Path) -> None:
    kept = Kept()
    kept_tree = tmp_path / "kept-tree"
    generated = generate(project, kept=kept)
    write_docs_tree(generated.site, project, kept_tree, "mkdocs", generated.docs)
    for name, edit in EDITS:
        edit(project)
        regenerated = generate(project, kept=kept)
        cold = generate(project)
        assert regenerated.site == cold.site, f"after {name}, the regenerated site differs from the cold one"
        assert len(kept.parts) == len(cold.corpus.works), "one kept part per work, no more"
        write_docs_tree(regenerated.site, project, kept_tree, "mkdocs", regenerated.docs)  # in place, as a preview does
        cold_tree = tmp_path / f"cold-{len(name)}-{name.replace(' ', '-')}"
        write_docs_tree(cold.site, project, cold_tree, "mkdocs", cold.docs)
        assert tree_bytes(kept_tree) == tree_bytes(cold_tree), f"after {name}, the docs trees differ"
    # The search index: kept under its entries, made anew when they change, the same as a cold one.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    searched = with_search(regenerated, project, scratch, kept)
    assert searched.site.files == with_search(cold, project, scratch).site.files
    # The edits were real: the word, the clause, the rename and both editions are in the site.
    texts = "".join(str(p.body) for p in cold.site.pages)
    assert "honesty and care" in texts and "Associates report concerns." in texts
    assert any(p.url.startswith("guide/compare/guide-2020--guide-2024/") for p in cold.site.pages)


def test_an_unchanged_work_is_not_made_again_and_a_changed_one_is(project: Path) -> None:
    """What is kept is used: a word edited in one work leaves the other's part as it was."""
    imported(project, "guide-2020.txt", "guide-2020")
    kept = Kept()
    generate(project, kept=kept)
    before = {work: entry.part for work, entry in kept.parts.items()}
    a_word(project)
    generate(project, kept=kept)
    assert kept.parts["guide"].part is before["guide"]
    assert kept.parts["code"].part is not before["code"]


def tampered(part, what: str):
    pages = part.pages
    if what == "a page's words":
        page = pages.reading[1]
        body = Markup(str(page.body).replace("Associates", "Members", 1))
        return dataclasses.replace(part, pages=dataclasses.replace(pages, reading=(pages.reading[0], dataclasses.replace(page, body=body), *pages.reading[2:])))
    if what == "a page lost":
        return dataclasses.replace(part, pages=dataclasses.replace(pages, comparison=pages.comparison[:-1]))
    if what == "a file's bytes":
        api = pages.api
        return dataclasses.replace(part, pages=dataclasses.replace(pages, api=dataclasses.replace(api, work_tei=dataclasses.replace(api.work_tei, content=b"<TEI/>"))))
    raise ValueError(what)


@pytest.mark.parametrize("what", ["a page's words", "a page lost", "a file's bytes", "another work's part", "the fingerprint"])
def test_a_tampered_kept_part_is_never_reused(project: Path, kept_with_import: Kept, what: str) -> None:
    kept = kept_with_import
    entry = kept.parts["code"]
    if what == "another work's part":
        entry.part = kept.parts["guide"].part
        entry.fingerprint = kept.parts["guide"].fingerprint
        entry.key = kept.parts["code"].key
    elif what == "the fingerprint":
        entry.fingerprint = "0" * 64
        entry.part = tampered(entry.part, "a page's words")
    else:
        entry.part = tampered(entry.part, what)
    regenerated = generate(project, kept=kept)
    assert regenerated.site == generate(project).site


def test_a_tampered_search_index_is_never_reused(project: Path, tmp_path: Path) -> None:
    kept = Kept()
    generated = generate(project, kept=kept)
    with_search(generated, project, tmp_path, kept)
    entry = kept.index["search"]
    entry.part = tuple(dataclasses.replace(f, content=b"") if f.path.endswith(".pf_meta") else f for f in entry.part)
    assert any(not f.content for f in entry.part), "the index has a meta file to tamper with"
    assert with_search(generated, project, tmp_path, kept).site.files == with_search(generated, project, tmp_path).site.files


def test_a_work_is_loaded_again_only_when_something_it_reads_changed(project: Path) -> None:
    kept = Kept()
    generate(project, kept=kept)
    loaded = {work: entry.part for work, entry in kept.loaded.items()}
    a_word(project)  # the code's section, its witness, and that witness's entry in witnesses.yaml
    generate(project, kept=kept)
    assert kept.loaded["guide"].part is loaded["guide"]
    assert kept.loaded["code"].part is not loaded["code"]
    themes = project / "sources" / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("themes:\n", "themes:\n  - id: added\n    name: Added\n    definition: A theme no clause has yet.\n", 1), encoding="utf-8")
    generate(project, kept=kept)  # the theme ids are read by every work
    assert kept.loaded["guide"].part is not loaded["guide"]


@pytest.mark.parametrize("what", ["its words", "its claims", "another work's"])
def test_a_tampered_kept_work_is_never_reused(project: Path, kept_with_import: Kept, what: str) -> None:
    kept = kept_with_import
    entry = kept.loaded["code"]
    if what == "its words":
        entry.part = dataclasses.replace(entry.part, work=dataclasses.replace(entry.part.work, description="Tampered."))
    elif what == "its claims":
        entry.part = dataclasses.replace(entry.part, claims=entry.part.claims[1:])
    else:
        entry.part, entry.fingerprint = kept.loaded["guide"].part, kept.loaded["guide"].fingerprint
    tampered_work = entry.part
    a_glossary_entry(project)  # read by every work's part, not by any work's load: each part is made again
    assert generate(project, kept=kept).site == generate(project).site
    assert kept.loaded["code"].part is not tampered_work


@pytest.mark.parametrize("where", ["the changed work", "the kept work"])
def test_an_id_clashing_with_a_kept_work_is_refused_as_a_build_refuses_it(project: Path, kept_with_import: Kept, where: str) -> None:
    """A kept work's ids are claimed again in the corpus, in a build's order: a new clash with one
    of them is refused with the build's own message, naming the same file, line and field, whether
    the error falls in the work just changed or in the kept one loaded after it."""
    from edition.errors import SourceError

    kept = kept_with_import
    guide = sorted(p for p in (project / "sources/works/guide/guide-2020").glob("*.yaml") if p.name not in ("edition.yaml", "ledger.yaml", "review.yaml"))[0]
    guide_id = re.search(r"^id: (\S+)$", guide.read_text(encoding="utf-8"), re.M).group(1)
    if where == "the changed work":  # the guide, loaded after the code, takes an id of the code's
        replace_in(guide, f"id: {guide_id}\n", "id: new-1\n")
        clash = "new-1"
    else:  # the code, loaded first, takes an id of the kept guide's
        replace_in(project / TEXT, "  - id: new-1\n", f"  - id: {guide_id}\n")
        clash = guide_id
    with pytest.raises(SourceError) as cold:
        generate(project)
    with pytest.raises(SourceError) as regenerated:
        generate(project, kept=kept)
    assert f"duplicate id '{clash}'" in str(cold.value) and "guide" in cold.value.place.path
    assert str(regenerated.value) == str(cold.value)


def test_a_themes_definition_remakes_no_work_and_its_name_every_work(project: Path) -> None:
    kept = Kept()
    generate(project, kept=kept)
    parts = {work: entry.part for work, entry in kept.parts.items()}
    a_theme_defined(project)
    site = generate(project, kept=kept).site
    assert all(kept.parts[work].part is part for work, part in parts.items())
    assert "Acting honestly, fairly and openly." in str(next(p for p in site.pages if p.url == "themes/integrity/").body)
    a_theme_renamed(project)
    generate(project, kept=kept)
    assert all(kept.parts[work].part is not part for work, part in parts.items())
