"""The "Check a quotation" page: a form, and the scripts that do the work in the reader's browser
from the published data (docs/assets/check.js; api/v1/clauses.json and editions.json)."""

from __future__ import annotations

from .site import Page
from .api import PREFIX
from .render import Renderer
from .urls import CHECK, HOME


def check_page(render: Renderer) -> Page:
    body = render("check.html", CHECK, urls_home=HOME, clauses=PREFIX + "clauses.json", editions=PREFIX + "editions.json")
    # Out of search: the page has no text of the edition's, only a form.
    return Page(
        CHECK, "Check a quotation", body,
        "Paste words you quote from the principles: find the clause they come from, the differences, its citation and link.",
        search=(),
    )
