"""A corrected copy of a witness from its publisher: taken in as a new witness, never as an edit.

    python -m edition correct --edition ecs-england --witness ~/Downloads/corrected.txt

The received bytes of a witness are never edited (their checksum is recorded), so a publisher's
corrected copy is a witness of its own: copied byte for byte into sources/witnesses/, registered with
`corrects: <the old witness>`, and made the edition's witness. The old copy stays, registered, as the
evidence of what the edition read before.

The edition follows the new copy where the difference can be carried over exactly, line by line
(difflib's line matching, then a word-level diff inside each changed block):

- lines added or removed that are blank: only the ledger's, footnotes' and review's line numbers move;
- a changed block of lines that all belong to one clause (or one footnote): the words that differ
  are changed in that clause's text, and nothing else of it;
- a changed block that lies within one exclusion: the exclusion's lines and text follow.

Anything else (a paragraph added or removed, a change across two clauses, a printed label changed)
cannot be carried over without an editor's judgement, and the command refuses it, naming the lines:
import the corrected copy as a new edition instead. Every difference carried over is a review item
(review.yaml, topic "witness"), open until an editor accepts it; the draft is checked as `make check`
checks and written all or nothing, as the importer writes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from .. import drafts, sources_write
from ..errors import FidelityError, SourceError
from ..fidelity import check_corpus
from ..loader import REVIEW, load_corpus
from ..model import Corpus, Edition, LineRange
from .draft import _next_witness_id
from .errors import ImportRefused
from .review import SCHEMA as REVIEW_SCHEMA, _HEAD as REVIEW_HEAD, _safe
from .witness_file import ReceivedText, read_received
from .yaml_out import _dumped, _load, _styled, dump

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Block:
    """One difference between the old copy and the new: old lines [old_first, old_last] became new
    lines [new_first, new_last] (1-based; an empty side has last = first - 1)."""

    old_first: int
    old_last: int
    new_first: int
    new_last: int

    def old_range(self) -> str:
        return _described(self.old_first, self.old_last)

    def new_range(self) -> str:
        return _described(self.new_first, self.new_last)


@dataclass(frozen=True)
class Corrected:
    edition: Edition
    old_witness: str
    new_witness: str
    written: list[str]
    edited: list[str]
    carried: list[str]  # one line per difference carried over


def correct_witness(root: Path, edition_id: str, witness: Path) -> Corrected:
    """Take `witness` as the corrected copy of `edition_id`'s witness; raises ImportRefused."""
    root = root.resolve()
    text = read_received(witness)
    with sources_write.locked(root, f"correct --edition {edition_id}") as writer:
        before = {p: sources_write.file_sha256(p) for p in (root / "sources").rglob("*.yaml")}
        try:
            corpus = load_corpus(root)
        except SourceError as exc:
            raise ImportRefused(f"the sources do not pass `make check` as they are; fix that first: {exc}") from None
        edition = next((e for e in corpus.editions() if e.id == edition_id), None)
        if edition is None:
            raise ImportRefused(f"no edition '{edition_id}' in the sources")
        old = corpus.witness(edition.witness_id)
        if any(w.sha256 == text.sha256 for w in corpus.witnesses):
            raise ImportRefused(f"{witness}: this text is already a witness (same checksum): nothing to correct")
        name = _stored_name(witness)
        if (root / "sources" / "witnesses" / name).exists():
            raise ImportRefused(f"sources/witnesses/{name} already exists: a witness is never replaced (copy the file under another name)")
        account = next(a for a in check_corpus(corpus) if a.edition.id == edition_id)
        old_lines = old.lines()
        blocks = list(_blocks(old_lines, list(text.lines)))
        if not blocks:
            raise ImportRefused(f"{witness}: its lines are those of {old.id} (only bytes no line holds differ); nothing to carry over")
        new_id = _next_witness_id(corpus, set())
        files = _Files(root, edition)
        carried = _carry(corpus, edition, account.clause_lines, old_lines, text, blocks, files)
        files.renumber(blocks, text.lines)
        new_files, edited = files.rendered()
        new_files[root / "sources" / "witnesses" / name] = text.raw
        edited[root / "sources" / "witnesses" / "witnesses.yaml"] = _registered(root, old.id, new_id, name, text, witness).encode()
        edited[files.edition_dir / "edition.yaml"] = _edition_witness(files.edition_dir / "edition.yaml", new_id).encode()
        review_path = files.edition_dir / REVIEW
        review = _review(review_path, edition, old.id, new_id, blocks, carried)
        (edited if review_path.exists() else new_files)[review_path] = review.encode()
        with writer.scratch() as scratch:
            _verify(root, scratch, new_files, edited, witness)
        writer.commit(new_files, edited, {p: before[p] for p in edited if before.get(p)})
    rel = lambda paths: sorted(p.relative_to(root).as_posix() for p in paths)  # noqa: E731
    return Corrected(edition, old.id, new_id, rel(new_files), rel(edited), [c for c, _ in carried])


