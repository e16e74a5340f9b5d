"""One definition of a word and of typography, in the build and in the browser: words.py (which the
comparison uses) and docs/assets/words.js (which check/ and search use) give, for every vector in
tests/fixtures/words.json (written by hand), the folded text and the words the vector says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, served

from edition.compare import tokenize
from edition.words import fold, words

VECTORS = json.loads((ROOT / "tests" / "fixtures" / "words.json").read_text(encoding="utf-8"))["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["text"][:20] for v in VECTORS])
def test_the_build_folds_and_splits_as_the_vectors_say(vector: dict) -> None:
    assert fold(vector["text"]) == vector["fold"]
    assert words(vector["text"]) == vector["words"]


def test_the_comparison_tokenises_into_the_same_words() -> None:
    """compare.py keeps each token's printed form; its tokens hold the words, in order, and no word
    is cut across two tokens (a compatibility form such as ½ may hold two)."""
    for vector in VECTORS:
        tokens = tokenize(vector["text"], {})
        assert [w for t in tokens for w in words(t.text)] == vector["words"], vector["text"]


def test_the_browser_folds_and_splits_as_the_vectors_say(page, site_dir: Path) -> None:
    with served(site_dir) as base:
        page.goto(base + "check/")
        found = page.evaluate("vs => vs.map(v => [EditionWords.fold(v), EditionWords.words(v)])", [v["text"] for v in VECTORS])
        page.context.close()
    for vector, (folded, split) in zip(VECTORS, found):
        assert (folded, split) == (vector["fold"], vector["words"]), vector["text"]
