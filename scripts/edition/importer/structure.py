"""Reading a converted text's structure: clauses (headings, paragraphs, list items, quotations)
with their printed labels and run-in terms, footnotes, joins across page breaks, and sections.

The text is read line by line, as the fidelity check reads it: lines the ledger sets aside and
conversion markup (markup.py) are taken out first, and what remains is cut into clauses that each
start at the start of a line. A clause that runs on across a blank line (a page break, a display
number above its statement) becomes one clause with a declared join. Every decision the reader
was not sure of is recorded with how doubtful it was, for the review list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import ClauseKind, LineRange
from . import markup
from .markup import Rule
from .not_text import DATE, MONTHS
from .witness_file import ReceivedText

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_LABEL = re.compile(r"^(\d{1,2}[.)]?|[A-Z][.)]|[a-z][.)]|\([a-z0-9]{1,3}\)|[ivx]{1,4}[.)])\s+(?=\S)")
_LETTER_LABEL = re.compile(r"^([a-z][.)]|\([a-z]\))$")
_NUMBER_LABEL = re.compile(r"^\d{1,2}[.)]?$")
_SPACED_LETTER = re.compile(r"^(?P<open>\()?(?P<letter>[a-zA-Z])(?(open)\)|[.)])\s+(?=\S)")
_TERM = re.compile(r"^([A-Z][^:.!?]{0,60}?:)\s+(?=\S)")
_FOOTNOTE = re.compile(rf"^([{SUPERSCRIPTS}]+)\s+\S")
_EDITION_STATEMENT = re.compile(r"^((first|second|third|fourth|fifth|sixth|\d+(st|nd|rd|th)|revised|new|updated)\s+edition)\b", re.I)
_OPENING_QUOTES = "\"“‘'"
_END_PUNCTUATION = ".!?:;…\"”'’)]"


@dataclass
class Doubt:
    """A decision the importer was not sure of: for the review list."""

    lines: LineRange
    doubt: float  # 0 sure .. 1 a guess
    decided: str
    check: str
    topic: str = "structure"  # or "markup": what the review item is about


@dataclass
class Line:
    number: int
    raw: str
    text: str  # after every markup rule, spacing collapsed
    heading_level: int | None
    bulleted: bool
    bold_only: bool
    indented: bool
    numbered: bool  # the witness prints a list number or letter at its start (before any rule)


@dataclass
class Clause:
    kind: ClauseKind
    lines: list[Line]
    label: str | None = None
    label_restored: bool = False
    term: str | None = None
    heading_level: int | None = None  # from the witness's own markup, if any
    joins: list[tuple[LineRange, str, str]] = field(default_factory=list)  # (lines, glue, reason)
    footnote_refs: list[str] = field(default_factory=list)  # markers the clause's text carries
    display: bool = False  # set in display type (bold lines at the top)
    list_heading: bool = False  # a heading inside a list (its items are lettered below it)

    @property
    def first(self) -> int:
        return self.lines[0].number

    @property
    def last(self) -> int:
        return self.lines[-1].number

    @property
    def range(self) -> LineRange:
        return LineRange(self.first, self.last)

    @property
    def words(self) -> str:
        """The clause's printed words, label and term included."""
        return " ".join(line.text for line in self.lines if line.text)

    @property
    def body(self) -> str:
        """The printed words less the label and the run-in term."""
        text = self.words
        if self.label and not self.label_restored:
            text = text[len(self.label) :].lstrip()
        if self.term:
            text = text[len(self.term) :].lstrip()
        return text


@dataclass
class Footnote:
    marker: str
    line: Line


@dataclass
class Section:
    kind: str
    title: str
    clauses: list[Clause]
    children: list[Section] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    number: int | None = None  # a principle's number

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Structure:
    sections: list[Section]
    rules: tuple[Rule, ...]  # the markup rules the text needs, in order
    doubts: list[Doubt]
    title: Clause | None


