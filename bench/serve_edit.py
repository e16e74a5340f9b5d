"""Edit to served page, end to end, under `make serve`: the time from saving an edit to the sources
to the served page showing it, polled over HTTP as a reader's browser would fetch it.

Four kinds of edit, each as an editor would make it (every file it touches written, the section's
YAML last, as saved):

- word: one word of a clause changed, in its YAML and its witness (whose checksum in
  sources/witnesses/witnesses.yaml follows); the clause's reading page is polled for the new word;
- clause: a paragraph added after a clause: a block added to the witness (checksum updated), the
  line numbers after it shifted wherever the edition's YAML cites witness lines (ledger, footnotes,
  review), the clause added to the section's YAML, and in a work of several editions its alignment
  key declared added (or dropped) in work.yaml's comparisons; its reading page is polled for its words;
- rename: a rename declared in a comparison of work.yaml (a word or short phrase that one clause
  changes, and no other clause of either edition prints; where fewer are found than rounds, a later
  round withdraws one an earlier round declared); the comparison's section page is polled until its
  bytes change (less MkDocs' live-reload call, which differs on every fetch);
- theme: a word of a theme's definition (sources/themes.yaml) changed; the theme's page is polled.

    python bench/serve_edit.py [--engine mkdocs|zensical] [--rounds N] [--scale N] [--kinds word,clause,...]
    python bench/serve_edit.py --verify [--scale N] [--rounds N]   # each edit, then `edition check`, no server

Between edits the preview is let settle (its log quiet, the search index it rewrites after the
pages written), so that each edit is timed from a still preview. Used by bench/run.py; runnable on
its own. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns("site", ".venv", ".venv-zensical", ".git", "node_modules", "__pycache__", ".build", ".cache", ".hypothesis", ".pytest_cache")
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1")
KINDS = ("word", "clause", "rename", "theme")
LABELS = {"word": "one word changed", "clause": "a clause added", "rename": "a rename declared", "theme": "a theme's definition"}


def _update_checksum(project: Path, witness: Path) -> None:
    listing = project / "sources/witnesses/witnesses.yaml"
    digest = hashlib.sha256(witness.read_bytes()).hexdigest()
    text, count = re.subn(
        rf"(file: {re.escape(witness.name)}\n\s+sha256: )[0-9a-f]{{64}}", lambda m: m.group(1) + digest, listing.read_text(encoding="utf-8")
    )
    if count != 1:
        raise ValueError(f"{witness.name} is not listed in {listing}")
    listing.write_text(text, encoding="utf-8")


@dataclass
class Probe:
    """Where an edit shows, and how to tell that the served page shows it."""

    url: str
    shows: Callable[[str], bool]


# --- (a) one word ---------------------------------------------------------------------------------


@dataclass
class Edit:
    """One word of one clause: where it is written (YAML and witness) and where it is shown."""

    section: str  # project-relative YAML file
    witness: str  # project-relative witness file
    word: str
    url: str  # the page that shows the clause
    kind: str = "word"
    current: str = field(default="", repr=False)

    def probe_url(self, n: int) -> str:
        return self.url

    def apply(self, project: Path, n: int, before: str | None) -> Probe:
        current = self.current or self.word
        new = f"benchedit{n}x"
        apply_edit(project, self, current, new)
        self.current = new
        return Probe(self.url, _word_shown(new))


REAL_EDIT = Edit(
    "sources/works/six-core-principles/ecs-england/principle-5.yaml",
    "sources/witnesses/001_5fc62930cb1d290f.txt",
    "evenhandedness",
    "six-core-principles/ecs-england/ecs-p5/",
)


def synthetic_edit(project: Path) -> Edit:
    """A word of the first paragraph of work 1's second edition, section 1 (bench/synthetic.py)."""
    section = project / "sources/works/work-1/w1-e2/section-1.yaml"
    text = section.read_text(encoding="utf-8").split("kind: paragraph", 1)[1]
    word = re.search(r'text: "([^"]*)"', text).group(1).split()[2]
    return Edit(section.relative_to(project).as_posix(), "sources/witnesses/sw1-2.txt", word, "work-1/w1-e2/w1-e2-s0/")


