"""Which concern owns each line of a configuration.

The deploy plans a concern against its own lines of the running and the
intended configuration, and verify compares the same lines. Every line of an
intended configuration must belong to exactly one concern: a line no concern
owns would never be deployed nor verified, and a line two concerns own would
be sent twice and removed by either. ``split`` says which lines are in that
case, so the plan refuses them and a test proves the templates never make one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ..concerns import Concern, Scope
from .blocks import parse_blocks

Block = tuple[str, list[str]]


@cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _matches(patterns: tuple[str, ...], line: str) -> bool:
    pattern = _compiled(patterns)
    return bool(pattern and pattern.match(line))


def owns_block(scope: Scope, top: str) -> bool:
    return _matches(scope.blocks, top)


def owns_children_of(scope: Scope, top: str) -> tuple[str, ...]:
    """The child patterns a scope claims under ``top`` (empty: none)."""
    out: list[str] = []
    for parent, children in scope.children:
        if _matches((parent,), top):
            out.extend(children)
    return tuple(out)


@dataclass
class Split:
    """A configuration cut into each concern's blocks, and what no single concern owns."""

    blocks: dict[str, list[Block]] = field(default_factory=dict)
    unowned: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)

    def text(self, concern: str) -> str:
        return blocks_text(self.blocks[concern])


def blocks_text(blocks: Iterable[Block]) -> str:
    """Blocks back as configuration text (children indented as they were)."""
    return "".join(f"{top}\n" + "".join(f"{c}\n" for c in ch) for top, ch in blocks)


def split(text: str, concerns: Iterable[Concern], platform: str) -> Split:
    """Cut ``text`` into the blocks each concern owns (children indented as in the text)."""
    scoped = [(c.name, c.scopes[platform]) for c in concerns if platform in c.scopes]
    out = Split(blocks={name: [] for name, _scope in scoped})
    for top, children in parse_blocks(text):
        block_owners = [name for name, scope in scoped if owns_block(scope, top)]
        claims = [(name, owns_children_of(scope, top)) for name, scope in scoped]
        claims = [(name, patterns) for name, patterns in claims if patterns]
        if not children:
            owners = block_owners or [name for name, _p in claims]
            if not owners:
                owners = [name for name, scope in scoped if _matches(scope.leaves, top)]
            _assign_bare(out, top, owners)
            continue
        given: dict[str, list[str]] = {name: [] for name in block_owners}
        for child in children:
            stripped = child.strip()
            owners = [name for name, patterns in claims if _matches(patterns, stripped)]
            owners = owners or block_owners
            if len(owners) == 1:
                given.setdefault(owners[0], []).append(child)
            elif owners:
                out.shared.append(f"{top} / {stripped}")
            else:
                out.unowned.append(f"{top} / {stripped}")
        if len(block_owners) > 1:
            out.shared.append(top)
        for name, lines in given.items():
            out.blocks[name].append((top, lines))
    return out


def _assign_bare(out: Split, top: str, owners: list[str]) -> None:
    """A top-level line without children: a leaf, or a block with no line of its own."""
    if not owners:
        out.unowned.append(top)
    elif len(owners) > 1 and not top.startswith("interface "):
        out.shared.append(top)
    else:
        # a bare interface (no line of its own) is listed by each concern owning
        # some of its children: it carries nothing to send or to remove
        for name in owners:
            out.blocks[name].append((top, []))


def problems(parts: Split) -> list[str]:
    """Why an intended configuration cannot be planned line by line (empty: it can)."""
    out = [
        f"no concern owns '{line}': it would never be deployed nor verified"
        for line in parts.unowned
    ]
    out += [f"more than one concern owns '{line}'" for line in parts.shared]
    return out
