"""Import: a converted text becomes a draft edition with one command.

    python -m edition import --witness FILE --work WORK --edition NEW [--compare EXISTING]

read the text (witness_file) -> set aside what is not text (not_text) -> read its structure
(structure) -> read its metadata (metadata) -> align it with the compared edition (align) ->
assemble the draft (draft) -> write it into a scratch copy of the sources and check it exactly as
`make check` does -> only then write it into sources/ (yaml_out), with its review list (review).
All or nothing: a refusal or a draft that does not pass the check writes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import FidelityError, SourceError
from ..loader import load_corpus
from ..model import Corpus
from . import align as aligning
from .draft import Draft, corpus_ids, make_draft, valid_id
from .errors import ImportRefused
from .metadata import read_metadata
from .not_text import propose
from .review import review_summary, review_text
from .structure import UnreadableStructure, read_structure
from .witness_file import read_received
from .yaml_out import plan

__all__ = ("ImportRefused", "Imported", "import_witness")


@dataclass
class Imported:
    draft: Draft
    written: list[str]  # paths relative to the project root
    edited: list[str]
    summary: str


def import_witness(root: Path, witness: Path, work_id: str, edition_id: str, compare_id: str | None = None, write: bool = True) -> Imported:
    root = root.resolve()
    try:
        corpus = load_corpus(root)
    except SourceError as exc:
        raise ImportRefused(f"the sources do not pass `make check` as they are; fix that first: {exc}") from None
    work, compare = _check_request(corpus, root, witness, work_id, edition_id, compare_id)
    text = read_received(witness)
    registered = next((w for w in corpus.witnesses if w.sha256 == text.sha256), None)
    if registered is not None:
        raise ImportRefused(f"{witness}: this text is already witness {registered.id} (sources/witnesses/{registered.file}): same checksum")

    proposals = propose(text)
    excluded = {n: p.category for p in proposals for n in range(p.lines.first, p.lines.last + 1)}
    try:
        structure = read_structure(text, set(excluded))
    except UnreadableStructure as exc:
        raise ImportRefused(f"{witness}:{exc.line}: cannot read the structure here: {exc.why}") from None
    if not any(s.clauses or s.children for s in structure.sections):
        raise ImportRefused(f"{witness}: no text found: every line is blank or set aside as not text")
    fallback = compare.issuer if compare else (work.editions[-1].issuer if work.editions else None)
    metadata = read_metadata(text, structure, excluded, fallback)
    alignment = None
    if compare is not None:
        old = [aligning.Unit(c.id, " ".join(filter(None, (c.term, c.text))), c.kind.value == "heading", s.id, c.label) for s in compare.walk() for c in s.clauses]
        order = sorted(((c, part) for top in structure.sections for part in top.walk() for c in part.clauses), key=lambda pair: pair[0].first)
        new = [aligning.Unit(str(i), c.body, c.kind.value == "heading", str(id(part)), c.label) for i, (c, part) in enumerate(order)]
        alignment = aligning.align(old, new)

    draft = make_draft(corpus, work, edition_id, _witness_name(witness, root), text, proposals, structure, metadata, compare, alignment)
    new_files, edited_files = plan(root, draft, "")
    written = sorted(p.relative_to(root).as_posix() for p in new_files)
    edited = sorted(p.relative_to(root).as_posix() for p in edited_files)
    review = review_text(draft, written, edited)
    new_files, edited_files = plan(root, draft, review)
    _verify(root, new_files, edited_files, witness)
    if write:
        _write(new_files, edited_files)
    return Imported(draft, written, edited, review_summary(draft))


def _check_request(corpus: Corpus, root: Path, witness: Path, work_id: str, edition_id: str, compare_id: str | None):
    work = next((w for w in corpus.works if w.id == work_id), None)
    if work is None:
        known = ", ".join(w.id for w in corpus.works)
        raise ImportRefused(f"no work '{work_id}' in sources/corpus.yaml (the works are: {known}); create its work.yaml first")
    if not valid_id(edition_id):
        raise ImportRefused(f"'{edition_id}' is not a valid edition id: lowercase letters and digits in groups joined by single hyphens, starting with a letter")
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
    name = _witness_name(witness, root)
    if (root / "sources" / "witnesses" / name).exists():
        raise ImportRefused(f"sources/witnesses/{name} already exists: a witness is never replaced (rename the file to import it as another text)")
    return work, compare


def _witness_name(witness: Path, root: Path) -> str:
    """The received file's own name, where the format allows it."""
    name = witness.name if witness.name.endswith(".txt") else witness.name + ".txt"
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name)


def _verify(root: Path, new_files: dict[Path, bytes], edited_files: dict[Path, bytes], witness: Path) -> None:
    """Write the draft into a scratch copy of the project's sources and check it as `make check`
    does: load, fidelity, comparisons, pages, published addresses."""
    from ..pipeline import check_addresses, generate

    with tempfile.TemporaryDirectory(prefix="edition-import-") as scratch:
        scratch_root = Path(scratch)
        shutil.copytree(root / "sources", scratch_root / "sources", symlinks=True)
        if (root / "docs").is_dir():
            shutil.copytree(root / "docs", scratch_root / "docs")
        for path, data in {**new_files, **edited_files}.items():
            target = scratch_root / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            check_addresses(generate(scratch_root), scratch_root)
        except (SourceError, FidelityError) as exc:
            raise ImportRefused(f"{witness}: the draft would not pass `make check`, so nothing was written: {exc}") from None


def _write(new_files: dict[Path, bytes], edited_files: dict[Path, bytes]) -> None:
    """New files must not exist; edited files are replaced whole, each by a rename. Everything is
    staged first, so a failure leaves the sources as they were."""
    for path in new_files:
        if path.exists():
            raise ImportRefused(f"{path} already exists: the importer never overwrites a file")
    staged: list[tuple[Path, Path]] = []
    created_dirs: list[Path] = []
    try:
        for path, data in {**new_files, **edited_files}.items():
            missing = [p for p in reversed(path.parents) if not p.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            created_dirs += missing
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".import-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            staged.append((Path(temporary), path))
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for directory in reversed(created_dirs):
            shutil.rmtree(directory, ignore_errors=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
