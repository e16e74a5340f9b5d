"""The comparison pages: what changed (a summary), and per section an inline and a side-by-side view.

Marks are <ins>/<del> with a visible cue besides colour (underline, strike-through) and hidden
words that screen readers announce ("added:", "removed:"). Renames and typographic variants are
rendered as both wordings in spans the default view hides; a checkbox shows them, marked.
"""

from __future__ import annotations

from types import MappingProxyType

import re
from collections.abc import Iterable
from dataclasses import dataclass


from ..citation import Citations
from ..compare import Difference, Kind, Op, Piece, Variant
from ..model import Clause, Corpus, RenameKind
from .derived import lead as lead_phrase
from .differences import PHRASES, difference_said, rename_said
from .site import Page
from .reading_text import KIND_NAMES
from .arrange import Arrangement as Comparison, MovedAway, Row as Correspondence, SectionChanges
from .urls import Location, Urls

VARIANT_NAMES = MappingProxyType({Variant.RENAME: "renamed", Variant.TYPOGRAPHIC: "typography", Variant.LABEL: "label"})


def variant_name(piece: Piece) -> str:
    """What a screen reader hears before an unmarked variant's old wording: a substitution is said
    to be one, never passed off as a new spelling."""
    if piece.rename is not None and piece.rename.kind is RenameKind.SUBSTITUTION:
        return "substituted"
    return VARIANT_NAMES[piece.variant] if piece.variant else ""


def row_anchor(group: Correspondence) -> str:
    return f"cmp-{group.id}"


# --- marked text --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One clause of one side (or of the inline view) with its share of the marked text."""

    clause: Clause
    pieces: tuple[Piece, ...]
    label_changed: bool = False  # inline: the printed label changed, shown as a variant
    old_label: str | None = None


def paragraphs(pieces: Iterable[Piece], side: str) -> list[tuple[Piece, ...]]:
    """The pieces each paragraph of one side ("old", "new") or of the inline view ("inline")
    shows. Inline, a paragraph break only the old text had stays, as a removed mark."""
    breaking = {"old": Op.OLD_BREAK, "new": Op.NEW_BREAK, "inline": Op.NEW_BREAK}[side]
    out: list[tuple[Piece, ...]] = []
    current: list[Piece] = []
    for piece in pieces:
        if piece.op is breaking:
            out.append(tuple(current))
            current = []
        elif piece.op is Op.OLD_BREAK and side == "inline":
            current.append(piece)
        elif piece.op in (Op.OLD_BREAK, Op.NEW_BREAK):
            continue
        elif piece.op is Op.EQUAL or (piece.op is Op.INSERT and side != "old") or (piece.op is Op.DELETE and side != "new"):
            current.append(piece)
    out.append(tuple(current))
    return out


def clause_blocks(clauses: tuple[Clause, ...], texts: list[tuple[Piece, ...]], side: str, other_labels: list[str | None]) -> tuple[Block, ...]:
    """Each clause of one side with its share of the marked text."""
    blocks = []
    for index, clause in enumerate(clauses):
        old_label = other_labels[index] if index < len(other_labels) else clause.label
        changed = side == "inline" and old_label != clause.label
        blocks.append(Block(clause, texts[index] if index < len(texts) else (), changed, old_label if changed else None))
    return tuple(blocks)


# --- one-line descriptions ----------------------------------------------------------------------


def _quote(text: str, words: int = 20) -> str:
    """A quotation for a one-line description; long ones keep their beginning and end."""
    parts = text.split()
    if len(parts) > words:
        parts = parts[: words - 6] + ["…"] + parts[-5:]
    return f"“{' '.join(parts)}”"


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _quotes(text: str) -> str:
    """An inserted or removed passage of several sentences is quoted sentence by sentence, so a
    reader of the one-line description misses none of them."""
    sentences = [part for part in _SENTENCE.split(text.strip()) if part.strip()]
    return " … ".join(_quote(part) for part in sentences) if sentences else _quote(text)


def describe(group: Correspondence, comparison: Comparison) -> str:
    """What happened to a group of clauses, in one line."""
    kinds = {c.kind for c in group.new or group.old}
    kind = KIND_NAMES[next(iter(kinds))] if len(kinds) == 1 else "text"
    if group.kind is Kind.ADDED:
        return f"New {kind}: {_quotes(' '.join(c.text for c in group.new))}"
    if group.kind is Kind.DROPPED:
        return f"Dropped {kind}: {_quotes(' '.join(c.text for c in group.old))}"
    parts = []
    if group.moved:
        where = group.old_section.title if group.old_section else "elsewhere"
        same = group.old_section is not None and group.new_section is not None and group.old_section.align == group.new_section.align
        parts.append(f"Moved {'within' if same else 'from'} {where}: {_quote(group.new[0].text, 8)}")
    if group.kind is Kind.SPLIT:
        parts.append(f"split into {len(group.new)} {kind}s")
    elif group.kind is Kind.MERGED:
        parts.append(f"{len(group.old)} {kind}s merged into one")
    elif group.kind is Kind.REGROUPED:
        parts.append(f"{len(group.old)} {kind}s regrouped as {len(group.new)}")
    parts += _edits(group.pieces)
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _edits(pieces: tuple[Piece, ...]) -> list[str]:
    edits: list[str] = []
    pending_delete: str | None = None
    for piece in pieces:
        if piece.op is Op.DELETE:
            pending_delete = (pending_delete or "") + piece.text
            continue
        if piece.op is Op.INSERT:
            if pending_delete is not None and pending_delete.strip():
                edits.append(f"{_quotes(pending_delete)} → {_quotes(piece.text)}")
            else:
                edits.append(f"added {_quotes(piece.text)}")
            pending_delete = None
            continue
        if pending_delete is not None and pending_delete.strip():
            edits.append(f"removed {_quotes(pending_delete)}")
        pending_delete = None
    if pending_delete is not None and pending_delete.strip():
        edits.append(f"removed {_quotes(pending_delete)}")
    return edits


