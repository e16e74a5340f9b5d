"""Handouts on paper: a clause's (and a theme's) printed page carries its text, citation, edition,
date, licence line and permanent address, and a QR code that an independent decoder (zxing-cpp)
reads back as that address."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from conftest import PUBLISHED_AT, QUALITY, served
from edition.model import Corpus

CLAUSE = "ecs-p2-7"


def printed(page, out: Path) -> tuple[str, list[str]]:
    """The page printed to PDF (A4) by the browser: its text, and the QR codes on its first page."""
    pdf = out.with_suffix(".pdf")
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)], check=True)
    codes = [r.text for r in zxingcpp.read_barcodes(Image.open(out.with_suffix(".png")))]
    return " ".join(text.split()), codes


@pytest.fixture(scope="module")
def published_url(published: Path):
    with served(published) as url:
        yield url


def test_a_clause_handout_prints_everything_a_citation_needs_and_a_qr_code_of_its_address(browser, published_url: str, corpus: Corpus, tmp_path: Path) -> None:
    edition, clause = corpus.clause(CLAUSE)
    page = browser.new_page()
    page.goto(f"{published_url}handout/?clause={CLAUSE}")
    page.locator("#ho[data-ready=true]").wait_for()
    text, codes = printed(page, tmp_path / "clause")
    address = f"{PUBLISHED_AT}/{edition.work_id}/{edition.id}/ecs-p2/#{CLAUSE}"
    assert codes == [address]
    for expected in (clause.printed_words, "ECS England, Principle 2 ¶7", edition.title, edition.issuer, "2019 (not printed)", "CC BY-NC-ND 4.0"):
        assert expected in text, expected
    assert address in text.replace(" ", ""), "the address, printed (a long one wraps)"
    assert "Print this handout" not in text and "Handout link beside" not in text, "no screen controls on paper"
    QUALITY["handouts"] = "a clause's and a theme's printed pages: text, citation, licence and address in the PDF, QR codes decoded to their addresses"
    page.context.close()


def test_a_theme_handout_prints_with_a_qr_code_of_the_theme(browser, published_url: str, corpus: Corpus, tmp_path: Path) -> None:
    theme = corpus.themes[0]
    page = browser.new_page()
    page.goto(f"{published_url}themes/{theme.id}/")
    text, codes = printed(page, tmp_path / "theme")
    assert codes == [f"{PUBLISHED_AT}/themes/{theme.id}/"]
    assert theme.name in text and "CC BY-NC-ND 4.0" in text and "No licence stated" in text
    page.context.close()


def test_each_clause_links_to_its_handout_and_a_site_without_its_address_says_why_there_is_no_qr_code(page, site_url: str) -> None:
    page.goto(site_url + "six-core-principles/ecs-england/ecs-p2/")
    page.locator("#ecs-p2-1 details.ed-more > summary").click()  # the clause's tools
    page.locator("#ecs-p2-1 .ed-handout").click()
    page.locator("#ho[data-ready=true]").wait_for()
    assert page.locator("h1").inner_text() == "ECS England, Principle 2 ¶1"
    assert page.locator(".ho-qr").count() == 0
    assert "built without its published address" in page.locator(".ho-noqr").inner_text()
    assert page.locator(".ho-facts a").get_attribute("href").endswith("/six-core-principles/ecs-england/ecs-p2/#ecs-p2-1")
    page.goto(site_url + "handout/?clause=no-such-clause")
    assert "no clause with the id" in page.locator("#ho-body").inner_text()
