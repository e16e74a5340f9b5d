"""YAML syntax errors in plain words: the line to fix, what is wrong with it, and what to do.

The parser (libyaml, through ruamel.yaml) says where it gave up and what it expected there, in its
own terms ("mapping values are not allowed in this context", "did not find expected key"), and
often away from the mistake: a quote left open is reported at the next quote, a line indented too
far is read as more of the value above it. `explain` reads the error together with the file's text
and the tokens the scanner made before the error (which lines hold keys and list items, at which
column, and which values run over several lines), and names the line to fix and how.

Every message is a plain sentence about "this line" (the caller puts the file and line before
it). Source text quoted in a message is only ever text: callers escape it where they show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.tokens import BlockEntryToken, KeyToken, ScalarToken, ValueToken

# What a character means to YAML at the start of a value, for values that begin with one.
_STARTS = MappingProxyType(
    {
        "[": "starts a list written in brackets",
        "]": "closes a list written in brackets",
        "{": "starts a mapping written in braces",
        "}": "closes a mapping written in braces",
        ",": "separates the items of a list in brackets",
        "*": "marks an alias",
        "&": "marks an anchor",
        "!": "marks a tag",
        "|": "starts a block of text on the lines below",
        ">": "starts a block of text on the lines below",
        "@": "is reserved",
        "`": "is reserved",
        "%": "starts a directive",
        "?": "marks a complex key",
        "#": "starts a comment",
    }
)
_KEY = re.compile(r"[A-Za-z_][\w.-]*")  # the keys sources use: plain names
_KEY_LINE = re.compile(r"(?:- +)*([A-Za-z_][\w.-]*) *:(?: |$)")


@dataclass(frozen=True)
class _Item:
    """A key or a list item's dash, as the scanner found it."""

    line: int  # 1-based
    column: int  # 0-based: the spaces before it
    dash: bool  # a list item's `-`; otherwise a key
    name: str  # the key ("" for a list item)
    value: ScalarToken | None  # its value, when that is text starting on the same line
    plain: bool = True  # the key is written without quotes

    def what(self) -> str:
        return "the list item" if self.dash else f"the key `{self.name}`"


@dataclass(frozen=True)
class _Line:
    """One line of the file as an editor sees it."""

    number: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def content(self) -> str:
        return self.text.strip(" ")

    @property
    def dash(self) -> bool:
        return self.content == "-" or self.content.startswith("- ")

    @property
    def key(self) -> str | None:
        found = _KEY_LINE.match(self.content)
        return found.group(1) if found and not self.dash else None

    @property
    def structural(self) -> bool:
        """A list item or a `key:` line (rather than text, or something broken)."""
        return self.dash or self.key is not None

    def what(self) -> str:
        return "list item" if self.dash else "line"


def _code(text: str) -> str:
    """`text` marked as what to type (between backticks, or quotes if it has a backtick)."""
    return f"`{text}`" if "`" not in text else f"“{text}”"


def _spaces(n: int) -> str:
    return "no spaces" if n == 0 else "1 space" if n == 1 else f"{n} spaces"


def _indent_to(n: int) -> str:
    return "start it at the beginning of the line" if n == 0 else f"indent it by {_spaces(n)}"


