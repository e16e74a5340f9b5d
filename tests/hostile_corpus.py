"""A synthetic project whose every free-text field holds text the tests choose (hostile, usually).

One work in two editions, compared (renames, a move, an added and a dropped clause), with themes,
a glossary, redirects (a moved page and a retired fragment), footnotes, every kind of editorial
note, sub-sections, restored labels, a ledger with exclusions, a markup rule and a join, and
metadata known each way. So every page kind the generator makes appears, and every string field
of every source file reaches it. Files are written as JSON, which is YAML, so any text is exact.

The difference classes (issue 20, RENAME_CLAUSES): two pairs of corresponding clauses differ only
by an accepted declared rename whose phrases are fields' text, one a substitution (old-r1/new-r1)
and one the same referent renamed (old-r2/new-r2), so each is renamed only; a third pair differs
by a rename the importer proposed (old-pr/new-pr), which folds nothing, so it is reworded. Both
editions are drafts as drafts.py has them: the old one carries the importer's draft note (a
placeholder), the new one the proposed rename and an open item of its review (review.yaml). A
build for publishing would refuse them; the tests build without SITE_URL, as `make site` does.

`write_project(root, text)` asks `text(field)` for each field's words; FIELDS lists them all,
NO_SPACE those whose format allows no whitespace (a glossary term, a footnote marker) and SHORT
those with a maximum length.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from edition.drafts import DRAFT_NOTE, PROPOSED_RENAME

ROOT = Path(__file__).resolve().parents[1]

EDITION_FIELDS = (
    "short_name", "title", "issuer", "edition.value", "edition.printed", "date.note", "date.evidence",
    "jurisdiction.value", "jurisdiction.note", "licence.name", "licence.printed", "licence.note", "note",
    "witness.what", "witness.issuer", "witness.date_as_given", "witness.origin", "witness.conversion",
    "section.title", "section.note", "subsection.title", "section2.title",
    "heading", "term", "text", "em", "link", "item", "label", "restored.label", "quote", "joined.first", "joined.second",
    "other", "sic.note", "repair.note", "comment.note", "footnote.marker", "footnote.text", "footnote.note",
    "markup.pattern", "markup.reason", "exclusion.text", "exclusion.reason", "colophon.text", "colophon.reason",
    "join.reason",
)
FIELDS = (
    *(f"old.{f}" for f in EDITION_FIELDS),
    *(f"new.{f}" for f in EDITION_FIELDS),
    "old.dropped", "new.added",
    "work.title", "work.description", "work.history.event", "work.history.source",
    "rename.from", "rename.to", "rename.note", "principal.text",
    "theme.name", "theme.definition",
    "glossary.term", "glossary.also", "glossary.expansion", "glossary.note",
    "redirect.reason", "fragment-redirect.reason",
    # Issue 20: the renamed-only clauses' shared words and their renames, the proposed rename, the
    # draft placeholder and the review.
    "renamed.text", "same.text", "same.from", "same.to", "same.note",
    "proposed.text", "proposed.from", "proposed.to", "proposed.note",
    "old.draft.note", "review.drafted", "review.decided", "review.check", "review.remark",
)
# The clauses (in section b of each edition, ids "old-<key>" and "new-<key>") that differ by one
# rename only: the field of the words both print, and the fields of the rename's two phrases.
RENAME_CLAUSES = {
    "r1": ("renamed.text", "rename.from", "rename.to"),  # accepted, a substitution
    "r2": ("same.text", "same.from", "same.to"),  # accepted, the same referent renamed
    "pr": ("proposed.text", "proposed.from", "proposed.to"),  # proposed: folds nothing, so reworded
}
SHORT = {"old.short_name": 24, "new.short_name": 24}  # fields with a maximum length
# What a principal change quotes, in double or single quotes, must be its clauses' words (the build
# checks them), so its text carries no quotation mark of its own; every other character, markup
# included, is allowed.
NO_QUOTES = frozenset({"principal.text"})
NO_SPACE = frozenset({"old.footnote.marker", "new.footnote.marker", "glossary.term", "glossary.also", "old.markup.pattern", "new.markup.pattern"})
# Fields the site never shows (they are data the build uses): their text must still create nothing.
NOT_SHOWN = {
    "old.markup.pattern": "shown only as a pattern, escaped for regular expressions",
    "new.markup.pattern": "shown only as a pattern, escaped for regular expressions",
    "redirect.reason": "a redirect's reason is for editors",
    "fragment-redirect.reason": "a redirect's reason is for editors",
    "review.drafted": "the importer's review is for editors (make check)",
    "review.decided": "the importer's review is for editors (make check)",
    "review.check": "the importer's review is for editors (make check)",
    "review.remark": "the importer's review is for editors (make check)",
}

Text = Callable[[str], str]


def shown(text: str) -> str:
    """What a page shows of `text`: the sources collapse runs of spaces and line breaks."""
    return re.sub(r"[ \n]+", " ", text).strip(" ")


def _copy_engine(root: Path) -> None:
    for name in ("mkdocs.yml", "scripts", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    (root / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    (root / "docs" / "api.md").write_text("# Data\n", encoding="utf-8")


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _edition(t: Text, ed: str, rename: str, gloss: str) -> tuple[dict, dict, dict, list[str]]:
    """An edition's edition.yaml, section file, ledger and witness lines. `ed` is "old" or "new"."""
    side = 1 if ed == "old" else 2  # which phrase of a rename this edition prints
    f = lambda name: t(f"{ed}.{name}")  # noqa: E731
    s = lambda name: shown(f(name))  # noqa: E731
    marker = f("footnote.marker")
    pattern_text = f("markup.pattern")
    lines: list[str] = []
    clauses = []

    def line(words: str) -> int:
        lines.append(words)
        return len(lines)

    line(f"{s('heading')} {pattern_text}")
    clauses.append({"id": f"{ed}-h", "kind": "heading", "align": "h", "text": f("heading")})
    line(f"{s('term')} {s('text')} {s('em')} {s('link')}{marker}")
    clauses.append({
        "id": f"{ed}-p", "kind": "paragraph", "align": "p", "term": f("term"), "themes": ["t1"],
        "text": [f("text") + " ", {"em": f("em")}, " ", {"link": f("link"), "href": 'https://example.invalid/a?b=1&c="<x>'},
                 {"footnote": f"{ed}-fn"}],
        "notes": [
            {"kind": "sic", "sic": s("text"), "text": f("sic.note")},
            {"kind": "repair", "text": f("repair.note")},
            {"kind": "comment", "text": f("comment.note")},
        ],
    })
    line(f"{s('label')} {s('item')} {rename} {gloss}")
    clauses.append({"id": f"{ed}-i1", "kind": "item", "align": "i1", "label": f("label"), "text": f"{f('item')} {rename} {gloss}"})
    moved = {"id": f"{ed}-i2", "kind": "item", "align": "i2", "label": "2", "text": "The item that moves."}
    quote = {"id": f"{ed}-q", "kind": "quote", "align": "q", "text": f("quote")}
    for clause in ([moved, quote] if ed == "old" else [quote, moved]):
        line(f"{clause.get('label', '')} {shown(clause['text'])}".strip())
        clauses.append(clause)
    line(s("joined.first"))
    line("")
    excluded = line(s("exclusion.text"))
    line("")
    joined_last = line(s("joined.second"))
    clauses.append({"id": f"{ed}-j", "kind": "paragraph", "align": "j", "text": f"{f('joined.first')} {f('joined.second')}"})
    only = "dropped" if ed == "old" else "added"
    line(shown(t(f"{ed}.{only}")))
    clauses.append({"id": f"{ed}-{only}", "kind": "paragraph", "align": f"k-{only}", "text": t(f"{ed}.{only}")})
    # A sub-section (shown on its parent's page) and a second page section.
    line(s("other"))
    sub_clause = {"id": f"{ed}-s1", "kind": "paragraph", "align": "s1", "text": f("other"), "label": f("restored.label"),
                  "label_restored": True, "notes": [{"kind": "repair", "text": "The label is restored."}]}
    line("A second section's text.")
    renamed_only = []
    for key, fields in RENAME_CLAUSES.items():
        words = f"{t(fields[0])} {t(fields[side])}"
        line(shown(words))
        renamed_only.append({"id": f"{ed}-{key}", "kind": "paragraph", "align": key, "text": words})
    footnote_line = line(f"{marker} {s('footnote.text')}")
    colophon = line(s("colophon.text"))
    section = {
        "id": f"{ed}-a", "kind": "principle", "title": f("section.title"), "align": "a",
        "notes": [{"kind": "comment", "text": f("section.note")}],
        "clauses": clauses,
        "footnotes": [{"id": f"{ed}-fn", "marker": marker, "lines": footnote_line, "text": f("footnote.text"),
                       "notes": [{"kind": "comment", "text": f("footnote.note")}]}],
        "sections": [{"id": f"{ed}-sub", "kind": "section", "title": f("subsection.title"), "align": "sub", "clauses": [sub_clause]}],
    }
    section2 = {"id": f"{ed}-b", "kind": "section", "title": f("section2.title"), "align": "b",
                "clauses": [{"id": f"{ed}-b1", "kind": "paragraph", "align": "b1", "text": "A second section's text."}, *renamed_only]}
    ledger = {
        "markup": [{"pattern": re.escape(pattern_text) + "$", "lines": 1, "reason": f("markup.reason")}],
        "exclusions": [
            {"id": f"{ed}-x1", "lines": excluded, "category": "page-furniture", "reason": f("exclusion.reason"), "text": f("exclusion.text")},
            {"id": f"{ed}-x2", "lines": colophon, "category": "colophon", "reason": f("colophon.reason"), "text": f("colophon.text")},
        ],
        "joins": [{"lines": f"{excluded - 2}-{joined_last}", "reason": f("join.reason")}],
    }
    edition = {
        "id": ed, "short_name": f("short_name"), "title": f("title"), "issuer": f("issuer"),
        "edition": {"value": f("edition.value"), "basis": "printed", "printed": f("edition.printed")},
        "date": {"value": "2001" if ed == "old" else "2019-03", "basis": "external", "note": f("date.note"),
                 "evidence": [{"text": f("date.evidence"), "url": 'https://example.invalid/"><x>'}]},
        "jurisdiction": {"value": f("jurisdiction.value"), "basis": "inferred", "note": f("jurisdiction.note")},
        "licence": {"status": "stated", "name": f("licence.name"), "url": "https://example.invalid/licence?a=1&b=2",
                    "printed": f("licence.printed"), "note": f("licence.note")},
        "witness": f"w-{ed}",
        "published_at": "https://example.invalid/published?x=<y>",
        "notes": [{"kind": "comment", "text": f("note")}],
        "contents": ["a.yaml", "b.yaml"],
    }
    if ed == "old":  # the importer's placeholder: a draft until an editor deletes it
        edition["notes"].append({"kind": "comment", "text": f"{DRAFT_NOTE} {t('old.draft.note')}"})
    return edition, {"a.yaml": section, "b.yaml": section2}, ledger, lines


