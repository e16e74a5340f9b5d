"""The review list: every decision the importer was not sure of, most doubtful first."""

from __future__ import annotations

from .draft import Draft


def review_text(draft: Draft, written: list[str], edited: list[str]) -> str:
    lines = [
        f"# Review: {draft.edition_id} ({draft.work.id})",
        "",
        f"Drafted by `make import` from `{draft.witness_file}` (witness {draft.witness_id}). Work through this list,",
        "most doubtful first; each item gives the witness lines, what the importer decided and what to",
        "check. Then run `make check` and `make site`, look at the pages, and delete this file when done.",
        "",
        "What the draft holds: " + ", ".join(f"{n} {name}" for name, n in draft.summary.items()) + ".",
        "",
        "Files written: " + ", ".join(f"`{p}`" for p in written) + ".",
    ]
    if edited:
        lines.append("Files edited: " + ", ".join(f"`{p}`" for p in edited) + ".")
    lines += ["", "| # | doubt | witness lines | decided | check |", "|---|---|---|---|---|"]
    for number, item in enumerate(draft.review, start=1):
        where = item.lines.described if item.lines else "—"
        decided = item.decided.replace("|", "\\|")
        check = item.check.replace("|", "\\|")
        lines.append(f"| {number} | {item.doubt:.2f} | {where} | {decided} | {check} |")
    return "\n".join(lines) + "\n"


def review_summary(draft: Draft, limit: int = 15) -> str:
    """The most doubtful decisions, for the terminal."""
    out = [f"{len(draft.review)} decisions to review, most doubtful first:"]
    for item in draft.review[:limit]:
        where = item.lines.described if item.lines else "the edition"
        out.append(f"  [{item.doubt:.2f}] {where}: {item.decided}\n         check {item.check}")
    if len(draft.review) > limit:
        out.append(f"  ... and {len(draft.review) - limit} more in review.md")
    return "\n".join(out)
