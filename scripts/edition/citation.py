"""Short human citations of clauses: an edition's short name, the section, and the printed label.

"ECS England, Principle 2 ¶1", "ECS England, Personal conduct C.", "AEWM 2019, 1. Purpose a)",
"ASCL 2015, The six principles, Evidence". A clause without a printed label is cited by its
paragraph number within its section (headings are not counted); printed labels are used as printed.
Every citation is unique (a test holds it to that).
"""

from __future__ import annotations

from .model import Clause, ClauseKind, Corpus, Edition, Footnote, Section


class Citations:
    def __init__(self, corpus: Corpus):
        self._cite: dict[str, str] = {}
        self._locator: dict[str, str] = {}
        self._number: dict[str, str] = {}
        for edition in corpus.editions():
            for section in edition.walk():
                self._add_section(edition, section)

    def _add_section(self, edition: Edition, section: Section) -> None:
        paragraph = heading = 0
        for clause in section.clauses:
            if clause.kind is ClauseKind.HEADING:
                heading += 1
            else:
                paragraph += 1
            self._locator[clause.id] = _locator(section, clause, heading if clause.kind is ClauseKind.HEADING else paragraph)
            if self._locator[clause.id].endswith(f" ¶{paragraph}") and clause.kind is not ClauseKind.HEADING:
                self._number[clause.id] = f"¶{paragraph}"
            self._cite[clause.id] = f"{edition.short_name}, {self._locator[clause.id]}"
        for footnote in section.footnotes:
            self._locator[footnote.id] = f"{section.title}, footnote {footnote.marker}"
            self._cite[footnote.id] = f"{edition.short_name}, {self._locator[footnote.id]}"

    def cite(self, clause: Clause | Footnote | str) -> str:
        """The citation: "ECS England, Principle 2 ¶1"."""
        return self._cite[clause if isinstance(clause, str) else clause.id]

    def locator(self, clause: Clause | Footnote | str) -> str:
        """The citation without the edition: "Principle 2 ¶1"."""
        return self._locator[clause if isinstance(clause, str) else clause.id]

    def number(self, clause: Clause | str) -> str | None:
        """The paragraph number a citation gives a clause that prints no label ("¶1"), for paper;
        None for a clause cited by what it prints (a label, a term) or a heading."""
        return self._number.get(clause if isinstance(clause, str) else clause.id)


def _locator(section: Section, clause: Clause, number: int) -> str:
    """`number` counts headings for a heading (a section may print two), paragraphs otherwise."""
    if clause.kind is ClauseKind.HEADING:
        return f"{section.title}, heading" if number == 1 else f"{section.title}, heading {number}"
    if clause.label and clause.label_restored:
        return f"{section.title} [{clause.label}]"
    if clause.label:
        return f"{section.title} {clause.label}"
    if clause.term:
        return f"{section.title}, {clause.term.rstrip(':')}"
    return f"{section.title} ¶{number}"
