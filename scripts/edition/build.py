"""The whole generator in one call: sources in, the site as data out, every check applied.

load (schemas, references) -> fidelity (every witness word) -> pages, comparisons, API ->
redirects -> permalinks (no published address breaks). Engine-independent: the MkDocs hook and the
command line both call this. The build cache (cache.py) lets each step skip work whose inputs are
unchanged since the last build; the result is the same either way.
"""

from __future__ import annotations

from pathlib import Path

from . import permalinks
from .fidelity import WitnessAccount, check_corpus
from .loader import load_corpus
from .model import Corpus
from .pages import Site
from .pages.pages import build_site


def build(root: Path, docs_dir: Path | None = None) -> tuple[Corpus, list[WitnessAccount], Site]:
    corpus, accounts, site, docs, resolver = generate(root, docs_dir)
    permalinks.check(corpus, docs, root, resolver)
    return corpus, accounts, site


def generate(
    root: Path, docs_dir: Path | None
) -> tuple[Corpus, list[WitnessAccount], Site, dict[str, str], permalinks.Resolver]:
    """Everything but the check of the register: the site, its hand-written pages, and what
    resolves on it. `python -m edition permalinks` registers from here."""
    corpus = load_corpus(root)
    accounts = check_corpus(corpus)
    site = build_site(corpus, accounts)
    docs_dir = docs_dir or root / "docs"
    docs = permalinks.docs_pages(docs_dir)
    permalinks.refuse_collisions(site, docs_dir, docs)
    resolver = permalinks.resolver(site, docs)  # redirects only add pages and scripts: no new anchors
    permalinks.apply_redirects(site, corpus, docs, resolver)
    return corpus, accounts, site, docs, resolver
