"""Finding what in a converted text is not the document's text: proposed ledger exclusions.

Running headers and footers and page numbers, descriptions of images, LaTeX and other junk the
conversion made, letterheads, colophons and the page around a forum post. Each proposal names whole
witness lines, a category the ledger knows, a reason, and how sure the importer is (for the review
list). Nothing here decides what the text says; it only sets lines aside.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import LineRange
from .witness_file import ReceivedText

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DATE = re.compile(rf"\b(\d{{1,2}}\s+({MONTHS})\s+\d{{4}}|({MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|({MONTHS})\s+\d{{4}}|(19|20)\d\d)\b", re.I)

_LATEX = re.compile(r"^\s*\$\$.*\$\$\s*$|\\(begin|end)\{|\\(frac|sqrt|sum|left|right|sinh|cosh|Delta|geq|leq)\b")
_IMAGE = re.compile(
    r"^\s*(!\[[^\]]*\]\([^)]*\)|\[(image|photo|figure|picture)[^\]]*\]|(image|photo|photograph|figure|picture|illustration)\s*:"
    r"|(a|an)\s+(photograph|photo|image|picture|illustration|drawing|diagram|graphic|logo)\s+(of|showing|shows|depicting)\b)",
    re.I,
)
_PAGE_NUMBER = re.compile(r"^\s*(\(?\s*(page|p\.)\s*\d+\s*(of\s*\d+)?\s*\)?|[-–—]?\s*\d{1,3}\s*[-–—]?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3}\s+of\s+\d{1,3})\s*$", re.I)
# A page number inside a running line: "Page 3", "page 1 of 2", "p. 4", or a number set off by a
# rule or a dot at either end ("Code of Conduct | 7", "7 · Code of Conduct"). Dashes are left out:
# "aged 11-16" is not a page number.
_OWN_PAGE_NUMBER = re.compile(r"\b(page|p\.)\s*\d{1,3}(\s*(of|/)\s*\d{1,3})?\b|\s[|·•]\s*\d{1,3}\s*$|^\s*\d{1,3}\s*[|·•]\s", re.I)
_CONTACT = tuple(
    re.compile(p, re.I)
    for p in (
        r"\b(tel|telephone|phone|fax|t|f)\b\.?:?\s*\+?\(?\d[\d ()-]{6,}",  # telephone and fax numbers
        r"[\w.+-]+@[\w-]+\.[\w.-]+",  # e-mail addresses
        r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",  # UK postcodes
        r"\b(published|printed|issued|designed)\s+by\b",
        r"\b(www\.|https?://)",
        r"\bVAT\b|\bregistered (office|charity)\b|\bcompany (no|number)\b",
        r"\b(house|street|road|way|lane|square|place)\b,",
        r"^\s*\[?@\w+",  # a social-media handle
        r"©|\(c\)\s*\d{4}|\bcopyright\b",
        r"\b(general secretary|chief executive|president)\b",
        r"\b(registered )?(charity|company)\b[^.]*\bno\b\.?\s*\d",  # registration numbers
    )
)
_CONTENTS_HEADING = re.compile(r"^\s*(#+\s*)?\**\s*(table of )?contents\s*\**\s*$", re.I)
_CONTENTS_ENTRY = re.compile(r"\S.*?(\.{3,}|…{2,}|\s{3,}|\t)\s*\d{1,3}\s*$")
_FORUM = tuple(
    re.compile(p, re.I)
    for p in (
        r"\breplies\b|\breply #\d+",
        r"\b(members?|guests?) (and \d+ \w+ )?(is|are) viewing\b",
        r"^\s*(offline|online)\s+\w+",
        r"«\s*on:.*»|«\s*reply",
        r"\breport to moderator\b",
        r"\b(simpleportal|simple machines|phpbb|vbulletin|invision|smf)\b",
        r"\bfree to join\b|\bjoin (now|today)\b|\blog ?in\b|\bsign ?up\b",
        r"^\s*(fast|quick|main) menu\s*$",
        r"^\s*[•*]\s*\*{3,}\s*$",  # a member's rank in stars
        r"^\s*[•*]?\s*(age range|country|location|posts|karma|gender|want a buddy)\??\s*:",
        r"\blast edit:|\bquote from:|\blogged\b",
    )
)


@dataclass(frozen=True)
class Proposal:
    lines: LineRange
    category: str
    reason: str
    doubt: float  # 0 sure .. 1 a guess
    note: str  # what the editor should check


def _contact_score(text: str) -> int:
    return sum(1 for pattern in _CONTACT if pattern.search(text))


def _forum_score(text: str) -> int:
    return sum(1 for pattern in _FORUM if pattern.search(text))


def _words(text: str) -> int:
    return len(text.split())


def propose(text: ReceivedText) -> list[Proposal]:
    """Every run of lines the importer takes not to be the document's text, in witness order."""
    lines = text.lines
    count = len(lines)
    taken: dict[int, Proposal] = {}
    proposals: list[Proposal] = []

    def take(first: int, last: int, category: str, reason: str, doubt: float, note: str) -> None:
        # Blank lines at the edges are not part of an exclusion.
        while first <= last and not lines[first - 1].strip():
            first += 1
        while last >= first and not lines[last - 1].strip():
            last -= 1
        if first > last or any(n in taken for n in range(first, last + 1)):
            return
        proposal = Proposal(LineRange(first, last), category, reason, doubt, note)
        proposals.append(proposal)
        for n in range(first, last + 1):
            taken[n] = proposal

    forum = [n for n in range(1, count + 1) if _forum_score(lines[n - 1])]
    if len(forum) >= 3:
        _forum_chrome(lines, forum, take)
    _latex(lines, take)
    for n in range(1, count + 1):
        if _IMAGE.match(lines[n - 1]):
            take(n, n, "image-description", "A description of an image, written by the conversion; the image has no text and is not reproduced.",
                 0.2, "that the line describes a picture rather than being printed text")
    _contents_list(lines, take)
    _page_furniture(lines, take)
    _letterhead(lines, take, taken)
    _colophon(lines, take, taken)
    return sorted(proposals, key=lambda p: p.lines.first)


