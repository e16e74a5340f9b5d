"""A draft edition (the importer's, not yet reviewed) builds for its editors, says so on every page
that shows it, and is refused by a build for publishing."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import served
from test_build import site_build
from test_import_review import _yaml
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

    newer = _yaml(project / "sources" / "works" / "guide" / "guide-2024" / "edition.yaml")["short_name"]  # a draft on every page below
    built = site_build(project, project / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    page = browser.new_page()
    with served(project / "site") as base:
        # Every page that shows a draft's text or presents it as current says so: its own pages,
        # the comparison, the work, the current text, the history, the themes overview.
        for address in (
            "guide/guide-2024/", "guide/compare/guide-2020--guide-2024/", "guide/", "guide/current/", "guide/history/",
            "themes/", "code/old/", "code/current/", "code/history/",
        ):
            page.goto(base + address)
            banner = page.locator(".ed-draft")
            if address.startswith("code/"):
                assert banner.count() == 0, f"{address}: an edition that is no draft says nothing of drafts"
            else:
                assert banner.is_visible(), address
                assert "Draft under review" in banner.inner_text(), address
                assert newer in banner.inner_text(), (address, banner.inner_text())
        page.goto(base)
        # Both imported editions are drafts; the mini corpus's two are not.
        assert page.locator(".ed-draft-tag").count() == 2
    page.context.close()
    editions = json.loads((project / "site" / "api" / "v1" / "editions.json").read_text(encoding="utf-8"))
    flags = {e["id"]: e["draft"] for d in editions["documents"] for e in d["editions"]}
    assert flags == {"old": False, "new": False, "guide-2020": True, "guide-2024": True}, flags

    published = site_build(project, project / "published", SITE_URL="https://example.org/")
    assert published.returncode == 1
    assert "a site built for publishing (SITE_URL set) takes no draft" in published.stderr
    assert not (project / "published").exists()
