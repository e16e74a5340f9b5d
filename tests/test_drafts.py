"""A draft edition (the importer's, not yet reviewed) builds for its editors, says so on every page
that shows it, and is refused by a build for publishing."""

from __future__ import annotations

from pathlib import Path

from conftest import served
from test_build import site_build
from test_import import FIRST, SECOND, import_, project, run  # noqa: F401  (project: the fixture)


def test_a_draft_is_marked_on_its_pages_and_kept_from_publishing(project: Path, browser) -> None:
    assert import_(project, FIRST, "guide-2020").returncode == 0
    assert import_(project, SECOND, "guide-2024", "guide-2020").returncode == 0
    check = run(project, "check")
    assert check.returncode == 0, check.stderr
    drafts = [line for line in check.stdout.splitlines() if line.startswith("draft: ")]
    # The witnesses' origin and conversion are placeholders, for both imports.
    assert sum("witness's origin is still the importer's placeholder" in line for line in drafts) == 2
    assert any("witnesses.yaml" in line and ": witnesses[" in line for line in drafts), drafts

    built = site_build(project, project / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    page = browser.new_page()
    with served(project / "site") as base:
        for address in ("guide/guide-2024/", "guide/compare/guide-2020--guide-2024/", "code/old/"):
            page.goto(base + address)
            banner = page.locator(".ed-draft")
            if address.startswith("code/"):
                assert banner.count() == 0, "an edition that is no draft says nothing of drafts"
            else:
                assert banner.is_visible() and "Draft under review" in banner.inner_text()
        page.goto(base)
        # Both imported editions are drafts; the mini corpus's two are not.
        assert page.locator(".ed-draft-tag").count() == 2
    page.context.close()

    published = site_build(project, project / "published", SITE_URL="https://example.org/")
    assert published.returncode == 1
    assert "a site built for publishing (SITE_URL set) takes no draft" in published.stderr
    assert not (project / "published").exists()
