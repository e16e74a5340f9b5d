"""A synthetic corpus for benchmarks: many works, several editions each, realistic edits between them.

    python bench/synthetic.py OUT --scale 4

writes a project root at OUT (sources/ with witnesses, YAML, ledgers; plus a copy of the site
configuration) that the real build accepts: every witness word accounted for, every pair of
editions compared. Scale 1 is about the size of the real corpus (two works of three editions,
about 390 clauses); scale n has n times as many works. Output is deterministic for a scale.

Between consecutive editions: a systematic rename (declared), words changed in about one clause
in five, clauses added and dropped, and list items moved. Witnesses carry conversion damage the
ledger accounts for: list bullets, stray bold markers, a page-furniture line, a page break.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "learning teaching support children young people families schools services professional practice "
    "standards quality improvement evidence partnership leadership integrity development community "
    "education outcomes safeguarding accountability wellbeing equality inclusion information judgement "
    "colleagues employers clients duties responsibilities training advice inspection challenge vision "
    "strategy initiative research data review monitoring evaluation learners staff members agencies "
    "local national policy provision access entitlement respect fairness openness honesty purpose"
).split()
THEMES = ["safeguarding", "accountability", "equality", "wellbeing", "collaboration", "evidence", "leadership", "improvement"]
EDITIONS_PER_WORK = 3
SECTIONS = 6
CLAUSES_PER_SECTION = 10


@dataclass
class Clause:
    key: str
    kind: str  # paragraph or item
    words: list[str]
    themes: list[str] = field(default_factory=list)


def sentence(rng: random.Random, n: int) -> list[str]:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    words[-1] += "."
    return words


def first_edition(rng: random.Random, work: int) -> list[list[Clause]]:
    sections = []
    for s in range(SECTIONS):
        clauses = []
        for c in range(CLAUSES_PER_SECTION):
            kind = "item" if 3 <= c <= 6 else "paragraph"
            words = sentence(rng, rng.randint(12, 40) if kind == "paragraph" else rng.randint(5, 12))
            if kind == "paragraph" and rng.random() < 0.5:
                words[rng.randrange(len(words))] = f"W{work}professionals"  # renamed in later editions
            themes = sorted(rng.sample(THEMES, rng.randint(1, 2))) if rng.random() < 0.4 else []
            clauses.append(Clause(f"s{s}-c{c}", kind, words, themes))
        sections.append(clauses)
    return sections


def next_edition(rng: random.Random, sections: list[list[Clause]], number: int, work: int) -> list[list[Clause]]:
    old_term, new_term = (f"W{work}professionals", f"W{work}practitioners") if number == 1 else (f"W{work}practitioners", f"W{work}specialists")
    out = []
    for s, clauses in enumerate(sections):
        new: list[Clause] = []
        for clause in clauses:
            if rng.random() < 0.04:
                continue  # dropped
            words = [new_term if w == old_term else w for w in clause.words]
            if rng.random() < 0.2:  # some words changed
                for _ in range(rng.randint(1, 3)):
                    i = rng.randrange(len(words) - 1)
                    words[i] = rng.choice(WORDS)
            new.append(Clause(clause.key, clause.kind, words, list(clause.themes)))
            if rng.random() < 0.04:  # a clause added after this one
                new.append(Clause(f"s{s}-e{number}-{len(new)}", "paragraph", sentence(rng, rng.randint(10, 30))))
        items = [i for i, c in enumerate(new) if c.kind == "item"]
        if len(items) >= 2 and rng.random() < 0.5:  # two list items swap places
            a, b = items[0], items[-1]
            new[a], new[b] = new[b], new[a]
        out.append(new)
    return out


def yaml_text(words: list[str]) -> str:
    return json.dumps(" ".join(words))


def write_edition(base: Path, work_id: str, edition_id: str, prefix: str, sections: list[list[Clause]], witness_id: str, lines: list[str]) -> None:
    directory = base / "sources" / "works" / work_id / edition_id
    directory.mkdir(parents=True)
    contents = []
    witness: list[str] = [f"PAGE FURNITURE {edition_id}", ""]
    for s, clauses in enumerate(sections):
        name = f"section-{s + 1}.yaml"
        contents.append(name)
        out = [f"id: {prefix}-s{s}", "kind: section", f"title: Section {s + 1}", f"align: s{s}", "clauses:"]
        out += [f"  - id: {prefix}-s{s}-h", "    kind: heading", f"    align: s{s}-h", f"    text: \"Section {s + 1}\""]
        witness += [f"# Section {s + 1}", ""]
        joined = False
        for index, clause in enumerate(clauses):
            out += [f"  - id: {prefix}-{clause.key}", f"    kind: {clause.kind}", f"    align: {clause.key}"]
            if clause.themes:
                out.append(f"    themes: [{', '.join(clause.themes)}]")
            out.append(f"    text: {yaml_text(clause.words)}")
            text = " ".join(clause.words)
            if clause.kind == "item":
                witness.append(f"- {text}")
            elif not joined and index == 1 and len(clause.words) > 8:
                half = len(clause.words) // 2  # a page break inside a paragraph
                witness += [" ".join(clause.words[:half]), "", " ".join(clause.words[half:]) + "**", ""]
                lines.append(f"  - lines: {len(witness) - 3}-{len(witness) - 1}\n    reason: A page break.")
                joined = True
            else:
                witness += [text, ""]
        witness.append("")
        (directory / name).write_text("\n".join(out) + "\n", encoding="utf-8")
    (directory / "edition.yaml").write_text(
        f"id: {edition_id}\nshort_name: {edition_id.upper()[:20]}\ntitle: Synthetic {edition_id}\nissuer: Synthetic body\n"
        "edition:\n  basis: not-stated\n  note: Synthetic.\ndate:\n  basis: not-stated\n  note: Synthetic.\n"
        "jurisdiction:\n  basis: not-stated\n  note: Synthetic.\nlicence:\n  status: none-stated\n"
        f"witness: {witness_id}\ncontents:\n" + "".join(f"  - {c}\n" for c in contents),
        encoding="utf-8",
    )
    (directory / "ledger.yaml").write_text(
        "markup:\n  - pattern: '^- '\n    reason: List bullets.\n  - pattern: '^# '\n    reason: Heading markers.\n"
        "  - pattern: '\\*\\*$'\n    reason: Stray bold markers.\n"
        f"exclusions:\n  - id: {prefix}-x-furniture\n    lines: 1\n    category: page-furniture\n    reason: Page furniture.\n"
        f"    text: PAGE FURNITURE {edition_id}\n"
        + ("joins:\n" + "\n".join(lines) + "\n" if lines else ""),
        encoding="utf-8",
    )
    (base / "sources" / "witnesses" / f"{witness_id}.txt").write_text("\n".join(witness), encoding="utf-8")


def keys(sections: list[list[Clause]]) -> set[str]:
    return {c.key for clauses in sections for c in clauses}


def generate(out: Path, scale: int) -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "sources" / "witnesses").mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides", "scripts"):
        source = ROOT / name
        (shutil.copytree(source, out / name, ignore=shutil.ignore_patterns("__pycache__")) if source.is_dir() else shutil.copy2(source, out / name))
    (out / "docs" / "api.md").write_text("# The edition as data\n\nSee `api/v1/`.\n", encoding="utf-8")
    shutil.copytree(ROOT / "sources" / "schema", out / "sources" / "schema")
    shutil.copy2(ROOT / "sources" / "themes.yaml", out / "sources" / "themes.yaml")
    rng = random.Random(scale)
    works, witnesses = [], []
    for w in range(2 * scale):
        work_id = f"work-{w + 1}"
        works.append(work_id)
        editions = [first_edition(rng, w)]
        for n in range(1, EDITIONS_PER_WORK):
            editions.append(next_edition(rng, editions[-1], n, w))
        ids = [f"w{w + 1}-e{n + 1}" for n in range(EDITIONS_PER_WORK)]
        for n, sections in enumerate(editions):
            witness_id = f"sw{w + 1}-{n + 1}"
            write_edition(out, work_id, ids[n], ids[n], sections, witness_id, [])
            path = out / "sources" / "witnesses" / f"{witness_id}.txt"
            witnesses.append((witness_id, path.name, hashlib.sha256(path.read_bytes()).hexdigest()))
        comparisons = []
        terms = [f"W{w}professionals", f"W{w}practitioners", f"W{w}specialists"]
        for i in range(EDITIONS_PER_WORK):
            for j in range(i + 1, EDITIONS_PER_WORK):
                old, new = keys(editions[i]), keys(editions[j])
                text = f"  - from: {ids[i]}\n    to: {ids[j]}\n"
                text += f"    renames:\n      - from: {terms[i]}\n        to: {terms[j]}\n        kind: same-referent\n        note: The profession renamed.\n"
                if new - old:
                    text += "    added: [" + ", ".join(sorted(new - old)) + "]\n"
                if old - new:
                    text += "    dropped: [" + ", ".join(sorted(old - new)) + "]\n"
                comparisons.append(text)
        (out / "sources" / "works" / work_id / "work.yaml").write_text(
            f"id: {work_id}\ntitle: Synthetic work {w + 1}\ndescription: A synthetic work.\neditions:\n"
            + "".join(f"  - {i}\n" for i in ids) + "comparisons:\n" + "".join(comparisons),
            encoding="utf-8",
        )
    (out / "sources" / "corpus.yaml").write_text("works:\n" + "".join(f"  - {w}\n" for w in works), encoding="utf-8")
    (out / "sources" / "witnesses" / "witnesses.yaml").write_text(
        "witnesses:\n"
        + "".join(
            f"  - id: {i}\n    file: {f}\n    sha256: {h}\n    what: Synthetic.\n    issuer: Synthetic body\n"
            "    date_as_given: none\n    origin: bench/synthetic.py\n    conversion: Simulated.\n"
            for i, f, h in witnesses
        ),
        encoding="utf-8",
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.scale)
    print(args.out)


if __name__ == "__main__":
    main()
