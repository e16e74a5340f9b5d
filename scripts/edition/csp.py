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
from html.parser import HTMLParser

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


class _InlineScripts(HTMLParser):
    """The text of each inline <script> (one without src), exactly as written: Python's parser
    hands script content over raw, without decoding entities."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._inside = []

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self._inside.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside is not None:
            self.scripts.append("".join(self._inside))
            self._inside = None


def policy_for(html: str) -> str:
    """The policy for one page: POLICY, and script-src allowing the page's own inline scripts."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    hashes = sorted({base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") for s in parser.scripts})
    script_src = " ".join(["script-src 'self'", *(f"'sha256-{h}'" for h in hashes)])
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
