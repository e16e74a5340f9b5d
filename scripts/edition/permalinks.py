"""Published addresses never break.

sources/permalinks.txt lists every address the edition has published: each page, each file of
the API, each clause, footnote and section anchor, and each line of a work's current
addresses and clause histories. It only grows (`python -m edition
permalinks` adds what is new). Every build checks that each listed address still resolves: its
page exists and, for an anchor, carries that element id; if not, a redirect in
sources/redirects.yaml must say where it leads (the pages stage publishes what takes the reader
there: pages/redirects.py). Otherwise the build stops.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from pathlib import Path

from .addresses import Resolver
from .errors import Place, SourceError
from .model import Corpus
from .pages import Site
from .pages.redirects import SCRIPT as REDIRECTS_SCRIPT
from .pages.urls import Urls
from .sources_write import commit_change, sha256

REGISTER = Path("sources") / "permalinks.txt"
HEADER = """\
# Every address this edition has published, from the site's root (/ is the home page). Trainers cite these for
# years: never remove a line. When an address no longer resolves, declare in redirects.yaml where it
# now leads. `python -m edition permalinks` (or `make permalinks`) adds newly published addresses.
"""


def docs_pages(docs_dir: Path) -> dict[str, str]:
    """The hand-written pages in docs/: each one's URL (directory-style) and its file, relative to
    docs/."""
    urls = {}
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).with_suffix("").as_posix()
        if relative == "index" or relative.endswith("/index"):
            relative = relative[: -len("index")]
        urls[relative + "/" if relative and not relative.endswith("/") else relative] = path.relative_to(docs_dir).as_posix()
    return urls


def refuse_collisions(site: Site, docs_dir: Path, docs: dict[str, str]) -> None:
    """A hand-written page or file in docs/ may not take an address the generator publishes:
    one of the two would silently replace the other."""
    generated = {page.url: page for page in site.pages}
    for url, path in docs.items():
        if url in generated:
            raise SourceError(
                Place(f"{docs_dir.name}/{path}", 1),
                f"is published at /{url}, the address of the generated page “{generated[url].title}”: "
                "a page in docs/ may not take a generated address; rename or move it",
            )
    for file in site.files:
        if (docs_dir / file.path).exists():
            raise SourceError(
                Place(f"{docs_dir.name}/{file.path}", 1),
                f"is published at /{file.path}, which the generator also writes; rename or move it",
            )


def published(site: Site, corpus: Corpus, docs: Iterable[str]) -> list[str]:
    """Every address the site publishes that the edition promises to keep."""
    urls = Urls(corpus)
    moved = _redirect_sources(corpus)  # old addresses already listed; their redirect pages add nothing
    addresses = {page.url for page in site.pages if page.url not in moved}
    addresses |= set(docs)
    addresses |= {f.path for f in site.files if f.path != REDIRECTS_SCRIPT}  # the API, not the site's own script
    for edition in corpus.editions():
        for section in edition.walk():
            addresses.add(str(urls.section(section)))
        for clause in [*edition.clauses(), *edition.footnotes()]:
            addresses.add(str(urls.clause(clause)))
    addresses |= {f"{page.url}#{anchor}" for page in site.pages for anchor in page.promised}
    return sorted(addresses)


def _redirect_sources(corpus: Corpus) -> set[str]:
    return {r.source for r in corpus.redirects if "#" not in r.source}


def read_register(root: Path) -> list[tuple[int, str]]:
    """(line number, site-relative address) for each registered address. The file writes each
    from the root ("/about/"); addresses inside the edition are relative ("about/", "" for home)."""
    path = root / REGISTER
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append((number, line.removeprefix("/")))
    return entries


def update_register(root: Path, addresses: list[str]) -> list[str]:
    """Add the addresses not yet listed; never remove one. Returns what was added. Call with the
    lock on sources/ held (sources_write.locked): the register is replaced whole, all or nothing."""
    listed = {url for _, url in read_register(root)}
    new = [a for a in addresses if a not in listed]
    path = root / REGISTER
    text = (HEADER + "".join(f"/{url}\n" for url in sorted(listed | set(new)))).encode("utf-8")
    if path.exists():
        old = path.read_bytes()
        if old != text:
            commit_change(root, {}, {path: text}, {path: sha256(old)})
    else:
        commit_change(root, {path: text}, {}, {})
    return new


def resolver(site: Site, docs: Container[str]) -> Resolver:
    return Resolver({p.url: p.anchors for p in site.pages}, frozenset(f.path for f in site.files), docs)


def check(corpus: Corpus, docs: Container[str], root: Path, resolver: Resolver) -> None:
    """Stop when a registered address no longer resolves and no redirect covers it."""
    redirected = {r.source for r in corpus.redirects}
    for line, address in read_register(root):
        page = address.partition("#")[0]
        if resolver.resolves(address) or address in redirected or page in redirected:
            continue
        reason = "its page is gone" if page not in resolver.pages and page not in docs and page not in resolver.files else "its page no longer has that element"
        raise SourceError(
            Place(REGISTER.as_posix(), line),
            f"the published address /{address} no longer resolves ({reason}); declare where it now leads in sources/redirects.yaml",
        )