# --- the differences ------------------------------------------------------------------------------


def _blocks(old: list[str], new: list[str]) -> Iterator[Block]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield Block(i1 + 1, i2, j1 + 1, j2)


def _described(first: int, last: int) -> str:
    if last < first:
        return "no line"
    return f"line {first}" if first == last else f"lines {first}–{last}"


class _Files:
    """The edition's YAML files, loaded round trip, edited in place and written back."""

    def __init__(self, root: Path, edition: Edition):
        self.root = root
        self.edition_dir = root / Path(edition.place.path).parent
        self.docs: dict[Path, Any] = {}
        self.changed: set[Path] = set()
        self.refresh: set[str] = set()  # exclusions whose text the new copy changed

    def load(self, path: Path) -> Any:
        if path not in self.docs:
            self.docs[path] = _load(path.read_text(encoding="utf-8"))
        return self.docs[path]

    def sections(self) -> Iterator[tuple[Path, Any]]:
        for path in sorted(self.edition_dir.glob("*.yaml")):
            if path.name not in ("edition.yaml", "ledger.yaml", REVIEW):
                yield path, self.load(path)

    def renumber(self, blocks: list[Block], new_lines: tuple[str, ...]) -> None:
        """Every witness line number in the ledger and the footnotes, moved to the new copy; the
        text of each exclusion the new copy changed, read from it."""
        ledger_path = self.edition_dir / "ledger.yaml"
        ledger = self.load(ledger_path) or {}
        for key in ("markup", "exclusions", "joins"):
            for entry in ledger.get(key, []) or []:
                if "lines" in entry:
                    moved = _moved(str(entry["lines"]), blocks)
                    if moved != str(entry["lines"]):
                        entry["lines"] = _lines_value(moved)
                        self.changed.add(ledger_path)
                if key == "exclusions" and entry["id"] in self.refresh:
                    first, _, last = str(entry["lines"]).partition("-")
                    words = " ".join(" ".join(new_lines[int(first) - 1 : int(last or first)]).split())
                    if not words:
                        raise ImportRefused(f"the corrected copy empties the lines of exclusion {entry['id']}: import it as a new edition instead")
                    entry["text"] = _styled(words, 4)
                    self.changed.add(ledger_path)
        for path, doc in self.sections():
            for footnote in _walk_key(doc, "footnotes"):
                moved = _moved(str(footnote["lines"]), blocks)
                if moved != str(footnote["lines"]):
                    footnote["lines"] = _lines_value(moved)
                    self.changed.add(path)

    def rendered(self) -> tuple[dict[Path, bytes], dict[Path, bytes]]:
        return {}, {path: _dumped(self.docs[path]).encode() for path in sorted(self.changed)}


def _walk_key(node: Any, key: str) -> Iterator[Any]:
    if isinstance(node, dict):
        for item in node.get(key, []) or []:
            yield item
        for child in node.get("sections", []) or []:
            yield from _walk_key(child, key)


def _walk_clauses(node: Any) -> Iterator[Any]:
    yield from _walk_key(node, "clauses")


def _moved(value: str, blocks: list[Block]) -> str:
    first, _, last = value.partition("-")
    a, b = int(first), int(last or first)
    return _range_text(_line(a, blocks, start=True), _line(b, blocks, start=False))


def _line(old: int, blocks: list[Block], start: bool) -> int:
    """Where old line `old` stands in the new copy: shifted by the blocks before it; inside a changed
    block, the block's first new line (for a range's start) or last (for its end)."""
    shift = 0
    for block in blocks:
        if old < block.old_first:
            break
        if old <= block.old_last:
            return block.new_first if start else max(block.new_last, block.new_first)
        shift = block.new_last - block.old_last
    return old + shift


def _range_text(first: int, last: int) -> str:
    return str(first) if first >= last else f"{first}-{last}"


def _lines_value(text: str) -> Any:
    return int(text) if "-" not in text else text


# --- carrying a difference over -------------------------------------------------------------------


def _carry(corpus: Corpus, edition: Edition, clause_lines: dict[str, LineRange], old: list[str], new: ReceivedText,
           blocks: list[Block], files: _Files) -> list[tuple[str, Block]]:
    """Each block carried over into the edition's files, with a line saying how; ImportRefused for
    the first that cannot be."""
    carried = []
    owners = _owners(edition, clause_lines)
    for block in blocks:
        old_text = [old[n - 1] for n in range(block.old_first, block.old_last + 1)]
        new_text = [new.lines[n - 1] for n in range(block.new_first, block.new_last + 1)]
        if not any(line.strip() for line in old_text + new_text):
            carried.append((f"blank {_plural(block)}: line numbers follow", block))
            continue
        touched = {owners.get(n) for n in range(block.old_first, block.old_last + 1) if old[n - 1].strip()}
        touched.discard(None)
        if len(touched) != 1:
            raise ImportRefused(_cannot(block, new.path, "they add or remove a whole passage, or change text across"
                                        f" {len(touched)} clauses or ledger entries" if touched else "they add text where the edition has none"))
        kind, owner = next(iter(touched))
        if kind == "exclusion":
            carried.append((_carry_exclusion(files, owner), block))
        else:
            carried.append((_carry_words(edition, files, kind, owner, old_text, new_text, block, new.path), block))
    return carried


