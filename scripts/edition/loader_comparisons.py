"""A work's comparisons and its editions' alignment keys, checked as the loader loads a work.

Alignment keys say which clause and section of one edition corresponds to which of another: in a
work with several editions every section and clause holds keys, each key once per edition. A
comparison (work.yaml's `comparisons`) is declared for every pair of a work's editions: the keys
only one of them uses (`added`, `dropped`), the wording replaced throughout (`renames`), the
principal changes, and whether the later edition supersedes the earlier. What a schema cannot check
is checked here, against the editions as loaded; each mistake is refused with one message naming
the file, line and field to fix (SourceError), as everywhere in the loader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .errors import Place, SourceError
from .model import ComparisonSpec, Edition, PrincipalChange, Rename, RenameKind
from .yamlsource import FieldPath, YamlFile, prose


def check_alignment_keys(editions: Sequence[Edition]) -> None:
    """Each edition of a work holds keys on every section and clause when the work has several
    editions, and none when it has one."""
    required = len(editions) > 1
    for edition in editions:
        _check_alignment_present(edition, required)


def load_comparisons(doc: YamlFile, editions: Sequence[Edition]) -> tuple[ComparisonSpec, ...]:
    """The comparisons `doc` (a work.yaml) declares between `editions` (the work's, in its order),
    each checked against them; then that every pair is compared once, and that an edition is
    superseded by one edition only, or by one for each jurisdiction."""
    by_id = {e.id: e for e in editions}
    order = [e.id for e in editions]
    comparisons = tuple(
        _load_comparison(doc, index, item, by_id, order) for index, item in enumerate(doc.data.get("comparisons", []))
    )
    declared = {(c.old, c.new) for c in comparisons}
    if len(declared) != len(comparisons):
        raise doc.error(("comparisons",), "the same pair of editions is compared twice")
    _check_supersedes(doc, comparisons, editions)
    for i, older in enumerate(order):
        for newer in order[i + 1 :]:
            if (older, newer) not in declared:
                raise doc.error(
                    ("comparisons",) if comparisons else ("editions",),
                    f"no comparison of {older} with {newer}: every pair of editions is compared, so add "
                    f"`- from: {older}` / `to: {newer}` (with its renames, added and dropped keys)",
                )
    return comparisons


def _check_supersedes(doc: YamlFile, comparisons: Sequence[ComparisonSpec], editions: Sequence[Edition]) -> None:
    """An edition is replaced by one edition, or by several for different jurisdictions (branches:
    an England and a Wales revision of one text), each of which must say where it applies."""
    where = {e.id: e.jurisdiction.value for e in editions}
    replaced: dict[str, list[str]] = {}
    for index, comparison in enumerate(comparisons):
        if comparison.supersedes is None:
            continue
        for earlier in replaced.get(comparison.old, []):
            if where[earlier] is None or where[comparison.new] is None or where[earlier] == where[comparison.new]:
                raise doc.error(
                    ("comparisons", index, "supersedes"),
                    f"{comparison.old} is already superseded by {earlier}: an edition is replaced by one edition, or by "
                    "several only where each is for another jurisdiction (each edition's `jurisdiction` says which)",
                )
        replaced.setdefault(comparison.old, []).append(comparison.new)


def _load_comparison(doc: YamlFile, index: int, item: Any, editions: Mapping[str, Edition], order: Sequence[str]) -> ComparisonSpec:
    """comparisons[`index`] of `doc`: two editions of the work, the later second; renames whose
    wording each edition prints; principal changes; and the keys only one edition uses."""
    at: FieldPath = ("comparisons", index)
    for end in ("from", "to"):
        if item[end] not in editions:
            raise doc.error(at + (end,), f"'{item[end]}' is not an edition of this work")
    if order.index(item["from"]) >= order.index(item["to"]):
        raise doc.error(at + ("to",), f"'{item['to']}' must be a later edition than '{item['from']}'")
    old, new = editions[item["from"]], editions[item["to"]]
    renames = []
    for r_index, rename in enumerate(item.get("renames", [])):
        r_at = at + ("renames", r_index)
        for end, edition in (("from", old), ("to", new)):
            if not any(rename[end] in c.printed_words for c in edition.clauses()):
                raise doc.error(
                    r_at + (end,), f"'{rename[end]}' does not occur in the text of {edition.id}: the rename points at nothing"
                )
        renames.append(Rename(
            rename["from"], rename["to"], prose(rename["note"]), doc.place(r_at),
            RenameKind(rename["kind"]), rename.get("status") == "proposed",
        ))
    principal = _load_principal_changes(doc, at, item, old, new, renames)
    added = tuple(item.get("added", []))
    dropped = tuple(item.get("dropped", []))
    _check_keys(doc, at, old, new, added, dropped)
    return ComparisonSpec(
        old=old.id, new=new.id, place=doc.place(at), renames=tuple(renames), added=added, dropped=dropped,
        principal_changes=principal,
        supersedes=prose(item["supersedes"]["note"]) if "supersedes" in item else None,
    )


def _load_principal_changes(
    doc: YamlFile, at: FieldPath, item: Any, old: Edition, new: Edition, renames: Sequence[Rename]
) -> tuple[PrincipalChange, ...]:
    """Each principal change names clauses of either edition and declared renames. Whether the
    clauses really change is the comparison's to check (compare.py)."""
    ids = {c.id for edition in (old, new) for c in edition.clauses()}
    changes = []
    for p_index, change in enumerate(item.get("principal_changes", [])):
        p_at = at + ("principal_changes", p_index)
        for c_index, clause_id in enumerate(change.get("clauses", [])):
            if clause_id not in ids:
                raise doc.error(p_at + ("clauses", c_index), f"'{clause_id}' is not a clause of {old.id} or {new.id}")
        named = []
        for r_index, wording in enumerate(change.get("renames", [])):
            matching = [r for r in renames if r.old == wording]
            if not matching:
                raise doc.error(p_at + ("renames", r_index), f"'{wording}' is not the `from` of a rename declared for this comparison")
            named += matching
        clauses = tuple(change.get("clauses", []))
        changes.append(PrincipalChange(
            prose(change["text"]), clauses, tuple(named), doc.place(p_at), doc.place(p_at + ("text",)),
            tuple(doc.place(p_at + ("clauses", i)) for i in range(len(clauses))),
        ))
    return tuple(changes)


def _check_keys(doc: YamlFile, at: FieldPath, old: Edition, new: Edition, added: Sequence[str], dropped: Sequence[str]) -> None:
    """A key listed as added is used in the new edition only, a dropped one in the old only; every
    key used in one edition alone is listed so; and a key names a clause in both editions, or a
    section in both."""
    old_keys, new_keys = _alignment_keys(old), _alignment_keys(new)
    for field_name, keys, inside, outside in (
        ("added", added, new_keys, old_keys),
        ("dropped", dropped, old_keys, new_keys),
    ):
        for k_index, key in enumerate(keys):
            if key not in inside:
                edition = new if field_name == "added" else old
                raise doc.error(at + (field_name, k_index), f"alignment key '{key}' is not used in {edition.id}: it points at nothing")
            if key in outside:
                raise doc.error(
                    at + (field_name, k_index),
                    f"alignment key '{key}' is used in both editions, so it was not {field_name}",
                )
    for keys, other, declared, edition, verb in (
        (new_keys, old_keys, added, new, "added"),
        (old_keys, new_keys, dropped, old, "dropped"),
    ):
        for key, (kind, place) in keys.items():
            if key in other and other[key][0] != kind:
                raise SourceError(
                    place.child("align"),
                    f"alignment key '{key}' names a {kind} here but a {other[key][0]} in the other edition ({other[key][1]})",
                )
            if key not in other and key not in declared:
                raise doc.error(
                    at,
                    f"alignment key '{key}' ({place}) occurs only in {edition.id}: list it under `{verb}`, "
                    "or give the corresponding text of the other edition the same key",
                )


def _alignment_keys(edition: Edition) -> dict[str, tuple[str, Place]]:
    """Each alignment key of an edition: whether a section or a clause holds it, and where."""
    keys: dict[str, tuple[str, Place]] = {}
    for section in edition.walk():
        for key in section.align:
            keys[key] = ("section", section.place)
        for clause in section.clauses:
            for key in clause.align:
                keys[key] = ("clause", clause.place)
    return keys


def _check_alignment_present(edition: Edition, required: bool) -> None:
    """In a work with several editions every section and clause carries alignment keys, each used
    once per edition (a split or merge is one clause holding several keys)."""
    seen: dict[str, Place] = {}
    for section in edition.walk():
        units: list[tuple[str, tuple[str, ...], Place]] = [("section", section.align, section.place)]
        units += [("clause", c.align, c.place) for c in section.clauses]
        for kind, keys, place in units:
            if required and not keys:
                raise SourceError(
                    place.child("align"),
                    f"missing `align`: every {kind} of a work with several editions needs an alignment key",
                )
            if not required and keys:
                raise SourceError(place.child("align"), "alignment keys are only for works with several editions")
            for key in keys:
                if key in seen:
                    raise SourceError(
                        place.child("align"),
                        f"alignment key '{key}' is already used in {edition.id} at {seen[key]}; give one clause the list of keys instead",
                    )
                seen[key] = place