def read_structure(text: ReceivedText, excluded: set[int]) -> Structure:
    doubts: list[Doubt] = []
    rules = _rules_needed(text, excluded, markup.CATALOGUE)
    numbering = _damaged_numbering(text, excluded, rules)
    if numbering is not None:
        rules = rules + (Rule(**{**markup.NUMBERING.__dict__, "lines": numbering}),)
        doubts.append(Doubt(numbering, 0.45, "the list numbers here were added by the conversion: they are taken out, and headings in the list numbered afresh (marked as restored)",
                            "the original's numbering, from a printed copy if there is one", "markup"))
    rules, refusals = markup.confine(rules, [(n, raw) for n, raw in enumerate(text.lines, start=1) if n not in excluded])
    for refusal in refusals:
        doubts.append(_kept_as_printed(refusal))
    lines = [_line(n, raw, rules) for n, raw in enumerate(text.lines, start=1)]
    kept = [line for line in lines if line.number not in excluded]
    footnotes = _footnotes(kept)
    footnote_lines = {f.line.number for f in footnotes}
    blocks = _blocks([line for line in kept if line.number not in footnote_lines], excluded | footnote_lines)
    clauses = _clauses(blocks, doubts)
    _spaced_lettered_items(clauses, doubts)
    clauses = _run_on(clauses, doubts, excluded | footnote_lines)
    _headings(clauses, doubts)
    _labels_and_terms(clauses, doubts, restored=numbering)
    _quotes(clauses)
    for clause in clauses:
        clause.footnote_refs = [f.marker for f in footnotes if any(f.marker in line.text for line in clause.lines)]
    title = next((c for c in clauses if c.display), None) or next(
        (c for c in clauses if c.kind is ClauseKind.HEADING and not re.fullmatch(r"(table of )?contents|foreword|preface|introduction", c.body.strip().lower())), None
    )
    sections = _sections(clauses, doubts)
    for footnote in footnotes:
        home = next((s for s in _all_sections(sections) for c in s.clauses if footnote.marker in c.footnote_refs), None)
        if home is None:
            raise_unreadable(footnote.line.number, f"the footnote marked {footnote.marker} is referred to nowhere in the text")
        home.footnotes.append(footnote)
    used = tuple(rule for rule in rules if _removes_something(rule, lines, excluded))
    return Structure(sections, used, doubts, title)


def _kept_as_printed(refusal: markup.Refusal) -> Doubt:
    names = " and ".join(refusal.rules)
    return Doubt(
        LineRange(refusal.line, refusal.line), 0.65,
        f"kept as printed, markup and all: {refusal.why}, which is not conversion markup the edition can keep, so the "
        f"{names} rule{'s are' if len(refusal.rules) > 1 else ' is'} not declared for this line. The line reads “{refusal.raw.strip()}”",
        "what the line says: its words and signs now stand in the edition exactly as the witness prints them. If the "
        "markup is the converter's, write the clause's text by hand (a link needs a web or mail address) and declare a "
        "markup rule for this line in the ledger",
        "markup",
    )


class UnreadableStructure(Exception):
    def __init__(self, line: int, why: str):
        super().__init__(f"line {line}: {why}")
        self.line = line
        self.why = why


def raise_unreadable(line: int, why: str) -> None:
    raise UnreadableStructure(line, why)


def _all_sections(sections: list[Section]):
    for section in sections:
        yield from section.walk()


# --- lines --------------------------------------------------------------------------------------


def _rules_needed(text: ReceivedText, excluded: set[int], catalogue: tuple[Rule, ...]) -> tuple[Rule, ...]:
    return tuple(
        rule
        for rule in catalogue
        if any(re.search(rule.pattern, raw) for n, raw in enumerate(text.lines, start=1) if n not in excluded)
    )


