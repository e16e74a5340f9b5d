"""The whole generator in one call: sources in, the site as data out, every check applied.

load (schemas, references) -> fidelity (every witness word) -> pages, comparisons, API ->
redirects -> permalinks (no published address breaks). Engine-independent: the MkDocs hook and the
command line both call this.
"""

from __future__ import annotations

from pathlib import Path

from . import permalinks
from .fidelity import WitnessAccount, check_corpus
from .loader import load_corpus
from .model import Corpus
from .site import Site
from .site.pages import build_site


def build(root: Path, docs_dir: Path | None = None) -> tuple[Corpus, list[WitnessAccount], Site]:
    corpus = load_corpus(root)
    accounts = check_corpus(corpus)
    site = build_site(corpus, accounts)
    docs = permalinks.docs_pages(docs_dir or root / "docs")
    permalinks.apply_redirects(site, corpus, docs)
    permalinks.check(site, corpus, docs, root)
    return corpus, accounts, site
