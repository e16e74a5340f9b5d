"""The benchmark: `make bench`. Figures only; nothing is asserted. Results go to bench/RESULTS.md
(the section "Import", written by bench/import_bench.py, is kept as it is).

For the real corpus and a synthetic corpus 16 times its size (bench/synthetic.py):

- cold builds, end to end, as `make site` runs them (`python -m edition site`, a fresh process,
  nothing kept from an earlier run), with MkDocs + Material and with Zensical, beside a stock
  Material site of the same texts (bench/stock.py) built by `mkdocs build`;
- where a cold MkDocs build spends its time, stage by stage (one in-process run);
- edit to updated site under `make serve` (bench/serve_edit.py), for both engines;
- search: bytes fetched and time to the first result, beside the stock site's search (bench/search_bench.py);
- page weights and the comparison's noise (real corpus).
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
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

RUNS = int(os.environ.get("BENCH_RUNS", "3"))  # builds (and edits) per measurement; the median is reported
SCALE = 16
IMPORT_START, IMPORT_END = "<!-- import: start -->", "<!-- import: end -->"
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1")

# One in-process MkDocs build, timed stage by stage (engine.build_site does the same, untimed).
STAGES = r"""
import json, shutil, sys, tempfile, time
started = time.perf_counter()
from pathlib import Path
from edition.compare import compare_editions
from edition.docs_tree import write_docs_tree
from edition.engine import run_engine
from edition.fidelity import check_corpus
from edition.finish import finish_site
from edition.lineage import trace_lineage
from edition.loader import load_corpus
from edition.pages import make_pages
from edition.permalinks import docs_pages
from edition.search_index import docs_entries, indexing, install_bundle
root = Path(sys.argv[1])
times = {"imports": time.perf_counter() - started}
def stage(name, function, *args):
    begun = time.perf_counter()
    value = function(*args)
    times[name] = time.perf_counter() - begun
    return value
corpus = stage("load", load_corpus, root)
accounts = stage("fidelity", check_corpus, corpus)
comparisons = stage("compare", compare_editions, corpus)
lineage = stage("lineage", trace_lineage, corpus, comparisons)
docs = docs_pages(root / "docs")
site = stage("pages", make_pages, corpus, accounts, comparisons, lineage, docs)
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


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


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


def cold_builds(command: list[str], cwd: Path, site: Path) -> tuple[float, float]:
    runs = []
    for _ in range(RUNS):
        shutil.rmtree(site, ignore_errors=True)
        runs.append(timed(command, cwd))
    return median([t for t, _ in runs]), max(m for _, m in runs)


def edition_build(project: Path, engine: str, site: Path) -> tuple[float, float]:
    command = [sys.executable, "-m", "edition", "site", "--engine", engine, "--root", str(project), "--site-dir", str(site)]
    return cold_builds(command, ROOT, site)