def _owners(edition: Edition, clause_lines: dict[str, LineRange]) -> dict[int, tuple[str, str]]:
    """Each old witness line with words -> what of the edition holds it: ("clause", id),
    ("footnote", id) or ("exclusion", id)."""
    owners: dict[int, tuple[str, str]] = {}
    for clause_id, lines in clause_lines.items():
        for n in range(lines.first, lines.last + 1):
            owners.setdefault(n, ("clause", clause_id))
    for footnote in edition.footnotes():
        for n in range(footnote.lines.first, footnote.lines.last + 1):
            owners[n] = ("footnote", footnote.id)
    for exclusion in edition.ledger.exclusions:
        for n in range(exclusion.lines.first, exclusion.lines.last + 1):
            owners[n] = ("exclusion", exclusion.id)
    return owners


def _carry_exclusion(files: _Files, exclusion_id: str) -> str:
    files.refresh.add(exclusion_id)  # its text is read again from the new copy once its lines moved
    return f"exclusion {exclusion_id}: its text follows the corrected copy"


def _carry_words(edition: Edition, files: _Files, kind: str, owner: str, old_text: list[str], new_text: list[str], block: Block, path: Path) -> str:
    """The words that differ between the old lines and the new, changed in the clause's (or
    footnote's) text, each with enough of its neighbours to be found there once."""
    rules = edition.ledger.markup
    old_words = _clean(rules, old_text, block.old_first).split()
    new_words = _clean(rules, new_text, block.old_first).split()
    target = _find(files, kind, owner)
    if target is None:
        raise ImportRefused(_cannot(block, path, f"the text of {owner} is not where the edition's files keep it"))
    node, key, _ = target
    changes = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        text = _piece_text(node[key])
        for context in range(0, 6):
            before = old_words[max(0, i1 - context) : i1]
            after = old_words[i2 : i2 + context]
            old_phrase = " ".join(before + old_words[i1:i2] + after)
            if old_phrase and _occurrences(text, old_phrase) == 1:
                new_phrase = " ".join(before + new_words[j1:j2] + after)
                if not _set_piece(node, key, old_phrase, new_phrase):
                    break
                changes.append(f"“{' '.join(old_words[i1:i2])}” → “{' '.join(new_words[j1:j2])}”")
                break
        else:
            raise ImportRefused(_cannot(block, path, f"“{' '.join(old_words[i1:i2]) or ' '.join(new_words[j1:j2])}” cannot be found once in {owner}'s text (a printed label, or words in italics or a link, changed)"))
        if not changes or not changes[-1].startswith(f"“{' '.join(old_words[i1:i2])}”"):
            raise ImportRefused(_cannot(block, path, f"“{' '.join(old_words[i1:i2])}” in {owner} spans its italics or a link"))
    files.changed.add(target[2])
    said = f"{owner}: " + "; ".join(reversed(changes))
    return said + "".join(f"; {gone}" for gone in _stale_notes(node))


def _stale_notes(node: Any) -> Iterator[str]:
    """A [sic] note whose words the corrected copy no longer prints goes, said in the review: the
    apparent error it kept is no longer printed."""
    notes = node.get("notes")
    if not notes:
        return
    text = _piece_text(node["text"])
    for note in list(notes):
        if note.get("sic") and " ".join(str(note["sic"]).split()) not in text:
            notes.remove(note)
            yield f"its [sic] note on “{note['sic']}” removed, for the corrected copy no longer prints it (the note read: {' '.join(str(note['text']).split())})"
    if not notes:
        del node["notes"]


def _find(files: _Files, kind: str, owner: str) -> tuple[Any, Any, Path] | None:
    """The YAML node holding the text of clause or footnote `owner`: (node, key, file)."""
    for path, doc in files.sections():
        for item in (_walk_clauses(doc) if kind == "clause" else _walk_key(doc, "footnotes")):
            if item.get("id") == owner:
                return item, "text", path
    return None


def _piece_text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    return " ".join(" ".join(p.split()) if isinstance(p, str) else "" for p in value)


def _occurrences(text: str, phrase: str) -> int:
    return len(re.findall(r"(?<!\S)" + re.escape(phrase) + r"(?!\S)", text))


