"""The lineage stage: each work's editions in order, and each clause's line through all of them.

Between the comparisons and the pages (pipeline.py), computed once. A work's editions stand in
work.yaml's order (oldest first); where a comparison says that a later edition `supersedes` an
earlier one, that is a revision, and several revisions of one edition (for England, for Wales) are
branches. Every edition no other supersedes is current.

A clause's **line** is the clauses of every edition of its work that share alignment keys (as the
comparisons join them, but across all editions at once): its readings, one per edition (none where
the edition lacks it; several where a clause was split or merged), and its **steps**, the
comparisons along the work's revisions (each edition against the one it revises, or else the one
before it), with the difference class each step has. A line's id is permanent: the first alignment
key of its earliest clause (the importer gives a first edition's clause ids as keys, so the id does
not change when a second edition arrives), or the clause's own id in a work of one edition. It is
the fragment of the line's current address (<work>/current/#<id>) and history. Where a later edition
joins two lines (a merge, or a split whose parts take the keys of two earlier clauses), the joined
line keeps the other's id among its **aliases**: every id the line would have had were any of its
clauses the earliest (so every id it has had, whatever editions there were or will be; a split's
later parts give some it never had), and its pages answer to each, so that an address published
before the join still leads to the clause.

Every page and file that speaks of a clause in other editions reads this: reading margins, the
API's `later` and `counterparts`, supersession notices, current links, histories, feeds, search
and the per-work TEI apparatus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from types import MappingProxyType

from .compare import Comparison, Correspondence
from .model import Clause, ComparisonSpec, Corpus, Edition, Work


@dataclass(frozen=True)
class Step:
    """A line's passage through one comparison: `group` is its row there."""

    comparison: Comparison
    group: Correspondence

    @property
    def old(self) -> Edition:
        return self.comparison.old

    @property
    def new(self) -> Edition:
        return self.comparison.new


@dataclass(frozen=True)
class Line:
    id: str
    work: Work
    readings: tuple[tuple[Edition, tuple[Clause, ...]], ...]  # every edition of the work, in order
    steps: tuple[Step, ...]  # along the work's revisions, in the order of their newer edition
    aliases: tuple[str, ...] = ()  # the other ids it answers to (above), in the order of its clauses

    def clauses_in(self, edition: Edition | str) -> tuple[Clause, ...]:
        edition_id = edition if isinstance(edition, str) else edition.id
        return next((clauses for e, clauses in self.readings if e.id == edition_id), ())

    @property
    def present(self) -> tuple[tuple[Edition, tuple[Clause, ...]], ...]:
        """The readings of the editions that have the line."""
        return tuple((e, c) for e, c in self.readings if c)


@dataclass(frozen=True)
class WorkLineage:
    work: Work
    editions: tuple[Edition, ...]  # oldest first
    revisions: tuple[tuple[Edition, Edition, ComparisonSpec], ...]  # (revised, revising, the comparison that says so)
    steps: tuple[Comparison, ...]  # the comparison along each revision (or with the edition before)
    current: tuple[Edition, ...]  # the editions no other supersedes
    comparisons: tuple[Comparison, ...]  # every comparison of the work, in work.yaml's order
    lines: tuple[Line, ...]  # in reading order (lines.order)

    def superseded_by(self, edition: Edition) -> tuple[tuple[Edition, ComparisonSpec], ...]:
        """The editions that revise `edition`, with the comparisons that say so."""
        return tuple((new, spec) for old, new, spec in self.revisions if old.id == edition.id)

    def is_current(self, edition: Edition) -> bool:
        return any(e.id == edition.id for e in self.current)


