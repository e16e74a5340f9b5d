"""Comparing two editions of a work: what corresponds, what moved, and what changed word by word.

Correspondence comes only from the alignment keys in the sources (never from position): clauses
sharing a key correspond; a clause holding several keys was split or merged; a key in one edition
only was added or dropped. Moves are found from the order of corresponding clauses: the longest
run that kept its order stays, everything else moved.

The result is a neutral table, knowing nothing of pages: each correspondence (the clauses of each
edition it joins, its kind, whether it moved, its word diff), the renames applied and the
unmarked variants counted. How the rows are arranged on pages is the pages' business
(pages/arrange.py).

Word-level differences come from diff-match-patch (no time limit, so the result never depends on
the machine; semantic clean-up, so spans are readable). Before diffing, each token gets a
comparison key in which declared renames and typographic variants (quote styles, dashes, spacing,
capitals in headings, a list item's final punctuation) compare equal; after it, a change that
differs only in punctuation, spacing or a link's scheme is folded the same way (the noise rule,
_fold_typography). Variants show in the default view as plain text, and are kept for the view
that shows everything.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from diff_match_patch import diff_match_patch

from .order import longest_increasing
from .errors import SourceError
from .model import Clause, ClauseKind, ComparisonSpec, Corpus, Edition, PrincipalChange, Rename
from .words import DASHES, DOUBLE_QUOTES, SINGLE_QUOTES, fold, words

# --- tokens -------------------------------------------------------------------------------------

QUOTES = SINGLE_QUOTES + DOUBLE_QUOTES  # words.py: what typography is, one definition
FINAL_PUNCTUATION = ".;,:"


class Variant(str, Enum):
    """Differences the default view does not mark."""

    RENAME = "rename"  # a systematic rename declared in work.yaml
    TYPOGRAPHIC = "typographic"  # quote style, dash, spacing, capitals in headings, punctuation, link scheme
    LABEL = "label"  # a printed label added, dropped or changed (A., 1)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    key: str
    rename: bool = False


# A word as words.WORD has it (an apostrophe inside it, of any of the forms folding makes one),
# matched on the text as printed so that each token keeps its printed form.
# Combining marks belong to the word they mark (printed text may spell "naïve" with one).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD_PART = r"\w[\w" + _MARKS + r"]*"
_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<word>" + _WORD_PART + r"(?:[" + re.escape(SINGLE_QUOTES) + r"]" + _WORD_PART + r")*)|(?P<punct>[^\w\s])"
)


def _normal_word(word: str, fold_case: bool) -> str:
    word = fold(word)
    return word.lower() if fold_case else word


def _punct_key(ch: str) -> str:
    folded = fold(ch)
    if folded in ("'", '"'):
        return "QUOTE"
    if folded == "-":
        return "DASH"
    return folded


def tokenize(text: str, renames: dict[str, str], fold_case: bool = False) -> list[Token]:
    """Tokens of `text`. Each occurrence of a phrase in `renames` becomes one token whose key is
    the rename's target, so that old and new wording compare equal."""
    if fold_case:  # headings set in capitals: renames match in any case too
        renames = {old.lower(): new.lower() for old, new in renames.items()}
    tokens: list[Token] = []
    for token, kind in split(text, tuple(renames), fold_case):
        if kind == "space":
            tokens.append(Token(token, " "))
        elif kind == "word":
            tokens.append(Token(token, _normal_word(token, fold_case)))
        elif kind == "punct":
            tokens.append(Token(token, _punct_key(token)))
        else:
            tokens.append(Token(token, "RENAME:" + renames[token.lower() if fold_case else token], rename=True))
    return tokens


