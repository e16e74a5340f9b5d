"""What a converted text says about itself: title, issuer, edition statement, date, jurisdiction,
licence. Each is taken only from words the witness prints, quoted; what it does not print is
marked as not stated (or, for the issuer, taken from another edition), and flagged for review.
"""

from __future__ import annotations

from types import MappingProxyType

import re
from dataclasses import dataclass, field

from ..model import LineRange
from .not_text import MONTHS
from .structure import Doubt, Structure
from .witness_file import ReceivedText

_MONTH_NUMBER = MappingProxyType({name: i for i, name in enumerate(MONTHS.split("|"), start=1)})
_EDITION = re.compile(r"\b((first|second|third|fourth|fifth|sixth|seventh|\d+(st|nd|rd|th)|revised|new|updated)\s+edition)\b", re.I)
_NATIONS = ("England", "Wales", "Scotland", "Northern Ireland", "United Kingdom")
_LICENCES = (
    (re.compile(r"Attribution-NonCommercial-NoDerivs?(atives)?\s+(\d\.\d)", re.I), "CC BY-NC-ND {}", "https://creativecommons.org/licenses/by-nc-nd/{}/"),
    (re.compile(r"Attribution-NonCommercial-ShareAlike\s+(\d\.\d)", re.I), "CC BY-NC-SA {}", "https://creativecommons.org/licenses/by-nc-sa/{}/"),
    (re.compile(r"Attribution-NonCommercial\s+(\d\.\d)", re.I), "CC BY-NC {}", "https://creativecommons.org/licenses/by-nc/{}/"),
    (re.compile(r"Attribution-NoDerivs?(atives)?\s+(\d\.\d)", re.I), "CC BY-ND {}", "https://creativecommons.org/licenses/by-nd/{}/"),
    (re.compile(r"Attribution-ShareAlike\s+(\d\.\d)", re.I), "CC BY-SA {}", "https://creativecommons.org/licenses/by-sa/{}/"),
    (re.compile(r"Creative Commons Attribution\s+(\d\.\d)", re.I), "CC BY {}", "https://creativecommons.org/licenses/by/{}/"),
)
_ISSUER = (
    re.compile(r"\bpublished by (the )?(?P<who>[A-Z][^,.;\n]{2,80}?)(,|\.|;|$)", re.I),
    re.compile(r"\bresponse from (the )?(?P<who>[A-Z][^,.;\n]{2,80}?)(,|\.|;|$)", re.I),
    re.compile(r"\bissued by (the )?(?P<who>[A-Z][^,.;\n]{2,80}?)(,|\.|;|$)", re.I),
    re.compile(r"©\s*(\d{4}\s+)?(?P<who>[A-Z][^,.;\n]{2,80}?)(,|\.|;|$)"),
    # A body's name standing alone (in a colophon or letterhead).
    re.compile(r"^(the )?(?P<who>[A-Z][\w'’ &-]{2,70} (Group|Association|Union|Society|Council|Institute|College|Federation|Trust|Department|Agency))$"),
    # A body named in full in the text, with its abbreviation.
    re.compile(r"\b(the )?(?P<who>(Association|Society|Union|Institute|Council|Federation|College) (of|for) [A-Z][\w ]{2,60}? \([A-Z]{2,8}\))"),
)

# A body's name standing alone under the title: capitalised words and a word that names a body,
# with what it is "of" or "for" after it ("Northshire Association of School Staff"). Nothing
# before the body's word but capitalised words (and "and", "&"), so a subtitle such as "Guidance
# for Members of the Council" is not taken for one.
_BODY_WORD = r"(Group|Association|Union|Society|Council|Institute|College|Federation|Trust|Department|Agency|Board|Authority|Committee|Network|Alliance|Partnership)"
_CAPITALISED = r"[A-Z][\w'’.-]*"
_BODY_UNDER_TITLE = re.compile(
    rf"^(?i:the\s+)?(?P<who>({_CAPITALISED}\s+|(?i:and|&)\s+)*(?i:{_BODY_WORD})(\s+(?i:of|for)(\s+({_CAPITALISED}|(?i:and|&|the|in)))+)?)$"
)


@dataclass
class Fact:
    value: str | None
    basis: str  # printed, not-stated
    printed: str | None = None
    note: str | None = None


@dataclass
class Metadata:
    title: str
    issued_by: Fact  # printed (with the words as printed), external (another edition's) or not-stated
    edition: Fact
    date: Fact
    jurisdiction: Fact
    licence: dict[str, str]
    date_as_given: str
    doubts: list[Doubt] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.issued_by.value or "Not printed in the witness"

    @property
    def issuer_printed(self) -> bool:
        return self.issued_by.basis == "printed"


