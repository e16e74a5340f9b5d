"""A draft edition, as data: what the importer will write, before anything is written.

It gathers the witness's structure, the proposed ledger, the metadata and (when the work has
other editions) the alignment into the source format: section files, edition.yaml, ledger.yaml,
the witness's registration, the work's new comparisons, and the alignment keys other editions
need to share (a clause split in the new edition takes a second key in every edition that has
its counterpart). Ids follow sources/README.md: permanent, from structure and alignment keys,
never from wording, unique across the corpus.
"""

from __future__ import annotations

from types import MappingProxyType

import re
from dataclasses import dataclass, field
from typing import Any

from .. import drafts
from ..model import ClauseKind, Corpus, Edition, LineRange, Work
from . import align as aligning
from .metadata import Metadata
from .not_text import Proposal
from .structure import Clause, Section, Structure
from .witness_file import ReceivedText

_MAX_ID = 64


@dataclass
class Review:
    """One decision for the editor to check, most doubtful first (review.yaml holds them, each
    with the state the editor gives it)."""

    doubt: float
    lines: LineRange | None
    decided: str
    check: str
    topic: str = "structure"  # review.schema.json's topics: what the decision is about


@dataclass
class KeyEdit:
    """Alignment keys to add to a clause or section of an existing edition."""

    edition: str
    owner_id: str
    keys: tuple[str, ...]  # the full list it will hold


@dataclass
class Draft:
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


# --- alignment keys -----------------------------------------------------------------------------


@dataclass
class _Keys:
    """Alignment keys as they will stand: the compared edition's (added where the old edition had
    none), the new edition's, and every other edition's, with the edits that implies."""

    work: Work
    used: set[str]
    of_existing: dict[str, tuple[str, ...]] = field(default_factory=dict)  # owner id -> keys after the import
    edits: dict[str, KeyEdit] = field(default_factory=dict)

    @classmethod
    def for_work(cls, work: Work) -> _Keys:
        keys = cls(work, work_keys(work))
        single = len(work.editions) == 1
        for edition in work.editions:
            for section in edition.walk():
                for owner, current in ((section.id, section.align), *((c.id, c.align) for c in section.clauses)):
                    if single and not current:
                        # A work of one edition has no keys yet: each clause and section takes its id.
                        keys.set(edition.id, owner, (owner,))
                    else:
                        keys.of_existing[owner] = current
        return keys

    def set(self, edition: str, owner: str, keys: tuple[str, ...]) -> None:
        self.of_existing[owner] = keys
        self.used.update(keys)
        self.edits[owner] = KeyEdit(edition, owner, keys)

    def new_key(self, base: str) -> str:
        base = base if valid_id(base) else "k"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate

    def split(self, key: str, others: list[str]) -> list[str]:
        """`key` now stands for the first part of a split clause; the other parts take keys of
        their own (their ids), which every clause holding `key` in the existing editions takes too."""
        new = [self.new_key(own) for own in others]
        for edition in self.work.editions:
            for section in edition.walk():
                for clause in section.clauses:
                    held = self.of_existing.get(clause.id, ())
                    if key in held:
                        self.set(edition.id, clause.id, tuple(dict.fromkeys((*held, *new))))
        return [key, *new]


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


