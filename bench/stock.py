"""A stock Material site of the same texts, for comparison: what MkDocs + Material cost with no
edition around them.

One Markdown page per reading page of the edition (the same sections), holding the same clauses as
plain Markdown (headings, paragraphs, list items, quotations), with the same navigation and theme
settings; no generator, no hooks, no comparison or apparatus pages, no extra CSS or JavaScript.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from edition.loader import load_corpus  # noqa: E402
from edition.model import ClauseKind, Section  # noqa: E402
from edition.pages.urls import is_page_section  # noqa: E402


def _markdown(section: Section, depth: int, own_page: bool) -> list[str]:
    lines: list[str] = [] if own_page else [f"{'#' * min(6, depth + 1)} {section.title}", ""]
    for clause in section.clauses:
        text = " ".join(filter(None, (clause.label if not clause.label_restored else None, clause.term, clause.text)))
        if clause.kind is ClauseKind.HEADING:
            lines += [f"{'#' * min(6, depth)} {text}", ""]
        elif clause.kind is ClauseKind.ITEM:
            lines += [f"- {text}"]
        elif clause.kind is ClauseKind.QUOTE:
            lines += ["", f"> {text}", ""]
        else:
            lines += ["", text, ""]
    for child in section.sections:
        if not is_page_section(child, depth + 1):
            lines += ["", *_markdown(child, depth + 1, False)]
    return lines


def write_stock_site(project: Path, out: Path) -> Path:
    """A stock MkDocs project at `out` with the texts of the edition at `project`."""
    corpus = load_corpus(project)
    docs = out / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nThe texts.\n", encoding="utf-8")
    nav: list[object] = [{"Home": "index.md"}]
    for work in corpus.works:
        editions = []
        for edition in work.editions:
            pages = []

            def walk(section: Section, depth: int) -> None:
                if is_page_section(section, depth):
                    path = f"{work.id}/{edition.id}/{section.id}.md"
                    (docs / path).parent.mkdir(parents=True, exist_ok=True)
                    (docs / path).write_text("\n".join(_markdown(section, 1, True)) + "\n", encoding="utf-8")
                    pages.append({section.title: path})
                for child in section.sections:
                    walk(child, depth + 1)

            for section in edition.sections:
                walk(section, 1)
            editions.append({edition.short_name: pages})
        nav.append({work.title: editions})
    yaml = YAML(typ="safe")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    config["theme"].pop("custom_dir", None)
    config["nav"] = nav
    config["docs_dir"] = "docs"
    config.pop("validation", None)
    with (out / "mkdocs.yml").open("w", encoding="utf-8") as handle:
        yaml.dump(config, handle)
    return out
