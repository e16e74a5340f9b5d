"""Saying an edition's metadata in words: dates, how each fact is known, licence and attribution."""

from __future__ import annotations

from ..model import Basis, Edition, Fact

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def format_date(value: str | None) -> str:
    """"2015-03" -> "March 2015"; "2010-04-09" -> "9 April 2010"; "2019" -> "2019"."""
    if not value:
        return "undated"
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def how_known(fact: Fact) -> str:
    """A short phrase saying how a fact is known, for readers."""
    if fact.basis is Basis.PRINTED:
        return f"as printed: “{fact.printed}”"
    if fact.basis is Basis.INFERRED:
        return "inferred by the editor"
    if fact.basis is Basis.EXTERNAL:
        return "not printed; established from outside evidence"
    return "not stated"


def date_text(edition: Edition) -> str:
    if edition.date.basis is Basis.NOT_STATED:
        return "undated"
    text = format_date(edition.date.value)
    return text if edition.date.basis is Basis.PRINTED else f"{text} (not printed)"


NO_LICENCE = "The source states no licence."


def licence_sentence(edition: Edition) -> str:
    """The one way the edition says an edition's licence, wherever its text appears (pages, TEI,
    the API's `licence.sentence`, which check/ and handouts show): "Licensed under CC BY-NC-ND 4.0."
    or "The source states no licence." A page may make the licence's name a link."""
    return f"Licensed under {edition.licence.name}." if edition.licence.stated else NO_LICENCE


def reference(edition: Edition) -> str:
    """An edition as a reference names it: "<title> (<issuer>, <date>)" (Copy, check/, the API)."""
    return f"{edition.title} ({edition.issuer}, {date_text(edition)})"


def edition_label(edition: Edition) -> str:
    return edition.edition.value or "single edition"