def _assign_keys(
    draft_clauses: list[Clause], alignment: aligning.Alignment | None, old_clauses: list, keys: _Keys, ids: dict[int, str]
) -> tuple[dict[int, tuple[str, ...]], list[Review]]:
    """Each new clause's keys (by its index): its counterparts' keys, or for a clause new in this
    edition its own id; and review items about the alignment."""
    review: list[Review] = []
    assigned: dict[int, tuple[str, ...]] = {}
    if alignment is None:
        return assigned, review
    for group in alignment.groups:
        if not group.new:
            clause = old_clauses[group.old[0]]
            review.append(Review(0.4, None, f"{clause.id} (“{_short(clause.text)}”) has no counterpart here: listed as dropped",
                                 "that its words are really gone, not moved or reworded beyond recognition", "alignment"))
            continue
        if not group.old:
            continue
        old_keys = [k for j in group.old for k in keys.of_existing.get(old_clauses[j].id, ())]
        where = LineRange(draft_clauses[group.new[0]].first, draft_clauses[group.new[-1]].last)
        names = ", ".join(old_clauses[j].id for j in group.old)
        if len(group.new) == 1:
            assigned[group.new[0]] = tuple(dict.fromkeys(old_keys))
            if len(group.old) > 1:
                review.append(Review(0.5, where, f"merged from {names} (similarity {group.similarity:.2f})", "that these clauses were merged into this one", "alignment"))
        else:
            if len(old_keys) >= len(group.new):
                shares = [old_keys[i : i + 1] for i in range(len(group.new) - 1)] + [old_keys[len(group.new) - 1 :]]
            else:
                shares = [[k] for k in keys.split(old_keys[0], [ids[i] for i in group.new[1:]])]
                review.append(Review(0.45, where, f"{names} split into {len(group.new)} clauses: it and its counterparts in other editions take the keys {', '.join(k for s in shares for k in s)}",
                                     "that the clause was split, not partly rewritten", "alignment"))
            for index, share in zip(group.new, shares):
                assigned[index] = tuple(share)
        if group.moved:
            review.append(Review(0.35, where, f"moved: corresponds to {names}, which stands elsewhere in the order", "that the clause moved rather than being dropped there and added here", "alignment"))
        if len(group.old) == 1 and len(group.new) == 1 and group.similarity < 0.3:
            review.append(Review(0.7, where, f"paired with {names}, whose words differ (similarity {group.similarity:.2f}): they stand in the same place of corresponding sections",
                                 "that the two correspond (a reworded heading); if not, give this clause a new key and list both as added and dropped", "alignment"))
        elif len(group.old) == 1 and len(group.new) == 1 and group.similarity < 0.75:
            review.append(Review(round(1 - group.similarity, 2), where, f"matched to {names} (similarity {group.similarity:.2f})", "that the two clauses correspond; if not, give this clause a new key and list both as added and dropped", "alignment"))
    for index, clause in enumerate(draft_clauses):
        if index not in assigned:
            assigned[index] = (keys.new_key(ids[index]),)
            review.append(Review(0.4, clause.range, f"no counterpart in the compared edition: listed as added (“{_short(clause.words)}”)", "that the clause is new in this edition", "alignment"))
    return assigned, review