def split(text: str, phrases: tuple[str, ...], fold_case: bool = False) -> list[tuple[str, str]]:
    """`text` cut into tokens as printed, each with what it is: "space", "word", "punct", or
    "rename" (one of `phrases`, matched whole, in any case if `fold_case`, when `phrases` are in
    lower case). tokenize gives each its comparison key; the TEI apparatus needs only the cut."""
    out: list[tuple[str, str]] = []
    position = 0
    pattern = _phrase_pattern(phrases, fold_case)
    for match in pattern.finditer(text) if pattern else ():
        out += [(m.group(), m.lastgroup) for m in _TOKEN.finditer(text[position : match.start()])]  # type: ignore[misc]
        out.append((match.group(), "rename"))
        position = match.end()
    out += [(m.group(), m.lastgroup) for m in _TOKEN.finditer(text[position:])]  # type: ignore[misc]
    return out


def _phrase_pattern(phrases: tuple[str, ...], fold_case: bool) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)", re.IGNORECASE if fold_case else 0)


# --- pieces of a difference ---------------------------------------------------------------------


class Op(str, Enum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"
    OLD_BREAK = "old-break"  # a clause boundary in the old text only (clauses merged)
    NEW_BREAK = "new-break"  # a clause boundary in the new text only (a clause split)


@dataclass(frozen=True, slots=True)
class Piece:
    op: Op
    text: str  # the new text for EQUAL and INSERT, the old text for DELETE
    old_text: str | None = None  # for an EQUAL piece whose old wording differs (a variant)
    variant: Variant | None = None
    rename: Rename | None = None  # for a RENAME variant: the declared rename it is

    @property
    def marked(self) -> bool:
        """Whether the default view marks this piece."""
        return self.op in (Op.INSERT, Op.DELETE)


@dataclass(frozen=True, slots=True)
class Variation:
    """One variation between the two readings: `type` is "change" (a run of marked pieces, removed
    and added words side by side: one change as the pages mark it), a variant's name ("rename",
    "typographic"), "break" (a clause ends on one side only), or "" for text both editions share;
    `rename` is the declared rename a "rename" variation is."""

    type: str
    old: str
    new: str
    rename: Rename | None = None


def variations(pieces: Iterable[Piece]) -> Iterator[Variation]:
    """The pieces as variations. TEI's apparatus and the spreadsheet of changes read this."""
    pending_old, pending_new = [], []
    for piece in pieces:
        if piece.op in (Op.DELETE, Op.INSERT):
            (pending_old if piece.op is Op.DELETE else pending_new).append(piece.text)
            continue
        if pending_old or pending_new:
            yield Variation("change", "".join(pending_old), "".join(pending_new))
            pending_old, pending_new = [], []
        if piece.op is Op.EQUAL and piece.variant is not None:
            yield Variation(piece.variant.value, piece.old_text or "", piece.text, piece.rename)
        elif piece.op is Op.EQUAL:
            yield Variation("", piece.text, piece.text)
        elif piece.op is Op.OLD_BREAK:
            yield Variation("break", " ", "")
        elif piece.op is Op.NEW_BREAK:
            yield Variation("break", "", " ")
    if pending_old or pending_new:
        yield Variation("change", "".join(pending_old), "".join(pending_new))


class Kind(str, Enum):
    """The API's version-1 vocabulary: `unchanged` means no difference of words (typography and
    printed labels aside); a declared rename is a difference of words, so `changed`. The finer
    class every output reads is Difference."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    DROPPED = "dropped"
    SPLIT = "split"
    MERGED = "merged"
    REGROUPED = "regrouped"  # several clauses correspond to several


class Difference(str, Enum):
    """What differs between corresponding clauses, decided once here; every output (pages, margins,
    API, CSV, TEI, check/, summary counts) reads it. The first three are no difference of words; a
    renamed-only clause's words differ, though the default view may leave the rename unmarked."""

    IDENTICAL = "identical"  # the same printed words, label and run-in heading
    TYPOGRAPHY = "typography"  # only quote styles, dashes, spacing, punctuation, capitals in headings, link schemes
    LABEL = "label"  # only the printed label (A., 1), with typography perhaps
    RENAMED = "renamed"  # only declared renames (Correspondence.renamed says which), with the above perhaps
    REWORDED = "reworded"  # words differ beyond any declared rename
    ADDED = "added"
    DROPPED = "dropped"
    SPLIT = "split"
    MERGED = "merged"
    REGROUPED = "regrouped"

    @property
    def words_differ(self) -> bool:
        return self not in (Difference.IDENTICAL, Difference.TYPOGRAPHY, Difference.LABEL)


_STRUCTURAL = MappingProxyType({Kind.ADDED: Difference.ADDED, Kind.DROPPED: Difference.DROPPED, Kind.SPLIT: Difference.SPLIT,
                                Kind.MERGED: Difference.MERGED, Kind.REGROUPED: Difference.REGROUPED})


@dataclass
class Correspondence:
    """Clauses of the old edition and the clauses of the new one they correspond to."""

    old: tuple[Clause, ...]
    new: tuple[Clause, ...]
    keys: tuple[str, ...]
    kind: Kind = Kind.UNCHANGED
    pieces: tuple[Piece, ...] = ()
    moved: bool = False
    label_change: tuple[str | None, str | None] | None = None
    difference: Difference = Difference.IDENTICAL
    renamed: tuple[Rename, ...] = ()  # the declared renames applied in these clauses, in order
    reworded: bool = False  # some words differ beyond declared renames (also in a split or merge)

    @property
    def id(self) -> str:
        """A stable anchor for this row of the comparison: its first clause's id."""
        return (self.new or self.old)[0].id

    @property
    def substantive(self) -> bool:
        """Whether the default view marks something here: a moved, added, dropped, split or merged
        clause, or words changed beyond the declared renames. Not whether anything differs
        (`difference` says that: a renamed-only clause is unmarked but not unchanged)."""
        return self.moved or self.difference not in (Difference.IDENTICAL, Difference.TYPOGRAPHY, Difference.LABEL, Difference.RENAMED)

    @property
    def variants(self) -> list[Piece]:
        return [p for p in self.pieces if p.variant is not None]

    def words(self, op: Op) -> int:
        return sum(len(words(p.text)) for p in self.pieces if p.op is op)


@dataclass
class Comparison:
    spec: ComparisonSpec
    old: Edition
    new: Edition
    groups: list[Correspondence]  # in the new edition's order; then what only the old edition has
    renames: list[tuple[Rename, int]]  # each declared rename and how often it applied
    variant_counts: Counter[str]
    # The editor's principal changes, each with the correspondences of the clauses it names.
    principal: list[tuple[PrincipalChange, list[Correspondence]]] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.old.id}--{self.new.id}"

    def rows(self) -> Iterator[Correspondence]:
        yield from self.groups


