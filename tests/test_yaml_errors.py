"""YAML syntax errors in plain words, at the line that is wrong (scripts/edition/yaml_errors.py).

Each variant breaks one line of the mini corpus's section file the way an editor might, and the
message must name the line to fix, say what is wrong with it and what to do, and use none of the
parser's own terms. tests/bad_sources/yaml-* run some of the same mistakes through `make check`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import MINI
from edition.errors import SourceError
from edition.yamlsource import read_yaml

TEXT = "sources/works/code/new/text.yaml"
LEDGER = "sources/works/code/new/ledger.yaml"
EDITION = "sources/works/code/new/edition.yaml"

# The parser's words, which an editor should never have to read.
JARGON = re.compile(
    r"mapping values|block collection|block mapping|did not find expected|simple key|scalar|token|"
    r"is not valid YAML|could not find|while (scanning|parsing)|flow (sequence|mapping)|indicator",
    re.IGNORECASE,
)

# (name, file, line to change (1-based), what it becomes, line the message must name, what it must say)
VARIANTS = (
    ("key indented one less", TEXT, 12, '   label: "1"', 12,
     ("indented less than the key `kind` above it (line 11", "indent it by 4 spaces")),
    ("key indented at the list's column", TEXT, 12, '  label: "1"', 12,
     ("has no dash", "a list item starts with `- `", "indent it by 4 spaces, like `kind` (line 11)")),
    ("key out to the margin between two keys", TEXT, 12, 'label: "1"', 12,
     ("indented less than the keys either side of it (lines 11 and 13", "indent it by 4 spaces")),
    ("key indented two more", TEXT, 12, '      label: "1"', 12,
     ("indented more than the key `kind` above it (line 11", "reads it as more of the text on line 11", "indent it by 4 spaces")),
    ("key indented one more", TEXT, 12, '     label: "1"', 12, ("indented more than the key `kind`", "indent it by 4 spaces")),
    ("first key after the dash indented more", TEXT, 16, "      kind: item", 16, ("indented more than the key `id` above it (line 15", "indent it by 4 spaces")),
    ("list item indented one less", TEXT, 15, " - id: new-2", 15,
     ("this list item (1 space) is indented less than the list item above it (line 10, 2 spaces)", "indent it by 2 spaces")),
    ("list item out to the margin", TEXT, 15, "- id: new-2", 15, ("indented less than the list item above it (line 10", "indent it by 2 spaces")),
    ("list item indented like the keys", TEXT, 15, "    - id: new-2", 15, ("indented more than the list item above it (line 10", "indent it by 2 spaces")),
    ("list item indented one more", TEXT, 15, "   - id: new-2", 15, ("indented more than the list item above it (line 10", "indent it by 2 spaces")),
    ("nested list item indented less", TEXT, 21, "     - footnote: new-fn-1", 21,
     ("indented less than the list item above it (line 20, 6 spaces)", "indent it by 6 spaces")),
    ("nested list item indented more", TEXT, 21, "        - footnote: new-fn-1", 21,
     ("indented more than the list item above it (line 20", "more of the text on line 20", "indent it by 6 spaces")),
    ("the first of three list items out of line", TEXT, 20, "    - Associates keep information confidential", 20,
     ("indented differently from the list items below it (lines 21 and 22, 6 spaces)", "indent it by 6 spaces")),
    ("a list under a key that already has a value", TEXT, 19, "    text: Associates", 20,
     ("indented under the key `text` (line 19), which already has a value", "move the value of line 19 into the list, or remove it")),
    ("a list item's line indented more than the item above", TEXT, 10, "   - id: new-1", 10,
     ("this list item (3 spaces) is indented more than the list item above it (line 6, 2 spaces)", "indent it by 2 spaces")),
    ("the first item's first key out of line with its other keys", TEXT, 6, "   - id: new-title", 6,
     ("the key `id` on this line (column 6) does not line up with the keys of the same list item below it (lines 7 and 8, column 5)",
      "indent this line by 2 spaces, dash and all")),
    ("key first in a mapping and out of line", TEXT, 1, " id: new-code", 1,
     ("this line (1 space) is indented differently from the keys below it (lines 2 and 3, no spaces)", "start it at the beginning of the line")),
    ("a line of a text block indented less", TEXT, 14, "    text: >-\n      Associates act with integrity\n     and care.", 16,
     ("indented less than the first line of the block of text it continues (line 15, 6 spaces)", "(`>-` on line 14)", "indent it by 6 spaces")),
    ("the first line of a text block indented more", TEXT, 14, "    text: >-\n        Associates act with integrity\n      and care.", 15,
     ("the first of the block of text that `>-` on line 14 starts, is indented more (8 spaces) than the lines after it (6 spaces)",
      "indent it by 6 spaces")),
    ("a text block's lines not indented past its key", TEXT, 14, "    text: >-\n    Associates act: with integrity\n    and care.", 15,
     ("not indented further than the key `text` (line 14, 4 spaces)", "block of text that `>-` starts there is empty",
      "reads this line as a key (`Associates act:`)", "indent it by 6 spaces")),
    ("colon in a value", TEXT, 14, "    text: Associates act: with integrity and care.", 14,
     ("the value of `text` has a colon followed by a space (`act: with`)", 'text: "Associates act: with integrity and care."', "`text: >-`")),
    ("colon in a title", TEXT, 3, "title: The code: a test", 3, ("the value of `title`", 'title: "The code: a test"')),
    ("colon on a continued line", TEXT, 14, "    text: Associates act with\n      integrity and care: always.", 15,
     ("the text of `text` (which starts on line 14) has a colon followed by a space on this line (`care: always.`)", "`text: >-`")),
    ("a list item after a key on its line", TEXT, 14, "    text: - Associates act", 14, ("cannot follow a key on its line", "on a line of its own")),
    ("unclosed double quote, the next quote far below", TEXT, 3, 'title: "The code', 3,
     ('the quoted text that starts on this line (the " at column 8) is not closed on it', 'runs on to the next ", on line 12',
      'add the closing "')),
    ("unclosed single quote to the end of the file", TEXT, 3, "title: 'The code", 3, ("(the ' at column 8) is never closed", "add the closing '")),
    ("unclosed quote on the last line", TEXT, 35, '    text: "Subject to the law.', 35, ("is never closed",)),
    ("text after the closing quote", TEXT, 12, '    label: "1" more', 12, ('ends at its closing " (column 14) and more follows it (`more`)', "remove what follows")),
    ("a double quote inside double quotes", TEXT, 14, '    text: "Associates "act" with integrity."', 14,
     ('more follows it (`act" with integrity."`)', 'write that one as \\"', "between ' instead")),
    ("a stray @", TEXT, 14, "    text: @Associates act", 14, ("a value cannot start with `@` (column 11)", 'text: "@Associates act"')),
    ("a stray backtick", TEXT, 14, "    text: `Associates` act", 14, ("a value cannot start with “`”", "between quotes")),
    ("a stray %", TEXT, 14, "    text: %Associates act", 14, ("`%`", "starts a directive")),
    ("a stray closing bracket", TEXT, 14, "    text: ]Associates act", 14, ("`]`", "closes a list")),
    ("a stray bracket on a line of its own", TEXT, 14, "    text: Associates act.\n    ]", 15, ("this line starts with `]`", "remove it")),
    ("an opening brace", TEXT, 14, "    text: {Associates act", 14, ("the mapping in braces that starts on this line (the { at column 11) is not closed",)),
    ("an unclosed bracket", TEXT, 14, "    text: [Associates act", 14,
     ("the list in square brackets that starts on this line (the [ at column 11) is not closed", "on line 15", 'text: "[Associates act"')),
    ("a tag", TEXT, 14, "    text: !important Associates act", 14, ("`!`", "marks a tag", "between quotes")),
    ("a question mark", TEXT, 14, "    text: ? Associates", 14, ("`?`",)),
    ("a value after `>` on its line", TEXT, 14, "    text: > Associates act", 14, ("text cannot follow `>` on its line", "move the text to the next line")),
    ("a key without a colon", TEXT, 11, "    kind item", 11, ("neither `key: value` nor a list item", "put a colon and a space after the key's name")),
    ("a colon without a space", TEXT, 11, "    kind:item", 11, ("a colon after a key needs a space after it: write `kind: item`",)),
    ("a dash without a space", TEXT, 15, "  -id: new-2", 15, ("a list item's dash needs a space after it: write `- id: new-2`",)),
    ("a colon with no key", TEXT, 11, "    : item", 11, ("starts with a colon",)),
    ("a list item among the keys of a mapping", TEXT, 4, "- align: code", 4, ("this list item stands among the keys of a mapping (like `title` on line 3)", "remove the dash")),
    ("a second document", TEXT, 31, "---\nfootnotes:", 31, ("`---` starts a second document here", "remove this line")),
    ("a key given twice", TEXT, 13, "    label: item-1", 13, ("clauses[1].label", "appears twice in the same mapping (first on line 12)", "keep one")),
    ("a key given twice below an empty key", EDITION, 11, "  jurisdiction:", 12,
     ("date.basis", "first on line 9", "`jurisdiction` on the line above, which YAML reads as empty", "line 11 or this one is indented wrongly")),
    ("a backslash in double quotes", LEDGER, 2, '  - pattern: "\\*\\*$"', 2, ("`\\*` (column 15)", "between single quotes")),
    ("a date that does not exist", EDITION, 9, "  value: 2019-02-30\n  basis: external", 9,
     ("date.value", "2019-02-30 reads as a date, and there is no such date", '"2019-02-30"')),
    ("a tab in the indentation", TEXT, 12, '\tlabel: "1"', 12, ("a tab character at column 1, in its indentation", "replace the tab with spaces")),
    ("a tab in the text", TEXT, 14, "    text: Associates\tact", 14, ("a tab character at column 21, in its text",)),
)


def _broken(tmp_path: Path, relative: str, number: int, new: str) -> tuple[Path, str]:
    lines = (MINI / relative).read_text(encoding="utf-8").split("\n")
    lines[number - 1] = new
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, "\n".join(lines)


@pytest.mark.parametrize(("name", "relative", "number", "new", "line", "says"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_a_yaml_mistake_is_named_at_its_line_in_plain_words(tmp_path: Path, name, relative, number, new, line, says) -> None:
    path, _ = _broken(tmp_path, relative, number, new)
    with pytest.raises(SourceError) as raised:
        read_yaml(path, tmp_path)
    error = raised.value
    assert (error.place.path, error.place.line) == (relative, line), str(error)
    for words in says:
        assert words in str(error), f"{words!r} not in: {error}"
    assert not JARGON.search(error.message), error.message


def _reindented(text: str):
    """Every version of `text` with one line indented by one or two spaces more or less."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        for delta in (-2, -1, 1, 2):
            if indent + delta >= 0:
                yield index + 1, "\n".join(lines[:index] + [" " * (indent + delta) + line.lstrip(" ")] + lines[index + 1 :])


