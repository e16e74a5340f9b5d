"""Rendering the edition's text as HTML: clauses, lists, headings, notes and footnotes.

Every string from the sources goes through markupsafe's escape; nothing from the sources is ever
interpreted as markup. Anything the editor adds inside the text (self-links, note markers, restored
labels' brackets, notes) carries the class `editorial`, so readers, print and tests can tell it
from the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..model import (
    Clause,
    ClauseKind,
    Edition,
    EditorialNote,
    Emphasis,
    Footnote,
    FootnoteRef,
    GlossaryEntry,
    Inline,
    Join,
    Link,
    NoteKind,
    Section,
    Span,
)
from .glossary import Glossary
from .html import fmt
from .urls import Location, Urls, href

NOTE_LABELS = {NoteKind.SIC: "[sic]", NoteKind.REPAIR: "Repair", NoteKind.COMMENT: "Note"}
KIND_NAMES = {
    ClauseKind.HEADING: "heading",
    ClauseKind.PARAGRAPH: "paragraph",
    ClauseKind.ITEM: "list item",
    ClauseKind.QUOTE: "quotation",
}


@dataclass(frozen=True)
class CrossLink:
    """Where a clause stands in another edition of its work, and where the change is shown."""

    edition: Edition
    counterparts: tuple[tuple[str, Location], ...]  # (locator, location) of each corresponding clause
    diff: Location
    changed: bool


@dataclass
class PageContext:
    """What rendering one page needs, and what it collects along the way."""

    page: str  # this page's URL
    urls: Urls
    glossary: Glossary
    edition: Edition
    cite: Callable[[str], str] = str  # clause id -> its citation
    reference: str = ""  # the edition, for a copied citation: title (issuer, date)
    cross: dict[str, list[CrossLink]] = field(default_factory=dict)  # clause id -> other editions
    themes: dict[str, tuple[str, Location]] = field(default_factory=dict)  # theme id -> (name, its page)
    joins: dict[str, list[Join]] = field(default_factory=dict)  # clause id -> joins it spans
    used_terms: dict[str, GlossaryEntry] = field(default_factory=dict)
    footnotes: list[Footnote] = field(default_factory=list)

    def link(self, target) -> str:
        return href(self.page, target)


# --- inline text --------------------------------------------------------------------------------


def inline(content: Iterable[Inline], ctx: PageContext, sics: dict[str, str] | None = None) -> Markup:
    """Printed text as HTML. `sics` maps each sic phrase to the id of the note about it."""
    sics = sics or {}
    parts = []
    for piece in content:
        if isinstance(piece, Span):
            parts.append(_text(piece.text, ctx, sics))
        elif isinstance(piece, Emphasis):
            parts.append(fmt("<em>{}</em>", _text(piece.text, ctx, sics)))
        elif isinstance(piece, Link):
            parts.append(fmt('<a class="ed-ext" href="{}">{}</a>', piece.href, piece.text))
        elif isinstance(piece, FootnoteRef):
            parts.append(
                fmt('<a class="ed-fnref" id="fn-ref-{id}" href="#{id}" aria-label="footnote {marker}">{marker}</a>',
                    id=piece.footnote_id, marker=piece.marker
                )
            )
    return Markup("").join(parts)


def _text(text: str, ctx: PageContext, sics: dict[str, str]) -> Markup:
    """Plain text with sic phrases marked (each followed by a [sic] link to its note) and
    abbreviations explained."""
    spans = sorted((text.find(s), text.find(s) + len(s), note_id) for s, note_id in sics.items() if s in text)
    out, position = [], 0
    for start, end, note_id in spans:
        if start < position:
            continue  # overlapping phrases: the first one wins
        out.append(_abbreviations(text[position:start], ctx))
        out.append(
            fmt('<span class="ed-sic">{}</span><a class="ed-sic-mark editorial" href="#{}">[sic]</a>',
                _abbreviations(text[start:end], ctx), note_id
            )
        )
        position = end
    out.append(_abbreviations(text[position:], ctx))
    return Markup("").join(out)


def _abbreviations(text: str, ctx: PageContext) -> Markup:
    out, position = [], 0
    for start, end, entry in ctx.glossary.find(text):
        out.append(escape(text[position:start]))
        ctx.used_terms[entry.id] = entry
        out.append(
            fmt(
                '<abbr class="ed-abbr" tabindex="0" data-tip="{tip}" aria-describedby="gloss-tip-{id}">{form}</abbr>', tip=entry.expansion, id=entry.id, form=text[start:end])
        )
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


# --- clauses ------------------------------------------------------------------------------------


def _words(clause: Clause, ctx: PageContext) -> Markup:
    sics = {n.sic: f"note-{clause.id}-{i}" for i, n in enumerate(clause.notes, start=1) if n.sic}
    parts = []
    if clause.label:
        if clause.label_restored:
            # A restored number is the editor's, not the witness's: the whole label is editorial.
            parts.append(
                fmt(
                    '<span class="ed-label ed-label--restored editorial"><span aria-hidden="true">[</span>{}'
                    '<span aria-hidden="true">]</span><span class="ed-vh"> (number restored by the editor)</span></span> ', clause.label)
            )
        else:
            parts.append(fmt('<span class="ed-label">{}</span> ', clause.label))
    if clause.term:
        parts.append(fmt('<strong class="ed-term">{}</strong> ', _text(clause.term, ctx, sics)))
    parts.append(inline(clause.content, ctx, sics))
    return Markup("").join(parts)


def _notes(owner_id: str, notes: tuple[EditorialNote, ...], joins: list[Join], ctx: PageContext) -> Markup:
    items = []
    for index, note in enumerate(notes, start=1):
        quote = fmt(" <q>{}</q>", note.sic) if note.sic else ""
        items.append(
            fmt('<p class="ed-note ed-note--{kind}" id="note-{owner}-{n}"><span class="ed-note-kind">{label}{quote}:</span> {text}</p>',
                kind=note.kind.value, owner=owner_id, n=index, label=NOTE_LABELS[note.kind], quote=quote, text=note.text
            )
        )
    for join in joins:
        where = ctx.link(ctx.urls.witness_line(ctx.edition, join.lines.first))
        items.append(
            fmt(
                '<p class="ed-note ed-note--repair"><span class="ed-note-kind">Joined:</span> {reason} '
                '(<a href="{where}">witness {lines}</a>)</p>', reason=join.reason, where=where, lines=join.lines.described)
        )
    if not items:
        return Markup("")
    return fmt('<div class="ed-notes editorial" role="note" aria-label="Editorial notes">{}</div>',
        Markup("").join(items)
    )


def _self_link(clause_id: str, kind: str) -> Markup:
    return fmt(
        '<a class="ed-self editorial" href="#{id}"><span aria-hidden="true">¶</span>'
        '<span class="ed-vh">Link to this {kind}</span></a>', id=clause_id, kind=kind)


def _side(clause_id: str, ctx: PageContext, themes: tuple[str, ...] = ()) -> Markup:
    """Beside the clause: its citation, a control copying citation and link, where it stands in
    the other editions of its work, and its themes."""
    citation = ctx.cite(clause_id)
    parts = [
        fmt(
            '<p class="ed-cite"><span class="ed-cite-text">{cite}</span> '
            '<button type="button" class="ed-copy" hidden data-cite="{cite}" data-ref="{ref}" data-href="#{id}">'
            '<span aria-hidden="true">Copy</span><span class="ed-vh">Copy the citation and link: {cite}</span></button></p>', cite=citation, ref=ctx.reference, id=clause_id),
    ]
    for link in ctx.cross.get(clause_id, []):
        name = link.edition.short_name
        if link.counterparts:
            targets = Markup(", ").join(
                fmt('<a href="{}">{}</a>', ctx.link(location), locator) for locator, location in link.counterparts
            )
            state = "changed" if link.changed else "unchanged"
            parts.append(
                fmt('<p class="ed-cross">{name}: {targets} · <a href="{diff}">{state}</a></p>',
                    name=name, targets=targets, diff=ctx.link(link.diff), state=state
                )
            )
        else:
            parts.append(
                fmt('<p class="ed-cross">Not in {name} · <a href="{diff}">see the comparison</a></p>',
                    name=name, diff=ctx.link(link.diff)
                )
            )
    if themes:
        links = Markup(", ").join(
            fmt('<a href="{}">{}</a>', ctx.link(ctx.themes[t][1]), ctx.themes[t][0]) for t in themes if t in ctx.themes
        )
        parts.append(fmt('<p class="ed-themes-of">Themes: {}</p>', links))
    return fmt('<div class="ed-side editorial">{}</div>', Markup("").join(parts))


def clause_html(clause: Clause, ctx: PageContext, heading_level: int = 2) -> Markup:
    words = _words(clause, ctx)
    notes = fmt('<div class="ed-aside editorial">{}{}</div>',
        _side(clause.id, ctx, clause.themes), _notes(clause.id, clause.notes, ctx.joins.get(clause.id, []), ctx)
    )
    tools = fmt('<div class="ed-tools editorial">{}</div>', _self_link(clause.id, KIND_NAMES[clause.kind]))
    if clause.kind is ClauseKind.HEADING:
        body = fmt('<h{n} class="ed-words">{}</h{n}>', words, n=heading_level)
    elif clause.kind is ClauseKind.QUOTE:
        body = fmt('<blockquote class="ed-words"><p>{}</p></blockquote>', words)
    else:
        body = fmt('<p class="ed-words">{}</p>', words)
    tag = "li" if clause.kind is ClauseKind.ITEM else "div"
    classes = f"ed-clause ed-clause--{clause.kind.value}" + (" ed-clause--labelled" if clause.label else "")
    return fmt('<{tag} class="{classes}" id="{id}">{tools}{body}{notes}</{tag}>',
        tag=tag, classes=classes, id=clause.id, tools=tools, body=body, notes=notes
    )


def _grouped(clauses: Iterable[Clause]) -> Iterator[tuple[bool, list[Clause]]]:
    """Consecutive list items form one list; everything else stands alone."""
    run: list[Clause] = []
    for clause in clauses:
        if clause.kind is ClauseKind.ITEM:
            run.append(clause)
            continue
        if run:
            yield True, run
            run = []
        yield False, [clause]
    if run:
        yield True, run


def section_html(section: Section, ctx: PageContext, level: int, child_pages: dict[str, str]) -> Markup:
    """One section's text; sub-sections with pages of their own become a contents list.

    `level` is the heading level of the section's first printed heading; further leading headings
    (a display heading and its statement, say) take the next level, as do sub-sections.
    """
    parts: list[Markup] = []
    leading = 0
    for clause in section.clauses:
        if clause.kind is not ClauseKind.HEADING:
            break
        leading += 1
    if leading == 0 and level == 1:
        parts.append(
            fmt('<h1 class="ed-editorial-title"><span class="editorial">[</span>{}<span class="editorial">]</span></h1>',
                section.title
            )
        )
    for index, clause in enumerate(section.clauses[:leading]):
        parts.append(clause_html(clause, ctx, heading_level=min(6, level + (1 if index else 0))))
    if section.notes:
        parts.append(_notes(section.id, section.notes, [], ctx))
    for is_list, clauses in _grouped(section.clauses[leading:]):
        if is_list:
            labelled = all(c.label for c in clauses)
            parts.append(
                fmt('<ul class="ed-list{}">{}</ul>',
                    " ed-list--labelled" if labelled else "", Markup("").join(clause_html(c, ctx) for c in clauses)
                )
            )
        else:
            parts.append(clause_html(clauses[0], ctx))
    ctx.footnotes.extend(section.footnotes)
    pages = [c for c in section.sections if c.id in child_pages]
    if pages:
        links = Markup("").join(
            fmt('<li><a href="{}">{}</a></li>', ctx.link(child_pages[c.id]), c.title) for c in pages
        )
        parts.append(fmt('<nav class="ed-subpages editorial" aria-label="Pages of this part"><ul>{}</ul></nav>', links))
    child_level = min(6, level + 1)
    for child in section.sections:
        if child.id not in child_pages:
            parts.append(
                fmt('<section class="ed-section" id="{}">{}</section>',
                    child.id, section_html(child, ctx, child_level, child_pages)
                )
            )
    return Markup("").join(parts)


def footnotes_html(ctx: PageContext) -> Markup:
    if not ctx.footnotes:
        return Markup("")
    items = []
    for footnote in ctx.footnotes:
        notes = _notes(footnote.id, footnote.notes, [], ctx)
        where = ctx.link(ctx.urls.witness_line(ctx.edition, footnote.lines.first))
        items.append(
            fmt(
                '<li class="ed-clause ed-clause--footnote" id="{id}">'
                '<div class="ed-tools editorial">{selflink}</div>'
                '<p class="ed-words"><a class="ed-fnback" href="#fn-ref-{id}" aria-label="back to the text">{marker}</a> {text}</p>'
                '<div class="ed-aside editorial">{side}{notes}</div><p class="ed-fn-where editorial">Printed at the foot of its page (<a href="{where}">witness line {line}</a>).</p></li>',
                side=_side(footnote.id, ctx),
                id=footnote.id,
                selflink=_self_link(footnote.id, "footnote"),
                marker=footnote.marker,
                text=inline(footnote.content, ctx, {n.sic: f"note-{footnote.id}-{i}" for i, n in enumerate(footnote.notes, 1) if n.sic}),
                notes=notes,
                where=where,
                line=footnote.lines.first,
            )
        )
    return fmt(
        '<section class="ed-footnotes" aria-labelledby="fn-heading"><h2 id="fn-heading" class="editorial">Footnotes</h2><ol>{}</ol></section>', Markup("").join(items))


def glossary_tips(ctx: PageContext) -> Markup:
    """The hidden descriptions that each abbreviation on the page points to (aria-describedby)."""
    if not ctx.used_terms:
        return Markup("")
    tips = Markup("").join(
        fmt('<span id="gloss-tip-{}">{}</span>', e.id, e.expansion)
        for e in sorted(ctx.used_terms.values(), key=lambda e: e.id)
    )
    return fmt('<div class="ed-glossary-tips" hidden>{}</div>', tips)
