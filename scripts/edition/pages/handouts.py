"""Handouts: one clause (or one theme) on paper, with its citation, edition, date, licence line and
permanent address, and a QR code of that address. The codes are made here, at build, as SVG
(segno); they need the published address, so a site built without SITE_URL has none and says so.
The clause handout is one page (handout/?clause=<id>) that draws the clause from the published
data (docs/assets/handout.js); a theme's handout is its own page, printed."""

from __future__ import annotations

import io

import segno

from ..model import Corpus
from .site import Page, SiteFile
from .api import PREFIX
from .render import Renderer
from .themes import theme_url
from .urls import HANDOUT, HOME, QR_CODES, Urls, qr_path


def qr_svg(address: str) -> bytes:
    """The address as a QR code (error correction level M), black on white, in SVG."""
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="svg", scale=1, border=4, xmldecl=False, dark="#000", light="#fff")
    return out.getvalue()


def qr_codes(corpus: Corpus, urls: Urls) -> list[SiteFile]:
    """A QR code for every clause, footnote and theme, when the published address is known."""
    if not urls.site_url:
        return []
    files = []
    for edition in corpus.editions():
        for section in edition.walk():
            for item in (*section.clauses, *section.footnotes):
                address = urls.absolute(urls.clause(item))
                assert address is not None
                files.append(SiteFile(qr_path(item.id), qr_svg(address)))
    for theme in corpus.themes:
        address = urls.absolute(theme_url(theme))
        assert address is not None
        files.append(SiteFile(qr_path(f"theme-{theme.id}"), qr_svg(address)))
    return files


def handout_page(render: Renderer, urls: Urls) -> Page:
    body = render(
        "handout.html", HANDOUT, urls_home=HOME, clauses=PREFIX + "clauses.json", editions=PREFIX + "editions.json",
        qr=QR_CODES if urls.site_url else "", site_url=urls.site_url or "",
    )
    # Reached from each clause; it has no text of its own, so it stays out of search and the navigation.
    return Page(HANDOUT, "Handout", body, "One clause on paper: its text, citation, edition, licence and permanent address, with a QR code.", in_nav=False, search=())
