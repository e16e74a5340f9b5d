"""The fidelity check: every word of every witness is in the edition or the ledger, in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.errors import FidelityError
from edition.fidelity import check_corpus
from edition.loader import load_corpus
from edition.model import Corpus

A15 = "sources/works/six-core-principles/aspect-2015"
ECS = "sources/works/six-core-principles/ecs-england"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def fidelity_problems(root: Path) -> str:
    with pytest.raises(FidelityError) as caught:
        check_corpus(load_corpus(root))
    return str(caught.value)


def test_all_five_witnesses_are_accounted_for(corpus: Corpus) -> None:
    accounts = check_corpus(corpus)
    assert sorted(a.witness.file for a in accounts) == sorted(p.name for p in (corpus.root / "sources/witnesses").glob("*.txt"))
    for account in accounts:
        # Each part is counted on its own, so the sum is a real check that nothing is lost or counted twice.
        parts = account.edition_words + account.footnote_words + account.excluded_words
        parts += account.markup_words + account.mended_words
        assert parts == account.words, account.witness.id
        assert account.edition_words > 0.8 * account.words or account.witness.id == "w003"


def test_a_deliberately_dropped_word_is_caught(real_copy: Path) -> None:
    edit(real_copy, f"{A15}/principle-1.yaml", "effective learning and teaching as", "effective learning and as")
    message = fidelity_problems(real_copy)
    assert "witness w000" in message
    assert "line 52: “teaching” is in the witness but missing from the edition" in message
    assert "clause 'a15-p1-1'" in message


def test_an_added_word_is_caught(real_copy: Path) -> None:
    edit(real_copy, f"{ECS}/principle-2.yaml", "well-being and the care of all", "well-being and the loving care of all")
    message = fidelity_problems(real_copy)
    assert "witness w001" in message and "has “loving”, which is not in the witness" in message


def test_a_silently_corrected_error_is_caught(real_copy: Path) -> None:
    # Correcting the original's "should and display" is exactly what the edition must not do.
    edit(real_copy, f"{A15}/principle-1.yaml", "professionals should and display", "professionals should nurture and display")
    edit(real_copy, f"{A15}/principle-1.yaml", 'sic: "should and display"', 'sic: "should nurture and display"')
    assert "has “nurture”, which is not in the witness" in fidelity_problems(real_copy)


def test_changed_punctuation_is_caught(real_copy: Path) -> None:
    edit(real_copy, f"{A15}/introduction.yaml", "cultural “glue”.", "cultural 'glue'.")
    assert "line 19: the witness has ““glue”.” where clause 'a15-intro-6'" in fidelity_problems(real_copy)


def test_reordered_clauses_are_caught(real_copy: Path) -> None:
    path = real_copy / f"{ECS}/principle-2.yaml"
    text = path.read_text(encoding="utf-8")
    start2, start3, start4 = (text.index(f"  - id: ecs-p2-{n}\n") for n in (2, 3, 4))
    path.write_text(text[:start2] + text[start3:start4] + text[start2:start3] + text[start4:], encoding="utf-8")
    message = fidelity_problems(real_copy)
    assert "all members of the community" in message or "social and cultural diversity" in message


def test_a_removed_exclusion_leaves_its_words_unaccounted(real_copy: Path) -> None:
    ledger = real_copy / f"{ECS}/ledger.yaml"
    text = ledger.read_text(encoding="utf-8")
    start = text.index("  - id: ecs-x-photo")
    end = text.index("  - id: ecs-x-latex-1")
    ledger.write_text(text[:start] + text[end:], encoding="utf-8")
    message = fidelity_problems(real_copy)
    assert "line 45: “A photograph of three diverse" in message and "missing from the edition" in message


def test_a_clause_may_not_start_mid_line(real_copy: Path) -> None:
    # Splitting one printed paragraph into two clauses needs a witness line break that is not there.
    edit(
        real_copy,
        f"{ECS}/principle-1.yaml",
        "as well as that of others. They should",
        "as well as that of others.\n  - id: ecs-p1-2b\n    kind: paragraph\n    align: p1-2b\n    text: >-\n      They should",
    )
    edit(real_copy, "sources/works/six-core-principles/work.yaml", "      - practice-10\n", "      - practice-10\n      - p1-2b\n")
    message = fidelity_problems(real_copy)
    assert "line 81: clause 'ecs-p1-2b' starts in the middle of a witness line" in message
