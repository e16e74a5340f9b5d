"""Where an edition is replaced by later ones (work.yaml, `supersedes`; the lineage stage reads it):
what each of its pages says about that, and where it links: the counterpart page in each later
edition and the comparison page that shows what changed there. Several editions may revise one
(an England and a Wales edition of the same text): each is named, none chosen for the reader."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Edition, Section
from .arrange import Arranged
from .urls import Urls


@dataclass(frozen=True, slots=True)
class Replacement:
    by: Edition
    note: str
    counterpart: str  # the later edition's page for the same text (or the edition's own page)
    counterpart_title: str | None  # that page's section title, when it is a section's page
    changes: str  # the comparison page showing what changed there (or the comparison's summary)


@dataclass(frozen=True, slots=True)
class Superseded:
    by: tuple[Replacement, ...]
    # The work's other editions, from the data: a notice never says what else exists in typed words.
    others: tuple[Edition, ...] = ()


def superseded(urls: Urls, arranged: Arranged, edition: Edition, section: Section | None = None) -> Superseded | None:
    """What replaces `edition` (for one of its page sections, or the edition as a whole), or None."""
    lineage = arranged.lineage
    found = lineage.superseded_by(edition)
    if not found:
        return None
    replacements = tuple(_replacement(urls, arranged, edition, by, spec.supersedes or "", section) for by, spec in found)
    named = {edition.id} | {r.by.id for r in replacements}
    others = tuple(e for e in lineage.of_work(edition.work_id).editions if e.id not in named)
    return Superseded(replacements, others)


def _replacement(urls: Urls, arranged: Arranged, edition: Edition, by: Edition, note: str, section: Section | None) -> Replacement:
    if section is not None:
        comparison = arranged.of(arranged.lineage.comparison(edition, by))
        keys = set(section.align)
        for changes in comparison.sections:
            if keys & set(changes.section.align):
                return Replacement(
                    by, note, urls.section_page(changes.section), changes.section.title,
                    urls.comparison_inline(edition.work_id, edition.id, by.id, changes.key),
                )
    return Replacement(by, note, urls.edition(by), None, urls.comparison(edition.work_id, edition.id, by.id))
