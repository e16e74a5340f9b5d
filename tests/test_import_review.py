"""The importer's review: markup rules that remove only markup, a review that catches structure,
and the review's state kept in the sources (review.yaml).

1. A markup rule never swallows words or signs: `[click](javascript:alert(1))` stays in the
   edition as printed (the link rule is not declared for its line, and the review names the line);
   a link whose address holds parentheses keeps the whole address; and, for generated lines, the
   edition's text written back with the declared markup gives the line exactly.
2. A review that catches structure: ECS Scotland (tests/fixtures/import-review/), imported against
   ECS England, has its sections merged, split and dropped, each a review item of high doubt with
   its witness lines; notes of unchanged counterparts are proposed in the draft (others offered in
   the review), the renames declared for Aspect 2015 -> ECS England are proposed for Aspect 2015 ->
   ECS Scotland, and a join at display type is given that reason.
3. The review is data (review.yaml, checked against sources/schema/review.schema.json): `make
   check` lists each item still open, by file, line and field, until the editor marks it
   accepted or changed; a bad review file is refused with its file, line and field.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from test_import import import_, project, run  # noqa: F401  (project is a fixture)

FIXTURES = ROOT / "tests" / "fixtures" / "import"
LINKS = FIXTURES / "links-2021.txt"


def _yaml(path: Path):
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _clauses(folder: Path) -> list[dict]:
    out = []

    def walk(section: dict) -> None:
        out.extend(section["clauses"])
        for child in section.get("sections", []):
            walk(child)

    for name in _yaml(folder / "edition.yaml")["contents"]:
        walk(_yaml(folder / name))
    return out


def _printed(text) -> str:
    """A clause's text as the reader sees it (the loader's printed words, less label and term)."""
    pieces = [text] if isinstance(text, str) else text
    return "".join(p if isinstance(p, str) else p.get("em") or p.get("link") or "" for p in pieces)


# --- 1. markup rules remove only markup ------------------------------------------------------------


def test_a_link_rule_never_swallows_words_or_signs(project: Path) -> None:
    witness = LINKS.read_text(encoding="utf-8").split("\n")
    result = import_(project, LINKS, "links-2021")
    assert result.returncode == 0, result.stderr
    folder = project / "sources" / "works" / "guide" / "links-2021"
    clauses = _clauses(folder)

    # Line 8: "[click](javascript:alert(1))" is not conversion markup the edition can keep: the
    # clause holds every word and sign of the line, as printed.
    line8 = witness[7]
    assert "[click](javascript:alert(1))" in line8
    (click,) = [c for c in clauses if "click" in _printed(c["text"])]
    assert _printed(click["text"]).split() == line8.split()
    # The declared link rule does not touch line 8.
    ledger = _yaml(folder / "ledger.yaml")
    links = [r for r in ledger["markup"] if r["pattern"].startswith("\\[")]
    assert links, ledger["markup"]
    for rule in links:
        assert "lines" in rule, rule
        first, _, last = str(rule["lines"]).partition("-")
        assert not int(first) <= 8 <= int(last or first), rule

    # An address with parentheses of its own is kept whole, and no ")" is left in the text.
    (wiki,) = [c for c in clauses if "Wikipedia" in _printed(c["text"])]
    link = next(p for p in wiki["text"] if isinstance(p, dict) and "link" in p)
    assert link == {"link": "the Wikipedia page", "href": "https://en.wikipedia.org/wiki/Youth_work_(UK)"}
    assert _printed(wiki["text"]) == "Background reading is on the Wikipedia page, which members should read with care."

    # A link with no words, and italics inside a link: kept as printed too.
    (empty,) = [c for c in clauses if "no words" in _printed(c["text"])]
    assert "[](https://example.org/empty)" in _printed(empty["text"])
    (nested,) = [c for c in clauses if "Online Youth Work" in _printed(c["text"])]
    assert "[*Online Youth Work*](https://example.org/guide)" in _printed(nested["text"])
    # An ordinary link and italics are kept as such.
    (policy,) = [c for c in clauses if "policy page" in _printed(c["text"])]
    assert {"link": "our policy page", "href": "https://example.org/policy"} in policy["text"]
    assert {"em": "Keeping Young People Safe Online"} in policy["text"]

    # The review names each line kept as printed, with the line's words.
    review = _yaml(folder / "review.yaml")
    kept = {item["lines"]: item for item in review["items"] if "kept as printed" in item["decided"]}
    assert sorted(kept) == [8, 14, 16]
    assert "javascript:alert(1)" in kept[8]["decided"] and line8.strip() in kept[8]["decided"]
    assert all(item["status"] == "open" and item["doubt"] >= 0.5 for item in kept.values())


# Lines built from words, signs and the converter's markup, well formed or not.
_TOKENS = st.sampled_from([
    "word", "Words", "and", "1.", "a)", "(see", "below)", ",", ".", ";", "!", "'", "’", "“", "”", "–",
    "[", "]", "(", ")", "](", "*", "**", "***", "<", ">", "#", "##", "- ", "• ", "---", "_",
    "http://example.org/a", "https://example.org/(b)", "https://x.org/c_(d)", "mailto:someone@example.org",
    "javascript:alert(1)", "ftp://old.example", "page.html", "*em*", "**bold**", "[text](https://example.org)",
    "[more text](javascript:void(0))", "[](https://example.org/e)", "<https://example.org/f>", "<not a link>",
    "[*x*](https://example.org/g)", "*[y](https://example.org/h)*", "\x07", "\ufeff",
])
_LINES = st.lists(st.tuples(_TOKENS, st.sampled_from(["", " ", "  "])), min_size=1, max_size=14).map(
    lambda parts: "".join(token + space for token, space in parts)
)

# What each rule may take out of a line: its markup and nothing else (written here, from the
# rules' purpose, not taken from the importer).
_MARKUP = {
    "control": re.compile("[\x00-\x08\x0e-\x1f\x7f\ufeff]+"),
    "heading": re.compile(r"\s{0,3}#{1,6}\s+"),
    "rule-line": re.compile(r"\s*(-{3,}|\*{3,}|_{3,})\s*"),
    "bullet": re.compile(r"\s*[-*•▪◦·]\s*"),
    "bold": re.compile(r"\*\*"),
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LINES)
def test_the_edition_text_and_its_declared_markup_give_the_line_back(line: str) -> None:
    """For a generated line, with the rules the importer would declare for it: (1) what the
    fidelity check leaves is the edition's text; (2) the structural rules remove only their own
    markup; (3) the edition's pieces written back with the converter's markup ([text](href),
    <href>, *text*), with that structural markup put back where it stood, give the line exactly;
    (4) every link keeps a web or mail address; (5) the drafted clause holds exactly the words
    the fidelity check leaves."""
    from edition.importer import markup
    from edition.importer.draft import _content
    from edition.importer.structure import Clause, _line
    from edition.model import ClauseKind

    rules = tuple(rule for rule in markup.CATALOGUE if re.search(rule.pattern, line))
    declared, _ = markup.confine(rules, [(1, line)])
    fidelity = markup.apply(declared, 1, line)
    pieces = markup.line_pieces(declared, 1, line)
    assert "".join(p.text for p in pieces) == fidelity

    # The structural rules, applied one by one: each removes only its own markup.
    text, removed_at = line, []
    origin = list(range(len(line)))
    for rule in (r for r in declared if r.name not in ("link", "autolink", "emphasis")):
        kept_text, kept_origin, last = [], [], 0
        for found in re.finditer(rule.pattern, text):
            assert _MARKUP[rule.name].fullmatch(found.group(0)), (rule.name, found.group(0), line)
            kept_text.append(text[last : found.start()])
            kept_origin += origin[last : found.start()]
            removed_at += origin[found.start() : found.end()]
            last = found.end()
        kept_text.append(text[last:])
        kept_origin += origin[last:]
        text, origin = "".join(kept_text), kept_origin

    written_back = []
    for piece in pieces:
        if piece.kind == "link":
            assert piece.text.strip() and re.match(r"^(https?|mailto):", piece.href), (piece, line)
            written_back.append(f"<{piece.href}>" if piece.syntax == "autolink" else f"[{piece.text}]({piece.href})")
        elif piece.kind == "em":
            written_back.append(f"*{piece.text}*")
        else:
            written_back.append(piece.text)
    rest = iter("".join(written_back))
    rebuilt = "".join(line[i] if i in set(removed_at) else next(rest, "") for i in range(len(line))) + "".join(rest)
    assert rebuilt == line

    if fidelity.split():
        clause = Clause(ClauseKind.PARAGRAPH, [_line(1, line, declared)])
        drafted = _content(clause, {}, declared)
        assert _printed(drafted).split() == fidelity.split()
        for piece in drafted if isinstance(drafted, list) else []:
            if isinstance(piece, dict) and "link" in piece:
                assert f"]({piece['href']})" in line or f"<{piece['href']}>" in line


# --- 3. the review's state lives in the sources ------------------------------------------------------


def _check(root: Path):
    return run(root, "check")


def _open_items(stdout: str, edition: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"draft: sources/works/guide/{edition}/review.yaml:") and " is open: " in line]


def test_make_check_lists_the_open_review_items_until_each_is_marked(project: Path) -> None:
    assert import_(project, LINKS, "links-2021").returncode == 0
    folder = project / "sources" / "works" / "guide" / "links-2021"
    path = folder / "review.yaml"
    items = _yaml(path)["items"]
    assert not (folder / "review.md").exists()
    assert all(item["status"] == "open" for item in items)

    check = _check(project)
    assert check.returncode == 0, check.stderr
    listed = _open_items(check.stdout, "links-2021")
    assert len(listed) == len(items) > 5
    # Each names the file, the line of the item's status and its field, the item and its lines.
    lines = path.read_text(encoding="utf-8").split("\n")
    markup = next(i for i, item in enumerate(items) if item.get("lines") == 8)
    start = lines.index(f"  - id: {items[markup]['id']}")
    status_line = next(n for n in range(start, len(lines)) if lines[n] == "    status: open") + 1
    assert f"draft: sources/works/guide/links-2021/review.yaml:{status_line}: items[{markup}].status: review item {items[markup]['id']} (line 8) is open: kept as printed" in check.stdout

    # The editor marks two items (one accepted with a remark, one changed); only those leave the list.
    lines[status_line - 1] = "    status: changed"
    first = lines.index("    status: open")
    lines[first : first + 1] = ["    status: accepted", "    remark: Checked against the printed copy."]
    path.write_text("\n".join(lines), encoding="utf-8")
    check = _check(project)
    assert check.returncode == 0, check.stderr
    left = _open_items(check.stdout, "links-2021")
    assert len(left) == len(items) - 2
    assert not any(".status: review item " + items[i]["id"] + " " in line for line in left for i in (0, markup))

    # All marked: no review item keeps the edition a draft (the placeholders still do).
    path.write_text(path.read_text(encoding="utf-8").replace("status: open", "status: accepted"), encoding="utf-8")
    check = _check(project)
    assert check.returncode == 0, check.stderr
    assert _open_items(check.stdout, "links-2021") == []
    assert "origin: the witness's origin is still the importer's placeholder" in check.stdout


BAD_REVIEW = [
    ("a status that is not one", lambda t: t.replace("status: open", "status: done", 1),
     r"review\.yaml:(\d+): items\[0\]\.status: 'done' is not one of the allowed values: 'open', 'accepted', 'changed'"),
    ("a misspelt key", lambda t: t.replace("    status: open", "    status: open\n    remarks: seen", 1),
     r"review\.yaml:(\d+): items\[0\]\.remarks: unknown key 'remarks' \(did you mean 'remark'\?\)"),
    ("two items with one id", lambda t: re.sub(r"- id: metadata-2\n", "- id: metadata-1\n", t, count=1),
     r"review\.yaml:(\d+): items\[2\]\.id: duplicate review item id 'metadata-1': already used by items\[1\]"),
    ("lines beyond the witness", lambda t: t.replace("    lines: 8\n", "    lines: 8-999\n", 1),
     r"review\.yaml:(\d+): items\[3\]\.lines: line 999 is beyond the end of the witness \(%d lines\)" % len(LINKS.read_text(encoding="utf-8").split("\n"))),
    ("the review of another edition", lambda t: t.replace("edition: links-2021", "edition: guide-2020", 1),
     r"review\.yaml:(\d+): edition: is 'guide-2020' but this is the review of links-2021"),
    ("a doubt out of range", lambda t: t.replace("doubt: 0.9\n", "doubt: 9\n", 1),
     r"review\.yaml:(\d+): items\[0\]\.doubt: 9 is greater than the maximum of 1"),
]


@pytest.mark.parametrize("case, edit, message", BAD_REVIEW, ids=[case for case, _, _ in BAD_REVIEW])
def test_a_bad_review_file_is_refused_with_file_line_and_field(case: str, edit, message: str, project: Path) -> None:
    assert import_(project, LINKS, "links-2021").returncode == 0
    path = project / "sources" / "works" / "guide" / "links-2021" / "review.yaml"
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before
    path.write_text(after, encoding="utf-8")
    check = _check(project)
    assert check.returncode == 1
    found = re.search(r"error: sources/works/guide/links-2021/" + message, check.stderr)
    assert found, check.stderr
    # The line named is the line of the field named.
    field = message.split(": ")[1].split(".")[-1].replace("\\", "").split("[")[0]
    assert after.split("\n")[int(found.group(1)) - 1].lstrip(" -").startswith(field + ":"), (found.group(0), after.split("\n")[int(found.group(1)) - 1])


def test_witness_text_quoted_in_the_review_is_kept_safe(project: Path, tmp_path: Path) -> None:
    """A line the importer keeps as printed is quoted in the review; a control character or a
    tab in it is written as its code point (a source file may hold neither), YAML syntax as text."""
    path = tmp_path / "odd-2022.txt"
    path.write_text(
        "\n**ODD PRINCIPLES**\n\n## Links\n\n"
        "Members never follow [a: &x *y](javascript:alert('\x07'))\tlinks from strangers, whatever they say.\n\n"
        "Members say so when they are unsure, and they ask a colleague before they act.\n",
        encoding="utf-8",
    )
    result = import_(project, path, "odd-2022")
    assert result.returncode == 0, result.stderr
    assert "\x07" not in result.stdout
    review = _yaml(project / "sources" / "works" / "guide" / "odd-2022" / "review.yaml")
    (kept,) = [item for item in review["items"] if item.get("lines") == 6]
    assert "[a: &x *y](javascript:alert('<U+0007>'))<U+0009>links from strangers" in kept["decided"]


# --- 2. a review that catches structure ------------------------------------------------------------

SCOTLAND = ROOT / "tests" / "fixtures" / "import-review" / "ecs-scotland.txt"


@pytest.fixture(scope="module")
def scotland(tmp_path_factory) -> Path:
    """The real project with ECS Scotland (tests/fixtures/import-review/) imported against ECS England."""
    from test_build import project_copy

    root = project_copy(tmp_path_factory.mktemp("scotland") / "project")
    result = run(root, "import", "--witness", str(SCOTLAND), "--work", "six-core-principles", "--edition", "ecs-scotland", "--compare", "ecs-england")
    assert result.returncode == 0, result.stderr
    return root


def _line_of(text: str, start: str) -> int:
    (number,) = [n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(start)]
    return number


def _range(value) -> tuple[int, int]:
    first, _, last = str(value).partition("-")
    return int(first), int(last or first)


def _review(root: Path) -> list[dict]:
    return _yaml(root / "sources" / "works" / "six-core-principles" / "ecs-scotland" / "review.yaml")["items"]


def test_sections_merged_split_and_dropped_are_each_a_doubtful_review_item(scotland: Path) -> None:
    witness = SCOTLAND.read_text(encoding="utf-8")
    items = [item for item in _review(scotland) if item["topic"] == "sections"]
    assert all(item["status"] == "open" and item["doubt"] >= 0.8 for item in items), items
    assert len(items) == 3, [item["decided"] for item in items]

    # Merged: England's title page and introduction are one section of the draft, whose lines run
    # from the title to the introduction's last paragraph; England's `front` key is dropped.
    (merged,) = [item for item in items if "ecs-front" in item["decided"]]
    assert "ecs-intro" in merged["decided"] and "merged" in merged["decided"]
    assert _range(merged["lines"]) == (_line_of(witness, "**SIX CORE**"), _line_of(witness, "These continue to represent real challenges"))
    assert f"begin at line {_line_of(witness, 'Endorsement of the')}" in " ".join(merged["check"].split())
    work = _yaml(scotland / "sources" / "works" / "six-core-principles" / "work.yaml")
    (england_scotland,) = [c for c in work["comparisons"] if (c["from"], c["to"]) == ("ecs-england", "ecs-scotland")]
    assert "front" in england_scotland["dropped"] and "(front)" in merged["decided"]

    # Split: the closing section stands in two sections, divided at "Service delivery".
    (split,) = [item for item in items if "ecs-conclusion" in item["decided"]]
    assert "split" in split["decided"] and "Service delivery" in split["decided"]
    assert _range(split["lines"]) == (_line_of(witness, "## Delivery of the principles"), _line_of(witness, "Indeed, as current developments"))

    # Dropped: "Purpose of the code", between the statement of values and personal conduct.
    (dropped,) = [item for item in items if "ecs-cc-purpose" in item["decided"]]
    assert "dropped" in dropped["decided"] and "conduct-purpose" in dropped["decided"]
    first, last = _range(dropped["lines"])
    assert _line_of(witness, "Members of the Prospect Education") <= first < last <= _line_of(witness, "## Personal conduct")
    assert "conduct-purpose" in england_scotland["dropped"]


def test_the_other_planted_changes_are_in_the_review(scotland: Path) -> None:
    witness = SCOTLAND.read_text(encoding="utf-8")
    items = _review(scotland)
    text = [" ".join(item["decided"].split()) for item in items]
    added = _line_of(witness, "ECS in Scotland work within")
    assert any(item.get("lines") == added and "listed as added" in item["decided"] for item in items)
    assert any("The prevailing climate seeks creative" in t and "listed as dropped" in t for t in text)
    moved = _line_of(witness, "- having knowledge of statutory obligations")
    assert any(item.get("lines") == moved and item["decided"].startswith("moved") for item in items)
    footers = [n for n, line in enumerate(witness.split("\n"), start=1) if line.startswith("Six Core Principles for Scotland · Page")]
    assert len(footers) == 3
    ledger = _yaml(scotland / "sources" / "works" / "six-core-principles" / "ecs-scotland" / "ledger.yaml")
    assert sorted(_range(x["lines"])[0] for x in ledger["exclusions"] if "Page" in x["text"]) == footers


def test_a_join_at_display_type_is_given_that_reason(scotland: Path) -> None:
    witness = SCOTLAND.read_text(encoding="utf-8")
    ledger = _yaml(scotland / "sources" / "works" / "six-core-principles" / "ecs-scotland" / "ledger.yaml")
    display = _line_of(witness, "**Six Core Principles**")
    after = _line_of(witness, "provides a moral basis")
    (join,) = [j for j in ledger["joins"] if _range(j["lines"])[0] <= display and _range(j["lines"])[1] >= after]
    assert "display type" in join["reason"] and "page break" not in join["reason"]
    # A page break mid-sentence keeps its reason.
    broken = _line_of(witness, "well-founded principles pertain")
    (page,) = [j for j in ledger["joins"] if _range(j["lines"])[1] == broken]
    assert "page break" in page["reason"]


def _england(clause_id: str):
    from edition.loader import load_corpus

    return load_corpus(ROOT).clause(clause_id)[1]


def _scotland_clauses(root: Path) -> list[dict]:
    return _clauses(root / "sources" / "works" / "six-core-principles" / "ecs-scotland")


def test_notes_on_unchanged_counterparts_are_proposed_and_others_offered_for_review(scotland: Path) -> None:
    clauses = _scotland_clauses(scotland)
    # The licence is printed as in England: England's sic note is proposed, with its words.
    (licence,) = [c for c in clauses if _printed(c["text"]).startswith("This work is licensed")]
    england = _england("ecs-licence").notes[0]
    assert licence["notes"] == [{
        "kind": "sic", "sic": england.sic,
        "text": licence["notes"][0]["text"],
    }]
    assert " ".join(licence["notes"][0]["text"].split()) == f"Proposed by the importer, from ecs-licence in ECS England, whose words are the same here: {england.text}"
    # The social-media item is reworded: no note, but a review item with England's note to paste.
    (social,) = [c for c in clauses if "social media" in _printed(c["text"])]
    assert "notes" not in social
    witness = SCOTLAND.read_text(encoding="utf-8")
    (offered,) = [i for i in _review(scotland) if i["topic"] == "notes" and i.get("lines") == _line_of(witness, "- ensure responsible use of social media")]
    practice = _england("ecs-practice-9").notes[0]
    assert practice.text in " ".join(offered["decided"].split())
    assert f"sic: “{practice.sic}”" in offered["check"]
    # Every clause whose England counterpart has notes but whose words differ gets no note.
    carried = [c for c in clauses if any(n["text"].startswith("Proposed by the importer") for n in c.get("notes", []))]
    assert all(c["id"] != social["id"] for c in carried) and len(carried) >= 5


def test_make_check_reports_undecided_notes_and_an_accepted_one_leaves_the_list(scotland: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(scotland, root, symlinks=True)
    check = run(root, "check")
    assert check.returncode == 0, check.stderr
    proposed = [line for line in check.stdout.splitlines() if "is the importer's proposal" in line]
    front = root / "sources" / "works" / "six-core-principles" / "ecs-scotland" / "front.yaml"
    assert any(line.startswith("draft: sources/works/six-core-principles/ecs-scotland/front.yaml:") and "notes[0].text: the note on ecs-scotland-front-1 " in line for line in proposed), proposed
    text = front.read_text(encoding="utf-8")
    accepted = re.sub(r"Proposed by the importer, from ecs-licence in ECS England, whose words\s+are\s+the\s+same\s+here:\s+", "", text, count=1)
    assert accepted != text
    front.write_text(accepted, encoding="utf-8")
    check = run(root, "check")
    assert check.returncode == 0, check.stderr
    left = [line for line in check.stdout.splitlines() if "is the importer's proposal" in line]
    assert len(left) == len(proposed) - 1 and not any("ecs-scotland-front-1 " in line for line in left)


def test_renames_of_the_other_comparison_are_proposed_for_the_new_one(scotland: Path) -> None:
    witness = SCOTLAND.read_text(encoding="utf-8")
    real = _yaml(ROOT / "sources" / "works" / "six-core-principles" / "work.yaml")
    (declared,) = [c for c in real["comparisons"] if (c["from"], c["to"]) == ("aspect-2015", "ecs-england")]
    expected = [(r["from"], r["to"], r["kind"]) for r in declared["renames"] if r.get("status") != "proposed" and r["to"] in witness]
    assert len(expected) >= 8
    work = _yaml(scotland / "sources" / "works" / "six-core-principles" / "work.yaml")
    (aspect_scotland,) = [c for c in work["comparisons"] if (c["from"], c["to"]) == ("aspect-2015", "ecs-scotland")]
    assert [(r["from"], r["to"], r["kind"]) for r in aspect_scotland["renames"]] == expected
    assert all(r["status"] == "proposed" and "as declared for aspect-2015 → ecs-england" in r["note"] for r in aspect_scotland["renames"])
    (england_scotland,) = [c for c in work["comparisons"] if (c["from"], c["to"]) == ("ecs-england", "ecs-scotland")]
    assert [(r["from"], r["to"], r["status"]) for r in england_scotland["renames"]] == [("ENGLAND", "SCOTLAND", "proposed")]
    check = run(scotland, "check")
    assert check.returncode == 0, check.stderr
    pending = [line for line in check.stdout.splitlines() if re.search(r"comparisons\[\d+\]\.renames\[\d+\]\.status: the rename .* is proposed", line)]
    assert len(pending) == len(expected) + 1
