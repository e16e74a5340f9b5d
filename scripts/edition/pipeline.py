"""The generator's stages, in order, each a plain function of what the stage before made:

    load_corpus      sources/ -> Corpus                       (loader.py: schemas, ids, references)
    for each work, from the corpus as that work sees it (work_part):
      check_corpus     -> fidelity accounts                   (fidelity.py: every witness word)
      compare_editions -> comparisons                         (compare.py: a neutral table)
      trace_lineage    -> each clause's line through every edition (lineage.py)
      make_work_pages  -> the work's pages and files          (pages/: addresses, arrangement, HTML)
    make_site        every work's part -> Site                (pages/make.py: what reads all works)
    check_addresses  Site -> nothing, or the first address that broke   (permalinks.py)

then docs_tree.py writes the Site as a docs tree a site engine builds. A build keeps nothing
between runs; `make serve` keeps what keep.Kept says, each work's part under a key made from its
content. `generate` is what `make check`, `make site`, `make serve` and the importer's own check call.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from . import drafts, permalinks
from .compare import Comparison, compare_editions
from .fidelity import WitnessAccount, check_corpus
from .keep import Kept, shared_digest, work_key
from .lineage import Lineage, join_lineages, trace_lineage
from .loader import load_corpus
from .model import Corpus, Work
from .pages import Site
from .pages.make import WorkPages, make_site, make_work_pages
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
class WorkPart:
    """One work through every stage but the site's: made from a corpus holding that work alone."""

    work: Work
    accounts: tuple[WitnessAccount, ...]
    comparisons: tuple[Comparison, ...]
    lineage: Lineage
    pages: WorkPages


def work_part(corpus: Corpus, work: Work, templates: Environment | None, site_url: str | None) -> WorkPart:
    """The stages for one work, from the corpus as that work sees it (Corpus.scoped)."""
    scoped = corpus.scoped(work)
    accounts = check_corpus(scoped)
    comparisons = compare_editions(scoped)
    lineage = trace_lineage(scoped, comparisons)
    pages = make_work_pages(scoped, accounts, comparisons, lineage, templates, site_url)
    return WorkPart(work, tuple(accounts), tuple(comparisons), lineage, pages)


def fingerprint(part: WorkPart) -> str:
    """A digest of a part's pages and files, checked before a kept part is reused (keep.py)."""
    h = hashlib.sha256()
    pages = part.pages
    for page in (*pages.reading, *pages.history, *pages.comparison):
        h.update(str(page.body).encode("utf-8"))
        h.update(repr(replace(page, body=Markup(""), anchors=tuple(sorted(page.anchors)), promised=tuple(sorted(page.promised)))).encode("utf-8"))
    api = pages.api
    for file in (*api.comparisons, *api.csl, *api.edition_tei, *api.apparatus, api.work_tei):
        h.update(file.path.encode("utf-8") + b"\0" + len(file.content).to_bytes(8, "big") + file.content)
    for record in api.clause_records:
        h.update(len(record).to_bytes(8, "big") + record)
    return h.hexdigest()


def generate(root: Path, docs_dir: Path | None = None, kept: Kept | None = None, site_url: str | None = None) -> Generated:
    """Sources in, the site as data out; raises SourceError or FidelityError at the first problem.
    `site_url`: the address the site is published at, if known (absolute addresses in citations).
    `kept`: what a preview keeps between regenerations (keep.py); a build keeps nothing."""
    docs_dir = docs_dir or root / "docs"
    corpus = load_corpus(root, kept.parsed if kept else None, kept.loaded_work if kept else None)
    if site_url is not None:
        drafts.refuse_for_publishing(corpus)
    # One environment for every work and the site: each compiles a template once (an environment
    # per work compiled every template again for each work: seconds at 16 times the real corpus).
    templates = kept.templates if kept else environment(auto_reload=False)
    if kept is None:
        parts = [work_part(corpus, work, templates, site_url) for work in corpus.works]
    else:
        shared = shared_digest(corpus)
        parts = [
            kept.part(
                work.id, work_key(corpus, work, shared, kept.code, site_url),
                lambda work=work: work_part(corpus, work, templates, site_url), fingerprint,
            )
            for work in corpus.works
        ]
        # A kept part's work equals the loaded one (same key, same sources): the site is made from
        # the kept objects, so that every part and the corpus refer to the same editions.
        corpus = replace(corpus, works=tuple(p.work for p in parts))
    accounts = [a for p in parts for a in p.accounts]
    comparisons = [c for p in parts for c in p.comparisons]
    lineage = join_lineages([p.lineage for p in parts])
    docs = permalinks.docs_pages(docs_dir)
    site = make_site(corpus, accounts, lineage, [p.pages for p in parts], docs, templates, site_url)
    permalinks.refuse_collisions(site, docs_dir, docs)
    return Generated(corpus, accounts, comparisons, lineage, site, docs)


def check_addresses(generated: Generated, root: Path) -> None:
    """Every address sources/permalinks.txt lists still resolves, or is redirected."""
    permalinks.check(generated.corpus, generated.docs, root, permalinks.resolver(generated.site, generated.docs))
