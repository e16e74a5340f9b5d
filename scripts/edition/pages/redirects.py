"""Retired addresses lead on: a page where an old page was, and a table the site's script uses.

Every redirect declared in sources/redirects.yaml must lead to an address that resolves (checked
here, against the pages' own ids). A retired page gets a page of its own saying where it went;
the reader is sent on, fragment kept, by docs/assets/addresses.js, which the site loads on every
page, from the table of retired addresses this module writes (assets/redirect-table.js). No page
carries an inline script for this.
"""

from __future__ import annotations

from collections.abc import Container

from ..addresses import Resolver
from ..errors import SourceError
from ..model import Redirect
from .site import Page, SiteFile
from .script_data import script_json
from .render import Renderer
from .urls import Location, href

SCRIPT = "assets/redirect-table.js"

# The table maps each retired page (site-relative) to where its fragments, or the whole page, now
# lead (relative to that page). docs/assets/addresses.js reads it and sends the reader on.
_JS = """// Retired addresses and where they lead now: generated from sources/redirects.yaml, read by
// assets/addresses.js.
window.editionRedirects = %s;
"""


def _location(address: str) -> Location:
    page, _, fragment = address.partition("#")
    return Location(page, fragment)


def redirects(declared: tuple[Redirect, ...], resolver: Resolver, docs: Container[str], render: Renderer) -> tuple[list[Page], SiteFile]:
    """The pages standing where retired pages were, and the script that sends readers on."""
    by_page: dict[str, list[Redirect]] = {}
    for redirect in declared:
        if not resolver.resolves(redirect.target):
            raise SourceError(redirect.place.child("to"), f"'/{redirect.target}' does not resolve on the site: a redirect must lead somewhere")
        page, _, fragment = redirect.source.partition("#")
        if not fragment and (page in resolver.pages or page in docs):
            raise SourceError(
                redirect.place.child("from"),
                f"'/{page}' is a live page; redirect one of its fragments (/page/#id) instead of the whole page",
            )
        by_page.setdefault(page, []).append(redirect)
    table: dict[str, dict[str, object]] = {}
    pages: list[Page] = []
    for page_url, retired in sorted(by_page.items()):
        fragments = {r.source.partition("#")[2]: href(page_url, _location(r.target)) for r in retired if "#" in r.source}
        whole = next((r for r in retired if "#" not in r.source), None)
        table[page_url] = {"fragments": fragments, "page": href(page_url, _location(whole.target)) if whole else ""}
        if page_url not in resolver.pages:
            target = (whole or retired[0]).target
            body = render("moved.html", page_url, target=_location(target), target_text=target)
            pages.append(Page(page_url, "Moved", body, "This address has moved.", search=(), in_nav=False))
    script = _JS % script_json(table)
    return pages, SiteFile(SCRIPT, script.encode("utf-8"))
