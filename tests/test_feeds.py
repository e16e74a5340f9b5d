"""The Atom feeds (pages/feeds.py): feed.xml for the whole edition and <work>/feed.xml for each work.

Each feed of the real corpus and of tests/fixtures/branches (one work, three editions, two of them
revising the first) is read by a real Atom parser (feedparser: no `bozo`) and checked as XML for
what RFC 4287 requires; every link in it opens a page of the built site; every page names the
whole edition's feed in its <head>, and a work's pages their work's. The principal changes are
compared with what work.yaml says, read here with PyYAML; ids must not change between builds or
with the address the site is published at; and hostile text reaches a feed escaped and reads back
exactly.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
import yaml

from conftest import PUBLISHED_AT, ROOT, site_pages
from hostile_corpus import FIELDS, write_project
from test_build import fixture_project, site_build

from edition.loader import load_corpus
from edition.pipeline import generate

BRANCHES = ROOT / "tests" / "fixtures" / "branches"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
HOST = "http://feeds.test/"  # a stand-in address to resolve relative references against


@pytest.fixture(scope="module")
def branches_site(tmp_path_factory) -> Path:
    root = fixture_project(tmp_path_factory.mktemp("branches") / "project", BRANCHES / "sources")
    built = site_build(root, root / "site", PYTHONHASHSEED="1")
    assert built.returncode == 0, built.stderr[-3000:]
    return root / "site"


@pytest.fixture(params=["real", "branches"])
def built(request, site_dir: Path) -> tuple[Path, Path]:
    """(sources root, built site) of each corpus."""
    if request.param == "real":
        return ROOT, site_dir
    return BRANCHES, request.getfixturevalue("branches_site")


def feed_paths(root: Path) -> list[str]:
    return ["feed.xml"] + [f"{work.id}/feed.xml" for work in load_corpus(root).works]


def _one(element: ElementTree.Element, name: str) -> ElementTree.Element:
    found = element.findall(ATOM + name)
    assert len(found) == 1, f"{element.tag} has {len(found)} {name} elements"
    return found[0]


def _alternate_and_self(element: ElementTree.Element) -> list[ElementTree.Element]:
    return [link for link in element.findall(ATOM + "link") if link.get("rel", "alternate") in ("alternate", "self")]


class _Html(HTMLParser):
    """An entry's content, parsed: its elements, links, list items and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.items: list[str] = []
        self.text: list[str] = []
        self._item: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]
        if tag == "li":
            self._item = []

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self.items.append("".join(self._item))
            self._item = None

    def handle_data(self, data):
        self.text.append(data)
        if self._item is not None:
            self._item.append(data)


def read_feed(site: Path, path: str) -> ElementTree.Element:
    """The feed at `path`, which a real Atom parser reads without complaint, as XML."""
    data = (site / path).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10", path
    return ElementTree.fromstring(data)


def entries_by_link(feed: ElementTree.Element, feed_url: str) -> dict[str, ElementTree.Element]:
    """Each entry by the site-relative page its link opens."""
    return {urlsplit(urljoin(feed_url, entry.find(ATOM + "link").get("href"))).path.removeprefix("/"): entry
            for entry in feed.findall(ATOM + "entry")}


def test_each_feed_parses_and_has_what_rfc_4287_requires(built) -> None:
    root, site = built
    corpus = load_corpus(root)
    for path in feed_paths(root):
        feed = read_feed(site, path)
        assert feed.tag == ATOM + "feed"
        for name in ("id", "title", "updated"):
            assert (_one(feed, name).text or "").strip(), (path, name)
        assert RFC3339.match(_one(feed, "updated").text)
        links = [(link.get("rel", "alternate"), link.get("type")) for link in feed.findall(ATOM + "link")]
        assert ("self", "application/atom+xml") in links and ("alternate", "text/html") in links
        assert feed.find(ATOM + "generator") is None  # it would name a library's version
        entries = feed.findall(ATOM + "entry")
        work_id = path.split("/")[0] if "/" in path else None
        editions = [e for e in corpus.editions() if work_id in (None, e.work_id)]
        assert len(entries) == len(editions)
        ids = [_one(feed, "id").text] + [_one(entry, "id").text for entry in entries]
        assert len(set(ids)) == len(ids) and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
        for entry in entries:
            assert (_one(entry, "title").text or "").strip()
            assert RFC3339.match(_one(entry, "updated").text)
            # A feed without an author needs one in every entry (RFC 4287, 4.1.1).
            if feed.find(ATOM + "author") is None:
                assert (_one(_one(entry, "author"), "name").text or "").strip()
            assert entry.find(ATOM + "link") is not None or entry.find(ATOM + "content") is not None
            alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
            assert len({(a.get("type"), a.get("hreflang")) for a in alternates}) == len(alternates)
            assert _one(entry, "content").get("type") == "html"
        # The feed's date is its newest entry's (the build's time is nowhere in it).
        stamps = [_one(entry, "updated").text for entry in entries]
        assert _one(feed, "updated").text == max(stamps) == stamps[0], "newest first"
        assert stamps == sorted(stamps, reverse=True)


