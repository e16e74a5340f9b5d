"""The edition's search page (search/?q=..., docs/assets/search.js over the Pagefind index), in
Chromium: what a member or a policy officer types puts first a clause that says it (with the words
together, in order, wherever a clause prints them so), titled with its citation and showing its
words; the same on both engines; filters, phrases, required and excluded words; overview pages never
first; the header's box; accessibility.

Every expectation is computed here from api/v1/clauses.json with a tokeniser of this file's own,
not from search.js."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from conftest import QUALITY, ROOT, served, tool

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
SETTLED = "#srch-results li, #srch-status:has-text('Nothing')"  # CSP: no wait_for_function with a string

# What readers type: a member looking up a duty, a policy officer checking what a body said. Across
# the five editions of the four works; one word, two, three or four, some quoted, some hyphenated,
# some with an apostrophe typed straight where the text prints it curly, some out of the text's order.
QUERIES = [
    # Six Core Principles (ECS England, and Aspect 2015, which it supersedes)
    "social media",
    "well-being",
    "hospitality",
    "conflict of interest",
    "professional indemnity insurance",
    '"equal opportunities"',
    "emotional literacy",
    "raising achievement",
    "EDIPs",
    "mutual respect",
    "work within the law",
    "global citizenship",
    "children's workforce",
    "integrity honesty fairness",
    "interdependence",
    "practices",
    "develop",
    "deliver",
    # AEWM Code of Principles & Practice
    "school attendance",
    "abuse and exploitation",
    '“data protection”',  # as a phone types quotation marks
    "supervision line manager",
    "anti-discriminatory practice",
    "sexual orientation",
    "induction programme",
    "legal proceedings",
    # ASCL blueprint principles
    "intelligent accountability",
    "subsidiarity",
    "common good",
    "individual's professional accountability",
    "evidence-informed",
    # ATL response on School Improvement Partners
    "Ofsted",
    "tick box accountability",
    "licence to practise",
    '"Every Child Matters"',
    "head teachers",
    "spy in school",
]

# --- the words of a text, as this file reads them (independently of search.js) -----------------

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate({0x2019: "'", 0x2018: "'", 0x02BC: "'"})


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def has_run(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


@dataclass(frozen=True)
class Query:
    """A query as a reader means it: groups of words each clause must print (a plain word; a
    hyphenated word's parts, adjacent; a quoted phrase), the phrase that should come first, words
    that must be there (+) and words that must not (-)."""

    text: str
    groups: tuple[tuple[str, ...], ...]
    phrases: tuple[tuple[str, ...], ...]
    required: tuple[str, ...]
    excluded: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        quoted = re.findall(r'["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]?', text)
        rest = re.sub(r'["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]?', " ", text)
        groups, plain, required, excluded = [], [], [], []
        for part in rest.split():
            if part[0] in "-\u2212":
                excluded += tokens(part[1:])
                continue
            words = tokens(part.removeprefix("+"))
            if part.startswith("+"):
                required += words
            plain += words
            if words:
                groups.append(tuple(words))
        phrases = [tuple(tokens(q)) for q in quoted if tokens(q)]
        groups += phrases
        if not phrases and len(plain) > 1:
            phrases = [tuple(plain)]  # an unquoted query of several words: its words together, in order
        return cls(text, tuple(groups), tuple(phrases), tuple(required), tuple(excluded))

    def every_word(self, text: str) -> bool:
        words = tokens(text)
        return all(has_run(words, list(g)) for g in self.groups)

    def phrase(self, text: str) -> bool:
        words = tokens(text)
        return bool(self.phrases) and all(has_run(words, list(p)) for p in self.phrases)


# --- the site, both engines' builds, and the search page as a reader sees it ----------------------


@pytest.fixture(scope="module")
def clauses(site_dir: Path) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads((site_dir / "api/v1/clauses.json").read_text(encoding="utf-8"))["clauses"]}


@pytest.fixture(scope="module")
def editions(site_dir: Path) -> dict[str, dict]:
    """Each edition by id: its short name, its work's title and what supersedes it."""
    data = json.loads((site_dir / "api/v1/editions.json").read_text(encoding="utf-8"))
    return {e["id"]: dict(e, document=d["title"]) for d in data["documents"] for e in d["editions"]}


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The same edition built with Zensical, as `make site ENGINE=zensical` builds it."""
    if not ZENSICAL.exists():
        pytest.fail(f"{ZENSICAL} is missing: `make test` installs Zensical (requirements-zensical.txt)")
    site = tmp_path_factory.mktemp("zensical-search") / "site"
    built = subprocess.run(
        [sys.executable, "-m", "edition", "site", "--engine", "zensical", "--site-dir", str(site)],
        env=dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), ZENSICAL=str(ZENSICAL)),
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    return site


RESULTS_JS = """items => items.map(li => {
    const a = li.querySelector('.srch-title a'), where = li.querySelector('.srch-where'),
          now = li.querySelector('.srch-now'), text = li.querySelector('.srch-text');
    return {
        href: a.getAttribute('href'), url: a.href, title: a.textContent,
        kind: li.classList.contains('srch-result--clause') ? 'clause' : 'page',
        where: where ? where.textContent : null,
        tag: where && where.querySelector('.srch-tag') ? where.querySelector('.srch-tag').textContent : null,
        text: text ? text.textContent : null,
        marks: text ? [...text.querySelectorAll('mark')].map(m => m.textContent) : [],
        now: now ? now.textContent : null,
        now_url: now && now.querySelector('a') ? now.querySelector('a').href : null,
    };
})"""


class Search:
    """The search page of each build, in one browser tab: search(engine, query, filters) -> the
    status line and the results drawn, in order (remembered: each query is run once per engine)."""

    def __init__(self, page, bases: dict[str, str]) -> None:
        self.page, self.bases, self.seen = page, bases, {}
        self.times: list[float] = []

    def address(self, engine: str, query: str, **filters: str) -> str:
        return self.bases[engine] + "search/?" + urlencode({"q": query, **filters})

    def __call__(self, engine: str, query: str, **filters: str) -> tuple[str, list[dict]]:
        key = (engine, query, tuple(sorted(filters.items())))
        if key not in self.seen:
            started = time.perf_counter()
            self.page.goto(self.address(engine, query, **filters))
            self.seen[key] = settled(self.page)
            self.times.append(time.perf_counter() - started)
        return self.seen[key]


def settled(page, everything: bool = True) -> tuple[str, list[dict]]:
    """Once the search has drawn its results (or said it found nothing): the status and the results,
    all of them ("Show more" pressed, if there is more) unless `everything` is false."""
    page.wait_for_selector(SETTLED, timeout=15_000)
    while everything and page.locator(".srch-more-button").count():
        # Each press draws the next results (loading more of the index when the ranked ones are
        # all shown) and a new button when there is still more.
        shown = page.locator("#srch-results > li.srch-result").count()
        page.click(".srch-more-button")
        page.wait_for_selector(f"#srch-results > li.srch-result >> nth={shown}", timeout=15_000)
    return page.inner_text("#srch-status"), page.eval_on_selector_all("#srch-results > li.srch-result", RESULTS_JS)


@pytest.fixture(scope="module")
def search(browser, site_dir: Path, zensical_site: Path):
    with contextlib.ExitStack() as stack:
        bases = {"mkdocs": stack.enter_context(served(site_dir)), "zensical": stack.enter_context(served(zensical_site))}
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        searcher = Search(context.new_page(), bases)
        yield searcher
        context.close()  # inside the servers' lifetime (conftest: served)


def clause_of(result: dict, clauses: dict[str, dict], base: str) -> dict | None:
    """The clause a result links to: its fragment is a clause id, and its address is that clause's."""
    clause = clauses.get(urlsplit(result["url"]).fragment)
    return clause if clause is not None and result["url"] == base + clause["url"] else None


def said(results: list[dict], clauses: dict[str, dict], base: str) -> list[dict]:
    return [c for c in (clause_of(r, clauses, base) for r in results) if c is not None]


# --- 1. natural queries: the first result is a clause that says it --------------------------------

KEPT_THE_RULE: set[str] = set()
SAME_ON_BOTH: set[str] = set()
SEARCH_TIMES: list[float] = []


def record(search: Search) -> None:
    SEARCH_TIMES[:] = search.times
    mean = sum(SEARCH_TIMES) / len(SEARCH_TIMES) if SEARCH_TIMES else 0
    QUALITY["search"] = (
        f"{len(QUERIES)} queries: {len(KEPT_THE_RULE)} with a first result that is a clause with every word (and the phrase where a"
        f" clause prints it), {len(SAME_ON_BOTH)} with the same first result on both engines; {len(SEARCH_TIMES)} searches,"
        f" {mean:.2f} s each on average (page load to results drawn)"
    )


def best_clauses(query: Query, clauses: dict[str, dict]) -> tuple[list[dict], bool]:
    """The clauses a first result must be one of, by this file's reading of the rules: every word,
    and the phrase too if any clause prints it. And whether any clause prints it."""
    candidates = [c for c in clauses.values() if query.every_word(c["text"])]
    assert candidates, f"{query.text!r}: no clause says every word (a query the test should not ask)"
    printed = [c for c in candidates if query.phrase(c["text"])]
    return (printed or candidates), bool(printed)


def current(clause: dict, editions: dict[str, dict]) -> bool:
    return editions[clause["edition"]]["superseded_by"] is None


@pytest.mark.parametrize("text", QUERIES)
def test_the_first_result_is_a_clause_with_every_word_and_the_phrase_where_printed(text, search, clauses, editions) -> None:
    query = Query.parse(text)
    best, printed = best_clauses(query, clauses)
    status, results = search("mkdocs", text)
    assert results, f"{text!r}: {status}"
    assert re.fullmatch(rf"\d+ results? for “{re.escape(text)}”.*", status), status
    first = results[0]
    clause = clause_of(first, clauses, search.bases["mkdocs"])
    assert clause is not None, f"{text!r}: the first result is {first['href']} ({first['title']}), not a clause"
    assert query.every_word(clause["text"]), f"{text!r}: the first result, {clause['citation']}, does not say every word: {clause['text']!r}"
    if printed:
        assert query.phrase(clause["text"]), (
            f"{text!r}: the first result, {clause['citation']}, does not print the phrase, which {[c['citation'] for c in best][:5]} print"
        )
    if any(current(c, editions) for c in best):
        superseded = not current(clause, editions)
        assert not superseded, f"{text!r}: the first result, {clause['citation']}, is from a superseded edition, and a current clause says it as well"
    # As a reader sees it: titled with the citation, placed in its document and edition, and the clause's own words.
    edition = editions[clause["edition"]]
    assert first["title"] == clause["citation"]
    assert first["where"].startswith(f"{edition['document']} · {edition['short_name']}"), first["where"]
    assert (first["tag"] == "superseded") == (first["now"] is not None) == (not current(clause, editions)), first["where"]
    shown = " ".join(first["text"].split())
    words = " ".join(clause["text"].split())
    excerpt = shown.removeprefix("…").removesuffix("…").strip()
    assert excerpt in words, f"{text!r}: shows {shown!r}, not the clause's words"
    assert excerpt == words or shown != excerpt, f"{text!r}: shows part of the clause without saying so (…)"
    wanted = {w for g in query.groups for w in g}
    assert first["marks"] and all(len(tokens(m)) == 1 and tokens(m)[0] in wanted for m in first["marks"]), first["marks"]
    KEPT_THE_RULE.add(text)
    record(search)


# --- 2. both engines: the same first result ---------------------------------------------------


@pytest.mark.parametrize("text", QUERIES)
def test_both_engines_give_the_same_first_result(text, search) -> None:
    _, default = search("mkdocs", text)
    _, zensical = search("zensical", text)
    assert default and zensical, text
    assert zensical[0]["href"] == default[0]["href"], f"{text!r}: MkDocs {default[0]['title']}, Zensical {zensical[0]['title']}"
    SAME_ON_BOTH.add(text)
    record(search)


# --- 3. filters: a document, an edition, the current editions; kept in the address --------------

DOCUMENTS = ["Six Core Principles", "AEWM Code of Principles & Practice", "ASCL blueprint principles", "ATL response on School Improvement Partners"]


def parse_qs_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def saying(word: str, clauses: dict[str, dict], keep=lambda c: True) -> set[str]:
    return {c["id"] for c in clauses.values() if word in tokens(c["text"]) and keep(c)}


OPTIONS_JS = "select => Object.fromEntries([...select.options].map(o => [o.textContent.trim(), o.value]))"


def chosen(page) -> tuple[str, str, bool]:
    """What the form shows: the document and edition chosen (as the reader reads them), and the box."""
    label = "select => select.selectedOptions[0].textContent.trim()"
    return page.eval_on_selector("#srch-document", label), page.eval_on_selector("#srch-edition", label), page.is_checked("#srch-current")


def filtered_by_the_form(page, base: str, query: str, document: str = "", edition: str = "", current: bool = False) -> tuple[str, list[dict]]:
    """Search, then choose limits in the form (a document's title, an edition's short name, the
    box) and search again, as a reader does; the address then carries the limits, and the form
    shows them."""
    page.goto(base + "search/?" + urlencode({"q": query}))
    settled(page)
    values = {}
    for name, label in (("document", document), ("edition", edition)):
        if label:
            values[name] = page.eval_on_selector(f"#srch-{name}", OPTIONS_JS)[label]
            page.select_option(f"#srch-{name}", label=label)
    if current:
        page.check("#srch-current")
        values["current"] = "1"
    page.click(".srch-submit")
    page.wait_for_url(lambda url: all(parse_qs_of(url).get(name) == [value] for name, value in values.items()))
    found = settled(page)
    assert parse_qs_of(page.url)["q"] == [query]
    assert chosen(page) == (document or "every document", edition or "every edition", current)
    return found


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_document_filter_keeps_to_that_document_and_finds_all_of_it(document, search, clauses, editions) -> None:
    """"quality", in one document: every clause of that document that says it, and nothing else."""
    base = search.bases["mkdocs"]
    status, results = filtered_by_the_form(search.page, base, "quality", document=document)
    found = {(c or {"id": r["href"]})["id"] for r in results for c in [clause_of(r, clauses, base)]}
    ours = {c["id"] for c in clauses.values() if editions[c["edition"]]["document"] == document}
    assert found <= ours, f"{document}: results from elsewhere: {sorted(found - ours)}"
    expected = saying("quality", clauses, lambda c: c["id"] in ours)
    assert expected and expected <= found, f"{document}: missing {sorted(expected - found)} ({status})"
    assert all(r["where"].startswith(document + " · ") for r in results)


@pytest.mark.parametrize("edition", ["Aspect 2015", "ECS England", "ATL 2010"])
def test_an_edition_filter_keeps_to_that_edition(edition, search, clauses, editions) -> None:
    base = search.bases["mkdocs"]
    word = "quality" if edition == "ATL 2010" else "integrity"
    status, results = filtered_by_the_form(search.page, base, word, edition=edition)
    found = [clause_of(r, clauses, base) for r in results]
    assert None not in found, f"{edition}: a result that is not a clause of it: {[r['title'] for r in results]}"
    assert {editions[c["edition"]]["short_name"] for c in found} == {edition}
    expected = saying(word, clauses, lambda c: editions[c["edition"]]["short_name"] == edition)
    assert expected and expected <= {c["id"] for c in found}, f"{edition}: missing {sorted(expected - {c['id'] for c in found})} ({status})"


def test_current_editions_only_leaves_out_the_superseded_one(search, clauses, editions) -> None:
    base = search.bases["mkdocs"]
    _, every = search("mkdocs", "integrity")
    old = [r for r in every if (c := clause_of(r, clauses, base)) and not current(c, editions)]
    assert old, "without the limit, Aspect 2015's clauses are found too"
    assert all(r["tag"] == "superseded" and r["now"] for r in old)
    assert not any(r["tag"] for r in every if r not in old), "only a superseded edition's results carry the tag"
    status, results = filtered_by_the_form(search.page, base, "integrity", current=True)
    found = [clause_of(r, clauses, base) for r in results]
    assert results and all(c is not None and current(c, editions) for c in found), [r["title"] for r in results]
    assert not any(r["tag"] or r["now"] for r in results)
    assert saying("integrity", clauses, lambda c: current(c, editions)) <= {c["id"] for c in found}


def test_a_superseded_clause_links_to_its_current_counterpart(search, clauses, editions) -> None:
    """"EDIPs" (a name only Aspect 2015 uses): each result says it is superseded and links to its
    counterpart in ECS England, which is on the page it links to."""
    base = search.bases["mkdocs"]
    _, results = search("mkdocs", "EDIPs")
    found = [(r, clause_of(r, clauses, base)) for r in results if r["kind"] == "clause"]
    assert len(found) >= 5
    links = []
    for r, clause in found:
        assert clause is not None and clause["edition"] == "aspect-2015", r["title"]
        assert r["tag"] == "superseded" and r["where"].startswith("Six Core Principles · Aspect 2015"), r["where"]
        counterparts = clause["counterparts"].get("ecs-england", [])
        assert r["now_url"], f"{clause['citation']}: no link to the current text ({r['now']!r})"
        target = urlsplit(r["now_url"]).fragment
        assert target in counterparts, f"{clause['citation']}: links to #{target}, not a counterpart ({counterparts})"
        assert r["now"].endswith(clauses[target]["citation"]), r["now"]
        assert r["now_url"] == base + clauses[target]["url"]
        links.append(r["now_url"])
    page = search.page
    for url in links:
        page.goto(url)
        fragment = urlsplit(url).fragment
        assert page.locator(f"[id='{fragment}']").count() == 1, f"{url}: no element #{fragment}"
    # A clause the current edition dropped: said so, with nothing to link to.
    _, dropped = search("mkdocs", "Third edition")
    first = clause_of(dropped[0], clauses, base)
    assert first is not None and first["id"] == "a15-edition" and not first["counterparts"].get("ecs-england")
    assert dropped[0]["tag"] == "superseded" and dropped[0]["now_url"] is None and "does not have this clause" in dropped[0]["now"]


def test_the_form_shows_the_limits_of_a_bookmarked_address(search) -> None:
    """An address with limits, opened afresh (a bookmark, a link in a briefing): the form shows the
    words and every limit, and the results keep to them."""
    page = search.page
    base = search.bases["mkdocs"]
    page.goto(base + "search/")
    documents, editions_ = page.eval_on_selector("#srch-document", OPTIONS_JS), page.eval_on_selector("#srch-edition", OPTIONS_JS)
    limits = {"q": "integrity", "document": documents["Six Core Principles"], "edition": editions_["Aspect 2015"], "current": "1"}
    page.goto(base + "search/?" + urlencode(limits))
    status, results = settled(page)
    assert page.input_value("#srch-q") == "integrity"
    assert chosen(page) == ("Six Core Principles", "Aspect 2015", True)
    # Aspect 2015 is superseded: with "current editions only" nothing is left, and the page says why.
    assert results == [] and status == "Nothing found for “integrity” with these limits.", status
    page.goto(base + "search/?" + urlencode({"q": "quality", "edition": editions_["ATL 2010"]}))
    _, results = settled(page)
    assert chosen(page) == ("every document", "ATL 2010", False)
    assert results and all(r["where"].startswith("ATL response on School Improvement Partners · ATL 2010") for r in results)


# --- 4. phrases, required and excluded words ----------------------------------------------------


@pytest.mark.parametrize("text", ['"equal opportunities"', '"local authority"', '"professional development"'])
def test_a_quoted_phrase_finds_exactly_the_clauses_that_print_it(text, search, clauses) -> None:
    base = search.bases["mkdocs"]
    query = Query.parse(text)
    status, results = search("mkdocs", text)
    expected = {c["id"] for c in clauses.values() if query.phrase(c["text"])}
    # A clause must print the phrase; a page (the glossary, an overview) may be a result too, where
    # its own text prints the phrase: its excerpt, shown around the phrase, says so.
    strays = [
        f"{r['title']} ({r['kind']})" for r in results
        if not ((c := clause_of(r, clauses, base)) and c["id"] in expected) and not (r["kind"] == "page" and query.phrase(r["text"]))
    ]
    assert strays == [], f"{text!r}: results that do not print the phrase: {strays}"
    found = {c["id"] for r in results if (c := clause_of(r, clauses, base))}
    assert expected <= found, f"{text!r}: missing {sorted(expected - found)} ({status})"


@pytest.mark.parametrize("minus", ["-", "\u2212"])
def test_a_word_after_a_minus_leaves_out_the_clauses_that_say_it(minus, search, clauses) -> None:
    base = search.bases["mkdocs"]
    _, every = search("mkdocs", "accountability")
    _, less = search("mkdocs", f"accountability {minus}Ofsted")
    with_it = [r for r in every if (c := clause_of(r, clauses, base)) and "ofsted" in tokens(c["text"])]
    assert with_it, "the plain search finds clauses that name Ofsted"
    assert not any((c := clause_of(r, clauses, base)) and "ofsted" in tokens(c["text"]) for r in less)
    assert not any("ofsted" in tokens(r["text"]) for r in less), "nor a page that shows it"
    # The same search less those clauses: the same clauses, in the same order; pages only from those found before.
    assert said(less, clauses, base) == [c for c in said(every, clauses, base) if "ofsted" not in tokens(c["text"])]
    assert {r["href"] for r in less if r["kind"] == "page"} <= {r["href"] for r in every if r["kind"] == "page"}


def test_a_word_after_a_plus_must_be_there(search, clauses) -> None:
    base = search.bases["mkdocs"]
    query = Query.parse("accountability +local")
    _, results = search("mkdocs", query.text)
    found = said(results, clauses, base)
    assert found and clause_of(results[0], clauses, base) == found[0] and query.every_word(found[0]["text"])
    assert [c["citation"] for c in found if "local" not in tokens(c["text"])] == []
    both = {c["id"] for c in clauses.values() if query.every_word(c["text"])}
    assert both <= {c["id"] for c in found}, "every clause that says both is found"


# --- 5. overview pages never come first on one common word ---------------------------------------


@pytest.mark.parametrize("word", ["children", "education", "principles", "school", "professional", "members", "code", "learning"])
def test_a_common_word_puts_a_clause_first(word, search, clauses) -> None:
    _, results = search("mkdocs", word)
    first = clause_of(results[0], clauses, search.bases["mkdocs"])
    assert first is not None, f"{word!r}: the first result is {results[0]['title']} ({results[0]['kind']})"
    assert word in tokens(first["text"])


@pytest.mark.parametrize("word", ["professional", "support"])
def test_a_common_word_finds_every_clause_that_says_it(word, search, clauses) -> None:
    """The status counts what was found, and "Show more" reaches all of it: a word said by more
    clauses than the first screenful still finds every one of them."""
    base = search.bases["mkdocs"]
    page = search.page
    page.goto(search.address("mkdocs", word))
    status, results = settled(page)
    expected = saying(word, clauses)
    found = {c["id"] for c in said(results, clauses, base)}
    number = int(status.split()[0])
    assert number == len(results), status
    assert expected <= found, f"{word!r}: {len(expected)} clauses say it; {status!r}; {len(expected - found)} of them are not among the results"


# --- 6. the header's box ------------------------------------------------------------------------

READING = "six-core-principles/ecs-england/ecs-p2/"


def test_the_header_box_opens_the_search_page_with_its_results(browser, site_dir: Path, search) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with served(site_dir) as base:
        page.goto(base + READING)
        page.fill("#ed-search-q", "global citizenship")
        page.press("#ed-search-q", "Enter")
        page.wait_for_url("**/search/?q=global+citizenship")
        status, results = settled(page)
        assert page.input_value("#srch-q") == "global citizenship"
        page.context.close()
    _, direct = search("mkdocs", "global citizenship")
    assert status.endswith("for “global citizenship”.") and results and results[0]["href"] == direct[0]["href"]
    assert results[0]["href"].endswith("#ecs-p2-9")


def test_on_a_phone_the_header_button_leads_to_the_search_page(browser, site_dir: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    with served(site_dir) as base:
        page.goto(base + READING)
        assert not page.is_visible("#ed-search-q"), "on a phone the header shows the button, not the field"
        button = page.locator("form.ed-search-box button[type=submit]")
        assert button.is_visible()
        button.tap()
        page.wait_for_url("**/search/?q=")
        assert page.evaluate("document.activeElement.id") == "srch-q", "the search page's own field takes the words"
        page.fill("#srch-q", "sexual orientation")
        page.press("#srch-q", "Enter")
        page.wait_for_url("**/search/?q=sexual+orientation*")
        _, results = settled(page)
        page.context.close()
    assert results and results[0]["href"].rsplit("#", 1)[1] in ("aewm-principle-5", "aewm-practice-4a")


# --- 7. accessibility --------------------------------------------------------------------------


def test_the_search_page_with_results_passes_axe_in_both_schemes(browser, site_dir: Path) -> None:
    """With clause and page results, superseded tags and notes, and the "Show more" button."""
    axe = tool("axe-core/axe.min.js")
    violations = []
    checked = 0
    with served(site_dir) as base:
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
            context.add_init_script(path=str(axe))  # as an init script, not an inline one: the CSP stays in force
            page = context.new_page()
            for query in ('"equal opportunities"', "integrity", "learning"):
                page.goto(base + "search/?" + urlencode({"q": query}))
                _, results = settled(page, everything=False)
                assert results
                assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
                found = page.evaluate(
                    """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})
                        .then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')))""",
                    AXE_TAGS,
                )
                violations += [f"{scheme} {query}: {v}" for v in found]
                checked += 1
            context.close()
    QUALITY["search axe-core"] = f"the search page with results, {checked} pages (3 queries x 2 colour schemes), {len(violations)} violations"
    assert violations == [], "\n".join(violations)