# --- building a comparison ----------------------------------------------------------------------


def compare(corpus: Corpus, spec: ComparisonSpec) -> Comparison:
    old, new = corpus.edition(spec.old), corpus.edition(spec.new)
    old_clauses, new_clauses = list(old.clauses()), list(new.clauses())
    groups = _correspondences(old_clauses, new_clauses)
    _mark_moves(groups, old_clauses, new_clauses)
    # A proposed rename (the importer's guess) folds nothing until an editor accepts it.
    accepted = tuple(r for r in spec.renames if not r.proposed)
    old_renames, new_renames = rename_keys(accepted)
    for group in groups:
        _diff(group, old_renames, new_renames)
        _classify(group, accepted)
    renames = _count_renames(accepted, groups)
    variants: Counter[str] = Counter()
    for group in groups:
        for piece in group.variants:
            variants[_variant_name(piece)] += 1
        if group.label_change:
            variants["label"] += 1
    return Comparison(spec, old, new, groups, renames, variants, _principal_changes(spec, groups))


def _principal_changes(spec: ComparisonSpec, groups: list[Correspondence]) -> list[tuple[PrincipalChange, list[Correspondence]]]:
    """Each principal change with the rows of the clauses it names; a named clause that does not
    change (and carries none of the change's renames) is a source error: the change rests on nothing."""
    by_clause = {c.id: g for g in groups for c in g.old + g.new}
    out = []
    for change in spec.principal_changes:
        rows: list[Correspondence] = []
        for index, clause_id in enumerate(change.clauses):
            group = by_clause[clause_id]
            if not group.difference.words_differ and not group.moved:
                said = _NO_CHANGE_OF_WORDS[group.difference]
                raise SourceError(
                    change.clause_places[index],
                    f"'{clause_id}' {said} {spec.old} and {spec.new}, so the principal change cannot rest on it",
                )
            if all(row is not group for row in rows):
                rows.append(group)
        # Words the change quotes must be the clauses' own, as printed.
        printed = [c.text for row in rows for c in row.old + row.new] + [r.old for r in change.renames] + [r.new for r in change.renames]
        for quoted in quoted_phrases(change.text):
            if not any(quoted in text for text in printed):
                raise SourceError(change.text_place, f"quotes “{quoted}”, which none of the clauses it names contains as printed")
        out.append((change, rows))
    return out