def test_one_entry_per_edition_with_its_principal_changes_and_date(site_dir: Path, corpus) -> None:
    work_yaml = yaml.safe_load((ROOT / "sources/works/six-core-principles/work.yaml").read_text(encoding="utf-8"))
    (comparison,) = work_yaml["comparisons"]
    expected = [change["text"] for change in comparison["principal_changes"]]
    assert len(expected) >= 5
    for path in ("feed.xml", "six-core-principles/feed.xml"):
        entries = entries_by_link(read_feed(site_dir, path), HOST + path)
        assert {p for p in entries if p.startswith("six-core-principles/")} == {"six-core-principles/aspect-2015/", "six-core-principles/ecs-england/"}
        ecs = entries["six-core-principles/ecs-england/"]
        assert ecs.find(ATOM + "title").text == "Six Core Principles: ECS England"
        assert ecs.find(f"{ATOM}author/{ATOM}name").text == "Prospect Education and Children's Services Group"
        assert ecs.find(ATOM + "updated").text == "2019-01-01T00:00:00+00:00"
        content = _Html(ecs.find(ATOM + "content").text)
        assert content.items == expected
        text = "".join(content.text)
        assert "Date: 2019 (not printed)." in text and "the year only" in text and "Compared with Aspect 2015, dated March 2015." in text
        assert any(h.endswith("six-core-principles/compare/aspect-2015--ecs-england/") or h == "compare/aspect-2015--ecs-england/" for h in content.hrefs)
        aspect = entries["six-core-principles/aspect-2015/"]
        assert aspect.find(ATOM + "updated").text == "2015-03-01T00:00:00+00:00"
        said = "".join(_Html(aspect.find(ATOM + "content").text).text)
        assert "Date: March 2015." in said and "1 March 2015, the first day of that month" in said
        assert "No earlier edition is compared with it." in said
    # The whole edition's feed has every edition of every work, each once.
    whole = entries_by_link(read_feed(site_dir, "feed.xml"), HOST + "feed.xml")
    assert sorted(whole) == sorted(f"{e.work_id}/{e.id}/" for e in corpus.editions())


def test_the_branches_fixture_says_each_revision_and_what_it_is_compared_with(branches_site: Path) -> None:
    feed = read_feed(branches_site, "charter/feed.xml")
    titles = [entry.find(ATOM + "title").text for entry in feed.findall(ATOM + "entry")]
    assert titles == ["Charter for Youth Workers: Charter Wales", "Charter for Youth Workers: Charter England", "Charter for Youth Workers: Charter 2010"]
    entries = entries_by_link(feed, HOST + "charter/feed.xml")
    wales = _Html(entries["charter/c2019-wales/"].find(ATOM + "content").text)
    said = "".join(wales.text)
    # Two comparisons end in the Welsh edition: with the 2010 text, which it revises, and with England's.
    assert "Compared with Charter 2010, dated 2010 (not printed). It replaces that edition." in said
    assert "Compared with Charter England, dated 2018 (not printed)." in said and "names no principal changes" in said
    assert wales.hrefs == ["compare/c2010--c2019-wales/", "compare/c2018-england--c2019-wales/", "c2019-wales/"]
    assert entries["charter/c2019-wales/"].find(f"{ATOM}author/{ATOM}name").text == "The Council"


