"""Scratch copies of the project for benchmarks: the sources with one edition taken out.

Taking an edition out means taking out everything that refers to it, so the copy is a valid
corpus: its directory, its witness (file and registration), its place in work.yaml (editions,
comparisons, history), published addresses and redirects that lead into it, and glossary terms
only its text used.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "sources", destination / "sources")
    shutil.copytree(ROOT / "docs", destination / "docs")
    return destination


def remove_edition(root: Path, work_id: str, edition_id: str) -> tuple[str, str]:
    """Take an edition out of the copy at `root`; returns (its witness id, its witness file)."""
    yaml = _yaml()
    sources = root / "sources"
    edition_dir = sources / "works" / work_id / edition_id
    witness_id = yaml.load((edition_dir / "edition.yaml").read_text(encoding="utf-8"))["witness"]
    shutil.rmtree(edition_dir)

    work_path = sources / "works" / work_id / "work.yaml"
    work = yaml.load(work_path.read_text(encoding="utf-8"))
    work["editions"] = [e for e in work["editions"] if e != edition_id]
    if "comparisons" in work:
        kept = [c for c in work["comparisons"] if edition_id not in (c["from"], c["to"])]
        if kept:
            work["comparisons"] = kept
        else:
            del work["comparisons"]
    for milestone in work.get("history", []):
        if milestone.get("edition") == edition_id:
            del milestone["edition"]
    _dump(yaml, work, work_path)
    if len(work["editions"]) == 1:  # a work of one edition has no alignment keys
        for path in (sources / "works" / work_id / work["editions"][0]).glob("*.yaml"):
            data = yaml.load(path.read_text(encoding="utf-8"))
            if _strip_align(data):
                _dump(yaml, data, path)

    witnesses_path = sources / "witnesses" / "witnesses.yaml"
    witnesses = yaml.load(witnesses_path.read_text(encoding="utf-8"))
    entry = next(w for w in witnesses["witnesses"] if w["id"] == witness_id)
    witnesses["witnesses"] = [w for w in witnesses["witnesses"] if w["id"] != witness_id]
    _dump(yaml, witnesses, witnesses_path)
    (sources / "witnesses" / entry["file"]).unlink()

    prefix = f"/{work_id}/"
    register = sources / "permalinks.txt"
    if register.exists():
        lines = register.read_text(encoding="utf-8").split("\n")
        # The work's comparisons, current addresses and history go too: their ids are the lines',
        # which the removed edition's alignment keys named (and a work left with one edition has none).
        work_wide = ("/compare/", "/current/", "/history/")
        register.write_text(
            "\n".join(l for l in lines if edition_id not in l and not (l.startswith(prefix) and any(w in l for w in work_wide))),
            encoding="utf-8",
        )
    redirects_path = sources / "redirects.yaml"
    if redirects_path.exists():
        redirects = yaml.load(redirects_path.read_text(encoding="utf-8"))
        redirects["redirects"] = [r for r in redirects["redirects"] if f"/{edition_id}/" not in r["to"] and f"/{edition_id}/" not in r["from"]]
        if redirects["redirects"]:
            _dump(yaml, redirects, redirects_path)
        else:
            redirects_path.unlink()
    _prune_glossary(root, yaml)
    return witness_id, entry["file"]


def _strip_align(node) -> bool:
    changed = False
    if isinstance(node, dict):
        if "align" in node:
            del node["align"]
            changed = True
        for value in node.values():
            changed |= _strip_align(value)
    elif isinstance(node, list):
        for value in node:
            changed |= _strip_align(value)
    return changed


def _prune_glossary(root: Path, yaml: YAML) -> None:
    """Terms the remaining texts no longer use (the loader refuses a term that occurs nowhere)."""
    path = root / "sources" / "glossary.yaml"
    if not path.exists():
        return
    prose = " ".join(p.read_text(encoding="utf-8") for p in (root / "sources" / "works").glob("*/*/*.yaml"))
    glossary = yaml.load(path.read_text(encoding="utf-8"))
    for term in glossary["terms"]:
        if "also" in term:
            term["also"] = [f for f in term["also"] if re.search(rf"(?<![\w'’]){re.escape(str(f))}(?!\w)", prose)]
            if not term["also"]:
                del term["also"]
    glossary["terms"] = [t for t in glossary["terms"] if re.search(rf"(?<![\w'’]){re.escape(str(t['term']))}(?!\w)", prose)]
    _dump(yaml, glossary, path)


def _dump(yaml: YAML, data, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
