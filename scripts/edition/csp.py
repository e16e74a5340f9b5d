"""The Content-Security-Policy every page carries, as a <meta http-equiv> made from the finished page.

The site is static and may be served by anything, so the policy travels inside each page. Scripts
run only from the site's own files, or inline when the build has hashed that exact script: the
policy is computed per page after the site engine has written it, from the scripts really there.
No 'unsafe-inline' and no 'unsafe-hashes', so an inline event handler (onerror=...) never runs,
whatever text reaches a page. Engine-independent: it takes and returns a page's HTML.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Everything but the script hashes. Styles and images may be inline (the theme sets element styles
# and draws icons from data: URIs); neither can run code. Nothing comes from another host.
POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


# A script element's text runs to the first "</script" (HTML's rule for raw text elements), so
# scanning for it finds what a browser runs. Text from sources never reaches this unescaped:
# every "<" in a page's text is "&lt;", and script data escapes it as \u003c.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)


def inline_scripts(html: str) -> list[str]:
    """The text of each inline <script> (one without src), exactly as written."""
    return [m.group(2) for m in _SCRIPT.finditer(html) if not _SRC.search(m.group(1))]


# The search page (pages/search.py) runs the search index's WebAssembly (Pagefind), which a browser
# compiles only where the policy says 'wasm-unsafe-eval'. Its form carries this id; text from a
# source cannot write it (a quotation mark in page text is always escaped).
SEARCH_PAGE_MARK = 'id="srch-form"'


def policy_for(html: str) -> str:
    """The policy for one page: POLICY, and script-src allowing the page's own inline scripts (and,
    on the search page only, WebAssembly)."""
    hashes = sorted({base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") for s in inline_scripts(html)})
    wasm = ["'wasm-unsafe-eval'"] if SEARCH_PAGE_MARK in html else []
    script_src = " ".join(["script-src 'self'", *wasm, *(f"'sha256-{h}'" for h in hashes)])
    return "; ".join([POLICY[0], script_src, *POLICY[1:]])


_HEAD = re.compile(r"<head(\s[^>]*)?>\s*(<meta charset=[^>]*>)?", re.IGNORECASE)


def with_content_security_policy(html: str) -> str:
    """`html` with its policy as the first thing in <head> after the character set, so that it
    governs every script the page has."""
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("a page without <head> cannot carry its Content-Security-Policy")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[: head.end()] + meta + html[head.end() :]
