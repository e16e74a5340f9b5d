"""Data written into a script: JSON in which no text can end the <script> element."""

from __future__ import annotations

import json

from markupsafe import Markup

# Characters that could end a <script> element, open a comment inside it, or end a JavaScript
# string in older engines: JSON allows each as an escape, which means the same data.
_IN_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: object) -> Markup:
    """`data` as a JavaScript value to write inside a <script> element or a script file: JSON in
    which no text can end the element or open a comment."""
    return Markup(json.dumps(data, sort_keys=True, ensure_ascii=False).translate(_IN_SCRIPT))