class _File:
    def __init__(self, text: str, exc: MarkedYAMLError):
        self.lines = text.split("\n")
        self.exc = exc
        self.problem = str(exc.problem or "")
        self.context = str(exc.context or "")
        pm, cm = exc.problem_mark, exc.context_mark
        self.at = (pm.line + 1, pm.column) if pm is not None else None
        self.started = (cm.line + 1, cm.column) if cm is not None else None
        stop = pm.index if pm is not None else len(text)
        self.tokens = _tokens_before(text, stop)
        self.items = _items(self.tokens)

    def line(self, number: int) -> _Line:
        return _Line(number, self.lines[number - 1] if 0 < number <= len(self.lines) else "")

    def char(self, line: int, column: int) -> str:
        text = self.line(line).text
        return text[column] if 0 <= column < len(text) else ""

    def next_content_line(self, after: int) -> _Line | None:
        for number in range(after + 1, len(self.lines) + 1):
            line = self.line(number)
            if line.content and not line.content.startswith("#"):
                return line
        return None

    def outline(self, before: int) -> list[_Item]:
        """The keys and list items a line at `before` could line up with, nearest first: walking
        back, each that is indented no more than every one after it."""
        seen: list[_Item] = []
        lowest = None
        for item in reversed(self.items):
            if item.line >= before:
                continue
            if lowest is None or item.column <= lowest:
                seen.append(item)
                lowest = item.column
        return seen

    def sibling(self, line: _Line) -> _Item | None:
        """What `line` should line up with: the nearest key (or, for a list item, list item) above
        it that it could belong beside, by indentation."""
        candidates = [item for item in self.outline(line.number) if item.dash == line.dash]
        if not candidates:
            return None
        return min(candidates, key=lambda item: (abs(item.column - line.indent), candidates.index(item)))

    def step(self, *doubtful: int) -> int:
        """How much further than a key this file indents what the key holds, most often (2 if it
        cannot tell): from each line that ends with its key (`key:`, `key: >-`) and the line after,
        leaving out the lines in doubt."""
        steps: dict[int, int] = {}
        for number in range(1, len(self.lines)):
            line = self.line(number)
            found = re.match(r"((?:- +)*)[A-Za-z_][\w.-]* *:(?: *[>|][-+]?)?$", line.content)
            after = self.next_content_line(number) if found else None
            if found and after is not None and after.number not in doubtful:
                key = line.indent + len(found.group(1))
                if after.indent > key or (after.dash and after.indent == key):
                    steps[after.indent - key] = steps.get(after.indent - key, 0) + 1
        return max(steps, key=lambda step: (steps[step], -step)) if steps else 2

    def last_scalar(self) -> ScalarToken | None:
        scalars = [t for t in self.tokens if isinstance(t, ScalarToken)]
        return scalars[-1] if scalars else None

    def owner(self, scalar: ScalarToken) -> _Item | None:
        """The key or list item whose value `scalar` is."""
        for item in reversed(self.items):
            if item.value is scalar:
                return item
        return None


def _tokens_before(text: str, stop: int) -> list:
    tokens = []
    try:
        for token in YAML(typ="safe").scan(text):
            if token.start_mark.index >= stop:
                break
            tokens.append(token)
    except YAMLError:
        pass
    return tokens


def _items(tokens: list) -> list[_Item]:
    items: list[_Item] = []
    for index, token in enumerate(tokens):
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        line, column = token.start_mark.line + 1, token.start_mark.column
        if isinstance(token, KeyToken):
            name = after.value if isinstance(after, ScalarToken) else ""
            items.append(_Item(line, column, False, name, None, not (isinstance(after, ScalarToken) and after.style)))
        elif isinstance(token, BlockEntryToken):
            value = after if isinstance(after, ScalarToken) and after.start_mark.line + 1 == line else None
            items.append(_Item(line, column, True, "", value))
        elif isinstance(token, ValueToken) and isinstance(after, ScalarToken) and items and not items[-1].dash:
            key = items[-1]
            if after.start_mark.line + 1 == key.line:
                items[-1] = _Item(key.line, key.column, False, key.name, after, key.plain)
    return items


def explain(text: str, exc: MarkedYAMLError) -> tuple[int, str]:
    """The line to fix (1-based) and what to say about it, for a syntax error of `text`."""
    file = _File(text, exc)
    readings = (_documents, _unclosed_quote, _block_ended, _escape, _stray, _block_scalar, _flow, _text_as_key, _mapping_value)
    for reading in (*readings, _no_colon, _structure):  # the first that recognises the error says what it is
        found = reading(file)
        if found is not None:
            return found
    line = file.at[0] if file.at else file.started[0] if file.started else 1
    where = f" (in what starts on line {file.started[0]})" if file.started and file.started[0] != line else ""
    return line, f"is not valid YAML: {file.problem or file.context}{where}"


