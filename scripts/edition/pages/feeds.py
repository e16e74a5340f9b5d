"""Atom feeds (RFC 4287): `feed.xml` for the whole edition and `<work>/feed.xml` for each work.

An entry per edition: titled "<work title>: <short name>", by its issuer, dated by its `date` Fact,
linking its edition page, and with content (HTML, escaped) that says what the date really is and,
for each comparison in which it is the later edition, the editor's principal changes and a link to
the comparison. Entries stand newest first (by date; among editions of one date, the one listed
later in corpus.yaml and work.yaml first), as feed readers list them. A feed's `updated` is its
newest entry's: nothing in a feed comes from the clock, so the same sources give the same bytes.

Dates: Atom needs a full timestamp, so a year or a month stands for its first day at 00:00:00Z and
the entry's content says so. An undated edition takes the date of the edition before it in its
work (work.yaml lists them oldest first, so it is no older), or, with none before it, 1970-01-01,
which sorts it last; its content says that it is undated and what it was given.

Ids are permanent: urn:uuid values, uuid5 of NAMESPACE and a permanent address (an edition's
page, a work's page, or the site's root), never of SITE_URL, which may change or be unset. A tag:
URI would need a domain the edition owns at a date, and it has none fixed. One edition has one
entry id in both feeds that carry it, so a reader subscribed to both sees it once.

Written with feedgen, with what it would otherwise fill in by itself set explicitly: every
`updated` (feedgen stamps entries with the time of the build) and no `generator` element (it
names feedgen's version, which should not change the feed). feedgen 1.0.0 writes only the `href`
of an entry's links (its loop rebinds `link`), which Atom reads as rel="alternate": so each entry
has exactly one link, its edition page, and the comparisons are linked from the content.

Every page names the whole edition's feed in its <head>, and a work's pages their work's too
(Page.feed; overrides/theme/main.html writes the links).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from ..model import Basis, Corpus, Edition, Work
from .arrange import Arranged, Arrangement
from .metadata import MONTHS, date_text
from .site import FeedLink, Page, SiteFile
from .urls import HOME, Urls, href

FEED = "feed.xml"
# Fixed once (uuid4) for this edition: every feed and entry id derives from it. Never change it.
NAMESPACE = uuid.UUID("57eeaa6b-fe67-44b0-9722-849ab38e4690")
UNKNOWN = datetime(1970, 1, 1, tzinfo=timezone.utc)  # an undated edition with no dated one before it


def feed_path(work: Work | str | None = None) -> str:
    """The site-relative address of the whole edition's feed, or of a work's."""
    return f"{work if isinstance(work, str) else work.id}/{FEED}" if work is not None else FEED


def permanent_id(address: str) -> str:
    """An Atom id for what lives at a permanent site-relative address."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/' + address)}"


