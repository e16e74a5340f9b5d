"""The conversion markup an importer knows, as the ledger's markup rules.

Converted texts carry Markdown the converter added: heading markers, bullets, bold markers left
around display type, link syntax, italics markers, rules at page breaks, stray control characters.
Each is a rule the ledger can declare (a pattern, a replacement, a reason). The importer applies
the same rules, in the same order, as the fidelity check will, so the text it proposes for each
clause is by construction what the check finds in the witness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
LINK = Rule("link", "\\[([^\\]]*)\\]\\(([^)\\s]*)\\)", "\\1", "Markdown link syntax; the edition keeps the link text and, as the link's address, its target.")
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

_BULLET = re.compile(BULLET.pattern)
_HEADING = re.compile("^\\s{0,3}(#{1,6})\\s+")
_LINK = re.compile(LINK.pattern)
_AUTOLINK = re.compile(AUTOLINK.pattern)
_EMPHASIS = re.compile(EMPHASIS.pattern)


def apply(rules: tuple[Rule, ...], number: int, line: str) -> str:
    """What the fidelity check makes of witness line `number` under `rules`."""
    for rule in rules:
        if rule.lines is not None and number not in rule.lines:
            continue
        line = re.sub(rule.pattern, rule.replace, line)
    return line


def heading_level(raw: str) -> int | None:
    found = _HEADING.match(raw)
    return len(found.group(1)) if found else None


def is_bulleted(raw: str) -> bool:
    return bool(_BULLET.match(raw)) and bool(raw.strip("-*•▪◦· \t"))


def inline_pieces(text: str) -> list[tuple[str, str, str | None]]:
    """A cleaned-of-structure line's inline markup as pieces: ("text", words, None), ("em", words,
    None) or ("link", text, href). Their words joined are the line's words after every rule."""
    pieces: list[tuple[str, str, str | None]] = []
    pattern = re.compile(f"{LINK.pattern}|{AUTOLINK.pattern}|{EMPHASIS.pattern}")
    position = 0
    for found in pattern.finditer(text):
        if found.start() > position:
            pieces.append(("text", text[position : found.start()], None))
        if found.group(1) is not None or found.group(2) is not None:  # [text](href)
            pieces.append(("link", found.group(1), found.group(2)))
        elif found.group(3) is not None:  # <https://...>
            pieces.append(("link", found.group(3), found.group(3)))
        else:
            pieces.append(("em", found.group(4), None))
        position = found.end()
    if position < len(text):
        pieces.append(("text", text[position:], None))
    return pieces
