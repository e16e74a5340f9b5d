"""What a word is, and what typography is: one definition, for the comparison (compare.py) and,
in the reader's browser, for check/ and search (docs/assets/words.js implements the same rules;
tests/test_words.py runs both over the same vectors, tests/fixtures/words.json).

- Typographic folding: every single quotation mark and apostrophe to ', every double one to ",
  every dash and the minus sign to -; then compatibility forms (ligatures, full-width letters,
  no-break spaces) to their plain form (NFKC). Differences that vanish under it are typography.
- A word: a run of letters, digits and underscores (Python's \\w; \\p{L}\\p{N}_ in JavaScript), with
  an apostrophe inside it kept (don't, children's are one word each), after folding.
"""

from __future__ import annotations

import re
import unicodedata

SINGLE_QUOTES = "'‘’‚‛′`´"
DOUBLE_QUOTES = "\"“”„‟″«»"
DASHES = "-‐‑‒–—―−"  # hyphen-minus, hyphen, non-breaking hyphen, figure dash, en, em, bar, minus
_FOLD = str.maketrans({**{q: "'" for q in SINGLE_QUOTES}, **{q: '"' for q in DOUBLE_QUOTES}, **{d: "-" for d in DASHES}})
WORD = re.compile(r"\w+(?:'\w+)*")


def fold(text: str) -> str:
    """`text` with its typography folded (one quotation mark of each kind, one dash, NFKC). The marks
    are folded first: NFKC alone would make an acute accent a space and a combining accent, and a
    double prime two primes."""
    if text.isascii():  # NFKC leaves ASCII as it is, and folding the marks keeps it ASCII
        return text.translate(_FOLD)
    return unicodedata.normalize("NFKC", text.translate(_FOLD)).translate(_FOLD)


def words(text: str) -> list[str]:
    """The words of `text`, after folding, in order (case kept)."""
    return WORD.findall(fold(text))