def stock_build(project: Path, work: Path) -> tuple[float, float, int]:
    out = stock.write_stock_site(project, work / "stock")
    seconds, peak = cold_builds([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet"], out, out / "site")
    return seconds, peak, sum(1 for _ in (out / "site").rglob("*.html"))


def stages(project: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", STAGES, str(project)], env=ENV, capture_output=True, text=True, check=True)
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
    return {f: (len((site / f).read_bytes()), gz((site / f).read_bytes())) for f in files}


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


def targets(results: dict[str, dict], edits: dict[tuple[str, str], float]) -> list[str]:
    """The figures against the targets of issue 14, each said to be met or missed."""
    def verdict(met: bool) -> str:
        return "met" if met else "**missed**"

    real, big = results["real corpus"], results[f"synthetic {SCALE}x"]
    lines = ["", "### Against the targets", ""]
    for name, r in (("real corpus", real), (f"synthetic {SCALE}x", big)):
        ratio = r["mkdocs"] / r["stock"]
        lines.append(f"- Cold build at most 1.5 times the stock site's (default engine), {name}: {ratio:.2f} times, {verdict(ratio <= 1.5)}.")
    for (name, engine), seconds in edits.items():
        share = seconds / results[name][engine]
        lines.append(f"- Edit to updated site at most 30% of a cold build, {name}, {engine}: {100 * share:.0f}%, {verdict(share <= 0.3)}.")
    ratio = big["zensical"] / big["mkdocs"]
    lines.append(f"- Zensical's {SCALE}x build at most a third of MkDocs': {ratio:.2f} of it, {verdict(ratio <= 1 / 3)}.")
    lines += ["", "The stage table shows where the time goes: the engine alone (MkDocs + Material) takes longer",
              "than the whole stock build, because the edition has several times the stock site's pages",
              "(comparisons, themes, apparatus) and the engine's time grows with its pages."]
    return lines


def kept_import_section() -> list[str]:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if IMPORT_START in text and IMPORT_END in text:
        return ["", text[text.index(IMPORT_START): text.index(IMPORT_END) + len(IMPORT_END)]]
    return []


def main() -> None:
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py); figures only, nothing is asserted.", ""]
    lines += [f"Machine: {machine()}.", "", f"Times are wall-clock seconds, the median of {RUNS} runs.", ""]
    work = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    corpora = [("real corpus", ROOT, serve_edit.REAL_EDIT)]
    synthetic_root = synthetic.generate(work / f"synthetic-{SCALE}", SCALE)
    corpora.append((f"synthetic {SCALE}x", synthetic_root, serve_edit.synthetic_edit(synthetic_root)))

    lines += ["## Cold builds", "",
              "`python -m edition site` (what `make site` runs) in a fresh process, nothing kept from an",
              "earlier run: generate, write the docs tree, run the engine, finish every page, swap site/ in.",
              "The stock site is `mkdocs build` of a plain Material project holding the same texts (one",
              "Markdown page per reading page, bench/stock.py): no comparisons, themes, apparatus or API.", "",
              "| corpus | pages (stock) | stock Material | pages (edition) | MkDocs + Material | × stock | per page, stock / edition | Zensical | Zensical ÷ MkDocs | peak memory (MkDocs, Zensical) |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    results = {}
    for name, project, _ in corpora:
        stock_seconds, _, stock_pages = stock_build(project, work / name.replace(" ", "-"))
        mkdocs_site, zensical_site = work / f"{name}-mkdocs".replace(" ", "-"), work / f"{name}-zensical".replace(" ", "-")
        mkdocs_seconds, mkdocs_peak = edition_build(project, "mkdocs", mkdocs_site)
        zensical_seconds, zensical_peak = edition_build(project, "zensical", zensical_site)
        pages = sum(1 for _ in mkdocs_site.rglob("*.html"))
        results[name] = {"mkdocs": mkdocs_seconds, "zensical": zensical_seconds, "stock": stock_seconds, "site": mkdocs_site}
        lines.append(
            f"| {name} | {stock_pages} | {stock_seconds:.2f} | {pages} | {mkdocs_seconds:.2f} | {mkdocs_seconds / stock_seconds:.2f} | "
            f"{1000 * stock_seconds / stock_pages:.1f} / {1000 * mkdocs_seconds / pages:.1f} ms | {zensical_seconds:.2f} | "
            f"{zensical_seconds / mkdocs_seconds:.2f} | {mkdocs_peak:.0f} MB, {zensical_peak:.0f} MB |"
        )
        print(lines[-1], flush=True)

    lines += ["", "### Where a cold MkDocs build spends its time", "",
              "One in-process run, stage by stage (the stages engine.build_site runs, timed one by one).", "",
              "| corpus | imports | load | fidelity | compare | lineage | pages | docs tree | MkDocs + Material | search index | finish |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, project, _ in corpora:
        t = stages(project)
        lines.append(f"| {name} | " + " | ".join(f"{t[k]:.2f}" for k in ("imports", "load", "fidelity", "compare", "lineage", "pages", "docs tree", "engine", "search index", "finish")) + " |")
        print(lines[-1], flush=True)

    lines += ["", "## Edit to updated site", "",
              "Under `make serve` (`python -m edition serve`): one word of one clause is changed, in its YAML",
              "and its witness (whose checksum is updated), and the clock runs until the served page, fetched",
              "over HTTP, shows the new word (bench/serve_edit.py). The preview keeps only each source file's",
              "checked parse and the compiled templates between regenerations (pipeline.Kept). A whole",
              "`make site` after an edit is a cold build: builds keep nothing.", "",
              "| corpus | engine | cold build | edit to updated page (each edit) | median | share of the cold build |",
              "|---|---|---:|---|---:|---:|"]
    edits: dict[tuple[str, str], float] = {}
    for name, project, edit in corpora:
        for engine in ("mkdocs", "zensical"):
            times = serve_edit.edit_to_updated(project, engine, edit, RUNS)
            edits[name, engine] = median(times)
            cold = results[name][engine]
            lines.append(f"| {name} | {engine} | {cold:.2f} | {', '.join(f'{t:.2f}' for t in times)} | {median(times):.2f} | {100 * median(times) / cold:.0f}% |")
            print(lines[-1], flush=True)

    lines += targets(results, edits)
    site = results["real corpus"]["site"]
    lines += ["", "## Page weight (real corpus, MkDocs build)", "", "| page kind | heaviest page | HTML | gzip |", "|---|---|---:|---:|"]
    for kind, (url, size, raw) in sorted(weights(site).items()):
        lines.append(f"| {kind} | `/{url}` | {raw / 1024:.1f} KB | {size / 1024:.1f} KB |")
    assets = own_assets(site)
    lines += ["", "The project's own CSS and JavaScript:", ""]
    lines += [f"- `{f}`: {r / 1024:.1f} KB, {g / 1024:.1f} KB gzip" for f, (r, g) in assets.items()]
    lines.append(f"- together: {sum(r for r, _ in assets.values()) / 1024:.1f} KB, {sum(g for _, g in assets.values()) / 1024:.1f} KB gzip")
    lines += [""] + search_bench.report([
        (name, results[name]["site"], work / name.replace(" ", "-") / "stock" / "site") for name, _, _ in corpora
    ]) + [""]

    lines += check_page.report(site) + [""]
    lines += ["## Comparison noise", "", "Marked spans a reader meets in the default view, against a plain word diff of the same texts:", "", "```"]
    buffer = StringIO()
    with redirect_stdout(buffer):
        compare_noise.main()
    lines += buffer.getvalue().rstrip().splitlines() + ["```"]
    lines += kept_import_section()
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