def write_project(root: Path, t: Text) -> None:
    """The whole project at `root`: the site's configuration and code, and hostile sources."""
    _copy_engine(root)
    sources = root / "sources"
    shutil.copytree(ROOT / "sources" / "schema", sources / "schema")
    rename_old, rename_new = t("rename.from"), t("rename.to")
    witnesses = []
    for ed, rename, gloss in (("old", rename_old, t("glossary.term")), ("new", rename_new, t("glossary.also"))):
        edition, sections, ledger, lines = _edition(t, ed, rename, gloss)
        directory = sources / "works" / "w" / ed
        _write(directory / "edition.yaml", edition)
        for name, section in sections.items():
            _write(directory / name, section)
        _write(directory / "ledger.yaml", ledger)
        if ed == "new":  # the importer's review, one item (on the proposed rename's line) still open: a draft
            _write(directory / "review.yaml", {
                "edition": "new", "witness": "w-new", "drafted": t("review.drafted"),
                "items": [
                    {"id": "i1", "topic": "renames", "doubt": 0.5, "lines": len(lines) - 2, "decided": t("review.decided"),
                     "check": t("review.check"), "status": "open", "remark": t("review.remark")},
                    {"id": "i2", "topic": "metadata", "doubt": 0.1, "decided": t("review.decided"), "check": t("review.check"),
                     "status": "accepted"},
                ],
            })
        witness = ("\n".join(lines) + "\n").encode("utf-8")
        (sources / "witnesses").mkdir(parents=True, exist_ok=True)
        (sources / "witnesses" / f"{ed}.txt").write_bytes(witness)
        witnesses.append({
            "id": f"w-{ed}", "file": f"{ed}.txt", "sha256": hashlib.sha256(witness).hexdigest(),
            **{key: t(f"{ed}.witness.{key}") for key in ("what", "issuer", "date_as_given", "origin", "conversion")},
        })
    _write(sources / "witnesses" / "witnesses.yaml", {"witnesses": witnesses})
    _write(sources / "corpus.yaml", {"works": ["w"]})
    _write(sources / "works" / "w" / "work.yaml", {
        "id": "w", "title": t("work.title"), "description": t("work.description"), "editions": ["old", "new"],
        "history": [{"year": 2001, "event": t("work.history.event"), "edition": "old", "source": t("work.history.source")}],
        "comparisons": [{"from": "old", "to": "new", "renames": [
                             {"from": rename_old, "to": rename_new, "kind": "substitution", "note": t("rename.note")},
                             {"from": t("same.from"), "to": t("same.to"), "kind": "same-referent", "status": "accepted", "note": t("same.note")},
                             {"from": t("proposed.from"), "to": t("proposed.to"), "kind": "same-referent", "status": "proposed",
                              "note": f"{PROPOSED_RENAME} {t('proposed.note')}"},
                         ],
                         "added": ["k-added"], "dropped": ["k-dropped"],
                         "principal_changes": [{"text": t("principal.text"), "clauses": ["new-added"], "renames": [rename_old]}]}],
    })
    _write(sources / "themes.yaml", {"themes": [{"id": "t1", "name": t("theme.name"), "definition": t("theme.definition")}]})
    _write(sources / "glossary.yaml", {"terms": [{"id": "g1", "term": t("glossary.term"), "also": [t("glossary.also")],
                                                 "expansion": t("glossary.expansion"), "note": t("glossary.note")}]})
    _write(sources / "redirects.yaml", {"redirects": [
        {"from": "/w/old/gone/", "to": "/w/old/old-a/#old-p", "reason": t("redirect.reason")},
        {"from": "/w/old/old-a/#retired", "to": "/w/new/new-a/#new-p", "reason": t("fragment-redirect.reason")},
    ]})
