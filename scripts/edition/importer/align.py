"""Matching a new edition's clauses to an existing edition's, by similarity and order.

Clauses are compared as word sequences (difflib's matching over words, no time limit, so the
same texts always give the same answer). A monotone alignment over the two sequences of clauses
keeps the longest in-order correspondence; clauses still unmatched and clearly alike are moves; a
clause that matches the run of several consecutive clauses of the other edition better than any
one of them was split or merged. Wording replaced consistently on both sides (a profession's or a
body's name) is found from the matched pairs and proposed as renames, and the alignment is made
again with the renames applied, so a renamed clause is recognised as unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property

from ..order import longest_increasing

_WORD = re.compile(r"\w+(?:['’]\w+)*")
IN_ORDER = 0.45  # least similarity for an in-order match
MOVED = 0.6  # least similarity for a match out of order
SPLIT_GAIN = 0.08  # how much a neighbour must add to count as part of a split or merge
CONTAINED = 0.75  # how much of that neighbour must be in the other side


@dataclass(frozen=True)
class Unit:
    """A clause to align: its id (or index), its printed words, and whether it is a heading."""

    key: str
    text: str
    heading: bool = False
    section: str = ""  # the section it is read in: headings pair only within corresponding sections
    label: str | None = None  # its printed label


@dataclass
class Group:
    old: list[int]  # indexes into the old units
    new: list[int]
    similarity: float
    moved: bool = False

    @property
    def kind(self) -> str:
        if not self.old:
            return "added"
        if not self.new:
            return "dropped"
        if len(self.old) == 1 and len(self.new) > 1:
            return "split"
        if len(self.new) == 1 and len(self.old) > 1:
            return "merged"
        return "matched"


@dataclass
class Rename:
    old: str
    new: str
    count: int


@dataclass
class Alignment:
    groups: list[Group]
    renames: list[Rename] = field(default_factory=list)

    def of_new(self, index: int) -> Group:
        return self._by_new[index]

    @cached_property
    def _by_new(self) -> dict[int, Group]:
        """Each new clause's group, looked up once per clause (the groups are final once made)."""
        return {i: g for g in self.groups for i in g.new}