def _removes_something(rule: Rule, lines: list[Line], excluded: set[int]) -> bool:
    return any(
        re.search(rule.pattern, line.raw)
        for line in lines
        if line.number not in excluded and (rule.lines is None or line.number in rule.lines)
    )


def _line(number: int, raw: str, rules: tuple[Rule, ...]) -> Line:
    clean = markup.apply(rules, number, raw)
    stripped = raw.strip()
    bold_only = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
    return Line(
        number=number,
        raw=raw,
        text=" ".join(clean.split()),
        heading_level=markup.heading_level(raw),
        bulleted=markup.is_bulleted(raw),
        bold_only=bold_only,
        indented=raw[:1].isspace() and bool(stripped),
        numbered=bool(re.match(r"^\s*(\d{1,2}[.)]|[a-zA-Z][.)]|\([a-z0-9]{1,3}\))\s+\S", raw)),
    )


def _damaged_numbering(text: ReceivedText, excluded: set[int], rules: tuple[Rule, ...]) -> LineRange | None:
    """A numbered list whose items also carry their own printed labels ("2. a) To assist ...")
    was numbered by the conversion: it ran one count through labels and headings alike."""
    doubled = [
        n
        for n, raw in enumerate(text.lines, start=1)
        if n not in excluded and re.match(r"^\s*\d+\.\s+([a-z][.)]|\([a-z]\))\s", markup.apply(rules, n, raw))
    ]
    if len(doubled) < 3:
        return None
    numbered = [n for n, raw in enumerate(text.lines, start=1) if n not in excluded and re.match(r"^\s*\d+\.\s+\S", markup.apply(rules, n, raw))]
    first, last = doubled[0], doubled[-1]
    # Extend to the numbered lines around them in the same run (headings such as "1. Purpose").
    before = [n for n in numbered if n < first]
    while before and first - before[-1] <= 2:
        first = before.pop()
    after = [n for n in numbered if n > last]
    while after and after[0] - last <= 2:
        last = after.pop(0)
    return LineRange(first, last)


def _footnotes(lines: list[Line]) -> list[Footnote]:
    """Lines that start with a superscript marker which the text also carries elsewhere."""
    found = []
    for line in lines:
        match = _FOOTNOTE.match(line.text)
        if not match:
            continue
        marker = match.group(1)
        if any(marker in other.text and other.number != line.number for other in lines):
            found.append(Footnote(marker, line))
    return found


def _blocks(lines: list[Line], set_aside: set[int]) -> list[list[Line]]:
    """Runs of lines with words, separated by lines without (blank, set aside, or only markup):
    as the fidelity check divides the witness."""
    blocks: list[list[Line]] = []
    previous = None
    for line in lines:
        if not line.text:
            previous = None
            continue
        if previous is None or line.number != previous + 1:
            blocks.append([])
        blocks[-1].append(line)
        previous = line.number
    return blocks


# --- clauses ------------------------------------------------------------------------------------


def _list_number(line: Line) -> int | None:
    found = re.match(r"^\s*(\d{1,2})[.)]\s+\S", line.raw)
    return int(found.group(1)) if found else None


def _starts_item(line: Line, block: list[Line]) -> bool:
    """A bullet, an indented label, or a number that runs in sequence with its neighbours' (a
    numbered list the conversion set flush left)."""
    if line.bulleted or (line.indented and line.numbered):
        return True
    number = _list_number(line)
    if number is None:
        return False
    at = block.index(line)
    neighbours = [_list_number(block[i]) for i in (at - 1, at + 1) if 0 <= i < len(block)]
    return (number - 1 in neighbours) or (number + 1 in neighbours)