def _latex(lines: tuple[str, ...], take) -> None:
    """Runs of LaTeX formulae (blank lines between them included)."""
    n, count = 1, len(lines)
    while n <= count:
        if not _LATEX.search(lines[n - 1]):
            n += 1
            continue
        last = n
        m = n + 1
        while m <= count and (not lines[m - 1].strip() or _LATEX.search(lines[m - 1])):
            if lines[m - 1].strip():
                last = m
            m += 1
        take(n, last, "conversion-artefact", "LaTeX formulae produced by the conversion; nothing like them is in the document.",
             0.1, "that the document prints no formulae here")
        n = last + 1


def _contents_list(lines: tuple[str, ...], take) -> None:
    """A printed table of contents: entries with dot leaders and page numbers (and its heading)."""
    count = len(lines)
    n = 1
    while n <= count:
        if not _CONTENTS_ENTRY.match(lines[n - 1]):
            n += 1
            continue
        last = n
        while last + 1 <= count and (_CONTENTS_ENTRY.match(lines[last]) or (not lines[last].strip() and last + 2 <= count and _CONTENTS_ENTRY.match(lines[last + 1]))):
            last += 1
        entries = sum(1 for m in range(n, last + 1) if _CONTENTS_ENTRY.match(lines[m - 1]))
        first = n
        above = n - 1
        while above >= 1 and not lines[above - 1].strip():
            above -= 1
        if above >= 1 and _CONTENTS_HEADING.match(lines[above - 1]):
            first = above
        if entries >= 3 or (entries >= 2 and first < n):
            take(first, last, "page-furniture", "The printed table of contents, with its page numbers; the edition's own contents list its sections.",
                 0.2, "that these lines are the printed contents list and nothing of the text")
        n = last + 1


