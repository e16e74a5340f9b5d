"""Checking a source file against the JSON Schemas in sources/schema/ (the same files editors use).

jsonschema does the checking; this module only turns its findings into one sentence with a line.
"""

from __future__ import annotations

from types import MappingProxyType

import hashlib
import json
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SourceError
from .yamlsource import YamlFile

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "sources" / "schema"

_JSON_TYPES = MappingProxyType({
    dict: "a mapping",
    list: "a list",
    str: "a string",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    type(None): "nothing (null)",
})


class Validators:
    """The schemas of sources/schema/, compiled on first use (one set per load of the sources):
    `validators(doc, "work.schema.json")` raises a SourceError for the first problem (in file
    order) that the schema finds in `doc`."""

    def __init__(self) -> None:
        self._compiled: dict[str, Draft202012Validator] | None = None
        # What the checks were made from: a parse checked against other schemas is not reused.
        self.fingerprint = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(SCHEMA_DIR.glob("*.schema.json")))).hexdigest()

    def _schemas(self) -> dict[str, Draft202012Validator]:
        if self._compiled is None:
            from jsonschema import Draft202012Validator
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012

            schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMA_DIR.glob("*.schema.json"))}
            registry = Registry().with_resources(
                (name, Resource.from_contents(schema, default_specification=DRAFT202012)) for name, schema in schemas.items()
            )
            self._compiled = {name: Draft202012Validator(schema, registry=registry) for name, schema in schemas.items()}
        return self._compiled

    def __call__(self, doc: YamlFile, schema_name: str) -> None:
        validator = self._schemas()[schema_name]
        errors = [_innermost(error) for error in validator.iter_errors(doc.data)]
        if not errors:
            return
        # A misspelt key shows up twice, as an unknown key and a missing one: report it as misspelt.
        unknown_in = {tuple(e.absolute_path) for e in errors if e.validator == "additionalProperties"}
        errors = [e for e in errors if not (e.validator == "required" and tuple(e.absolute_path) in unknown_in)]
        located = [_locate(doc, error) for error in errors]
        located.sort(key=lambda e: (e.place.line, e.place.field))  # the first problem in the file
        raise located[0]


def _innermost(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf, the schema author's own message if given, else the most specific branch."""
    if error.validator in ("anyOf", "oneOf") and not error.schema.get("x-message") and error.context:
        deepest = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.context or ())))
        return _innermost(deepest)
    return error


def _describe(value: Any) -> str:
    if isinstance(value, bool):  # bool is an int subclass: test it first
        return _JSON_TYPES[bool]
    for python_type, name in _JSON_TYPES.items():
        if isinstance(value, python_type):
            return name
    return f"a {type(value).__name__} (quote it to make it a string)"


def _locate(doc: YamlFile, error: ValidationError) -> SourceError:
    path = tuple(error.absolute_path)
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    keyword = error.validator
    if keyword == "required":
        missing = next((k for k in error.validator_value if k not in error.instance), "?")
        return SourceError(doc.place(path).child(missing), f"missing required key '{missing}'")
    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = next((k for k in error.instance if k not in allowed), "?")
        missing = [k for k in error.schema.get("required", []) if k not in error.instance]
        close = get_close_matches(str(extra), missing or allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return doc.error(path + (extra,), f"unknown key '{extra}'{hint}; the keys allowed here are: {', '.join(allowed)}")
    if custom:
        return doc.error(path, custom)
    if keyword == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return doc.error(path, f"should be {_article(expected)}, not {_describe(error.instance)}")
    if keyword == "enum":
        options = ", ".join(repr(v) for v in error.validator_value)
        return doc.error(path, f"{error.instance!r} is not one of the allowed values: {options}")
    if keyword in ("minLength", "minItems", "minProperties"):
        return doc.error(path, "must not be empty")
    return doc.error(path, error.message)


def _article(json_type: str) -> str:
    return {
        "object": "a mapping",
        "array": "a list",
        "string": "a string",
        "boolean": "true or false",
        "integer": "a whole number",
        "number": "a number",
    }.get(json_type, json_type)