def _section_review(
    structure: Structure, clauses: list[Clause], alignment: aligning.Alignment, old_clauses: list, compare: Edition,
    section_ids: dict[int, str], section_keys: dict[int, str], keys: _Keys | None,
) -> tuple[list[Review], dict[str, Any]]:
    """A section of the compared edition that the draft drops, merges with another or splits is
    a review item of high doubt: its clauses are cited by the section they stand in ("Title page
    ¶10"), and the comparison lists the key of a section no draft section took as dropped. So is a
    section of the draft with no counterpart. Judged from where the counterparts of each section's
    clauses stand (moves aside: a clause moved elsewhere is a move, not a change of sections).
    Also returns the draft's sections (by id) that correspond one to one to a section of the
    compared edition, with the same key."""
    home: dict[int, Section] = {}  # the draft's sections as they will be written
    for top in structure.sections:
        for part in top.walk():
            home.update((id(c), part) for c in part.clauses)
    old_home = {c.id: sec for sec in compare.walk() for c in sec.clauses}
    old_sections = list(compare.walk())
    taken = set(section_keys.values())

    def old_key(section) -> str:
        held = keys.of_existing.get(section.id, ()) if keys else section.align
        return held[0] if held else section.id

    def title(section) -> str:
        return f"{section.id} “{section.title}”"

    def new_title(section: Section) -> str:
        return f"{section_ids[id(section)]} “{section.title}”"

    def span(section: Section) -> LineRange | None:
        own = [c for c in section.clauses]
        return LineRange(own[0].first, own[-1].last) if own else None

    targets: dict[str, list[Section]] = {}  # old section id -> draft sections, in order
    sources: dict[int, list] = {}  # draft section -> old sections, in order
    start_of: dict[tuple[int, str], Clause] = {}  # (draft section, old section) -> first clause there
    anywhere: set[str] = set()  # old sections with a counterpart of any clause, moves included
    for index, clause in enumerate(clauses):
        group = alignment.of_new(index)
        new_section = home[id(clause)]
        for j in group.old:
            old_section = old_home[old_clauses[j].id]
            anywhere.add(old_section.id)
            if group.moved:
                continue
            if new_section not in targets.setdefault(old_section.id, []):
                targets[old_section.id].append(new_section)
            if old_section not in sources.setdefault(id(new_section), []):
                sources[id(new_section)].append(old_section)
                start_of[(id(new_section), old_section.id)] = clause

    review: list[Review] = []
    drafted = [part for top in structure.sections for part in top.walk()]
    for section in drafted:
        merged = sources.get(id(section), [])
        if len(merged) >= 2:
            kept = section_keys[id(section)]
            dropped = [old for old in merged if old_key(old) != kept and old_key(old) not in taken]
            cuts = "; ".join(
                f"the counterparts of {old.id} begin at line {start_of[(id(section), old.id)].first}" for old in merged[1:]
            )
            said_dropped = (
                f" No section of the draft takes the key of {', '.join(f'{old.id} ({old_key(old)})' for old in dropped)}: the comparison lists it as dropped."
                if dropped else ""
            )
            review.append(Review(
                0.85, span(section),
                f"sections merged: {' and '.join(title(old) for old in merged)} of {compare.id} are one section here, "
                f"{new_title(section)}, with the key {kept}; its clauses are cited as paragraphs of “{section.title}”.{said_dropped}",
                f"whether the witness prints them as one section. If it does not, cut this section where the next begins ({cuts}): "
                "move those clauses into a section file of their own, with the kind and the key of their counterparts' section, "
                "list the file in edition.yaml's contents, and take the key off the comparison's `dropped` in work.yaml",
                "sections",
            ))
        elif not merged and not any(alignment.of_new(clauses.index(c)).old for c in section.clauses):
            review.append(Review(
                0.5, span(section), f"a section with no counterpart in {compare.id}: {new_title(section)}, listed as added",
                f"that the section is new in this edition, not a section of {compare.id} reworded beyond recognition",
                "sections",
            ))
    for position, old in enumerate(old_sections):
        spread = targets.get(old.id, [])
        if len(spread) >= 2:
            where = ", ".join(f"{new_title(part)} ({span(part).described if span(part) else 'no lines'})" for part in spread)
            first, last = span(spread[0]), span(spread[-1])
            review.append(Review(
                0.8, LineRange(first.first, last.last) if first and last else None,
                f"section split: the counterparts of {title(old)} of {compare.id} stand in {len(spread)} sections here: {where}",
                f"whether the witness divides it so. If it does not, make them one section (one file), with the key {old_key(old)}",
                "sections",
            ))
        elif old.id not in anywhere:
            before = [home_line for j, c in enumerate(old_clauses) if old_home[c.id] is not old and old_sections.index(old_home[c.id]) < position
                      for home_line in _counterpart_lines(alignment, j, clauses)]
            after = [home_line for j, c in enumerate(old_clauses) if old_home[c.id] is not old and old_sections.index(old_home[c.id]) > position
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
        section_ids[id(part)]: sources[id(part)][0]
        for part in drafted
        if len(sources.get(id(part), [])) == 1 and targets.get(sources[id(part)][0].id) == [part]
        and old_key(sources[id(part)][0]) == section_keys[id(part)]
    }
    return review, one_to_one


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