def _page_furniture(lines: tuple[str, ...], take) -> None:
    count = len(lines)
    # Lines that are only a page number.
    for n in range(1, count + 1):
        if _PAGE_NUMBER.match(lines[n - 1]) and lines[n - 1].strip():
            neighbours = [lines[m - 1].strip() for m in (n - 1, n + 1) if 1 <= m <= count]
            take(n, n, "page-furniture", "A page number printed at the head or foot of a page.", 0.25 if all(not x for x in neighbours) else 0.45,
                 "that this is a page number, not a numbered heading or list label")
    # Running headers and footers: the same short line on several pages (beside a page number,
    # twice is enough), page numbers aside.
    numbers = {n for n in range(1, count + 1) if _PAGE_NUMBER.match(lines[n - 1]) and lines[n - 1].strip()}
    shapes = Counter()
    for n in range(1, count + 1):
        shape = _running_shape(lines[n - 1])
        if shape:
            shapes[shape] += 1
    for n in range(1, count + 1):
        shape = _running_shape(lines[n - 1])
        beside_number = any(m in numbers for m in range(n - 2, n + 3) if m != n)
        if shape and (shapes[shape] >= 3 or (shapes[shape] >= 2 and beside_number)) and not lines[n - 1].rstrip().endswith((".", ":", ";")):
            take(n, n, "page-furniture", f"A running header or footer, printed on {shapes[shape]} pages.", 0.2 if shapes[shape] >= 3 else 0.35,
                 "that the line repeats on every page rather than being part of the text")
    # Running headers and footers that print the page's number themselves ("Name · Page 1 of 2"):
    # the number is what changes between pages, so twice is enough.
    for group in _numbered_running_lines(lines):
        for n in group:
            take(n, n, "page-furniture", f"A running header or footer with its page number, printed on {len(group)} pages.", 0.3,
                 "that the line repeats on every page, its page number aside, rather than being part of the text")
    # A cover line: a web address with a date or a place, and nothing like a sentence.
    for n in range(1, min(count, 40) + 1):
        line = lines[n - 1].strip()
        if re.search(r"\b(www\.|https?://)", line) and _words(line) <= 8 and not line.endswith(".") and (DATE.search(line) or "•" in line or "|" in line):
            take(n, n, "page-furniture", "A cover line giving the publisher's web address and the date; the date is recorded in the edition's metadata.",
                 0.3, "that the line is cover furniture rather than text")


def _numbered_running_lines(lines: tuple[str, ...]) -> list[list[int]]:
    """Groups of lines that are the same text apart from a page number they print, the number
    different on each: a running header or footer numbering its own pages."""
    by_shape: dict[str, list[int]] = {}
    for n, line in enumerate(lines, start=1):
        shape = _running_shape(line)
        if shape and _OWN_PAGE_NUMBER.search(line) and not line.rstrip().endswith((".", ":", ";")):
            by_shape.setdefault(shape, []).append(n)
    return [group for group in by_shape.values() if len(group) >= 2 and _numbers_differ(lines, group)]


def _numbers_differ(lines: tuple[str, ...], group: list[int]) -> bool:
    """Whether each line of the group prints other numbers: pages counted, not a repeated figure."""
    numbers = [tuple(re.findall(r"\d+", lines[n - 1])) for n in group]
    return len(set(numbers)) == len(numbers)


def _running_shape(line: str) -> str:
    text = line.strip()
    if not text or _words(text) > 12 or text.startswith(("-", "*", "•", "#")):
        return ""
    shape = re.sub(r"\d+", "#", text.lower())
    return shape if "#" in shape or _words(text) >= 2 else ""