def _set_piece(node: Any, key: Any, old_phrase: str, new_phrase: str) -> bool:
    """Replace `old_phrase` in the one string piece that holds it whole."""
    value = node[key]
    if isinstance(value, str):
        node[key] = _styled(_replace_once(" ".join(value.split()), old_phrase, new_phrase), 4)
        return True
    holders = [i for i, p in enumerate(value) if isinstance(p, str) and _occurrences(" ".join(p.split()), old_phrase) == 1]
    if len(holders) != 1:
        return False
    piece = value[holders[0]]
    lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
    value[holders[0]] = lead + _replace_once(" ".join(piece.split()), old_phrase, new_phrase) + trail
    return True


def _replace_once(text: str, old: str, new: str) -> str:
    return re.sub(r"(?<!\S)" + re.escape(old) + r"(?!\S)", lambda _m: new, text, count=1).strip()


def _clean(rules, lines: list[str], number: int) -> str:
    """The lines' words as the fidelity check reads them: the ledger's markup rules applied (those
    bound to lines apply where the old copy's lines were)."""
    out = []
    for offset, line in enumerate(lines):
        for rule in rules:
            if rule.lines is not None and (number + offset) not in rule.lines:
                continue
            line = rule.pattern.sub(rule.replace, line)
        out.append(line)
    return " ".join(_SPACES.sub(" ", " ".join(out)).split())


def _cannot(block: Block, path: Path, why: str) -> str:
    return (
        f"{path}: {block.new_range()} of the corrected copy (old {block.old_range()}) cannot be carried over line by line: {why}. "
        "Nothing was written. A corrected copy that adds, removes or rearranges passages is imported as a new edition "
        "(make import WITNESS=... WORK=... EDITION=<new id> COMPARE=<this edition>)"
    )


def _plural(block: Block) -> str:
    count = max(block.old_last - block.old_first + 1, block.new_last - block.new_first + 1)
    return "line added or removed" if count == 1 else "lines added or removed"


# --- registration and review ----------------------------------------------------------------------


def _stored_name(witness: Path) -> str:
    from . import _witness_name

    return _witness_name(witness)


def _registered(root: Path, old_id: str, new_id: str, name: str, text: ReceivedText, witness: Path) -> str:
    data = _load((root / "sources" / "witnesses" / "witnesses.yaml").read_text(encoding="utf-8"))
    old = next(w for w in data["witnesses"] if w["id"] == old_id)
    entry = {
        "id": new_id,
        "file": name,
        "sha256": text.sha256,
        "what": str(old["what"]),
        "issuer": str(old["issuer"]),
        "date_as_given": str(old["date_as_given"]),
        "origin": f"{drafts.NOT_RECORDED} a corrected copy of {old_id}, taken in from a file named {witness.name}. "
                  "Say where the publisher's corrected copy came from, and when.",
        "conversion": str(old["conversion"]),
        "corrects": old_id,
    }
    data["witnesses"].append(_styled(entry, 4))
    return _dumped(data)


def _edition_witness(path: Path, new_id: str) -> str:
    data = _load(path.read_text(encoding="utf-8"))
    data["witness"] = new_id
    return _dumped(data)


def _review(path: Path, edition: Edition, old_id: str, new_id: str, blocks: list[Block], carried: list[tuple[str, Block]]) -> str:
    data = _load(path.read_text(encoding="utf-8")) if path.exists() else None
    items = [
        {
            "id": f"witness-correction-{new_id}-{n}",
            "topic": "witness",
            "doubt": 0.6,
            "lines": _lines_value(_range_text(block.new_first, max(block.new_first, block.new_last))),
            "decided": _safe(f"the corrected copy {new_id} differs from {old_id} at its {block.old_range()} (now {block.new_range()}): {how}"),
            "check": "that the edition now reads as the corrected copy prints it, and whether the change needs a note",
            "status": "open",
        }
        for n, (how, block) in enumerate(carried, start=1)
    ]
    if data is None:
        doc = {"edition": edition.id, "witness": new_id, "drafted": f"By `make correct-witness`: {new_id} corrects {old_id}.", "items": items}
        return dump(doc, REVIEW_SCHEMA, REVIEW_HEAD)
    data["witness"] = new_id
    if not isinstance(data.get("items"), list):
        data["items"] = CommentedSeq()
    for item in items:
        data["items"].append(_styled(item, 4))
    return _dumped(data)


def _verify(root: Path, scratch: Path, new_files: dict[Path, bytes], edited: dict[Path, bytes], witness: Path) -> None:
    from . import _verify as verify_draft

    try:
        verify_draft(root, scratch, new_files, edited, witness)
    except (SourceError, FidelityError) as exc:  # pragma: no cover - _verify raises ImportRefused
        raise ImportRefused(str(exc)) from None
