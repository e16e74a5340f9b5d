"""Command line.

    python -m edition check        validate sources/, account for every witness word, build the
                                   site in memory and check that no published address broke
    python -m edition permalinks   add newly published addresses to sources/permalinks.txt
    python -m edition import --witness FILE --work WORK --edition NEW [--compare EXISTING]
                                   draft a new edition from a converted text (see sources/README.md)
    python -m edition site [--engine mkdocs|zensical] [--site-url URL]
                                   build site/: generate, write the docs tree, run the engine,
                                   finish every page, swap the result in (make site; the
                                   address it is published at comes from $SITE_URL)
    python -m edition serve [--engine mkdocs|zensical]
                                   preview, rebuilding as sources change (make serve)

One command writes sources/ at a time, and each first finishes (or undoes) what a killed one left
there: sources_write.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from . import drafts, permalinks, sources_write
from .pipeline import check_addresses, generate
from .errors import FidelityError, SourceError

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("check", "validate the sources and everything built from them"),
        ("permalinks", "add newly published addresses to sources/permalinks.txt"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--root", type=Path, default=ROOT, help="project root (default: this checkout)")
    importing = commands.add_parser("import", help="draft a new edition from a converted text")
    importing.add_argument("--witness", type=Path, required=True, help="the converted text, as received")
    importing.add_argument("--work", required=True, help="the work it is an edition of (its id)")
    importing.add_argument("--edition", required=True, help="the new edition's id")
    importing.add_argument("--compare", help="the edition to align it with (default: the work's newest)")
    importing.add_argument("--root", type=Path, default=ROOT, help="project root (default: this checkout)")
    correcting = commands.add_parser("correct", help="take a publisher's corrected copy of an edition's witness")
    correcting.add_argument("--edition", required=True, help="the edition whose witness the copy corrects")
    correcting.add_argument("--witness", type=Path, required=True, help="the corrected copy, as received")
    correcting.add_argument("--root", type=Path, default=ROOT, help="project root (default: this checkout)")
    for name, text in (("site", "build site/ with a site engine"), ("serve", "preview the site, rebuilding on changes")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
        command.add_argument("--root", type=Path, default=ROOT, help="project root (default: this checkout)")
        if name == "site":
            command.add_argument("--site-dir", type=Path, help="where to put the site (default: <root>/site)")
            command.add_argument(
                "--site-url", default=os.environ.get("SITE_URL") or None,
                help="the address the site is published at, such as https://example.org/principles/ (default: $SITE_URL)",
            )
        else:
            command.add_argument("--dev-addr", default="127.0.0.1:8000", help="where the preview listens (default: 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (sources_write.SourcesBusy, sources_write.SourcesChanged, sources_write.WriteFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (sources_write.Interrupted, KeyboardInterrupt) as exc:
        name = exc.args[0] if isinstance(exc, sources_write.Interrupted) else "SIGINT"
        print(f"interrupted ({name}): sources/ holds either nothing of this command's change or all of it, never part", file=sys.stderr)
        return 128 + (exc.signum if isinstance(exc, sources_write.Interrupted) else 2)


def _run(args: argparse.Namespace) -> int:
    if args.command == "import":
        return _import(args)
    if args.command == "correct":
        return _correct(args)
    if args.command in ("site", "serve"):
        with sources_write.reading(args.root, args.command):
            pass  # finish what a killed writer left first; a build then reads under the lock again, a preview without it
        return _engine(args)
    try:
        if args.command == "permalinks":
            with sources_write.locked(args.root, args.command):
                return _permalinks(args.root)
        with sources_write.reading(args.root, args.command):
            generated = generate(args.root)
            check_addresses(generated, args.root)
    except (SourceError, FidelityError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    site = generated.site
    for account in generated.accounts:
        print(
            f"{account.witness.id}: {account.words} words = {account.edition_words} in {account.edition.id}"
            f" + {account.footnote_words} in footnotes + {account.excluded_words} excluded"
            f" + {account.markup_words} conversion markup + {account.mended_words} mended word breaks"
        )
    print(f"{len(site.pages)} pages, {len(site.files)} API files; every published address resolves")
    for item in drafts.unfinished(generated.corpus):
        print(f"draft: {item}")
    return 0


def _engine(args: argparse.Namespace) -> int:
    from .engine import EngineFailed, Stopped, build_site, serve

    # Material prints a banner about MkDocs 2 when it is imported; it says nothing about this build.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        if args.command == "serve":
            try:
                serve(args.root.resolve(), args.engine, args.dev_addr)
            except (KeyboardInterrupt, Stopped):  # Ctrl-C, or SIGTERM: the server has been stopped
                print("Stopped the preview.", file=sys.stderr)
            return 0
        site = (args.site_dir or args.root / "site").resolve()
        site_url = published_address(args.site_url) if args.site_url else None
        pages = build_site(args.root.resolve(), args.engine, site, site_url)
    except (SourceError, FidelityError, EngineFailed, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Built {site} with {args.engine}: {pages} pages" + (f", to be published at {site_url}." if site_url else "."))
    return 0


def published_address(value: str) -> str:
    """SITE_URL as the engines need it: an absolute http(s) address ending in "/"."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or any(c.isspace() for c in value):
        raise ValueError(f"SITE_URL {value!r} is not an address a site can be published at: give one such as https://example.org/principles/")
    return value if value.endswith("/") else value + "/"


