"""What the structured edition says about its documents: metadata, alignment, renames, notes."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from jsonschema import Draft202012Validator

from edition.model import Basis, Clause, ClauseKind, Corpus, NoteKind
from edition.schema import SCHEMA_DIR


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def aligned(corpus: Corpus, old: str, new: str) -> dict[str, tuple[list[Clause], list[Clause]]]:
    pairs: dict[str, tuple[list[Clause], list[Clause]]] = defaultdict(lambda: ([], []))
    for side, edition_id in enumerate((old, new)):
        for clause in corpus.edition(edition_id).clauses():
            for key in clause.align:
                pairs[key][side].append(clause)
    return pairs


def test_the_schemas_are_valid_json_schemas() -> None:
    for path in SCHEMA_DIR.glob("*.schema.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_five_documents_with_their_metadata(corpus: Corpus) -> None:
    editions = {e.id: e for e in corpus.editions()}
    assert list(editions) == ["aspect-2015", "ecs-england", "aewm-2019", "ascl-2015", "atl-2010"]
    assert {e.witness_id for e in editions.values()} == {w.id for w in corpus.witnesses}
    ecs = editions["ecs-england"]
    assert ecs.licence.stated and ecs.licence.name == "CC BY-NC-ND 4.0"
    assert all(not e.licence.stated for k, e in editions.items() if k != "ecs-england")
    # The ECS edition prints no date: it must be dated from cited evidence, not presented as printed.
    assert ecs.date.basis is Basis.EXTERNAL and ecs.date.evidence and ecs.date.evidence[0].url
    assert editions["aspect-2015"].date.printed == "MARCH 2015"
    assert editions["atl-2010"].date.value == "2010-04-09"


def test_aligned_clauses_really_correspond(corpus: Corpus) -> None:
    """A 1:1 alignment joins clauses that share most of their words; a typo in a key would not."""
    for key, (old, new) in aligned(corpus, "aspect-2015", "ecs-england").items():
        if len(old) == 1 and len(new) == 1:
            a, b = words(old[0].text), words(new[0].text)
            overlap = len(a & b) / max(1, min(len(a), len(b)))
            assert overlap >= 0.5 or old[0].kind is ClauseKind.HEADING, (key, old[0].text, new[0].text)


def test_splits_and_moves_are_declared_in_the_alignment(corpus: Corpus) -> None:
    pairs = aligned(corpus, "aspect-2015", "ecs-england")
    # The endorsement paragraph moved to the front and was split in two.
    (endorsement,), ecs_parts = pairs["endorsement-1"][0], pairs["endorsement-1"][1] + pairs["endorsement-2"][1]
    assert endorsement.id == "a15-endorsement" and endorsement.align == ("endorsement-1", "endorsement-2")
    assert [c.text.split()[0] for c in ecs_parts] == ["Endorsement", "They"]
    # The practical-application bullets were reordered: the same keys, in another order.
    def order(edition_id: str) -> list[str]:
        return [c.align[0] for c in corpus.edition(edition_id).clauses() if c.align[0].startswith("practice-") and c.kind is ClauseKind.ITEM]
    old, new = order("aspect-2015"), order("ecs-england")
    common = [k for k in new if k in old]
    assert sorted(common) == sorted(old) and common != old
    complying = [c for c in corpus.edition("ecs-england").clauses() if c.text.startswith("complying")]
    assert complying[0].align == pairs["practice-8"][0][0].align


def test_the_social_media_clause_is_declared_added(corpus: Corpus) -> None:
    comparison = corpus.work("six-core-principles").comparisons[0]
    social = [c for c in corpus.edition("ecs-england").clauses() if "social media" in c.text]
    assert len(social) == 1 and social[0].align[0] in comparison.added


def test_systematic_renames_are_declared(corpus: Corpus) -> None:
    renames = {(r.old, r.new) for r in corpus.work("six-core-principles").comparisons[0].renames}
    assert ("EDIPs", "ECS") in renames
    assert ("educational development and improvement professionals", "professionals in education and children's services") in renames
    assert ("the Aspect group of Prospect", "the Prospect Education and Children's Services Group") in renames


def test_apparent_errors_stay_as_printed_with_a_note(corpus: Corpus) -> None:
    sics = {(note.sic, clause.id) for e in corpus.editions() for clause in e.clauses() for note in clause.notes if note.kind is NoteKind.SIC}
    assert ("should and display", "a15-p1-1") in sics
    assert ("EPIPs", "a15-p6-4") in sics
    assert ("systematic holistic", "a15-principle-6") in sics and ("holistic systematic", "a15-p6-h") in sics
    for sic, clause_id in sics:
        assert sic in corpus.clause(clause_id)[1].printed_words


def test_aewm_structure_is_restored(corpus: Corpus) -> None:
    practice = next(s for s in corpus.edition("aewm-2019").walk() if s.id == "aewm-practice")
    assert [s.clauses[0].label for s in practice.sections] == [f"{n}." for n in range(1, 9)]
    assert all(s.clauses[0].label_restored for s in practice.sections)
    assert [c.label for c in practice.sections[4].clauses[1:]] == ["a)", "b)", "c)", "d)"]


def test_atl_footnotes_are_footnotes(corpus: Corpus) -> None:
    notes = list(corpus.edition("atl-2010").footnotes())
    assert [(n.marker, n.lines.first) for n in notes] == [("¹", 83), ("²", 95)]
    assert all("¹" not in c.text.replace(notes[0].marker, "", 1) for c in corpus.edition("atl-2010").clauses())