def _clauses(blocks: list[list[Line]], doubts: list[Doubt]) -> list[Clause]:
    """Each block cut where a new heading or list item starts; hard-wrapped lines stay together."""
    clauses: list[Clause] = []
    for block in blocks:
        current: Clause | None = None
        for line in block:
            if line.heading_level is not None:
                current = Clause(ClauseKind.HEADING, [line], heading_level=line.heading_level)
                clauses.append(current)
                current = None
                continue
            item = _starts_item(line, block)
            if current is None or item:
                current = Clause(ClauseKind.ITEM if item else ClauseKind.PARAGRAPH, [line])
                clauses.append(current)
                continue
            current.lines.append(line)  # a hard-wrapped line of the same paragraph or item
    return clauses


def _letter_order(clause: Clause) -> tuple[str, int] | None:
    """A paragraph's opening letter label as (its style, its place in the alphabet): "b)" is
    ("a)", 1), "(C)" is ("(A)", 2)."""
    if clause.kind is not ClauseKind.PARAGRAPH or clause.heading_level is not None:
        return None
    found = _SPACED_LETTER.match(clause.lines[0].text)
    if not found:
        return None
    letter = found.group("letter")
    base = "a" if letter.islower() else "A"
    return found.group(0).strip().replace(letter, base), ord(letter) - ord(base)


def _continues_item(clause: Clause) -> bool:
    """A paragraph that carries on the item before it (a page break inside an item): it starts
    in lower case, with no label of its own."""
    return clause.kind is ClauseKind.PARAGRAPH and clause.words[:1].islower() and _letter_order(clause) is None


def _spaced_lettered_items(clauses: list[Clause], doubts: list[Doubt]) -> None:
    """Paragraphs that open with letters in sequence ("a)" then "b)"), each a block of its own:
    a lettered list the conversion spaced out with blank lines. Only letters: a number alone on
    a line is as often a numbered heading or paragraph, which the rules for numbers read. Marked
    before page breaks are joined, so that an item ending "and" is not run into the next."""
    for run in _letter_runs(clauses):
        for index in run:
            clauses[index].kind = ClauseKind.ITEM
        doubts.append(Doubt(LineRange(clauses[run[0]].first, clauses[run[-1]].last), 0.2,
                            "read as a lettered list, one item to a block (labels in sequence, blank lines between them)",
                            "that these are the items of one list and not paragraphs"))


def _letter_runs(clauses: list[Clause]) -> list[list[int]]:
    """The indices of paragraphs whose letter labels follow one another in the same style, two or
    more; an item carried on past a page break may stand between two of them."""
    runs: list[list[int]] = []
    last: tuple[str, int] | None = None
    for index, clause in enumerate(clauses):
        order = _letter_order(clause)
        if order is None:
            if not _continues_item(clause):
                last = None  # anything else ends the list
            continue
        if last is not None and order == (last[0], last[1] + 1):
            runs[-1].append(index)
        else:
            runs.append([index])
        last = order
    return [run for run in runs if len(run) >= 2]


def _ends_open(text: str) -> bool:
    """Whether a clause's text stops mid-sentence (a page break, or a display line above more)."""
    return not text.rstrip().endswith(tuple(_END_PUNCTUATION))


