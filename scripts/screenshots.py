"""Screenshots of the built site for review: `make screenshots` writes PNGs to screenshots/.

Each shot is a page at a width (phone 390 px, desktop 1280 px) in a colour scheme, taken with
Debian's Chromium against site/ served on localhost. Look at them before calling a page done.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SHOTS = [
    # (name, page, width, scheme, full page)
    ("home-desktop-light", "", 1280, "light", True),
    ("principle-desktop-light", "six-core-principles/ecs-england/ecs-p2/", 1280, "light", False),
    ("principle-desktop-dark", "six-core-principles/ecs-england/ecs-p2/", 1280, "dark", False),
    ("principle-phone-light", "six-core-principles/ecs-england/ecs-p2/", 390, "light", False),
    ("principle-phone-dark", "six-core-principles/ecs-england/ecs-p2/", 390, "dark", False),
    ("notes-desktop-light", "six-core-principles/aspect-2015/a15-p1/", 1280, "light", False),
    ("footnotes-desktop-light", "atl-sip-response/atl-2010/atl-role/", 1280, "light", True),
    ("restored-numbers-phone-dark", "aewm-code/aewm-2019/aewm-practice/", 390, "dark", False),
    ("edition-desktop-light", "six-core-principles/ecs-england/", 1280, "light", True),
    ("ledger-desktop-dark", "six-core-principles/ecs-england/ledger/", 1280, "dark", False),
    ("witness-phone-light", "six-core-principles/ecs-england/witness/", 390, "light", False),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("only", nargs="*", help="names of shots to take (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for name, url, width, scheme, full in SHOTS:
            if args.only and name not in args.only:
                continue
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            page.goto(base + url, wait_until="networkidle")
            page.screenshot(path=str(args.out / f"{name}.png"), full_page=full)
            context.close()
            print(args.out / f"{name}.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
