"""Import: a converted text becomes a draft edition with one command.

    python -m edition import --witness FILE --work WORK --edition NEW [--compare EXISTING]

read the text (witness_file) -> take the lock on sources/ and load them as they now are -> set
aside what is not text (not_text) -> read its structure (structure) -> read its metadata
(metadata) -> align it with the compared edition (align) -> assemble the draft (draft) -> render it
as YAML, once (yaml_out), with its review (review.yaml) -> write it into a scratch copy of the
sources and check it there exactly as `make check` does -> only then write it into sources/, all
or nothing (sources_write: staged, journalled, applied; a killed import is completed or undone by
the next command). A refusal or a draft that does not pass the check writes nothing.

The lock is held from before the sources are read until the draft is in place, so two imports
into one work run one after the other, the second planned against what the first wrote.
"""

from __future__ import annotations

import gc
import json
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import sources_write
from ..errors import FidelityError, Place, SourceError
from ..loader import load_corpus
from ..model import Corpus, Work
from ..schema import SCHEMA_DIR
from . import align as aligning
from .aside import aside
from .draft import Draft, Review, corpus_ids, make_draft, valid_id
from .errors import ImportRefused
from .metadata import read_metadata
from .not_text import propose
from .review import review_summary, review_text
from .structure import UnreadableStructure, read_structure
from .witness_file import MAX_CLAUSES, ReceivedText, read_received, too_large
from .yaml_out import plan

__all__ = ("ImportRefused", "Imported", "STAGES", "import_witness")

# What the import does, in order, for a progress display (`progress` is called with each in turn).
STAGES = (
    "reading the text",
    "loading the sources",
    "reading the structure",
    "aligning",
    "drafting",
    "writing the YAML",
    "checking the draft as `make check` does",
    "writing sources/",
)
MAX_FILE_NAME = 255  # bytes: the longest file name Linux and macOS file systems take


@dataclass
class Imported:
    draft: Draft
    written: list[str]  # paths relative to the project root
    edited: list[str]
    summary: str
    notes: list[str] = field(default_factory=list)  # what the editor should know about the text as read


