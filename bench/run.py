"""The benchmark: `make bench`. Builds real sites from the real corpus and from synthetic corpora at
1x, 4x and 16x, and reports, in one run: generator against MkDocs time with peak memory (with an
empty build cache, and again with the cache the first build left), regeneration after a one-clause
edit against a cold run, page weights, and the comparison's noise.
Figures only; nothing is asserted. Results go to bench/RESULTS.md with a description of the machine.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import compare_noise  # noqa: E402
import synthetic  # noqa: E402

SCALES = (1, 4, 16)
RUNS = int(os.environ.get("BENCH_RUNS", "3"))  # builds per corpus; the median is reported

# One child process per build, so each run starts cold and its peak memory is its own.
BUILD = r"""
import time
started = time.perf_counter()  # the whole build: MkDocs' start-up (its imports) included
import json, os, resource, sys, tempfile, logging
from pathlib import Path
root, site = Path(sys.argv[1]), sys.argv[2]
timings = tempfile.mktemp()
os.environ["EDITION_TIMINGS"] = timings
os.environ["NO_MKDOCS_2_WARNING"] = "1"
logging.getLogger("mkdocs").setLevel(logging.ERROR)
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(str(root / "mkdocs.yml"), site_dir=site, strict=True))
total = time.perf_counter() - started
found = json.loads(Path(timings).read_text())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"total": total, "generator": found["generator"], "imports": found["imports"], "peak_mb": peak}))
"""

# One generator run in a fresh process (the edit, if any, is made first): `cold` builds once;
# `edit` changes one word of one clause and builds (reusing the disk cache the cold run left, as a
# later `make site` does), then changes it back and builds again in the same process (as under
# `make serve`). The witness changes with the YAML, and its checksum with it.
REGENERATE = r"""
import hashlib, json, re, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from edition.build import build
root, mode = Path(sys.argv[1]), sys.argv[7]
section, witness_file = Path(sys.argv[3]), Path(sys.argv[4])
def edit(old, new):
    section.write_text(section.read_text().replace(old, new, 1))
    witness_file.write_bytes(witness_file.read_bytes().replace(old.encode(), new.encode(), 1))
    listing = root / "sources" / "witnesses" / "witnesses.yaml"
    text = listing.read_text()
    text = re.sub(r"(file: " + re.escape(witness_file.name) + r"\n    sha256: )[0-9a-f]{64}",
                  lambda m: m.group(1) + hashlib.sha256(witness_file.read_bytes()).hexdigest(), text)
    listing.write_text(text)
def timed():
    started = time.perf_counter(); build(root); return time.perf_counter() - started
if mode == "cold":
    print(json.dumps({"cold": timed()}))
else:
    edit(sys.argv[5], sys.argv[6]); disk = timed()
    edit(sys.argv[6], sys.argv[5]); warm = timed()
    print(json.dumps({"disk": disk, "warm": warm}))
"""


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def build_once(root: Path, site: Path, cache: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONHASHSEED="0", EDITION_CACHE=str(cache))
    out = subprocess.run([sys.executable, "-c", BUILD, str(root), str(site)], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict[str, float]]) -> dict[str, float]:
    total = median([r["total"] for r in runs])
    generator = median([r["generator"] for r in runs])
    return {"total": total, "generator": generator, "mkdocs": total - generator, "share": generator / total,
            "imports": median([r["imports"] for r in runs]), "peak_mb": max(r["peak_mb"] for r in runs)}


def measure(root: Path, site: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Each run: a build with an empty cache (as on a fresh clone or in CI), then a second build
    with the cache the first left (as for any later `make site` whose sources did not change)."""
    cold, cached = [], []
    for _ in range(RUNS):
        cache = Path(tempfile.mkdtemp(prefix="edition-cache-"))
        cold.append(build_once(root, site, cache))
        cached.append(build_once(root, site, cache))
        shutil.rmtree(cache)
    return summarise(cold) | {"pages": sum(1 for _ in site.rglob("*.html"))}, summarise(cached)


def regenerate(root: Path, section: Path, witness: Path, old: str, new: str) -> dict[str, float]:
    runs = []
    for _ in range(RUNS):
        scratch = Path(tempfile.mkdtemp(prefix="edition-regen-"))
        copy = scratch / "root"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".venv", ".git", "node_modules", "__pycache__", ".cache"))
        args = [str(copy), str(ROOT / "scripts"), str(copy / section.relative_to(root)), str(copy / witness.relative_to(root)), old, new]
        run: dict[str, float] = {}
        for mode in ("cold", "edit"):
            out = subprocess.run([sys.executable, "-c", REGENERATE, *args, mode], capture_output=True, text=True, check=True)
            run |= json.loads(out.stdout.strip().splitlines()[-1])
        runs.append(run)
        shutil.rmtree(scratch)
    cold, disk, warm = (median([r[k] for r in runs]) for k in ("cold", "disk", "warm"))
    return {"cold": cold, "disk": disk, "warm": warm, "ratio": warm / cold, "disk_ratio": disk / cold}


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
    for path in site.rglob("index.html"):
        url = path.parent.relative_to(site).as_posix() + "/"
        kind = page_kind(url)
        if kind:
            data = path.read_bytes()
            size = gz(data)
            if size > heaviest.get(kind, ("", 0, 0))[1]:
                heaviest[kind] = (url, size, len(data))
    return heaviest


def own_assets(site: Path) -> dict[str, tuple[int, int]]:
    files = ["assets/edition.css", "assets/stylesheets/theme-fixes.css", "assets/edition.js"]
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

    versions = f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__}, Markdown {markdown.__version__}"
    return f"{cpu}{memory}; {platform.system()} {platform.release()} ({platform.machine()}); {versions}"