def tokens(text: str, renames: list[Rename] | None = None) -> list[str]:
    # Renames apply in any case here (a title in capitals), though as declared they are exact.
    for rename in renames or ():
        text = re.sub(rf"(?<!\w){re.escape(rename.old)}(?!\w)", rename.new, text, flags=re.IGNORECASE)
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def similarity(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    matched = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return 2 * matched / (len(a) + len(b))


def contained(part: list[str], whole: list[str]) -> float:
    """How much of `part` appears, in order, in `whole`."""
    if not part:
        return 0.0
    return sum(block.size for block in SequenceMatcher(None, part, whole, autojunk=False).get_matching_blocks()) / len(part)


def align(old: list[Unit], new: list[Unit]) -> Alignment:
    renames: list[Rename] = []
    alignment = _align(old, new, renames)
    for _ in range(2):  # renames found from matched pairs sharpen the next alignment
        found = propose_renames(old, new, alignment)
        if [(r.old, r.new) for r in found] == [(r.old, r.new) for r in renames]:
            break
        renames = found
        alignment = _align(old, new, renames)
    alignment.renames = renames
    return alignment


def _align(old: list[Unit], new: list[Unit], renames: list[Rename]) -> Alignment:
    old_tokens = [tokens(u.text, renames) for u in old]
    new_tokens = [tokens(u.text) for u in new]
    vocabulary: dict[str, int] = {}
    old_bags, new_bags = _bags(old_tokens, vocabulary), _bags(new_tokens, vocabulary)
    sims = _similar_pairs(new_tokens, old_tokens, new_bags, old_bags)

    # 1. The longest in-order correspondence (a monotone alignment maximising similarity).
    rows, cols = len(new), len(old)
    best = _best_in_order(sims, rows, cols)
    pairs: dict[int, int] = {}
    i = j = 0
    while i < rows and j < cols:
        sim = sims[i].get(j)
        if sim is not None and best[i][j] == sim + best[i + 1][j + 1]:
            pairs[i] = j
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    groups = {i: Group([j], [i], sims[i][j]) for i, j in pairs.items()}

    # 2. Moves: what is left and clearly alike, best pairs first.
    used_old = set(pairs.values())
    candidates = sorted(
        ((sim, i, j) for i in range(rows) if i not in groups for j, sim in sims[i].items() if j not in used_old and sim >= MOVED),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for sim, i, j in candidates:
        if i in groups or j in used_old:
            continue
        groups[i] = Group([j], [i], sim, moved=True)
        used_old.add(j)

    # 3. Splits and merges: a matched clause absorbs unmatched neighbours that complete it.
    matched_new = set(groups)
    for group in sorted(groups.values(), key=lambda g: g.new[0]):
        _absorb(group, "new", new_tokens, old_tokens, matched_new, new_bags, old_bags)
        _absorb(group, "old", old_tokens, new_tokens, used_old, old_bags, new_bags)
    _cover_with_runs(groups, new_tokens, old_tokens, new_bags, old_bags, matched_new, used_old)

    # 4. Within each gap between in-order matches, what is left on both sides and alike enough,
    # in order; headings pair whatever their words (a section's heading reworded). The two
    # documents' titles correspond.
    _fill_gaps(groups, old, new, old_tokens, new_tokens, matched_new, used_old)

    # Moves are judged again on the final groups: out of order with the longest in-order run.
    result = list({id(g): g for g in groups.values()}.values())
    _mark_moves(result)
    result += [Group([], [i], 0.0) for i in range(rows) if i not in matched_new]
    result += [Group([j], [], 0.0) for j in range(cols) if j not in used_old]
    result.sort(key=lambda g: (g.new[0] if g.new else -1, g.old[0] if g.old else -1))
    return Alignment(result)


def _best_in_order(sims: list[dict[int, float]], rows: int, cols: int) -> list[list[float]]:
    """best[i][j]: the greatest total similarity of an in-order matching of new[i:] with old[j:],
    counting only pairs at least IN_ORDER alike. A row with no such pair is the row below it (the
    same list, not a copy: most rows of a long text have none)."""
    below = [0.0] * (cols + 1)
    rows_best = [below]
    for i in range(rows - 1, -1, -1):
        row = sims[i]
        if row:
            current = [0.0] * (cols + 1)
            for j in range(cols - 1, -1, -1):
                sim = row.get(j)
                take = sim + below[j + 1] if sim is not None else -1.0
                current[j] = max(take, below[j], current[j + 1])
            below = current
        rows_best.append(below)
    rows_best.reverse()
    return rows_best


def _cover_with_runs(groups, new_tokens, old_tokens, new_bags, old_bags, matched_new: set[int], used_old: set[int]) -> None:
    """An unmatched old clause that a run of unmatched new clauses (two to four) covers together.
    The bounds skip, without a word-by-word comparison, every run that cannot qualify."""
    rows = len(new_tokens)
    for j in range(len(old_tokens)):
        if j in used_old:
            continue
        whole = old_bags[j]
        for start in range(rows):
            # A run starts at an unmatched clause followed by another (otherwise it is a single clause).
            if start in matched_new or start + 1 >= rows or start + 1 in matched_new:
                continue
            if _contained_bound(new_bags[start], whole) < CONTAINED:
                continue
            run = [start]
            while run[-1] + 1 < rows and len(run) < 4 and run[-1] + 1 not in matched_new:
                run.append(run[-1] + 1)
            if any(_contained_bound(new_bags[i], whole) < CONTAINED for i in run):
                continue
            if _bound(_joined(new_bags[i] for i in run), whole) < MOVED:
                continue
            joined = [t for i in run for t in new_tokens[i]]
            if similarity(joined, old_tokens[j]) >= MOVED and all(contained(new_tokens[i], old_tokens[j]) >= CONTAINED for i in run):
                group = Group([j], run, similarity(joined, old_tokens[j]))
                groups[run[0]] = group
                matched_new.update(run)
                used_old.add(j)
                break


def _fill_gaps(groups, old, new, old_tokens, new_tokens, matched_new: set[int], used_old: set[int]) -> None:
    first_new = next((i for i, u in enumerate(new) if u.heading), None)
    first_old = next((j for j, u in enumerate(old) if u.heading), None)
    if first_new is not None and first_old is not None and first_new not in matched_new and first_old not in used_old:
        groups[first_new] = Group([first_old], [first_new], similarity(new_tokens[first_new], old_tokens[first_old]))
        matched_new.add(first_new)
        used_old.add(first_old)
    anchors = sorted((g.new[0], g.old[0]) for g in groups.values() if len(g.new) == 1 and len(g.old) == 1 and not g.moved)
    anchors = [(-1, -1), *anchors, (len(new), len(old))]
    for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]):
        if j1 <= j0:
            continue
        gap_new = [i for i in range(i0 + 1, i1) if i not in matched_new]
        gap_old = [j for j in range(j0 + 1, j1) if j not in used_old]
        for kind_heading in (True, False):
            left = [i for i in gap_new if new[i].heading is kind_heading and i not in matched_new]
            right = [j for j in gap_old if old[j].heading is kind_heading and j not in used_old]
            if not left or len(left) != len(right):
                continue
            sims = [similarity(new_tokens[i], old_tokens[j]) for i, j in zip(left, right)]
            if kind_heading:
                corresponding = {(new[g.new[0]].section, old[g.old[0]].section) for g in groups.values() if g.new and g.old}
                alike = all(sim >= 0.3 or (new[i].section, old[j].section) in corresponding for (i, j), sim in zip(zip(left, right), sims))
            elif len(left) == 1:
                # One clause left on each side of the gap: a reworded clause if they share a printed
                # label or some words (an edition statement, a principle rewritten).
                i, j = left[0], right[0]
                alike = sims[0] >= 0.2 or (new[i].label is not None and new[i].label == old[j].label)
            else:
                alike = all(sim >= 0.3 for sim in sims)
            if alike:
                for (i, j), sim in zip(zip(left, right), sims):
                    groups[i] = Group([j], [i], sim)
                    matched_new.add(i)
                    used_old.add(j)