def _carry_notes(doc: dict[str, Any], clause: Clause, counterparts: list, alignment: aligning.Alignment, compare: Edition,
                 footnote_ids: dict[str, str], carried: list[str], review: list[Review]) -> None:
    """The notes of a counterpart whose words are the same here (renames aside), as proposals in
    the clause's notes; the notes of a counterpart worded differently (or whose sic no longer
    occurs), as review items with the note ready to paste."""
    notes = [n for old in counterparts for n in old.notes]
    if not notes:
        return
    markers = {footnote_id: marker for marker, footnote_id in footnote_ids.items()}
    printed = _printed_words(doc, markers)
    (old,) = counterparts if len(counterparts) == 1 else (None,)
    same = old is not None and aligning.tokens(old.text, alignment.renames) == aligning.tokens(clause.body)
    for source in counterparts:
        for note in source.notes:
            sic_holds = not note.sic or " ".join(note.sic.split()) in printed
            if same and sic_holds:
                proposal = _proposed_note(note, source.id, compare, "whose words are the same here")
                if all(n.get("text") != proposal["text"] for n in doc.get("notes", [])):
                    doc.setdefault("notes", []).append(proposal)
                    if doc["id"] not in carried:
                        carried.append(doc["id"])
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
    taken = corpus_ids(corpus)
    review: list[Review] = [Review(d.doubt, d.lines, d.decided, d.check, d.topic) for d in structure.doubts]
    review += [Review(d.doubt, d.lines, d.decided, d.check, "metadata") for d in metadata.doubts]
    review += _furniture_review(proposals)
    multi = bool(work.editions)
    keys = _Keys.for_work(work) if multi else None

    # Sections: ids and keys from the compared edition's sections where their clauses correspond.
    flat: list[tuple[Clause, Section]] = []
    for section in structure.sections:
        for part in section.walk():
            flat += [(c, part) for c in part.clauses]
    flat.sort(key=lambda pair: pair[0].first)
    clauses = [c for c, _ in flat]
    section_of = {id(c): s for c, s in flat}
    old_clauses = list(compare.clauses()) if compare else []
    old_section = {c.id: s for s in (compare.walk() if compare else ()) for c in s.clauses}
    section_slugs = _section_slugs(structure.sections)
    section_ids = {key: _unique_id(f"{edition_id}-{slug}", taken) for key, slug in section_slugs.items()}
    section_keys: dict[int, str] = {}
    used_section_keys: set[str] = set()
    for section in (s for top in structure.sections for s in top.walk()):
        counterpart = _counterpart_section(section, clauses, section_of, alignment, old_clauses, old_section, compare)
        old_keys = keys.of_existing.get(counterpart.id, ()) if (keys and counterpart) else ()
        if old_keys and old_keys[0] not in used_section_keys:
            section_keys[id(section)] = old_keys[0]
        elif keys is not None:
            section_keys[id(section)] = keys.new_key(section_ids[id(section)])
        else:
            section_keys[id(section)] = section_slugs[id(section)]
        used_section_keys.add(section_keys[id(section)])

    # Clause ids: the section's id and the clause's place in it (headings "-h", "-h2").
    ids: dict[int, str] = {}
    counters: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        section_id = section_ids[id(section_of[id(clause)])]
        slot = "h" if clause.kind is ClauseKind.HEADING else ""
        counters[section_id + slot] = counters.get(section_id + slot, 0) + 1
        n = counters[section_id + slot]
        ids[index] = _unique_id(f"{section_id}-h" if slot and n == 1 else f"{section_id}-{slot}{n}", taken)

    clause_keys, align_review = (
        _assign_keys(clauses, alignment, old_clauses, keys, ids) if keys is not None and alignment is not None else ({}, [])
    )
    if keys is not None and alignment is None:  # the work's other editions, but none to compare: all new
        clause_keys = {i: (keys.new_key(ids[i]),) for i in range(len(clauses))}
    review += align_review

    themes_of, untagged = _carried_themes(clauses, alignment, old_clauses)

    if untagged:
        listed = ", ".join(ids[i] for i in untagged[:40]) + (" …" if len(untagged) > 40 else "")
        review.append(Review(0.3, None, f"themes carried over from {len(themes_of)} unchanged counterparts; {len(untagged)} changed or new clauses have none yet: {listed}",
                             "which themes each of them substantially speaks to (sources/README.md, Themes)", "themes"))

    # Footnotes and joins.
    footnote_ids: dict[str, str] = {}
    for top in structure.sections:
        for part in top.walk():
            for footnote in part.footnotes:
                footnote_ids[footnote.marker] = _unique_id(f"{section_ids[id(part)]}-fn-{len(footnote_ids) + 1}", taken)

    def clause_doc(index: int) -> dict[str, Any]:
        clause = clauses[index]
        doc: dict[str, Any] = {"id": ids[index], "kind": clause.kind.value}
        if clause.label:
            doc["label"] = clause.label
            if clause.label_restored:
                doc["label_restored"] = True
        if clause.term:
            doc["term"] = clause.term
        if multi:
            own = clause_keys[index]
            doc["align"] = own[0] if len(own) == 1 else list(own)
        if themes_of.get(index):
            doc["themes"] = list(themes_of[index])
        try:
            doc["text"] = _content(clause, footnote_ids, structure.rules)
        except _LabelInMarkup:  # the label is printed inside a link or italics: it stays there
            doc.pop("label", None)
            doc.pop("label_restored", None)
            doc.pop("term", None)
            doc["text"] = _content(clause, footnote_ids, structure.rules, with_label=False)
        if clause.label_restored:
            doc["notes"] = [{"kind": "repair", "text": f"The conversion lost this heading's number in its own count of the list; {clause.label} is the editor's."}]
        if alignment is not None and compare is not None:
            _carry_notes(doc, clause, _counterparts(alignment, index, old_clauses), alignment, compare, footnote_ids, carried, review)
        return doc

    index_of = {id(c): i for i, c in enumerate(clauses)}
    carried: list[str] = []  # ids of the clauses and sections notes were carried over to

    def section_doc(section: Section) -> dict[str, Any]:
        doc: dict[str, Any] = {"id": section_ids[id(section)], "kind": section.kind, "title": section.title}
        if multi:
            doc["align"] = section_keys[id(section)]
        doc["clauses"] = [clause_doc(index_of[id(c)]) for c in section.clauses]
        if section.footnotes:
            doc["footnotes"] = [
                {"id": footnote_ids[f.marker], "marker": f.marker, "lines": f.line.number, "text": _footnote_text(f, structure.rules)}
                for f in section.footnotes
            ]
        if section.children:
            doc["sections"] = [section_doc(child) for child in section.children]
        return doc

    sections = []
    names: set[str] = set()
    for section in structure.sections:
        if not section.clauses and section.children:
            # The source format wants each section to hold at least one clause of its own.
            section.clauses, section.children = section.children[0].clauses, section.children[1:] + section.children[0].children
        doc = section_doc(section)
        name = _file_name(section_slugs[id(section)], names)
        doc["_file"] = name
        sections.append(doc)

    if alignment is not None and compare is not None:
        section_review, one_to_one = _section_review(structure, clauses, alignment, old_clauses, compare, section_ids, section_keys, keys)
        review += section_review
        for doc in (d for top in sections for d in _walk_docs(top)):
            counterpart = one_to_one.get(doc["id"])
            if counterpart is not None and counterpart.notes:
                proposed = [_proposed_note(note, f"the section {counterpart.id}", compare, "which corresponds to this one here") for note in counterpart.notes]
                ordered = {}
                for key, value in doc.items():
                    if key == "clauses":
                        ordered["notes"] = proposed
                    ordered[key] = value
                doc.clear()
                doc.update(ordered)
                carried.append(doc["id"])
        if carried:
            review.append(Review(
                0.55, None,
                f"editorial notes of {compare.id} carried over as proposals to {len(carried)} clauses and sections whose counterparts "
                f"are the same here (the same words; for a section, the same section): {', '.join(carried[:40])}{' …' if len(carried) > 40 else ''}",
                "each: whether it holds for this edition and its witness (a sic or repair note speaks of how the witness is printed "
                "or converted; a comment may cite the other edition's lines). Accept a note by deleting its opening, “"
                f"{drafts.PROPOSED_NOTE} … here: ”; or delete the note. `make check` lists those still proposed",
                "notes",
            ))

    ledger = _ledger_doc(text, proposals, structure, clauses, edition_id, taken)

    # Metadata.
    witness_id = _next_witness_id(corpus, taken)
    edition_doc = _edition_doc(edition_id, metadata, witness_id, [s["_file"] for s in sections], compare, text)
    witness_entry = _witness_entry(witness_id, witness_file, text, metadata, structure)
    review.append(Review(0.9, None, "the witness's origin and conversion are placeholders", "write where the text came from and how it was converted, in sources/witnesses/witnesses.yaml", "witness"))
    review.append(Review(0.6, None, f"short name “{edition_doc['short_name']}”", "the short name readers see in every citation (at most 24 characters)", "metadata"))
    review.append(Review(0.6, structure.title.range if structure.title else None, f"title “{metadata.title}”", "that this is the document's title as printed", "metadata"))
    if alignment is None:
        review.append(Review(0.5, None, "no clause has a theme yet (the work's first edition)", "tag the clauses that substantially speak to a theme (sources/README.md, Themes)", "themes"))

    # The work: the new edition's place, and a comparison with each of its other editions.
    order = _place(work, edition_id, metadata, corpus)
    new_keys = {k for own in clause_keys.values() for k in own} | set(section_keys.values())
    markers = {footnote_id: marker for marker, footnote_id in footnote_ids.items()}
    printed = tuple(_printed_words(c, markers) for top in sections for part in _walk_docs(top) for c in part["clauses"])
    comparisons, comparison_review = _comparisons(work, edition_id, order, new_keys, keys, compare, alignment, printed)
    review += comparison_review

    summary = {
        "clauses": len(clauses),
        "sections": sum(1 for top in structure.sections for _ in top.walk()),
        "exclusions": len(ledger.get("exclusions", [])),
        "joins": len(ledger.get("joins", [])),
        "markup rules": len(structure.rules),
        "footnotes": len(footnote_ids),
    }
    if alignment is not None:
        for kind in ("matched", "split", "merged", "added", "dropped"):
            summary[kind] = sum(1 for g in alignment.groups if g.kind == kind)
        summary["moved"] = sum(1 for g in alignment.groups if g.moved)
    review.sort(key=lambda r: (-r.doubt, r.lines.first if r.lines else 0))
    return Draft(
        work=work, edition_id=edition_id, witness_id=witness_id, witness_file=witness_file, text=text, metadata=metadata,
        sections=sections, edition_doc=edition_doc, ledger_doc=ledger, witness_entry=witness_entry, editions_order=order,
        comparisons=comparisons, key_edits=list(keys.edits.values()) if keys else [], review=review, summary=summary,
    )


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