def _run_on(clauses: list[Clause], doubts: list[Doubt], set_aside: set[int]) -> list[Clause]:
    """Join clauses that are one clause printed across a break: display type at the top, a
    number printed above its statement, a sentence split by a page break."""
    out: list[Clause] = []
    index = 0
    # The title set in display type over several blocks.
    display = []
    while index < len(clauses) and all(line.bold_only or line.raw.strip().startswith("**") or line.raw.rstrip().endswith("**") for line in clauses[index].lines) and clauses[index].kind is ClauseKind.PARAGRAPH:
        display.append(clauses[index])
        index += 1
    if display:
        title = Clause(ClauseKind.HEADING, [line for c in display for line in c.lines], display=True)
        if len(display) > 1:
            title.joins.append((title.range, " ", "The title is set in display type over several lines."))
        out.append(title)
    while index < len(clauses):
        clause = clauses[index]
        index += 1
        previous = out[-1] if out else None
        if previous is None:
            out.append(clause)
            continue
        # A number in display type on its own, above the statement it numbers.
        if _is_display_number(previous) and clause.kind is not ClauseKind.HEADING:
            number, number_line = previous.words, previous.last
            previous.lines += clause.lines
            previous.kind = ClauseKind.ITEM
            previous.label = number
            previous.joins.append((LineRange(number_line, clause.first), " ", "The number is printed above its statement, apart from it."))
            continue
        first_word = clause.words.split()[0] if clause.words else ""
        if (
            previous.kind is not ClauseKind.HEADING
            and not previous.display
            and not _is_display_number(previous)
            and clause.kind is ClauseKind.PARAGRAPH
            and clause.heading_level is None
            and first_word[:1].islower()
            and _ends_open(previous.words)
        ):
            broken_word = re.search(r"[A-Za-z]-$", previous.words) is not None
            glue = "" if broken_word else " "
            what = "list item" if previous.kind is ClauseKind.ITEM else "paragraph"
            furniture = clause.first - previous.last > 1 and any(n in set_aside for n in range(previous.last + 1, clause.first))
            # Display type at the break (the sentence's opening words set large, in bold, above the
            # rest): the layout, not a page, divides the sentence.
            display = not furniture and not broken_word and (previous.lines[-1].bold_only or clause.lines[0].bold_only)
            where = "A page break, with its running header or footer," if furniture else "A break the conversion put in (most likely a page break)"
            if display:
                reason = f"The opening words of this {what} are set apart in display type; the conversion made two paragraphs of it."
            elif broken_word:
                reason = f"{where} splits this {what} inside a word; the two halves are joined without a space."
            else:
                reason = f"{where} splits this {what} mid-sentence; the conversion made two paragraphs of it."
            if display:
                doubts.append(Doubt(LineRange(previous.first, clause.last), 0.25,
                                    "joined as one clause whose opening words are set in display type",
                                    "that the words in display type and the text after them are one sentence in the original"))
            else:
                doubts.append(Doubt(LineRange(previous.first, clause.last), 0.3 if broken_word else 0.25,
                                    "joined as one clause split by a page break" + (" (inside a word, without a space)" if broken_word else ""),
                                    "that the two parts are one sentence in the original"))
            previous.joins.append((LineRange(previous.last, clause.first), glue, reason))
            previous.lines += clause.lines
            continue
        out.append(clause)
    return out


def _is_display_number(clause: Clause) -> bool:
    return len(clause.lines) == 1 and clause.lines[0].bold_only and bool(_NUMBER_LABEL.match(clause.words))


# --- headings, labels, terms, quotations ---------------------------------------------------------


def _short_line(clause: Clause) -> bool:
    text = clause.words.rstrip("\"”’')] ")
    return len(clause.lines) == 1 and 0 < len(text.split()) <= 25 and not text.endswith((".", ",", ";", ":", "!")) and not text[:1].islower()


def _is_date(text: str) -> bool:
    found = DATE.search(text)
    return found is not None and len(text.split()) <= 6


