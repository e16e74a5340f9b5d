"""A comparison as a spreadsheet of changes: one row per difference of words or place, for briefing papers.

UTF-8 with a byte-order mark (so that spreadsheet programs read it as UTF-8), comma-separated,
quoted by the standard library's csv writer, rows ending CRLF (RFC 4180). A cell that a
spreadsheet would read as a formula (text beginning =, +, -, @, or a tab or carriage return) is
written with a leading apostrophe, which spreadsheets show as text and do not evaluate (OWASP's
advice on CSV injection); the API's JSON keeps the text exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from ..citation import Citations
from ..compare import Difference, variations
from .arrange import Arrangement, Row
from .urls import Location, Urls

COLUMNS = (
    "section", "citation_before", "citation_after", "kind", "moved", "words_removed", "words_added",
    "url_before", "url_after", "url_diff", "difference", "change", "rename_kind",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def change_rows(comparison: Arrangement, urls: Urls, citations: Citations, diff_location: Callable[[Arrangement, Row], Location], site: str) -> list[list[str]]:
    """A row for every difference within a correspondence whose words or place differ (every
    class but identical and typography-only, and every moved one): each change of wording (`change`
    "wording"), each declared rename (`change` "rename", with what kind of rename it is), a changed
    printed label ("label"); a correspondence with none of these (moved, or split with its words
    kept) has one row ("none"). `difference` is the correspondence's class. `site` prefixes the
    site-relative addresses (the published address, or nothing)."""
    rows = []
    for section in comparison.sections:
        for row in section.rows:
            group = row.group
            if not group.moved and group.difference in (Difference.IDENTICAL, Difference.TYPOGRAPHY):
                continue
            changes: list[tuple[str, str, str, str]] = []
            if group.label_change:
                changes.append(("label", group.label_change[0] or "", group.label_change[1] or "", ""))
            for v in variations(group.pieces):
                if v.type == "change":
                    changes.append(("wording", v.old, v.new, ""))
                elif v.rename is not None:
                    changes.append(("rename", v.old, v.new, v.rename.kind.value))
            for change, old_text, new_text, rename_kind in changes or [("none", "", "", "")]:
                rows.append([
                    section.section.title,
                    "; ".join(citations.cite(c) for c in group.old),
                    "; ".join(citations.cite(c) for c in group.new),
                    group.kind.value,
                    "yes" if group.moved else "no",
                    old_text.strip(" "),  # the diff's word separators; a no-break space is text
                    new_text.strip(" "),
                    " ".join(site + str(urls.clause(c)) for c in group.old),
                    " ".join(site + str(urls.clause(c)) for c in group.new),
                    site + str(diff_location(comparison, row)),
                    group.difference.value,
                    change,
                    rename_kind,
                ])
    return rows


def changes_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([[neutralised(cell) for cell in row] for row in rows])
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")
