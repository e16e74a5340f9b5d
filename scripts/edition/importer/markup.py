"""The conversion markup an importer knows, as the ledger's markup rules.

Converted texts carry Markdown the converter added: heading markers, bullets, bold markers left
around display type, link syntax, italics markers, rules at page breaks, stray control characters.
Each is a rule the ledger can declare (a pattern, a replacement, a reason). The importer applies
the same rules, in the same order, as the fidelity check will, so the text it proposes for each
clause is by construction what the check finds in the witness.

A rule may remove only markup. On every line it is proposed for, what it removes is traced
(`trace`) and checked against what the rule is for: a heading marker, a bullet, `**`, the brackets
of a link and its address (which the edition keeps as the link's `href`, parentheses balanced),
the stars around italics. The line's text as the edition will hold it (`line_pieces`), written
back with the converter's markup, must give the line exactly. Where a rule would drop anything
else (a `javascript:` address, a link without text, markup nested in markup the edition cannot
hold), the rule is not proposed for that line (`confine`): the edition keeps the line as printed,
markup and all, and the review list names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..model import LineRange


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    replace: str
    reason: str
    lines: LineRange | None = None

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def applies_to(self, number: int) -> bool:
        return self.lines is None or number in self.lines


# In the order they apply. Control characters go first so that no other rule sees them.
CONTROL = Rule(
    "control", "[\\x00-\\x08\\x0e-\\x1f\\x7f\\ufeff]", "",
    "Control characters and a byte-order mark left by the conversion; no printed text holds them.",
)
HEADING = Rule("heading", "^\\s{0,3}#{1,6}\\s+", "", "Markdown heading markers; the edition records headings as heading clauses.")
RULE_LINE = Rule("rule-line", "^\\s*(-{3,}|\\*{3,}|_{3,})\\s*$", "", "Markdown horizontal rules the conversion put at page breaks.")
BULLET = Rule(
    "bullet", "^\\s*[-*•▪◦·](\\s+|$)", "",
    "List bullets added by the conversion (empty bullets and spurious nesting included); which clauses are "
    "list items is recorded in the edition.",
)
BOLD = Rule("bold", "\\*\\*", "", "Markdown bold markers from the conversion: display type, and stray markers.")
# The address may hold balanced parentheses (…/Foo_(bar)): the link ends at the parenthesis that
# closes the one after the brackets, not at the first.
LINK = Rule(
    "link", "\\[([^\\]]*)\\]\\(((?:[^()\\s]|\\([^()\\s]*\\))*)\\)", "\\1",
    "Markdown link syntax: the brackets around the link text and the address in parentheses after them; "
    "the edition keeps the link text and, as the link's address, the address.",
)
AUTOLINK = Rule("autolink", "<(https?://[^>\\s]+)>", "\\1", "Markdown's angle brackets around a web address; the edition keeps the address as a link.")
EMPHASIS = Rule(
    "emphasis", "(?<![*\\w])\\*(?=\\S)([^*]+?)(?<=\\S)\\*(?![*\\w])", "\\1",
    "Markdown italics markers; the edition records italics as emphasis.",
)
NUMBERING = Rule(
    "numbering", "^\\s*\\d+\\.\\s+", "",
    "List numbers the conversion added: it numbered every line of the list in one run, printed labels and "
    "headings included; the printed labels are kept.",
)
CATALOGUE = (CONTROL, HEADING, RULE_LINE, BULLET, BOLD, LINK, AUTOLINK, EMPHASIS)
INLINE = ("link", "autolink", "emphasis")  # the rules whose markup the edition keeps as pieces

# What each rule may remove, and nothing else: the markup itself (for the inline rules, their
# delimiters; the address a link removes is checked against what the edition keeps).
_MARKUP_ONLY = (
    ("control", re.compile("[\\x00-\\x08\\x0e-\\x1f\\x7f\\ufeff]+")),
    ("heading", re.compile("\\s{0,3}#{1,6}\\s+")),
    ("rule-line", re.compile("\\s*(-{3,}|\\*{3,}|_{3,})\\s*")),
    ("bullet", re.compile("\\s*[-*•▪◦·]\\s*")),
    ("bold", re.compile("\\*\\*")),
    ("numbering", re.compile("\\s*\\d+\\.\\s+")),
    ("link", re.compile("\\[|\\]\\(.*\\)", re.S)),
    ("autolink", re.compile("<|>")),
    ("emphasis", re.compile("\\*")),
)
KEPT_ADDRESS = re.compile("^(https?|mailto):")  # an address the edition keeps as a link's href

_BULLET = re.compile(BULLET.pattern)
_HEADING = re.compile("^\\s{0,3}(#{1,6})\\s+")


def apply(rules: tuple[Rule, ...], number: int, line: str) -> str:
    """What the fidelity check makes of witness line `number` under `rules`."""
    for rule in rules:
        if not rule.applies_to(number):
            continue
        line = re.sub(rule.pattern, rule.replace, line)
    return line


def heading_level(raw: str) -> int | None:
    found = _HEADING.match(raw)
    return len(found.group(1)) if found else None


def is_bulleted(raw: str) -> bool:
    return bool(_BULLET.match(raw)) and bool(raw.strip("-*•▪◦· \t"))


# --- the pieces of a line -------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of a line's text as the edition holds it: plain text, italics or a link; `syntax` is
    the markup the converter wrote it with (link: [text](href), autolink: <href>, em: *text*)."""

    kind: str  # text, em, link
    text: str
    href: str | None = None
    syntax: str = ""

    def markdown(self) -> str:
        """The piece written back with the converter's markup."""
        if self.syntax == "link":
            return f"[{self.text}]({self.href})"
        if self.syntax == "autolink":
            return f"<{self.href}>"
        if self.syntax == "em":
            return f"*{self.text}*"
        return self.text


