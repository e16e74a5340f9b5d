"""The importer's benchmark: `make bench-import` (also part of `make bench`).

1. Each of the five witnesses is imported again into a scratch copy of the project from which its
   curated edition was taken out, and the draft is compared with the curated edition: clause
   boundaries (witness line spans), ledger exclusions (excluded lines), and for the Six Core
   Principles the counterparts of each clause in the other edition.
2. Synthetic variants of four witnesses, with changes planted (bench/variants.py), are imported as
   new editions beside their curated edition and scored against what was planted.
3. Long converted texts (bench/long_witness.py) of 25,000 and 50,000 lines are imported as new
   editions of the Six Core Principles (aligned with its newest edition), timed stage by stage;
   and a text past the importer's size bound is refused (time to the refusal).

Figures only; nothing is asserted. The section "Import" of bench/RESULTS.md is replaced.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

from edition.fidelity import check_corpus  # noqa: E402
from edition.importer import ImportRefused, import_witness  # noqa: E402
from edition.importer.witness_file import MAX_BYTES, MAX_CLAUSES, MAX_LINES  # noqa: E402
from edition.loader import load_corpus  # noqa: E402
from edition.model import Corpus, Edition  # noqa: E402
from scratch import copy_project, remove_edition  # noqa: E402
from long_witness import long_witness, short_paragraphs  # noqa: E402
from variants import make_variant  # noqa: E402

REIMPORTS = (
    ("six-core-principles", "aspect-2015", "ecs-england"),
    ("six-core-principles", "ecs-england", "aspect-2015"),
    ("aewm-code", "aewm-2019", None),
    ("ascl-blueprint", "ascl-2015", None),
    ("atl-sip-response", "atl-2010", None),
)
VARIANTS = (("ecs-england", 1), ("ecs-england", 2), ("aspect-2015", 3), ("aewm-2019", 4), ("atl-2010", 5))
LONG = (25_000, 50_000)
START, END = "<!-- import: start -->", "<!-- import: end -->"


def f1(expected: set, found: set) -> tuple[float, float, float]:
    hits = len(expected & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(expected) if expected else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def counterparts(corpus: Corpus, new: Edition, old: Edition) -> dict[str, frozenset[str]]:
    """Each clause of `new` -> the clauses of `old` sharing an alignment key with it; and each
    clause of `old` with none, under its own id prefixed "dropped:"."""
    by_key: dict[str, str] = {k: c.id for c in old.clauses() for k in c.align}
    out = {c.id: frozenset(by_key[k] for k in c.align if k in by_key) for c in new.clauses()}
    reached = {o for found in out.values() for o in found}
    out.update({f"dropped:{c.id}": frozenset() for c in old.clauses() if c.id not in reached})
    return out


def reimport(work: str, edition: str, compare: str | None, real: Corpus, accounts) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        root = copy_project(Path(scratch))
        _, witness_file = remove_edition(root, work, edition)
        witness = ROOT / "sources" / "witnesses" / witness_file
        started = time.perf_counter()
        imported = import_witness(root, witness, work, f"{edition}-x", compare)
        took = time.perf_counter() - started
        corpus = load_corpus(root)
        draft = corpus.edition(f"{edition}-x")
        account = next(a for a in check_corpus(corpus) if a.edition.id == draft.id)
    curated = accounts[edition]
    expected_spans = {(r.first, r.last) for r in curated.clause_lines.values()}
    found_spans = {(r.first, r.last) for r in account.clause_lines.values()}
    expected_out = {n for x in curated.edition.ledger.exclusions for n in range(x.lines.first, x.lines.last + 1)}
    found_out = {n for x in draft.ledger.exclusions for n in range(x.lines.first, x.lines.last + 1)}
    row: dict[str, object] = {
        "witness": f"{curated.witness.id} {edition}",
        "clauses": f"{len(found_spans)} / {len(expected_spans)}",
        "boundaries": f1(expected_spans, found_spans),
        "exclusions": f1(expected_out, found_out),
        "seconds": took,
        "review": len(imported.draft.review),
    }
    if compare is not None:
        # Counterparts, by witness line span: the draft's clauses stand for the curated ones.
        span_of_curated = {cid: (r.first, r.last) for cid, r in curated.clause_lines.items()}
        span_of_draft = {cid: (r.first, r.last) for cid, r in account.clause_lines.items()}
        old_real, old_scratch = real.edition(compare), corpus.edition(compare)
        want = {(span_of_curated[k] if not k.startswith("dropped:") else k): v for k, v in counterparts(real, real.edition(edition), old_real).items()}
        got = {(span_of_draft[k] if not k.startswith("dropped:") else k): v for k, v in counterparts(corpus, draft, old_scratch).items()}
        keys = set(want) | set(got)
        row["counterparts"] = sum(1 for k in keys if want.get(k) == got.get(k)) / len(keys)
    return row


def variant(base: str, seed: int, real: Corpus, accounts) -> dict[str, object]:
    account = accounts[base]
    made = make_variant(real, account, seed)
    work = account.edition.work_id
    with tempfile.TemporaryDirectory() as scratch:
        root = copy_project(Path(scratch) / "project")
        witness = Path(scratch) / f"variant-{seed}.txt"
        witness.write_text(made.text(), encoding="utf-8")
        started = time.perf_counter()
        import_witness(root, witness, work, f"variant-{seed}", base)
        took = time.perf_counter() - started
        corpus = load_corpus(root)
        draft = corpus.edition(f"variant-{seed}")
        draft_account = next(a for a in check_corpus(corpus) if a.edition.id == draft.id)
        got = counterparts(corpus, draft, corpus.edition(base))
        spec = next(c for c in corpus.work(work).comparisons if {c.old, c.new} == {base, draft.id})
        proposed = {(r.old, r.new) for r in spec.renames}
    # What was planted: each imported clause should carry exactly the original clauses its lines came from.
    origin = {n: line.origin for n, line in enumerate(made.lines, start=1)}
    agree = total = 0
    for clause_id, lines in draft_account.clause_lines.items():
        planted = frozenset(o for n in range(lines.first, lines.last + 1) for o in origin.get(n, ()))
        total += 1
        agree += got[clause_id] == planted
    for cid in made.dropped:
        total += 1
        agree += f"dropped:{cid}" in got
    furniture = {n for n, line in enumerate(made.lines, start=1) if line.furniture}
    excluded = {n for x in draft.ledger.exclusions for n in range(x.lines.first, x.lines.last + 1)}
    was_out = {n for n, line in enumerate(made.lines, start=1) if line.excluded_before}
    return {
        "variant": made.name,
        "planted": ", ".join(f"{len(v)} {k}" for k, v in made.planted.items() if v),
        "counterparts": agree / total,
        "furniture": len(furniture & excluded) / len(furniture) if furniture else 1.0,
        "text left in": 1 - len(excluded - furniture - was_out) / max(1, len(excluded)),
        "rename": "yes" if made.rename is None or made.rename in proposed else "no",
        "seconds": took,
    }


def long_text(text: str, name: str) -> dict[str, object]:
    """Import `text` as a new edition of the Six Core Principles; its size, time and stages."""
    with tempfile.TemporaryDirectory() as scratch:
        root = copy_project(Path(scratch) / "project")
        witness = Path(scratch) / f"{name}.txt"
        witness.write_text(text, encoding="utf-8")
        marks: list[tuple[str, float]] = []
        started = time.perf_counter()
        try:
            imported = import_witness(root, witness, "six-core-principles", name, progress=lambda stage: marks.append((stage, time.perf_counter())))
            outcome = f"{imported.draft.summary['clauses']:,} clauses"
        except ImportRefused as refused:
            outcome = "refused: " + str(refused).split("; ", 1)[0].split(": ", 1)[1]
        took = time.perf_counter() - started
    marks.append(("end", started + took))
    stages = sorted(((b - a, stage) for (stage, a), (_, b) in zip(marks, marks[1:])), reverse=True)
    return {
        "text": name, "lines": text.count("\n"), "bytes": len(text.encode("utf-8")), "outcome": outcome, "seconds": took,
        "stages": ", ".join(f"{stage} {seconds:.1f} s" for seconds, stage in stages[:3]),
    }


def long_section(real_rows: list[dict[str, object]]) -> list[str]:
    rows = [long_text(long_witness(n), f"long-{n // 1000}k") for n in LONG]
    # The densest text the bound takes (just under MAX_CLAUSES clauses), and one far past it.
    within = 2 * MAX_CLAUSES - 10
    rows.append(long_text(short_paragraphs(within), f"short-paragraphs-{within}-lines"))
    rows.append(long_text(short_paragraphs(LONG[-1]), f"short-paragraphs-{LONG[-1] // 1000}k"))
    seeds = [float(r["seconds"]) for r in real_rows]
    out = [
        "",
        f"Long texts (bench/long_witness.py), on a machine of {os.cpu_count()} logical CPUs: converted texts wrapped at",
        "72 columns as a PDF converter wraps them, with a running footer and a page number every 55 lines,",
        "imported as a new edition of the Six Core Principles (aligned with its newest edition); and two of",
        "one-line paragraphs, as dense in clauses as a text can be: the longest the bound on clauses takes,",
        f"and one of {LONG[-1]:,} lines, which it refuses. The five",
        f"witnesses above (seed size) take {min(seeds):.2f} to {max(seeds):.2f} s. The importer's bound: at most {MAX_LINES:,} lines,",
        f"{MAX_BYTES:,} bytes and {MAX_CLAUSES:,} clauses (scripts/edition/importer/witness_file.py).",
        "",
        "| text | lines | bytes | outcome | import time | longest stages |",
        "|---|---:|---:|---|---:|---|",
    ]
    for row in rows:
        out.append(f"| {row['text']} | {row['lines']:,} | {row['bytes']:,} | {row['outcome']} | {row['seconds']:.1f} s | {row['stages']} |")
    return out


def report() -> list[str]:
    real = load_corpus(ROOT)
    accounts = {a.edition.id: a for a in check_corpus(real)}
    rows = [reimport(work, edition, compare, real, accounts) for work, edition, compare in REIMPORTS]
    variant_rows = [variant(base, seed, real, accounts) for base, seed in VARIANTS]
    out = [
        START,
        "## Import",
        "",
        "Written by `make bench-import` (bench/import_bench.py, also run by `make bench`). Figures only.",
        "",
        "Each witness imported again (`python -m edition import`) into a scratch copy of the project",
        "from which its curated edition was taken out, and the draft compared with the curated edition.",
        "Clause boundaries are the witness line spans of the clauses; exclusions are the lines the",
        "ledger leaves out; counterparts (for the two editions of the Six Core Principles, each",
        "imported against the other) are, for each clause and each dropped clause, the clauses of the",
        "other edition it corresponds to. Each figure is an F1 (precision, recall) or a fraction.",
        "",
        "| witness | clauses (draft / curated) | boundaries F1 (P, R) | exclusions F1 (P, R) | counterparts | import time | review items |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        b, x = row["boundaries"], row["exclusions"]
        c = f"{row['counterparts']:.3f}" if "counterparts" in row else "—"
        out.append(f"| {row['witness']} | {row['clauses']} | {b[2]:.3f} ({b[0]:.3f}, {b[1]:.3f}) | {x[2]:.3f} ({x[0]:.3f}, {x[1]:.3f}) | {c} | {row['seconds']:.2f} s | {row['review']} |")
    out += [
        "",
        "Synthetic variants (bench/variants.py): a witness with changes planted where its curated edition",
        "says the clauses are, imported beside that edition and aligned with it. *Counterparts*: the",
        "fraction of the draft's clauses (and planted drops) whose counterparts are exactly the clauses",
        "planted in them; *furniture*: planted footers and page numbers left out; *text left in*: the",
        "fraction of lines left out that are furniture or were left out of the original too.",
        "",
        "| variant | planted | counterparts | furniture left out | text left in | planted rename proposed | import time |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    for row in variant_rows:
        out.append(f"| {row['variant']} | {row['planted']} | {row['counterparts']:.3f} | {row['furniture']:.3f} | {row['text left in']:.3f} | {row['rename']} | {row['seconds']:.2f} s |")
    out += long_section(rows)
    out.append(END)
    return out


def write(section: list[str]) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = "\n".join(section)
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    lines = report()
    print("\n".join(lines))
    write(lines)
