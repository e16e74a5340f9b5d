"""How much a reader has to look at: marked spans in our default comparison view, against what a
plain word diff of the same two texts marks. A benchmark that reports figures; nothing is asserted.

    python bench/compare_noise.py        (or: make bench)
"""

from __future__ import annotations

import sys
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from diff_match_patch import diff_match_patch  # noqa: E402

from edition.compare import Comparison, compare_editions  # noqa: E402
from edition.loader import load_corpus  # noqa: E402


def default_view_spans(comparison: Comparison) -> int:
    """<ins>/<del> elements the default view shows (renames and typography unmarked)."""
    return sum(1 for group in comparison.rows() for piece in group.pieces if piece.marked)


def document_words(comparison: Comparison, old: bool) -> list[str]:
    edition = comparison.old if old else comparison.new
    return " ".join(" ".join(filter(None, (c.label, c.term, c.text))) for c in edition.clauses()).split()


def dmp_word_diff_spans(a: list[str], b: list[str]) -> int:
    """diff-match-patch on words, no clean-up: a plain word diff (like `git diff --word-diff`)."""
    table: dict[str, str] = {}

    def encode(words: list[str]) -> str:
        return "".join(table.setdefault(w, chr(0x100 + len(table))) for w in words)

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    return sum(1 for op, _ in engine.diff_main(encode(a), encode(b), False) if op != 0)


def difflib_word_diff_spans(a: list[str], b: list[str]) -> int:
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(2 if tag == "replace" else 1 for tag, *_ in opcodes if tag != "equal")


def main() -> None:
    corpus = load_corpus(ROOT)
    for comparison in compare_editions(corpus):
        old, new = document_words(comparison, True), document_words(comparison, False)
        ours = default_view_spans(comparison)
        plain = dmp_word_diff_spans(old, new)
        lib = difflib_word_diff_spans(old, new)
        moved = sum(1 for g in comparison.rows() if g.moved)
        hidden = sum(comparison.variant_counts.values())
        print(f"Comparison {comparison.old.short_name} -> {comparison.new.short_name}")
        print(f"  marked spans, default view ............. {ours:5d}")
        print(f"  marked spans, plain word diff (dmp) ..... {plain:5d}")
        print(f"  marked spans, plain word diff (difflib) . {lib:5d}")
        print(f"  moves shown as moves, not delete+insert . {moved:5d}")
        print(f"  renames and typographic variants listed once, not marked: {hidden}")


if __name__ == "__main__":
    main()
