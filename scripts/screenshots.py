"""Screenshots and printouts of the built site for review: `make screenshots` writes PNGs and PDFs
to screenshots/.

Each shot is a page at a width (phone 390 px, desktop 1280 px) in a colour scheme, taken with
Debian's Chromium against site/ served on localhost; a shot may first type into the search box.
Each printout is a page printed to PDF by the same Chromium (A4, print media), with the first
pages also drawn as PNGs by pdftoppm (poppler-utils) when it is installed. Look at them before
calling a page done.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import sync_playwright

from site_host import served

ROOT = Path(__file__).resolve().parents[1]
# A quotation as a trainer's slide might carry it: straight quotes, a word changed, the end cut off.
CHECKED = ("Vision, strategy and initiative should initiate research and debate around effective learning and "
           "teaching, with balanced judgment in risk-taking as part of promoting \"best\" developments. Such developments demand")
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
    ("summary-desktop-light", "six-core-principles/compare/aspect-2015--ecs-england/", 1280, "light", False),
    ("summary-phone-dark", "six-core-principles/compare/aspect-2015--ecs-england/", 390, "dark", False),
    ("inline-desktop-light", "six-core-principles/compare/aspect-2015--ecs-england/p2/", 1280, "light", False),
    ("side-by-side-desktop-light", "six-core-principles/compare/aspect-2015--ecs-england/p2/side-by-side/", 1280, "light", False),
    ("list-phone-light", "six-core-principles/ecs-england/ecs-cc/", 390, "light", False),
    ("unknown-clause-desktop-light", "six-core-principles/ecs-england/ecs-p2/#ecs-p2-99", 1280, "light", False),
    ("not-found-desktop-light", "no/such/page/", 1280, "light", False),
    ("search-social-media-desktop-light", "?search=social media", 1280, "light", False),
    ("search-well-being-phone-light", "?search=well-being", 390, "light", False),
    ("check-desktop-light", "check/?check=" + CHECKED, 1280, "light", True),
    ("check-phone-dark", "check/?check=" + CHECKED, 390, "dark", True),
    ("superseded-desktop-light", "six-core-principles/aspect-2015/a15-p2/", 1280, "light", False),
    ("superseded-phone-dark", "six-core-principles/aspect-2015/a15-p2/", 390, "dark", False),
]
PRINTS = [
    # (name, page)
    ("print-principle", "six-core-principles/ecs-england/ecs-p2/"),
    ("print-summary", "six-core-principles/compare/aspect-2015--ecs-england/"),
    ("print-inline", "six-core-principles/compare/aspect-2015--ecs-england/p2/"),
    ("print-side-by-side", "six-core-principles/compare/aspect-2015--ecs-england/p2/side-by-side/"),
    # Handouts (with QR codes only in a site built with SITE_URL: `--site` such a build).
    ("print-handout", "handout/?clause=ecs-p2-7"),
    ("print-theme", "themes/wellbeing/"),
    ("print-superseded", "six-core-principles/aspect-2015/a15-p2/"),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("only", nargs="*", help="names of shots to take (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with served(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for name, url, width, scheme, full in SHOTS:
            if args.only and name not in args.only:
                continue
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            url, _, pasted = url.partition("?check=")
            url, _, query = url.partition("?search=")
            page.goto(base + url, wait_until="networkidle")
            if query:  # open the search box and type, as a reader would
                page.keyboard.press("/")
                page.keyboard.type(query)
                page.wait_for_timeout(1000)
            if pasted:  # paste words into "Check a quotation" and check them
                page.fill("#chk-text", pasted)
                page.click(".chk-submit")
                page.locator("#chk-results > *").first.wait_for()
            page.screenshot(path=str(args.out / f"{name}.png"), full_page=full)
            context.close()
            print(args.out / f"{name}.png")
        for name, url in PRINTS:
            if args.only and name not in args.only:
                continue
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + url, wait_until="networkidle")
            pdf = args.out / f"{name}.pdf"
            page.pdf(path=str(pdf), format="A4", print_background=False)
            context.close()
            print(pdf)
            if shutil.which("pdftoppm"):
                subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(args.out / name)], check=True)
        browser.close()


if __name__ == "__main__":
    main()