def _documents(file: _File) -> tuple[int, str] | None:
    if "another document" not in file.problem or file.at is None:
        return None
    return file.at[0], "`---` starts a second document here, and a source file holds only one: remove this line"


def _unclosed_quote(file: _File) -> tuple[int, str] | None:
    """A quote left open runs on to the next quote in the file, which the parser takes for its
    end, or to the end of the file: name the line where the quoted text starts."""
    ended = "end of stream" in file.problem or "document indicator" in file.problem
    if "quoted scalar" in file.context and file.started and ended:
        line, column = file.started
        quote = file.char(line, column)
        return line, (
            f"the quoted text that starts on this line (the {quote} at column {column + 1}) is never closed: "
            f"add the closing {quote} where the text ends"
        )
    last = file.last_scalar()
    if (
        file.at is None
        or last is None
        or last.style not in ("'", '"')
        or last.start_mark.line == last.end_mark.line
        or last.end_mark.line + 1 != file.at[0]
    ):
        return None
    start, end = last.start_mark.line + 1, last.end_mark.line + 1
    quote = last.style
    return start, (
        f"the quoted text that starts on this line (the {quote} at column {last.start_mark.column + 1}) is not closed on it, "
        f"so it runs on to the next {quote}, on line {end}; add the closing {quote} at the end of the text"
    )


def _block_ended(file: _File) -> tuple[int, str] | None:
    """The line the parser stopped at is text that ended a block of text by being indented less."""
    return _block_text(file, file.line(file.at[0])) if file.at is not None else None


def _escape(file: _File) -> tuple[int, str] | None:
    escape = "escape" in file.problem or "hexdecimal" in file.problem
    if "quoted scalar" not in file.context or file.at is None or not escape:
        return None
    line, column = file.at
    text = file.line(line).text
    backslash = text.rfind("\\", 0, column + 1)
    written = text[backslash : backslash + 2] if backslash >= 0 else "\\"
    return line, (
        f"`{written}` (column {backslash + 1}) is not an escape YAML knows in text between double quotes: "
        "for a backslash as it is, put the text between single quotes ('...') instead, or write the backslash twice (\\\\)"
    )


def _quoted(line: _Line) -> str | None:
    """The line with its value put between quotes, when the value is on it and that is simple."""
    found = re.match(r"((?:- +)*(?:[A-Za-z_][\w.-]* *: +)?)(.+)$", line.content)
    if found is None:
        return None
    prefix, value = found.groups()
    if '"' not in value and "\\" not in value:
        return f'{prefix}"{value}"'
    if "'" not in value:
        return f"{prefix}'{value}'"
    return None


def _quote_it(line: _Line) -> str:
    """What to do when a value that YAML reads as something else is text."""
    quoted = _quoted(line)
    return f"put the whole value between quotes ({_code(quoted)})" if quoted else "put the whole value between quotes"


def _stray(file: _File) -> tuple[int, str] | None:
    """A character that means something to YAML at the start of a value (or of a line)."""
    if file.at is None:
        return None
    line, column = file.at
    at_problem = ("cannot start any token", "mapping keys are not allowed", "node content", "undefined tag", "constructor for the tag")
    if file.started and any(f"scanning {what}" in file.context for what in ("an anchor", "an alias", "a tag", "a directive")):
        line, column = file.started
    elif not any(words in file.problem for words in at_problem):
        return None
    char = file.char(line, column)
    if char not in _STARTS:
        return None
    return line, (
        f"a value cannot start with {_code(char)} (column {column + 1}), which {_STARTS[char]} in YAML: "
        f"if it is text, {_quote_it(file.line(line))}"
    )