@dataclass(frozen=True)
class Lineage:
    works: tuple[WorkLineage, ...]
    _work: Mapping[str, WorkLineage]
    _line: Mapping[str, Line]  # clause id -> its line
    _comparison: Mapping[tuple[str, str], Comparison]  # (old id, new id)
    _row: Mapping[tuple[str, str, str], Correspondence]  # (old id, new id, clause id)

    def of_work(self, work: Work | str) -> WorkLineage:
        return self._work[work if isinstance(work, str) else work.id]

    def line(self, clause: Clause | str) -> Line:
        return self._line[clause if isinstance(clause, str) else clause.id]

    def has_line(self, clause_id: str) -> bool:
        return clause_id in self._line

    def comparison(self, old: Edition | str, new: Edition | str) -> Comparison:
        return self._comparison[(_id(old), _id(new))]

    def row(self, comparison: Comparison, clause: Clause | str) -> Correspondence:
        """The row of `comparison` that holds `clause` (of either edition)."""
        return self._row[(comparison.old.id, comparison.new.id, _id(clause))]

    def comparisons_with(self, edition: Edition) -> Iterator[tuple[Comparison, Edition]]:
        """Every comparison `edition` takes part in, with the other edition, in work.yaml's order."""
        for comparison in self.of_work(edition.work_id).comparisons:
            if comparison.old.id == edition.id:
                yield comparison, comparison.new
            elif comparison.new.id == edition.id:
                yield comparison, comparison.old

    def later(self, clause: Clause) -> Iterator[tuple[Comparison, Correspondence]]:
        """Each comparison with a later edition that `clause`'s edition takes part in, and its row."""
        edition = self._edition_of(clause)
        for comparison, other in self.comparisons_with(edition):
            if comparison.old.id == edition.id:
                yield comparison, self.row(comparison, clause)

    def counterparts(self, clause: Clause) -> Iterator[tuple[Edition, tuple[Clause, ...]]]:
        """The clauses of each other edition of the work that correspond to `clause` (possibly none)."""
        edition = self._edition_of(clause)
        line = self.line(clause)
        for other, clauses in line.readings:
            if other.id != edition.id:
                yield other, clauses

    def current_readings(self, clause: Clause | str) -> tuple[tuple[Edition, tuple[Clause, ...]], ...]:
        """The line's reading in each current edition of its work (an empty tuple where a current
        edition dropped it, or never had it)."""
        line = self.line(clause)
        return tuple((e, line.clauses_in(e)) for e in self.of_work(line.work).current)

    def superseded_by(self, edition: Edition) -> tuple[tuple[Edition, ComparisonSpec], ...]:
        return self.of_work(edition.work_id).superseded_by(edition)

    def is_current(self, edition: Edition) -> bool:
        return self.of_work(edition.work_id).is_current(edition)

    def _edition_of(self, clause: Clause) -> Edition:
        line = self.line(clause)
        return next(e for e, clauses in line.readings if any(c.id == clause.id for c in clauses))


def _id(value: Edition | Clause | str) -> str:
    return value if isinstance(value, str) else value.id


def trace_lineage(corpus: Corpus, comparisons: list[Comparison]) -> Lineage:
    """The lineage stage: every work's revisions, current editions and clause lines."""
    by_pair = {(c.old.id, c.new.id): c for c in comparisons}
    return _joined(tuple(_work_lineage(corpus, work, by_pair) for work in corpus.works))


def join_lineages(lineages: Iterator[Lineage] | list[Lineage]) -> Lineage:
    """One lineage of the works of several (each traced from its own works: a work's lineage
    reads only that work and its comparisons)."""
    return _joined(tuple(w for lineage in lineages for w in lineage.works))


def _joined(works: tuple[WorkLineage, ...]) -> Lineage:
    by_pair = {(c.old.id, c.new.id): c for w in works for c in w.comparisons}
    rows: dict[tuple[str, str, str], Correspondence] = {}
    for comparison in by_pair.values():
        for group in comparison.groups:
            for clause in group.old + group.new:
                rows[(comparison.old.id, comparison.new.id, clause.id)] = group
    line_of = {c.id: line for w in works for line in w.lines for _, clauses in line.readings for c in clauses}
    return Lineage(
        works,
        MappingProxyType({w.work.id: w for w in works}),
        MappingProxyType(line_of),
        MappingProxyType(by_pair),
        MappingProxyType(rows),
    )


