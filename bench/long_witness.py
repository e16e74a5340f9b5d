"""A long converted text, for timing the importer on texts far larger than any code of principles.

    python bench/long_witness.py OUT --lines 50000

writes a text as a PDF-to-text converter gives it: a title block, then parts, each a heading,
paragraphs of 40 to 120 words and a numbered list, every paragraph and item wrapped at 72
columns, with a running footer and a page number at each page break (about every 55 lines). The
words are drawn from bench/synthetic.py's vocabulary, so no line repeats another (a repeated line
would be read as a running header). Deterministic for a number of lines and a seed. With
--short: one-line paragraphs instead, as many clauses as lines allow (short_paragraphs).
"""

from __future__ import annotations

import argparse
import random
import textwrap
from pathlib import Path

from synthetic import WORDS

PAGE = 55  # lines per printed page
TITLE = "A Synthetic Code of Practice"


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    sentences, left = [], words
    while left > 0:
        size = min(left, rng.randint(10, 25))
        sentences.append(_sentence(rng, size))
        left -= size
    return " ".join(sentences)


def _blocks(rng: random.Random):
    """Endless blocks of lines (a heading, a paragraph, a list item), each followed by a blank."""
    part = 0
    while True:
        part += 1
        yield [f"Part {part}. {' '.join(w.capitalize() for w in rng.sample(WORDS, 3))}"]
        for _ in range(rng.randint(2, 5)):
            yield textwrap.wrap(_paragraph(rng, rng.randint(40, 120)), 72)
        for number in range(1, rng.randint(3, 7) + 1):
            yield textwrap.wrap(f"{number}. {_paragraph(rng, rng.randint(8, 25))}", 72, subsequent_indent="   ")


def short_paragraphs(lines: int, seed: int = 1) -> str:
    """A text as dense in clauses as a text can be: one-line paragraphs of 4 to 9 words, a heading
    every 200 (a list of duties, say). Past the importer's bound on clauses at 50,000 lines."""
    rng = random.Random(seed)
    out = [TITLE, ""]
    while len(out) < lines:
        if len(out) % 400 < 2:
            out += [f"Part {len(out) // 400 + 1}. {' '.join(w.capitalize() for w in rng.sample(WORDS, 3))}", ""]
        out += [_sentence(rng, rng.randint(4, 9)), ""]
    return "\n".join(out[:lines]).rstrip("\n") + "\n"


def long_witness(lines: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out = [TITLE, "", "Published by the Synthetic Body of Practitioners, March 2026", ""]
    page = 1
    for block in _blocks(rng):
        if len(out) + len(block) >= lines:
            break
        if len(out) // PAGE >= page:  # a page break between blocks: footer and page number
            out += [f"{TITLE} · Page {page}", "", str(page), ""]
            page += 1
        out += [*block, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--short", action="store_true", help="one-line paragraphs (short_paragraphs)")
    args = parser.parse_args()
    make = short_paragraphs if args.short else long_witness
    args.out.write_text(make(args.lines, args.seed), encoding="utf-8")
    print(args.out)


if __name__ == "__main__":
    main()