def apply_edit(project: Path, edit: Edit, old: str, new: str) -> None:
    """`old` becomes `new` in the clause's YAML and its witness, and the witness's checksum follows."""
    section, witness = project / edit.section, project / edit.witness
    yaml_text = section.read_text(encoding="utf-8")
    witness_bytes = witness.read_bytes()
    if not re.search(rf"\b{re.escape(old)}\b", yaml_text) or old.encode() not in witness_bytes:
        raise ValueError(f"{old!r} is not in {edit.section} and {edit.witness}")
    witness.write_bytes(re.sub(rf"\b{re.escape(old)}\b".encode(), new.encode(), witness_bytes, count=1))
    _update_checksum(project, witness)
    section.write_text(re.sub(rf"\b{re.escape(old)}\b", new, yaml_text, count=1), encoding="utf-8")  # the YAML last, as saved


def _word_shown(word: str) -> Callable[[str], bool]:
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    return lambda body: bool(pattern.search(body))


# --- (b) a clause added ---------------------------------------------------------------------------

_LINES = re.compile(r"^(\s*(?:-\s+)?lines:\s*)(\d+)(?:-(\d+))?[ \t]*$", re.MULTILINE)


@dataclass
class ClauseAdded:
    """A paragraph added after clause `after`, whose text ends on witness line `line` (followed by a
    blank line): two lines (a blank one and the paragraph) go in after that line."""

    work: str  # work.yaml, project-relative
    edition: str  # the edition's directory, project-relative
    edition_id: str
    witness: str  # project-relative
    after: str  # clause id
    line: int  # the witness line its text ends on
    url: str  # its reading page
    align: bool  # the work has several editions: the clause needs an alignment key, declared added
    kind: str = "clause"

    def probe_url(self, n: int) -> str:
        return self.url

    def apply(self, project: Path, n: int, before: str | None) -> Probe:
        new_id = f"{self.edition_id}-benchadd{n}"
        marker = f"Benchadded{n}x"
        text = f"{marker} is a clause the benchmark adds, to time a new paragraph through the preview."
        witness = project / self.witness
        lines = witness.read_bytes().split(b"\n")
        if lines[self.line].strip():  # the line after the clause's text must be blank
            raise ValueError(f"{self.witness} line {self.line + 1} is not blank")
        lines[self.line : self.line] = [b"", text.encode()]
        witness.write_bytes(b"\n".join(lines))
        _update_checksum(project, witness)
        shift_lines(project / self.edition, self.line + 1, 2)
        if self.align:
            declare_added(project / self.work, self.edition_id, new_id)
        insert_clause(project / self.edition, self.after, new_id, text, self.align)  # the section's YAML last
        self.after, self.line = new_id, self.line + 2
        return Probe(self.url, _word_shown(marker))


