"""Relative links between pages, worked out without the file system, agree with posixpath."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from edition.pages.urls import Location, href

SEGMENT = st.sampled_from(["a", "b", "six-core-principles", "ecs-england", "compare", "side-by-side", "x1"])
PAGE = st.lists(SEGMENT, max_size=5).map(lambda parts: "".join(f"{p}/" for p in parts))  # "" is the home page


def expected(from_page: str, to_page: str) -> str:
    relative = posixpath.relpath(to_page or ".", from_page or ".")
    return "./" if relative == "." else relative + "/"


@given(PAGE, PAGE, st.sampled_from(["", "clause-1"]))
def test_href_matches_posixpath_relpath(from_page: str, to_page: str, fragment: str) -> None:
    link = href(from_page, Location(to_page, fragment))
    if to_page == from_page:
        assert link == (f"#{fragment}" if fragment else "./")
    else:
        assert link == expected(from_page, to_page) + (f"#{fragment}" if fragment else "")


def test_a_few_links_by_hand() -> None:
    assert href("a/b/", "a/c/") == "../c/"
    assert href("", "a/b/") == "a/b/"
    assert href("a/b/", "") == "../../"
    assert href("a/b/", Location("a/b/c/", "x")) == "c/#x"
