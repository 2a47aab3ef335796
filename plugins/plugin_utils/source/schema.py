"""Structural validation against the data-model schema.

The schema files beside this module are the single source of truth for the
shape of a city: this module checks data against them and phrases
jsonschema's findings for a technician ("unknown key 'vlna'" rather than
"Additional properties are not allowed").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..issues import join_path
from .conformance import Check, SchemaCompiler, is_integer
from .free_text import free_text_errors

try:
    from jsonschema import Draft202012Validator, FormatChecker, validators
    from referencing import Registry, Resource

    JSONSCHEMA_IMPORT_ERROR: ImportError | None = None
except ImportError as _exc:  # pragma: no cover - reported when used
    JSONSCHEMA_IMPORT_ERROR = _exc

SCHEMA_DIR = Path(__file__).parent / "schemas"
CITY_SCHEMA_ID = "citynet.schools/city"
SCHOOL_SCHEMA_ID = "citynet.schools/school"
_MAX_SHOWN = 60


try:  # the schemas are read by every process that validates a city
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema document ``city`` or ``school``."""
    with (SCHEMA_DIR / f"{name}.schema.yml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)


@cache
def _conforms(name: str) -> Check:
    compiler = SchemaCompiler(
        {CITY_SCHEMA_ID: load_schema("city"), SCHOOL_SCHEMA_ID: load_schema("school")}
    )
    return compiler.document(CITY_SCHEMA_ID if name == "city" else SCHOOL_SCHEMA_ID)


@cache
def _validator(name: str) -> Any:
    if JSONSCHEMA_IMPORT_ERROR is not None:
        raise RuntimeError(
            "citynet.schools needs the Python package jsonschema on the controller "
            f"(pip install -r requirements.txt): {JSONSCHEMA_IMPORT_ERROR}"
        )
    city = load_schema("city")
    school = load_schema("school")
    # Crawled once here: an uncrawled registry re-crawls both schemas on every
    # cross-file $ref, which was most of the validation time of a large city.
    registry = (
        Registry()
        .with_resources(
            [
                (CITY_SCHEMA_ID, Resource.from_contents(city)),
                (SCHOOL_SCHEMA_ID, Resource.from_contents(school)),
            ]
        )
        .crawl()
    )
    # To JSON Schema 0.0 is an integer; the design core counts with ints only, so a
    # float where the data model says integer is a finding, never a later exception.
    strict = validators.extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", lambda _checker, value: is_integer(value)
        ),
    )
    return strict(load_schema(name), registry=registry, format_checker=FormatChecker())


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "boolean": "true or false",
    "number": "a number",
}


def _phrase(error: Any) -> tuple[list[str | int], str]:
    """A path and a message a technician can act on."""
    path: list[str | int] = list(error.absolute_path)
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties":
        # YAML keys may be numbers, booleans or null: sort them all as text
        extra = sorted(set(value) - set(error.schema.get("properties", {})), key=repr)
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        keys = ", ".join(repr(k) for k in extra)
        return path, f"unknown key {keys}; expected one of: {allowed}"
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return path, f"missing key '{missing}'"
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        want = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        got = type(value).__name__ if value is not None else "nothing"
        return path, f"expected {want}, got {got} {_shown(value)}"
    if kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return path, f"{_shown(value)} is not one of: {options}"
    if kind == "pattern":
        return path, f"{_shown(value)} does not match the expected form {error.validator_value}"
    if kind == "minimum":
        return path, f"{_shown(value)} is below the minimum {error.validator_value}"
    if kind == "maximum":
        return path, f"{_shown(value)} is above the maximum {error.validator_value}"
    if kind == "multipleOf":
        return path, f"{_shown(value)} is not a multiple of {error.validator_value}"
    if kind == "minItems":
        return path, f"needs at least {error.validator_value} item(s), has {len(value)}"
    if kind == "maxItems":
        return path, f"takes at most {error.validator_value} item(s), has {len(value)}"
    if kind == "minLength":
        return path, "must not be empty"
    if kind == "maxLength":
        return path, f"is longer than {error.validator_value} characters"
    if kind in ("minProperties", "maxProperties"):
        keys = ", ".join(error.schema.get("properties", {}))
        return path, f"expected exactly the keys it needs among: {keys}"
    if kind == "format":
        return path, f"{_shown(value)} is not a valid {error.validator_value} address"
    return path, error.message


def structural_errors(name: str, data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (field path, message) for every way ``data`` breaks schema ``name``.

    Every string is first checked for line breaks and control characters
    (free_text.py): the schema cannot refuse them, and they must stop a
    document before any rule reads it. A document the compiled check accepts
    has no other findings; only the others (and whatever that check cannot
    decide) go through jsonschema.
    """
    validator = _validator(name)  # also refuses to run without jsonschema, as always
    seen: set[tuple[str, str]] = set()
    for item in free_text_errors(data):
        seen.add(item)
        yield item
    if _conforms(name)(data):
        return
    for error in validator.iter_errors(data):
        path, message = _phrase(error)
        item = (join_path(*path), message)
        if item not in seen:
            seen.add(item)
            yield item