def test_every_misindented_line_of_the_mini_corpus_is_named_in_plain_words(tmp_path: Path) -> None:
    """One line of any mini source file indented one or two spaces more or less: when that breaks
    the file, the message points at that line (as the place to fix, or as the other line of two
    that disagree), and speaks plainly. (Some changes leave a valid file that the schemas catch.)"""
    broken = 0
    for source in sorted((MINI / "sources").rglob("*.yaml")):
        relative = source.relative_to(MINI).as_posix()
        for number, text in _reindented(source.read_text(encoding="utf-8")):
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            try:
                read_yaml(path, tmp_path)
            except SourceError as error:
                broken += 1
                named = error.place.line == number or f"line {number}" in error.message or f"lines {number} " in error.message
                assert named, f"{relative}: line {number} changed, but: {error}"
                assert not JARGON.search(error.message), str(error)
    assert broken > 400  # the sweep really broke files


def test_source_text_in_a_message_is_only_quoted() -> None:
    """Messages quote the source (a key, the words around a colon): what they quote is the text
    itself, for whoever shows the message to escape (the terminal prints it, the preview's overlay
    sets it as text)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    from edition.yaml_errors import explain

    text = 'id: x\ntitle: <img src=x onerror=alert(1)>: "&amp;"\n'
    with pytest.raises(MarkedYAMLError) as raised:
        list(YAML(typ="safe").parse(text))
    line, message = explain(text, raised.value)
    assert line == 2 and "<img src=x onerror=alert(1)>:" in message