def test_every_link_in_a_feed_opens_a_page_of_the_site(built) -> None:
    root, site = built
    for path in feed_paths(root):
        feed = read_feed(site, path)
        base = HOST + path
        hrefs = [link.get("href") for link in feed.iter(ATOM + "link")]
        hrefs += [h for content in feed.iter(ATOM + "content") for h in _Html(content.text).hrefs]
        assert len(hrefs) > 2
        for href in hrefs:
            assert not urlsplit(href).scheme, f"{path}: {href} (no SITE_URL: relative)"
            target = urlsplit(urljoin(base, href)).path.removeprefix("/")
            assert (site / target).is_file() or (site / target / "index.html").is_file(), f"{path}: {href} -> /{target}"
        self_link = next(link.get("href") for link in feed.findall(ATOM + "link") if link.get("rel") == "self")
        assert urljoin(base, self_link) == base


class _HeadLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[tuple[str, str]] = []  # (href, title)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # rel is a set of tokens (HTML): a feed's link is one whose tokens include "alternate".
        if tag == "link" and "alternate" in (a.get("rel") or "").lower().split() and a.get("type") == "application/atom+xml":
            # "alternate feed" exactly: see test_the_feed_links_make_the_theme_fetch_nothing.
            assert a["rel"] == "alternate feed", a
            self.feeds.append((a["href"], a.get("title", "")))


def head_feeds(site: Path, url: str) -> list[tuple[str, str]]:
    """The feeds a page names, each as (site-relative address, title)."""
    path = site / (url + "index.html" if not url.endswith(".html") else url)
    html = path.read_text(encoding="utf-8")
    parser = _HeadLinks()
    parser.feed(html[: html.index("</head>")])
    return [(urlsplit(urljoin(HOST + url, href)).path.removeprefix("/"), title) for href, title in parser.feeds]


def test_every_page_names_the_edition_s_feed_and_a_work_s_pages_their_work_s(built) -> None:
    root, site = built
    works = {w.id: w.title for w in load_corpus(root).works}
    pages = site_pages(site)
    assert len(pages) > 20
    for url in pages:
        feeds = head_feeds(site, url)
        work = url.split("/")[0] if "/" in url else None
        expected = ["feed.xml"] + ([f"{work}/feed.xml"] if work in works else [])
        assert [address for address, _ in feeds] == expected, url
        if work in works:
            assert feeds[1][1] == f"{works[work]}: editions"


def test_the_feed_links_make_the_theme_fetch_nothing(browser, site_url: str) -> None:
    """Both engines' script fetches the sitemap.xml beside every link whose rel is exactly
    "alternate" (taking it for another language of the site): beside a work's feed, a 404 on every
    page of the work. The feed links say "alternate feed", which it passes over. The browser
    fixture fails the test on any console error (a failed request is one)."""
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for url in ("", "six-core-principles/ecs-england/", "about/"):
        page.goto(site_url + url, wait_until="networkidle")
        assert page.locator('link[type="application/atom+xml"]').count() == (2 if url.startswith("six") else 1)
    assert not [r for r in requested if r.endswith(("sitemap.xml", "feed.xml"))], requested
    page.context.close()


def test_ids_are_permanent(site_dir: Path, published: Path) -> None:
    """The same ids whatever address the site is published at, and the ones published before."""
    def ids(site: Path, path: str) -> list[str]:
        feed = read_feed(site, path)
        return [feed.find(ATOM + "id").text] + [e.find(ATOM + "id").text for e in feed.findall(ATOM + "entry")]

    for path in feed_paths(ROOT):
        assert ids(site_dir, path) == ids(published, path)
    # Recorded from the first build that published them: a change here breaks every subscriber.
    entries = entries_by_link(read_feed(site_dir, "six-core-principles/feed.xml"), HOST + "six-core-principles/feed.xml")
    assert entries["six-core-principles/ecs-england/"].find(ATOM + "id").text == "urn:uuid:0cfc6699-2398-5032-8f83-c17342dc34b9"
    assert entries["six-core-principles/aspect-2015/"].find(ATOM + "id").text == "urn:uuid:4edd55e9-8fd2-5309-857f-c21bef7292a4"
    assert read_feed(site_dir, "six-core-principles/feed.xml").find(ATOM + "id").text == "urn:uuid:5c2ee78d-6a3e-5c86-88f4-6d0d3940ef7b"