def _block_ranges(lines: tuple[str, ...]) -> list[tuple[int, int]]:
    """Runs of non-blank lines, as (first, last)."""
    ranges: list[tuple[int, int]] = []
    start = None
    for n, line in enumerate(lines, start=1):
        if line.strip():
            start = start or n
        elif start:
            ranges.append((start, n - 1))
            start = None
    if start:
        ranges.append((start, len(lines)))
    return ranges


def _letterhead(lines: tuple[str, ...], take, taken) -> None:
    """The sender's name, address and numbers at the top, before the document's own first words:
    a block with contact details, with the name in capitals above it."""
    blocks = [b for b in _block_ranges(lines) if not all(n in taken for n in range(b[0], b[1] + 1))][:4]
    for index, (first, last) in enumerate(blocks):
        text = " ".join(lines[n - 1] for n in range(first, last + 1))
        name_above = lines[first - 1].strip().upper() == lines[first - 1].strip() and _words(lines[first - 1]) <= 10 and last > first
        if (_contact_score(text) >= 2 or (index == 0 and name_above and _contact_score(text) >= 1)) and last - first <= 8:
            for before, _ in reversed(blocks[:index]):
                name = lines[before - 1].strip()
                if not (_words(name) <= 10 and name.upper() == name and any(ch.isalpha() for ch in name)):
                    break
                first = before
            take(first, last, "letterhead", "The sender's letterhead: name, address, telephone and web details; the issuer is recorded in the edition's metadata.",
                 0.2, "that these lines are the letterhead and nothing of the document's text")
            return


def _colophon(lines: tuple[str, ...], take, taken) -> None:
    """Publisher's details at the end: who published it, where, how to reach them. Trailing blocks
    with contact details, and short name lines among them."""
    blocks = [b for b in _block_ranges(lines) if not all(n in taken for n in range(b[0], b[1] + 1))]
    chosen: list[tuple[int, int]] = []
    score = 0
    for first, last in reversed(blocks[-5:]):
        text = " ".join(lines[n - 1] for n in range(first, last + 1) if n not in taken)
        contact = _contact_score(text)
        with_contact = sum(1 for n in range(first, last + 1) if _contact_score(lines[n - 1]))
        short_name = last == first and _words(text) <= 8 and not text.rstrip().endswith((".", ":", ";"))
        if (contact and with_contact * 2 >= (last - first + 1)) or (short_name and chosen):
            chosen.append((first, last))
            score += contact
        else:
            break
    while chosen and _contact_score(" ".join(lines[n - 1] for n in range(chosen[-1][0], chosen[-1][1] + 1))) == 0:
        chosen.pop()  # a name line only counts between contact details
    if chosen and score >= 2:
        first, last = min(c[0] for c in chosen), max(c[1] for c in chosen)
        take(first, last, "colophon", "The publisher's details at the end of the document (name, address, telephone, e-mail and web addresses); the issuer is recorded in the edition's metadata.",
             0.2, "that these lines are the colophon and nothing of the document's text")


def _forum_chrome(lines: tuple[str, ...], forum: list[int], take) -> None:
    """A text quoted in a forum post: the page before the post's first words and after its last."""
    count = len(lines)
    post_header = next((n for n in forum if re.search(r"«\s*on:.*»", lines[n - 1])), None)
    if post_header is None:
        return
    title_line = post_header - 1 if post_header > 1 and lines[post_header - 2].strip() else None
    header_end = (title_line or post_header) - 1
    if header_end >= 1:
        take(1, header_end, "forum-chrome", "The forum page around the post: its menu, the topic's title and replies, and the poster's profile.",
             0.15, "that the post's own text starts after these lines")
    take(title_line or post_header, post_header, "forum-chrome", "The post's header: the topic title repeated, and the date and time of posting (recorded in the witness's date).",
         0.15, "that these lines are the forum's, not the quoted text's")
    tail = [n for n in forum if n > post_header]
    if tail:
        take(tail[0], count, "forum-chrome", "The forum page after the post: the board's notices and software credits.",
             0.2, "that the quoted text ends before these lines")
