"""The last touch to a built site, whatever engine built it: every page gets its
Content-Security-Policy (csp.py), and the theme's one markup fault the validator finds is mended."""

from __future__ import annotations

import re
from pathlib import Path

from .csp import with_content_security_policy

# Material writes autocomplete="off" on its checkbox toggles, outside any template block that
# overrides/ could replace; HTML allows autocomplete only on text-like inputs (Nu Html Checker).
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off">')


def finish_page(html: str) -> str:
    return with_content_security_policy(_TOGGLE_AUTOCOMPLETE.sub(r"\1>", html))


def finish_site(site: Path) -> int:
    """Finish every HTML page under `site` in place; the number of pages."""
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        path.write_text(finish_page(path.read_text(encoding="utf-8")), encoding="utf-8")
    return len(pages)
