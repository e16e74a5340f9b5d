"""Arranging a comparison's rows on pages: under the new edition's page sections, in its order.

The comparison itself (compare.py) is a neutral table of correspondences; which page shows each row
is decided here, by the same rule the reading pages follow (urls.is_page_section). What exists only
in the old edition (a dropped clause, the old place of a moved one) goes into the counterpart of its
old section (or, if that section was dropped too, where the old text before it is shown), after
the entry showing the old clause just before it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from ..compare import Comparison, Correspondence, Op
from ..lineage import Lineage
from ..model import Edition, Section, Work
from .urls import is_page_section


@dataclass(eq=False)
class Row:
    """A correspondence as the pages show it: with the page sections its clauses are read on."""

    group: Correspondence
    old_section: Section | None
    new_section: Section | None

    def __getattr__(self, name: str):  # the correspondence's own fields (id, kind, moved, pieces...)
        return getattr(self.group, name)


@dataclass(eq=False)
class MovedAway:
    """The old place of a moved row, shown as a pointer to where it went."""

    group: Row


@dataclass
class SectionChanges:
    """What the comparison shows under one page section of the new edition, in reading order."""

    section: Section
    key: str  # its alignment key: the comparison pages' permanent URL part
    entries: list[Row | MovedAway] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [e for e in self.entries if isinstance(e, Row)]

    @property
    def changed(self) -> list[Row]:
        return [r for r in self.rows if r.substantive]

    def words(self, op: Op) -> int:
        return sum(r.words(op) for r in self.rows)


@dataclass(eq=False)
class Arrangement:
    """A comparison with its rows arranged under page sections; otherwise the comparison itself."""

    comparison: Comparison
    sections: list[SectionChanges]

    def rows(self) -> Iterator[Row]:
        for section in self.sections:
            yield from section.rows

    def __getattr__(self, name: str):  # spec, old, new, renames, variant_counts, slug
        return getattr(self.comparison, name)


@dataclass(frozen=True)
class Arranged:
    """Every comparison arranged for pages, by its slug, with the lineage that orders them: what
    the pages ask of comparisons across editions, asked in one place."""

    by_slug: Mapping[str, Arrangement]
    lineage: Lineage

    def all(self) -> list[Arrangement]:
        return [self.by_slug[c.slug] for w in self.lineage.works for c in w.comparisons]

    def of_work(self, work: Work | str) -> list[Arrangement]:
        return [self.by_slug[c.slug] for c in self.lineage.of_work(work).comparisons]

    def of(self, comparison: Comparison) -> Arrangement:
        return self.by_slug[comparison.slug]


def page_sections(edition: Edition) -> dict[str, Section]:
    """Each clause id -> the page section it is read on (top-level sections and principles)."""
    index: dict[str, Section] = {}

    def walk(section: Section, depth: int, page: Section | None) -> None:
        page = section if is_page_section(section, depth) else page
        assert page is not None
        for clause in section.clauses:
            index[clause.id] = page
        for child in section.sections:
            walk(child, depth + 1, page)

    for section in edition.sections:
        walk(section, 1, None)
    return index


def arrange(comparison: Comparison) -> Arrangement:
    old_clauses = list(comparison.old.clauses())
    new = comparison.new
    section_of_old, section_of_new = page_sections(comparison.old), page_sections(new)
    rows = [
        Row(g, section_of_old.get(g.old[0].id) if g.old else None, section_of_new.get(g.new[0].id) if g.new else None)
        for g in comparison.groups
    ]
    sections: dict[str, SectionChanges] = {}
    for clause in new.clauses():
        page = section_of_new[clause.id]
        if page.id not in sections:
            sections[page.id] = SectionChanges(page, page.align[0] if page.align else page.id)
    new_order = {c.id: i for i, c in enumerate(new.clauses())}
    for row in sorted((r for r in rows if r.new), key=lambda r: new_order[r.new[0].id]):
        sections[section_of_new[row.new[0].id].id].entries.append(row)

    counterpart = {key: s for s in sections.values() for key in s.section.align}
    old_position = {c.id: i for i, c in enumerate(old_clauses)}
    shown: dict[str, tuple[SectionChanges, Row | MovedAway]] = {}
    for changes in sections.values():
        for entry in changes.entries:
            if isinstance(entry, Row) and not entry.moved:
                for clause in entry.old:
                    shown[clause.id] = (changes, entry)
    for row in sorted((r for r in rows if not r.new or r.moved), key=lambda r: old_position[r.old[0].id]):
        entry: Row | MovedAway = row if not row.new else MovedAway(row)
        before = [c.id for c in old_clauses[: old_position[row.old[0].id]] if c.id in shown]
        old_section = section_of_old[row.old[0].id]
        target = next((counterpart[k] for k in old_section.align if k in counterpart), None)
        if target is None:  # its section was dropped: follow the old text before it
            target = shown[before[-1]][0] if before else next(iter(sections.values()))
        anchors = [shown[cid][1] for cid in before if shown[cid][0] is target]
        index = _position(target.entries, anchors[-1]) + 1 if anchors else 0
        while index < len(target.entries) and _is_old_only(target.entries[index]) and _old_first(target.entries[index], old_position) < old_position[row.old[0].id]:
            index += 1
        target.entries.insert(index, entry)
        for clause in row.old:
            shown[clause.id] = (target, entry)
    return Arrangement(comparison, list(sections.values()))


def _position(entries: list[Row | MovedAway], entry: Row | MovedAway) -> int:
    return next(i for i, e in enumerate(entries) if e is entry)


def _is_old_only(entry: Row | MovedAway) -> bool:
    return isinstance(entry, MovedAway) or not entry.new


def _old_first(entry: Row | MovedAway, old_position: dict[str, int]) -> int:
    row = entry.group if isinstance(entry, MovedAway) else entry
    return old_position[row.old[0].id]
