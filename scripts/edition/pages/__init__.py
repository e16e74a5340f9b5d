"""The pages stage: the site as data, made from the model, the fidelity accounts and the comparisons.

make_pages(...) -> Site: pages (address, title, body as markup, the element ids it carries), the
navigation, the other files (the JSON API, TEI, CSV, the redirects script) and the search entries.
Nothing here knows which engine publishes the site: docs_tree.py writes the Site out for one.

This is the package's face for the stages after it; the modules of pages/ import from one another
(the types from site.py), never from here.
"""

from .make import make_pages
from .site import NavNode, Page, SearchEntry, SearchRecord, Site, SiteFile

__all__ = ("NavNode", "Page", "SearchEntry", "SearchRecord", "Site", "SiteFile", "make_pages")