def _headings(clauses: list[Clause], doubts: list[Doubt]) -> None:
    """Headings the witness does not mark: short lines that stand alone and introduce what
    follows. Before the first paragraph of body text only the first (the title) and the last (a
    first section heading) are headings; lines between them are front matter (an edition
    statement, a subtitle, a date)."""
    body_start = next((i for i, c in enumerate(clauses) if c.kind is not ClauseKind.HEADING and not _short_line(c)), len(clauses))
    candidates = [i for i, c in enumerate(clauses) if c.kind is ClauseKind.PARAGRAPH and _short_line(c) and not c.lines[0].bulleted]
    for i in candidates:
        clause = clauses[i]
        following = clauses[i + 1] if i + 1 < len(clauses) else None
        if following is None or _is_date(clause.words) or _EDITION_STATEMENT.search(clause.words):
            continue
        if i < body_start:
            title_index = next((j for j, c in enumerate(clauses) if c.kind is ClauseKind.HEADING or j in candidates), None)
            if i != title_index and i != body_start - 1:
                doubts.append(Doubt(clause.range, 0.35, "kept as a paragraph of the front matter, not a heading",
                                    "whether this line is a heading in the original"))
                continue
        clause.kind = ClauseKind.HEADING
        capitals = clause.words.upper() == clause.words
        doubts.append(Doubt(clause.range, 0.15 if capitals else 0.3, "read as a heading (a short line standing alone, without final punctuation)",
                            "that this line is a heading and not a one-line paragraph"))
    # A single list item with a number and no final punctuation, followed by text: a numbered heading.
    for i, clause in enumerate(clauses[:-1]):
        following = clauses[i + 1]
        alone = (i == 0 or clauses[i - 1].kind is not ClauseKind.ITEM or clauses[i - 1].last < clause.first - 1) and (following.kind is not ClauseKind.ITEM)
        label = _LABEL.match(clause.words)
        if clause.kind is ClauseKind.ITEM and alone and label and _NUMBER_LABEL.match(label.group(1)) and _short_line(clause) and following.kind is ClauseKind.PARAGRAPH:
            clause.kind = ClauseKind.HEADING
            doubts.append(Doubt(clause.range, 0.35, "read as a numbered heading (a single numbered line, set as a list item by the conversion, before paragraphs)",
                                "that this is the heading of what follows, not a one-item list"))


def _labels_and_terms(clauses: list[Clause], doubts: list[Doubt], restored: LineRange | None) -> None:
    # Printed labels of list items and numbered headings.
    bare_numbered = [c for c in clauses if c.kind is ClauseKind.HEADING and (m := _LABEL.match(c.words)) and m.group(1).isdigit()]
    for clause in clauses:
        if clause.label is not None:
            continue
        match = _LABEL.match(clause.words)
        if not match or clause.words.split()[1:2] and clause.words.split()[1].lower() in MONTHS.split("|"):
            continue
        label = match.group(1)
        if clause.kind is ClauseKind.ITEM or (clause.kind is ClauseKind.HEADING and (not label.isdigit() or len(bare_numbered) >= 2)):
            clause.label = label
    # Where the conversion numbered the list, its headings lost their numbers: number them afresh.
    if restored is not None:
        number = 0
        for i, clause in enumerate(clauses):
            following = clauses[i + 1] if i + 1 < len(clauses) else None
            inside = clause.first in restored
            if inside and clause.label is None and clause.kind in (ClauseKind.ITEM, ClauseKind.HEADING) and _short_line(clause) \
                    and following is not None and following.label and _LETTER_LABEL.match(following.label):
                number += 1
                clause.kind = ClauseKind.HEADING
                clause.label = f"{number}."
                clause.label_restored = True
                clause.list_heading = True
    # Run-in terms ("Evidence: We believe ..."), when neighbouring paragraphs share the pattern.
    for i, clause in enumerate(clauses):
        neighbours = [clauses[j] for j in (i - 1, i + 1) if 0 <= j < len(clauses)]
        if clause.kind is ClauseKind.PARAGRAPH and _TERM.match(clause.body) and any(n.kind is ClauseKind.PARAGRAPH and _TERM.match(n.body) for n in neighbours):
            clause.term = _TERM.match(clause.body).group(1)


def _quotes(clauses: list[Clause]) -> None:
    """A paragraph that opens with a quotation mark is quoted matter; so is one that continues a
    quotation left open."""
    open_quote = False
    for clause in clauses:
        if clause.kind is not ClauseKind.PARAGRAPH:
            open_quote = False
            continue
        text = clause.words
        starts = text[:1] in _OPENING_QUOTES and text[:1] != "'"
        if starts or open_quote:
            clause.kind = ClauseKind.QUOTE
            opened = text.count("“") + (text.count('"') + 1) // 2
            closed = text.count("”") + text.count('"') // 2
            open_quote = (text.count('"') % 2 == 1) if '"' in text else opened > closed
            if open_quote and not starts:
                open_quote = False
        else:
            open_quote = False