_NO_CHANGE_OF_WORDS = MappingProxyType({
    Difference.IDENTICAL: "is identical in",
    Difference.TYPOGRAPHY: "differs only in typography between",
    Difference.LABEL: "differs only in its printed label between",
})

# A quotation in an editor's prose: in double quotes, straight or curly, or in single ones. A single
# quote opens where no letter or digit stands before it, and closes where none follows it, so that
# the apostrophes of "children's" and "children’s" neither open nor close one.
_QUOTED = re.compile(
    r'"([^"]+)"|“([^”]+)”'
    r"|(?<![\w’])‘((?:[^’]|’(?=\w))+)’(?!\w)"
    r"|(?<![\w'])'(?=\S)((?:[^']|'(?=\w))+?)(?<=\S)'(?!\w)"
)


def quoted_phrases(text: str) -> list[str]:
    """The phrases `text` quotes, in order."""
    return [next(group for group in found if group) for found in _QUOTED.findall(text)]


def rename_keys(renames: Iterable[Rename]) -> tuple[dict[str, str], dict[str, str]]:
    """Each declared phrase's comparison key, for the old text and for the new. Renames that share
    a phrase name one thing (EDIPs -> ECS and EDIPs -> Professionals in education and children's
    services are both the profession's name), so any old form of it compares equal to any new one."""
    renames = list(renames)
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for r in renames:
        a, b = root(("old", r.old)), root(("new", r.new))
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[tuple[str, str], list[str]] = {}
    for r in renames:
        members.setdefault(root(("new", r.new)), []).append(r.new)
    key = {group: min(news) for group, news in members.items()}
    return ({r.old: key[root(("old", r.old))] for r in renames}, {r.new: key[root(("new", r.new))] for r in renames})


def compare_editions(corpus: Corpus) -> list[Comparison]:
    """Every comparison the works declare, in corpus order."""
    return [compare(corpus, spec) for work in corpus.works for spec in work.comparisons]


def _correspondences(old: list[Clause], new: list[Clause]) -> list[Correspondence]:
    """Connected groups of clauses linked by shared alignment keys, in new-edition order."""
    by_key_old = {k: i for i, c in enumerate(old) for k in c.align}
    by_key_new = {k: i for i, c in enumerate(new) for k in c.align}
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    groups: list[Correspondence] = []

    def grow(old_ids: set[int], new_ids: set[int]) -> tuple[set[int], set[int]]:
        while True:
            keys = {k for i in old_ids for k in old[i].align} | {k for i in new_ids for k in new[i].align}
            more_old = {by_key_old[k] for k in keys if k in by_key_old} - old_ids
            more_new = {by_key_new[k] for k in keys if k in by_key_new} - new_ids
            if not more_old and not more_new:
                return old_ids, new_ids
            old_ids |= more_old
            new_ids |= more_new

    for index in range(len(new)):
        if index in seen_new:
            continue
        old_ids, new_ids = grow(set(), {index})
        seen_old |= old_ids
        seen_new |= new_ids
        groups.append(_group(old, new, old_ids, new_ids))
    for index in range(len(old)):
        if index not in seen_old:
            old_ids, new_ids = grow({index}, set())
            seen_old |= old_ids
            groups.append(_group(old, new, old_ids, new_ids))
    return groups