def _block_scalar(file: _File) -> tuple[int, str] | None:
    if "block scalar" not in file.context or file.started is None:
        return None
    line, column = file.started
    char = file.char(line, column)
    if "comment or line break" in file.problem:
        return line, (
            f"text cannot follow {_code(char)} on its line: {_code(char)} starts a block of text on the lines below; move the text "
            f"to the next line, indented further than this one (or, if {_code(char)} is part of the text, {_quote_it(file.line(line))})"
        )
    return line, f"the block of text that `{char}` starts on this line is not written as YAML needs: {file.problem}"


def _flow(file: _File) -> tuple[int, str] | None:
    if file.started is None or file.at is None or "flow" not in file.context:
        return None
    line, column = file.started
    bracket, closing, kind = ("[", "]", "list in square brackets") if "sequence" in file.context else ("{", "}", "mapping in braces")
    on = f"on line {file.at[0]}" if file.at[0] != line else "further on this line"
    return line, (
        f"the {kind} that starts on this line (the {bracket} at column {column + 1}) is not closed: {on} the parser still "
        f"expected a comma or its closing `{closing}`; close it, or, if the {bracket} is text, {_quote_it(file.line(line))}"
    )


def _text_as_key(file: _File) -> tuple[int, str] | None:
    """A line of a block of text (`key: >-`) indented too little ends the block, and when it has a
    colon and a space in it YAML reads it as a key (`of their field: the...`); the parser only
    complains further on. Name the line that ended the block."""
    for item in file.items:
        if item.dash or not item.name or _KEY.fullmatch(item.name) or not item.plain:
            continue
        blocks = [t for t in file.tokens if isinstance(t, ScalarToken) and t.style in ("|", ">") and t.end_mark.line + 1 == item.line]
        owner = file.owner(blocks[-1]) if blocks else None
        if owner is None:
            return None
        block, line = blocks[-1], file.line(item.line)
        start = block.start_mark.line + 1
        indicator = file.line(start).text[block.start_mark.column :].split(" ")[0]
        first = file.next_content_line(start)
        key = f"`{item.name}:`"
        if first is not None and first.number == line.number and line.indent <= owner.column:
            return line.number, (
                f"this line is not indented further than {owner.what()} (line {owner.line}, {_spaces(owner.column)}), so the block of "
                f"text that `{indicator}` starts there is empty and YAML reads this line as a key ({key}): the lines of a block of "
                f"text are indented further than its key; {_indent_to(owner.column + file.step())}, and the lines after it too"
            )
        if first is not None and first.number < line.number and first.indent > line.indent:
            return line.number, (
                f"this line ({_spaces(line.indent)}) is indented less than the first line of the block of text it continues "
                f"(line {first.number}, {_spaces(first.indent)}), so YAML takes the block (`{indicator}` on line {start}) to end above "
                f"it and reads this line as a key ({key}): the lines of a block of text line up with its first line; "
                f"{_indent_to(first.indent)}"
            )
        return None
    return None