def import_witness(
    root: Path,
    witness: Path,
    work_id: str,
    edition_id: str,
    compare_id: str | None = None,
    write: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Imported:
    """Draft `witness` as edition `edition_id` of `work_id` and write it into `root`/sources (unless
    `write` is false). Raises ImportRefused, or sources_write.SourcesBusy when another command
    holds the sources for longer than the lock's wait."""
    root = root.resolve()
    stage = progress or (lambda name: None)
    stage(STAGES[0])
    _check_edition_id(edition_id)
    name = _witness_name(witness)
    text = read_received(witness)
    with _without_cyclic_gc(), sources_write.locked(root, f"import --edition {edition_id}") as writer:
        stage(STAGES[1])
        before = _checksums(root)
        try:
            corpus = load_corpus(root)
        except SourceError as exc:
            raise ImportRefused(f"the sources do not pass `make check` as they are; fix that first: {exc}") from None
        draft, new_files, edited_files = _draft(root, corpus, text, name, work_id, edition_id, compare_id, stage)
        stage(STAGES[6])
        try:
            with writer.scratch() as scratch:
                _verify(root, scratch, new_files, edited_files, witness)
        except OSError as exc:
            raise ImportRefused(f"could not check the draft in a scratch copy of the sources ({exc}); nothing was written") from None
        written = sorted(p.relative_to(root).as_posix() for p in new_files)
        edited = sorted(p.relative_to(root).as_posix() for p in edited_files)
        if write:
            stage(STAGES[7])
            writer.commit(new_files, edited_files, {p: before[p] for p in edited_files if p in before})
    return Imported(draft, written, edited, review_summary(draft), _notes(text))


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """The import makes millions of small objects that live until it ends (parsed YAML, pages); the
    cyclic collector's passes over them free nothing and cost a tenth of a long import's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _draft(root: Path, corpus: Corpus, text: ReceivedText, name: str, work_id: str, edition_id: str, compare_id: str | None, stage):
    """The draft and the files it makes: (draft, new files, edited files), each path with its bytes."""
    work, compare = _check_request(corpus, root, name, work_id, edition_id, compare_id)
    registered = next((w for w in corpus.witnesses if w.sha256 == text.sha256), None)
    if registered is not None:
        raise ImportRefused(f"{text.path}: this text is already witness {registered.id} (sources/witnesses/{registered.file}): same checksum")

    stage(STAGES[2])
    proposals = propose(text)
    excluded = {n: p.category for p in proposals for n in range(p.lines.first, p.lines.last + 1)}
    try:
        structure = read_structure(text, set(excluded))
    except UnreadableStructure as exc:
        raise ImportRefused(f"{text.path}:{exc.line}: cannot read the structure here: {exc.why}") from None
    if not any(s.clauses or s.children for s in structure.sections):
        raise ImportRefused(f"{text.path}: no text found: every line is blank or set aside as not text")
    clauses = sum(len(part.clauses) for top in structure.sections for part in top.walk())
    if clauses > MAX_CLAUSES:
        raise ImportRefused(too_large(text.path, f"{clauses:,} clauses (headings, paragraphs, items)", f"{MAX_CLAUSES:,} clauses"))
    fallback = compare.issuer if compare else (work.editions[-1].issuer if work.editions else None)
    metadata = read_metadata(text, structure, excluded, fallback)
    stage(STAGES[3])
    alignment = _alignment(structure, compare)

    stage(STAGES[4])
    draft = make_draft(corpus, work, edition_id, name, text, proposals, structure, metadata, compare, alignment)
    if not (root / "sources" / "works" / work_id / "work.yaml").exists():
        draft.review.insert(0, Review(
            0.9, structure.title.range if structure.title else None,
            f"a new work, '{work_id}', titled as the witness prints it: “{metadata.title}”; its description is a placeholder; "
            "it is listed last in sources/corpus.yaml",
            f"the work's title and description in sources/works/{work_id}/work.yaml, and its place in sources/corpus.yaml",
            "metadata",
        ))
        draft.review.sort(key=lambda item: -item.doubt)  # most doubtful first, as make_draft left them
    stage(STAGES[5])
    # The YAML is rendered once; the review (review.yaml) beside the section files, in a process of
    # its own where there is a second processor.
    with aside(lambda: review_text(draft)) as review:
        new_files, edited_files = plan(root, draft, review)
    return draft, new_files, edited_files


def _alignment(structure, compare) -> aligning.Alignment | None:
    if compare is None:
        return None
    old = [aligning.Unit(c.id, " ".join(filter(None, (c.term, c.text))), c.kind.value == "heading", s.id, c.label) for s in compare.walk() for c in s.clauses]
    order = sorted(((c, part) for top in structure.sections for part in top.walk() for c in part.clauses), key=lambda pair: pair[0].first)
    new = [aligning.Unit(str(i), c.body, c.kind.value == "heading", str(id(part)), c.label) for i, (c, part) in enumerate(order)]
    return aligning.align(old, new)


def _check_edition_id(edition_id: str) -> None:
    limit = id_length_limit()
    if len(edition_id) > limit:
        raise ImportRefused(f"the edition id '{edition_id[:limit]}…' is {len(edition_id)} characters long: an id has at most {limit} (sources/schema/common.schema.json); choose a shorter one")
    if not valid_id(edition_id):
        raise ImportRefused(
            f"'{edition_id}' is not a valid edition id: lowercase letters and digits in groups joined by single hyphens,"
            f" starting with a letter, at most {limit} characters"
        )


def id_length_limit() -> int:
    """The longest id the source format allows, as its schema says."""
    common = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))
    return int(common["$defs"]["id"]["maxLength"])


def _check_request(corpus: Corpus, root: Path, name: str, work_id: str, edition_id: str, compare_id: str | None):
    work = next((w for w in corpus.works if w.id == work_id), None)
    if work is None:
        work = _new_work(corpus, root, work_id, compare_id)
    if edition_id in corpus_ids(corpus) or (root / "sources" / "works" / work_id / edition_id).exists():
        raise ImportRefused(f"the id '{edition_id}' is already used in the sources: choose another edition id")
    compare = None
    if compare_id is not None:
        edition = next((e for w in corpus.works for e in w.editions if e.id == compare_id), None)
        if edition is None:
            raise ImportRefused(f"no edition '{compare_id}' to compare with")
        if edition.work_id != work_id:
            raise ImportRefused(f"'{compare_id}' is an edition of {edition.work_id}, not of {work_id}: an edition is compared only with editions of its own work")
        compare = edition
    elif work.editions:
        compare = work.editions[-1]  # the newest edition, unless told otherwise
    if (root / "sources" / "witnesses" / name).exists():
        raise ImportRefused(f"sources/witnesses/{name} already exists: a witness is never replaced (rename the file to import it as another text)")
    return work, compare


def _new_work(corpus: Corpus, root: Path, work_id: str, compare_id: str | None) -> Work:
    """A work the corpus does not have yet: the import makes its work.yaml (title as the witness
    prints it, to confirm in the review) and lists it in sources/corpus.yaml."""
    known = ", ".join(w.id for w in corpus.works)
    if not valid_id(work_id):
        raise ImportRefused(
            f"'{work_id}' is not a work in sources/corpus.yaml (the works are: {known}), nor a valid id for a new one: "
            "lowercase letters and digits in groups joined by single hyphens, starting with a letter"
        )
    directory = root / "sources" / "works" / work_id
    if directory.exists():
        raise ImportRefused(f"sources/works/{work_id}/ exists but sources/corpus.yaml does not list it: list it there, or choose another work id")
    if work_id in corpus_ids(corpus):
        raise ImportRefused(f"the id '{work_id}' is already used in the sources: choose another work id")
    if compare_id is not None:
        raise ImportRefused(f"'{work_id}' is a new work: it has no edition to compare with, so leave out COMPARE")
    return Work(id=work_id, title="", description="", editions=(), place=Place(f"sources/works/{work_id}/work.yaml", 1))


def _witness_name(witness: Path) -> str:
    """The received file's own name, where the format allows it, and the file system too."""
    name = witness.name if witness.name.endswith(".txt") else witness.name + ".txt"
    name = re.sub(r"[^A-Za-z0-9_.-]", "-", name)
    if len(name.encode()) > MAX_FILE_NAME:
        raise ImportRefused(
            f"{witness}: its name would be {len(name.encode())} characters long as stored (sources/witnesses/<name>.txt);"
            f" a file name has at most {MAX_FILE_NAME}: copy the file under a shorter name (its bytes unchanged) and import that"
        )
    return name


def _notes(text: ReceivedText) -> list[str]:
    lone = text.lone_carriage_returns()
    if not lone:
        return []
    listed = ", ".join(str(n) for n in lone[:10]) + (" …" if len(lone) > 10 else "")
    return [
        f"{text.path}: a lone carriage return (CR, not followed by a line feed) ends witness line{'s' if len(lone) > 1 else ''} {listed}."
        " The edition counts it as a line break, as `make check` does (the copy keeps the bytes as received);"
        " a text editor that does not will show later lines under other numbers"
    ]


def _checksums(root: Path) -> dict[Path, str]:
    """Each source file's SHA-256, to notice one edited by hand while the import runs."""
    return {p: sources_write.sha256(p.read_bytes()) for p in (root / "sources").rglob("*") if p.is_file()}


def _verify(root: Path, scratch: Path, new_files: Mapping[Path, bytes], edited_files: Mapping[Path, bytes], witness: Path) -> None:
    """Write the draft into a scratch copy of the project's sources and check it as `make check`
    does: load, fidelity, comparisons, pages, published addresses."""
    from ..pipeline import check_addresses, generate

    shutil.copytree(root / "sources", scratch / "sources", symlinks=True)
    if (root / "docs").is_dir():
        shutil.copytree(root / "docs", scratch / "docs")
    for path, data in {**new_files, **edited_files}.items():
        target = scratch / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    try:
        check_addresses(generate(scratch), scratch)
    except (SourceError, FidelityError) as exc:
        raise ImportRefused(f"{witness}: the draft would not pass `make check`, so nothing was written: {exc}") from None