def main() -> None:
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py); figures only, nothing is asserted.", ""]
    lines += [f"Machine: {machine()}.", "", f"Each build runs in a fresh process; times are the median of {RUNS} runs, in seconds.", ""]
    work = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    corpora: list[tuple[str, Path]] = [("real corpus", ROOT)]
    for scale in SCALES:
        corpora.append((f"synthetic {scale}x", synthetic.generate(work / f"synthetic-{scale}", scale)))

    lines += ["## Generator (YAML to pages) against MkDocs", "",
              "Whole `mkdocs build --strict` runs, timed from before MkDocs is imported. The generator's time is",
              "the hook's: importing the generator, then loading, checking and generating every page",
              "(scripts/mkdocs_hooks.py, on_config); the rest is MkDocs and Material. *Empty cache* is a first",
              "build (a fresh clone, CI); *cached* is the next build with the sources unchanged, reusing",
              ".cache/edition/.", "",
              "| corpus | clauses | pages | cache | whole build | generator | MkDocs | generator share | peak memory |",
              "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    results = {}
    for name, root in corpora:
        site = work / f"site-{name.replace(' ', '-')}"
        result, cached = measure(root, site)
        clauses = len(json.loads((site / "api/v1/clauses.json").read_text())["clauses"])
        results[name] = result | {"clauses": clauses, "site": site}
        for label, r in (("empty", result), ("cached", cached)):
            lines.append(
                f"| {name} | {clauses} | {result['pages']} | {label} | {r['total']:.2f} | {r['generator']:.2f} | "
                f"{r['mkdocs']:.2f} | {100 * r['share']:.1f}% | {r['peak_mb']:.0f} MB |"
            )
            print(lines[-1], flush=True)
    one, sixteen = results["synthetic 1x"], results["synthetic 16x"]
    lines += ["", f"16x against 1x (empty cache): {sixteen['clauses'] / one['clauses']:.1f} times the clauses took "
              f"{sixteen['total'] / one['total']:.1f} times as long to build "
              f"(generator {sixteen['generator'] / one['generator']:.1f} times, MkDocs {sixteen['mkdocs'] / one['mkdocs']:.1f} times).",
              f"Of the generator's time, importing it takes {results['real corpus']['imports']:.2f} s.", ""]

    lines += ["## Regenerating after a one-clause edit", "",
              "The generator runs cold (a fresh process, an empty cache). Then, in a new process, one word of one",
              "clause is changed (in its YAML and its witness, whose checksum is updated) and the generator runs",
              "with the disk cache the cold run left, as a later `make site` does; then the word is changed back",
              "and the generator runs again in that same process, as under `make serve`.", "",
              "| corpus | cold generation | after the edit, new process | ratio | after the edit, same process | ratio |",
              "|---|---:|---:|---:|---:|---:|"]
    real_section = ROOT / "sources/works/six-core-principles/ecs-england/principle-5.yaml"
    real_witness = ROOT / "sources/witnesses/001_5fc62930cb1d290f.txt"
    edits = [("real corpus", ROOT, real_section, real_witness, "evenhandedness", "even-handedness")]
    syn = results["synthetic 16x"]["site"].parent / "synthetic-16"
    first = (syn / "sources/works/work-1/w1-e2/section-1.yaml").read_text()
    word = json.loads(re.search(r'text: (".*")', first.split("kind: paragraph", 1)[1]).group(1)).split()[2]
    edits.append(("synthetic 16x", syn, syn / "sources/works/work-1/w1-e2/section-1.yaml", syn / "sources/witnesses/sw1-2.txt", f" {word} ", " edited "))
    for name, root, section, witness, old, new in edits:
        r = regenerate(root, section, witness, old, new)
        lines.append(
            f"| {name} | {r['cold']:.3f} | {r['disk']:.3f} | {100 * r['disk_ratio']:.1f}% | {r['warm']:.3f} | {100 * r['ratio']:.1f}% |"
        )
        print(lines[-1], flush=True)

    site = results["real corpus"]["site"]
    lines += ["", "## Page weight (real corpus)", "", "| page kind | heaviest page | HTML | gzip |", "|---|---|---:|---:|"]
    for kind, (url, size, raw) in sorted(weights(site).items()):
        lines.append(f"| {kind} | `/{url}` | {raw / 1024:.1f} KB | {size / 1024:.1f} KB |")
    assets = own_assets(site)
    total_raw = sum(r for r, _ in assets.values())
    total_gz = sum(g for _, g in assets.values())
    lines += ["", "The project's own CSS and JavaScript:", ""]
    lines += [f"- `{f}`: {r / 1024:.1f} KB, {g / 1024:.1f} KB gzip" for f, (r, g) in assets.items()]
    lines.append(f"- together: {total_raw / 1024:.1f} KB, {total_gz / 1024:.1f} KB gzip")
    index = (site / "search/search_index.json").read_bytes()
    lines += ["", f"Search index: {len(index) / 1024:.0f} KB, {gz(index) / 1024:.0f} KB gzip.", ""]

    lines += ["## Comparison noise", "", "Marked spans a reader meets in the default view, against a plain word diff of the same texts:", "", "```"]
    from io import StringIO
    from contextlib import redirect_stdout

    buffer = StringIO()
    with redirect_stdout(buffer):
        compare_noise.main()
    lines += buffer.getvalue().rstrip().splitlines() + ["```", ""]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