def _mapping_value(file: _File) -> tuple[int, str] | None:
    """A colon followed by a space that the parser cannot take for a key's: in a value (write the
    value between quotes), or in a line indented so far that it reads as more of the value above."""
    if "mapping values are not allowed" not in file.problem and "block sequence entries are not allowed" not in file.problem:
        return None
    if file.at is None:
        return None
    line_number, column = file.at
    line = file.line(line_number)
    scalar = file.last_scalar()
    if scalar is not None and scalar.start_mark.line + 1 < line_number:  # the line continues a value that starts above
        owner = file.owner(scalar)
        first = file.next_content_line(scalar.start_mark.line + 1)
        wrong = first if first is not None and first.structural else line
        if wrong.structural or "block sequence" in file.problem:
            return _continues(file, wrong, owner)
        named = f"`{owner.name}`" if owner and not owner.dash else "the list item"
        return line_number, (
            f"the text of {named} (which starts on line {scalar.start_mark.line + 1}) has a colon followed by a space on this line "
            f"({_code(_around(line.text, column))}), which YAML reads as the end of a key: put the whole value between quotes, "
            f"or write {_as_block(owner)} and the text on the lines below it, indented"
        )
    if "block sequence" in file.problem:
        return line_number, (
            "a list item (`- `) cannot follow a key on its line: put each item on a line of its own below the key, "
            f"indented further than the key; if the dash is text, {_quote_it(line)}"
        )
    owner = file.owner(scalar) if scalar is not None else None
    named = f"of `{owner.name}` " if owner and not owner.dash else ""
    return line_number, (
        f"the value {named}has a colon followed by a space ({_code(_around(line.text, column))}), which YAML reads as the end of "
        f"a key: {_quote_it(line)}, or write it on the lines below {_as_block(owner)}, indented"
    )


def _as_block(owner: _Item | None) -> str:
    """How to start a block of text for `owner`'s value: `key: >-`, or `- >-` for a list item."""
    return f"`{owner.name}: >-`" if owner is not None and not owner.dash else "`- >-`"


def _around(text: str, column: int) -> str:
    """The words either side of the character at `column`."""
    before = text[:column].split()
    after = text[column + 1 :].split()
    return " ".join(before[-1:]) + text[column] + (" " + after[0] if after else "")


def _continues(file: _File, line: _Line, owner: _Item | None) -> tuple[int, str]:
    """`line`, a key or list item, is indented so far that YAML reads it as more of the text of
    `owner` (the key or list item above it whose value is on its line)."""
    sibling = file.sibling(line)
    for odd in (_odd_sibling(file, line, sibling), _sandwiched(file, line)):
        if odd is not None and owner is not None and odd[0] == owner.line:
            return odd
    lineup = ""
    if sibling is not None and sibling.column != line.indent:
        group = "the items of one list" if line.dash else "the keys of one mapping"
        lineup = f"; {group} line up: {_indent_to(sibling.column)}, like line {sibling.line}"
    if owner is None:
        return line.number, f"this {line.what()} is indented so far that YAML reads it as more of the text above it{lineup}"
    if line.dash and not owner.dash:
        return line.number, (
            f"this list item is indented under {owner.what()} (line {owner.line}), which already has a value on that line, so YAML "
            f"reads the item as more of that value: a key has either a value on its line or a list on the lines below it; "
            f"move the value of line {owner.line} into the list, or remove it"
        )
    return line.number, (
        f"this {line.what()} ({_spaces(line.indent)}) is indented more than {owner.what()} above it (line {owner.line}, "
        f"{_spaces(owner.column)}), so YAML reads it as more of the text on line {owner.line}{lineup}{_or_above(file, line)}"
    )


def _no_colon(file: _File) -> tuple[int, str] | None:
    if "could not find expected ':'" not in file.problem or file.started is None:
        return None
    line = file.line(file.started[0])
    bare = re.match(r"(?:- +)*([A-Za-z_][\w.-]*):(\S.*)$", line.content)
    if bare:
        return line.number, f"a colon after a key needs a space after it: write `{bare.group(1)}: {bare.group(2)}`"
    above = [item for item in file.outline(line.number) if not item.dash and _KEY.fullmatch(item.name)]
    further = f", indented further than `{above[0].name}` (line {above[0].line})" if above else ""
    return line.number, (
        "this line is neither `key: value` nor a list item (`- `): if it starts a key, put a colon and a space after the key's "
        f"name; if it is more of the text above it, write that text{further}"
    )