def _work_lineage(corpus: Corpus, work: Work, by_pair: dict[tuple[str, str], Comparison]) -> WorkLineage:
    editions = work.editions
    revisions = tuple(
        (corpus.edition(spec.old), corpus.edition(spec.new), spec) for spec in work.comparisons if spec.supersedes is not None
    )
    revised = {old.id for old, _, _ in revisions}
    steps = []
    for index, edition in enumerate(editions):
        parents = [old for old, new, _ in revisions if new.id == edition.id]
        if not parents and index:
            parents = [editions[index - 1]]  # no revision declared: the edition before it
        steps += [by_pair[(parent.id, edition.id)] for parent in parents]
    comparisons = tuple(by_pair[(spec.old, spec.new)] for spec in work.comparisons)
    lines = _lines(work, steps)
    return WorkLineage(
        work, editions, revisions, tuple(steps), tuple(e for e in editions if e.id not in revised), comparisons, lines,
    )


def _lines(work: Work, steps: list[Comparison]) -> tuple[Line, ...]:
    """Connected clauses across every edition, by shared alignment keys; in reading order: the newest
    edition's order, with what only older editions have after the clause that comes before it there."""
    editions = work.editions
    clause_edition = {c.id: e for e in editions for c in e.clauses()}
    by_key: dict[str, list[Clause]] = {}
    for edition in editions:
        for clause in edition.clauses():
            for key in clause.align:
                by_key.setdefault(key, []).append(clause)
    seen: set[str] = set()
    components: list[list[Clause]] = []
    for edition in editions:
        for clause in edition.clauses():
            if clause.id in seen:
                continue
            component, todo = [], [clause]
            while todo:
                current = todo.pop()
                if current.id in seen:
                    continue
                seen.add(current.id)
                component.append(current)
                todo += [other for key in current.align for other in by_key[key] if other.id not in seen]
            components.append(component)
    position = {e.id: {c.id: i for i, c in enumerate(e.clauses())} for e in editions}
    # Each comparison's rows by the clauses in them, the first row a clause is in kept (looked up,
    # not searched: a work of thousands of lines would otherwise scan every row for every line).
    rows_of = [{x.id: (i, g) for i, g in reversed(list(enumerate(c.groups))) for x in g.old + g.new} for c in steps]
    traced = []
    for component in components:
        readings = tuple(
            (e, tuple(sorted((c for c in component if clause_edition[c.id].id == e.id), key=lambda c: position[e.id][c.id])))
            for e in editions
        )
        earliest = next(clauses for _, clauses in readings if clauses)
        line_steps = []
        for comparison, rows in zip(steps, rows_of):
            found = [rows[c.id] for c in component if c.id in rows]
            if found:
                line_steps.append(Step(comparison, min(found, key=itemgetter(0))[1]))
        traced.append((_line_id(earliest[0]), readings, tuple(line_steps)))
    ids = {line_id for line_id, _, _ in traced}
    could_be = [tuple(dict.fromkeys(_line_id(c) for _, clauses in readings for c in clauses)) for _, readings, _ in traced]
    # An id stays with the line whose id it is; one that two lines could claim goes to neither.
    claims = Counter(candidate for candidates in could_be for candidate in candidates)
    lines = []
    for (line_id, readings, line_steps), candidates in zip(traced, could_be):
        aliases = tuple(i for i in candidates if i not in ids and claims[i] == 1)
        lines.append(Line(line_id, work, readings, line_steps, aliases))
    return tuple(_in_reading_order(lines, editions, position))


def _line_id(clause: Clause) -> str:
    """The id a line takes from its earliest clause: that clause's first alignment key, or its id."""
    return clause.align[0] if clause.align else clause.id


def _in_reading_order(lines: list[Line], editions: tuple[Edition, ...], position: dict[str, dict[str, int]]) -> list[Line]:
    """Newest edition first, in its order; then, edition by edition back to the oldest, each line not
    yet placed goes right after the line that comes before it in that edition."""
    # A chain of lines (by their number in `lines`) from a start (-1), so that placing a line after
    # another costs nothing however many lines are placed already.
    after = {-1: -1}
    for edition in reversed(editions):
        ordered = position[edition.id]
        own = sorted((i for i, l in enumerate(lines) if l.clauses_in(edition)), key=lambda i: ordered[lines[i].clauses_in(edition)[0].id])
        cursor = -1
        for number in own:
            if number not in after:
                after[number] = after[cursor]
                after[cursor] = number
            cursor = number
    placed, at = [], after[-1]
    while at != -1:
        placed.append(lines[at])
        at = after[at]
    return placed