def shift_lines(directory: Path, first: int, by: int) -> None:
    """Every witness line number from `first` on, cited by the edition's YAML, moved down `by`."""
    def moved(match: re.Match[str]) -> str:
        numbers = [int(g) for g in match.groups()[1:] if g is not None]
        numbers = [n + by if n >= first else n for n in numbers]
        return match.group(1) + "-".join(str(n) for n in numbers)

    for path in sorted(directory.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        shifted = _LINES.sub(moved, text)
        if shifted != text:
            path.write_text(shifted, encoding="utf-8")


def insert_clause(directory: Path, after: str, new_id: str, text: str, align: bool) -> None:
    """A paragraph `new_id` after clause `after` in whichever section file of `directory` holds it."""
    start = re.compile(rf"^( *)- id: {re.escape(after)}[ \t]*$", re.MULTILINE)
    for path in sorted(directory.glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        match = start.search(source)
        if not match:
            continue
        indent = match.group(1)
        lines = source[match.end() + 1 :].split("\n")
        end = 0
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > len(indent)):
            end += 1
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        clause = [f"{indent}- id: {new_id}", f"{indent}  kind: paragraph"]
        clause += [f"{indent}  align: {new_id}"] if align else []
        clause += [f"{indent}  text: {json.dumps(text)}"]
        lines[end:end] = clause
        path.write_text(source[: match.end() + 1] + "\n".join(lines), encoding="utf-8")
        return
    raise ValueError(f"no section file in {directory} holds clause {after}")


def _comparison_blocks(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """(first line, end, from, to) of each comparison in a work.yaml's lines (as bench/synthetic.py
    and the importer write them: `  - from: X` then `    to: Y`)."""
    blocks = []
    starts = [i for i, line in enumerate(lines) if re.match(r"^  - from: \S+\s*$", line) and i + 1 < len(lines) and lines[i + 1].startswith("    to: ")]
    for i in starts:
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
            end += 1
        blocks.append((i, end, lines[i].split(":", 1)[1].strip(), lines[i + 1].split(":", 1)[1].strip()))
    return blocks


def _add_to_list(lines: list[str], start: int, end: int, key: str, value: str) -> None:
    """`value` appended to the comparison's list `key` (flow or block style), or the list started."""
    for i in range(start, end):
        if lines[i].startswith(f"    {key}:"):
            rest = lines[i].split(":", 1)[1].strip()
            if rest.startswith("["):
                items = [x.strip() for x in rest.strip("[]").split(",") if x.strip()]
                lines[i] = f"    {key}: [{', '.join(items + [value])}]"
            else:
                lines.insert(i + 1, f"      - {value}")
            return
    lines.insert(start + 2, f"    {key}: [{value}]")


def declare_added(work_yaml: Path, edition: str, key: str) -> None:
    """`key` declared added in each comparison into `edition`, and dropped in each out of it."""
    lines = work_yaml.read_text(encoding="utf-8").split("\n")
    for start, end, old, new in reversed(_comparison_blocks(lines)):  # from the end: inserts keep earlier indices
        if new == edition:
            _add_to_list(lines, start, end, "added", key)
        elif old == edition:
            _add_to_list(lines, start, end, "dropped", key)
    work_yaml.write_text("\n".join(lines), encoding="utf-8")


# --- (c) a rename declared ------------------------------------------------------------------------

_LIVERELOAD = re.compile(rb"livereload\(\d+,\s*\d+\)")


def normalized(body: str | None) -> str | None:
    """A page as fetched, less what differs on every fetch (MkDocs' live-reload call)."""
    return None if body is None else _LIVERELOAD.sub(b"livereload()", body.encode()).decode()


@dataclass
class RenameDeclared:
    """Renames, one per round, each declared in the comparison `old` -> `new` of `work`; where fewer
    were found than rounds, a later round withdraws the rename an earlier one declared."""

    work: str  # work.yaml, project-relative
    old: str
    new: str
    renames: list[tuple[str, str, str]]  # (from, to, comparison page) per round
    kind: str = "rename"

    def probe_url(self, n: int) -> str:
        return self.renames[n % len(self.renames)][2]

    def apply(self, project: Path, n: int, before: str | None) -> Probe:
        if not self.renames:
            raise ValueError(f"no rename was found to declare in {self.work} ({self.old} -> {self.new})")
        old_phrase, new_phrase, url = self.renames[n % len(self.renames)]
        path = project / self.work
        lines = path.read_text(encoding="utf-8").split("\n")
        baseline = normalized(before)
        probe = Probe(url, lambda body: baseline is not None and normalized(body) != baseline)
        if f"      - from: {json.dumps(old_phrase)}" in lines:  # declared in an earlier round: withdrawn
            at = lines.index(f"      - from: {json.dumps(old_phrase)}")
            del lines[at : at + 4]
            path.write_text("\n".join(lines), encoding="utf-8")
            return probe
        entry = [
            f"      - from: {json.dumps(old_phrase)}",
            f"        to: {json.dumps(new_phrase)}",
            "        kind: substitution",
            "        note: Declared by the benchmark (bench/serve_edit.py).",
        ]
        for start, end, old, new in _comparison_blocks(lines):
            if (old, new) == (self.old, self.new):
                at = next((i for i in range(start, end) if lines[i].rstrip() == "    renames:"), None)
                if at is None:  # the comparison's first rename
                    at, entry = start + 1, ["    renames:", *entry]
                lines[at + 1 : at + 1] = entry
                break
        else:
            raise ValueError(f"{self.work} has no comparison {self.old} -> {self.new}")
        path.write_text("\n".join(lines), encoding="utf-8")
        return probe


def _page_keys(edition) -> dict[str, str]:
    """Clause id -> the alignment key of its page section (the comparison pages' URL part)."""
    from edition.pages.urls import is_page_section

    keys: dict[str, str] = {}

    def walk(section, depth: int, key: str | None) -> None:
        if is_page_section(section, depth):
            key = section.align[0] if section.align else section.id
        for clause in section.clauses:
            keys[clause.id] = key
        for child in section.sections:
            walk(child, depth + 1, key)

    for section in edition.sections:
        walk(section, 1, None)
    return keys


def _phrase_count(phrase: str, texts: list[str]) -> int:
    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
    return sum(len(pattern.findall(t)) for t in texts)


def _bare(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """Two runs of words less the punctuation both end with (a full stop, a comma)."""
    old, new = list(old), list(new)
    if old and new:
        end = re.search(r"[.,;:]+$", old[-1])
        if end and new[-1].endswith(end.group(0)) and len(old[-1]) > len(end.group(0)) and len(new[-1]) > len(end.group(0)):
            old[-1], new[-1] = old[-1][: end.start()], new[-1][: -len(end.group(0))]
    return old, new


def rename_candidates(corpus, work, spec, wanted: int) -> list[tuple[str, str, str]]:
    """Up to `wanted` (from, to, comparison page): a word or short phrase that one clause of the
    comparison changes to another, the old one printed nowhere else in the old edition nor in the
    new, the new one nowhere else in the new edition nor in the old, so that declaring it a rename
    unmarks that change alone. Never a clause a principal change names, nor a phrase a declared
    rename already holds."""
    old, new = corpus.edition(spec.old), corpus.edition(spec.new)
    declared = [p for r in spec.renames for p in (r.old, r.new)]
    named = {c for change in spec.principal_changes for c in getattr(change, "clauses", ())}
    texts_old = [" ".join(filter(None, (c.term, c.text))) for c in old.clauses()]
    texts_new = [" ".join(filter(None, (c.term, c.text))) for c in new.clauses()]
    by_key_old: dict[str, list] = {}
    for c in old.clauses():
        for k in c.align:
            by_key_old.setdefault(k, []).append(c)
    by_key_new: dict[str, list] = {}
    for c in new.clauses():
        for k in c.align:
            by_key_new.setdefault(k, []).append(c)
    page_key = _page_keys(new)
    word = re.compile(r"^[A-Za-z][A-Za-z'’-]*$")
    found: list[tuple[str, str, str]] = []
    for c in new.clauses():
        if len(found) >= wanted:
            break
        if len(c.align) != 1 or c.kind.value == "heading" or c.id in named or len(by_key_new[c.align[0]]) != 1:
            continue
        olds = by_key_old.get(c.align[0], [])
        if len(olds) != 1 or len(olds[0].align) != 1 or olds[0].id in named:
            continue
        if any(_phrase_count(d, [olds[0].text, c.text]) for d in declared):
            continue  # a declared rename matches here first, and could hide this one
        a, b = olds[0].text.split(), c.text.split()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag != "replace" or i2 - i1 > 3 or j2 - j1 > 3:
                continue
            chosen = None
            for left, right in ((0, 0), (1, 0), (0, 1), (1, 1), (2, 1), (1, 2)):  # with a word or two of context if need be
                if i1 - left < 0 or i2 + right > len(a) or j2 + right > len(b):
                    continue
                old_words, new_words = _bare(a[i1 - left : i2 + right], b[j1 - left : j2 + right])
                if not all(word.match(w) for w in old_words + new_words):
                    continue
                po, pn = " ".join(old_words), " ".join(new_words)
                if any(p in d or d in p for p in (po, pn) for d in declared + [x for f in found for x in f[:2]]):
                    continue
                if (_phrase_count(po, texts_old), _phrase_count(po, texts_new), _phrase_count(pn, texts_new), _phrase_count(pn, texts_old)) == (1, 0, 1, 0):
                    chosen = (po, pn)
                    break
            if chosen:
                found.append((*chosen, f"{work.id}/compare/{spec.old}--{spec.new}/{page_key[c.id]}/"))
                break
    return found


# --- (d) a theme's definition ---------------------------------------------------------------------


@dataclass
class ThemeDefinition:
    """A word of theme `theme`'s definition in sources/themes.yaml changed."""

    theme: str
    word: str
    kind: str = "theme"
    current: str = field(default="", repr=False)

    def probe_url(self, n: int) -> str:
        return f"themes/{self.theme}/"

    def apply(self, project: Path, n: int, before: str | None) -> Probe:
        path = project / "sources/themes.yaml"
        text = path.read_text(encoding="utf-8")
        entry = re.search(rf"^  - id: {re.escape(self.theme)}\n(?:    .*\n)*?    definition: .*$", text, re.MULTILINE)
        if not entry:
            raise ValueError(f"no definition of theme {self.theme} in {path}")
        current, new = self.current or self.word, f"benchtheme{n}x"
        changed = re.sub(rf"\b{re.escape(current)}\b", new, entry.group(0).split("definition:", 1)[1], count=1)
        path.write_text(text[: entry.start()] + entry.group(0).split("definition:", 1)[0] + "definition:" + changed + text[entry.end() :], encoding="utf-8")
        self.current = new
        return Probe(self.probe_url(n), _word_shown(new))


# --- the plan for a corpus ------------------------------------------------------------------------


def edit_plan(project: Path, real: bool, rounds: int = 3) -> dict[str, object]:
    """Each kind of edit, ready to apply to a copy of `project` (the real corpus, or one from
    bench/synthetic.py). Loads and checks the corpus once, to find the witness lines and renames."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from edition.fidelity import account_for
    from edition.loader import load_corpus
    from edition.pages.urls import Urls

    corpus = load_corpus(project)
    plan: dict[str, object] = {"word": REAL_EDIT if real else synthetic_edit(project)}

    # (b): in the real corpus, after the AEWM code's second paragraph (a work of one edition); in a
    # synthetic one, after the last paragraph of work 1's newest edition (its last section).
    if real:
        edition, after = corpus.edition("aewm-2019"), "aewm-intro-2"
    else:
        edition = corpus.edition("w1-e3")
        last = edition.sections[-1]
        after = [c for c in last.clauses if c.kind.value == "paragraph"][-1].id
    witness = corpus.witness(edition.witness_id)
    account = account_for(witness, edition)
    work = next(w for w in corpus.works if edition in w.editions)
    directory = next(p.parent for p in (project / "sources/works" / work.id).glob("*/edition.yaml") if re.search(rf"^id: {re.escape(edition.id)}$", p.read_text(encoding="utf-8"), re.MULTILINE))
    page = Urls(corpus).clause(after).page
    plan["clause"] = ClauseAdded(
        (project / "sources/works" / work.id / "work.yaml").relative_to(project).as_posix(),
        directory.relative_to(project).as_posix(),
        edition.id,
        witness.path.resolve().relative_to(project.resolve()).as_posix(),
        after,
        account.clause_lines[after].last,
        page,
        len(work.editions) > 1,
    )

    # (c): the real corpus's comparison of the Six Core Principles; work 1's first comparison in a synthetic one.
    work = next(w for w in corpus.works if w.comparisons and (w.id == "six-core-principles" if real else w.id == "work-1"))
    spec = work.comparisons[0]
    plan["rename"] = RenameDeclared(
        (project / "sources/works" / work.id / "work.yaml").relative_to(project).as_posix(), spec.old, spec.new, rename_candidates(corpus, work, spec, rounds)
    )

    # (d): the definition of Safeguarding (bench/synthetic.py copies the real themes).
    plan["theme"] = ThemeDefinition("safeguarding", "Protecting")
    return plan


# --- the preview, polled --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


class Timeout(Exception):
    pass


def _wait_for(url: str, shows: Callable[[str], bool], timeout: float, server: subprocess.Popen, log: Path) -> float:
    """Seconds until the page at `url` shows what `shows` looks for."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode}): {_tail(log)}")
        body = _fetch(url)
        if body is not None and shows(body):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise Timeout(f"{url} did not show the edit within {timeout:.0f} s; the preview's log ends: {_tail(log)}")


def _tail(log: Path, characters: int = 1500) -> str:
    try:
        return log.read_text(encoding="utf-8", errors="replace")[-characters:]
    except OSError:
        return ""


def _settle(log: Path, since: int, quiet: float, timeout: float) -> None:
    """Wait until the preview has regenerated since log offset `since` (a "regenerated" line) and its
    log has then been quiet for `quiet` seconds: the search index it writes after the pages is in,
    and the engine has rebuilt what that changed."""
    started = time.perf_counter()
    size, changed = -1, time.perf_counter()
    while time.perf_counter() - started < timeout:
        text = log.read_bytes()
        if len(text) != size:
            size, changed = len(text), time.perf_counter()
        elif b"regenerated in" in text[since:] and time.perf_counter() - changed >= quiet:
            return
        time.sleep(0.1)


def _quiet(log: Path, quiet: float, timeout: float) -> None:
    """Wait until the preview's log has been quiet for `quiet` seconds (at most `timeout`)."""
    started = time.perf_counter()
    size, changed = -1, time.perf_counter()
    while time.perf_counter() - started < timeout:
        length = log.stat().st_size
        if length != size:
            size, changed = length, time.perf_counter()
        elif time.perf_counter() - changed >= quiet:
            return
        time.sleep(0.1)


def edit_to_updated(project: Path, engine: str, plan: dict[str, object] | object, rounds: int, kinds: tuple[str, ...] = KINDS,
                    timeout: float = 900, start_timeout: float = 1800, keep_log: Path | None = None) -> dict[str, list[float | None]]:
    """Serve a copy of `project` with `engine`; make each kind of edit `rounds` times, in turn;
    each edit's seconds by kind (None: not shown within `timeout`). `plan`: from edit_plan (an Edit
    alone: that word edit only)."""
    import copy as copying

    plan = copying.deepcopy(plan if isinstance(plan, dict) else {"word": plan})
    kinds = tuple(k for k in kinds if k in plan)
    scratch = Path(tempfile.mkdtemp(prefix="edition-serve-"))
    copy = scratch / "project"
    shutil.copytree(project, copy, ignore=IGNORED)
    port = _free_port()
    log_path = scratch / "serve.log"
    log = log_path.open("ab")  # appended to, also by the notes below
    server = subprocess.Popen(
        [sys.executable, "-m", "edition", "serve", "--engine", engine, "--root", str(copy), "--dev-addr", f"127.0.0.1:{port}"],
        env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    times: dict[str, list[float | None]] = {k: [] for k in kinds}
    try:
        begun = time.perf_counter()
        for kind in kinds:  # the first build is in when every page polled is served
            _wait_for(base + plan[kind].probe_url(0), lambda body: True, max(1.0, start_timeout - (time.perf_counter() - begun)), server, log_path)
        time.sleep(2)  # let the first build settle (the engine's watcher starts after it)
        _quiet(log_path, 3.0, 120.0)
        for n in range(rounds):
            for kind in kinds:
                edit = plan[kind]
                before = _fetch(base + edit.probe_url(n))
                if kind == "rename" and normalized(before) != normalized(_fetch(base + edit.probe_url(n))):
                    raise RuntimeError(f"{edit.probe_url(n)} differs from one fetch to the next: a change of its bytes would say nothing")
                since = log_path.stat().st_size
                probe = edit.apply(copy, n, before)
                try:
                    times[kind].append(_wait_for(base + probe.url, probe.shows, timeout, server, log_path))
                    with log_path.open("ab") as note:  # where each edit was seen, for a reader of the log
                        note.write(f"[bench] {kind} edit {n} seen after {times[kind][-1]:.2f} s\n".encode())
                except Timeout as exc:
                    print(f"{engine}, {kind} edit {n}: {exc}", file=sys.stderr, flush=True)
                    times[kind].append(None)
                _settle(log_path, since, 2.0, max(60.0, timeout))
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
        if keep_log:
            shutil.copy2(log_path, keep_log)
        shutil.rmtree(scratch, ignore_errors=True)
    return times


def verify(project: Path, plan: dict[str, object], rounds: int, kinds: tuple[str, ...] = KINDS) -> list[str]:
    """Each edit applied in turn to a copy of `project`, `python -m edition check` after each: what
    it said, one line per edit (the edits must keep the sources valid, or the preview would only
    show an error and the poll never see the change)."""
    import copy as copying

    plan = copying.deepcopy(plan)
    scratch = Path(tempfile.mkdtemp(prefix="edition-verify-"))
    copy = scratch / "project"
    shutil.copytree(project, copy, ignore=IGNORED)
    out = []
    try:
        for n in range(rounds):
            for kind in kinds:
                probe = plan[kind].apply(copy, n, "")
                result = subprocess.run([sys.executable, "-m", "edition", "check", "--root", str(copy)], env=ENV, capture_output=True, text=True)
                said = (result.stdout if result.returncode == 0 else result.stderr).strip().splitlines()
                said = [line for line in said if not line.startswith("draft:")]
                out.append(f"{kind} {n} ({probe.url}): {'ok' if result.returncode == 0 else 'FAILED'}: {said[-1] if said else ''}")
                print(out[-1], flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="mkdocs", choices=("mkdocs", "zensical"))
    parser.add_argument("--rounds", "--runs", type=int, default=1, help="edits of each kind (default 1)")
    parser.add_argument("--scale", type=int, default=0, help="a synthetic corpus of this scale (0: the real corpus)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"which edits, of {', '.join(KINDS)}")
    parser.add_argument("--log", type=Path, help="keep the preview's log here")
    parser.add_argument("--verify", action="store_true", help="apply each edit to a copy and run `edition check` after it; no server")
    args = parser.parse_args()
    generated = Path(tempfile.mkdtemp(prefix="edition-syn-")) if args.scale else None
    try:
        if generated:
            sys.path.insert(0, str(ROOT / "bench"))
            import synthetic

            project = synthetic.generate(generated / "project", args.scale)
        else:
            project = ROOT
        plan = edit_plan(project, real=not args.scale, rounds=args.rounds)
        kinds = tuple(k for k in args.kinds.split(",") if k)
        if args.verify:
            verify(project, plan, args.rounds, kinds)
            return
        times = edit_to_updated(project, args.engine, plan, args.rounds, kinds, keep_log=args.log)
        for kind, values in times.items():
            print(f"{kind}: " + " ".join("—" if t is None else f"{t:.2f}" for t in values))
    finally:
        if generated:
            shutil.rmtree(generated, ignore_errors=True)


if __name__ == "__main__":
    main()
