"""Refusing characters that would split or hide a value once it is rendered.

Every string of a city's documents ends up somewhere: an IOS ``description``
line, a UCI option, a dnsmasq line, a cell of the technician's README or of
the port-labels spreadsheet. Each consumer has its own idea of a line: IOS
and the block parser split on ``\\n`` and ``\\r``; ``str.splitlines()`` (and
hier_config with it) also on ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``,
U+2028 and U+2029. A single such character in a port description was enough
to inject ``no spanning-tree bpduguard enable`` into a deploy plan. Format
characters (zero-width spaces, bidi overrides) split nothing but make a text
read as something else, so they are refused with the controls.

The check covers every string of the document, keys included, rather than a
list of "free-text" fields: the schema is the one place that knows which
fields exist, and a list beside it would miss the next field added. Fields the
schema constrains with a ``pattern`` are no exception, because a pattern's
``$`` also matches before a final newline (``curie\\n`` matches
``^[a-z0-9-]+$``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from ..issues import join_path

# Unicode categories refused: controls, format characters, lone surrogates,
# line and paragraph separators. Ordinary and non-breaking spaces stay allowed.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_MAX_SHOWN = 60


def refused_character(text: str) -> str | None:
    """The first character of ``text`` that could split or hide it, or None."""
    if text.isprintable():  # the common case: no control, format or separator at all
        return None
    for char in text:
        if unicodedata.category(char) in REFUSED_CATEGORIES:
            return char
    return None


def _named(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def control_character_problem(text: Any) -> str | None:
    """Why a text cannot be rendered as written: a line break would add lines of its own."""
    if not isinstance(text, str):
        return None
    char = refused_character(text)
    if char is None:
        return None
    shown = repr(text) if len(repr(text)) <= _MAX_SHOWN else repr(text)[: _MAX_SHOWN - 3] + "..."
    return (
        f"{shown} holds a line break or control character ({_named(char)}); it would add lines "
        "of its own to a configuration or hide text in the technician's documents"
    )


def free_text_errors(data: Any, *prefix: str | int) -> Iterator[tuple[str, str]]:
    """Yield (field path, message) for every string of ``data``, key or value, refused above."""
    if isinstance(data, dict):
        for key, value in data.items():
            problem = control_character_problem(key)
            if problem:
                yield join_path(*prefix), f"key {problem}"
                continue  # the key cannot be named in a path a technician can read
            yield from free_text_errors(value, *prefix, key if isinstance(key, str) else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from free_text_errors(value, *prefix, index)
    else:
        problem = control_character_problem(data)
        if problem:
            yield join_path(*prefix), problem
