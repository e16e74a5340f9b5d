"""The edition as TEI P5, for scholars' tools (CollateX, Juxta, the Versioning Machine, EVT).

edition_tei: one document per edition. Its header carries what the edition knows of it (title,
issuer, edition statement, date with how it is known, jurisdiction, licence, the witness with its
checksum and conversion) and the ledger as the editorial declaration; its text has the sections as
divisions and every clause with its id as xml:id, printed labels as @n (restored ones marked as
supplied), apparent errors as <sic> with the editor's note, and footnotes as notes.

apparatus_tei: one document per comparison, in parallel segmentation: one <ab> per group of
corresponding clauses, and in it one <app> per variation the comparison records, typed "change"
(what the comparison pages mark), "rename", "typographic" or "label"; moves are the ab's subtype.

work_tei: one document per work, every edition a witness, in parallel segmentation: one <ab> per
line (lineage.py), words all editions share outside the <app>s, one <rdg> per distinct reading.

Both are built as element trees (the standard library's), so every string is escaped as XML by
construction; the same model gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from ..compare import Correspondence, split, variations
from ..fidelity import WitnessAccount
from ..lineage import Line, WorkLineage
from ..model import Basis, Clause, ClauseKind, Corpus, Edition, EditorialNote, Fact, Footnote, NoteKind, Rename, Section
from ..words import fold
from .arrange import Arrangement
from .glossary import Glossary
from .metadata import date_text, how_known, licence_sentence
from .text import Abbr, Em, ExtLink, FnRef, Plain, Segment, Sic, printed, words

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
PUBLISHER = "Professional principles in education and children's services: a comparative edition"
ET.register_namespace("", TEI_NS)

def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attributes: str | None) -> ET.Element:
    attrs = {(XML_ID if k == "xml_id" else k): v for k, v in attributes.items() if v is not None}
    node = ET.Element(_t(tag), attrs) if parent is None else ET.SubElement(parent, _t(tag), attrs)
    if text is not None:
        node.text = text
    return node


def _serialise(root: ET.Element) -> bytes:
    # Not indented: in mixed content, white space added between elements would change the text.
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _append_text(parent: ET.Element, text: str) -> None:
    """Mixed content: text after the parent's last child, or as its text."""
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# --- one edition ---------------------------------------------------------------------------------


def _fact(parent: ET.Element, tag: str, fact: Fact, **attributes: str | None) -> ET.Element:
    """A fact with how it is known (printed, quoted; inferred; from outside evidence; not stated)."""
    node = _el(parent, tag, fact.value, **attributes)
    said = how_known(fact)
    _el(node, "note", said[0].upper() + said[1:] + (f". {fact.note}" if fact.note else ""), type="basis")
    return node


