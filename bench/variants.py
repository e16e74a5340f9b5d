"""Synthetic variants of a witness, with changes planted where the curated edition says its clauses
are, and a record of what was planted: for benchmarking the importer against known answers.

Changes at the level of clauses: reworded, moved (a list item), split (a paragraph at a sentence
boundary), merged (two paragraphs), added and dropped paragraphs; and page furniture: a running
footer and a page number at page breaks, one of them inside a paragraph (a page break mid-sentence).
Every line of the variant carries its provenance, so the importer's result can be scored line by
line: which original clause(s) each imported clause carries, and which lines are not text.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from edition.fidelity import WitnessAccount
from edition.model import ClauseKind, Corpus

NEW_WORDS = (
    "seasonal pilot schemes reviewed by regional panels publish annual digests of casework outcomes for trustees "
    "volunteers mentor apprentices through structured placements while inspectors audit transport safety rotas"
).split()
SWAPS = {"should": "must", "important": "essential", "effective": "efficient", "support": "assist", "ensure": "secure",
         "develop": "build", "professional": "vocational", "learning": "study", "improvement": "progress", "quality": "calibre"}


@dataclass
class Line:
    text: str
    origin: tuple[str, ...]  # the original clause ids the line carries; () for added text
    furniture: bool = False
    excluded_before: bool = False  # set aside in the original too (its image, colophon...)


@dataclass
class Variant:
    name: str
    lines: list[Line]
    planted: dict[str, list[str]]  # kind of change -> what (clause ids, or a description)
    dropped: set[str]
    rename: tuple[str, str] | None = None

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"


def make_variant(corpus: Corpus, account: WitnessAccount, seed: int) -> Variant:
    rng = random.Random(seed)
    edition = account.edition
    raw = account.witness.lines()
    clauses = {c.id: c for c in edition.clauses()}
    spans = account.clause_lines
    excluded = {n for x in edition.ledger.exclusions for n in range(x.lines.first, x.lines.last + 1)}
    footnote_lines = {n for f in edition.footnotes() for n in range(f.lines.first, f.lines.last + 1)}
    owner = {n: cid for cid, r in spans.items() for n in range(r.first, r.last + 1)}
    lines = [Line(text, (owner[n],) if n in owner and raw[n - 1].strip() else (), excluded_before=n in excluded or n in footnote_lines)
             for n, text in enumerate(raw, start=1)]
    planted: dict[str, list[str]] = {k: [] for k in ("reworded", "moved", "split", "merged", "added", "dropped", "furniture", "renamed")}
    dropped: set[str] = set()

    def single(cid: str) -> bool:
        r = spans[cid]
        return r.first == r.last

    paragraphs = [c.id for c in edition.clauses() if c.kind is ClauseKind.PARAGRAPH and single(c.id) and len(c.text.split()) >= 14]
    rng.shuffle(paragraphs)
    used: set[str] = set()

    def take(predicate) -> str | None:
        for cid in paragraphs:
            if cid not in used and predicate(cid):
                used.add(cid)
                return cid
        return None

    def index_of(cid: str) -> int:
        return next(i for i, line in enumerate(lines) if line.origin == (cid,))

    # Reworded: two words of a paragraph replaced.
    for _ in range(2):
        cid = take(lambda c: any(w in SWAPS for w in clauses[c].text.split()))
        if cid:
            i = index_of(cid)
            words = lines[i].text.split(" ")
            swapped = 0
            for k, word in enumerate(words):
                if word in SWAPS and swapped < 2:
                    words[k] = SWAPS[word]
                    swapped += 1
            lines[i].text = " ".join(words)
            planted["reworded"].append(cid)
    # Rewritten: a quarter of a paragraph's words replaced (still the same clause, much changed).
    cid = take(lambda c: len(clauses[c].text.split()) >= 20)
    if cid:
        i = index_of(cid)
        words = lines[i].text.split(" ")
        for k in range(3, len(words) - 1, 4):
            words[k] = rng.choice(NEW_WORDS)
        lines[i].text = " ".join(words)
        planted["reworded"].append(f"{cid} (a quarter of its words)")
    # Split: a paragraph of several sentences becomes two.
    cid = take(lambda c: len(re.findall(r"[.;] [A-Z]", clauses[c].text)) >= 1)
    if cid:
        i = index_of(cid)
        at = re.search(r"\. (?=[A-Z])", lines[i].text)
        first, second = lines[i].text[: at.start() + 1], lines[i].text[at.end():]
        lines[i: i + 1] = [Line(first, (cid,)), Line("", ()), Line(second, (cid,))]
        planted["split"].append(cid)
    # Merged: two paragraphs that follow each other become one.
    order = [c.id for c in edition.clauses()]
    for cid in list(paragraphs):
        nxt = order[order.index(cid) + 1] if order.index(cid) + 1 < len(order) else None
        if cid in used or nxt is None or nxt in used or nxt not in paragraphs:
            continue
        i, j = index_of(cid), index_of(nxt)
        if any(lines[k].text.strip() for k in range(i + 1, j)):
            continue
        lines[i] = Line(lines[i].text.rstrip() + " " + lines[j].text.lstrip(), (cid, nxt))
        del lines[i + 1: j + 1]
        used.update((cid, nxt))
        planted["merged"].append(f"{cid}+{nxt}")
        break
    # Dropped: a paragraph taken out, with the blank line after it.
    cid = take(lambda c: True)
    if cid:
        i = index_of(cid)
        del lines[i: i + 2 if i + 1 < len(lines) and not lines[i + 1].text.strip() else i + 1]
        dropped.add(cid)
        planted["dropped"].append(cid)
    # Added: new paragraphs after two others.
    for k in range(2):
        cid = take(lambda c: True)
        if cid:
            i = index_of(cid)
            words = [rng.choice(NEW_WORDS) for _ in range(14)]
            sentence = " ".join(words).capitalize() + "."
            lines[i + 1: i + 1] = [Line("", ()), Line(sentence, ())]
            planted["added"].append(f"after {cid}")
    # Moved: a list item moved down its list.
    items = [c.id for c in edition.clauses() if c.kind is ClauseKind.ITEM and single(c.id)]
    runs: list[list[str]] = []
    for cid in items:
        if runs and spans[cid].first == spans[runs[-1][-1]].last + 1:
            runs[-1].append(cid)
        else:
            runs.append([cid])
    runs = [r for r in runs if len(r) >= 5]
    if runs:
        run = rng.choice(runs)
        cid = run[1]
        i = index_of(cid)
        line = lines.pop(i)
        target = index_of(run[-2])
        lines.insert(target + 1, line)
        planted["moved"].append(cid)
    # Page furniture: a running footer and a page number at page breaks, every 30 lines or so,
    # between paragraphs; and once inside a paragraph (its sentence continues after the break).
    page = 1
    i = 30
    while i < len(lines):
        if not lines[i].text.strip() and i + 1 < len(lines) and not lines[i + 1].excluded_before and lines[i - 1].origin:
            page += 1
            lines[i + 1: i + 1] = [Line("Professional principles | a synthetic running footer", (), furniture=True), Line("", ()),
                                   Line(str(page), (), furniture=True), Line("", ())]
            planted["furniture"].append(f"page {page}")
            i += 30
        i += 1
    cid = take(lambda c: len(clauses[c].text.split()) >= 30)
    if cid:
        i = index_of(cid)
        words = lines[i].text.split(" ")
        half = next((k for k in range(len(words) // 2, len(words)) if words[k][:1].islower()), None)
        if half is not None:
            page += 1
            lines[i: i + 1] = [Line(" ".join(words[:half]), (cid,)), Line("", ()),
                               Line("Professional principles | a synthetic running footer", (), furniture=True), Line("", ()),
                               Line(str(page), (), furniture=True), Line("", ()), Line(" ".join(words[half:]), (cid,))]
            planted["furniture"].append(f"page {page}, inside {cid}")
    # Renamed: a phrase the text uses often, replaced throughout (as a jurisdiction's name would be).
    counts: dict[str, int] = {}
    for line in lines:
        if line.origin:
            for phrase in re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b", line.text):
                if len(phrase) > 4:
                    counts[phrase] = counts.get(phrase, 0) + 1
    common = sorted((n, p) for p, n in counts.items() if n >= 3)
    if common:
        phrase = common[-1][1]
        renamed = "Northland"  # a name no witness uses
        for line in lines:
            if line.origin:
                line.text = re.sub(rf"\b{re.escape(phrase)}\b", renamed, line.text)
        planted["renamed"] = [f"{phrase} → {renamed}"]
    return Variant(f"{edition.id} variant {seed}", lines, planted, dropped, (phrase, renamed) if common else None)