def _structure(file: _File) -> tuple[int, str] | None:
    """The parser expected a key or a list item and found something else: usually a line indented
    differently from the keys or items it belongs beside."""
    if file.at is None or not any(f"expected {what}" in file.problem for what in ("key", "'-' indicator", "<document start>")):
        return None
    line = file.line(file.at[0])
    last = file.last_scalar()
    if last is not None and last.style in ("'", '"') and last.end_mark.line + 1 == line.number and file.at[1] >= last.end_mark.column:
        quote = last.style
        other = "'" if quote == '"' else '"'
        escaped = '\\"' if quote == '"' else "''"
        rest = line.text[last.end_mark.column :].strip()
        return line.number, (
            f"the quoted value on this line ends at its closing {quote} (column {last.end_mark.column}) and more follows it ({_code(rest)}): "
            f"if the text itself has a {quote} in it, write that one as {escaped} or put the whole value between {other} instead; "
            f"otherwise remove what follows the closing {quote}"
        )
    if line.content.startswith("-") and not line.dash:
        return line.number, f"a list item's dash needs a space after it: write `- {line.content[1:]}`"
    odd = _odd_sibling(file, line, file.sibling(line)) if line.structural else None
    if odd is not None:
        return odd
    if "expected '-' indicator" in file.problem and file.started and line.indent == file.started[1] and not line.dash:
        first = file.started[0]
        keys = [item for item in file.outline(line.number) if not item.dash and item.column > line.indent]
        further = f"by {_spaces(keys[0].column)}, like `{keys[0].name}` (line {keys[0].line})" if keys else "further"
        return line.number, (
            f"this line stands where the next item of the list that starts on line {first} belongs, but has no dash: "
            f"a list item starts with `- ` (like line {first}); if it belongs to the item above, indent it {further}"
        )
    block = _block_text(file, line)
    if block is not None:
        return block
    sandwiched = _sandwiched(file, line)
    if sandwiched is not None:
        return sandwiched
    if not line.structural and line.content[:1] in _STARTS:
        char = line.content[0]
        return line.number, f"this line starts with {_code(char)}, which {_STARTS[char]} in YAML and does not fit here: remove it, or, if it is text, put the text between quotes"
    if line.content.startswith(":"):
        return line.number, "this line starts with a colon: write the key's name before it (`name: value`)"
    sibling = file.sibling(line)
    if line.structural and sibling is not None and sibling.column != line.indent:
        return _misaligned(file, line, sibling)
    if line.dash and sibling is None and file.started:
        keys = [item for item in file.outline(line.number) if not item.dash and item.column == line.indent]
        like = f" (like `{keys[0].name}` on line {keys[0].line})" if keys else ""
        return line.number, (
            f"this list item stands among the keys of a mapping{like}: a mapping holds `key: value` lines; "
            "remove the dash, or put the list on the lines below a key of its own, indented further"
        )
    return None