def _ledger_doc(text: ReceivedText, proposals: list[Proposal], structure: Structure, clauses: list[Clause], edition_id: str, taken: set[str]) -> dict[str, Any]:
    """ledger.yaml: the markup rules the text needs, the lines proposed as not text, the joins."""
    ledger: dict[str, Any] = {}
    if structure.rules:
        ledger["markup"] = [
            {"pattern": rule.pattern, **({"replace": rule.replace} if rule.replace else {}), **({"lines": _lines(rule.lines)} if rule.lines else {}), "reason": rule.reason}
            for rule in structure.rules
        ]
    exclusions = [
        {
            "id": _unique_id(f"{edition_id}-x-{proposal.category.split('-')[0]}", taken),
            "lines": _lines(proposal.lines),
            "category": proposal.category,
            "reason": proposal.reason,
            "text": "\n".join(text.line(n).strip() for n in range(proposal.lines.first, proposal.lines.last + 1) if text.line(n).strip()),
        }
        for proposal in proposals
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


def _edition_keys(edition: Edition, keys: _Keys | None) -> set[str]:
    out: set[str] = set()
    for section in edition.walk():
        for owner in (section.id, *(c.id for c in section.clauses)):
            out.update(keys.of_existing.get(owner, ()) if keys else ())
    return out


_NAMED = MappingProxyType({"front": "front", "introduction": "intro", "principles": "principles", "conclusion": "conclusion", "code": "code"})


def _section_slugs(sections: list[Section]) -> dict[int, str]:
    """Each section's slug, from structure alone: the first section of a named kind takes its name
    (front, intro, principles, conclusion, code), a principle its number (p3), any other top-level
    section its place (s1, s2, part1), a sub-section its parent's slug and a letter (s2-a)."""
    slugs: dict[int, str] = {}
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

    def children(section: Section, slug: str) -> None:
        for index, child in enumerate(section.children):
            if child.kind == "principle" and child.number is not None and f"p{child.number}" not in named:
                named.add(f"p{child.number}")
                child_slug = f"p{child.number}"
            else:
                child_slug = f"{slug}-{_letters(index)}"
            slugs[id(child)] = child_slug
            children(child, child_slug)

    for section in sections:
        slugs[id(section)] = top(section)
        children(section, slugs[id(section)])
    return slugs


def _letters(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _counterpart_section(section, clauses, section_of, alignment, old_clauses, old_section, compare):
    """The compared edition's section most of this section's clauses correspond to."""
    if alignment is None:
        return None
    votes: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        if section_of[id(clause)] is section:
            for j in alignment.of_new(index).old:
                old = old_section[old_clauses[j].id]
                votes[old.id] = votes.get(old.id, 0) + 1
    best = max(votes.items(), key=lambda v: (v[1], v[0]), default=None)
    return next(s for s in compare.walk() if s.id == best[0]) if best else None


def _unique_id(candidate: str, taken: set[str]) -> str:
    candidate = candidate[:_MAX_ID].rstrip("-")
    base, n = candidate, 1
    while candidate in taken or not valid_id(candidate):
        n += 1
        candidate = f"{base[: _MAX_ID - 4]}-{n}"
    taken.add(candidate)
    return candidate


def _file_name(slug: str, names: set[str]) -> str:
    base = re.sub(r"[^a-z0-9-]", "-", slug.lower()).strip("-") or "section"
    name, n = f"{base}.yaml", 1
    while name in names or name in ("edition.yaml", "ledger.yaml", "review.yaml"):
        n += 1
        name = f"{base}-{n}.yaml"
    names.add(name)
    return name


def _lines(lines: LineRange) -> int | str:
    return lines.first if lines.first == lines.last else f"{lines.first}-{lines.last}"


def _next_witness_id(corpus: Corpus, taken: set[str]) -> str:
    numbers = [int(m.group(1)) for w in corpus.witnesses if (m := re.fullmatch(r"w(\d+)", w.id))]
    n = max(numbers, default=-1) + 1
    while f"w{n:03d}" in taken:
        n += 1
    taken.add(f"w{n:03d}")
    return f"w{n:03d}"


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


def _place(work: Work, edition_id: str, metadata: Metadata, corpus: Corpus) -> list[str]:
    """The work's editions, oldest first, with the new one where its date puts it (last when
    either date is unknown)."""
    order = [e.id for e in work.editions]
    value = metadata.date.value
    if value:
        for index, edition in enumerate(work.editions):
            if edition.date.value and edition.date.value > value:
                return order[:index] + [edition_id] + order[index:]
    return order + [edition_id]


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


def _edition_doc(edition_id: str, metadata: Metadata, witness_id: str, files: list[str], compare: Edition | None, text: ReceivedText) -> dict[str, Any]:
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
