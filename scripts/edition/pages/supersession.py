"""Where an edition is replaced by a later one (work.yaml, `supersedes`): what each of its pages
says about that, and where it links: the counterpart page in the later edition and the comparison
page that shows what changed there."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Corpus, Edition, Section
from .arrange import Arrangement
from .urls import Urls


@dataclass(frozen=True, slots=True)
class Superseded:
    by: Edition
    note: str
    counterpart: str  # the later edition's page for the same text (or the edition's own page)
    counterpart_title: str | None  # that page's section title, when it is a section's page
    changes: str  # the comparison page showing what changed there (or the comparison's summary)
    # The work's other editions, from the data: a notice never says what else exists in typed words.
    others: tuple[Edition, ...] = ()


def superseded(corpus: Corpus, urls: Urls, arranged: list[Arrangement], edition: Edition, section: Section | None = None) -> Superseded | None:
    """What replaces `edition` (for one of its page sections, or the edition as a whole), or None."""
    found = corpus.superseded_by(edition)
    if found is None:
        return None
    by, spec = found
    others = tuple(e for e in corpus.work(edition.work_id).editions if e.id not in (edition.id, by.id))
    summary = urls.comparison(edition.work_id, edition.id, by.id)
    assert spec.supersedes is not None
    if section is not None:
        comparison = next(c for c in arranged if c.old.id == edition.id and c.new.id == by.id)
        keys = set(section.align)
        for changes in comparison.sections:
            if keys & set(changes.section.align):
                return Superseded(
                    by, spec.supersedes, urls.section_page(changes.section), changes.section.title,
                    urls.comparison_inline(edition.work_id, edition.id, by.id, changes.key), others,
                )
    return Superseded(by, spec.supersedes, urls.edition(by), None, summary, others)