def _odd_sibling(file: _File, line: _Line, sibling: _Item | None) -> tuple[int, str] | None:
    """When `line` and `sibling` (the key or list item above it that it belongs beside) are
    indented differently, `line` is usually the one out of line; but when `sibling` is the first of
    its mapping or list and the next line like `line` lines up with `line`, `sibling` is (the
    first key of a mapping sets where the others must be, and the parser complains at the second)."""
    if sibling is None or sibling.column == line.indent:
        return None
    opener = _empty_key_above(file, sibling.line)
    if opener is not None and not sibling.dash and sibling.column <= opener[1] < line.indent and not _first_on_dash_line(file, sibling):
        return sibling.line, (
            f"this line ({_spaces(sibling.column)}) is not indented further than the key `{opener[0].key}` above it (line "
            f"{opener[0].number}), so YAML leaves `{opener[0].key}` empty and reads this line as a key beside it, while the line "
            f"below it (line {line.number}, {_spaces(line.indent)}) is indented as part of `{opener[0].key}`: {_indent_to(line.indent)}"
        )
    if any(i is not sibling and i.dash == sibling.dash and i.column == sibling.column for i in file.outline(sibling.line + 1)):
        return None  # an earlier key or item lines up with `sibling`: it is not the odd one
    below = _next_alike(file, line)
    if below is not None and below.indent != line.indent:
        below = None  # the mapping or list ends after `line`
    if below is None:  # no more evidence: the odd one is the one not indented as this file indents
        if sibling.dash != line.dash:
            return None
        start = file.line(sibling.line).indent  # where the line of `sibling` starts (its dash, for `- key:`)
        parents = [i for i in file.outline(sibling.line) if not i.dash and (i.column <= start if sibling.dash or start < sibling.column else i.column < start)]
        usual = parents[0].column + file.step(sibling.line, line.number) if parents else None
        if usual is None or start == usual or line.indent != usual + sibling.column - start:
            return None
    group = "the items of one list" if line.dash else "the keys of one mapping"
    if sibling.dash or not _first_on_dash_line(file, sibling):
        others = f"{'list items' if line.dash else 'keys'} below it (lines {line.number} and {below.number}" if below else (
            f"{'list item' if line.dash else 'key'} below it (line {line.number}"
        )
        return sibling.line, (
            f"this {'list item' if sibling.dash else 'line'} ({_spaces(sibling.column)}) is indented differently from the "
            f"{others}, {_spaces(line.indent)}); {group} line up: {_indent_to(line.indent)}"
        )
    return sibling.line, (
        f"the key `{sibling.name}` on this line (column {sibling.column + 1}) does not line up with the keys of the same list "
        f"item below it ({f'lines {line.number} and {below.number}' if below else f'line {line.number}'}, column {line.indent + 1}); "
        f"{group} line up: "
        f"{_indent_to(file.line(sibling.line).indent + line.indent - sibling.column).replace(' it ', ' this line ')}, dash and all"
    )


def _misaligned(file: _File, line: _Line, sibling: _Item) -> tuple[int, str]:
    """`line` is indented differently from `sibling`, the key or list item above it that it belongs beside."""
    odd = _odd_sibling(file, line, sibling)
    if odd is not None:
        return odd
    group = "the items of one list" if line.dash else "the keys of one mapping"
    more_or_less = "more" if line.indent > sibling.column else "less"
    what = "list item" if line.dash else "line"
    return line.number, (
        f"this {what} ({_spaces(line.indent)}) is indented {more_or_less} than {sibling.what()} above it "
        f"(line {sibling.line}, {_spaces(sibling.column)}); {group} line up: {_indent_to(sibling.column)}{_or_above(file, line)}"
    )


def _empty_key_above(file: _File, number: int) -> tuple[_Line, int] | None:
    """The line before line `number`, if it is a key with nothing after its colon (`date:`), and
    the column of that key."""
    for before in range(number - 1, 0, -1):
        line = file.line(before)
        if line.content and not line.content.startswith("#"):
            found = re.match(r"((?:- +)*)[A-Za-z_][\w.-]* *:$", line.content)
            return (line, line.indent + len(found.group(1))) if found else None
    return None


def _first_on_dash_line(file: _File, item: _Item) -> bool:
    """A key written on the same line as its list item's dash (`- id: x`)."""
    return file.line(item.line).dash and not item.dash


def _next_alike(file: _File, line: _Line) -> _Line | None:
    """The next key line (or list item, for a list item) after `line` that is not indented further."""
    after = file.next_content_line(line.number)
    while after is not None:
        if after.indent <= line.indent and after.structural:
            return after if after.dash == line.dash else None
        if after.indent < line.indent:
            return None
        after = file.next_content_line(after.number)
    return None


