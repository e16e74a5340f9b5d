"""The generator's stages, in order, each a plain function of what the stage before made:

    load_corpus      sources/ -> Corpus                       (loader.py: schemas, ids, references)
    check_corpus     Corpus -> fidelity accounts              (fidelity.py: every witness word)
    compare_editions Corpus -> comparisons                    (compare.py: a neutral table)
    trace_lineage    comparisons -> each clause's line through every edition (lineage.py)
    make_pages       all of these -> Site                     (pages/: addresses, arrangement, HTML)
    check_addresses  Site -> nothing, or the first address that broke   (permalinks.py)

then docs_tree.py writes the Site as a docs tree a site engine builds. A build keeps nothing
between runs; `make serve` keeps only what Kept says. `generate` is what `make check`, `make site`,
`make serve` and the importer's own check call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from . import drafts, permalinks
from .compare import Comparison, compare_editions
from .fidelity import WitnessAccount, check_corpus
from .lineage import Lineage, trace_lineage
from .loader import ParsedFiles, load_corpus
from .model import Corpus
from .pages import Site, make_pages
from .pages.render import environment


@dataclass(frozen=True)
class Generated:
    corpus: Corpus
    accounts: list[WitnessAccount]
    comparisons: list[Comparison]
    lineage: Lineage
    site: Site
    docs: dict[str, str]  # the hand-written pages: URL -> file under docs/


@dataclass(frozen=True)
class Kept:
    """What a long-running preview (`make serve`) keeps between regenerations, so that an edit
    costs little more than what it changed: each source file's checked parse, reused while the
    file's bytes and the schemas are unchanged (loader.ParsedFiles), and the compiled templates
    (Jinja recompiles a template whose file changed). A build keeps nothing."""

    parsed: ParsedFiles = field(default_factory=ParsedFiles)
    templates: Environment = field(default_factory=environment)


def generate(root: Path, docs_dir: Path | None = None, kept: Kept | None = None, site_url: str | None = None) -> Generated:
    """Sources in, the site as data out; raises SourceError or FidelityError at the first problem.
    `site_url`: the address the site is published at, if known (absolute addresses in citations)."""
    docs_dir = docs_dir or root / "docs"
    corpus = load_corpus(root, kept.parsed if kept else None)
    if site_url is not None:
        drafts.refuse_for_publishing(corpus)
    accounts = check_corpus(corpus)
    comparisons = compare_editions(corpus)
    lineage = trace_lineage(corpus, comparisons)
    docs = permalinks.docs_pages(docs_dir)
    site = make_pages(corpus, accounts, comparisons, lineage, docs, kept.templates if kept else None, site_url)
    permalinks.refuse_collisions(site, docs_dir, docs)
    return Generated(corpus, accounts, comparisons, lineage, site, docs)


def check_addresses(generated: Generated, root: Path) -> None:
    """Every address sources/permalinks.txt lists still resolves, or is redirected."""
    permalinks.check(generated.corpus, generated.docs, root, permalinks.resolver(generated.site, generated.docs))
