"""How a correspondence's difference class (compare.Difference) is said in words: one phrasing for
the margins, the comparison pages, the API's `said` (which check/ shows) and the CSV. A rename says
whether it names the same referent or substitutes another, so a change of audience never reads as a
change of spelling."""

from __future__ import annotations

from types import MappingProxyType

from ..compare import Correspondence, Difference
from ..model import Rename, RenameKind

PHRASES = MappingProxyType({
    Difference.IDENTICAL: "identical",
    Difference.TYPOGRAPHY: "typography only",
    Difference.LABEL: "printed label only",
    Difference.RENAMED: "renamed only",
    Difference.REWORDED: "reworded",
    Difference.ADDED: "added",
    Difference.DROPPED: "dropped",
    Difference.SPLIT: "split",
    Difference.MERGED: "merged",
    Difference.REGROUPED: "regrouped",
})

# What each kind of rename is, said after its wording: "EDIPs → ECS, substituted".
RENAME_KINDS = MappingProxyType({
    RenameKind.SAME_REFERENT: "the same referent renamed",
    RenameKind.SUBSTITUTION: "substituted",
})


def rename_said(rename: Rename) -> str:
    """'EDIPs → ECS, substituted'."""
    return f"{rename.old} → {rename.new}, {RENAME_KINDS[rename.kind]}"


def difference_said(group: Correspondence) -> str:
    """The class in a few words, with the renames it consists of and whether the clause moved:
    'renamed only (EDIPs → ECS, substituted)', 'reworded, moved'."""
    said = PHRASES[group.difference]
    if group.difference is Difference.RENAMED:
        said += " (" + "; ".join(rename_said(r) for r in group.renamed) + ")"
    if group.moved:
        said += ", moved"
    return said


def is_quiet(group: Correspondence) -> bool:
    """No difference of words and not moved: what a margin may say in a lower voice."""
    return not group.difference.words_differ and not group.moved
