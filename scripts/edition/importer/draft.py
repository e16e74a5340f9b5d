"""A draft edition, as data: what the importer will write, before anything is written.

It gathers the witness's structure, the proposed ledger, the metadata and (when the work has
other editions) the alignment into the source format: section files, edition.yaml, ledger.yaml,
the witness's registration, the work's new comparisons, and the alignment keys other editions
need to share (a clause split in the new edition takes a second key in every edition that has
its counterpart). Ids follow sources/README.md: permanent, from structure and alignment keys,
never from wording, unique across the corpus.

make_draft runs its phases in order, each a function of what the phases before it made. A
section is known by its path in the structure (its index at each level), a clause by its position
in the witness; ids and keys already given are passed on as values, never changed in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from .. import drafts
from ..model import Clause as EditionClause
from ..model import ClauseKind, Corpus, Edition, LineRange, Work
from ..model import Section as EditionSection
from . import align as aligning
from .metadata import Metadata
from .not_text import Proposal
from .structure import Clause, Section, Structure
from .witness_file import ReceivedText

_MAX_ID = 64

SectionPath = tuple[int, ...]  # a section's place in the structure: its index at each level


@dataclass(frozen=True)
class Review:
    """One decision for the editor to check, most doubtful first (review.yaml holds them, each
    with the state the editor gives it)."""

    doubt: float
    lines: LineRange | None
    decided: str
    check: str
    topic: str = "structure"  # review.schema.json's topics: what the decision is about


@dataclass(frozen=True)
class KeyEdit:
    """Alignment keys to add to a clause or section of an existing edition."""

    edition: str
    owner_id: str
    keys: tuple[str, ...]  # the full list it will hold


@dataclass
class Draft:
    """Everything the import writes. Not frozen: the importer adds to the review (a new work's item)."""

    work: Work
    edition_id: str
    witness_id: str
    witness_file: str
    text: ReceivedText
    metadata: Metadata
    sections: list[dict[str, Any]]  # section documents (with `_file` naming each top-level file)
    edition_doc: dict[str, Any]
    ledger_doc: dict[str, Any]
    witness_entry: dict[str, Any]
    editions_order: list[str]  # the work's editions with the new one in place
    comparisons: list[dict[str, Any]]  # new comparison entries for work.yaml
    key_edits: list[KeyEdit]
    review: list[Review]
    summary: dict[str, int] = field(default_factory=dict)


def valid_id(text: str) -> bool:
    return re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", text) is not None and len(text) <= _MAX_ID


def corpus_ids(corpus: Corpus) -> set[str]:
    ids = {w.id for w in corpus.witnesses} | {w.id for w in corpus.works}
    for edition in corpus.editions():
        ids.add(edition.id)
        for section in edition.walk():
            ids.add(section.id)
            ids.update(c.id for c in section.clauses)
            ids.update(f.id for f in section.footnotes)
        ids.update(x.id for x in edition.ledger.exclusions)
    return ids


def work_keys(work: Work) -> set[str]:
    keys: set[str] = set()
    for edition in work.editions:
        for section in edition.walk():
            keys.update(section.align)
            for clause in section.clauses:
                keys.update(clause.align)
    return keys


# --- what the phases pass on ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """The structure as the draft numbers it."""

    sections: Mapping[SectionPath, Section]  # in reading order: a section, then its sub-sections
    clauses: tuple[Clause, ...]  # in witness order: a clause's position is its index here
    home: tuple[SectionPath, ...]  # the section each clause stands in, by position
    position: Mapping[tuple[SectionPath, int], int]  # (section, index in its clauses) -> position


@dataclass(frozen=True)
class _Written:
    """A section as its file will hold it: the id, key, kind, title and footnotes of the
    structure's section at `path`, with these clauses (by position) and sub-sections."""

    path: SectionPath
    clauses: tuple[int, ...]
    children: tuple[_Written, ...]

    def walk(self) -> Iterator[_Written]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class _Keys:
    """The alignment keys of the work's editions as they will stand after the import: the keys
    each section and clause holds (by its id), every key in use, and the edits to existing
    editions that this implies (in the order first made)."""

    held: Mapping[str, tuple[str, ...]]
    used: frozenset[str]
    edits: Mapping[str, KeyEdit]


@dataclass(frozen=True)
class _Names:
    """What the draft calls its sections (by path), clauses (by position) and footnotes (by marker)."""

    section_ids: Mapping[SectionPath, str]
    section_keys: Mapping[SectionPath, str]
    clause_ids: tuple[str, ...]
    clause_keys: tuple[tuple[str, ...], ...]  # empty when the work has no other edition
    footnote_ids: Mapping[str, str]


# --- the draft ----------------------------------------------------------------------------------


def make_draft(
    corpus: Corpus,
    work: Work,
    edition_id: str,
    witness_file: str,
    text: ReceivedText,
    proposals: list[Proposal],
    structure: Structure,
    metadata: Metadata,
    compare: Edition | None,
    alignment: aligning.Alignment | None,
) -> Draft:
    """The draft of `text` (read as `structure`) as edition `edition_id` of `work`, aligned with
    `compare` when there is an `alignment`. Nothing passed in is changed."""
    # Ids are drawn in this order (sections, clauses, footnotes, exclusions, the witness), each
    # unique across the corpus and the draft: the order decides which id takes a "-2".
    taken = frozenset(corpus_ids(corpus))
    old_clauses = tuple(compare.clauses()) if compare else ()
    compared = alignment is not None and compare is not None

    # What the draft calls each section, clause and footnote, and the keys that align them.
    read = _read_in_order(structure)
    slugs = _section_slugs(structure.sections)
    section_ids, taken = _section_ids(slugs, edition_id, taken)
    keys = _existing_keys(work) if work.editions else None
    counterparts = _counterpart_sections(read, alignment, old_clauses, compare)
    section_keys, keys = _section_keys(read, slugs, section_ids, keys, counterparts)
    clause_ids, taken = _clause_ids(read, section_ids, taken)
    clause_keys, alignment_review, keys = _clause_keys(read.clauses, clause_ids, keys, work, alignment, old_clauses)
    themes_of, untagged = _carried_themes(read.clauses, alignment, old_clauses)
    footnote_ids, taken = _footnote_ids(read, section_ids, taken)
    names = _Names(section_ids, section_keys, clause_ids, clause_keys, footnote_ids)

    # The files of the edition and the witness's registration.
    written = _as_written(structure, read)
    sections_review, one_to_one = (
        _section_review(written, read, names, keys, alignment, old_clauses, compare) if compared else ([], {})
    )
    sections, notes_review, carried = _section_docs(
        written, read, names, themes_of, structure.rules, keys is not None, alignment, compare, old_clauses, one_to_one
    )
    sections = _with_file_names(sections, [slugs[part.path] for part in written])
    exclusion_ids, taken = _exclusion_ids(proposals, edition_id, taken)
    ledger = _ledger_doc(text, proposals, exclusion_ids, structure.rules, read.clauses)
    witness_id = _next_witness_id(corpus, taken)
    edition_doc = _edition_doc(edition_id, metadata, witness_id, [s["_file"] for s in sections], text)
    witness_entry = _witness_entry(witness_id, witness_file, text, metadata, structure)

    # The work: the new edition's place, and its comparison with each other edition.
    order = _place(work, edition_id, metadata)
    comparisons, comparison_review = _comparisons(
        work, edition_id, order, _keys_of(names), keys, compare, alignment, _printed_clauses(sections, footnote_ids)
    )

    review = [
        *_reading_review(structure, metadata, proposals),
        *alignment_review,
        *_themes_review(clause_ids, themes_of, untagged),
        *notes_review,
        *sections_review,
        *(_carried_notes_review(carried, compare) if compared else []),
        *_placeholders_review(edition_doc, metadata, structure, alignment),
        *comparison_review,
    ]
    review.sort(key=lambda r: (-r.doubt, r.lines.first if r.lines else 0))  # most doubtful first
    return Draft(
        work=work, edition_id=edition_id, witness_id=witness_id, witness_file=witness_file, text=text, metadata=metadata,
        sections=sections, edition_doc=edition_doc, ledger_doc=ledger, witness_entry=witness_entry, editions_order=order,
        comparisons=comparisons, key_edits=list(keys.edits.values()) if keys else [], review=review,
        summary=_summary(read, written, ledger, structure, footnote_ids, alignment),
    )


# --- the phases, in the order make_draft runs them ----------------------------------------------


def _read_in_order(structure: Structure) -> _Read:
    """Each section by its path, and every clause in witness order with the section it stands in."""
    sections: dict[SectionPath, Section] = {}

    def visit(section: Section, path: SectionPath) -> None:
        sections[path] = section
        for index, child in enumerate(section.children):
            visit(child, (*path, index))

    for index, top in enumerate(structure.sections):
        visit(top, (index,))
    places = [(path, k) for path, section in sections.items() for k in range(len(section.clauses))]
    places.sort(key=lambda place: sections[place[0]].clauses[place[1]].first)
    return _Read(
        sections=MappingProxyType(sections),
        clauses=tuple(sections[path].clauses[k] for path, k in places),
        home=tuple(path for path, _ in places),
        position=MappingProxyType({place: n for n, place in enumerate(places)}),
    )


_NAMED = MappingProxyType({"front": "front", "introduction": "intro", "principles": "principles", "conclusion": "conclusion", "code": "code"})


def _section_slugs(sections: Sequence[Section]) -> Mapping[SectionPath, str]:
    """Each section's slug, from structure alone: the first section of a named kind takes its name
    (front, intro, principles, conclusion, code), a principle its number (p3), any other top-level
    section its place (s1, s2, part1), a sub-section its parent's slug and a letter (s2-a)."""
    slugs: dict[SectionPath, str] = {}
    named: set[str] = set()
    counts = {"s": 0, "part": 0}

    def top(section: Section) -> str:
        if section.kind == "principle" and section.number is not None and f"p{section.number}" not in named:
            named.add(f"p{section.number}")
            return f"p{section.number}"
        if section.kind in _NAMED and _NAMED[section.kind] not in named:
            named.add(_NAMED[section.kind])
            return _NAMED[section.kind]
        bucket = "part" if section.kind == "part" else "s"
        counts[bucket] += 1
        return f"{bucket}{counts[bucket]}"

    def children(section: Section, path: SectionPath, slug: str) -> None:
        for index, child in enumerate(section.children):
            if child.kind == "principle" and child.number is not None and f"p{child.number}" not in named:
                named.add(f"p{child.number}")
                child_slug = f"p{child.number}"
            else:
                child_slug = f"{slug}-{_letters(index)}"
            slugs[(*path, index)] = child_slug
            children(child, (*path, index), child_slug)

    for index, section in enumerate(sections):
        slugs[(index,)] = top(section)
        children(section, (index,), slugs[(index,)])
    return MappingProxyType(slugs)


def _section_ids(slugs: Mapping[SectionPath, str], edition_id: str, taken: frozenset[str]) -> tuple[Mapping[SectionPath, str], frozenset[str]]:
    """Each section's id: the edition's id and the section's slug."""
    ids, taken = _unique_ids([f"{edition_id}-{slug}" for slug in slugs.values()], taken)
    return MappingProxyType(dict(zip(slugs, ids))), taken


def _existing_keys(work: Work) -> _Keys:
    """The keys the work's editions hold. A work of one edition has none yet: each of its
    clauses and sections takes its id."""
    single = len(work.editions) == 1
    held: dict[str, tuple[str, ...]] = {}
    used = set(work_keys(work))
    edits: dict[str, KeyEdit] = {}
    for edition in work.editions:
        for section in edition.walk():
            for owner, current in ((section.id, section.align), *((c.id, c.align) for c in section.clauses)):
                if single and not current:
                    held[owner] = (owner,)
                    used.add(owner)
                    edits[owner] = KeyEdit(edition.id, owner, (owner,))
                else:
                    held[owner] = current
    return _Keys(MappingProxyType(held), frozenset(used), MappingProxyType(edits))


def _counterpart_sections(
    read: _Read, alignment: aligning.Alignment | None, old_clauses: Sequence[EditionClause], compare: Edition | None
) -> Mapping[SectionPath, EditionSection]:
    """For each section, the compared edition's section most of its clauses correspond to."""
    if alignment is None or compare is None:
        return MappingProxyType({})
    old_home = {c.id: s for s in compare.walk() for c in s.clauses}
    by_id: dict[str, EditionSection] = {}
    for section in compare.walk():
        by_id.setdefault(section.id, section)
    votes: dict[SectionPath, dict[str, int]] = {}
    for position, path in enumerate(read.home):
        for j in alignment.of_new(position).old:
            old_id = old_home[old_clauses[j].id].id
            counted = votes.setdefault(path, {})
            counted[old_id] = counted.get(old_id, 0) + 1
    return MappingProxyType({
        path: by_id[max(counted.items(), key=lambda v: (v[1], v[0]))[0]] for path, counted in votes.items()
    })


def _section_keys(
    read: _Read, slugs: Mapping[SectionPath, str], section_ids: Mapping[SectionPath, str], keys: _Keys | None,
    counterparts: Mapping[SectionPath, EditionSection],
) -> tuple[Mapping[SectionPath, str], _Keys | None]:
    """Each section's key: its counterpart's, unless a section before it took that key; else a
    new key from its id. A work's first edition has no keys: its sections' slugs stand in."""
    if keys is None:
        return MappingProxyType(dict(slugs)), None
    used = set(keys.used)
    chosen: dict[SectionPath, str] = {}
    taken_here: set[str] = set()  # a key goes to one section of the draft
    for path in read.sections:
        counterpart = counterparts.get(path)
        old_keys = keys.held.get(counterpart.id, ()) if counterpart else ()
        if old_keys and old_keys[0] not in taken_here:
            chosen[path] = old_keys[0]
        else:
            chosen[path] = _free_key(section_ids[path], used)
            used.add(chosen[path])
        taken_here.add(chosen[path])
    return MappingProxyType(chosen), replace(keys, used=frozenset(used))


def _clause_ids(read: _Read, section_ids: Mapping[SectionPath, str], taken: frozenset[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Each clause's id: its section's id and its place there (headings "-h", "-h2")."""
    counters: dict[str, int] = {}
    candidates = []
    for clause, path in zip(read.clauses, read.home):
        section_id = section_ids[path]
        slot = "h" if clause.kind is ClauseKind.HEADING else ""
        counters[section_id + slot] = counters.get(section_id + slot, 0) + 1
        n = counters[section_id + slot]
        candidates.append(f"{section_id}-h" if slot and n == 1 else f"{section_id}-{slot}{n}")
    return _unique_ids(candidates, taken)


def _clause_keys(
    clauses: Sequence[Clause], clause_ids: Sequence[str], keys: _Keys | None, work: Work,
    alignment: aligning.Alignment | None, old_clauses: Sequence[EditionClause],
) -> tuple[tuple[tuple[str, ...], ...], list[Review], _Keys | None]:
    """Each clause's keys (by position): its counterparts' keys, or for a clause new in this
    edition a new key from its id; the review items about the alignment; and the keys as they
    now stand. A clause split here gives its counterparts in every edition the keys of its parts."""
    if keys is None:
        return (), [], None
    held, used, edits = dict(keys.held), set(keys.used), dict(keys.edits)

    def fresh(base: str) -> str:
        key = _free_key(base, used)
        used.add(key)
        return key

    def split(key: str, others: Sequence[str]) -> list[str]:
        """`key` now stands for the first part of a split clause; the other parts take keys of
        their own (their ids), which every clause holding `key` in the existing editions takes too."""
        new = [fresh(own) for own in others]
        for edition in work.editions:
            for clause in edition.clauses():
                current = held.get(clause.id, ())
                if key in current:
                    held[clause.id] = tuple(dict.fromkeys((*current, *new)))
                    used.update(held[clause.id])
                    edits[clause.id] = KeyEdit(edition.id, clause.id, held[clause.id])
        return [key, *new]

    assigned: dict[int, tuple[str, ...]] = {}
    review: list[Review] = []
    for group in alignment.groups if alignment is not None else ():
        split_into = None
        if group.new and group.old:
            old_keys = [k for j in group.old for k in held.get(old_clauses[j].id, ())]
            if len(group.new) == 1:
                shares = [list(dict.fromkeys(old_keys))]
            elif len(old_keys) >= len(group.new):
                shares = [old_keys[i : i + 1] for i in range(len(group.new) - 1)] + [old_keys[len(group.new) - 1 :]]
            else:
                shares = split_into = [[k] for k in split(old_keys[0], [clause_ids[i] for i in group.new[1:]])]
            assigned.update((position, tuple(share)) for position, share in zip(group.new, shares))
        review += _group_review(group, clauses, old_clauses, split_into)
    for position, clause in enumerate(clauses):
        if position not in assigned:
            assigned[position] = (fresh(clause_ids[position]),)
            if alignment is not None:
                review.append(Review(0.4, clause.range, f"no counterpart in the compared edition: listed as added (“{_short(clause.words)}”)", "that the clause is new in this edition", "alignment"))
    now = _Keys(MappingProxyType(held), frozenset(used), MappingProxyType(edits))
    return tuple(assigned[position] for position in range(len(clauses))), review, now


def _group_review(group: aligning.Group, clauses: Sequence[Clause], old_clauses: Sequence[EditionClause], split_into: list[list[str]] | None) -> list[Review]:
    """What is doubtful about one group of the alignment: a clause dropped, merged, split (into
    the keys `split_into`), moved, or matched to one whose words differ."""
    if not group.new:
        clause = old_clauses[group.old[0]]
        return [Review(0.4, None, f"{clause.id} (“{_short(clause.text)}”) has no counterpart here: listed as dropped",
                       "that its words are really gone, not moved or reworded beyond recognition", "alignment")]
    if not group.old:
        return []
    review = []
    where = LineRange(clauses[group.new[0]].first, clauses[group.new[-1]].last)
    names = ", ".join(old_clauses[j].id for j in group.old)
    if len(group.new) == 1 and len(group.old) > 1:
        review.append(Review(0.5, where, f"merged from {names} (similarity {group.similarity:.2f})", "that these clauses were merged into this one", "alignment"))
    if split_into is not None:
        review.append(Review(0.45, where, f"{names} split into {len(group.new)} clauses: it and its counterparts in other editions take the keys {', '.join(k for s in split_into for k in s)}",
                             "that the clause was split, not partly rewritten", "alignment"))
    if group.moved:
        review.append(Review(0.35, where, f"moved: corresponds to {names}, which stands elsewhere in the order", "that the clause moved rather than being dropped there and added here", "alignment"))
    if len(group.old) == 1 and len(group.new) == 1 and group.similarity < 0.3:
        review.append(Review(0.7, where, f"paired with {names}, whose words differ (similarity {group.similarity:.2f}): they stand in the same place of corresponding sections",
                             "that the two correspond (a reworded heading); if not, give this clause a new key and list both as added and dropped", "alignment"))
    elif len(group.old) == 1 and len(group.new) == 1 and group.similarity < 0.75:
        review.append(Review(round(1 - group.similarity, 2), where, f"matched to {names} (similarity {group.similarity:.2f})", "that the two clauses correspond; if not, give this clause a new key and list both as added and dropped", "alignment"))
    return review


def _carried_themes(clauses: list[Clause], alignment: aligning.Alignment | None, old_clauses: list) -> tuple[dict[int, tuple[str, ...]], list[int]]:
    """Themes from counterparts whose words are unchanged (renames and typography aside); and the
    clauses left for the editor (changed, or new, where the old edition tags its clauses)."""
    themes_of: dict[int, tuple[str, ...]] = {}
    untagged: list[int] = []
    if alignment is None:
        return themes_of, untagged
    for index, clause in enumerate(clauses):
        group = alignment.of_new(index)
        if len(group.old) == 1 and len(group.new) == 1:
            old = old_clauses[group.old[0]]
            if aligning.tokens(old.text, alignment.renames) == aligning.tokens(clause.body) and old.themes:
                themes_of[index] = old.themes
                continue
        if any(old_clauses[j].themes for j in group.old) or not group.old:
            untagged.append(index)
    return themes_of, untagged


def _footnote_ids(read: _Read, section_ids: Mapping[SectionPath, str], taken: frozenset[str]) -> tuple[Mapping[str, str], frozenset[str]]:
    """Each footnote's id (by its marker): its section's id and its number in the text."""
    markers: list[str] = []
    candidates: list[str] = []
    seen: set[str] = set()
    for path, section in read.sections.items():
        for footnote in section.footnotes:
            candidates.append(f"{section_ids[path]}-fn-{len(seen) + 1}")
            seen.add(footnote.marker)
            markers.append(footnote.marker)
    ids, taken = _unique_ids(candidates, taken)
    return MappingProxyType(dict(zip(markers, ids))), taken


def _as_written(structure: Structure, read: _Read) -> tuple[_Written, ...]:
    """The sections as their files will hold them."""

    def written(section: Section, path: SectionPath) -> _Written:
        return _Written(
            path,
            tuple(read.position[(path, k)] for k in range(len(section.clauses))),
            tuple(written(child, (*path, index)) for index, child in enumerate(section.children)),
        )

    out = []
    for index, section in enumerate(structure.sections):
        top = written(section, (index,))
        if not section.clauses and section.children:
            # The source format wants each section to hold at least one clause of its own: the
            # first sub-section's clauses are the section's, its sub-sections the section's first.
            first, *rest = top.children
            top = _Written(top.path, first.clauses, (*rest, *first.children))
        out.append(top)
    return tuple(out)


def _section_review(
    written: Sequence[_Written], read: _Read, names: _Names, keys: _Keys | None, alignment: aligning.Alignment,
    old_clauses: Sequence[EditionClause], compare: Edition,
) -> tuple[list[Review], Mapping[str, EditionSection]]:
    """A section of the compared edition that the draft drops, merges with another or splits is
    a review item of high doubt: its clauses are cited by the section they stand in ("Title page
    ¶10"), and the comparison lists the key of a section no draft section took as dropped. So is a
    section of the draft with no counterpart. Judged from where the counterparts of each section's
    clauses stand (moves aside: a clause moved elsewhere is a move, not a change of sections).
    Also returns the draft's sections (by id) that correspond one to one to a section of the
    compared edition, with the same key."""
    clauses = read.clauses
    drafted = [part for top in written for part in top.walk()]
    home = {position: part.path for part in drafted for position in part.clauses}
    of_path = {part.path: part for part in drafted}
    old_home = {c.id: sec for sec in compare.walk() for c in sec.clauses}
    old_sections = list(compare.walk())
    old_place = {sec.id: n for n, sec in enumerate(old_sections)}
    taken = set(names.section_keys.values())

    def old_key(section: EditionSection) -> str:
        held = keys.held.get(section.id, ()) if keys else section.align
        return held[0] if held else section.id

    def title(section: EditionSection) -> str:
        return f"{section.id} “{section.title}”"

    def new_title(path: SectionPath) -> str:
        return f"{names.section_ids[path]} “{read.sections[path].title}”"

    def span(path: SectionPath) -> LineRange | None:
        own = of_path[path].clauses
        return LineRange(clauses[own[0]].first, clauses[own[-1]].last) if own else None

    targets: dict[str, list[SectionPath]] = {}  # old section id -> draft sections, in order
    sources: dict[SectionPath, list[EditionSection]] = {}  # draft section -> old sections, in order
    start_of: dict[tuple[SectionPath, str], Clause] = {}  # (draft section, old section) -> first clause there
    anywhere: set[str] = set()  # old sections with a counterpart of any clause, moves included
    for position, clause in enumerate(clauses):
        group = alignment.of_new(position)
        new_section = home[position]
        for j in group.old:
            old_section = old_home[old_clauses[j].id]
            anywhere.add(old_section.id)
            if group.moved:
                continue
            if new_section not in targets.setdefault(old_section.id, []):
                targets[old_section.id].append(new_section)
            if old_section not in sources.setdefault(new_section, []):
                sources[new_section].append(old_section)
                start_of[(new_section, old_section.id)] = clause

    review: list[Review] = []
    for part in drafted:
        path = part.path
        merged = sources.get(path, [])
        if len(merged) >= 2:
            kept = names.section_keys[path]
            dropped = [old for old in merged if old_key(old) != kept and old_key(old) not in taken]
            cuts = "; ".join(
                f"the counterparts of {old.id} begin at line {start_of[(path, old.id)].first}" for old in merged[1:]
            )
            said_dropped = (
                f" No section of the draft takes the key of {', '.join(f'{old.id} ({old_key(old)})' for old in dropped)}: the comparison lists it as dropped."
                if dropped else ""
            )
            review.append(Review(
                0.85, span(path),
                f"sections merged: {' and '.join(title(old) for old in merged)} of {compare.id} are one section here, "
                f"{new_title(path)}, with the key {kept}; its clauses are cited as paragraphs of “{read.sections[path].title}”.{said_dropped}",
                f"whether the witness prints them as one section. If it does not, cut this section where the next begins ({cuts}): "
                "move those clauses into a section file of their own, with the kind and the key of their counterparts' section, "
                "list the file in edition.yaml's contents, and take the key off the comparison's `dropped` in work.yaml",
                "sections",
            ))
        elif not merged and not any(alignment.of_new(position).old for position in part.clauses):
            review.append(Review(
                0.5, span(path), f"a section with no counterpart in {compare.id}: {new_title(path)}, listed as added",
                f"that the section is new in this edition, not a section of {compare.id} reworded beyond recognition",
                "sections",
            ))
    for position, old in enumerate(old_sections):
        spread = targets.get(old.id, [])
        if len(spread) >= 2:
            where = ", ".join(f"{new_title(path)} ({span(path).described if span(path) else 'no lines'})" for path in spread)
            first, last = span(spread[0]), span(spread[-1])
            review.append(Review(
                0.8, LineRange(first.first, last.last) if first and last else None,
                f"section split: the counterparts of {title(old)} of {compare.id} stand in {len(spread)} sections here: {where}",
                f"whether the witness divides it so. If it does not, make them one section (one file), with the key {old_key(old)}",
                "sections",
            ))
        elif old.id not in anywhere:
            before = [home_line for j, c in enumerate(old_clauses) if old_home[c.id].id != old.id and old_place[old_home[c.id].id] < position
                      for home_line in _counterpart_lines(alignment, j, clauses)]
            after = [home_line for j, c in enumerate(old_clauses) if old_home[c.id].id != old.id and old_place[old_home[c.id].id] > position
                     for home_line in _counterpart_lines(alignment, j, clauses)]
            gap = LineRange(max(before), min(after)) if before and after and max(before) <= min(after) else None
            review.append(Review(
                0.8, gap,
                f"section dropped: {title(old)} of {compare.id} ({len(old.clauses)} clauses) has no counterpart here; "
                f"its key {old_key(old)} is listed as dropped" + (f" (it would stand between witness lines {gap.first} and {gap.last})" if gap else ""),
                "that the witness does not print it: not under another heading, nor merged into the text around it",
                "sections",
            ))
    one_to_one = {
        names.section_ids[part.path]: sources[part.path][0]
        for part in drafted
        if len(sources.get(part.path, [])) == 1 and targets.get(sources[part.path][0].id) == [part.path]
        and old_key(sources[part.path][0]) == names.section_keys[part.path]
    }
    return review, MappingProxyType(one_to_one)


def _section_docs(
    written: Sequence[_Written], read: _Read, names: _Names, themes_of: Mapping[int, tuple[str, ...]], rules, multi: bool,
    alignment: aligning.Alignment | None, compare: Edition | None, old_clauses: Sequence[EditionClause],
    one_to_one: Mapping[str, EditionSection],
) -> tuple[list[dict[str, Any]], list[Review], list[str]]:
    """Each top-level section as its file will hold it; the review items about the notes of
    counterparts not carried over; and the ids of the clauses, then the sections, notes were
    carried over to (as proposals)."""
    markers = {footnote_id: marker for marker, footnote_id in names.footnote_ids.items()}
    with_counterparts = alignment is not None and compare is not None
    review: list[Review] = []
    clauses_carried: list[str] = []
    sections_carried: list[str] = []

    def clause_doc(position: int) -> dict[str, Any]:
        clause = read.clauses[position]
        own_keys = names.clause_keys[position] if multi else None
        doc = _clause_doc(clause, names.clause_ids[position], own_keys, themes_of.get(position, ()), names.footnote_ids, rules)
        notes = _repair_notes(clause)
        if with_counterparts:
            counterparts = _counterparts(alignment, position, old_clauses)
            proposed, not_carried = _carried_notes(doc, clause, counterparts, alignment, compare, markers, notes)
            review.extend(not_carried)
            if proposed:
                clauses_carried.append(doc["id"])
            notes = [*notes, *proposed]
        return {**doc, "notes": notes} if notes else doc

    def section_doc(part: _Written) -> dict[str, Any]:
        section = read.sections[part.path]
        doc: dict[str, Any] = {"id": names.section_ids[part.path], "kind": section.kind, "title": section.title}
        if multi:
            doc["align"] = names.section_keys[part.path]
        counterpart = one_to_one.get(doc["id"])
        if counterpart is not None and counterpart.notes:
            doc["notes"] = [_proposed_note(note, f"the section {counterpart.id}", compare, "which corresponds to this one here") for note in counterpart.notes]
            sections_carried.append(doc["id"])
        doc["clauses"] = [clause_doc(position) for position in part.clauses]
        if section.footnotes:
            doc["footnotes"] = [
                {"id": names.footnote_ids[f.marker], "marker": f.marker, "lines": f.line.number, "text": _footnote_text(f, rules)}
                for f in section.footnotes
            ]
        if part.children:
            doc["sections"] = [section_doc(child) for child in part.children]
        return doc

    docs = [section_doc(top) for top in written]
    return docs, review, [*clauses_carried, *sections_carried]


def _clause_doc(clause: Clause, clause_id: str, keys: tuple[str, ...] | None, themes: tuple[str, ...], footnote_ids: Mapping[str, str], rules) -> dict[str, Any]:
    """A clause as its section file holds it, notes aside."""
    try:
        text, label_apart = _content(clause, footnote_ids, rules), True
    except _LabelInMarkup:  # the label is printed inside a link or italics: it stays there
        text, label_apart = _content(clause, footnote_ids, rules, with_label=False), False
    doc: dict[str, Any] = {"id": clause_id, "kind": clause.kind.value}
    if label_apart and clause.label:
        doc["label"] = clause.label
        if clause.label_restored:
            doc["label_restored"] = True
    if label_apart and clause.term:
        doc["term"] = clause.term
    if keys is not None:
        doc["align"] = keys[0] if len(keys) == 1 else list(keys)
    if themes:
        doc["themes"] = list(themes)
    doc["text"] = text
    return doc


def _repair_notes(clause: Clause) -> list[dict[str, Any]]:
    if not clause.label_restored:
        return []
    return [{"kind": "repair", "text": f"The conversion lost this heading's number in its own count of the list; {clause.label} is the editor's."}]


def _carried_notes(
    doc: dict[str, Any], clause: Clause, counterparts: Sequence[EditionClause], alignment: aligning.Alignment, compare: Edition,
    markers: Mapping[str, str], notes: Sequence[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[Review]]:
    """The notes of a counterpart whose words are the same here (renames aside), as proposals to
    add to the clause's `notes`; the notes of a counterpart worded differently (or whose sic no
    longer occurs), as review items with the note ready to paste."""
    if not any(old.notes for old in counterparts):
        return [], []
    printed = _printed_words(doc, markers)
    (old,) = counterparts if len(counterparts) == 1 else (None,)
    same = old is not None and aligning.tokens(old.text, alignment.renames) == aligning.tokens(clause.body)
    proposed: list[dict[str, Any]] = []
    review: list[Review] = []
    for source in counterparts:
        for note in source.notes:
            sic_holds = not note.sic or " ".join(note.sic.split()) in printed
            if same and sic_holds:
                proposal = _proposed_note(note, source.id, compare, "whose words are the same here")
                if all(n.get("text") != proposal["text"] for n in (*notes, *proposed)):
                    proposed.append(proposal)
                continue
            why = "its words are not the same here" if not same else f"the words it quotes as printed, “{note.sic}”, do not occur here"
            paste = f"kind: {note.kind.value}" + (f", sic: “{note.sic}”" if note.sic else "")
            review.append(Review(
                0.45, clause.range,
                f"{source.id} in {compare.id} carries a {note.kind.value} note; its counterpart here, {doc['id']}, was given none, since {why}. "
                f"The note reads: “{note.text}”",
                f"whether the note applies to {doc['id']}; if it does, add it to the clause's notes ({paste}), reworded for this witness",
                "notes",
            ))
    return proposed, review


def _with_file_names(sections: Sequence[dict[str, Any]], slugs: Sequence[str]) -> list[dict[str, Any]]:
    """Each top-level section's document with the name of its file (`_file`), from its slug."""
    names: list[str] = []
    for slug in slugs:
        base = re.sub(r"[^a-z0-9-]", "-", slug.lower()).strip("-") or "section"
        name, n = f"{base}.yaml", 1
        while name in names or name in ("edition.yaml", "ledger.yaml", "review.yaml"):
            n += 1
            name = f"{base}-{n}.yaml"
        names.append(name)
    return [{**doc, "_file": name} for doc, name in zip(sections, names)]


def _exclusion_ids(proposals: Sequence[Proposal], edition_id: str, taken: frozenset[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    return _unique_ids([f"{edition_id}-x-{proposal.category.split('-')[0]}" for proposal in proposals], taken)


def _ledger_doc(text: ReceivedText, proposals: Sequence[Proposal], exclusion_ids: Sequence[str], rules, clauses: Sequence[Clause]) -> dict[str, Any]:
    """ledger.yaml: the markup rules the text needs, the lines proposed as not text, the joins."""
    ledger: dict[str, Any] = {}
    if rules:
        ledger["markup"] = [
            {"pattern": rule.pattern, **({"replace": rule.replace} if rule.replace else {}), **({"lines": _lines(rule.lines)} if rule.lines else {}), "reason": rule.reason}
            for rule in rules
        ]
    exclusions = [
        {
            "id": exclusion_id,
            "lines": _lines(proposal.lines),
            "category": proposal.category,
            "reason": proposal.reason,
            "text": "\n".join(text.line(n).strip() for n in range(proposal.lines.first, proposal.lines.last + 1) if text.line(n).strip()),
        }
        for proposal, exclusion_id in zip(proposals, exclusion_ids)
    ]
    if exclusions:
        ledger["exclusions"] = exclusions
    joins = [
        {"lines": _lines(lines), "reason": reason, **({"glue": ""} if glue == "" else {})}
        for clause in clauses
        for lines, glue, reason in clause.joins
    ]
    if joins:
        ledger["joins"] = joins
    return ledger


def _next_witness_id(corpus: Corpus, taken: Set[str]) -> str:
    """The next witness id in the corpus's numbering (w000, w001 ...) that no id takes."""
    numbers = [int(m.group(1)) for w in corpus.witnesses if (m := re.fullmatch(r"w(\d+)", w.id))]
    n = max(numbers, default=-1) + 1
    while f"w{n:03d}" in taken:
        n += 1
    return f"w{n:03d}"


def _edition_doc(edition_id: str, metadata: Metadata, witness_id: str, files: list[str], text: ReceivedText) -> dict[str, Any]:
    licence = dict(metadata.licence)
    doc: dict[str, Any] = {
        "id": edition_id,
        "short_name": _short_name(edition_id, metadata, text),
        "title": metadata.title,
        "issuer": metadata.issuer,
        "edition": _fact(metadata.edition),
        "date": _fact(metadata.date),
        "jurisdiction": _fact(metadata.jurisdiction),
        "licence": licence,
        "witness": witness_id,
        "notes": [{"kind": "comment", "text": f"{drafts.DRAFT_NOTE} (see review.yaml beside this file)."}],
        "contents": files,
    }
    return doc


def _witness_entry(witness_id: str, witness_file: str, text: ReceivedText, metadata: Metadata, structure: Structure) -> dict[str, Any]:
    """The witness's registration: what the text says of itself; origin and conversion, which it
    cannot say, as placeholders the review list points at."""
    markup = ", ".join(sorted({r.name.replace("-", " ") for r in structure.rules}))
    return {
        "id": witness_id,
        "file": witness_file,
        "sha256": text.sha256,
        "what": metadata.title + ("" if metadata.edition.basis == "not-stated" else f", {metadata.edition.printed}") + ".",
        "issuer": metadata.issuer,
        "date_as_given": metadata.date_as_given,
        "origin": f"{drafts.NOT_RECORDED} imported from a file named {text.path.name}. Say where the text came from (publisher's site, a printed copy, a colleague) and when.",
        "conversion": f"{drafts.NOT_RECORDED} the importer found {markup + ' markup' if markup else 'no conversion markup'}. "
        "Say how the text was converted (from PDF, a web page) and the damage that shows.",
    }


def _keys_of(names: _Names) -> set[str]:
    """Every alignment key the new edition's sections and clauses hold."""
    return {k for own in names.clause_keys for k in own} | set(names.section_keys.values())


def _printed_clauses(sections: Sequence[dict[str, Any]], footnote_ids: Mapping[str, str]) -> tuple[str, ...]:
    """The printed words of each clause of the section documents, in order."""
    markers = {footnote_id: marker for marker, footnote_id in footnote_ids.items()}
    return tuple(_printed_words(c, markers) for top in sections for part in _walk_docs(top) for c in part["clauses"])


def _place(work: Work, edition_id: str, metadata: Metadata) -> list[str]:
    """The work's editions, oldest first, with the new one where its date puts it (last when
    either date is unknown)."""
    order = [e.id for e in work.editions]
    value = metadata.date.value
    if value:
        for index, edition in enumerate(work.editions):
            if edition.date.value and edition.date.value > value:
                return order[:index] + [edition_id] + order[index:]
    return order + [edition_id]


def _comparisons(
    work: Work, edition_id: str, order: list[str], new_keys: set[str], keys: _Keys | None, compare: Edition | None,
    alignment: aligning.Alignment | None, printed: tuple[str, ...] = (),
) -> tuple[list[dict[str, Any]], list[Review]]:
    """A comparison of the new edition with each other edition of the work: keys only one side
    has (added, dropped), and proposed renames: with the compared edition, those the alignment
    found; with each other edition, the renames declared between it and the compared edition
    whose wording the new edition keeps (`printed`: the new edition's clauses' printed words)."""
    comparisons, review = [], []
    for other in work.editions:
        older, newer = (other.id, edition_id) if order.index(other.id) < order.index(edition_id) else (edition_id, other.id)
        other_keys = _edition_keys(other, keys)
        in_new_only, in_other_only = sorted(new_keys - other_keys), sorted(other_keys - new_keys)
        renames = alignment.renames if (compare is not None and other.id == compare.id and alignment is not None) else []
        entry: dict[str, Any] = {"from": older, "to": newer}
        if renames:
            entry["renames"] = [
                # A proposal folds nothing until an editor accepts it: until then the comparison marks
                # the words as changed. `kind` is the cautious reading (another referent) until decided.
                {"from": r.old if older == other.id else r.new, "to": r.new if older == other.id else r.old,
                 "kind": "substitution", "status": "proposed",
                 "note": f"{drafts.PROPOSED_RENAME} replaced in {r.count} clauses and nowhere left standing. Say what it is (a name, a title)."}
                for r in renames
            ]
            review.append(Review(0.5, None, f"{len(renames)} renames proposed for {older} → {newer}: " + "; ".join(f"“{r.old}” → “{r.new}”" for r in renames),
                                 "each is marked as a change until you accept it. To accept one, set its `kind` (same-referent: "
                                 "the same thing renamed; substitution: other words for another referent), write its note and "
                                 "change `status: proposed` to `status: accepted` in work.yaml; to reject one, delete the rename", "renames"))
        elif compare is not None and other.id != compare.id:
            carried, passed = _carried_renames(work, compare, other, older == other.id, printed, alignment)
            if carried:
                entry["renames"] = carried
                review.append(Review(
                    0.5, None,
                    f"{len(carried)} renames declared for the comparison of {other.id} with {compare.id} proposed for {older} → {newer}, "
                    "where the new edition keeps the wording: " + "; ".join(f"“{r['from']}” → “{r['to']}”" for r in carried)
                    + (f". Not proposed, since this edition does not print their wording: {'; '.join(passed)}" if passed else ""),
                    "each: that it holds between these two editions too. Each is marked as a change until you accept it: keep or "
                    "correct its `kind`, write its note for this comparison (the note of the declared rename is quoted in it), and "
                    "change `status: proposed` to `status: accepted` in work.yaml; to reject one, delete the rename",
                    "renames",
                ))
            elif passed:
                review.append(Review(0.3, None, f"no rename of {other.id} → {compare.id} proposed for {older} → {newer}: this edition does not print their wording ({'; '.join(passed)})",
                                     f"whether other wording of {other.id} is replaced throughout in {edition_id}", "renames"))
        entry["added" if newer == edition_id else "dropped"] = in_new_only
        entry["dropped" if newer == edition_id else "added"] = in_other_only
        comparisons.append({k: v for k, v in entry.items() if v != []})
    return comparisons, review


def _carried_renames(work: Work, compare: Edition, other: Edition, other_is_older: bool, printed: tuple[str, ...],
                     alignment: aligning.Alignment | None) -> tuple[list[dict[str, Any]], list[str]]:
    """The renames declared (and accepted) between `other` and the compared edition, as proposals
    between `other` and the new edition, where the new edition prints the compared edition's
    wording (or the wording the alignment proposes for it); and those passed over."""
    now = {r.old: r.new for r in (alignment.renames if alignment else ())}  # compared edition's wording -> new edition's
    carried: list[dict[str, Any]] = []
    passed: list[str] = []
    seen: set[tuple[str, str]] = set()
    for spec in work.comparisons:
        if {spec.old, spec.new} != {compare.id, other.id}:
            continue
        for rename in spec.renames:
            if rename.proposed:
                continue  # undecided there: nothing to carry
            compared_word, other_word = (rename.new, rename.old) if spec.new == compare.id else (rename.old, rename.new)
            new_word = compared_word if any(compared_word in p for p in printed) else now.get(compared_word)
            if new_word is None or not any(new_word in p for p in printed):
                passed.append(f"“{rename.old}” → “{rename.new}”")
                continue
            pair = (other_word, new_word) if other_is_older else (new_word, other_word)
            if pair in seen:
                continue
            seen.add(pair)
            carried.append({
                "from": pair[0], "to": pair[1], "kind": rename.kind.value, "status": "proposed",
                "note": f"{drafts.PROPOSED_RENAME} as declared for {spec.old} → {spec.new}, whose note reads: “{rename.note}” "
                "Say whether, and how, it holds for this comparison.",
            })
    return carried, passed


def _edition_keys(edition: Edition, keys: _Keys | None) -> set[str]:
    out: set[str] = set()
    for section in edition.walk():
        for owner in (section.id, *(c.id for c in section.clauses)):
            out.update(keys.held.get(owner, ()) if keys else ())
    return out


# --- the review, phase by phase -----------------------------------------------------------------


def _reading_review(structure: Structure, metadata: Metadata, proposals: Sequence[Proposal]) -> list[Review]:
    """What the reading of the text was unsure of: its structure, its metadata, what was left out."""
    return [
        *(Review(d.doubt, d.lines, d.decided, d.check, d.topic) for d in structure.doubts),
        *(Review(d.doubt, d.lines, d.decided, d.check, "metadata") for d in metadata.doubts),
        *_furniture_review(proposals),
    ]


def _furniture_review(proposals: list[Proposal]) -> list[Review]:
    """One review item per kind of thing left out: page numbers and running footers are many."""
    by_reason: dict[tuple[str, str], list[Proposal]] = {}
    for proposal in proposals:
        by_reason.setdefault((proposal.category, proposal.reason), []).append(proposal)
    out = []
    for (category, reason), group in by_reason.items():
        where = group[0].lines if len(group) == 1 else None
        lines = "" if len(group) == 1 else " (lines " + ", ".join(str(p.lines) for p in group) + ")"
        out.append(Review(max(p.doubt for p in group), where, f"left out as {category.replace('-', ' ')}: {reason}{lines}", group[0].note, "furniture"))
    return out


def _themes_review(clause_ids: Sequence[str], themes_of: Mapping[int, tuple[str, ...]], untagged: Sequence[int]) -> list[Review]:
    if not untagged:
        return []
    listed = ", ".join(clause_ids[i] for i in untagged[:40]) + (" …" if len(untagged) > 40 else "")
    return [Review(0.3, None, f"themes carried over from {len(themes_of)} unchanged counterparts; {len(untagged)} changed or new clauses have none yet: {listed}",
                   "which themes each of them substantially speaks to (sources/README.md, Themes)", "themes")]


def _carried_notes_review(carried: Sequence[str], compare: Edition) -> list[Review]:
    if not carried:
        return []
    return [Review(
        0.55, None,
        f"editorial notes of {compare.id} carried over as proposals to {len(carried)} clauses and sections whose counterparts "
        f"are the same here (the same words; for a section, the same section): {', '.join(carried[:40])}{' …' if len(carried) > 40 else ''}",
        "each: whether it holds for this edition and its witness (a sic or repair note speaks of how the witness is printed "
        "or converted; a comment may cite the other edition's lines). Accept a note by deleting its opening, “"
        f"{drafts.PROPOSED_NOTE} … here: ”; or delete the note. `make check` lists those still proposed",
        "notes",
    )]


def _placeholders_review(edition_doc: dict[str, Any], metadata: Metadata, structure: Structure, alignment: aligning.Alignment | None) -> list[Review]:
    """What the text cannot say of itself, and what the draft guessed: for the editor to write or confirm."""
    review = [
        Review(0.9, None, "the witness's origin and conversion are placeholders", "write where the text came from and how it was converted, in sources/witnesses/witnesses.yaml", "witness"),
        Review(0.6, None, f"short name “{edition_doc['short_name']}”", "the short name readers see in every citation (at most 24 characters)", "metadata"),
        Review(0.6, structure.title.range if structure.title else None, f"title “{metadata.title}”", "that this is the document's title as printed", "metadata"),
    ]
    if alignment is None:
        review.append(Review(0.5, None, "no clause has a theme yet (the work's first edition)", "tag the clauses that substantially speak to a theme (sources/README.md, Themes)", "themes"))
    return review


def _summary(read: _Read, written: Sequence[_Written], ledger: dict[str, Any], structure: Structure, footnote_ids: Mapping[str, str],
             alignment: aligning.Alignment | None) -> dict[str, int]:
    summary = {
        "clauses": len(read.clauses),
        "sections": sum(1 for top in written for _ in top.walk()),
        "exclusions": len(ledger.get("exclusions", [])),
        "joins": len(ledger.get("joins", [])),
        "markup rules": len(structure.rules),
        "footnotes": len(footnote_ids),
    }
    if alignment is not None:
        for kind in ("matched", "split", "merged", "added", "dropped"):
            summary[kind] = sum(1 for g in alignment.groups if g.kind == kind)
        summary["moved"] = sum(1 for g in alignment.groups if g.moved)
    return summary


# --- helpers ------------------------------------------------------------------------------------


def _walk_docs(doc: dict[str, Any]):
    yield doc
    for child in doc.get("sections", []):
        yield from _walk_docs(child)


def _counterparts(alignment: aligning.Alignment, index: int, old_clauses: list) -> list:
    group = alignment.of_new(index)
    return [old_clauses[j] for j in group.old] if len(group.new) == 1 else []


def _proposed_note(note, owner: str, compare: Edition, why: str) -> dict[str, Any]:
    """An editorial note of the compared edition, carried over as a proposal the editor accepts
    by deleting its opening (drafts.PROPOSED_NOTE ... "here: ")."""
    doc: dict[str, Any] = {"kind": note.kind.value}
    if note.sic:
        doc["sic"] = note.sic
    doc["text"] = f"{drafts.PROPOSED_NOTE} {owner} in {compare.short_name}, {why}: {note.text}"
    return doc


def _printed_words(doc: dict[str, Any], markers: dict[str, str]) -> str:
    """A clause document's printed words, as the loader reads them (label, term, text)."""
    pieces = [doc["text"]] if isinstance(doc["text"], str) else doc["text"]
    text = "".join(
        re.sub(r"[ \n]+", " ", p) if isinstance(p, str) else re.sub(r"[ \n]+", " ", p.get("em") or p.get("link") or markers.get(p.get("footnote", ""), ""))
        for p in pieces
    ).strip(" ")
    parts = [doc["label"]] if doc.get("label") and not doc.get("label_restored") else []
    if doc.get("term"):
        parts.append(doc["term"])
    return " ".join([*parts, text])


def _counterpart_lines(alignment: aligning.Alignment, old_index: int, clauses: list[Clause]) -> list[int]:
    """The witness lines of the draft's counterparts of old clause `old_index`."""
    for group in alignment.groups:
        if old_index in group.old and group.new:
            return [line for i in group.new for line in (clauses[i].first, clauses[i].last)]
    return []


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _letters(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _free_key(base: str, used: Set[str]) -> str:
    """`base` (or "k" if it is no id), else `base-2`, `base-3` ...: the first not in `used`."""
    base = base if valid_id(base) else "k"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _free_id(candidate: str, taken: Set[str]) -> str:
    """`candidate` cut to an id's length, else numbered on: the first valid id not in `taken`."""
    candidate = candidate[:_MAX_ID].rstrip("-")
    base, n = candidate, 1
    while candidate in taken or not valid_id(candidate):
        n += 1
        candidate = f"{base[: _MAX_ID - 4]}-{n}"
    return candidate


def _unique_ids(candidates: Sequence[str], taken: frozenset[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """An id for each candidate, in order, unique among `taken` and each other; and the ids now taken."""
    now = set(taken)
    ids = []
    for candidate in candidates:
        ids.append(_free_id(candidate, now))
        now.add(ids[-1])
    return tuple(ids), frozenset(now)


def _lines(lines: LineRange) -> int | str:
    return lines.first if lines.first == lines.last else f"{lines.first}-{lines.last}"


class _LabelInMarkup(Exception):
    """The printed label or term lies inside italics or a link: it cannot be set apart."""


def _content(clause: Clause, footnote_ids: dict[str, str], rules, with_label: bool = True) -> Any:
    """The clause's text as the source format writes it: a string, or pieces when it has
    italics, links or footnote markers. The label and run-in term are kept apart (unless
    `with_label` is false: then they stay in the text, as printed)."""
    from . import markup

    pieces: list[markup.Piece] = []
    for line in clause.lines:
        line_pieces = markup.line_pieces(rules, line.number, line.raw)
        if "".join(p.text for p in line_pieces).split() != line.text.split():
            line_pieces = [markup.Piece("text", line.text)]  # markup pieces cannot hold: plain text
        if pieces:  # a word broken across a page break is mended without a space
            mended = any(glue == "" and lines.last == line.number for lines, glue, _ in clause.joins)
            if mended and pieces[-1].kind == "text" and line_pieces and line_pieces[0].kind == "text":
                pieces[-1] = markup.Piece("text", pieces[-1].text.rstrip())
                line_pieces[0] = markup.Piece("text", line_pieces[0].text.lstrip())
            else:
                pieces.append(markup.Piece("text", " "))
        pieces += line_pieces
    # The label and the term are the first words; they are set apart in plain text.
    if with_label:
        pieces = _drop_words(pieces, len(clause.words.split()) - len(clause.body.split()))
    out = _source_pieces(pieces)
    if clause.footnote_refs:  # a marker in the text refers to its footnote
        marker = re.compile("(" + "|".join(re.escape(m) for m in clause.footnote_refs) + ")")
        out = [
            ({"footnote": footnote_ids[part]} if part in footnote_ids else part)
            for piece in out
            for part in (marker.split(piece) if isinstance(piece, str) else [piece])
            if part != ""
        ]
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    out = [re.sub(r" {2,}", " ", p) if isinstance(p, str) else p for p in out]
    out = [p for p in out if p != ""]
    return out[0] if len(out) == 1 and isinstance(out[0], str) else out


def _source_pieces(pieces: list) -> list[Any]:
    """Pieces as the source format writes them: strings, {em}, {link, href}. Spaces at the edges
    of italics or a link's text stand outside them, so that no two words run together."""
    from . import markup

    out: list[Any] = []

    def text(words: str) -> None:
        words = re.sub(r"\s+", " ", words)
        if out and isinstance(out[-1], str):
            out[-1] += words
        elif words:
            out.append(words)

    for piece in pieces:
        keep_em = piece.kind == "em" and piece.text.strip()
        keep_link = piece.kind == "link" and piece.text.strip() and piece.href and markup.KEPT_ADDRESS.match(piece.href)
        if not (keep_em or keep_link):
            text(piece.text if piece.kind == "text" else piece.markdown())
            continue
        if piece.text[:1].isspace():
            text(" ")
        out.append({"em": " ".join(piece.text.split())} if keep_em else {"link": " ".join(piece.text.split()), "href": piece.href})
        if piece.text[-1:].isspace():
            text(" ")
    return out


def _drop_words(pieces: list, drop: int) -> list:
    """`pieces` less their first `drop` words. Words inside italics or a link are not taken out of
    them: the label stays in the text then (_LabelInMarkup)."""
    from . import markup

    pieces = list(pieces)
    while drop and pieces:
        piece = pieces[0]
        if not piece.text.strip():
            pieces.pop(0)
            continue
        if piece.kind != "text":
            raise _LabelInMarkup()
        parts = piece.text.split(None, drop)
        dropped = min(drop, len(piece.text.split()))
        drop -= dropped
        rest = parts[dropped] if len(parts) > dropped else ""
        if rest.strip():
            pieces[0] = markup.Piece("text", rest)
        else:
            pieces.pop(0)
    return pieces


def _footnote_text(footnote, rules) -> Any:
    """The footnote's text less its marker: pieces when it has italics or links."""
    from . import markup

    line = footnote.line
    pieces = markup.line_pieces(rules, line.number, line.raw)
    if "".join(p.text for p in pieces).split() != line.text.split():
        pieces = [markup.Piece("text", line.text)]
    try:
        pieces = _drop_words(pieces, 1)
    except _LabelInMarkup:
        return " ".join(line.text.split()[1:])
    out = _source_pieces(pieces)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    out = [p for p in out if p != ""]
    return out[0] if len(out) == 1 and isinstance(out[0], str) else out


def _fact(fact) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if fact.value:
        doc["value"] = fact.value
    doc["basis"] = fact.basis
    if fact.printed:
        doc["printed"] = fact.printed
    if fact.note:
        doc["note"] = fact.note
    return doc


def _short_name(edition_id: str, metadata: Metadata, text: ReceivedText) -> str:
    """The issuer's abbreviation as the text prints it ("NASBL"), with the year; else the edition
    id made readable."""
    year = (metadata.date.value or "")[:4]
    initials = "".join(w[0] for w in re.findall(r"[A-Z][\w'’]*", metadata.issuer) if w.lower() not in ("the", "of", "and", "for"))
    whole = "\n".join(text.lines)
    if len(initials) >= 2 and re.search(rf"\b{re.escape(initials)}\b", whole):
        return f"{initials} {year}".strip()[:24]
    parts = edition_id.split("-")
    return " ".join(p.upper() if len(p) <= 3 and p.isalpha() else p.capitalize() for p in parts)[:24]
