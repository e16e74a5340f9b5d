"""Building HTML from trusted templates and untrusted values."""

from __future__ import annotations

import json

from markupsafe import Markup, escape

# Characters that could end a <script> element, open a comment inside it, or end a JavaScript
# string in older engines: JSON allows each as an escape, which means the same data.
_IN_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def fmt(template: str, *args: object, **kwargs: object) -> Markup:
    """Markup(template).format(...): each value escaped (Markup passes through unchanged).

    Escaping first and then formatting with str.format gives the same result as Markup.format,
    whose pure-Python formatter was the generator's largest cost.
    """
    return Markup(template.format(*[escape(a) for a in args], **{k: escape(v) for k, v in kwargs.items()}))


def script_json(data: object) -> Markup:
    """`data` as a JavaScript value to write inside a <script> element: JSON in which no text can
    end the element or open a comment."""
    return Markup(json.dumps(data, sort_keys=True, ensure_ascii=False).translate(_IN_SCRIPT))
