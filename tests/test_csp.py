"""Every page carries a Content-Security-Policy that allows exactly its own scripts.

Read from the built files with the standard library's HTML parser (not the generator's code), and
tried in the browser: an inline script or handler added to a page is refused and reported. Every
other browser test checks that nothing the site does itself is refused (conftest.py).
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

from conftest import QUALITY, site_pages


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.policies: list[str] = []
        self.script_before_policy = False
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(values.get("content") or "")
        if tag == "script":
            self.script_before_policy |= not self.policies
            if "src" not in values:
                self._script = []
        self.handlers += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]
        self.javascript_urls += [v for n, v in attrs if n in ("href", "src", "action") and v and v.strip().lower().startswith("javascript:")]

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline.append("".join(self._script))
            self._script = None


def _directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def test_every_page_has_a_policy_allowing_only_its_own_scripts(site_dir: Path) -> None:
    pages = site_pages(site_dir)
    problems = []
    hashed = 0
    for url in pages:
        path = site_dir / (url + "index.html" if url.endswith("/") or not url else url)
        parsed = _Page()
        parsed.feed(path.read_text(encoding="utf-8"))
        if len(parsed.policies) != 1:
            problems.append(f"/{url}: {len(parsed.policies)} policies")
            continue
        policy = _directives(parsed.policies[0])
        scripts = policy.get("script-src", [])
        if parsed.script_before_policy:
            problems.append(f"/{url}: a script comes before the policy")
        if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts or "'unsafe-hashes'" in scripts or "*" in scripts:
            problems.append(f"/{url}: script-src allows {scripts}")
        if policy.get("object-src") != ["'none'"] or policy.get("base-uri") != ["'self'"] or policy.get("default-src") != ["'self'"]:
            problems.append(f"/{url}: object-src, base-uri or default-src is not as required: {parsed.policies[0]}")
        for script in parsed.inline:
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            if f"'sha256-{digest}'" not in scripts:
                problems.append(f"/{url}: inline script not allowed by hash: {script[:60]!r}")
            hashed += 1
        allowed = {s for s in scripts if s.startswith("'sha256-")}
        if len(allowed) > len({s for s in parsed.inline}):
            problems.append(f"/{url}: the policy allows scripts the page does not have")
        problems += [f"/{url}: inline event handler {h}" for h in parsed.handlers]
        problems += [f"/{url}: javascript: URL {u}" for u in parsed.javascript_urls]
    QUALITY["Content-Security-Policy"] = f"{len(pages)} pages, each with its policy; {hashed} inline scripts allowed by hash; no handlers"
    assert problems == [], "\n".join(problems[:30])


def test_the_browser_refuses_a_script_the_build_did_not_hash(browser, site_url: str) -> None:
    """What an injection would look like if text ever became markup: refused, and reported (which
    is what every other browser test watches for)."""
    page = browser.new_page()
    page.goto(site_url + "glossary/")
    ran = page.evaluate(
        """() => new Promise(done => {
            window.__ran = [];
            const script = document.createElement('script');
            script.textContent = 'window.__ran.push("inline")';
            document.head.append(script);
            const img = document.createElement('img');
            img.setAttribute('onerror', 'window.__ran.push("handler")');
            img.src = 'data:,not-an-image';
            document.body.append(img);
            setTimeout(() => done(window.__ran), 300);
        })"""
    )
    page.context.close()
    assert ran == []
    refused = [r for r in browser.reported if "Content Security Policy" in r]
    assert len(refused) >= 2, browser.reported
    browser.reported.clear()  # expected here; any other test fails on such a report