def _group(old: list[Clause], new: list[Clause], old_ids: set[int], new_ids: set[int]) -> Correspondence:
    olds = tuple(old[i] for i in sorted(old_ids))
    news = tuple(new[i] for i in sorted(new_ids))
    keys = tuple(dict.fromkeys(k for c in olds + news for k in c.align))
    if not olds:
        kind = Kind.ADDED
    elif not news:
        kind = Kind.DROPPED
    elif len(olds) == 1 and len(news) > 1:
        kind = Kind.SPLIT
    elif len(olds) > 1 and len(news) == 1:
        kind = Kind.MERGED
    elif len(olds) > 1:
        kind = Kind.REGROUPED
    else:
        kind = Kind.UNCHANGED  # until the diff says otherwise
    return Correspondence(olds, news, keys, kind)


def _mark_moves(groups: list[Correspondence], old: list[Clause], new: list[Clause]) -> None:
    """Corresponding groups outside the longest run that kept its order have moved."""
    old_index = {c.id: i for i, c in enumerate(old)}
    new_index = {c.id: i for i, c in enumerate(new)}
    paired = sorted((g for g in groups if g.old and g.new), key=lambda g: new_index[g.new[0].id])
    positions = [old_index[g.old[0].id] for g in paired]
    keep = set(longest_increasing(positions))
    for i, group in enumerate(paired):
        group.moved = i not in keep


def _fold_case(group: Correspondence) -> bool:
    # Capitals in headings are display typography (STATEMENT OF VALUES / Statement of values).
    return all(c.kind is ClauseKind.HEADING for c in group.old + group.new)


def _clause_tokens(
    clauses: tuple[Clause, ...], renames: dict[str, str], fold_case: bool, listlike: bool
) -> tuple[list[Token], list[Token]]:
    """Tokens of several clauses with a break token between them, and the last clause's final
    punctuation set aside when the group is a list item or heading (list punctuation is
    typographic). Only the last: a split or merged clause's inner punctuation is diffed with its
    words, so that each side's text is rebuilt whole (finals hold "" for the others)."""
    tokens: list[Token] = []
    finals: list[Token] = []
    for index, clause in enumerate(clauses):
        if index:
            # A clause boundary compares equal to a space: splitting a paragraph between two
            # sentences changes no words.
            tokens.append(Token("\n", " "))
        # A run-in heading is printed words too: a changed one is a change.
        own = tokenize(" ".join(filter(None, (clause.term, clause.text))), renames, fold_case)
        if listlike and index == len(clauses) - 1 and own and own[-1].text in FINAL_PUNCTUATION:
            finals.append(own.pop())
        else:
            finals.append(Token("", ""))
        tokens += own
    return tokens, finals


def _diff(group: Correspondence, old_renames: dict[str, str], new_renames: dict[str, str]) -> None:
    if group.old and group.new:
        old_labels = [c.label for c in group.old]
        new_labels = [c.label for c in group.new]
        if old_labels != new_labels and len(group.old) == len(group.new) == 1:
            group.label_change = (old_labels[0], new_labels[0])
    fold = _fold_case(group)
    listlike = any(c.kind in (ClauseKind.ITEM, ClauseKind.HEADING) for c in group.old + group.new)
    old_tokens, old_finals = _clause_tokens(group.old, old_renames, fold, listlike)
    new_tokens, new_finals = _clause_tokens(group.new, new_renames, fold, listlike)
    if not group.old:
        group.pieces = tuple(_join(Op.INSERT, new_tokens, new_finals))
        return
    if not group.new:
        group.pieces = tuple(_join(Op.DELETE, old_tokens, old_finals))
        return
    pieces = _fold_typography(list(_word_diff(old_tokens, new_tokens)))
    # Final punctuation of the (last) item or heading, as a variant if it differs.
    old_final, new_final = old_finals[-1], new_finals[-1]
    if old_final.text == new_final.text:
        if new_final.text:
            pieces.append(Piece(Op.EQUAL, new_final.text))
    else:
        pieces.append(Piece(Op.EQUAL, new_final.text, old_final.text, Variant.TYPOGRAPHIC))
    group.pieces = tuple(_merge(pieces))