# --- sections -----------------------------------------------------------------------------------

_KINDS = (
    (re.compile(r"\b(introduction|foreword|preface|background)\b", re.I), "introduction"),
    (re.compile(r"\bconclusions?\b|\bdelivery of the principles\b", re.I), "conclusion"),
    (re.compile(r"\bcode of (conduct|practice)\b", re.I), "code"),
    (re.compile(r"\bprinciples\b", re.I), "principles"),
)


def _sections(clauses: list[Clause], doubts: list[Doubt]) -> list[Section]:
    """A section starts at each heading that follows text, and at each principle's heading.
    Principles are the statements of a numbered list of principles; a heading that repeats one of
    them (or carries its number) opens that principle's section, with any heading of its own set
    just above it (a keyword in display type). A heading inside a list starts a sub-section."""
    statements = _principle_statements(clauses)
    numbers = [_principle_number(c, statements) for c in clauses]
    runs: list[list[int]] = []
    for index, clause in enumerate(clauses):
        starts = clause.kind is ClauseKind.HEADING and not clause.list_heading and (
            not runs or clauses[runs[-1][-1]].kind is not ClauseKind.HEADING or numbers[index] is not None
        )
        if not runs or starts:
            runs.append([])
        runs[-1].append(index)
    # Where most principles have a heading of their own just above them, it belongs to them.
    above = [r for r, run in enumerate(runs[1:], start=1) if numbers[run[0]] is not None
             and len(runs[r - 1]) == 1 and clauses[runs[r - 1][0]].kind is ClauseKind.HEADING and numbers[runs[r - 1][0]] is None]
    principles = sum(1 for run in runs if numbers[run[0]] is not None)
    if principles and len(above) * 2 > principles:
        for r in reversed(above):
            runs[r - 1:r + 1] = [runs[r - 1] + runs[r]]
    sections: list[Section] = []
    for position, run in enumerate(runs):
        members = [clauses[i] for i in run]
        principle = next((numbers[i] for i in run if numbers[i] is not None), None)
        heading = next((c for c in members if c.kind is ClauseKind.HEADING), None)
        if principle is not None:
            sections.append(Section("principle", f"Principle {principle}", members, number=principle))
        elif position == 0:
            sections.append(Section("front", "Title page" if heading is members[0] else "Opening", members))
        elif statements and any(_normal(c.body) in statements for c in members if c.kind is ClauseKind.ITEM):
            sections.append(Section("principles", _title(heading.body) if heading and "principle" in heading.body.lower() else "The principles", members))
        else:
            kind = next((k for pattern, k in _KINDS if heading is not None and pattern.search(heading.body)), "section")
            if kind == "principles" and (any(s.kind == "principles" for s in sections) or not any(c.kind is ClauseKind.ITEM for c in members)):
                kind = "section"  # the principles are the section that lists them; others only speak of them
            sections.append(Section(kind, _title(heading.body if heading else members[0].body), members))
    # A section of headings alone, followed by principles, is the part that holds them.
    nested: list[Section] = []
    for section in sections:
        if section.kind == "principle" and nested and nested[-1].kind == "part":
            nested[-1].children.append(section)
            continue
        if section.kind not in ("principle", "front") and all(c.kind is ClauseKind.HEADING for c in section.clauses):
            section.kind = "part"
        elif nested and nested[-1].kind == "part" and not nested[-1].children:
            nested[-1].kind = "section"
        nested.append(section)
    nested = _subsections_by_style(nested)
    _list_subsections(nested, doubts)
    return nested


