"""The benchmark: `make bench`. Figures only; nothing is asserted. Results go to bench/RESULTS.md
(the section "Import", written by bench/import_bench.py, is kept as it is).

For the real corpus (1x) and synthetic corpora 16 and 64 times its size (bench/synthetic.py):

- cold builds, end to end, as `make site` runs them (`python -m edition site`, a fresh process,
  nothing kept from an earlier run), with MkDocs + Material and with Zensical, beside a stock
  Material site of the same texts (bench/stock.py) built by `mkdocs build`: time per published
  page and peak memory;
- where a cold MkDocs build spends its time, stage by stage (one in-process run);
- edit to served page under `make serve` (bench/serve_edit.py), for both engines: four kinds of
  edit (a word changed, a clause added, a rename declared, a theme's definition changed);
- search: bytes fetched and time to the first result, beside the stock site's search (bench/search_bench.py);
- page weights, the quotation checker and the comparison's noise (real corpus);
- the figures against issue 24's targets.

    python bench/run.py                                  everything; writes bench/RESULTS.md
    python bench/run.py --only edits --scales 1,2        a part, on some corpora; prints it
    python bench/run.py --only cold,stages --scales 2 --runs 1 --out /tmp/part.md

Parts (--only, or BENCH_ONLY): cold, stages, edits, search, pages. Scales (--scales, or
BENCH_SCALES; default 1,16,64): 1 is the real corpus, any other a synthetic corpus of that scale.
A run of some parts or scales writes bench/RESULTS.md only if --out names it. From scale 64 on
(LARGE), each build is measured once (--large-runs, BENCH_LARGE_RUNS) and each kind of edit made
once (--large-edit-rounds), and the engines served for edits are --large-edit-engines
(BENCH_LARGE_EDIT_ENGINES, default both).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import check_page  # noqa: E402
import compare_noise  # noqa: E402
import search_bench  # noqa: E402
import serve_edit  # noqa: E402
import stock  # noqa: E402
import synthetic  # noqa: E402

PARTS = ("cold", "stages", "edits", "search", "pages")
SCALES = (1, 16, 64)
ENGINES = ("mkdocs", "zensical")
ENGINE_NAMES = {"mkdocs": "MkDocs + Material", "zensical": "Zensical"}
LARGE = 64  # from this scale on, fewer runs (a 64x build takes minutes)
IMPORT_START, IMPORT_END = "<!-- import: start -->", "<!-- import: end -->"
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1")

# One in-process MkDocs build, timed stage by stage: what engine.build_site runs (pipeline.generate
# for each work's part, then the site; the addresses checked; the docs tree; the engine, while
# Pagefind indexes beside it; what is left of the index to wait for; the finish), each stage summed
# over the works.
STAGES = r"""
import json, shutil, sys, tempfile, time
started = time.perf_counter()
from pathlib import Path
from edition import permalinks
from edition.compare import compare_editions
from edition.docs_tree import write_docs_tree
from edition.engine import run_engine
from edition.fidelity import check_corpus
from edition.finish import finish_site
from edition.lineage import join_lineages, trace_lineage
from edition.loader import load_corpus
from edition.pages.make import make_site, make_work_pages
from edition.pipeline import Generated, check_addresses
from edition.search_index import docs_entries, indexing, install_bundle
root = Path(sys.argv[1])
times = {"imports": time.perf_counter() - started}
def stage(name, function, *args):
    begun = time.perf_counter()
    value = function(*args)
    times[name] = times.get(name, 0.0) + time.perf_counter() - begun
    return value
corpus = stage("load", load_corpus, root)
accounts, comparisons, lineages, parts = [], [], [], []
for work in corpus.works:
    scoped = corpus.scoped(work)
    checked = stage("fidelity", check_corpus, scoped)
    compared = stage("compare", compare_editions, scoped)
    lineage = stage("lineage", trace_lineage, scoped, compared)
    parts.append(stage("pages", make_work_pages, scoped, checked, compared, lineage, None, None))
    accounts += checked
    comparisons += compared
    lineages.append(lineage)
