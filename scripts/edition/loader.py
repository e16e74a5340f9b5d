"""Loading sources/ into the model, refusing anything inconsistent with one precise message.

Each file is first checked against its JSON Schema (shape, types, unknown keys); this module then
checks what a schema cannot: that ids are unique across the corpus, that references (witnesses,
footnotes, alignment keys, renames) point at something, and that the files on disk are the ones
the contents lists name. A work's comparisons and its editions' alignment keys are checked in
loader_comparisons.py, once the work's editions are loaded.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Place, SourceError
from .loader_comparisons import check_alignment_keys, load_comparisons
from .model import (
    Basis,
    Clause,
    ClauseKind,
    Corpus,
    Edition,
    EditorialNote,
    Emphasis,
    Evidence,
    Exclusion,
    Fact,
    Footnote,
    FootnoteRef,
    GlossaryEntry,
    Inline,
    Join,
    Ledger,
    Licence,
    LineRange,
    Link,
    MarkupRule,
    Milestone,
    NoteKind,
    Redirect,
    ReviewItem,
    ReviewStatus,
    Section,
    Span,
    Theme,
    Witness,
    Work,
)
from .schema import Validators
from .yamlsource import FieldPath, YamlFile, collapsed, prose, read_yaml

# Ids the site uses for its own pages and anchors, which source ids must not take.
RESERVED_IDS = frozenset({
    "index", "ledger", "witness", "compare", "current", "history", "glossary", "about", "api", "themes", "search",
    "assets", "check", "handout", "pagefind",
})  # the site's own directories at the top and under each work
REVIEW = "review.yaml"  # the importer's review (review.schema.json), which may stand beside an edition's files
OLD_REVIEW = "review.md"  # the review list of earlier importers, still let stand (drafts.py reports it)
NOT_SECTIONS = ("edition.yaml", "ledger.yaml", REVIEW)
RESERVED_ID_PREFIXES = ("gloss-", "fn-", "note-", "line-", "toc-", "md-", "__")


def load_corpus(root: Path, parsed: ParsedFiles | None = None, kept_works: KeptWorks | None = None) -> Corpus:
    """Load and check everything under `root`/sources. Raises SourceError on the first problem.
    `parsed`: source files parsed and checked by an earlier load; `kept_works`: where works loaded
    by an earlier load are kept (keep.Kept.loaded_work); a preview keeps both."""
    return _Loader(root, parsed, kept_works).load()


class ParsedFiles:
    """Source files parsed and checked against their schema, each kept with what it was made from
    (the file's bytes, the schema's name and the schemas' fingerprint) and reused only while all of
    that is unchanged. `make serve` keeps one between regenerations; a build keeps none."""

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[bytes, str, YamlFile]] = {}

    def get(self, path: Path, raw: bytes, made_with: str) -> YamlFile | None:
        kept = self._kept.get(path)
        return kept[2] if kept is not None and kept[0] == raw and kept[1] == made_with else None

    def put(self, path: Path, raw: bytes, made_with: str, doc: YamlFile) -> None:
        self._kept[path] = (raw, made_with, doc)


@dataclass(frozen=True)
class LoadedWork:
    """A work as loaded alone, and every corpus-wide claim its load made, in order: ("id", id,
    place) for an id, ("witness", witness id, place) for the witness an edition is made from."""

    work: Work
    claims: tuple[tuple[str, str, Place], ...]


# Where loaded works are kept between loads: (work id, what it is loaded from as named bytes, load,
# fingerprint) -> the work kept under a key of those inputs while its fingerprint holds, else
# load() (keep.Kept.loaded_work).
KeptWorks = Callable[[str, list[tuple[str, bytes]], Callable[[], LoadedWork], Callable[[LoadedWork], str]], LoadedWork]


def loaded_fingerprint(loaded: LoadedWork) -> str:
    """A digest of a loaded work and its claims, checked before a kept one is reused."""
    return hashlib.sha256(repr(loaded).encode("utf-8")).hexdigest()


class _Loader:
    def __init__(self, root: Path, parsed: ParsedFiles | None = None, kept_works: KeptWorks | None = None):
        self.root = root
        self.sources = root / "sources"
        self.ids: dict[str, Place] = {}
        self.by_witness: dict[str, Place] = {}  # witness id -> the edition made from it
        self.claims: list[tuple[str, str, Place]] | None = None  # recorded while a work loads alone
        self.themes: dict[str, Theme] = {}
        self.validate = Validators()
        self.parsed = parsed
        self.kept_works = kept_works

    # --- ids ---------------------------------------------------------------------------------

    def claim(self, identifier: str, place: Place) -> None:
        """Every id (section, clause, footnote, exclusion) is unique across the whole corpus,
        because ids become URL fragments and may share a page."""
        if identifier.startswith(RESERVED_ID_PREFIXES) or identifier in RESERVED_IDS:
            raise SourceError(place, f"'{identifier}' is reserved for the site's own pages and anchors; choose another id")
        if identifier in self.ids:
            raise SourceError(place, f"duplicate id '{identifier}': already used at {self.ids[identifier]}")
        self.ids[identifier] = place
        if self.claims is not None:
            self.claims.append(("id", identifier, place))

    def claim_witness(self, witness_id: str, place: Place) -> None:
        """Each witness is the source of one edition."""
        if witness_id in self.by_witness:
            raise SourceError(place, f"witness '{witness_id}' is already the source of the edition at {self.by_witness[witness_id]}")
        self.by_witness[witness_id] = place
        if self.claims is not None:
            self.claims.append(("witness", witness_id, place))

    def read(self, path: Path, schema: str) -> YamlFile:
        if not path.is_file():
            raise SourceError(Place(path.relative_to(self.root).as_posix(), 1), "file not found")
        if self.parsed is None:
            doc = read_yaml(path, self.root)
            self.validate(doc, schema)
            return doc
        raw = path.read_bytes()
        made_with = f"{schema} {self.validate.fingerprint}"
        doc = self.parsed.get(path, raw, made_with)
        if doc is None:
            doc = read_yaml(path, self.root, raw)
            self.validate(doc, schema)
            self.parsed.put(path, raw, made_with, doc)
        return doc

    # --- corpus ------------------------------------------------------------------------------

    def load(self) -> Corpus:
        _refuse_links_outside(self.root, self.sources)
        witnesses = self.load_witnesses()
        self.themes = self.load_themes()
        corpus_doc = self.read(self.sources / "corpus.yaml", "corpus.schema.json")
        listed = list(corpus_doc.data["works"])
        works_dir = self.sources / "works"
        on_disk = sorted(p.name for p in works_dir.iterdir() if p.is_dir()) if works_dir.is_dir() else []
        for name in on_disk:
            if name not in listed:
                raise corpus_doc.error(("works",), f"the work directory sources/works/{name}/ is not listed here")
        works = []
        for index, work_id in enumerate(listed):
            if work_id not in on_disk:
                raise corpus_doc.error(("works", index), f"no directory sources/works/{work_id}/")
            load = self.load_work if self.kept_works is None else self.kept_work
            works.append(load(works_dir / work_id, witnesses))
        glossary = self.load_glossary(works)
        themes = tuple(self.themes.values())
        return Corpus(self.root, tuple(witnesses.values()), tuple(works), glossary, self.load_redirects(), themes)

    def load_themes(self) -> dict[str, Theme]:
        if not (self.sources / "themes.yaml").exists():
            return {}
        doc = self.read(self.sources / "themes.yaml", "themes.schema.json")
        themes: dict[str, Theme] = {}
        for index, item in enumerate(doc.data["themes"]):
            if item["id"] in themes:
                raise doc.error(("themes", index, "id"), f"duplicate theme id '{item['id']}'")
            themes[item["id"]] = Theme(item["id"], prose(item["name"]), prose(item["definition"]), doc.place(("themes", index)))
        return themes

    def load_redirects(self) -> tuple[Redirect, ...]:
        """Where retired addresses lead. Whether they resolve is checked against the built site
        (edition.permalinks), since only the site knows its pages and anchors."""
        if not (self.sources / "redirects.yaml").exists():
            return ()
        doc = self.read(self.sources / "redirects.yaml", "redirects.schema.json")
        seen: dict[str, int] = {}
        redirects = []
        for index, item in enumerate(doc.data["redirects"]):
            if item["from"] in seen:
                raise doc.error(("redirects", index, "from"), f"'{item['from']}' is already redirected by redirects[{seen[item['from']]}]")
            seen[item["from"]] = index
            # Written from the site's root (/about/), like permalinks.txt; kept site-relative (about/).
            source, target = item["from"].removeprefix("/"), item["to"].removeprefix("/")
            redirects.append(Redirect(source, target, prose(item["reason"]), doc.place(("redirects", index))))
        return tuple(redirects)

    def load_glossary(self, works: list[Work]) -> tuple[GlossaryEntry, ...]:
        if not (self.sources / "glossary.yaml").exists():
            return ()
        doc = self.read(self.sources / "glossary.yaml", "glossary.schema.json")
        text = " ".join(_corpus_prose(works))
        every_form = [str(f) for item in doc.data["terms"] for f in (item["term"], *item.get("also", []))]
        # One pass finds most forms; a form it misses (one hidden inside a longer form) is looked
        # for on its own before it is called missing.
        found = set(whole_word_any(every_form).findall(text)) if every_form else set()
        entries: list[GlossaryEntry] = []
        ids: set[str] = set()
        forms: dict[str, int] = {}
        for index, item in enumerate(doc.data["terms"]):
            at: FieldPath = ("terms", index)
            if item["id"] in ids:
                raise doc.error(at + ("id",), f"duplicate glossary id '{item['id']}'")
            ids.add(item["id"])
            entry_forms = (str(item["term"]), *map(str, item.get("also", [])))
            for form in entry_forms:
                if form in forms:
                    raise doc.error(at + ("term",), f"'{form}' is already explained by terms[{forms[form]}]")
                forms[form] = index
                if form not in found and not whole_word(form).search(text):
                    raise doc.error(at + ("term",), f"'{form}' occurs nowhere in the edition's text or notes")
            entries.append(GlossaryEntry(item["id"], entry_forms[0], entry_forms, prose(item["expansion"]), _opt_prose(item.get("note"))))
        return tuple(entries)

    def load_witnesses(self) -> dict[str, Witness]:
        doc = self.read(self.sources / "witnesses" / "witnesses.yaml", "witnesses.schema.json")
        witnesses: dict[str, Witness] = {}
        for index, item in enumerate(doc.data["witnesses"]):
            at: FieldPath = ("witnesses", index)
            self.claim(item["id"], doc.place(at + ("id",)))
            path = self.sources / "witnesses" / item["file"]
            if not path.is_file():
                raise doc.error(at + ("file",), f"no file sources/witnesses/{item['file']}")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest != item["sha256"]:
                raise doc.error(
                    at + ("sha256",),
                    f"sources/witnesses/{item['file']} has sha256 {digest}, not the checksum recorded when it was "
                    "received: witness copies are never edited (restore the received file)",
                )
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                raise doc.error(at + ("file",), "the witness is not UTF-8 text") from None
            witnesses[item["id"]] = Witness(
                id=item["id"],
                file=item["file"],
                path=path,
                sha256=item["sha256"],
                what=prose(item["what"]),
                issuer=prose(item["issuer"]),
                date_as_given=prose(item["date_as_given"]),
                origin=prose(item["origin"]),
                conversion=prose(item["conversion"]),
                place=doc.place(at),
                corrects=item.get("corrects"),
            )
        for index, item in enumerate(doc.data["witnesses"]):
            corrected = item.get("corrects")
            if corrected is not None and (corrected not in witnesses or corrected == item["id"]):
                raise doc.error(("witnesses", index, "corrects"), f"'{corrected}' is not another witness listed here: a corrected copy names the copy it corrects")
        return witnesses

    # --- works -------------------------------------------------------------------------------

    def kept_work(self, directory: Path, witnesses: dict[str, Witness]) -> Work:
        """The work as a load makes it, reused from an earlier load where nothing it reads has
        changed. A work loads alone (its ids and witnesses claimed among its own), under a key of
        all it reads: its directory (every name and byte), the schemas, the theme ids, and the
        entries of the witnesses its editions name. Its claims are then made in the corpus, in the
        order a load makes them, so that a clash is refused with the same message. Where the work
        cannot load alone, it is loaded as a build loads it, which raises the error a build would."""
        try:
            inputs = self.work_inputs(directory, witnesses)
            loaded = self.kept_works(directory.name, inputs, lambda: self.load_alone(directory, witnesses), loaded_fingerprint)
        except SourceError:
            return self.load_work(directory, witnesses)
        for kind, identifier, place in loaded.claims:
            (self.claim if kind == "id" else self.claim_witness)(identifier, place)
        return loaded.work

    def load_alone(self, directory: Path, witnesses: dict[str, Witness]) -> LoadedWork:
        corpus_claims = (self.ids, self.by_witness, self.claims)
        self.ids, self.by_witness, self.claims = {}, {}, []
        try:
            work = self.load_work(directory, witnesses)
            return LoadedWork(work, tuple(self.claims))
        finally:
            self.ids, self.by_witness, self.claims = corpus_claims

    def work_inputs(self, directory: Path, witnesses: dict[str, Witness]) -> list[tuple[str, bytes]]:
        """Everything load_work reads, as named bytes: what a kept work is keyed by."""
        inputs = [("root", str(self.root).encode()), ("schemas", self.validate.fingerprint.encode()), ("themes", repr(tuple(self.themes)).encode())]
        for path in sorted(directory.rglob("*")):  # every name (a directory's too) and every byte
            inputs.append((path.relative_to(directory).as_posix(), path.read_bytes() if path.is_file() else b"directory"))
        for edition in sorted(directory.glob("*/edition.yaml")):
            named = str(self.read(edition, "edition.schema.json").data["witness"])
            inputs.append((f"witness {named}", witnesses[named].entry() if named in witnesses else b"none"))
        return inputs

    def load_work(self, directory: Path, witnesses: dict[str, Witness]) -> Work:
        doc = self.read(directory / "work.yaml", "work.schema.json")
        data = doc.data
        if data["id"] != directory.name:
            raise doc.error(("id",), f"is '{data['id']}' but the directory is named '{directory.name}'; they must match")
        self.claim(data["id"], doc.place(("id",)))
        listed = list(data["editions"])
        on_disk = sorted(p.name for p in directory.iterdir() if p.is_dir())
        for name in on_disk:
            if name not in listed:
                raise doc.error(("editions",), f"the edition directory {name}/ is not listed here")
        editions = []
        for index, edition_id in enumerate(listed):
            if edition_id not in on_disk:
                raise doc.error(("editions", index), f"no edition directory {directory.name}/{edition_id}/")
            editions.append(self.load_edition(directory / edition_id, data["id"], witnesses))
        history = tuple(
            Milestone(m["year"], prose(m["event"]), m.get("edition"), _opt_prose(m.get("source")))
            for m in data.get("history", [])
        )
        for index, milestone in enumerate(history):
            if milestone.edition and milestone.edition not in listed:
                raise doc.error(("history", index, "edition"), f"'{milestone.edition}' is not an edition of this work")
        check_alignment_keys(editions)
        comparisons = load_comparisons(doc, editions)
        return Work(
            id=data["id"],
            title=str(data["title"]),
            description=prose(data["description"]),
            editions=tuple(editions),
            place=doc.place(()),
            history=history,
            comparisons=comparisons,
        )

    # --- editions ----------------------------------------------------------------------------

    def load_edition(self, directory: Path, work_id: str, witnesses: dict[str, Witness]) -> Edition:
        doc = self.read(directory / "edition.yaml", "edition.schema.json")
        data = doc.data
        if data["id"] != directory.name:
            raise doc.error(("id",), f"is '{data['id']}' but the directory is named '{directory.name}'; they must match")
        self.claim(data["id"], doc.place(("id",)))
        witness = witnesses.get(data["witness"])
        if witness is None:
            raise doc.error(("witness",), f"no witness '{data['witness']}' in sources/witnesses/witnesses.yaml")
        self.claim_witness(witness.id, doc.place(("witness",)))
        witness_lines = len(witness.lines())

        used_files: set[str] = set()
        sections = tuple(
            self.load_contents(doc, ("contents",), data["contents"], directory, used_files, depth=1)
        )
        for path in sorted(directory.glob("*.yaml")):
            if path.name not in used_files | set(NOT_SECTIONS):
                raise doc.error(("contents",), f"{path.name} is in the edition's directory but not listed in contents")
        for unexpected in sorted(p for p in directory.iterdir() if p.suffix != ".yaml" and p.name != OLD_REVIEW):
            raise SourceError(
                Place(unexpected.relative_to(self.root).as_posix(), 1), "only .yaml files belong in an edition's directory"
            )
        ledger = self.load_ledger(directory / "ledger.yaml", witness_lines)
        licence = data["licence"]
        if licence["status"] == "stated" and not licence.get("name"):
            raise doc.error(("licence", "name"), "a stated licence needs its name")
        edition = Edition(
            id=data["id"],
            work_id=work_id,
            short_name=str(data["short_name"]),
            title=str(data["title"]),
            issuer=str(data["issuer"]),
            edition=_fact(data["edition"]),
            date=_fact(data["date"]),
            jurisdiction=_fact(data["jurisdiction"]),
            licence=Licence(
                stated=licence["status"] == "stated",
                name=licence.get("name"),
                url=licence.get("url"),
                printed=_opt_prose(licence.get("printed")),
                note=_opt_prose(licence.get("note")),
            ),
            witness_id=witness.id,
            sections=sections,
            ledger=ledger,
            place=doc.place(()),
            published_at=data.get("published_at"),
            notes=_notes(doc, ("notes",), data.get("notes")),
            review=self.load_review(directory / REVIEW, data["id"], witness_lines),
        )
        for field_name in ("edition", "date", "jurisdiction"):
            _check_fact(doc, (field_name,), getattr(edition, field_name))
        return edition

    def load_contents(
        self, doc: YamlFile, at: FieldPath, entries: Sequence[Any], directory: Path, used: set[str], depth: int
    ) -> Iterable[Section]:
        for index, entry in enumerate(entries):
            name = entry if isinstance(entry, str) else entry["file"]
            where = at + (index,) if isinstance(entry, str) else at + (index, "file")
            if name in used or name in NOT_SECTIONS:
                raise doc.error(where, f"{name} is listed twice or is not a section file")
            used.add(name)
            path = directory / name
            if not path.is_file():
                raise doc.error(where, f"no file {name} in {directory.relative_to(self.root).as_posix()}/")
            section_doc = self.read(path, "section.schema.json")
            children: tuple[Section, ...] = ()
            if not isinstance(entry, str):
                if "sections" in section_doc.data:
                    raise section_doc.error(
                        ("sections",),
                        "this section's sub-sections are also listed as files in edition.yaml: keep one of the two",
                    )
                children = tuple(self.load_contents(doc, at + (index, "contents"), entry["contents"], directory, used, depth + 1))
            section = self.load_section(section_doc, (), section_doc.data)
            yield _with_children(section, children) if children else section

    def load_section(self, doc: YamlFile, at: FieldPath, data: Any) -> Section:
        self.claim(data["id"], doc.place(at + ("id",)))
        footnotes = tuple(self.load_footnote(doc, at + ("footnotes", i), f) for i, f in enumerate(data.get("footnotes", [])))
        markers = {f.id: f.marker for f in footnotes}
        clauses = []
        seen_text = False
        referenced: set[str] = set()
        for index, item in enumerate(data["clauses"]):
            clause = self.load_clause(doc, at + ("clauses", index), item, markers)
            if clause.kind is ClauseKind.HEADING and seen_text:
                raise doc.error(
                    at + ("clauses", index, "kind"),
                    "a heading must come before the section's text: start a sub-section for a heading that follows text",
                )
            seen_text = seen_text or clause.kind is not ClauseKind.HEADING
            referenced.update(p.footnote_id for p in clause.content if isinstance(p, FootnoteRef))
            clauses.append(clause)
        for index, footnote in enumerate(footnotes):
            if footnote.id not in referenced:
                raise doc.error(at + ("footnotes", index, "id"), f"footnote '{footnote.id}' is not referenced by any clause of this section")
        sections = tuple(self.load_section(doc, at + ("sections", i), s) for i, s in enumerate(data.get("sections", [])))
        return Section(
            id=data["id"],
            kind=data["kind"],
            title=prose(data["title"]),
            clauses=tuple(clauses),
            place=doc.place(at),
            align=_align(data.get("align")),
            notes=_notes(doc, at + ("notes",), data.get("notes")),
            footnotes=footnotes,
            sections=sections,
        )

    def load_clause(self, doc: YamlFile, at: FieldPath, data: Any, markers: dict[str, str]) -> Clause:
        self.claim(data["id"], doc.place(at + ("id",)))
        if data.get("label_restored") and "label" not in data:
            raise doc.error(at + ("label_restored",), "a restored label needs the `label` it restores")
        clause = Clause(
            id=data["id"],
            kind=ClauseKind(data["kind"]),
            content=_content(doc, at + ("text",), data["text"], markers),
            place=doc.place(at),
            label=_one_line(doc, at + ("label",), data.get("label")),
            label_restored=bool(data.get("label_restored", False)),
            term=_one_line(doc, at + ("term",), data.get("term")),
            align=_align(data.get("align")),
            notes=_notes(doc, at + ("notes",), data.get("notes")),
            themes=tuple(data.get("themes", ())),
        )
        _check_sic(doc, at, clause.notes, clause.printed_words)
        for index, theme in enumerate(clause.themes):
            if theme not in self.themes:
                known = ", ".join(self.themes) or "none are defined"
                raise doc.error(at + ("themes", index), f"unknown theme '{theme}'; the themes of sources/themes.yaml are: {known}")
        return clause

    def load_footnote(self, doc: YamlFile, at: FieldPath, data: Any) -> Footnote:
        self.claim(data["id"], doc.place(at + ("id",)))
        notes = _notes(doc, at + ("notes",), data.get("notes"))
        footnote = Footnote(
            id=data["id"],
            marker=_one_line(doc, at + ("marker",), data["marker"]) or "",
            content=_content(doc, at + ("text",), data["text"], {}),
            lines=_lines(doc, at + ("lines",), data["lines"], None),
            place=doc.place(at),
            notes=notes,
        )
        _check_sic(doc, at, notes, footnote.text)
        return footnote

    # --- review ------------------------------------------------------------------------------

    def load_review(self, path: Path, edition_id: str, witness_lines: int) -> tuple[ReviewItem, ...]:
        """The importer's review of the edition and the state of each item (drafts.py lists the
        open ones)."""
        if not path.exists():
            return ()
        doc = self.read(path, "review.schema.json")
        data = doc.data
        if data["edition"] != edition_id:
            raise doc.error(("edition",), f"is '{data['edition']}' but this is the review of {edition_id}, whose directory it stands in")
        seen: dict[str, int] = {}
        items = []
        for index, item in enumerate(data["items"]):
            at: FieldPath = ("items", index)
            if item["id"] in seen:
                raise doc.error(at + ("id",), f"duplicate review item id '{item['id']}': already used by items[{seen[item['id']]}]")
            seen[item["id"]] = index
            items.append(ReviewItem(
                id=item["id"],
                topic=item["topic"],
                doubt=float(item["doubt"]),
                lines=_lines(doc, at + ("lines",), item["lines"], witness_lines) if "lines" in item else None,
                decided=prose(item["decided"]),
                check=prose(item["check"]),
                status=ReviewStatus(item["status"]),
                place=doc.place(at + ("status",)),
                remark=_opt_prose(item.get("remark")),
            ))
        return tuple(items)

    # --- ledger ------------------------------------------------------------------------------

    def load_ledger(self, path: Path, witness_lines: int) -> Ledger:
        if not path.exists():
            return Ledger()
        doc = self.read(path, "ledger.schema.json")
        data = doc.data
        rules = []
        for index, item in enumerate(data.get("markup", [])):
            at: FieldPath = ("markup", index)
            try:
                pattern = re.compile(item["pattern"])
            except re.error as exc:
                raise doc.error(at + ("pattern",), f"is not a valid regular expression: {exc}") from None
            replacement = item.get("replace", "")
            try:
                pattern.sub(replacement, "")  # compiles the template, checking group references
            except re.error as exc:
                raise doc.error(at + ("replace",), f"is not a valid replacement for the pattern: {exc}") from None
            rules.append(
                MarkupRule(
                    pattern=pattern,
                    replace=replacement,
                    reason=prose(item["reason"]),
                    place=doc.place(at),
                    lines=_lines(doc, at + ("lines",), item["lines"], witness_lines) if "lines" in item else None,
                )
            )
        exclusions = []
        for index, item in enumerate(data.get("exclusions", [])):
            at = ("exclusions", index)
            self.claim(item["id"], doc.place(at + ("id",)))
            exclusions.append(
                Exclusion(
                    id=item["id"],
                    lines=_lines(doc, at + ("lines",), item["lines"], witness_lines),
                    category=item["category"],
                    reason=prose(item["reason"]),
                    text=str(item["text"]),
                    place=doc.place(at),
                )
            )
        ordered = sorted(exclusions, key=lambda x: x.lines.first)
        for before, after in zip(ordered, ordered[1:]):
            if after.lines.first <= before.lines.last:
                raise SourceError(after.place, f"lines {after.lines} overlap exclusion '{before.id}' (lines {before.lines})")
        joins = tuple(
            Join(
                lines=_lines(doc, ("joins", i, "lines"), item["lines"], witness_lines),
                reason=prose(item["reason"]),
                glue=item.get("glue", " "),
                place=doc.place(("joins", i)),
            )
            for i, item in enumerate(data.get("joins", []))
        )
        return Ledger(markup=tuple(rules), exclusions=tuple(exclusions), joins=joins)


# --- helpers ----------------------------------------------------------------------------------


def _refuse_links_outside(root: Path, sources: Path) -> None:
    """A symbolic link under sources/ may point only inside the project: the edition must not
    publish, or be built from, a file that is not part of the repository."""
    inside = root.resolve()
    for directory, names, files in os.walk(sources):  # links to directories are not followed
        for name in sorted(names + files):
            path = Path(directory) / name
            if not path.is_symlink():
                continue
            rel = path.relative_to(root).as_posix()
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                raise SourceError(Place(rel, 1), f"is a symbolic link to {os.readlink(path)}, which does not exist") from None
            if not target.is_relative_to(inside):
                raise SourceError(
                    Place(rel, 1),
                    f"is a symbolic link to {target}, outside the project: sources must be files in the repository",
                )


def whole_word(form: str) -> re.Pattern[str]:
    """`form` as a whole word: not part of a longer word (a possessive 's may follow)."""
    return re.compile(rf"(?<![\w'’]){re.escape(form)}(?!\w)")


def whole_word_any(forms: Iterable[str]) -> re.Pattern[str]:
    """Any of `forms` as a whole word, the longest first where one begins another."""
    ordered = sorted(set(forms), key=len, reverse=True)
    return re.compile(rf"(?<![\w'’])(?:{'|'.join(map(re.escape, ordered))})(?!\w)")


def _corpus_prose(works: Iterable[Work]) -> Iterable[str]:
    for work in works:
        for edition in work.editions:
            yield from (n.text for n in edition.notes)
            for section in edition.walk():
                yield from (n.text for n in section.notes)
                for clause in section.clauses:
                    yield clause.printed_words
                    yield from (n.text for n in clause.notes)
                for footnote in section.footnotes:
                    yield footnote.text


def _with_children(section: Section, children: tuple[Section, ...]) -> Section:
    return Section(
        id=section.id,
        kind=section.kind,
        title=section.title,
        clauses=section.clauses,
        place=section.place,
        align=section.align,
        notes=section.notes,
        footnotes=section.footnotes,
        sections=children,
    )


def _opt_prose(value: Any) -> str | None:
    return None if value is None else prose(value)


def _one_line(doc: YamlFile, at: FieldPath, value: Any) -> str | None:
    if value is None:
        return None
    text = prose(value)
    if not text:
        raise doc.error(at, "must not be blank")
    return text


def _content(doc: YamlFile, at: FieldPath, value: Any, markers: dict[str, str]) -> tuple[Inline, ...]:
    """Printed text as segments. Whitespace inside a segment collapses to single spaces; the spaces
    at segment edges are kept (they separate words from the neighbouring segment)."""
    pieces: list[Inline] = []
    items = [value] if isinstance(value, str) else list(value)
    for index, item in enumerate(items):
        where = at if isinstance(value, str) else at + (index,)
        if isinstance(item, str):
            pieces.append(Span(collapsed(item)))
        elif "em" in item:
            pieces.append(Emphasis(collapsed(item["em"])))
        elif "link" in item:
            pieces.append(Link(collapsed(item["link"]), str(item["href"])))
        else:
            footnote_id = item["footnote"]
            if footnote_id not in markers:
                raise doc.error(where + ("footnote",), f"no footnote '{footnote_id}' in this section's footnotes")
            pieces.append(FootnoteRef(footnote_id, markers[footnote_id]))
    # Trim the whole text's outer whitespace, not each segment's.
    if pieces and isinstance(pieces[0], Span):
        pieces[0] = Span(pieces[0].text.lstrip(" "))
    if pieces and isinstance(pieces[-1], Span):
        pieces[-1] = Span(pieces[-1].text.rstrip(" "))
    pieces = [p for p in pieces if not (isinstance(p, Span) and not p.text)]
    if not pieces or not "".join(p.text for p in pieces).strip():
        raise doc.error(at, "must not be blank")
    return tuple(pieces)


def _notes(doc: YamlFile, at: FieldPath, value: Any) -> tuple[EditorialNote, ...]:
    notes = []
    for index, item in enumerate(value or []):
        kind = NoteKind(item["kind"])
        sic = item.get("sic")
        if kind is NoteKind.SIC and not sic:
            raise doc.error(at + (index, "sic"), "a sic note must quote the words as printed in `sic`")
        if kind is not NoteKind.SIC and sic:
            raise doc.error(at + (index, "sic"), "only a note of kind sic quotes words in `sic`")
        notes.append(EditorialNote(kind, prose(item["text"]), collapsed(sic) if sic else None))
    return tuple(notes)


def _check_sic(doc: YamlFile, at: FieldPath, notes: tuple[EditorialNote, ...], printed: str) -> None:
    for index, note in enumerate(notes):
        if note.sic and note.sic not in printed:
            raise doc.error(at + ("notes", index, "sic"), f"'{note.sic}' does not occur in the text it annotates")


def _fact(value: Any) -> Fact:
    return Fact(
        value=value.get("value"),
        basis=Basis(value["basis"]),
        printed=_opt_prose(value.get("printed")),
        note=_opt_prose(value.get("note")),
        evidence=tuple(Evidence(prose(e["text"]), e.get("url")) for e in value.get("evidence", [])),
    )


def _check_fact(doc: YamlFile, at: FieldPath, fact: Fact) -> None:
    """Each basis needs what makes it checkable by a reader."""
    if fact.basis is Basis.PRINTED and not fact.printed:
        raise doc.error(at + ("printed",), "a printed fact must quote the words as printed")
    if fact.basis is Basis.EXTERNAL and not fact.evidence:
        raise doc.error(at + ("evidence",), "a fact known from outside the text must cite its evidence")
    if fact.basis is Basis.INFERRED and not fact.note:
        raise doc.error(at + ("note",), "an inferred fact must say in `note` how it is inferred")
    if fact.basis is not Basis.NOT_STATED and not fact.value:
        raise doc.error(at + ("value",), "missing the value")
    if fact.basis is Basis.NOT_STATED and fact.value:
        raise doc.error(at + ("value",), "a fact that is not stated has no value; explain in `note`")


def _align(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _lines(doc: YamlFile, at: FieldPath, value: Any, witness_lines: int | None) -> LineRange:
    if isinstance(value, int):
        first = last = value
    else:
        first_text, _, last_text = str(value).partition("-")
        first, last = int(first_text), int(last_text or first_text)
    if last < first:
        raise doc.error(at, f"the range {value} ends before it starts")
    if witness_lines is not None and last > witness_lines:
        raise doc.error(at, f"line {last} is beyond the end of the witness ({witness_lines} lines)")
    return LineRange(first, last)
