"""Theme pages: what each document says about one concern, and an overview of themes by document."""

from __future__ import annotations

from functools import cached_property

from ..citation import Citations
from ..model import Clause, Corpus, Edition, Theme
from .site import NavNode, Page
from .urls import THEMES, Location, Urls, qr_path


def theme_url(theme: Theme | str) -> str:
    return f"{THEMES}{theme if isinstance(theme, str) else theme.id}/"


def document_anchor(edition: Edition) -> str:
    return f"doc-{edition.id}"


class ThemePages:
    def __init__(self, corpus: Corpus, urls: Urls, citations: Citations, render):
        self.corpus = corpus
        self.urls = urls
        self.citations = citations
        self.render = render

    @cached_property
    def _tagged(self) -> dict[tuple[str, str], list[Clause]]:
        """(theme id, edition id) -> the edition's clauses tagged with it, in reading order."""
        tagged: dict[tuple[str, str], list[Clause]] = {}
        for edition in self.corpus.editions():
            for clause in edition.clauses():
                for theme_id in clause.themes:
                    tagged.setdefault((theme_id, edition.id), []).append(clause)
        return tagged

    def tagged(self, theme: Theme, edition: Edition) -> list[Clause]:
        return self._tagged.get((theme.id, edition.id), [])

    def nav(self) -> NavNode:
        return NavNode("Themes", THEMES, tuple(NavNode(t.name, theme_url(t)) for t in self.corpus.themes))

    def overview(self) -> Page:
        editions = list(self.corpus.editions())
        counts = {(t.id, e.id): len(self.tagged(t, e)) for t in self.corpus.themes for e in editions}
        peak = max(counts.values(), default=0) or 1
        rows = []
        for theme in self.corpus.themes:
            cells = []
            for edition in editions:
                n = counts[theme.id, edition.id]
                level = 0 if n == 0 else min(4, 1 + (4 * n - 1) // peak)
                cells.append({"n": n, "level": level, "edition": edition, "link": Location(theme_url(theme), document_anchor(edition))})
            rows.append({"theme": theme, "cells": cells, "total": sum(c["n"] for c in cells), "documents": sum(1 for c in cells if c["n"])})
        body = self.render("themes.html", THEMES, rows=rows, editions=editions, theme_url=theme_url)
        return Page(THEMES, "Themes", body, "What each document says about each theme: the number of clauses, by document.", overview=True)

    def theme_page(self, theme: Theme) -> Page:
        url = theme_url(theme)
        documents = []
        for edition in self.corpus.editions():
            clauses = [
                {"clause": c, "cite": self.citations.cite(c), "location": self.urls.clause(c)} for c in self.tagged(theme, edition)
            ]
            documents.append({"edition": edition, "anchor": document_anchor(edition), "clauses": clauses})
        others = [t for t in self.corpus.themes if t.id != theme.id]
        address = self.urls.absolute(url)
        qr = qr_path(f"theme-{theme.id}") if address else None
        body = self.render("theme.html", url, theme=theme, documents=documents, others=others, theme_url=theme_url, qr=qr, address=address)
        # Kept out of search: its text is the reading pages', where search should land.
        return Page(url, f"{theme.name} · Themes", body, theme.definition, wide=True, search=(), anchors=frozenset(d["anchor"] for d in documents))