def _block_text(file: _File, line: _Line) -> tuple[int, str] | None:
    """A line of a block of text (`key: >-` and the lines below it) indented less than the block's
    first line, which sets where its lines must start: YAML takes the block to end above it."""
    last = file.last_scalar()
    if last is None or last.style not in ("|", ">") or not line.content:
        return None
    owner = file.owner(last)
    if line.structural and (owner is None or line.indent <= owner.column):
        return None  # a key or list item of its own, not more of the text (`include:` in the text is text)
    start = last.start_mark.line + 1
    first = file.next_content_line(start)
    if first is None or first.number >= line.number or first.indent <= line.indent:
        return None
    indicator = file.line(start).text[last.start_mark.column :].split(" ")[0]
    after = file.next_content_line(line.number)
    usual = None if owner is None else owner.column + 2 if owner.dash else owner.column + file.step(first.number, line.number)
    agrees = after is not None and after.indent == line.indent and not after.structural  # the line after lines up with this one
    if first.number + 1 < line.number or not (agrees or (usual == line.indent and usual != first.indent)):
        return line.number, (
            f"this line ({_spaces(line.indent)}) is indented less than the first line of the block of text it continues "
            f"(line {first.number}, {_spaces(first.indent)}), so YAML takes the block (`{indicator}` on line {start}) to end "
            f"above it: the lines of a block of text line up with its first line; {_indent_to(first.indent)}"
        )
    return first.number, (
        f"this line, the first of the block of text that `{indicator}` on line {start} starts, is indented more "
        f"({_spaces(first.indent)}) than the lines after it ({_spaces(line.indent)}); the first line sets where the "
        f"block's lines start, so YAML takes the block to end at line {line.number}: {_indent_to(line.indent)}"
    )


def _or_above(file: _File, line: _Line) -> str:
    """When the key above `line` is indented less than both `line` and the key before it, either
    of the two may be the one out of line: say so."""
    before = [item for item in file.items if item.line < line.number and not item.dash]
    if len(before) < 2 or line.dash:
        return ""
    previous, prior = before[-1], before[-2]
    if prior.column == line.indent and previous.column < line.indent and not _first_on_dash_line(file, previous):
        return f"; or, if line {previous.line} is the one out of line, {_indent_to(line.indent).replace(' it ', ' that ')}, like line {prior.line}"
    return ""


def _sandwiched(file: _File, line: _Line) -> tuple[int, str] | None:
    """The line before `line` is the one out of place: it is indented less than the lines either
    side of it, which line up with each other (the parser only complains at the second)."""
    before = [item for item in file.items if item.line < line.number]
    if len(before) < 2 or not line.structural:
        return None
    previous = before[-1]
    earlier = [item for item in before if item.line < previous.line]
    if not earlier:
        return None
    prior = earlier[-1]
    if prior.dash or previous.dash or line.dash:
        return None
    below = _next_alike(file, line)  # and the lines after `line` line up with it too
    if prior.column == line.indent and previous.column < line.indent and below is not None and below.indent == line.indent:
        return previous.line, (
            f"this line ({_spaces(previous.column)}) is indented less than the keys either side of it (lines {prior.line} and "
            f"{line.number}, {_spaces(line.indent)}); the keys of one mapping line up: {_indent_to(line.indent)}"
        )
    return None


def empty_key_above(text: str, number: int) -> str:
    """For a key given twice: when the line above line `number` is a key with nothing after its
    colon, at the same indentation, YAML reads that key as empty and this line as its neighbour,
    which is usually an indentation mistake in one of the two lines. Says so, or says nothing."""
    lines = text.split("\n")
    here = _Line(number, lines[number - 1] if 0 < number <= len(lines) else "")
    for before in range(number - 1, 0, -1):
        line = _Line(before, lines[before - 1])
        if line.content and not line.content.startswith("#"):
            if line.indent == here.indent and re.fullmatch(r"[A-Za-z_][\w.-]* *:", line.content):
                name = line.content.rstrip(" :")
                return (
                    f"; or, if it belongs to `{name}` on the line above, which YAML reads as empty because nothing below it "
                    f"is indented further, line {before} or this one is indented wrongly"
                )
            return ""
    return ""