def _join(op: Op, tokens: list[Token], finals: list[Token]) -> Iterator[Piece]:
    """A whole added or dropped group: its text as one marked piece per clause."""
    clause_text: list[str] = []
    index = 0
    for token in tokens + [Token("\n", " ")]:
        if token.text == "\n":
            yield Piece(op, "".join(clause_text) + finals[index].text)
            index += 1
            clause_text = []
            if index < len(finals):
                yield Piece(Op.NEW_BREAK if op is Op.INSERT else Op.OLD_BREAK, "")
        else:
            clause_text.append(token.text)


def _encode(tokens: Iterable[Token], table: dict[str, str]) -> str:
    out = []
    for token in tokens:
        if token.key not in table:
            code = 0x100 + len(table)
            if code >= 0xD800:
                code += 0x800  # skip the surrogate range
            table[token.key] = chr(code)
        out.append(table[token.key])
    return "".join(out)


def _word_diff(old: list[Token], new: list[Token]) -> Iterator[Piece]:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # no time limit: the same result on every machine
    table: dict[str, str] = {}
    a, b = _encode(old, table), _encode(new, table)
    diffs = engine.diff_main(a, b, False)
    engine.diff_cleanupSemantic(diffs)
    i = j = 0
    for op, chars in diffs:
        n = len(chars)
        if op == 0:
            yield from _equal(old[i : i + n], new[j : j + n])
            i += n
            j += n
        elif op == -1:
            yield from _marked(Op.DELETE, Op.OLD_BREAK, old[i : i + n])
            i += n
        else:
            yield from _marked(Op.INSERT, Op.NEW_BREAK, new[j : j + n])
            j += n


def _equal(old: list[Token], new: list[Token]) -> Iterator[Piece]:
    for o, n in zip(old, new):
        if o.text == "\n" or n.text == "\n":
            # A paragraph boundary on one side, a space on the other: the space stays on its own
            # side (as an unmarked spacing variant) and the boundary splits that side's paragraphs.
            if o.text != "\n":
                yield Piece(Op.EQUAL, "", o.text, Variant.TYPOGRAPHIC)
            if n.text != "\n":
                yield Piece(Op.EQUAL, n.text, "", Variant.TYPOGRAPHIC)
            if o.text == "\n":
                yield Piece(Op.OLD_BREAK, "")
            if n.text == "\n":
                yield Piece(Op.NEW_BREAK, "")
        elif o.text == n.text:
            yield Piece(Op.EQUAL, n.text)
        else:
            yield Piece(Op.EQUAL, n.text, o.text, Variant.RENAME if o.rename or n.rename else Variant.TYPOGRAPHIC)


# The noise rule: a change whose two sides differ only in punctuation, spacing or a link's scheme
# (http://, https://) is typography, as quote styles and dashes are: not marked in the default
# view, listed and counted in the comparison's summary, marked when all differences are shown.
_SCHEME = re.compile(r"\bhttps?\b", re.IGNORECASE)
_NOT_WORDS = re.compile(r"[\W_]+")


def _words_only(text: str) -> str:
    return _NOT_WORDS.sub("", _SCHEME.sub("", text))


def _fold_typography(pieces: list[Piece]) -> list[Piece]:
    """Each run of deleted and inserted pieces (one change) that the noise rule calls typography
    becomes one unmarked variant piece."""
    out: list[Piece] = []
    run: list[Piece] = []

    def close() -> None:
        old = "".join(p.text for p in run if p.op is Op.DELETE)
        new = "".join(p.text for p in run if p.op is Op.INSERT)
        if run and _words_only(old) == _words_only(new):
            out.append(Piece(Op.EQUAL, new, old, Variant.TYPOGRAPHIC))
        else:
            out.extend(run)
        run.clear()

    for piece in pieces:
        if piece.op in (Op.DELETE, Op.INSERT):
            run.append(piece)
        else:
            close()
            out.append(piece)
    close()
    return out


