"""An edition as reference managers and reference lists take it: the citation_* meta tags of its
reading pages, its CSL-JSON item, and a reference-list entry. All of it is said from the model;
where a fact is not known (no date, an address not yet published) it is left out, not guessed."""

from __future__ import annotations

from typing import Any

from ..model import Basis, Edition


def _date_parts(edition: Edition) -> list[int] | None:
    if edition.date.basis is Basis.NOT_STATED or not edition.date.value:
        return None
    return [int(part) for part in edition.date.value.split("-")]


def year(edition: Edition) -> str:
    parts = _date_parts(edition)
    return str(parts[0]) if parts else "n.d."


def citation_meta(edition: Edition, address: str | None) -> tuple[tuple[str, str], ...]:
    """The tags Zotero, Mendeley and Google Scholar read (Highwire Press names): the document, its
    issuer as author, its date as the edition knows it, and the page's published address."""
    tags = [("citation_title", edition.title), ("citation_author", edition.issuer), ("citation_publisher", edition.issuer)]
    parts = _date_parts(edition)
    if parts:
        tags.append(("citation_publication_date", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if edition.edition.value:
        tags.append(("citation_edition", edition.edition.value))
    tags.append(("citation_language", "en"))
    if address:
        tags.append(("citation_public_url", address))
    return tuple(tags)


def csl_item(edition: Edition, address: str | None) -> dict[str, Any]:
    """The edition as one CSL-JSON item (Citation Style Language data, v1.0.2)."""
    item: dict[str, Any] = {
        "id": edition.id,
        "type": "document",
        "title": edition.title,
        "author": [{"literal": edition.issuer}],
        "publisher": edition.issuer,
        "language": "en-GB",
    }
    parts = _date_parts(edition)
    if parts:
        item["issued"] = {"date-parts": [parts]}
        if edition.date.basis is not Basis.PRINTED:
            item["note"] = "The date is not printed in the document; see the edition's metadata."
    if edition.edition.value:
        item["edition"] = edition.edition.value
    if edition.jurisdiction.value:
        item["jurisdiction"] = edition.jurisdiction.value
    if address:
        item["URL"] = address
    return item


def reference_entry(edition: Edition) -> str:
    """A reference-list entry for the document (author-date, as UK education writing uses), to
    which a copied clause adds its place, address and the date it was read."""
    statement = f" {edition.edition.value}." if edition.edition.value else ""
    return f"{edition.issuer} ({year(edition)}) {edition.title}.{statement}"
