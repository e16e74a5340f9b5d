"""Command line: `python -m edition check` validates the sources and accounts for every witness word."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import FidelityError, SourceError
from .fidelity import check_corpus
from .loader import load_corpus

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate sources/ and run the fidelity check")
    check.add_argument("--root", type=Path, default=ROOT, help="project root (default: this checkout)")
    args = parser.parse_args(argv)
    try:
        corpus = load_corpus(args.root)
        accounts = check_corpus(corpus)
    except (SourceError, FidelityError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for account in accounts:
        print(
            f"{account.witness.id}: {account.words} words = {account.edition_words} in {account.edition.id}"
            f" + {account.footnote_words} in footnotes + {account.excluded_words} excluded"
            f" + {account.markup_words} conversion markup + {account.mended_words} mended word breaks"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
