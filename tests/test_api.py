"""The static JSON API: schemas, completeness, and that every clause URL shows its clause."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import ROOT, SHOWN_TEXT_JS
from edition.model import Corpus

SCHEMAS = ROOT / "docs" / "api" / "v1" / "schema"


def validator(name: str) -> Draft202012Validator:
    registry = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8")))) for p in SCHEMAS.glob("*.json")
    )
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


def load(site_dir: Path, path: str):
    return json.loads((site_dir / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("api/v1/index.json", "index.schema.json"),
        ("api/v1/clauses.json", "clauses.schema.json"),
        ("api/v1/editions.json", "editions.schema.json"),
        ("api/v1/comparisons/aspect-2015--ecs-england.json", "comparison.schema.json"),
    ],
)
def test_api_files_validate_against_their_schemas(site_dir: Path, path: str, schema: str) -> None:
    errors = sorted(validator(schema).iter_errors(load(site_dir, path)), key=lambda e: list(e.absolute_path))
    assert errors == [], f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_the_schemas_are_published_with_the_site(site_dir: Path) -> None:
    for schema in SCHEMAS.glob("*.json"):
        assert (site_dir / "api/v1/schema" / schema.name).read_bytes() == schema.read_bytes()


def test_every_clause_of_every_document_is_in_clauses_json(site_dir: Path, corpus: Corpus) -> None:
    clauses = load(site_dir, "api/v1/clauses.json")["clauses"]
    ids = [c["id"] for c in clauses]
    assert len(ids) == len(set(ids))
    expected = [c.id for e in corpus.editions() for s in e.walk() for c in (*s.clauses, *s.footnotes)]
    assert sorted(ids) == sorted(expected)
    assert {c["document"] for c in clauses} == {w.id for w in corpus.works}
    by_id = {c["id"]: c for c in clauses}
    assert by_id["ecs-p2-1"]["citation"] == "ECS England, Principle 2 ¶1"
    assert by_id["ecs-p2-1"]["counterparts"] == {"aspect-2015": ["a15-p2-1"]}
    assert by_id["ecs-practice-9"]["counterparts"] == {"aspect-2015": []}  # the social-media bullet: new
    assert by_id["a15-endorsement"]["counterparts"] == {"ecs-england": ["ecs-endorsement-1", "ecs-endorsement-2"]}
    assert by_id["aewm-practice-1-h"]["label_restored"] and by_id["aewm-practice-1-h"]["text"] == "Purpose"
    assert by_id["a15-p1-1"]["witness"] == {"id": "w000", "lines": [50, 52]}


def test_citations_are_unique(site_dir: Path) -> None:
    citations = [c["citation"] for c in load(site_dir, "api/v1/clauses.json")["clauses"]]
    assert len(citations) == len(set(citations))


def test_every_clause_url_opens_a_page_whose_element_shows_its_text(site_dir: Path, site_url: str, page) -> None:
    clauses = load(site_dir, "api/v1/clauses.json")["clauses"]
    by_page: dict[str, list[dict]] = {}
    for clause in clauses:
        by_page.setdefault(clause["url"].split("#")[0], []).append(clause)
    for url, group in by_page.items():
        page.goto(site_url + url)
        shown = page.evaluate(SHOWN_TEXT_JS, [c["id"] for c in group])
        for clause, text in zip(group, shown):
            assert text is not None, f"{clause['url']}: no element with that id"
            assert text.split() == clause["text"].split(), clause["id"]


def test_the_comparison_data_has_added_removed_moved_and_changed_spans(site_dir: Path) -> None:
    data = load(site_dir, "api/v1/comparisons/aspect-2015--ecs-england.json")
    kinds = {c["kind"] for c in data["changes"]}
    assert {"added", "dropped", "changed", "split", "unchanged"} <= kinds
    moved = [c for c in data["changes"] if c["moved"]]
    assert {tuple(c["to"]) for c in moved} >= {("ecs-practice-6",), ("ecs-practice-7",)}
    social = next(c for c in data["changes"] if c["to"] == ["ecs-practice-9"])
    assert social["kind"] == "added" and social["spans"][0]["op"] == "insert" and "social media" in social["spans"][0]["text"]
    renames = {(r["from"], r["to"]): r["count"] for r in data["renames"]}
    assert renames["EDIPs", "ECS"] > 10
    # The principal changes name clauses of the two editions, and where the comparison shows them.
    ids = {c["id"] for c in load(site_dir, "api/v1/clauses.json")["clauses"]}
    principal = data["principal_changes"]
    assert principal and all(set(p["clauses"]) <= ids for p in principal)
    assert all(len(p["diff_urls"]) >= 1 for p in principal if p["clauses"])
    assert any("EDIPs" in p["renames"] for p in principal), "the change of audience rests on the renames"
    # The spans rebuild the later edition's text of a changed clause.
    p21 = next(c for c in data["changes"] if c["to"] == ["ecs-p2-7"])
    assert "".join(s["text"] for s in p21["spans"] if s["op"] in ("equal", "insert")) == "the concept of well-being and the care of all individuals"
