"""Structural validation against the data-model schema.

The schema files beside this module are the single source of truth for the
shape of a city: this module checks data against them and phrases
jsonschema's findings for a technician ("unknown key 'vlna'" rather than
"Additional properties are not allowed").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..issues import join_path
from ..secrets import MASK
from .conformance import Check, SchemaCompiler, is_integer, repeated
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


# The $defs whose values are secrets (or references to them): the data found
# there is never quoted, whatever shape it has.
SECRET_DEFS = frozenset({"secret_ref"})
_ANY = "*"  # any list index or any key of a free-form mapping in a secret path
SecretPath = tuple[str, ...]


def _resolve(ref: str, here: str) -> tuple[str, dict[str, Any]]:
    """The schema a ``$ref`` of the schema ``here`` points to, and its document."""
    doc_id, _hash, pointer = ref.partition("#")
    name = {CITY_SCHEMA_ID: "city", SCHOOL_SCHEMA_ID: "school"}.get(doc_id, here)
    node: Any = load_schema(name)
    for part in (p for p in pointer.split("/") if p):
        node = node[part]
    return name, node


@cache
def secret_paths(name: str) -> frozenset[SecretPath]:
    """Field paths of document ``name`` that hold secrets, from the schema itself.

    A field is secret when its schema is (a reference to) one of SECRET_DEFS
    or says ``x-secret: true``; a new secret field in the data model is
    masked in every finding without touching the code.
    """
    found: set[SecretPath] = set()
    todo: list[tuple[str, dict[str, Any], SecretPath, frozenset[str]]] = [
        (name, load_schema(name), (), frozenset())
    ]
    while todo:
        doc, schema, path, refs = todo.pop()
        if not isinstance(schema, dict):
            continue
        ref = schema.get("$ref")
        if schema.get("x-secret") or (
            isinstance(ref, str) and ref.rpartition("/")[2] in SECRET_DEFS
        ):
            found.add(path)
            continue
        if isinstance(ref, str) and ref not in refs:
            target_doc, target = _resolve(ref, doc)
            todo.append((target_doc, target, path, refs | {ref}))
        for key, sub in (schema.get("properties") or {}).items():
            todo.append((doc, sub, (*path, key), refs))
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                todo.append((doc, schema[key], (*path, _ANY), refs))
        for key in ("allOf", "anyOf", "oneOf"):
            todo.extend((doc, sub, path, refs) for sub in schema.get(key) or ())
    return frozenset(found)


def is_secret(name: str, path: list[str | int] | tuple[str | int, ...]) -> bool:
    """Whether the field at ``path`` of a document ``name`` is, or lies under, a secret."""
    for secret in secret_paths(name):
        if len(path) >= len(secret) and all(
            want in (_ANY, got) for want, got in zip(secret, path, strict=False)
        ):
            return True
    return False


def redact(name: str, value: Any, path: tuple[str | int, ...] = ()) -> Any:
    """``value`` (found at ``path``) with everything under a secret field masked."""
    if is_secret(name, path):
        return MASK
    if isinstance(value, dict):
        return {k: redact(name, v, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(name, v, (*path, i)) for i, v in enumerate(value)]
    return value


def secret_scalars(name: str, data: Any, path: tuple[str | int, ...] = ()) -> set[str]:
    """The text of every value written under a secret field of ``data``.

    A well-formed reference names a variable, which is not a secret; anything
    else there (a PIN typed in clear, under any key) is.
    """
    if is_secret(name, path):
        return {
            str(v)
            for v in _scalars(data)
            if not (isinstance(v, str) and _REFERENCE_NAME.fullmatch(v))
        }
    if isinstance(data, dict):
        return set().union(*(secret_scalars(name, v, (*path, k)) for k, v in data.items()))
    if isinstance(data, list):
        return set().union(*(secret_scalars(name, v, (*path, i)) for i, v in enumerate(data)))
    return set()


_REFERENCE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _scalars(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    elif value is not None:
        yield value


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


def _phrase(name: str, error: Any) -> tuple[list[str | int], str]:
    """A path and a message a technician can act on; never a secret's value."""
    path: list[str | int] = list(error.absolute_path)
    if is_secret(name, path):
        return path, _phrase_secret(error)
    kind = error.validator
    value = redact(name, error.instance, tuple(path))
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
    if kind == "uniqueItems":
        twice = repeated(value)
        return path, f"lists {_shown(twice[0])} more than once" if twice else error.message
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


def _phrase_secret(error: Any) -> str:
    """A finding under a secret field: what is expected, without quoting what is there."""
    kind = error.validator
    if kind == "additionalProperties":  # a key may be the secret itself
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"unknown key in a secret reference; expected one of: {allowed}"
    if kind == "required":
        return _phrase_plain(error)
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        want = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        got = type(error.instance).__name__ if error.instance is not None else "nothing"
        return f"expected {want}, got {got} (value not shown: a secret field)"
    if kind == "pattern":
        return (
            f"does not match the expected form {error.validator_value} "
            "(value not shown: a secret field)"
        )
    if kind in ("minProperties", "maxProperties"):
        return _phrase_plain(error)
    return f"is not valid here ({kind}; value not shown: a secret field)"


def _phrase_plain(error: Any) -> str:
    """Messages that name keys of the schema only, never the data."""
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing key '{missing}'"
    keys = ", ".join(error.schema.get("properties", {}))
    return f"expected exactly the keys it needs among: {keys}"


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
        path, message = _phrase(name, error)
        item = (join_path(*path), message)
        if item not in seen:
            seen.add(item)
            yield item
