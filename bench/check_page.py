"""Check a quotation (check/), measured: what the page weighs, and how long a 300-word paste takes
to be checked, in Debian's Chromium, at full speed and with the CPU slowed four times (Chrome's
own throttling, as a stand-in for a mid-range phone). Figures only; nothing is asserted.

    python bench/check_page.py [site]      (make bench runs it on the real corpus's site)
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from site_host import served  # noqa: E402

# What the page loads beyond the theme every page loads: its HTML, its scripts, and the data.
OWN_FILES = [
    "check/index.html",
    "assets/check.js",
    "assets/edition-data.js",
    "assets/vendor/diff-match-patch/commonjs-shim.js",
    "assets/vendor/diff-match-patch/diff_match_patch.js",
    "api/v1/clauses.json",
    "api/v1/editions.json",
]
RUNS = 5


def paste_of_300_words(site: Path) -> str:
    """Three hundred words of consecutive clauses of one edition, with one word in ten changed and
    quotation marks straightened: a long quotation as a handbook might carry it."""
    clauses = json.loads((site / "api/v1/clauses.json").read_text(encoding="utf-8"))["clauses"]
    words: list[str] = []
    for clause in (c for c in clauses if c["edition"] == "ecs-england"):
        words += clause["text"].split()
        if len(words) >= 300:
            break
    words = [("changed" if i % 10 == 5 else w) for i, w in enumerate(words[:300])]
    return " ".join(words).replace("“", '"').replace("”", '"').replace("’", "'")


def weight(site: Path) -> list[tuple[str, int, int]]:
    out = []
    for name in OWN_FILES:
        data = (site / name).read_bytes()
        out.append((name, len(data), len(gzip.compress(data, mtime=0))))
    return out


def timings(site: Path, chromium: str = "/usr/bin/chromium") -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    paste = paste_of_300_words(site)
    out: dict[str, list[float]] = {}
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        for slowdown in (1, 4):
            first, again, matching = [], [], []
            for _ in range(RUNS):
                page = browser.new_page()
                cdp = page.context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
                page.goto(f"{base}check/", wait_until="networkidle")
                page.fill("#chk-text", paste)
                for into in (first, again):
                    page.evaluate("document.getElementById('chk-results').textContent = ''")
                    started = time.perf_counter()
                    page.click(".chk-submit")
                    page.locator("#chk-results > *").first.wait_for()
                    into.append(time.perf_counter() - started)
                matching.append(float(page.get_attribute("#chk-results", "data-ms") or "nan") / 1000)
                page.context.close()
            out[f"{slowdown}x: first check (loads the data)"] = first
            out[f"{slowdown}x: a second check"] = again
            out[f"{slowdown}x: finding and marking alone"] = matching
        browser.close()
    return out


def report(site: Path) -> list[str]:
    files = weight(site)
    lines = ["## Check a quotation (check/)", "",
             "What the page loads beyond the theme, and the time from pressing Check to the results for a",
             f"300-word paste (one word in ten changed), median of {RUNS} page loads, in Debian's Chromium.", "",
             "| file | size | gzip |", "|---|---:|---:|"]
    lines += [f"| `{name}` | {raw / 1024:.1f} KB | {gz / 1024:.1f} KB |" for name, raw, gz in files]
    lines.append(f"| together | {sum(r for _, r, _ in files) / 1024:.1f} KB | {sum(g for _, _, g in files) / 1024:.1f} KB |")
    lines += ["", "| CPU | measured | median |", "|---|---|---:|"]
    for label, values in timings(site).items():
        slowdown, what = label.split(": ", 1)
        lines.append(f"| {slowdown} | {what} | {1000 * statistics.median(values):.0f} ms |")
    return lines


if __name__ == "__main__":
    print("\n".join(report(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site")))
