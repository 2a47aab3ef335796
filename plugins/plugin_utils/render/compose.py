"""A device's configuration template, composed from its concerns' fragments.

Each platform has a layout (``<platform>/layout.j2``): the order its
configuration files follow, with a line ``{#@ slot #}`` wherever concerns
contribute. Each concern's fragment (``<platform>/<concern>.j2``) holds one
section per slot it fills, each starting with its own ``{#@ slot #}`` line.
The composed template is the layout with every slot replaced by the matching
sections of the device's concerns, in the registry's order; a region between
``{#@ begin slot #}`` and ``{#@ end slot #}`` (the per-interface loop) is kept
only when some concern fills that slot. Composition is plain text, done once
per platform and set of concerns: the result renders as fast as one
hand-written template, and a concern's lines come from its fragment alone.
"""

from __future__ import annotations

import re
from functools import cache

import jinja2

_MARKER = re.compile(r"^\{#@ (?:(begin|end) )?(\w+) #\}\n", re.M)


def sections(source: str) -> dict[str, str]:
    """A fragment's sections by slot."""
    out: dict[str, str] = {}
    parts = _MARKER.split(source)
    # parts: text before the first marker, then (begin/end, slot, text) triples
    for index in range(1, len(parts), 3):
        out[parts[index + 1]] = out.get(parts[index + 1], "") + parts[index + 2]
    return out


def compose(layout: str, fragments: list[str]) -> str:
    """The layout's source with each slot filled by the fragments' sections, in order."""
    filled = [sections(text) for text in fragments]
    out: list[str] = []
    keep = [True]
    position = 0
    for match in _MARKER.finditer(layout):
        if keep[-1]:
            out.append(layout[position : match.start()])
        position = match.end()
        edge, slot = match.group(1), match.group(2)
        if edge == "begin":
            keep.append(keep[-1] and any(slot in f for f in filled))
        elif edge == "end":
            keep.pop()
        elif keep[-1]:
            out.extend(f.get(slot, "") for f in filled)
    out.append(layout[position:])
    return "".join(out)


@cache
def composed(env: jinja2.Environment, layout: str, fragments: tuple[str, ...]) -> jinja2.Template:
    """The compiled template of a layout and fragments (by template name), built once."""

    def source(name: str) -> str:
        return env.loader.get_source(env, name)[0]  # type: ignore[union-attr]

    return env.from_string(compose(source(layout), [source(name) for name in fragments]))