def _style(clause: Clause) -> str:
    """How the witness sets a heading apart: its own rank among the document's headings."""
    if clause.heading_level is not None:
        return f"atx{clause.heading_level}"
    if clause.display:
        return "display"
    if clause.list_heading:
        return "list"
    if clause.lines[0].bold_only:
        return "bold"
    return "caps" if clause.words.upper() == clause.words else "plain"


def _subsections_by_style(sections: list[Section]) -> list[Section]:
    """A heading set differently from the heading above it (a plain line under a bold one, ##
    under #) starts a sub-section, and so do the headings after it set the same way, until a
    heading set like the first: sibling headings stay together."""
    out: list[Section] = []
    parent: Section | None = None
    child_style = None
    for section in sections:
        leading = [c for c in _leading(section.clauses)]
        style = _style(leading[0]) if leading else None
        if parent is not None and section.kind not in ("principle", "part", "front") and style == child_style:
            parent.children.append(section)
            continue
        parent, child_style = None, None
        out.append(section)
        if section.kind in ("principle", "part", "front") or len(leading) < 2 or leading[1].list_heading or _style(leading[1]) == _style(leading[0]):
            continue
        first_child = Section("section", _title(leading[1].body), section.clauses[1:])
        section.clauses = section.clauses[:1]
        section.children.insert(0, first_child)
        parent, child_style = section, _style(leading[1])
    return out


def _leading(clauses: list[Clause]) -> list[Clause]:
    out = []
    for clause in clauses:
        if clause.kind is not ClauseKind.HEADING:
            break
        out.append(clause)
    return out


def _principle_statements(clauses: list[Clause]) -> dict[str, int]:
    """The statements of a numbered list of principles (normalised) and their numbers: a list
    whose statements reappear as headings further on."""
    headings = {_normal(c.body) for c in clauses if c.kind is ClauseKind.HEADING}
    found: dict[str, int] = {}
    for clause in clauses:
        if clause.kind is ClauseKind.ITEM and clause.label and clause.label.rstrip(".)").isdigit():
            found[_normal(clause.body)] = int(clause.label.rstrip(".)"))
    numbered_headings = sum(1 for c in clauses if c.kind is ClauseKind.HEADING and c.label and c.label.rstrip(".)").isdigit() and not c.label_restored)
    return found if len(found) >= 3 and (len(headings & set(found)) >= 2 or numbered_headings >= 2) else {}


def _principle_number(clause: Clause, statements: dict[str, int]) -> int | None:
    if clause.kind is not ClauseKind.HEADING or not statements or clause.list_heading:
        return None
    if _normal(clause.body) in statements:
        return statements[_normal(clause.body)]
    if clause.label and clause.label.rstrip(".)").isdigit() and not clause.label_restored:
        return int(clause.label.rstrip(".)"))
    return None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _title(text: str) -> str:
    """An editorial title from a heading: capitals set in sentence case, and not too long."""
    if text.upper() == text and any(ch.isalpha() for ch in text):
        text = text[:1] + text[1:].lower()
    words = text.split()
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")


def _list_subsections(sections: list[Section], doubts: list[Doubt]) -> None:
    """Headings inside a list (and headings after a section's text) start its sub-sections."""
    for section in sections:
        lead = 0
        while lead < len(section.clauses) and section.clauses[lead].kind is ClauseKind.HEADING and (lead == 0 or not section.clauses[lead].list_heading):
            lead += 1
        own, children = section.clauses[:lead], []
        for clause in section.clauses[lead:]:
            if clause.kind is ClauseKind.HEADING and (clause.list_heading or not children or children[-1].clauses[-1].kind is not ClauseKind.HEADING):
                title = f"{clause.label} {_title(clause.body)}" if clause.label else _title(clause.body)
                children.append(Section("section", title, [clause]))
            elif children:
                children[-1].clauses.append(clause)
            else:
                own.append(clause)
        if children:
            section.clauses = own
            section.children = children + section.children
        _list_subsections(section.children, doubts)