def _marked(op: Op, break_op: Op, tokens: list[Token]) -> Iterator[Piece]:
    for token in tokens:
        yield Piece(break_op, "") if token.text == "\n" else Piece(op, token.text)


def _merge(pieces: Iterable[Piece]) -> Iterator[Piece]:
    """Adjacent pieces of the same kind become one (one mark per run, not per word)."""
    current: Piece | None = None
    for piece in pieces:
        if (
            current is not None
            and piece.op is current.op
            and piece.op in (Op.EQUAL, Op.INSERT, Op.DELETE)
            and piece.variant is None
            and current.variant is None
        ):
            current = Piece(current.op, current.text + piece.text)
            continue
        if current is not None:
            yield current
        current = piece
    if current is not None:
        yield current


def _variant_name(piece: Piece) -> str:
    """What kind of unmarked difference a variant piece is, for the comparison's list of them."""
    if piece.variant is Variant.RENAME:
        return "rename"
    old, new = piece.old_text or "", piece.text
    if not old.strip() and not new.strip():
        return "spacing"
    if all(ch in QUOTES for ch in old + new):
        return "quotation marks"
    if all(ch in DASHES for ch in old + new):
        return "dashes"
    if fold(old) == fold(new):
        return "apostrophes"
    if _SCHEME.search(old + new) and _words_only(old) == _words_only(new):
        return "link schemes (http://, https://)"
    if _words_only(old) == _words_only(new):
        return "punctuation"  # commas, stops, brackets; and list items' and headings' final stops
    if old.lower() == new.lower():
        return "capitals in headings"
    return "other typography"


def _rename_of(piece: Piece, renames: tuple[Rename, ...]) -> int:
    """Which declared rename a replacement is: the one with exactly its wording, or (in a heading
    set in capitals) the first whose wording differs only in case, or else the first rename its old
    wording belongs to."""
    pair = (piece.old_text or "", piece.text)
    tests = (
        lambda r: (r.old, r.new) == pair,
        lambda r: (r.old.lower(), r.new.lower()) == (pair[0].lower(), pair[1].lower()),
        lambda r: r.old.lower() == pair[0].lower(),
    )
    index = next((i for test in tests for i, r in enumerate(renames) if test(r)), None)
    if index is None:
        raise AssertionError(f"a replacement {pair!r} that no declared rename accounts for")
    return index


def _classify(group: Correspondence, renames: tuple[Rename, ...]) -> None:
    """The group's Difference (and the version-1 Kind that follows from it), from its pieces."""
    group.pieces = tuple(
        Piece(p.op, p.text, p.old_text, p.variant, renames[_rename_of(p, renames)]) if p.variant is Variant.RENAME else p
        for p in group.pieces
    )
    group.renamed = tuple(dict.fromkeys(p.rename for p in group.pieces if p.rename is not None))
    group.reworded = any(p.marked for p in group.pieces) if group.old and group.new else True
    if group.kind in _STRUCTURAL:
        group.difference = _STRUCTURAL[group.kind]
    elif group.reworded:
        group.difference = Difference.REWORDED
    elif group.renamed:
        group.difference = Difference.RENAMED
    elif group.label_change:
        group.difference = Difference.LABEL
    elif any(p.variant is not None for p in group.pieces) or _printed(group.old) != _printed(group.new):
        group.difference = Difference.TYPOGRAPHY
    else:
        group.difference = Difference.IDENTICAL
    if group.kind in (Kind.UNCHANGED, Kind.CHANGED):
        group.kind = Kind.CHANGED if group.difference.words_differ else Kind.UNCHANGED


def _printed(clauses: tuple[Clause, ...]) -> tuple[str, ...]:
    return tuple(c.printed_words for c in clauses)


def _count_renames(renames: tuple[Rename, ...], groups: list[Correspondence]) -> list[tuple[Rename, int]]:
    """How often each declared rename applied; each replacement counts once (_rename_of)."""
    counts = Counter(_rename_of(p, renames) for g in groups for p in g.pieces if p.variant is Variant.RENAME)
    return [(r, counts[i]) for i, r in enumerate(renames)]
