"""The generator's stages, each called on its own with typed values, and the shape of the flow:
sources -> Corpus -> fidelity accounts -> comparisons -> Site -> docs tree, nothing flowing back,
and no module-level state kept between runs."""

from __future__ import annotations

import ast
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

from conftest import MINI, ROOT
from edition.compare import Comparison, Correspondence, compare_editions
from edition.docs_tree import DocsTree, write_docs_tree
from edition.fidelity import WitnessAccount, check_corpus
from edition.lineage import trace_lineage
from edition.loader import load_corpus
from edition.model import Corpus
from edition.pages import Page, Site, make_pages
from edition.pipeline import generate

PACKAGE = ROOT / "scripts" / "edition"
# Each stage and what it may import from the package: only what comes before it.
STAGES = {
    "loader.py": {"errors", "loader_comparisons", "model", "schema", "yamlsource"},
    "loader_comparisons.py": {"errors", "model", "yamlsource"},
    "fidelity.py": {"errors", "model"},
    "compare.py": {"errors", "model", "order", "words"},
    "lineage.py": {"compare", "model"},
}


def test_each_stage_on_its_own(tmp_path: Path) -> None:
    corpus = load_corpus(MINI)
    assert isinstance(corpus, Corpus) and [e.id for e in corpus.editions()] == ["old", "new"]
    accounts = check_corpus(corpus)
    assert all(isinstance(a, WitnessAccount) for a in accounts) and len(accounts) == 2
    comparisons = compare_editions(corpus)
    assert len(comparisons) == 1 and isinstance(comparisons[0], Comparison)
    assert all(isinstance(g, Correspondence) for g in comparisons[0].groups)
    lineage = trace_lineage(corpus, comparisons)
    assert [line.id for line in lineage.of_work("code").lines][:2] == ["title", "edition-statement"]
    site = make_pages(corpus, accounts, comparisons, lineage, {})
    assert isinstance(site, Site) and all(isinstance(p, Page) and isinstance(p.body, Markup) for p in site.pages)
    assert {"code/old/old-code/", "code/compare/old--new/"} <= {p.url for p in site.pages}
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    for name in ("mkdocs.yml",):
        (project / name).write_bytes((ROOT / name).read_bytes())
    (project / "overrides").symlink_to(ROOT / "overrides")
    tree = write_docs_tree(site, project, tmp_path / "build", "mkdocs", {})
    assert isinstance(tree, DocsTree) and tree.written > len(site.pages)
    assert (tree.docs / "code" / "old" / "old-code" / "index.md").read_text(encoding="utf-8").startswith("---\ntitle: ")
    # A second write of the same site changes nothing: an engine that rebuilds changed files sees none.
    assert write_docs_tree(site, project, tmp_path / "build", "mkdocs", {}).written == 0


def test_no_stage_imports_a_later_one() -> None:
    for name, allowed in STAGES.items():
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        imported = {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1
        }
        assert imported <= allowed, f"{name} imports {sorted(imported - allowed)}"


def test_no_module_keeps_mutable_state() -> None:
    """No module-level list, dict or set (or call making one), no `global`, no lru_cache: every
    run starts from the sources."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)) or (
                isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("dict", "list", "set", "defaultdict", "Counter")
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Global) or (isinstance(node, ast.Name) and node.id in ("lru_cache", "cache")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.ids.update(v for k, v in attrs if k == "id" and v)


def test_the_ids_a_page_claims_are_in_its_html() -> None:
    """Addresses are resolved from the ids the model gives each page; each must really be there."""
    site = generate(ROOT).site
    claimed = 0
    for page in site.pages:
        parser = _Ids()
        parser.feed(str(page.body))
        assert page.anchors <= parser.ids, (page.url, sorted(page.anchors - parser.ids)[:5])
        claimed += len(page.anchors)
    assert claimed > 1000
