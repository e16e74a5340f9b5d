"""Rendering pages from templates: the one way this generator writes markup.

Templates autoescape every value; what they are given as markup (markupsafe.Markup) comes only
from other templates. Each page body is typed as Markup, compacted (no indentation, no blank lines)
so that any site engine can take it as one raw HTML block.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..model import Corpus
from .metadata import date_text, edition_label, format_date, how_known, licence_sentence, reference
from .urls import Links, Urls

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(auto_reload: bool = True) -> Environment:
    """The templates' environment: autoescaping, and strict about undefined names. `auto_reload`:
    whether each use of a template first checks its file for changes (a preview's environment,
    kept between runs, must; a build's, used once, need not: it would stat a file per include)."""
    env = Environment(
        auto_reload=auto_reload,
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.update(
        format_date=format_date,
        how_known=how_known,
        date_text=date_text,
        licence_sentence=licence_sentence,
        reference=reference,
        edition_label=edition_label,
    )
    return env


def compact(html: str) -> str:
    """Template output without indentation or blank lines. Text never spans lines: clause text has
    no line breaks."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


class Renderer:
    """Renders a template for one page, with what every template may use: `link` (a relative link
    from this page), the site's addresses, the corpus, the comparisons of a work, and the editions
    that are drafts."""

    def __init__(
        self, corpus: Corpus, urls: Urls, comparisons_of: Callable[..., list], templates: Environment | None = None,
        drafts: frozenset[str] = frozenset(),
    ):
        self.environment = templates or environment(auto_reload=False)
        self.corpus = corpus
        self.urls = urls
        self.comparisons_of = comparisons_of
        self.drafts = drafts  # ids of the editions still drafts (drafts.py): their pages say so
        self.links = Links()

    def __call__(self, template: str, page: str, **context: object) -> Markup:
        html = self.environment.get_template(template).render(
            link=partial(self.links.href, page),  # a relative link from this page
            urls=self.urls, corpus=self.corpus, comparisons_of=self.comparisons_of, drafts=self.drafts, **context,
        )
        return Markup(compact(html))
