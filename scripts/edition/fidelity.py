"""Accounting for every word of every witness.

The witness is read line by line. Lines the ledger excludes are set aside (their text checked
against the ledger's copy), footnotes are matched against the lines they are printed on, and
the ledger's markup rules take conversion markup (stray `**`, list bullets) out of the rest. What
remains must be, word for word and in order, the printed words of the edition's clauses: labels,
run-in terms and text.

Words are compared exactly (quotes, dashes and case included); only the spacing between words is
free. Beyond the words, the check holds the edition to the witness's layout: a clause may start
only at the start of a witness line, and a clause that spans separate blocks of the witness (a
paragraph broken by a page break) must be declared as a join in the ledger, with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .errors import FidelityError
from .model import Clause, Corpus, Edition, LineRange, Witness

_MAX_PROBLEMS = 12


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    line: int
    block: int  # witness blocks are runs of lines with words, separated by blank or set-aside lines


@dataclass
class WitnessAccount:
    """What the check found: where each clause is in the witness and how each ledger entry was used."""

    witness: Witness
    edition: Edition
    words: int = 0  # words of the witness as received
    edition_words: int = 0
    excluded_words: int = 0
    footnote_words: int = 0
    markup_words: int = 0  # witness words that were nothing but conversion markup (**, -, #)
    mended_words: int = 0  # words broken across blocks and mended by a join without glue
    markup_hits: dict[int, int] = field(default_factory=dict)  # rule index -> removals
    clause_lines: dict[str, LineRange] = field(default_factory=dict)
    join_clauses: dict[int, list[str]] = field(default_factory=dict)  # join index -> clause ids
    text_words: list[str] = field(default_factory=list)  # the witness's words less the ledger, in order


def check_corpus(corpus: Corpus) -> list[WitnessAccount]:
    """Check every edition against its witness; raise FidelityError at the first witness that fails."""
    return [account_for(corpus.witness(edition.witness_id), edition) for edition in corpus.editions()]


def account_for(witness: Witness, edition: Edition) -> WitnessAccount:
    account = WitnessAccount(witness, edition)
    problems: list[str] = []
    lines = witness.lines()
    account.words = sum(len(line.split()) for line in lines)
    set_aside: set[int] = set()

    for exclusion in edition.ledger.exclusions:
        printed = _words_of(lines, exclusion.lines)
        if printed != exclusion.text.split():
            problems.append(
                f"exclusion '{exclusion.id}' ({exclusion.place.path}:{exclusion.place.line}) quotes "
                f"“{_short(exclusion.text.split())}” but lines {exclusion.lines} read “{_short(printed)}”"
            )
        account.excluded_words += len(printed)
        set_aside.update(range(exclusion.lines.first, exclusion.lines.last + 1))

    cleaned = _apply_markup(lines, edition, set_aside, account)

    for footnote in edition.footnotes():
        overlap = set_aside.intersection(range(footnote.lines.first, footnote.lines.last + 1))
        if overlap:
            problems.append(f"footnote '{footnote.id}' lines {footnote.lines} overlap excluded line {min(overlap)}")
            continue
        printed = [w for n in range(footnote.lines.first, footnote.lines.last + 1) for w in cleaned[n - 1].split()]
        expected = [footnote.marker] + footnote.text.split()
        if printed != expected:
            problems.append(
                f"footnote '{footnote.id}' ({footnote.place.path}:{footnote.place.line}) reads "
                f"“{_short(expected)}” but witness lines {footnote.lines} read “{_short(printed)}”"
            )
        account.footnote_words += len(printed)
        set_aside.update(range(footnote.lines.first, footnote.lines.last + 1))

    witness_words = _stream(cleaned, set_aside)
    before = len(witness_words)
    witness_words = _glue_joins(witness_words, edition, problems)
    account.mended_words = before - len(witness_words)
    account.text_words = [w.text for w in witness_words]
    clauses = list(edition.clauses())
    edition_words: list[tuple[str, int]] = [
        (word, index) for index, clause in enumerate(clauses) for word in clause.printed_words.split()
    ]
    account.edition_words = len(edition_words)

    problems += _differences(witness, witness_words, edition_words, clauses)
    if not problems:
        problems += _check_layout(witness_words, edition_words, clauses, edition, account)
    for index, rule in enumerate(edition.ledger.markup):
        if not account.markup_hits.get(index):
            problems.append(f"markup rule /{rule.pattern.pattern}/ ({rule.place.path}:{rule.place.line}) removes nothing")
    if problems:
        shown = problems[:_MAX_PROBLEMS]
        if len(problems) > _MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - _MAX_PROBLEMS} more")
        raise FidelityError(f"{witness.id} (sources/witnesses/{witness.file}, edition {edition.id})", shown)
    return account


def _words_of(lines: list[str], span: LineRange) -> list[str]:
    return [w for n in range(span.first, span.last + 1) for w in lines[n - 1].split()]


def _apply_markup(lines: list[str], edition: Edition, set_aside: set[int], account: WitnessAccount) -> list[str]:
    cleaned = list(lines)
    for number, line in enumerate(lines, start=1):
        if number in set_aside:
            continue
        for index, rule in enumerate(edition.ledger.markup):
            if rule.lines is not None and number not in rule.lines:
                continue
            line, hits = rule.pattern.subn(rule.replace, line)
            account.markup_hits[index] = account.markup_hits.get(index, 0) + hits
        account.markup_words += len(lines[number - 1].split()) - len(line.split())
        cleaned[number - 1] = line
    return cleaned


def _stream(cleaned: list[str], set_aside: set[int]) -> list[Word]:
    words: list[Word] = []
    block = 0
    previous_had_words = False
    for number, line in enumerate(cleaned, start=1):
        tokens = [] if number in set_aside else line.split()
        if tokens and not previous_had_words:
            block += 1
        previous_had_words = bool(tokens)
        words.extend(Word(token, number, block) for token in tokens)
    return words


def _glue_joins(words: list[Word], edition: Edition, problems: list[str]) -> list[Word]:
    """A join with empty glue mends a word broken across blocks (school- / age): merge its halves."""
    for join in edition.ledger.joins:
        if join.glue:
            continue
        breaks = [
            i
            for i in range(len(words) - 1)
            if words[i].block != words[i + 1].block and words[i].line in join.lines and words[i + 1].line in join.lines
        ]
        if len(breaks) != 1:
            problems.append(
                f"join at lines {join.lines} ({join.place.path}:{join.place.line}) with no glue must span exactly one "
                f"break between blocks, not {len(breaks)}"
            )
            continue
        i = breaks[0]
        merged = Word(words[i].text + words[i + 1].text, words[i].line, words[i].block)
        words = words[:i] + [merged] + words[i + 2 :]
    return words


def _differences(
    witness: Witness, witness_words: list[Word], edition_words: list[tuple[str, int]], clauses: list[Clause]
) -> list[str]:
    if len(witness_words) == len(edition_words) and all(w.text == e for w, (e, _) in zip(witness_words, edition_words)):
        return []  # the usual case, checked in linear time; the matcher below only explains failures
    matcher = SequenceMatcher(None, [w.text for w in witness_words], [w for w, _ in edition_words], autojunk=False)
    problems = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        missing = [w.text for w in witness_words[i1:i2]]
        extra = [w for w, _ in edition_words[j1:j2]]
        at_line = witness_words[i1].line if i1 < len(witness_words) else (witness_words[-1].line if witness_words else 1)
        where = f"line {at_line}" if not missing else _line_span(witness_words[i1:i2])
        clause = clauses[edition_words[j1][1]] if j1 < len(edition_words) else clauses[edition_words[-1][1]] if edition_words else None
        in_clause = f" clause '{clause.id}' ({clause.place.path}:{clause.place.line})" if clause else " the edition"
        if tag == "delete":
            problems.append(f"{where}: “{_short(missing)}” is in the witness but missing from the edition (near{in_clause})")
        elif tag == "insert":
            problems.append(f"{where}:{in_clause} has “{_short(extra)}”, which is not in the witness")
        else:
            problems.append(f"{where}: the witness has “{_short(missing)}” where{in_clause} has “{_short(extra)}”")
    return problems


def _check_layout(
    witness_words: list[Word],
    edition_words: list[tuple[str, int]],
    clauses: list[Clause],
    edition: Edition,
    account: WitnessAccount,
) -> list[str]:
    """With the words equal, check clause boundaries against witness lines and blocks."""
    problems = []
    lines_of: dict[int, list[int]] = {}
    joins = edition.ledger.joins
    used = {i: [] for i in range(len(joins))}
    for position, (word, (_, clause_index)) in enumerate(zip(witness_words, edition_words)):
        lines_of.setdefault(clause_index, []).append(word.line)
        if position == 0:
            continue
        before = witness_words[position - 1]
        same_clause = edition_words[position - 1][1] == clause_index
        if not same_clause and before.line == word.line:
            problems.append(
                f"line {word.line}: clause '{clauses[clause_index].id}' starts in the middle of a witness line, after "
                f"clause '{clauses[edition_words[position - 1][1]].id}': a clause must start on a new line"
            )
        if same_clause and before.block != word.block:
            covering = [i for i, j in enumerate(joins) if before.line in j.lines and word.line in j.lines]
            if not covering:
                clause = clauses[clause_index]
                problems.append(
                    f"lines {before.line}–{word.line}: clause '{clause.id}' ({clause.place.path}:{clause.place.line}) "
                    "joins separate blocks of the witness; declare the join (with its reason) in the ledger"
                )
            for i in covering:
                if clauses[clause_index].id not in used[i]:
                    used[i].append(clauses[clause_index].id)
    for i, join in enumerate(joins):
        if not used[i]:
            problems.append(f"join at lines {join.lines} ({join.place.path}:{join.place.line}) joins nothing")
    account.join_clauses = used
    account.clause_lines = {clauses[i].id: LineRange(min(ls), max(ls)) for i, ls in lines_of.items()}
    return problems


def _line_span(words: list[Word]) -> str:
    first, last = words[0].line, words[-1].line
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _short(words: list[str], limit: int = 14) -> str:
    if len(words) <= limit:
        return " ".join(words)
    half = limit // 2
    return " ".join(words[:half]) + " … " + " ".join(words[-half:])