def _header(edition: Edition, corpus: Corpus, account: WitnessAccount, address: str) -> ET.Element:
    witness = corpus.witness(edition.witness_id)
    header = _el(None, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", edition.title)
    _el(title_stmt, "author", edition.issuer)
    _fact(_el(file_desc, "editionStmt"), "edition", edition.edition)
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", PUBLISHER)
    _el(publication, "idno", address, type="URL")
    availability = _el(publication, "availability", status="restricted" if edition.licence.stated else "unknown")
    if edition.licence.stated:
        licence = _el(availability, "licence", edition.licence.name, target=edition.licence.url)
        if edition.licence.note:
            _append_text(licence, ". " + edition.licence.note)
    else:
        _el(availability, "p", licence_sentence(edition))
    source = _el(file_desc, "sourceDesc")
    bibl = _el(source, "bibl")
    _el(bibl, "title", edition.title)
    _el(bibl, "author", edition.issuer)
    _fact(bibl, "edition", edition.edition)
    date = _fact(bibl, "date", edition.date, when=edition.date.value if edition.date.basis is not Basis.NOT_STATED else None)
    date.text = date_text(edition)
    _fact(bibl, "note", edition.jurisdiction, type="jurisdiction")
    if edition.published_at:
        _el(bibl, "ptr", target=edition.published_at)
    # The witness: the text as received, which the edition is checked against word by word.
    received = _el(bibl, "note", type="witness", xml_id=witness.id)
    _append_text(received, f"Witness {witness.id}: {witness.what} File {witness.file}, SHA-256 ")
    _el(received, "idno", witness.sha256, type="sha256")
    _append_text(received, f". Origin: {witness.origin} Conversion: {witness.conversion}")

    encoding = _el(header, "encodingDesc")
    declaration = _el(encoding, "editorialDecl")
    _el(declaration, "p", (
        f"Every word of the witness is in this text or listed below with the reason it is left out: {account.words} words, "
        f"{account.edition_words} in the text, {account.footnote_words} in footnotes, {account.excluded_words} on lines left out, "
        f"{account.markup_words} conversion markup, {account.mended_words} mended across a page break. "
        "Apparent errors are kept as printed (sic) with a note; labels the editor restored are marked as supplied."
    ))
    if edition.ledger.exclusions:
        left_out = _el(_el(declaration, "p", "Left out of the text:"), "list")
        for exclusion in edition.ledger.exclusions:
            item = _el(left_out, "item", xml_id=exclusion.id, n=exclusion.category)
            _append_text(item, f"Witness {exclusion.lines.described}: {exclusion.reason} ")
            _el(item, "quote", exclusion.text)
    if edition.ledger.markup:
        rules = _el(_el(declaration, "p", "Conversion markup removed from the witness:"), "list")
        for rule in edition.ledger.markup:
            _el(rules, "item", f"/{rule.pattern.pattern}/" + (f" (witness {rule.lines.described})" if rule.lines else "") + f": {rule.reason}")
    if edition.ledger.joins:
        joins = _el(_el(declaration, "p", "Text joined across the witness's lines:"), "list")
        for join in edition.ledger.joins:
            _el(joins, "item", f"Witness {join.lines.described}: {join.reason}")
    return header


@dataclass(frozen=True)
class _Edition:
    """What the text of an edition's TEI is written with: its footnotes by id, and the glossary that
    marks abbreviations (as on the reading pages)."""

    footnotes: dict[str, Footnote]
    glossary: Glossary


def _printed(parent: ET.Element, segments: Iterable[Segment], sics: dict[str, EditorialNote], edition: _Edition) -> None:
    """Printed text, from the segments the reading pages draw (pages/text.py): an abbreviation as
    <choice> of the printed form and its expansion, words kept as printed as <sic> followed by the
    editor's note, italics, links, and a footnote where its marker is printed."""
    for segment in segments:
        if isinstance(segment, Plain):
            _append_text(parent, segment.text)
        elif isinstance(segment, Abbr):
            choice = _el(parent, "choice")
            _el(choice, "abbr", segment.form)
            _el(choice, "expan", segment.entry.expansion)
        elif isinstance(segment, Sic):
            _printed(_el(parent, "sic"), segment.parts, sics, edition)
            _el(parent, "note", sics[segment.note_id].text, type="sic", resp="#editor")
        elif isinstance(segment, Em):
            _printed(_el(parent, "hi", rend="italic"), segment.parts, sics, edition)
        elif isinstance(segment, ExtLink):
            _el(parent, "ref", segment.text, target=segment.href)
        elif isinstance(segment, FnRef):
            footnote = edition.footnotes[segment.footnote_id]
            note = _el(parent, "note", xml_id=footnote.id, place="foot", n=footnote.marker)
            own = _sics(footnote.notes)
            _printed(note, printed(footnote.content, edition.glossary, {k: k for k in own}), own, edition)
            _editorial_notes(note, footnote.notes)


def _sics(notes: Iterable[EditorialNote]) -> dict[str, EditorialNote]:
    """Each phrase kept as printed, with its note (the phrase is also what segments refer to it by)."""
    return {n.sic: n for n in notes if n.sic}


def _editorial_notes(parent: ET.Element, notes: Iterable[EditorialNote]) -> None:
    for note in notes:
        if note.kind is not NoteKind.SIC:
            _el(parent, "note", note.text, type=note.kind.value, resp="#editor")


def _clause(parent: ET.Element, clause: Clause, edition: _Edition, inside: bool = False) -> None:
    """`inside`: the clause follows other text of its division, where TEI allows no <head>."""
    if clause.kind is ClauseKind.HEADING and inside:
        node = _el(parent, "ab", xml_id=clause.id, n=clause.label, type="heading")
    elif clause.kind is ClauseKind.HEADING:
        node = _el(parent, "head", xml_id=clause.id, n=clause.label)
    elif clause.kind is ClauseKind.ITEM:
        node = _el(parent, "item", xml_id=clause.id, n=clause.label)
    elif clause.kind is ClauseKind.QUOTE:
        node = _el(_el(parent, "p", xml_id=clause.id, n=clause.label), "quote")
    else:
        node = _el(parent, "p", xml_id=clause.id, n=clause.label)
    if clause.label:
        label = _el(node, "label")
        if clause.label_restored:
            _el(label, "supplied", clause.label, reason="omitted-in-witness", resp="#editor")
        else:
            label.text = clause.label
        label.tail = " "
    sics = _sics(clause.notes)
    phrases = {k: k for k in sics}
    if clause.term:
        _printed(_el(node, "hi", rend="run-in"), words(clause.term, edition.glossary, phrases), sics, edition)
        node[-1].tail = " "
    _printed(node, printed(clause.content, edition.glossary, phrases), sics, edition)
    _editorial_notes(node, clause.notes)


def _section(parent: ET.Element, section: Section, edition: _Edition) -> None:
    div = _el(parent, "div", xml_id=section.id, type=section.kind, n=section.title)
    _editorial_notes(div, section.notes)
    clauses = list(section.clauses)
    # Headings first (TEI puts <head> before the rest); the sources keep them first already.
    while clauses and clauses[0].kind is ClauseKind.HEADING:
        _clause(div, clauses.pop(0), edition)
    run: ET.Element | None = None
    for clause in clauses:
        if clause.kind is ClauseKind.ITEM:
            run = run if run is not None else _el(div, "list")
            _clause(run, clause, edition)
        else:
            run = None
            _clause(div, clause, edition, inside=True)
    for child in section.sections:
        _section(div, child, edition)


def edition_tei(edition: Edition, corpus: Corpus, account: WitnessAccount, address: str) -> bytes:
    tei = _el(None, "TEI", xml_id=f"tei-{edition.id}")
    tei.append(_header(edition, corpus, account, address))
    text = _Edition({f.id: f for f in edition.footnotes()}, Glossary(corpus.glossary))
    body = _el(_el(tei, "text"), "body")
    for section in edition.sections:
        _section(body, section, text)
    return _serialise(tei)


# --- one comparison --------------------------------------------------------------------------------


def _group(parent: ET.Element, group: Correspondence, old: Edition, new: Edition, counter: list[int]) -> None:
    ab = _el(
        parent, "ab", xml_id=f"cmp-{group.id}", type=group.difference.value, subtype="moved" if group.moved else None,
        corresp=" ".join([f"{old.id}.xml#{c.id}" for c in group.old] + [f"{new.id}.xml#{c.id}" for c in group.new]) or None,
    )
    old_wit, new_wit = f"#{old.id}", f"#{new.id}"
    old_clauses, new_clauses = list(group.old), list(group.new)

    def app(kind: str, old_text: str, new_text: str, subtype: str | None = None) -> None:
        counter[0] += 1
        unit = _el(ab, "app", xml_id=f"app-{counter[0]}", type=kind, subtype=subtype)
        _el(unit, "rdg", old_text or None, wit=old_wit)
        _el(unit, "rdg", new_text or None, wit=new_wit)

    def label(old_clause: Clause | None, new_clause: Clause | None) -> None:
        old_label = old_clause.label if old_clause and not old_clause.label_restored else None
        new_label = new_clause.label if new_clause and not new_clause.label_restored else None
        if old_label == new_label:
            if old_label:
                _append_text(ab, old_label + " ")
        else:
            app("label", f"{old_label} " if old_label else "", f"{new_label} " if new_label else "")

    label(old_clauses.pop(0) if old_clauses else None, new_clauses.pop(0) if new_clauses else None)
    for v in variations(group.pieces):
        if v.type == "":
            _append_text(ab, v.old)
        elif v.type == "break":
            # A clause ends on one side only: the next clause of that side starts here.
            _append_text(ab, " ")
            if v.old:
                label(old_clauses.pop(0) if old_clauses else None, None)
            else:
                label(None, new_clauses.pop(0) if new_clauses else None)
        else:
            app(v.type, v.old, v.new, v.rename.kind.value if v.rename else None)


def _apparatus_header(tei: ET.Element, editions: Iterable[Edition], address: str) -> tuple[ET.Element, ET.Element]:
    """The header an apparatus of several editions has (a pair's, a work's): the publication, each
    edition's licence as the edition states it, each edition as a witness, parallel segmentation.
    Gives its titleStmt and editorialDecl, which the caller fills (they stay in their places)."""
    editions = tuple(editions)
    header = _el(tei, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", PUBLISHER)
    _el(publication, "idno", address, type="URL")
    availability = _el(publication, "availability")
    for edition in editions:
        if edition.licence.stated:
            _el(availability, "licence", f"{edition.short_name}: {licence_sentence(edition)}", target=edition.licence.url)
        else:
            _el(availability, "p", f"{edition.short_name}: {licence_sentence(edition)}")
    witnesses = _el(_el(file_desc, "sourceDesc"), "listWit")
    for edition in editions:
        witness = _el(witnesses, "witness", xml_id=edition.id, n=edition.short_name)
        _append_text(witness, f"{edition.title}, {edition.issuer}, {date_text(edition)} (")
        _el(witness, "ptr", target=f"{edition.id}.xml")
        _append_text(witness, ")")
    encoding = _el(header, "encodingDesc")
    _el(encoding, "variantEncoding", method="parallel-segmentation", location="internal")
    return title_stmt, _el(encoding, "editorialDecl")


def apparatus_tei(comparison: Arrangement, corpus: Corpus, address: str) -> bytes:
    old, new = comparison.old, comparison.new
    tei = _el(None, "TEI", xml_id=f"tei-{old.id}--{new.id}")
    title_stmt, declaration = _apparatus_header(tei, (old, new), address)
    _el(title_stmt, "title", f"{corpus.work(new.work_id).title}: {old.short_name} compared with {new.short_name}")
    _el(title_stmt, "author", new.issuer)
    _el(declaration, "p", (
        "One ab per group of corresponding clauses, in the later edition's order (what only the earlier has, where it "
        "stood); its type is the group's difference class (identical, typography, label, renamed, reworded, added, "
        "dropped, split, merged, regrouped: as in the edition's JSON API) and its subtype 'moved' when it moved. Each app "
        "is one variation: type 'change' is a change of wording, as the comparison pages mark it; 'rename' a declared "
        "rename, subtype 'same-referent' (the same thing under a new name) or 'substitution' (other words for another "
        "referent): a difference of words either way; 'typographic' a difference of typography only; 'label' a printed "
        "label added, dropped or changed."
    ))
    if comparison.renames:
        renames = _el(_el(declaration, "p", "Declared renames:"), "list")
        for rename, count in comparison.renames:
            _el(renames, "item", f"{rename.old} → {rename.new} ({rename.kind.value}, {count}): {rename.note}")
    body = _el(_el(tei, "text"), "body")
    counter = [0]
    for section in comparison.sections:
        div = _el(body, "div", n=section.section.title, type="section")
        for row in section.rows:
            _group(div, row.group, old, new, counter)
    return _serialise(tei)


# --- one work: every edition ------------------------------------------------------------------------

# An app's type: the greatest difference between any two of its readings, least first.
APP_TYPES = ("typographic", "label", "rename", "change")
_SCHEME = re.compile(r"\bhttps?\b", re.IGNORECASE)
_NOT_WORDS = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class _Token:
    """A token of a witness's reading, as printed: `label` if it is part of a printed label,
    `renamed` the class of declared rename phrases it is one of (a phrase is one token)."""

    text: str
    label: bool = False
    renamed: str | None = None


_Reading = tuple[_Token, ...]


def _text(reading: _Reading) -> str:
    return "".join(t.text for t in reading)


def _rename_classes(renames: Iterable[Rename], fold_case: bool) -> dict[str, str]:
    """Each declared phrase -> its class: phrases a rename joins (in either direction, in any of the
    work's comparisons) are one class, named by its least phrase."""
    parent: dict[str, str] = {}

    def root(phrase: str) -> str:
        while parent.setdefault(phrase, phrase) != phrase:
            phrase = parent[phrase]
        return phrase

    for rename in renames:
        a, b = (root(p.lower() if fold_case else p) for p in (rename.old, rename.new))
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {phrase: root(phrase) for phrase in parent}


def _witness_tokens(clauses: tuple[Clause, ...], classes: dict[str, str], fold_case: bool) -> _Reading:
    """The line in one edition as printed (Clause.printed_words, clause after clause with a space
    between), in tokens; a declared rename phrase is one token, as the comparisons make it."""
    out: list[_Token] = []
    for index, clause in enumerate(clauses):
        if index:
            out.append(_Token(" "))
        if clause.label and not clause.label_restored:
            out += [_Token(clause.label, label=True), _Token(" ")]  # one token: a label varies whole
        for text, kind in split(" ".join(filter(None, (clause.term, clause.text))), tuple(classes), fold_case):
            out.append(_Token(text, renamed=classes[text.lower() if fold_case else text] if kind == "rename" else None))
    return tuple(out)


def _matches(a: _Reading, b: _Reading) -> dict[int, int]:
    """Which token of `b` each token of `a` is, where a word diff (diff-match-patch on tokens as
    printed, no time limit, semantic clean-up, as compare.py) finds them equal."""
    table: dict[str, str] = {}

    def encode(reading: _Reading) -> str:
        for token in reading:
            if token.text not in table:  # one character per distinct token, outside the surrogates
                code = 0x100 + len(table)
                table[token.text] = chr(code + 0x800 if code >= 0xD800 else code)
        return "".join(table[t.text] for t in reading)

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    diffs = engine.diff_main(encode(a), encode(b), False)
    engine.diff_cleanupSemantic(diffs)
    out: dict[int, int] = {}
    i = j = 0
    for op, chars in diffs:
        if op == 0:
            out.update((i + k, j + k) for k in range(len(chars)))
        i += len(chars) if op <= 0 else 0
        j += len(chars) if op >= 0 else 0
    return out


def _segments(readings: list[_Reading]) -> list[tuple[tuple[_Reading, ...], bool]]:
    """The line cut where every reading agrees: each segment is what each witness reads there, and
    whether it is shared (the same text in all) or variant. Anchors are the tokens of the first
    reading that the word diff finds in every other; each diff keeps order, so between two anchors
    every witness reads a run of its own tokens, and the runs, in order, are exactly its reading.
    A segment is held as where it starts and ends in each reading: joining two is then one step,
    where joining the tokens themselves made a long line quadratic."""
    pivot = readings[0]
    maps = [_matches(pivot, r) for r in readings[1:]] if all(readings) else None
    anchors = [p for p in range(len(pivot)) if all(p in m for m in maps)] if maps is not None else []
    texts = [[t.text for t in r] for r in readings]

    def shared(starts: tuple[int, ...], ends: tuple[int, ...]) -> bool:
        return len({"".join(t[s:e]) for t, s, e in zip(texts, starts, ends)}) == 1

    def blank(starts: tuple[int, ...], ends: tuple[int, ...]) -> bool:  # only white space, in the first reading
        return all(not t.strip() for t in texts[0][starts[0] : ends[0]])

    # Each anchor, and the run of every witness's own tokens before it, then what follows the last.
    bounds = [(0,) * len(readings)]
    for p in anchors:
        here = (p, *(m[p] for m in maps or ()))
        bounds += [here, tuple(e + 1 for e in here)]
    bounds.append(tuple(len(r) for r in readings))
    out: list[tuple[tuple[int, ...], tuple[int, ...], bool]] = []
    for starts, ends in zip(bounds, bounds[1:]):
        if starts == ends:
            continue  # no witness reads anything here
        out.append((starts, ends, shared(starts, ends)))
        while len(out) > 1:
            if out[-1][2] == out[-2][2]:
                joined = 2
            elif len(out) > 2 and not out[-1][2] and not out[-3][2] and blank(out[-2][0], out[-2][1]):
                joined = 3  # variants with only a space between are one variation
            else:
                break
            starts, ends = out[-joined][0], out[-1][1]
            # Shared runs joined stay shared; anything else may read alike once joined.
            flag = all(run[2] for run in out[-joined:]) or shared(starts, ends)
            out[-joined:] = [(starts, ends, flag)]
    return [(tuple(r[s:e] for r, s, e in zip(readings, starts, ends)), flag) for starts, ends, flag in out]


def _form(reading: _Reading, labels: bool, renames: bool, fold_case: bool) -> tuple[tuple[str, str], ...]:
    """The reading with typography folded away (words.fold; then every mark, space and link scheme
    dropped, as compare.py's noise rule; capitals too in headings), less its labels unless `labels`,
    each declared rename phrase as its class if `renames`."""
    parts: list[tuple[str, str]] = []
    run: list[str] = []

    def letters() -> tuple[str, str]:
        text = _NOT_WORDS.sub("", _SCHEME.sub("", fold("".join(run))))
        return ("text", text.casefold() if fold_case else text)

    for token in reading:
        if token.label and not labels:
            continue
        if renames and token.renamed is not None:
            parts += [letters(), ("rename", token.renamed)]
            run = []
        else:
            run.append(token.text)
    return tuple(parts + [letters()])


def _app_type(readings: list[_Reading], fold_case: bool) -> str:
    """The greatest difference between any two distinct readings (APP_TYPES, least first)."""

    def difference(a: _Reading, b: _Reading) -> int:
        for index, (labels, renames) in enumerate(((True, False), (False, False), (False, True))):
            if _form(a, labels, renames, fold_case) == _form(b, labels, renames, fold_case):
                return index
        return 3

    return APP_TYPES[max(difference(a, b) for i, a in enumerate(readings) for b in readings[i + 1 :])]


def _line(parent: ET.Element, line: Line, renames: tuple[Rename, ...]) -> None:
    ab = _el(parent, "ab", xml_id=line.id, corresp=" ".join(f"{e.id}.xml#{c.id}" for e, clauses in line.readings for c in clauses))
    # Capitals are typography only where every clause of the line is a heading (as compare.py has it).
    fold_case = all(c.kind is ClauseKind.HEADING for _, clauses in line.readings for c in clauses)
    classes = _rename_classes(renames, fold_case)
    editions = [e for e, _ in line.readings]
    readings = [_witness_tokens(clauses, classes, fold_case) for _, clauses in line.readings]
    number = 0
    for segment, shared in _segments(readings):
        if shared:
            _append_text(ab, _text(segment[0]))
            continue
        number += 1
        groups: dict[str, list[int]] = {}
        for index, reading in enumerate(segment):
            groups.setdefault(_text(reading), []).append(index)
        unit = _el(ab, "app", xml_id=f"{line.id}.{number}", type=_app_type([segment[i[0]] for i in groups.values()], fold_case))
        for text, witnesses in groups.items():
            _el(unit, "rdg", text or None, wit=" ".join(f"#{editions[i].id}" for i in witnesses))


def work_tei(lineage: WorkLineage, address: str) -> bytes:
    """Every edition of a work in one apparatus, in parallel segmentation: one ab per line."""
    work, editions = lineage.work, lineage.editions
    tei = _el(None, "TEI", xml_id=f"tei-{work.id}")
    title_stmt, declaration = _apparatus_header(tei, editions, address)
    _el(title_stmt, "title", work.title)
    _el(title_stmt, "title", f"Its {len(editions)} editions in parallel" if len(editions) > 1 else "Its one edition, line by line", type="sub")
    for issuer in dict.fromkeys(e.issuer for e in editions):
        _el(title_stmt, "author", issuer)
    _el(declaration, "p", (
        "One ab per line: a line is the clauses of every edition that share alignment keys, as the comparisons join "
        "them. Lines stand in reading order (the newest edition's order; what only older editions have after the line "
        "before it there). An ab's xml:id is the line's permanent id (the first alignment key of its earliest clause, "
        "or that clause's id); its corresp, the line's clauses in each edition's TEI file. Each witness reads the line "
        "as its edition prints it: "
        "label, run-in heading and text, clause after clause with a space between. Where every edition reads the same, "
        "the text is plain. Elsewhere each app holds what the editions read between words they all share (an edition "
        "that lacks the line shares none: the line is one app); one rdg per distinct reading, naming every edition that "
        "reads it, and empty where the editions named have nothing there. Read the text outside the apps with one "
        "witness's readings and you have that edition's text of the line."
    ))
    _el(declaration, "p", (
        "An app's type is the greatest difference between any two of its readings: 'typographic', only quotation "
        "marks, dashes, punctuation, spacing or a link's scheme (and capitals, in a line of headings); 'label', only a "
        "printed label as well; 'rename', only a rename declared in one of the work's comparisons as well (a difference "
        "of words all the same); 'change', any other difference of words, words an edition lacks among them."
    ))
    if lineage.steps:
        steps = _el(_el(declaration, "p", "The comparisons along the work's revisions, each also an apparatus of its own:"), "list")
        for step in lineage.steps:
            item = _el(steps, "item")
            said = f"revises {step.old.short_name}: {step.spec.supersedes}" if step.spec.supersedes else f"follows {step.old.short_name}"
            _append_text(item, f"{step.new.short_name} {said} (")
            _el(item, "ptr", target=f"{step.slug}.xml")
            _append_text(item, ")")
    renames = tuple(r for c in lineage.comparisons for r in c.spec.renames if not r.proposed)
    body = _el(_el(tei, "text"), "body")
    for line in lineage.lines:
        _line(body, line, renames)
    return _serialise(tei)