lineage = join_lineages(lineages)
docs = permalinks.docs_pages(root / "docs")
site = stage("pages", make_site, corpus, accounts, lineage, parts, docs, None, None)
stage("pages", permalinks.refuse_collisions, site, root / "docs", docs)
generated = Generated(corpus, accounts, comparisons, lineage, site, docs)
stage("addresses", check_addresses, generated, root)
scratch = Path(tempfile.mkdtemp())
# As engine.build_site: Pagefind indexes while the docs tree is written and the engine runs.
with indexing(site.search + docs_entries(docs, root / "docs"), scratch) as bundle:
    tree = stage("docs tree", write_docs_tree, site, root, scratch, "mkdocs", docs)
    stage("engine", run_engine, "mkdocs", tree.config, root)
    stage("search index", lambda: install_bundle(bundle(), tree.site))  # what is left to wait for
stage("finish", finish_site, tree.site)
shutil.rmtree(scratch)
print(json.dumps(times))
"""
STAGE_COLUMNS = (("imports", "imports"), ("load", "load"), ("fidelity", "fidelity"), ("compare", "compare"), ("lineage", "lineage"),
                 ("pages", "pages"), ("addresses", "addresses"), ("docs tree", "docs tree"),
                 ("engine", "MkDocs + Material"), ("search index", "search index (left to wait for)"), ("finish", "finish"))


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, the largest process of the run) of one command."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


@dataclass
class Build:
    """A measured cold build: the median seconds of `runs`, the largest peak memory, its pages."""

    seconds: float
    peak: float  # MB
    pages: int  # HTML pages of the site
    runs: int
    site: Path

    @property
    def per_page(self) -> float:
        return self.seconds / self.pages


def cold_builds(command: list[str], cwd: Path, site: Path, runs: int) -> Build:
    measured = []
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        measured.append(timed(command, cwd))
    return Build(median([t for t, _ in measured]), max(m for _, m in measured), sum(1 for _ in site.rglob("*.html")), runs, site)


def edition_build(project: Path, engine: str, site: Path, runs: int) -> Build:
    command = [sys.executable, "-m", "edition", "site", "--engine", engine, "--root", str(project), "--site-dir", str(site)]
    return cold_builds(command, ROOT, site, runs)


def stock_build(project: Path, work: Path, runs: int) -> Build:
    out = work / "stock"
    if not out.exists():
        stock.write_stock_site(project, out)
    return cold_builds([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet"], out, out / "site", runs)


def stages(project: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", STAGES, str(project)], env=ENV, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"the stage-by-stage build failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_kind(url: str) -> str | None:
    if "/compare/" in url:
        parts = url.split("/compare/")[1].strip("/").split("/")
        return "summary" if len(parts) == 1 else ("side by side" if parts[-1] == "side-by-side" else "inline diff")
    if url.startswith("themes/"):
        return "theme" if url.count("/") == 2 else None
    parts = url.strip("/").split("/")
    if len(parts) == 3 and parts[2] not in ("ledger", "witness"):
        return "reading"
    return None


def weights(site: Path) -> dict[str, tuple[str, int, int]]:
    heaviest: dict[str, tuple[str, int, int]] = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        kind = page_kind(url)
        if kind:
            data = path.read_bytes()
            size = gz(data)
            if size > heaviest.get(kind, ("", 0, 0))[1]:
                heaviest[kind] = (url, size, len(data))
    return heaviest


def own_assets(site: Path) -> dict[str, tuple[int, int]]:
    files = ["assets/edition.css", "assets/stylesheets/edition-theme.css", "assets/stylesheets/theme-fixes.css", "assets/edition.js", "assets/addresses.js", "assets/redirect-table.js"]
    return {f: (len((site / f).read_bytes()), gz((site / f).read_bytes())) for f in files if (site / f).exists()}


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = f"{names[0]} ({len(names)} logical CPUs)" if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    import markdown
    import material
    import mkdocs

    zensical = subprocess.run([str(ROOT / ".venv-zensical/bin/python"), "-c", "import importlib.metadata as m; print(m.version('zensical'))"],
                              capture_output=True, text=True, check=False).stdout.strip() or "not installed"
    versions = f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__}, Markdown {markdown.__version__}, Zensical {zensical}"
    return f"{cpu}{memory}; {platform.system()} {platform.release()} ({platform.machine()}); {versions}"


def kept_import_section() -> list[str]:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if IMPORT_START in text and IMPORT_END in text:
        return ["", text[text.index(IMPORT_START): text.index(IMPORT_END) + len(IMPORT_END)]]
    return []


# --- the corpora and what was measured of them ----------------------------------------------------


@dataclass
class Corpus:
    scale: int
    project: Path
    work: Path  # scratch directory for its sites
    builds: dict[str, Build] = field(default_factory=dict)  # "stock", "mkdocs", "zensical": timed cold builds
    sites: dict[str, Path] = field(default_factory=dict)  # any built site (timed or not), by the same keys
    stages: dict[str, float] | None = None
    edits: dict[str, dict[str, list[float | None]]] = field(default_factory=dict)  # engine -> kind -> seconds
    renames_found: int = 0  # renames the corpus offers to declare (serve_edit.rename_candidates)
    edit_failures: dict[str, str] = field(default_factory=dict)  # engine -> why its edits were not measured

    @property
    def name(self) -> str:
        return "real corpus" if self.scale == 1 else f"synthetic {self.scale}x"

    @property
    def large(self) -> bool:
        return self.scale >= LARGE

    def site(self, key: str) -> Path:
        """A site of this corpus ("stock", "mkdocs" or "zensical"), built now (untimed) if no
        measurement built it."""
        if key not in self.sites:
            if key == "stock":
                self.sites[key] = stock_build(self.project, self.work, 1).site
            else:
                self.sites[key] = edition_build(self.project, key, self.work / key, 1).site
        return self.sites[key]


def edit_median(times: dict[str, list[float | None]]) -> float | None:
    """The median of every edit (one that never showed counts as endless); None if none was made."""
    values = [float("inf") if t is None else t for ts in times.values() for t in ts]
    return median(values) if values else None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def seconds(value: float | None) -> str:
    return "—" if value is None or value == float("inf") else f"{value:.2f}"


def verdict(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "**missed**")


# --- the sections ---------------------------------------------------------------------------------


def cold_section(corpora: list[Corpus], options: argparse.Namespace) -> list[str]:
    lines = ["## Cold builds", "",
             "`python -m edition site` (what `make site` runs) in a fresh process, nothing kept from an",
             "earlier run: generate, index for search, write the docs tree, run the engine, finish every",
             "page, swap site/ in. The stock site is `mkdocs build` of a plain Material project holding the",
             "same texts (one Markdown page per reading page, bench/stock.py): no comparisons, themes,",
             "apparatus, Pagefind index or API. Pages are the HTML files each site publishes; per",
             "page is the build's seconds over them.",
             f"Each figure is the median of {plural(options.runs, 'build')} below {LARGE}x; from {LARGE}x on, where a build takes",
             f"minutes, of {plural(options.large_runs, 'build')} (the column runs).", "",
             "| corpus | runs | pages (stock) | stock Material | per page | pages (edition) | MkDocs + Material | per page | ÷ stock's per page | Zensical | per page | ÷ stock's per page |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for corpus in corpora:
        b = corpus.builds
        stock_build_, mkdocs, zensical = b["stock"], b["mkdocs"], b["zensical"]
        pages = str(mkdocs.pages) if mkdocs.pages == zensical.pages else f"{mkdocs.pages} / {zensical.pages}"
        lines.append(
            f"| {corpus.name} | {mkdocs.runs} | {stock_build_.pages} | {stock_build_.seconds:.2f} | {1000 * stock_build_.per_page:.1f} ms | {pages} | "
            f"{mkdocs.seconds:.2f} | {1000 * mkdocs.per_page:.1f} ms | {mkdocs.per_page / stock_build_.per_page:.2f} | "
            f"{zensical.seconds:.2f} | {1000 * zensical.per_page:.1f} ms | {zensical.per_page / stock_build_.per_page:.2f} |"
        )
    lines += ["", "### Peak memory of a cold build", "",
              "The largest resident size of any process of the build (for the edition, the generator with",
              "MkDocs in it, or Zensical's own process), the largest over the runs.", "",
              "| corpus | stock Material | MkDocs + Material | × stock | Zensical | × stock |", "|---|---:|---:|---:|---:|---:|"]
    for corpus in corpora:
        b = corpus.builds
        lines.append(f"| {corpus.name} | {b['stock'].peak:.0f} MB | {b['mkdocs'].peak:.0f} MB | {b['mkdocs'].peak / b['stock'].peak:.2f} | "
                     f"{b['zensical'].peak:.0f} MB | {b['zensical'].peak / b['stock'].peak:.2f} |")
    return lines


def stages_section(corpora: list[Corpus]) -> list[str]:
    lines = ["### Where a cold MkDocs build spends its time", "",
             "One in-process run, stage by stage (the stages engine.build_site runs, timed one by one; the",
             "per-work stages summed over the works).", "",
             "| corpus | " + " | ".join(title for _, title in STAGE_COLUMNS) + " |",
             "|---|" + "---:|" * len(STAGE_COLUMNS)]
    for corpus in corpora:
        lines.append(f"| {corpus.name} | " + " | ".join(f"{corpus.stages.get(key, 0.0):.2f}" for key, _ in STAGE_COLUMNS) + " |")
    return lines


def edits_section(corpora: list[Corpus], options: argparse.Namespace) -> list[str]:
    kinds = serve_edit.KINDS
    lines = ["## Edit to served page", "",
             "Under `make serve` (`python -m edition serve`), the clock runs from saving an edit to the",
             "served page, fetched over HTTP as a browser would, showing it (bench/serve_edit.py). Four",
             "kinds of edit, each made as an editor would, every file it touches saved:", "",
             "- *one word changed*: a word of a clause, in its YAML and its witness (whose checksum in",
             "  witnesses.yaml is updated); its reading page is polled for the new word;",
             "- *a clause added*: a paragraph, a line added to the witness (checksum updated; the witness",
             "  line numbers after it shifted in the edition's ledger and footnotes), the clause added to",
             "  the section's YAML (after the AEWM code's second paragraph in the real corpus, a work of one",
             "  edition; in a synthetic corpus after the last paragraph of work 1's newest edition, its key",
             "  declared added in work.yaml's comparisons); its reading page is polled for its words;",
             "- *a rename declared*: a rename added to a comparison in work.yaml (a word or short phrase one",
             "  clause changes and no other clause of either edition prints); the comparison's section page",
             "  is polled until its bytes change (less MkDocs' live-reload call, which differs on every fetch);",
             "- *a theme's definition*: a word of Safeguarding's definition in sources/themes.yaml; the",
             "  theme's page is polled for it.", ""]
    fewer = [c for c in corpora if c.edits and c.renames_found < (options.large_edit_rounds if c.large else options.edit_rounds)]
    if fewer:
        lines += [" ".join(f"The {c.name} offers {c.renames_found} such rename{'s' if c.renames_found != 1 else ''};" for c in fewer)
                  + " where there are fewer than rounds, a later round withdraws a rename an earlier one declared (its page changes back).", ""]
    lines += [
             "Each edit starts from a still preview: after the page shows it, the preview is let finish",
             "(the search index it rewrites after the pages, and the engine's rebuild of that). The kinds",
             f"take turns: {plural(options.edit_rounds, 'round')} below {LARGE}x, {plural(options.large_edit_rounds, 'round')} from {LARGE}x on (where a",
             "preview takes minutes to start). The median is over every edit of the corpus and engine; its",
             "share is of that engine's cold build above. A whole `make site` after an edit is a cold build:",
             "builds keep nothing.", ""]
    failed = [(c, e, why) for c in corpora for e, why in c.edit_failures.items()]
    for corpus, engine, why in failed:
        lines += [f"Not measured: {ENGINE_NAMES[engine]} on the {corpus.name}, whose preview failed: {why}", ""]
    skipped = [(c, e) for c in corpora for e in ENGINES if e not in c.edits and e not in c.edit_failures]
    if skipped:
        lines += ["Not measured: " + ", ".join(f"{ENGINE_NAMES[e]} on the {c.name}" for c, e in skipped)
                  + f" (edits at {LARGE}x and above are served with {', '.join(options.large_edit_engines) or 'no engine'}: BENCH_LARGE_EDIT_ENGINES).", ""]
    lines += ["| corpus | engine | cold build | " + " | ".join(serve_edit.LABELS[k] for k in kinds) + " | median | share of the cold build |",
              "|---|---|---:|" + "---|" * len(kinds) + "---:|---:|"]
    for corpus in corpora:
        for engine, times in corpus.edits.items():
            cold = corpus.builds[engine].seconds if engine in corpus.builds else None
            middle = edit_median(times)
            share = f"{100 * middle / cold:.0f}%" if middle is not None and cold else "—"
            cells = [", ".join(seconds(t) for t in times.get(k, [])) or "—" for k in kinds]
            lines.append(f"| {corpus.name} | {engine} | {seconds(cold)} | " + " | ".join(cells) + f" | {seconds(middle)} | {share} |")
    timed_out = any(t is None for c in corpora for ts in c.edits.values() for v in ts.values() for t in v)
    if timed_out:
        lines += ["", "—: the page did not show the edit in the time allowed (twice the cold build, at least 2 minutes)."]
    return lines


def targets_section(corpora: list[Corpus]) -> list[str]:
    """The figures against the targets of issue 24, each said to be met, missed or not measured."""
    by_scale = {c.scale: c for c in corpora}
    lines = ["## Against the targets", "", "Issue 24's targets; both engines are held to each.", ""]
    small, mid, big = by_scale.get(1), by_scale.get(16), by_scale.get(64)
    for engine in ENGINES:
        name = ENGINE_NAMES[engine]
        if mid and engine in mid.builds and "stock" in mid.builds:
            ours, theirs = mid.builds[engine].per_page, mid.builds["stock"].per_page
            lines.append(f"- Cold build per page at 16x no more than the stock site's, {name}: {1000 * ours:.1f} ms against {1000 * theirs:.1f} ms "
                         f"({ours / theirs:.2f} times), {verdict(ours <= theirs)}.")
        else:
            lines.append(f"- Cold build per page at 16x no more than the stock site's, {name}: {verdict(None)}.")
    for engine in ENGINES:
        name = ENGINE_NAMES[engine]
        middle = edit_median(mid.edits[engine]) if mid and engine in mid.edits else None
        cold = mid.builds[engine].seconds if mid and engine in mid.builds else None
        if middle is not None and cold:
            lines.append(f"- Edit to served page at most 10% of a cold build at 16x, {name}: {middle:.2f} s of {cold:.2f} s, "
                         f"{100 * middle / cold:.0f}%, {verdict(middle <= 0.1 * cold)}.")
        else:
            lines.append(f"- Edit to served page at most 10% of a cold build at 16x, {name}: {verdict(None)}.")
    for engine in ENGINES:
        name = ENGINE_NAMES[engine]
        middle = edit_median(small.edits[engine]) if small and engine in small.edits else None
        lines.append(f"- Edit to served page at most 0.5 s at 1x, {name}: "
                     + (f"{middle:.2f} s, {verdict(middle <= 0.5)}." if middle is not None else f"{verdict(None)}."))
    for engine in ENGINES:
        name = ENGINE_NAMES[engine]
        if mid and big and engine in mid.builds and engine in big.builds:
            ratio = big.builds[engine].seconds / mid.builds[engine].seconds
            lines.append(f"- Cold build at 64x within 4.5 times 16x's, {name}: {big.builds[engine].seconds:.2f} s against "
                         f"{mid.builds[engine].seconds:.2f} s, {ratio:.2f} times, {verdict(ratio <= 4.5)}.")
        else:
            lines.append(f"- Cold build at 64x within 4.5 times 16x's, {name}: {verdict(None)}.")
    for corpus in corpora:
        for engine in ENGINES:
            if engine in corpus.builds and "stock" in corpus.builds:
                ratio = corpus.builds[engine].peak / corpus.builds["stock"].peak
                lines.append(f"- Peak memory at most twice the stock site's, {corpus.name}, {ENGINE_NAMES[engine]}: "
                             f"{corpus.builds[engine].peak:.0f} MB against {corpus.builds['stock'].peak:.0f} MB, {ratio:.2f} times, {verdict(ratio <= 2)}.")
    return lines


def pages_section(site: Path) -> list[str]:
    lines = ["## Page weight (real corpus, MkDocs build)", "", "| page kind | heaviest page | HTML | gzip |", "|---|---|---:|---:|"]
    for kind, (url, size, raw) in sorted(weights(site).items()):
        lines.append(f"| {kind} | `/{url}` | {raw / 1024:.1f} KB | {size / 1024:.1f} KB |")
    assets = own_assets(site)
    lines += ["", "The project's own CSS and JavaScript:", ""]
    lines += [f"- `{f}`: {r / 1024:.1f} KB, {g / 1024:.1f} KB gzip" for f, (r, g) in assets.items()]
    lines.append(f"- together: {sum(r for r, _ in assets.values()) / 1024:.1f} KB, {sum(g for _, g in assets.values()) / 1024:.1f} KB gzip")
    return lines


def noise_section() -> list[str]:
    lines = ["## Comparison noise", "", "Marked spans a reader meets in the default view, against a plain word diff of the same texts:", "", "```"]
    buffer = StringIO()
    with redirect_stdout(buffer):
        compare_noise.main()
    return lines + buffer.getvalue().rstrip().splitlines() + ["```"]


# --- the run --------------------------------------------------------------------------------------


def _list(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description="The benchmark (make bench): figures only.")
    parser.add_argument("--only", default=env("BENCH_ONLY", ",".join(PARTS)), help=f"parts, of {', '.join(PARTS)} (default all; BENCH_ONLY)")
    parser.add_argument("--scales", default=env("BENCH_SCALES", ",".join(map(str, SCALES))), help="1 (the real corpus) and synthetic scales (default 1,16,64; BENCH_SCALES)")
    parser.add_argument("--runs", type=int, default=int(env("BENCH_RUNS", "3")), help=f"builds per measurement below {LARGE}x (default 3; BENCH_RUNS)")
    parser.add_argument("--large-runs", type=int, default=int(env("BENCH_LARGE_RUNS", "1")), help=f"builds per measurement from {LARGE}x on (default 1; BENCH_LARGE_RUNS)")
    parser.add_argument("--edit-rounds", type=int, default=int(env("BENCH_EDIT_ROUNDS", "3")), help=f"edits of each kind below {LARGE}x (default 3; BENCH_EDIT_ROUNDS)")
    parser.add_argument("--large-edit-rounds", type=int, default=int(env("BENCH_LARGE_EDIT_ROUNDS", "1")), help=f"edits of each kind from {LARGE}x on (default 1; BENCH_LARGE_EDIT_ROUNDS)")
    parser.add_argument("--large-edit-engines", default=env("BENCH_LARGE_EDIT_ENGINES", ",".join(ENGINES)), help=f"engines served for edits from {LARGE}x on (default both; BENCH_LARGE_EDIT_ENGINES)")
    parser.add_argument("--out", type=Path, help="write the results here (default: bench/RESULTS.md for a whole run, nowhere for a part)")
    options = parser.parse_args(argv)
    options.only = _list(options.only)
    unknown = set(options.only) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))} (parts: {', '.join(PARTS)})")
    options.scales = sorted({int(x) for x in _list(options.scales)})
    options.large_edit_engines = [e for e in _list(options.large_edit_engines) if e in ENGINES]
    whole = set(options.only) == set(PARTS) and tuple(options.scales) == SCALES
    if options.out is None and whole:
        options.out = ROOT / "bench" / "RESULTS.md"
    return options


def say(lines: list[str]) -> list[str]:
    print("\n".join(lines), flush=True)
    return lines


def main(argv: list[str] | None = None) -> None:
    options = arguments(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    corpora = []
    for scale in options.scales:
        project = ROOT if scale == 1 else synthetic.generate(work / f"synthetic-{scale}", scale)
        corpora.append(Corpus(scale, project, work / ("real" if scale == 1 else f"sites-{scale}")))
        corpora[-1].work.mkdir(parents=True, exist_ok=True)
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py); figures only, nothing is asserted.", ""]
    lines += [f"Machine: {machine()}.", ""]
    if set(options.only) != set(PARTS) or tuple(options.scales) != SCALES:
        lines += [f"A partial run: parts {', '.join(options.only)}; corpora {', '.join(c.name for c in corpora)}.", ""]
    lines += ["Times are wall-clock seconds.", ""]
    say(lines)
    try:
        if "cold" in options.only:
            for corpus in corpora:
                runs = options.large_runs if corpus.large else options.runs
                corpus.builds["stock"] = stock_build(corpus.project, corpus.work, runs)
                for engine in ENGINES:
                    corpus.builds[engine] = edition_build(corpus.project, engine, corpus.work / engine, runs)
                corpus.sites.update({key: build.site for key, build in corpus.builds.items()})
                print(f"{corpus.name}: " + ", ".join(f"{k} {b.seconds:.2f} s, {b.pages} pages, {b.peak:.0f} MB" for k, b in corpus.builds.items()), flush=True)
            lines += say(cold_section(corpora, options)) + [""]
        if "stages" in options.only:
            for corpus in corpora:
                corpus.stages = stages(corpus.project)
            lines += say(stages_section(corpora)) + [""]
        if "edits" in options.only:
            for corpus in corpora:
                plan = serve_edit.edit_plan(corpus.project, real=corpus.scale == 1, rounds=options.edit_rounds)
                corpus.renames_found = len(plan["rename"].renames)
                rounds = options.large_edit_rounds if corpus.large else options.edit_rounds
                for engine in (options.large_edit_engines if corpus.large else ENGINES):
                    cold = corpus.builds[engine].seconds if engine in corpus.builds else None
                    try:
                        corpus.edits[engine] = serve_edit.edit_to_updated(
                            corpus.project, engine, plan, rounds,
                            timeout=max(120.0, 2 * cold) if cold else 900.0, start_timeout=max(900.0, 10 * cold) if cold else 3600.0,
                        )
                    except (RuntimeError, serve_edit.Timeout, OSError, ValueError) as exc:  # the rest of the run goes on
                        corpus.edit_failures[engine] = str(exc).splitlines()[0][:300]
                        print(f"{corpus.name}, {engine}: the edits failed: {exc}", file=sys.stderr, flush=True)
                        continue
                    print(f"{corpus.name}, {engine}: {corpus.edits[engine]}", flush=True)
            lines += say(edits_section(corpora, options)) + [""]
        if {"cold", "edits"} & set(options.only):
            lines += say(targets_section(corpora)) + [""]
        real = next((c for c in corpora if c.scale == 1), None)
        if "pages" in options.only and real:
            lines += say(pages_section(real.site("mkdocs"))) + [""]
        if "search" in options.only:
            lines += say(search_bench.report([
                (c.name, c.site("mkdocs"), c.site("stock"), search_bench.QUERIES if c.scale == 1 else search_bench.SYNTHETIC_QUERIES) for c in corpora
            ])) + [""]
        if "pages" in options.only and real:
            lines += say(check_page.report(real.site("mkdocs"))) + [""]
            lines += say(noise_section())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines.append("")
    lines.append(f"The whole run took {(time.perf_counter() - started) / 60:.0f} minutes.")
    if options.out:
        if options.out.resolve() == (ROOT / "bench" / "RESULTS.md").resolve():
            lines += kept_import_section()
        options.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"written to {options.out}", flush=True)


if __name__ == "__main__":
    main()