@dataclass(frozen=True)
class _Bag:
    """A clause's words as a count and a set of vocabulary bits: enough for cheap upper bounds of
    `similarity` and `contained`, which spare most word-by-word comparisons of a long text."""

    size: int  # words
    mask: int  # one bit per distinct word

    @property
    def distinct(self) -> int:
        return self.mask.bit_count()


def _bags(token_lists: list[list[str]], vocabulary: dict[str, int]) -> list[_Bag]:
    bags = []
    for words in token_lists:
        mask = 0
        for word in set(words):
            mask |= 1 << vocabulary.setdefault(word, len(vocabulary))
        bags.append(_Bag(len(words), mask))
    return bags


def _joined(bags) -> _Bag:
    size, mask = 0, 0
    for bag in bags:
        size, mask = size + bag.size, mask | bag.mask
    return _Bag(size, mask)


def _bound(a: _Bag, b: _Bag) -> float:
    """At least `similarity` of the two: a word of one that the other never uses matches nothing."""
    if not a.size or not b.size:
        return 0.0
    matched = min(a.size - (a.mask & ~b.mask).bit_count(), b.size - (b.mask & ~a.mask).bit_count())
    return 2 * matched / (a.size + b.size)


def _contained_bound(part: _Bag, whole: _Bag) -> float:
    """At least `contained(part, whole)`."""
    if not part.size:
        return 0.0
    return (part.size - (part.mask & ~whole.mask).bit_count()) / part.size


def _similar_pairs(new_tokens: list[list[str]], old_tokens: list[list[str]], new_bags: list[_Bag], old_bags: list[_Bag]) -> list[dict[int, float]]:
    """For each new clause, the old clauses at least IN_ORDER alike and sharing enough distinct
    words (a fifth, by Dice's coefficient over their sets of words), with their similarity. These
    are the only similarities the alignment's first two steps use; the rest are never computed."""
    old = [(j, bag.mask, bag.distinct) for j, bag in enumerate(old_bags) if bag.size]
    rows = []
    for words, bag in zip(new_tokens, new_bags):
        row: dict[int, float] = {}
        if words:
            mask, distinct = bag.mask, bag.distinct
            for j, other_mask, other_distinct in old:
                if 2 * (mask & other_mask).bit_count() / (distinct + other_distinct) < 0.2:
                    continue
                if _bound(bag, old_bags[j]) < IN_ORDER:
                    continue
                sim = similarity(words, old_tokens[j])
                if sim >= IN_ORDER:
                    row[j] = sim
        rows.append(row)
    return rows


def _absorb(group: Group, side: str, mine: list[list[str]], other: list[list[str]], taken: set[int], my_bags: list[_Bag], other_bags: list[_Bag]) -> None:
    """Extend `group` on `side` with neighbours not matched elsewhere, while each makes the group
    match its other side clearly better and lies (mostly) within it."""
    members = group.new if side == "new" else group.old
    others = group.old if side == "new" else group.new
    target = [t for k in others for t in other[k]]
    target_bag = _joined(other_bags[k] for k in others)
    for step in (1, -1):
        while True:
            edge = (members[-1] if step == 1 else members[0]) + step
            if edge < 0 or edge >= len(mine) or edge in taken:
                break
            if _contained_bound(my_bags[edge], target_bag) < CONTAINED:
                break  # it cannot lie within the other side enough, whatever it adds
            current = similarity([t for k in members for t in mine[k]], target)
            extended = sorted([*members, edge])
            gain = similarity([t for k in extended for t in mine[k]], target) - current
            inside = contained(mine[edge], target)
            # A short part counts if it lies wholly in the other side; a longer one must add clearly.
            if not ((gain >= SPLIT_GAIN and inside >= CONTAINED) or (gain > 0.01 and inside >= 0.95)):
                break
            members[:] = extended
            taken.add(edge)
            group.similarity = current + gain