_INLINE_PATTERNS = (("link", LINK.pattern), ("autolink", AUTOLINK.pattern), ("emphasis", EMPHASIS.pattern))


def inline_pieces(text: str, kinds: Iterable[str] = INLINE) -> list[Piece]:
    """A cleaned-of-structure line's inline markup (of the kinds given) as pieces. Written back
    (`Piece.markdown`) they give `text` exactly."""
    wanted = tuple((name, pattern) for name, pattern in _INLINE_PATTERNS if name in set(kinds))
    if not wanted:
        return [Piece("text", text)] if text else []
    combined = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in wanted))
    own = dict(wanted)
    pieces: list[Piece] = []
    position = 0
    for found in combined.finditer(text):
        if found.start() > position:
            pieces.append(Piece("text", text[position : found.start()]))
        name = found.lastgroup if found.lastgroup in own else next(n for n in own if found.group(n) is not None)
        inner = re.compile(own[name]).match(text, found.start(), found.end())
        if name == "link":
            pieces.append(Piece("link", inner.group(1), inner.group(2), "link"))
        elif name == "autolink":
            pieces.append(Piece("link", inner.group(1), inner.group(1), "autolink"))
        else:
            pieces.append(Piece("em", inner.group(1), None, "em"))
        position = found.end()
    if position < len(text):
        pieces.append(Piece("text", text[position:]))
    return pieces


