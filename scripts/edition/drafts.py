"""What still makes an edition a draft: the importer's placeholders, renames and notes it proposed
that no editor has decided, and the items of its review (review.yaml) still open.

A draft builds (editors look at it with `make site` / `make serve`), and every page that shows it
says it is a draft under review; a build for publishing (SITE_URL set) refuses it, naming each
place. The importer writes its placeholders with the marks below, and only here are they read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Place, SourceError
from .model import Corpus, Edition, ReviewStatus

# The openings of the importer's placeholder text (importer/draft.py writes them).
NOT_RECORDED = "Not yet recorded:"
DRAFT_NOTE = "Drafted by the importer from the witness; the editor has yet to review it"
PROPOSED_RENAME = "Proposed by the importer:"
# An editorial note the importer carried over from a counterpart; the editor accepts it by
# deleting its opening (this, up to and including "here: "), or deletes the note.
PROPOSED_NOTE = "Proposed by the importer, from"
OLD_REVIEW_FILE = "review.md"  # the review list of earlier importers


@dataclass(frozen=True, slots=True)
class Unfinished:
    """One thing that keeps an edition a draft, and where to finish it."""

    edition: str
    place: Place
    what: str

    def __str__(self) -> str:
        return f"{self.place}: {self.what}"


def unfinished(corpus: Corpus) -> list[Unfinished]:
    """Everything still to do before the editions can be published, in corpus order."""
    found: list[Unfinished] = []
    for work in corpus.works:
        if work.description.startswith(NOT_RECORDED) and work.editions:
            found.append(Unfinished(work.editions[0].id, work.place.child("description"), "the work's description is still the importer's placeholder"))
        for edition in work.editions:
            found += _of_edition(corpus, edition)
        for spec in work.comparisons:
            for rename in spec.renames:
                if rename.proposed:
                    found.append(Unfinished(spec.new, rename.place.child("status"), f"the rename “{rename.old}” → “{rename.new}” is proposed, not yet accepted or deleted"))
                elif rename.note.startswith(PROPOSED_RENAME):
                    found.append(Unfinished(spec.new, rename.place.child("note"), "the rename's note is still the importer's placeholder"))
    return found


def _of_edition(corpus: Corpus, edition: Edition) -> list[Unfinished]:
    out = []
    witness = corpus.witness(edition.witness_id)
    for field in ("origin", "conversion"):
        if getattr(witness, field).startswith(NOT_RECORDED):
            out.append(Unfinished(edition.id, witness.place.child(field), f"the witness's {field} is still the importer's placeholder"))
    for index, note in enumerate(edition.notes):
        if note.text.startswith(DRAFT_NOTE):
            out.append(Unfinished(edition.id, edition.place.child(f"notes[{index}]"), "the importer's draft note stands: delete it when the review is done"))
    for item in edition.review:
        if item.status is ReviewStatus.OPEN:
            where = f" ({item.lines.described})" if item.lines else ""
            out.append(Unfinished(edition.id, item.place, f"review item {item.id}{where} is open: {_short(item.decided)}"))
    for section in edition.walk():
        for owner, notes, place in ((section, section.notes, section.place), *((c, c.notes, c.place) for c in section.clauses)):
            for index, note in enumerate(notes):
                if note.text.startswith(PROPOSED_NOTE):
                    out.append(Unfinished(edition.id, place.child(f"notes[{index}].text"),
                                          f"the note on {owner.id} is the importer's proposal: accept it (delete its opening, “{PROPOSED_NOTE} … here: ”) or delete it"))
    review = _edition_dir(corpus.root, edition) / OLD_REVIEW_FILE
    if review.exists():
        out.append(Unfinished(edition.id, Place(review.relative_to(corpus.root).as_posix(), 1), "the review list has not been worked through (delete it when it has)"))
    return out


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _edition_dir(root: Path, edition: Edition) -> Path:
    return root / Path(edition.place.path).parent


def draft_editions(corpus: Corpus) -> frozenset[str]:
    """The editions still drafts: their pages say so."""
    return frozenset(u.edition for u in unfinished(corpus))


def refuse_for_publishing(corpus: Corpus) -> None:
    """A site built to be published (SITE_URL set) carries no placeholder and no undecided proposal."""
    found = unfinished(corpus)
    if found:
        listed = "\n".join(f"  - {u}" for u in found)
        raise SourceError(
            found[0].place,
            f"{found[0].what}; a site built for publishing (SITE_URL set) takes no draft. Still to do:\n{listed}",
        )