def _mark_moves(groups: list[Group]) -> None:
    paired = sorted((g for g in groups if g.old and g.new), key=lambda g: g.new[0])
    positions = [g.old[0] for g in paired]
    keep = set(longest_increasing(positions))
    for index, group in enumerate(paired):
        group.moved = index not in keep


# --- renames ------------------------------------------------------------------------------------

_PIECE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def propose_renames(old: list[Unit], new: list[Unit], alignment: Alignment) -> list[Rename]:
    """Wording replaced consistently: the same phrase replaced by the same phrase in at least two
    matched pairs, never left standing in the new edition, its replacement never in the old."""
    seen: Counter[tuple[str, str]] = Counter()
    for group in alignment.groups:
        if len(group.old) != 1 or len(group.new) != 1 or group.similarity < 0.5:
            continue
        pairs = set(_replacements(old[group.old[0]].text, new[group.new[0]].text))
        seen.update(pairs)
    old_text = "\n".join(u.text for u in old)
    new_text = "\n".join(u.text for u in new)
    renames = []
    for (before, after), count in sorted(seen.items(), key=lambda item: (-item[1], item[0])):
        name = " " not in before and " " not in after and before[:1].isupper() and after[:1].isupper()
        if (count < 2 and not name) or _present(before, new_text) or _present(after, old_text):
            continue
        if any(r.old in before or before in r.old for r in renames):
            continue
        renames.append(Rename(before, after, count))
    return renames


def _present(phrase: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _replacements(old: str, new: str) -> list[tuple[str, str]]:
    """Phrases of `old` replaced by phrases of `new` (whole words, as printed): each stretch that
    differs between runs of at least two shared words, a single shared word inside it included
    ("Aspect group of Prospect" / "Prospect Education ... Group")."""
    a = [(m.group(0), m.start(), m.end()) for m in _PIECE.finditer(old)]
    b = [(m.group(0), m.start(), m.end()) for m in _PIECE.finditer(new)]
    ops = SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False).get_opcodes()
    regions: list[list[int]] = []
    changed = False
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" and i2 - i1 >= 2:
            changed = False
            continue
        if regions and (changed or tag == "equal"):
            regions[-1][1], regions[-1][3] = i2, j2
        elif tag != "equal":
            regions.append([i1, i2, j1, j2])
        changed = changed or tag != "equal"
    out = []
    for i1, i2, j1, j2 in regions:
        # Trim shared single words left at either edge of the region.
        while i1 < i2 and j1 < j2 and a[i1][0] == b[j1][0]:
            i1, j1 = i1 + 1, j1 + 1
        while i2 > i1 and j2 > j1 and a[i2 - 1][0] == b[j2 - 1][0]:
            i2, j2 = i2 - 1, j2 - 1
        if not (0 < i2 - i1 <= 8 and 0 < j2 - j1 <= 8):
            continue
        before = old[a[i1][1] : a[i2 - 1][2]]
        after = new[b[j1][1] : b[j2 - 1][2]]
        if re.search(r"\w", before) and re.search(r"\w", after) and before.lower() != after.lower():
            out.append((before, after))
        # Single words replaced one for one inside the stretch count on their own as well
        # ("Leaders (NASBL)" / "Professionals (NASBP)": Leaders → Professionals, NASBL → NASBP).
        inner = SequenceMatcher(None, [t[0] for t in a[i1:i2]], [t[0] for t in b[j1:j2]], autojunk=False).get_opcodes()
        for tag, k1, k2, l1, l2 in inner:
            if tag == "replace" and k2 - k1 == 1 and l2 - l1 == 1 and (k2 - k1, l2 - l1) != (i2 - i1, j2 - j1):
                word_a, word_b = a[i1 + k1][0], b[j1 + l1][0]
                if re.fullmatch(r"\w[\w'’]*", word_a) and re.fullmatch(r"\w[\w'’]*", word_b) and word_a.lower() != word_b.lower():
                    out.append((word_a, word_b))
    return out