def _stated(edition: Edition) -> tuple[datetime, str] | None:
    """The first instant of the edition's stated date, and how much of it the source gives."""
    if edition.date.basis is Basis.NOT_STATED or not edition.date.value:
        return None
    parts = [int(p) for p in edition.date.value.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    year, month, day = (parts + [1, 1])[:3]
    return datetime(year, month, day, tzinfo=timezone.utc), precision


def _day(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


class Feeds:
    def __init__(self, corpus: Corpus, arranged: Arranged, urls: Urls, title: str, description: str):
        self.corpus = corpus
        self.arranged = arranged
        self.lineage = arranged.lineage
        self.urls = urls
        self.title = title  # the whole edition's (the home page's)
        self.description = description

    def files(self) -> list[SiteFile]:
        files = [SiteFile(FEED, self._feed(None))]
        files += [SiteFile(feed_path(work), self._feed(work)) for work in self.corpus.works]
        return files

    def with_feed(self, page: Page) -> Page:
        """`page` with its work's feed, if it is a page of a work (its address is under the work's)."""
        work = next((w for w in self.corpus.works if page.url.startswith(self.urls.work(w))), None)
        return replace(page, feed=FeedLink(feed_path(work), f"{work.title}: editions")) if work else page

    def updated(self, edition: Edition) -> tuple[datetime, str]:
        """The entry's `updated`, and the sentence that says what the edition's date really is."""
        said = f"Date: {date_text(edition)}."
        stated = _stated(edition)
        if stated is not None:
            moment, precision = stated
            if precision == "day":
                return moment, said
            return moment, (f"{said} The source gives the {precision} only: "
                            f"this feed dates it {_day(moment)}, the first day of that {precision}.")
        editions = self.lineage.of_work(edition.work_id).editions
        before = editions[: next(i for i, e in enumerate(editions) if e.id == edition.id)]
        earlier = [(e, stated) for e in before if (stated := _stated(e)) is not None]
        if earlier:
            previous, (moment, _) = earlier[-1]
            before_it = f"the date of {previous.short_name}, the edition before it"
            return moment, f"{said} This feed dates it {_day(moment)}, {before_it}."
        return UNKNOWN, f"{said} This feed dates it {_day(UNKNOWN)}, a stand-in for an unknown date."

    def _address(self, feed: str, target: str) -> str:
        # Absolute where the site's address is known; otherwise relative to the feed's own address,
        # against which RFC 4287 (section 4.2.7.1, with RFC 3986) resolves a relative reference.
        return self.urls.absolute(target) or href(feed.removesuffix(FEED), target)

    def _content(self, feed: str, edition: Edition, dated: str) -> str:
        """The entry's HTML: every string from the sources escaped by Markup's formatting."""
        parts = [Markup("<p>{} ({}). {}</p>").format(edition.title, edition.issuer, dated)]
        compared = [c for c in self.arranged.of_work(edition.work_id) if c.new.id == edition.id]
        parts += [self._comparison(feed, c) for c in compared]
        if not compared:
            parts.append(Markup("<p>No earlier edition is compared with it.</p>"))
        read = self._address(feed, self.urls.edition(edition))
        parts.append(Markup('<p><a href="{}">Read {}</a>.</p>').format(read, edition.short_name))
        return str(Markup("\n").join(parts))

    def _comparison(self, feed: str, comparison: Arrangement) -> Markup:
        old = comparison.old
        page = self._address(feed, self.urls.comparison(comparison.new.work_id, old.id, comparison.new.id))
        replaces = " It replaces that edition." if comparison.spec.supersedes is not None else ""
        said = Markup("<p>Compared with {}, dated {}.{} ").format(old.short_name, date_text(old), replaces)
        if not comparison.principal:
            none = 'The editor names no principal changes: <a href="{}">the comparison</a> shows every difference.</p>'
            return said + Markup(none).format(page)
        items = Markup("").join(Markup("<li>{}</li>").format(change.text) for change, _ in comparison.principal)
        listed = 'The principal changes (<a href="{}">the comparison</a> shows every difference):</p>\n<ul>{}</ul>'
        return said + Markup(listed).format(page, items)

    def _feed(self, work: Work | None) -> bytes:
        path = feed_path(work)
        page = self.urls.work(work) if work is not None else HOME
        editions = list(work.editions) if work is not None else list(self.corpus.editions())
        dated = [(self.updated(e), index, e) for index, e in enumerate(editions)]
        dated.sort(key=lambda d: (d[0][0], d[1]), reverse=True)  # newest first; ties: listed later first
        feed = FeedGenerator()
        feed.id(permanent_id(page))
        feed.title(f"{work.title if work is not None else self.title}: editions")
        feed.subtitle(work.description if work is not None else self.description)
        # The newest entry's (a feed's bytes never depend on the build's time); a work not yet given
        # an edition has none, and takes the stand-in for an unknown date.
        feed.updated(dated[0][0][0] if dated else UNKNOWN)
        feed.link(href=self._address(path, path), rel="self", type="application/atom+xml")
        feed.link(href=self._address(path, page), rel="alternate", type="text/html")
        feed.language("en")
        feed.generator("")  # no generator element: feedgen's would carry its version
        for (moment, said), _, edition in dated:
            entry = feed.add_entry(order="append")
            entry.id(permanent_id(self.urls.edition(edition)))
            entry.title(f"{self.corpus.work(edition.work_id).title}: {edition.short_name}")
            entry.updated(moment)
            entry.author(name=edition.issuer)
            entry.link(href=self._address(path, self.urls.edition(edition)))
            entry.content(self._content(path, edition, said), type="html")
        return feed.atom_str(pretty=True)