def structural(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    return tuple(rule for rule in rules if rule.name not in INLINE)


def line_pieces(rules: tuple[Rule, ...], number: int, raw: str) -> list[Piece]:
    """Witness line `number` as the edition holds it: the structural rules applied, then the
    inline markup of the inline rules that apply to this line, as pieces."""
    kinds = {rule.name for rule in rules if rule.name in INLINE and rule.applies_to(number)}
    return inline_pieces(apply(structural(rules), number, raw), kinds)


# --- what a rule removes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Removal:
    """Characters of a witness line a rule removed: their places in the line, and whether they
    are markup only (`lost`: what of them is not)."""

    rule: str
    places: tuple[int, ...]
    text: str
    lost: str = ""


def trace(rules: tuple[Rule, ...], number: int, raw: str) -> tuple[str, tuple[Removal, ...]]:
    """Apply `rules` to line `number` as the fidelity check does, and record every character each
    removes. Returns the cleaned line (what `apply` returns) and the removals."""
    text, origin = raw, list(range(len(raw)))
    removals: list[Removal] = []
    for rule in rules:
        if not rule.applies_to(number):
            continue
        if rule.replace not in ("", "\\1"):
            raise ValueError(f"the importer traces only rules that remove their match or keep its first group, not {rule.replace!r}")
        kept_text: list[str] = []
        kept_origin: list[int] = []
        last = 0
        for found in rule.compiled().finditer(text):
            kept_text.append(text[last : found.start()])
            kept_origin += origin[last : found.start()]
            if rule.replace == "\\1" and found.group(1) is not None:
                keep = found.span(1)
            else:
                keep = (found.end(), found.end())
            removed = [i for i in range(found.start(), found.end()) if not keep[0] <= i < keep[1]]
            if removed:
                segments = tuple(text[a:b] for a, b in ((found.start(), keep[0]), (keep[1], found.end())) if a < b)
                removals.append(_removal(rule, found, tuple(origin[i] for i in removed), segments))
            kept_text.append(text[keep[0] : keep[1]])
            kept_origin += origin[keep[0] : keep[1]]
            last = found.end()
        kept_text.append(text[last:])
        kept_origin += origin[last:]
        text, origin = "".join(kept_text), kept_origin
    return text, tuple(removals)


def _removal(rule: Rule, found: re.Match[str], places: tuple[int, ...], segments: tuple[str, ...]) -> Removal:
    """What `rule` removed with one match (the text before and after what it keeps), and what of
    it is not markup the edition can spare."""
    removed = "".join(segments)
    lost = ""
    if rule.name == "link":
        label, address = found.group(1), found.group(2) or ""
        if not KEPT_ADDRESS.match(address):
            lost = address or removed  # the edition keeps only a web or mail address as a link
        elif not label.strip():
            lost = address  # a link without text: the edition would keep nothing of it
        elif segments != ("[", f"]({address})"):
            lost = removed
    else:
        grammar = dict(_MARKUP_ONLY).get(rule.name)
        if grammar is None or not all(grammar.fullmatch(segment) for segment in segments):
            lost = removed
    return Removal(rule.name, places, removed, lost)


def round_trip(rules: tuple[Rule, ...], number: int, raw: str) -> str | None:
    """Why `rules` cannot be declared for line `number` (None when they can): each removes only
    markup, the edition's pieces hold exactly what the fidelity check leaves, each link keeps its
    address, and the pieces written back with the converter's markup, the structural markup put
    back where it stood, give the line exactly."""
    cleaned, removals = trace(rules, number, raw)
    lost = [r for r in removals if r.lost]
    if lost:
        return "; ".join(f"the {r.rule} rule would drop “{r.lost}”" for r in lost)
    pieces = line_pieces(rules, number, raw)
    if "".join(p.text for p in pieces) != cleaned:
        return "its markup is nested in a way the edition cannot hold (italics in a link, a link in italics)"
    for piece in pieces:
        if piece.kind == "link" and not (piece.text.strip() and KEPT_ADDRESS.match(piece.href or "")):
            return f"the link to “{piece.href}” would lose its address"
        if piece.kind == "em" and not piece.text.strip():
            return "italics around nothing"
    _, structure_removed = trace(structural(rules), number, raw)
    rebuilt = _put_back("".join(p.markdown() for p in pieces), structure_removed, raw)
    if rebuilt != raw:
        return "written back with its markup, the edition's text would not give the line"
    return None


def _put_back(text: str, removals: tuple[Removal, ...], raw: str) -> str:
    """`text` (the line less the structural removals) with the removed characters put back at
    their places in the line."""
    removed = {place for r in removals for place in r.places}
    kept = iter(text)
    out = [raw[i] if i in removed else next(kept, "") for i in range(len(raw))]
    return "".join(out) + "".join(kept)


# --- confining rules to the lines they fit ---------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """A witness line some rules were not declared for, and why: it stays as printed."""

    line: int
    raw: str
    rules: tuple[str, ...]
    why: str


def confine(rules: tuple[Rule, ...], lines: Iterable[tuple[int, str]]) -> tuple[tuple[Rule, ...], tuple[Refusal, ...]]:
    """`rules`, each declared only for the lines on which it removes nothing but markup (a rule
    refused on some lines becomes one rule per run of lines between them), and the lines refused.
    On a refused line the inline rules go first (their markup stays in the text, as printed); a
    structural rule goes only if it removes more than markup itself."""
    refused: dict[int, set[str]] = {}
    refusals: list[Refusal] = []
    checked: list[tuple[int, str]] = list(lines)
    for number, raw in checked:
        active = tuple(rule for rule in rules if rule.applies_to(number))
        off: set[str] = set()
        first_reason = None
        while True:
            now = tuple(rule for rule in active if rule.name not in off)
            why = round_trip(now, number, raw)
            if why is None:
                break
            first_reason = first_reason or why
            _, removals = trace(now, number, raw)
            blamed = {r.rule for r in removals if r.lost} or {r.rule for r in removals if r.rule in INLINE}
            blamed -= off
            if not blamed:  # nothing left to take away: keep no rule on this line
                blamed = {rule.name for rule in now}
            if not blamed:
                break
            off |= blamed
        if off:
            refused[number] = off
            refusals.append(Refusal(number, raw, tuple(rule.name for rule in active if rule.name in off), first_reason or ""))
    out: list[Rule] = []
    for rule in rules:
        lines_off = sorted(n for n, names in refused.items() if rule.name in names and rule.applies_to(n))
        if not lines_off:
            out.append(rule)
            continue
        hits = [
            n for n, raw in checked
            if rule.applies_to(n) and n not in lines_off
            and rule.compiled().search(apply(tuple(r for r in _before(rules, rule) if r.name not in refused.get(n, ())), n, raw))
        ]
        out += [replace(rule, lines=LineRange(run[0], run[-1])) for run in _between(hits, lines_off)]
    return tuple(out), tuple(refusals)


def _before(rules: tuple[Rule, ...], rule: Rule) -> tuple[Rule, ...]:
    return rules[: rules.index(rule)]


def _between(hits: list[int], stops: list[int]) -> list[list[int]]:
    """`hits` in runs that no line of `stops` interrupts."""
    runs: list[list[int]] = []
    for hit in hits:
        if runs and not any(runs[-1][-1] < stop < hit for stop in stops):
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return runs