# --- pages --------------------------------------------------------------------------------------


class ComparisonPages:
    def __init__(self, corpus: Corpus, urls: Urls, citations: Citations, render):
        self.corpus = corpus
        self.urls = urls
        self.citations = citations
        self.render = render  # (template, page url, **context) -> HTML
        self._sections_of: dict[str, dict[tuple[str, bool], str]] = {}  # by comparison slug

    def _urls(self, comparison: Comparison) -> tuple[str, str, str]:
        return comparison.new.work_id, comparison.old.id, comparison.new.id

    def _index(self, comparison: Comparison) -> dict[tuple[str, bool], str]:
        """(group id, is its moved-away marker) -> the key of the section showing it."""
        key = comparison.slug
        if key not in self._sections_of:
            index: dict[tuple[str, bool], str] = {}
            for changes in comparison.sections:
                for entry in changes.entries:
                    away = isinstance(entry, MovedAway)
                    index[(entry.group.id if away else entry.id, away)] = changes.key
            self._sections_of[key] = index
        return self._sections_of[key]

    def where(self, comparison: Comparison, group: Correspondence) -> Location:
        """The row of a group on its section's inline page."""
        section = self._index(comparison)[(group.id, False)]
        return Location(self.urls.comparison_inline(*self._urls(comparison), section), row_anchor(group))

    def moved_away_location(self, comparison: Comparison, group: Correspondence, view: str) -> Location:
        section = self._index(comparison)[(group.id, True)]
        page = (self.urls.comparison_inline if view == "inline" else self.urls.comparison_side)(*self._urls(comparison), section)
        return Location(page, f"cmp-from-{group.id}")

    def summary(self, comparison: Comparison) -> Page:
        url = self.urls.comparison(*self._urls(comparison))
        sections = []
        peak = max((s.words(Op.INSERT) + s.words(Op.DELETE) for s in comparison.sections), default=0) or 1
        for changes in comparison.sections:
            lines = []
            for group in changes.changed:
                lines.append(
                    {
                        "text": describe(group, comparison),
                        "where": self.citations.locator(group.new[0] if group.new else group.old[0]),
                        "old": [(self.citations.cite(c), self.urls.clause(c)) for c in group.old],
                        "new": [(self.citations.cite(c), self.urls.clause(c)) for c in group.new],
                        "diff": self.where(comparison, group),
                        "kind": group.kind.value,
                        "moved": group.moved,
                    }
                )
            added, removed = changes.words(Op.INSERT), changes.words(Op.DELETE)
            sections.append(
                {
                    "changes": changes,
                    "title": changes.section.title,
                    "inline": self.urls.comparison_inline(*self._urls(comparison), changes.key),
                    "side": self.urls.comparison_side(*self._urls(comparison), changes.key),
                    "lines": lines,
                    "added": added,
                    "removed": removed,
                    "added_pct": round(100 * added / peak),
                    "removed_pct": round(100 * removed / peak),
                    "clauses": len(changes.rows),
                }
            )
        totals = {
            "changed": sum(len(s["lines"]) for s in sections),
            "added_words": sum(s["added"] for s in sections),
            "removed_words": sum(s["removed"] for s in sections),
            "added": sum(1 for g in comparison.rows() if g.kind is Kind.ADDED),
            "dropped": sum(1 for g in comparison.rows() if g.kind is Kind.DROPPED),
            "moved": sum(1 for g in comparison.rows() if g.moved),
            "split": sum(1 for g in comparison.rows() if g.kind in (Kind.SPLIT, Kind.MERGED, Kind.REGROUPED)),
        }
        # Every correspondence by its class: renamed-only clauses counted apart from identical ones.
        classes = [(PHRASES[d], d.value, n) for d in Difference if (n := sum(1 for g in comparison.rows() if g.difference is d))]
        principal = []
        for change, rows in comparison.principal:
            row_of = {c.id: group for group in rows for c in group.old + group.new}
            clauses = [c for group in rows for c in group.old + group.new if c.id in change.clauses]
            lead, rest = lead_phrase(change.text)
            principal.append({
                "lead": lead,
                "text": rest,
                "clauses": [
                    {"cite": self.citations.cite(c), "where": self.citations.locator(c), "location": self.urls.clause(c), "diff": self.where(comparison, row_of[c.id])}
                    for c in clauses
                ],
                "renamed": sum(n for r, n in comparison.renames if r in change.renames),
            })
        body = self.render(
            "compare_summary.html", url, comparison=comparison, sections=sections, totals=totals, principal=principal, classes=classes,
            proposed=[r for r in comparison.spec.renames if r.proposed], rename_said=rename_said,
            variants=sorted((k, v) for k, v in comparison.variant_counts.items() if k not in ("rename", "spacing")),
        )
        title = f"What changed: {comparison.old.short_name} → {comparison.new.short_name}"
        return Page(url, title, body, f"Every change between the {comparison.old.short_name} and {comparison.new.short_name} editions, by section.", wide=True, overview=True)

    def _entries(self, comparison: Comparison, changes: SectionChanges, view: str) -> list[dict[str, object]]:
        entries = []
        for entry in changes.entries:
            if isinstance(entry, MovedAway):
                group = entry.group
                target = self.where(comparison, group)
                if view == "side":
                    target = Location(target.page + "side-by-side/", target.fragment)
                entries.append({"away": True, "group": group, "anchor": f"cmp-from-{group.id}", "target": target,
                                "to_section": group.new_section.title if group.new_section else "", "text": _quote(group.new[0].text, 10)})
                continue
            group = entry
            row = {"away": False, "group": group, "anchor": row_anchor(group), "kind": group.difference.value,
                   "tag": PHRASES[group.difference].capitalize(),
                   "renames": [rename_said(r) for r in group.renamed] if group.difference is Difference.RENAMED else [],
                   "substantive": group.substantive, "old_links": [(self.citations.cite(c), self.urls.clause(c)) for c in group.old],
                   "new_links": [(self.citations.cite(c), self.urls.clause(c)) for c in group.new]}
            if group.moved:
                row["from"] = self.moved_away_location(comparison, group, view)
                same = group.old_section is not None and group.new_section is not None and group.old_section.align == group.new_section.align
                row["from_section"] = "within this section" if same else f"from {group.old_section.title if group.old_section else 'elsewhere'}"
            if view == "inline":
                if group.new:
                    texts = paragraphs(group.pieces, "inline")
                    old_labels = [c.label for c in group.old] if len(group.old) == len(group.new) else []
                    row["html"], row["side"] = clause_blocks(group.new, texts, "inline", old_labels), "inline"
                else:
                    row["html"], row["side"] = clause_blocks(group.old, paragraphs(group.pieces, "old"), "old", []), "old"
            else:
                row["old_html"] = clause_blocks(group.old, paragraphs(group.pieces, "old"), "old", []) if group.old else None
                row["new_html"] = clause_blocks(group.new, paragraphs(group.pieces, "new"), "new", []) if group.new else None
            entries.append(row)
        return entries

    def _runs(self, entries: list[dict[str, object]]) -> list[tuple[bool, list[dict[str, object]]]]:
        """Consecutive rows whose words are unchanged (identical, or differing only in typography or
        a printed label) form a run that the side-by-side view collapses. A renamed-only row stays
        open, with its tag: its words differ."""
        runs: list[tuple[bool, list[dict[str, object]]]] = []
        for entry in entries:
            quiet = not entry["away"] and not entry["substantive"] and not entry["renames"]
            if runs and runs[-1][0] == quiet and quiet:
                runs[-1][1].append(entry)
            else:
                runs.append((quiet, [entry]))
        return runs

    def _section_page(self, comparison: Comparison, changes: SectionChanges, view: str) -> Page:
        ids = self._urls(comparison)
        inline_url = self.urls.comparison_inline(*ids, changes.key)
        side_url = self.urls.comparison_side(*ids, changes.key)
        url = inline_url if view == "inline" else side_url
        entries = self._entries(comparison, changes, view)
        position = comparison.sections.index(changes)
        neighbours = [
            (label, (self.urls.comparison_inline if view == "inline" else self.urls.comparison_side)(*ids, s.key), s.section.title)
            for label, s in (("Previous", comparison.sections[position - 1] if position else None),
                             ("Next", comparison.sections[position + 1] if position + 1 < len(comparison.sections) else None))
            if s is not None
        ]
        body = self.render(
            "compare_section.html", url, variant_name=variant_name, comparison=comparison, changes=changes, view=view, entries=entries,
            runs=self._runs(entries), inline_url=inline_url, side_url=side_url,
            summary_url=self.urls.comparison(*ids), neighbours=neighbours,
        )
        name = "inline" if view == "inline" else "side by side"
        title = f"{changes.section.title}: {comparison.old.short_name} → {comparison.new.short_name} ({name})"
        anchors = frozenset(e["anchor"] for e in entries)
        return Page(url, title, body, f"Changes to {changes.section.title}, {name}.", wide=True, search=(), in_nav=False, anchors=anchors)

    def inline(self, comparison: Comparison, changes: SectionChanges) -> Page:
        return self._section_page(comparison, changes, "inline")

    def side_by_side(self, comparison: Comparison, changes: SectionChanges) -> Page:
        return self._section_page(comparison, changes, "side")


