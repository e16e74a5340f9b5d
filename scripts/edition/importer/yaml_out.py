"""Writing the draft as YAML in the sources' own style, and editing existing files in place.

New files are written with ruamel.yaml's round-trip emitter: two-space indents, long text as
folded scalars (`>-`), a schema comment on the first line. Existing files (work.yaml,
witnesses.yaml, another edition's section files) are loaded round-trip and written back with only
the needed keys changed, so their comments and layout stay as the editor left them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from .. import drafts
from .draft import Draft

WIDTH = 100


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # folding is done by the fold positions set below, nowhere else
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


def _folded(text: str, indent: int) -> Any:
    """Long prose as a folded scalar, broken at spaces to fit the width."""
    room = max(40, WIDTH - indent)
    if len(text) <= room or "  " in text or text != text.strip():
        return text
    folded = FoldedScalarString(text)
    positions, start = [], 0
    while len(text) - start > room:
        cut = text.rfind(" ", start, start + room)
        if cut <= start:
            cut = text.find(" ", start + room)
            if cut == -1:
                break
        positions.append(cut)
        start = cut + 1
    folded.fold_pos = positions
    return folded


def _styled(value: Any, indent: int = 0) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            if key.startswith("_"):
                continue
            out[key] = _styled(item, indent + 2)
        return out
    if isinstance(value, list):
        out = CommentedSeq()
        for item in value:
            if isinstance(item, str) and item != item.strip():
                out.append(DoubleQuotedScalarString(item))  # a piece whose edge spaces matter
            else:
                out.append(_styled(item, indent + 4))
        return out
    if isinstance(value, str):
        return _folded(value, indent + 8)
    return value


def dump(doc: dict[str, Any], schema: str, comment: str = "") -> str:
    data = _styled(doc)
    head = f"yaml-language-server: $schema={schema}"
    data.yaml_set_start_comment(head + ("\n\n" + comment if comment else ""))
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def _load(text: str) -> Any:
    return _yaml().load(text)


def _dumped(data: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def edited_witnesses(text: str, entry: dict[str, Any]) -> str:
    data = _load(text)
    data["witnesses"].append(_styled(entry, 4))
    return _dumped(data)


def edited_work(text: str, draft: Draft) -> str:
    data = _load(text)
    data["editions"] = CommentedSeq(draft.editions_order)
    if draft.comparisons:
        if "comparisons" not in data:
            data["comparisons"] = CommentedSeq()
        for comparison in draft.comparisons:
            data["comparisons"].append(_styled(comparison, 4))
    return _dumped(data)


def new_work(draft: Draft) -> str:
    """work.yaml of a work whose first edition this is: its title as the witness prints it, and a
    description for the editor to write (a placeholder that keeps the edition a draft)."""
    doc = {
        "id": draft.work.id,
        "title": draft.metadata.title,
        "description": f"{drafts.NOT_RECORDED} say in a paragraph what this work is, who issues it and for whom.",
        "editions": [draft.edition_id],
    }
    return dump(doc, "../../schema/work.schema.json")


def edited_corpus(text: str, work_id: str) -> str:
    """corpus.yaml with a new work listed last."""
    data = _load(text)
    data["works"].append(work_id)
    return _dumped(data)


def edited_keys(text: str, keys: dict[str, tuple[str, ...]]) -> str:
    """A section file with `align` set on the sections and clauses named in `keys`."""
    data = _load(text)

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            owner = node.get("id")
            if owner in keys and ("clauses" in node or "kind" in node):
                value = keys[owner][0] if len(keys[owner]) == 1 else CommentedSeq(keys[owner])
                if "align" in node:
                    node["align"] = value
                else:
                    node.insert(list(node.keys()).index("kind") + 1 if "kind" in node else 1, "align", value)
            for item in node.values():
                visit(item)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(data)
    return _dumped(data)


def plan(root: Path, draft: Draft, review: Callable[[], str]) -> tuple[dict[Path, bytes], dict[Path, bytes]]:
    """(new files, edited files): every path the import writes, with its bytes. `review` gives the
    text of review.yaml (review.review_text), asked for once the section files are rendered (it
    may be made meanwhile in another process: aside.py)."""
    sources = root / "sources"
    edition_dir = sources / "works" / draft.work.id / draft.edition_id
    schema = "../../../schema/"
    new: dict[Path, bytes] = {
        sources / "witnesses" / draft.witness_file: draft.text.raw,
        edition_dir / "edition.yaml": dump(draft.edition_doc, schema + "edition.schema.json").encode(),
        edition_dir / "ledger.yaml": dump(
            draft.ledger_doc, schema + "ledger.schema.json",
            f"What of witness {draft.witness_id} is not edition text, and why: proposed by the importer, to review.",
        ).encode(),
    }
    for section in draft.sections:
        new[edition_dir / section["_file"]] = dump(section, schema + "section.schema.json").encode()
    new[edition_dir / "review.yaml"] = review().encode()
    edited: dict[Path, bytes] = {
        sources / "witnesses" / "witnesses.yaml": edited_witnesses((sources / "witnesses" / "witnesses.yaml").read_text(encoding="utf-8"), draft.witness_entry).encode(),
    }
    work_file = sources / "works" / draft.work.id / "work.yaml"
    if work_file.exists():
        edited[work_file] = edited_work(work_file.read_text(encoding="utf-8"), draft).encode()
    else:  # the work's first edition: the work is new too
        new[work_file] = new_work(draft).encode()
        edited[sources / "corpus.yaml"] = edited_corpus((sources / "corpus.yaml").read_text(encoding="utf-8"), draft.work.id).encode()
    by_edition: dict[str, dict[str, tuple[str, ...]]] = {}
    for edit in draft.key_edits:
        by_edition.setdefault(edit.edition, {})[edit.owner_id] = edit.keys
    for edition_id, keys in sorted(by_edition.items()):
        for path in sorted((sources / "works" / draft.work.id / edition_id).glob("*.yaml")):
            if path.name in ("edition.yaml", "ledger.yaml", "review.yaml"):
                continue
            before = path.read_text(encoding="utf-8")
            after = edited_keys(before, keys)
            if after != before:
                edited[path] = after.encode()
    return new, edited
