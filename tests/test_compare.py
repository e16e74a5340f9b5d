"""The comparison engine: correspondence from the alignment, moves, and diffs without noise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import MINI, ROOT
from edition.compare import Comparison, Kind, Op, Variant, compare, compare_editions, tokenize
from edition.loader import load_corpus
from edition.model import ClauseKind, Corpus


@pytest.fixture(scope="module")
def comparison(corpus: Corpus) -> Comparison:
    (only,) = compare_editions(corpus)
    return only


def marked(comparison: Comparison, clause_id: str) -> list[tuple[str, str]]:
    for group in comparison.rows():
        if clause_id in [c.id for c in group.old + group.new]:
            return [(p.op.value, p.text) for p in group.pieces if p.marked]
    raise KeyError(clause_id)


def group_of(comparison: Comparison, clause_id: str):
    return next(g for g in comparison.rows() if clause_id in [c.id for c in g.old + g.new])


def test_tokens_carry_renames_and_typographic_keys() -> None:
    old = tokenize("EDIPs’ “glue” – here", {"EDIPs": "ECS"})
    new = tokenize("ECS' 'glue' - here", {"ECS": "ECS"})
    assert [t.key for t in old] == [t.key for t in new]
    assert old[0].rename and old[0].text == "EDIPs"


def test_the_mini_comparison(tmp_path: Path) -> None:
    corpus = load_corpus(MINI)
    result = compare(corpus, corpus.work("code").comparisons[0])
    rows = {g.id: g for g in result.rows()}
    assert [(p.op, p.text) for p in rows["new-1"].pieces if p.marked] == [(Op.INSERT, " and care")]
    assert [p.variant for p in rows["new-1"].pieces if p.variant] == [Variant.RENAME]
    assert rows["new-3"].kind is Kind.ADDED
    assert {g.old[0].id for g in result.rows() if g.kind is Kind.DROPPED} == {"old-edition", "old-3"}


# Changes found by reading the two witnesses side by side (000 against 001), not by running the engine.
EXPECTED_MARKS = [
    ("a15-principle-2", "insert", "well-being, "),
    ("a15-p2-h", "insert", "well-being, "),
    ("a15-p2-7", "insert", "well-being and the "),
    ("a15-p5-2", "insert", ", supporting a culture of well-being in the workplace"),
    ("a15-p1-1", "insert", "nurture "),
    ("a15-p1-3", "delete", "achievement"),
    ("a15-p1-3", "insert", "attainment"),
    ("a15-intro-7", "delete", "locality"),
    ("a15-intro-7", "insert", "location"),
    ("a15-intro-7", "insert", ", and again in 2015,"),
    ("a15-intro-8", "delete", "recently updated"),
    ("a15-intro-8", "insert", "updated in 2014"),
    ("a15-p3-4", "delete", "educational improvement"),
    ("a15-practice-lead", "delete", "above"),
    ("a15-practice-lead", "insert", "here"),
    ("a15-conclusion-h", "delete", "Conclusion"),
    ("a15-conclusion-h", "insert", "Delivery of the principles"),
    ("a15-conclusion-1", "delete", "of all sizes "),
    ("a15-cc-3", "delete", "might"),
    ("a15-cc-3", "insert", "may"),
    ("a15-cc-11", "insert", "their own "),
    ("a15-cc-h", "delete", "THE ASPECT GROUP OF PROSPECT "),
]


@pytest.mark.parametrize(("clause_id", "op", "text"), EXPECTED_MARKS)
def test_each_substantive_change_is_marked(comparison: Comparison, clause_id: str, op: str, text: str) -> None:
    assert (op, text) in marked(comparison, clause_id)


def test_the_poverty_gap_and_accountability_additions_are_marked(comparison: Comparison) -> None:
    inserted = " ".join(text for op, text in marked(comparison, "a15-intro-7") if op == "insert")
    assert "closing the poverty-related attainment gap" in inserted
    assert "must hold those with strategic and operational responsibility accountable" in inserted
    inserted = " ".join(text for op, text in marked(comparison, "a15-p1-3") if op == "insert")
    assert "closing the poverty-related attainment gap" in inserted


def test_added_dropped_moved_and_split_clauses(comparison: Comparison) -> None:
    added = {c.id for g in comparison.rows() if g.kind is Kind.ADDED for c in g.new}
    dropped = {c.id for g in comparison.rows() if g.kind is Kind.DROPPED for c in g.old}
    assert "ecs-practice-9" in added and "ecs-licence" in added  # the social-media bullet; the licence
    assert {f"ecs-p{n}-k" for n in range(1, 7)} <= added  # ENCOURAGE, OPPORTUNITY, ...
    assert {"a15-edition", "a15-intro-h", "a15-principles-h", "a15-context-h"} == dropped
    endorsement = group_of(comparison, "a15-endorsement")
    assert endorsement.kind is Kind.SPLIT and endorsement.moved
    assert [c.id for c in endorsement.new] == ["ecs-endorsement-1", "ecs-endorsement-2"]
    # The reordered practical applications move; nothing in them is deleted and re-inserted.
    moved = {g.new[0].text.split()[0] for g in comparison.rows() if g.moved and g.new[0].kind is ClauseKind.ITEM}
    assert moved == {"complying", "having"}
    for first_word in moved:
        group = next(g for g in comparison.rows() if g.new and g.new[0].text.startswith(first_word))
        assert not [p for p in group.pieces if p.marked]
    assert group_of(comparison, "a15-conclusion-2").kind is Kind.SPLIT
    assert group_of(comparison, "a15-conclusion-4").kind is Kind.SPLIT


def test_renames_and_typography_are_never_marked(comparison: Comparison) -> None:
    renames = {(r.old, r.new) for r in comparison.spec.renames}
    for group in comparison.rows():
        pieces = [p for p in group.pieces if p.marked]
        for before, after in zip(pieces, pieces[1:]):
            assert (before.text, after.text) not in renames, group.id
        for piece in pieces:
            assert piece.text.strip() not in {"“", "”", "'", "’", "‘", "\"", "–", "-"}, group.id
    # The profession's name is never marked: not even where the new edition spells it out in full
    # for the 2015 text's EDIPs (2015 lines 62, 99), which an earlier comparison marked.
    old_forms = re.compile(r"EDIPs|EPIPs|educational development and improvement professionals", re.IGNORECASE)
    assert not [g.id for g in comparison.rows() for p in g.pieces if p.marked and old_forms.search(p.text)]
    for clause_id in ("a15-p2-1", "a15-p4-2"):
        assert [(p.old_text, p.text) for p in group_of(comparison, clause_id).variants] == [("EDIPs", "Professionals in education and children's services")]
    counts = {(r.old, r.new): n for r, n in comparison.renames}
    assert counts["EDIPs", "ECS"] >= 12 and counts["EPIPs", "ECS"] == 1
    assert counts["EDIPs", "Professionals in education and children's services"] == 2
    # Each replacement is counted once, under one declared rename.
    assert sum(counts.values()) == sum(1 for g in comparison.rows() for p in g.variants if p.variant is Variant.RENAME)


# Differences in punctuation or a link's scheme only, read off the witnesses (2015 lines 43, 65, 141).
FOLDED = [("a15-principle-3", ",", ""), ("a15-conclusion-2", ",", ""), ("a15-intro-8", "http://", "")]


@pytest.mark.parametrize(("clause_id", "old", "new"), FOLDED)
def test_the_noise_rule_folds_punctuation_and_link_schemes(comparison: Comparison, clause_id: str, old: str, new: str) -> None:
    group = group_of(comparison, clause_id)
    assert (old, new) in [(p.old_text, p.text) for p in group.variants if p.variant is Variant.TYPOGRAPHIC]
    assert old not in [p.text for p in group.pieces if p.marked]
    assert comparison.variant_counts["punctuation"] >= 2 and comparison.variant_counts["link schemes (http://, https://)"] == 1


def test_the_noise_rule_keeps_a_change_of_words_that_also_changes_punctuation() -> None:
    from edition.compare import _fold_typography, _word_diff

    def changes(old: str, new: str) -> list[tuple[str, str]]:
        pieces = _fold_typography(list(_word_diff(tokenize(old, {}), tokenize(new, {}))))
        return [(p.op.value, p.text) for p in pieces if p.marked]

    assert changes("respect, courtesy", "respect courtesy") == []
    assert changes("see http://example.org", "see example.org") == []
    assert changes("see http://example.org", "see https://example.org") == []
    assert changes("respect, courtesy", "respect and courtesy") != []  # "and" is a word: still marked
    assert changes("see http://example.org", "see http://example.com") != []  # another address


QUOTES = str.maketrans({c: "'" for c in "\"‘’“”"} | {"–": "-", "—": "-"})


def normalised(text: str, renames: dict[str, str], heading: bool, listlike: bool) -> str:
    """An independent normalisation: renames applied, quotes and dashes unified, spacing collapsed,
    and (the noise rule) punctuation and links' schemes left out."""
    for old in sorted(renames, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", renames[old], text)
    text = re.sub(r"https?://", " ", text)
    text = re.sub(r"[^\w\s']|_", " ", text.translate(QUOTES)).replace("'", " ")
    text = " ".join(text.split())
    return text.lower() if heading else text


def name_groups(renames) -> dict[str, str]:
    """Each declared wording, old or new, mapped to one name for all the wordings joined to it by
    some rename (worked out here by repeated merging, not as the engine does it)."""
    group = {w: w for r in renames for w in (r.old, r.new)}
    changed = True
    while changed:
        changed = False
        for r in renames:
            low = min(group[r.old], group[r.new])
            for w in (r.old, r.new):
                if group[w] != low:
                    for other, g in list(group.items()):
                        if g == group[w]:
                            group[other] = low
                    changed = True
    return {w: "NAME" + str(sorted(set(group.values())).index(g)) for w, g in group.items()}


def test_a_pair_is_marked_exactly_when_its_normalised_texts_differ(comparison: Comparison) -> None:
    renames = name_groups(comparison.spec.renames)
    checked = 0
    for group in comparison.rows():
        if len(group.old) != 1 or len(group.new) != 1:
            continue
        old, new = group.old[0], group.new[0]
        heading = old.kind is ClauseKind.HEADING and new.kind is ClauseKind.HEADING
        listlike = ClauseKind.ITEM in (old.kind, new.kind) or ClauseKind.HEADING in (old.kind, new.kind)
        differ = normalised(old.text, renames, heading, listlike) != normalised(new.text, renames, heading, listlike)
        assert differ == any(p.marked for p in group.pieces), (old.id, old.text, new.text)
        checked += 1
    assert checked > 80


# Every comparison of the real corpus and of the test corpora, among them splits and merges of
# list items (the branches fixture splits an item whose first half ends with a full stop).
REBUILT = [ROOT, MINI, ROOT / "tests/fixtures/branches", ROOT / "tests/fixtures/differences"]


@pytest.mark.parametrize("root", REBUILT, ids=["real", "mini", "branches", "differences"])
def test_pieces_rebuild_both_texts_exactly(root: Path) -> None:
    def side(pieces, ops, breaks) -> str:
        return "".join(
            " " if p.op in breaks else (p.old_text if p.variant and Op.DELETE in ops else p.text)
            for p in pieces
            if p.op in ops or p.op in breaks
        )

    groups = [g for c in compare_editions(load_corpus(root)) for g in c.rows()]
    assert root.name != "branches" or any(len(g.new) > 1 for g in groups), "the split is still in the fixture"
    for group in groups:
        old_text = side(group.pieces, (Op.EQUAL, Op.DELETE), (Op.OLD_BREAK,))
        new_text = side(group.pieces, (Op.EQUAL, Op.INSERT), (Op.NEW_BREAK,))
        assert " ".join(old_text.split()) == " ".join(" ".join(c.text for c in group.old).split()), group.id
        assert " ".join(new_text.split()) == " ".join(" ".join(c.text for c in group.new).split()), group.id


def test_every_pair_of_editions_is_compared(corpus: Corpus) -> None:
    for work in corpus.works:
        pairs = {(c.old, c.new) for c in work.comparisons}
        ids = [e.id for e in work.editions]
        assert pairs == {(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}


def test_a_new_edition_needs_data_only(mini_copy: Path) -> None:
    """A third edition of the mini code, added as files alone, gets its comparisons and pages."""
    import hashlib

    from edition.pipeline import generate

    sources = mini_copy / "sources"
    witness = "THE MINI CODE\n\n- 1 Associates act with integrity, care and courage.\n"
    (sources / "witnesses" / "newer.txt").write_text(witness, encoding="utf-8")
    digest = hashlib.sha256(witness.encode()).hexdigest()
    with (sources / "witnesses" / "witnesses.yaml").open("a", encoding="utf-8") as f:
        f.write(
            f"  - id: m-newer\n    file: newer.txt\n    sha256: {digest}\n    what: A third edition.\n"
            "    issuer: Mini Society\n    date_as_given: none\n    origin: The tests.\n    conversion: None.\n"
        )
    edition = sources / "works" / "code" / "newer"
    edition.mkdir()
    (edition / "edition.yaml").write_text(
        (sources / "works/code/new/edition.yaml").read_text().replace("id: new\n", "id: newer\n")
        .replace("witness: m-new", "witness: m-newer").replace("short_name: Mini new", "short_name: Mini newer"),
        encoding="utf-8",
    )
    (edition / "ledger.yaml").write_text("markup:\n  - pattern: '^- '\n    reason: List bullets.\n", encoding="utf-8")
    (edition / "text.yaml").write_text(
        "id: newer-code\nkind: section\ntitle: The code\nalign: code\nclauses:\n"
        "  - id: newer-title\n    kind: heading\n    align: title\n    text: THE MINI CODE\n"
        "  - id: newer-1\n    kind: item\n    label: \"1\"\n    align: item-1\n    text: Associates act with integrity, care and courage.\n",
        encoding="utf-8",
    )
    work = sources / "works" / "code" / "work.yaml"
    work.write_text(
        work.read_text().replace("  - new\ncomparisons:", "  - new\n  - newer\ncomparisons:")
        + "  - from: old\n    to: newer\n    renames:\n      - from: Members\n        to: Associates\n        kind: same-referent\n        note: Renamed.\n"
        "    dropped: [edition-statement, item-2, support]\n"
        "  - from: new\n    to: newer\n    dropped: [item-2, item-3]\n",
        encoding="utf-8",
    )
    site = generate(mini_copy).site
    corpus = load_corpus(mini_copy)
    summaries = {p.url for p in site.pages if p.url.startswith("code/compare/") and p.url.count("/") == 3}
    assert summaries == {"code/compare/old--new/", "code/compare/old--newer/", "code/compare/new--newer/"}
    newest = compare(corpus, corpus.work("code").comparisons[2])
    row = next(g for g in newest.rows() if g.id == "newer-1")
    marks = " ".join(p.text for p in row.pieces if p.marked)
    assert "courage" in marks  # the new word is marked
    assert "Associates" not in marks and "integrity" not in marks  # the unchanged words are not
