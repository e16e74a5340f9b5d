"""The review: every decision the importer was not sure of, most doubtful first, as data.

The importer writes it as review.yaml beside the draft (sources/schema/review.schema.json): one
item per decision, with its witness lines, what was decided, what to check, and its state
(`status: open`). The editor marks each item `accepted` or `changed`, with a remark if it helps;
`make check` lists the items still open (drafts.py), and the file stays with the edition as the
record of what was checked. No Markdown copy is written: a second file would go stale the moment
the editor marks an item.

Text quoted from the witness is untrusted: it is written only as YAML scalars (ruamel.yaml
escapes what it must), and characters no source file may hold (control characters, a tab) are
written as their code points, so the file always passes the check.
"""

from __future__ import annotations

from typing import Any

from ..yamlsource import first_forbidden
from .draft import Draft, _lines
from .yaml_out import dump

FILE = "review.yaml"
SCHEMA = "../../../schema/review.schema.json"
_HEAD = """The importer's review of this draft: one item per decision it was not sure of, most doubtful
first. For each, look at the witness lines and the draft, then set `status` to `accepted` (the
draft was right) or `changed` (you corrected it), and add a `remark` if it will help the next
editor. `make check` lists the items still open; the edition is a draft until none is. Keep this
file: it records what was checked."""


def review_doc(draft: Draft) -> dict[str, Any]:
    """review.yaml as data: the draft's review items with ids, all open."""
    counts: dict[str, int] = {}
    items = []
    for item in draft.review:
        counts[item.topic] = counts.get(item.topic, 0) + 1
        entry: dict[str, Any] = {"id": f"{item.topic}-{counts[item.topic]}", "topic": item.topic, "doubt": round(float(item.doubt), 2)}
        if item.lines is not None:
            entry["lines"] = _lines(item.lines)
        entry["decided"] = _safe(item.decided)
        entry["check"] = _safe(item.check)
        entry["status"] = "open"
        items.append(entry)
    held = ", ".join(f"{n} {name}" for name, n in draft.summary.items())
    return {
        "edition": draft.edition_id,
        "witness": draft.witness_id,
        "drafted": _safe(f"By `make import` from {draft.witness_file}: {held}." if held else f"By `make import` from {draft.witness_file}."),
        "items": items,
    }


def review_text(draft: Draft, written: list[str] | None = None, edited: list[str] | None = None) -> str:
    """review.yaml's text. (`written` and `edited` are printed by the importer, not recorded.)"""
    return dump(review_doc(draft), SCHEMA, _HEAD)


def _safe(text: str) -> str:
    """`text` with each character a source file may not hold written as its code point."""
    out = []
    rest = text
    while (bad := first_forbidden(rest)) is not None:
        index, _ = bad
        out.append(rest[:index] + f"<U+{ord(rest[index]):04X}>")
        rest = rest[index + 1 :]
    out.append(rest)
    return "".join(out).strip() or "—"


def review_summary(draft: Draft, limit: int = 15) -> str:
    """The most doubtful decisions, for the terminal."""
    where_file = f"sources/works/{draft.work.id}/{draft.edition_id}/{FILE}"
    out = [f"{len(draft.review)} decisions to review, most doubtful first (all of them, each to be marked done, in {where_file}):"]
    for item in draft.review[:limit]:
        where = item.lines.described if item.lines else "the edition"
        out.append(f"  [{item.doubt:.2f}] {where}: {_safe(item.decided)}\n         check {_safe(item.check)}")
    if len(draft.review) > limit:
        out.append(f"  ... and {len(draft.review) - limit} more in {where_file}")
    return "\n".join(out)