def _date_value(text: str) -> tuple[str, str] | None:
    """(ISO value, the words as printed) of the first date in `text`."""
    patterns = (
        (re.compile(rf"\b(\d{{1,2}})\s+({MONTHS})\s+(\d{{4}})\b", re.I), lambda m: f"{m[3]}-{_MONTH_NUMBER[m[2].lower()]:02d}-{int(m[1]):02d}"),
        (re.compile(rf"\b({MONTHS})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), lambda m: f"{m[3]}-{_MONTH_NUMBER[m[1].lower()]:02d}-{int(m[2]):02d}"),
        (re.compile(rf"\b({MONTHS})\s+(\d{{4}})\b", re.I), lambda m: f"{m[2]}-{_MONTH_NUMBER[m[1].lower()]:02d}"),
        (re.compile(r"\b((19|20)\d\d)\b"), lambda m: m[1]),
    )
    for pattern, value in patterns:
        found = pattern.search(text)
        if found:
            return value(found), found.group(0)
    return None


def _line_under(text: ReceivedText, title: LineRange, excluded: dict[int, str]) -> list[int]:
    """The first line with words below the title, lines set aside as not text passed over."""
    below = (n for n in range(title.last + 1, len(text.lines) + 1) if text.lines[n - 1].strip() and n not in excluded)
    first = next(below, None)
    return [] if first is None else [first]


def _issuer_under_title(lines: list[tuple[int, str]], doubts: list[Doubt]) -> Fact | None:
    """The issuing body printed on the line under the title, on its own ("Northshire Association
    of School Staff") or introduced ("Response from the Association of ...")."""
    for n, line in lines:
        found = next((m for pattern in _ISSUER if (m := pattern.search(line))), None) or _BODY_UNDER_TITLE.match(line)
        if found:
            return _printed_issuer(n, found.group("who"), "on the line under the title", doubts)
    return None


def _issuer_named(lines: list[tuple[int, str]], doubts: list[Doubt]) -> Fact | None:
    """The first line that names the issuer: "Published by ...", a copyright line, a body's name."""
    for n, line in lines:
        found = next((m for pattern in _ISSUER if (m := pattern.search(line))), None)
        if found:
            return _printed_issuer(n, found.group("who"), "on this line", doubts)
    return None


def _printed_issuer(n: int, words: str, where: str, doubts: list[Doubt]) -> Fact:
    """The issuer as printed on line `n`, with the words quoted and a doubt for the review list."""
    printed = _without_year(words.strip())
    value = re.sub(r"^the\s+", "", printed, flags=re.I)
    doubts.append(Doubt(LineRange(n, n), 0.3, f"issuer “{value}”, as printed {where}", "that this names the body that issued the document"))
    return Fact(value, "printed", printed=printed, note=f"Printed on witness line {n}.")


def _without_year(name: str) -> str:
    """A body's name without the year printed after it: a copyright line's "Name 2022" is the
    name and the year of publication, and the year is no part of the name."""
    return re.sub(rf"[\s,–-]*((\d{{1,2}}\s+)?({MONTHS})\s+)?(19|20)\d\d(\s*[-–]\s*(19|20)?\d\d)?$", "", name, flags=re.I).strip() or name


def _issuer_not_printed(fallback: str | None, title: LineRange, doubts: list[Doubt]) -> Fact:
    issuer = fallback or "Not printed in the witness"
    doubts.append(Doubt(title, 0.8, f"the witness prints no issuer; “{issuer}” was {'taken from the edition compared with' if fallback else 'written in'}",
                        "who issued the document, and say how it is known in the edition's notes"))
    if fallback:
        return Fact(fallback, "external", note="The witness prints no issuer: taken from the edition compared with.")
    return Fact(None, "not-stated", note="The witness prints no issuer.")


def read_metadata(text: ReceivedText, structure: Structure, excluded: dict[int, str], fallback_issuer: str | None) -> Metadata:
    doubts: list[Doubt] = []
    title_clause = structure.title
    title = title_clause.body if title_clause else text.lines[0].strip() or "Untitled"
    title_range = title_clause.range if title_clause else LineRange(1, 1)
    # The title page: up to the first line of running text. The back: the last lines.
    first_text = next((n for n, line in enumerate(text.lines, start=1) if len(line.split()) > 25 and n not in excluded), len(text.lines))
    front = list(range(1, first_text))
    back = list(range(max(first_text, len(text.lines) - 15), len(text.lines) + 1))
    lines_of = lambda numbers: [(n, text.lines[n - 1].strip().strip("*# ")) for n in numbers if text.lines[n - 1].strip()]  # noqa: E731

    # Issuer: the body named on the line under the title; else "Published by ...", "Response
    # from ...", a copyright line; else another edition's.
    everywhere = lines_of(range(1, len(text.lines) + 1))
    issued_by = _issuer_under_title(lines_of(_line_under(text, title_range, excluded)), doubts) \
        or _issuer_named(lines_of(front) + lines_of(back) + everywhere, doubts) \
        or _issuer_not_printed(fallback_issuer, title_range, doubts)

    # Edition statement.
    edition = Fact(None, "not-stated", note="The witness prints no edition statement.")
    for n, line in lines_of(front):
        found = _EDITION.search(line)
        if found:
            edition = Fact(found.group(1)[:1].upper() + found.group(1)[1:], "printed", printed=found.group(1))
            break
    else:
        doubts.append(Doubt(title_range, 0.5, "no edition statement printed: edition marked not stated", "whether the edition is known from elsewhere (then give its basis and evidence)"))

    # Date: the first date printed in the front matter, else in the colophon.
    date = Fact(None, "not-stated", note="The witness prints no date.")
    date_as_given = "not printed in the text"
    for n, line in lines_of(front) + lines_of(back):
        found = _date_value(line)
        if found:
            value, printed = found
            date = Fact(value, "printed", printed=printed, note=f"Printed on witness line {n}.")
            date_as_given = f"{printed} (witness line {n})"
            doubts.append(Doubt(LineRange(n, n), 0.35, f"date {value}, from “{printed}”", "that this is the document's date of issue, not another date it mentions"))
            break
    else:
        doubts.append(Doubt(title_range, 0.7, "no date printed: date marked not stated", "the date of issue, from outside evidence if need be (basis external, with evidence)"))

    # Jurisdiction: a nation named in the title.
    jurisdiction = Fact(None, "not-stated", note="The witness names no jurisdiction.")
    title_words = " ".join(text.lines[n - 1] for n in range(title_range.first, title_range.last + 1))
    for nation in _NATIONS:
        found = re.search(rf"\bin\s+{re.escape(nation)}\b", title_words, re.I)
        if found:
            printed = re.sub(r"[*#]+", "", found.group(0)).strip()
            jurisdiction = Fact(nation, "printed", printed=printed, note="In the title.")
            break
    else:
        # Another place the title ends with ("... in Northshire"): a region, county or city.
        found = re.search(r"\bin\s+((?:[A-Z][\w'’-]+\s?){1,3})\W*$", re.sub(r"[*#]+", "", title_words).strip())
        if found:
            place = found.group(1).strip()
            jurisdiction = Fact(place, "printed", printed=f"in {place}", note="In the title.")
            doubts.append(Doubt(title_range, 0.4, f"jurisdiction “{place}”, from the title", "that the title names where the document applies"))

    # Licence: a Creative Commons statement, with the link printed beside it.
    licence: dict[str, str] = {"status": "none-stated"}
    for n, raw in enumerate(text.lines, start=1):
        if n in excluded:
            continue
        for pattern, name, url in _LICENCES:
            found = pattern.search(raw)
            if found:
                version = found.groups()[-1]
                printed = re.search(r"Creative Commons\b.*?\bLicen[cs]e\b", raw)
                licence = {"status": "stated", "name": name.format(version), "url": url.format(version),
                           "printed": (printed.group(0) if printed else found.group(0)).strip()}
                doubts.append(Doubt(LineRange(n, n), 0.25, f"licence {licence['name']}, as printed", "the licence's name and version against the printed statement"))
                break
        if licence["status"] == "stated":
            break
    if licence["status"] != "stated":
        # No open licence, but terms stated: "All rights reserved" (usually in the colophon).
        for n, raw in enumerate(text.lines, start=1):
            found = re.search(r"all rights reserved", raw, re.I)
            if found:
                licence = {"status": "stated", "name": "All rights reserved", "printed": found.group(0),
                           "note": f"Witness line {n}: the text grants no licence; it is reproduced here as published."}
                doubts.append(Doubt(LineRange(n, n), 0.5, "the text reserves all rights: recorded as the licence it states",
                                    "whether the edition may reproduce it, and on what terms (say so in the licence's note)"))
                break
        else:
            doubts.append(Doubt(title_range, 0.4, "no licence printed: recorded as none stated", "the terms on which the text is published, if known from elsewhere"))
    return Metadata(title, issued_by, edition, date, jurisdiction, licence, date_as_given, doubts)