def _correct(args: argparse.Namespace) -> int:
    from .importer import ImportRefused
    from .importer.correction import correct_witness

    witness = Path(os.path.expanduser(str(args.witness)))
    try:
        corrected = correct_witness(args.root, args.edition, witness)
    except ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{corrected.new_witness} (from {witness}) corrects {corrected.old_witness}; {corrected.edition.id} now reads it.")
    print("Wrote: " + ", ".join(corrected.written))
    print("Edited: " + ", ".join(corrected.edited))
    for line in corrected.carried:
        print(f"  {line}")
    print(f"Next: check each difference in the review (review.yaml beside {corrected.edition.id}'s files), then `make check`.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .importer import ImportRefused, import_witness

    witness = Path(os.path.expanduser(str(args.witness)))  # WITNESS=~/text.txt reaches here unexpanded from make
    try:
        with _progress() as stage:  # closed (and cleared from the terminal) before any message
            imported = import_witness(args.root, witness, args.work, args.edition, args.compare, progress=stage)
    except ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    draft = imported.draft
    print(f"Drafted {draft.edition_id} ({draft.work.id}) from {witness}: " + ", ".join(f"{n} {k}" for k, n in draft.summary.items()) + ".")
    print("Wrote: " + ", ".join(imported.written))
    if imported.edited:
        print("Edited: " + ", ".join(imported.edited))
    for note in imported.notes:
        print(f"Note: {note}")
    print(imported.summary)
    print(f"Next: work through sources/works/{draft.work.id}/{draft.edition_id}/review.yaml (set each item's status to accepted or changed), then `make check` and `make site`.")
    return 0


@contextmanager
def _progress() -> Iterator[Callable[[str], None]]:
    """A progress bar of the import's stages on a terminal (stderr); nothing otherwise."""
    from tqdm import tqdm

    from .importer import STAGES

    with tqdm(total=len(STAGES), file=sys.stderr, disable=not sys.stderr.isatty(), leave=False, bar_format="{desc}{bar:20} {n}/{total} [{elapsed}]") as bar:

        def stage(name: str) -> None:
            bar.n = STAGES.index(name)
            bar.set_description(f"import: {name}")

        yield stage


def _permalinks(root: Path) -> int:
    """Register what the site now publishes (call with the lock held). Builds without the register
    check: a new address is exactly what this command is for, and an old one that broke is still
    refused by `check`."""
    generated = generate(root)
    added = permalinks.update_register(root, permalinks.published(generated.site, generated.corpus, generated.docs))
    print(f"{len(added)} new addresses added to {permalinks.REGISTER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