def test_with_site_url_every_link_is_absolute(published: Path) -> None:
    base = PUBLISHED_AT.rstrip("/") + "/"
    for path in feed_paths(ROOT):
        feed = read_feed(published, path)
        hrefs = [link.get("href") for link in feed.iter(ATOM + "link")]
        hrefs += [h for content in feed.iter(ATOM + "content") for h in _Html(content.text).hrefs]
        assert all(h.startswith(base) for h in hrefs), path
        target = [h.removeprefix(base) for h in hrefs]
        assert all((published / t).is_file() or (published / t / "index.html").is_file() for t in target), path
        assert next(link.get("href") for link in feed.findall(ATOM + "link") if link.get("rel") == "self") == base + path


def test_two_builds_give_the_same_bytes(branches_site: Path, tmp_path: Path) -> None:
    """Another build, with another hash seed, a while later: the same feeds, byte for byte."""
    root = fixture_project(tmp_path / "project", BRANCHES / "sources")
    again = site_build(root, root / "site", PYTHONHASHSEED="2")
    assert again.returncode == 0, again.stderr[-3000:]
    for path in feed_paths(BRANCHES):
        assert (root / "site" / path).read_bytes() == (branches_site / path).read_bytes(), path


def test_an_undated_edition_says_so_and_takes_the_date_of_the_one_before(tmp_path: Path) -> None:
    shutil.copytree(BRANCHES / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "sources" / "schema", tmp_path / "sources" / "schema", dirs_exist_ok=True)
    edition = tmp_path / "sources/works/charter/c2018-england/edition.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace('date:\n  value: "2018"\n  basis: inferred', "date:\n  basis: not-stated"), encoding="utf-8")
    assert edition.read_text(encoding="utf-8") != text
    site = generate(tmp_path).site
    data = next(f.content for f in site.files if f.path == "charter/feed.xml")
    assert not feedparser.parse(data).bozo
    entries = entries_by_link(ElementTree.fromstring(data), HOST + "charter/feed.xml")
    england = entries["charter/c2018-england/"]
    assert england.find(ATOM + "updated").text == "2010-01-01T00:00:00+00:00"
    said = "".join(_Html(england.find(ATOM + "content").text).text)
    assert "Date: undated. This feed dates it 1 January 2010, the date of Charter 2010, the edition before it." in said


HOSTILE = {
    "work.title": "W <b data-hostile=w>&amp; ]]> <![CDATA[x]]> </title>",
    "new.title": "T <script>__hostile(1)</script> & ]]> &lt;",
    "new.issuer": "I <img src=x onerror=__hostile(2)> & ]]> \"q\" 'a'",
    "new.short_name": "S<i>&amp;]]>'\"",
    "principal.text": "P <b data-hostile=p>bold</b> & ]]> &amp; <!-- c --> 'q'",
}


def test_hostile_text_reaches_the_feed_escaped_and_reads_back_exactly(tmp_path: Path) -> None:
    texts = {field: f"hf{index:02d}q" for index, field in enumerate(FIELDS)} | HOSTILE
    write_project(tmp_path, texts.__getitem__)
    built = site_build(tmp_path, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr[-3000:]
    site = tmp_path / "site"
    for path in ("feed.xml", "w/feed.xml"):
        data = (site / path).read_bytes()
        assert b"]]>" not in data  # XML allows it in no text: escaped, and no CDATA section was needed
        feed = read_feed(site, path)
        entry = entries_by_link(feed, HOST + path)["w/new/"]
        title = f"{HOSTILE['work.title']}: {HOSTILE['new.short_name']}"
        assert entry.find(ATOM + "title").text == title
        assert entry.find(f"{ATOM}author/{ATOM}name").text == HOSTILE["new.issuer"]
        content = _Html(entry.find(ATOM + "content").text)
        # The only elements are the feed's own; the sources' text is text.
        assert set(content.tags) == {"p", "a", "ul", "li"}
        assert content.items == [HOSTILE["principal.text"]]
        assert f"{HOSTILE['new.title']} ({HOSTILE['new.issuer']})." in "".join(content.text)
        # And a reader of the feed gets the same.
        parsed = feedparser.parse(data)
        (reader,) = [e for e in parsed.entries if e.id == entry.find(ATOM + "id").text]
        assert reader.title == title and reader.author == HOSTILE["new.issuer"]
        if path == "w/feed.xml":
            assert parsed.feed.title == f"{HOSTILE['work.title']}: editions"
    # The <head> link's title is the work's title, exactly, as text.
    assert head_feeds(site, "w/new/") == [("feed.xml", "Professional principles in education and children's services: editions"),
                                          ("w/feed.xml", f"{HOSTILE['work.title']}: editions")]
