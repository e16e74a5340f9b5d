"""Statements about which editions exist and what a comparison holds, derived from the data at build
time so that a new edition can never leave one false: a work's timeline (its history as the
editor wrote it, plus every edition the history does not name yet), the count of texts, and each
comparison's one-line description (from its principal changes and renames, never typed)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Corpus, Edition, Milestone, Work
from .metadata import date_text

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def in_words(n: int) -> str:
    """'five', or '13' beyond twelve."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    year: int | None
    event: str
    edition: Edition | None
    source: str | None
    derived: bool  # made from the edition's own metadata, not written by the editor


def timeline(corpus: Corpus, work: Work) -> list[TimelineEntry]:
    """The work's history, with each edition the history does not name added from its metadata
    (its date as far as known), in order of year; undated editions last."""
    named = {m.edition for m in work.history if m.edition}
    entries = [_written(corpus, m) for m in work.history]
    for edition in work.editions:
        if edition.id in named:
            continue
        year = int(edition.date.value[:4]) if edition.date.value else None
        entries.append(TimelineEntry(
            year, f"{edition.title} ({edition.short_name}), {edition.issuer}.", edition,
            f"the edition's own metadata (date: {date_text(edition)})", True,
        ))
    order = {id(e): i for i, e in enumerate(entries)}
    return sorted(entries, key=lambda e: (e.year is None, e.year or 0, order[id(e)]))


def _written(corpus: Corpus, milestone: Milestone) -> TimelineEntry:
    edition = corpus.edition(milestone.edition) if milestone.edition else None
    return TimelineEntry(milestone.year, milestone.event, edition, milestone.source, False)


def comparison_blurb(comparison) -> str:
    """What a comparison shows, from its data: the openings of its principal changes ("a wider
    audience, well-being, social media …") and its first declared rename, or nothing typed."""
    leads = []
    for change, _ in comparison.principal:
        head, _rest = lead(change.text)
        head = head.rstrip(".")
        if head:
            first = head.split()[0]
            # An abbreviation keeps its capitals ("ECS"); a sentence's capital does not ("A wider …").
            leads.append(head if len(first) > 1 and first.isupper() else head[:1].lower() + head[1:])
    said = ""
    if leads:
        said = "principal changes: " + ", ".join(leads)
    renames = [r for r, n in comparison.renames if n]
    if renames:
        said += ("; " if said else "") + f"declared renames such as {renames[0].old} → {renames[0].new} listed apart"
    return said


def lead(text: str) -> tuple[str, str]:
    """A principal change's opening phrase ("Well-being.") to set in bold, and the rest: the first
    sentence when it is a short heading-like phrase of six words or fewer, else nothing."""
    head, dot, rest = text.partition(". ")
    if dot and len(head.split()) <= 6 and not any(q in head for q in "\"“”"):
        return head + ".", rest
    return "", text
