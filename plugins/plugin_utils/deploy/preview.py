"""A deploy preview as Ansible diffs: per concern, what the device runs against the design.

``--check --diff`` should show a technician what a deploy would change the way
cisco.ios' resource modules do: one unified diff per device and concern, ``-``
for the lines that go and ``+`` for those that come. The texts compared are
exactly those the plan was computed from (``DevicePlan.views``: each concern's
lines, cut by the registry's ownership and read by hier_config, which numbers
ACL entries and splits VLAN lists the way the remediation compared them), so
the preview and the plan never disagree about a line, and only a concern that
would change gets a diff.

The running side is put in the intended order first: IOS prints some blocks
in an order of its own, and a line present on both sides but elsewhere would
otherwise show twice (``-`` and ``+``) although nothing is sent for it.

Secrets never appear: the device's current secrets are masked wherever they
are, and a value in a secret-bearing line (an OSPF key, a RADIUS key, a SIM
PIN, SNMPv3 keys, a local account's hash) is masked whatever it is, since the
running configuration may hold an old value the design no longer knows. An
old value shows as ``********[other]`` so that a key to be replaced still shows as a
change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from ..concerns import registry
from ..secrets import MASK, mask
from .blocks import parse_blocks
from .ownership import Block, blocks_text
from .remediation import DevicePlan, config_lines

# a secret-bearing position that holds another value than the device's secret (an old key)
OTHER = MASK + "[other]"


@cache
def _secret_lines(platform: str) -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str]], ...]:
    """Every secret-bearing line shape the concerns declare for ``platform``, compiled."""
    return tuple(
        (re.compile(item.parent) if item.parent else None, re.compile(item.pattern))
        for concern in registry()
        for item in concern.secret_lines.get(platform, ())
    )


def _masked_line(line: str, parent: str | None, values: set[str], platform: str) -> str:
    for parent_pattern, pattern in _secret_lines(platform):
        if parent_pattern is not None and not (parent and parent_pattern.match(parent)):
            continue
        line = pattern.sub(
            lambda found: found.group(1) + (MASK if found.group(2) in values else OTHER),
            line,
            count=1,
        )
    return line


def masked_config(text: str, secrets: Mapping[str, str] | None, platform: str) -> str:
    """``text`` with every secret-bearing value masked, the device's secrets wherever they are."""
    # a text rendered without the secrets already holds the mask where they go
    values = {value for value in (secrets or {}).values() if value} | {MASK}
    out: list[str] = []
    parent: str | None = None
    for line in text.splitlines():
        top = bool(line) and not line[0].isspace()
        if top:
            parent = line
        out.append(_masked_line(line, None if top else parent, values, platform))
    return mask("\n".join(out) + "\n", secrets) if out else ""


def _kin(line: str, intended: list[str]) -> str | None:
    """The intended line ``line`` is a version of: the last one sharing its longest prefix,
    beyond its first word (``ntp server 10.30.1.99`` for ``ntp server 10.30.1.10``)."""
    # its indentation, first word and the space after it
    length = len(line) - len(line.lstrip()) + len(line.strip().split(" ", 1)[0]) + 1
    best = None
    for other in intended:
        common = next(
            (at for at, (a, b) in enumerate(zip(line, other, strict=False)) if a != b),
            min(len(line), len(other)),
        )
        if common >= length:
            best, length = other, common
    return best


def _follow(running: list[str], intended: list[str]) -> list[str]:
    """``running`` in ``intended``'s order.

    A line only the running side holds goes next to the intended line it is a version of
    (just before it when that one is missing, so that the diff shows ``-old`` then ``+new``),
    else after the line it followed on the device.
    """
    wanted = set(intended)
    present = set(running)
    before: dict[str, list[str]] = {}
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for item in running:
        if item in wanted:
            anchor = item
            continue
        kin = _kin(item, intended)
        if kin is not None and kin not in present:
            before.setdefault(kin, []).append(item)
        else:
            after.setdefault(kin or anchor, []).append(item)
    out = list(after.get(None, []))
    for item in intended:
        out += before.get(item, [])
        if item in present:
            out.append(item)
            out += after.get(item, [])
    return out


def aligned(running: str, intended: str) -> str:
    """The running text, its blocks and their children in the intended text's order."""
    have: dict[str, list[str]] = {}
    for top, children in parse_blocks(running):
        have.setdefault(top, []).extend(children)
    want = dict(parse_blocks(intended))
    blocks: list[Block] = [
        (top, _follow(have[top], want[top]) if top in want else have[top])
        for top in _follow(list(have), list(want))
    ]
    return blocks_text(blocks)


def concern_diffs(
    host: str, plan: DevicePlan, secrets: Mapping[str, str] | None, platform: str
) -> list[dict[str, str]]:
    """One Ansible diff per concern the plan changes, in deploy order, secrets masked.

    The default callback prints each as ``--- before: <host> running-config: <concern>``,
    ``+++ after: <host> intended: <concern>`` and its hunks.
    """
    out: list[dict[str, str]] = []
    for name, lines in plan.commands.items():
        if not lines:
            continue
        running, intended = (
            "".join(f"{line}\n" for line in config_lines(c)) for c in plan.views[name]
        )
        out.append(
            {
                "before_header": f"{host} running-config: {name}",
                "after_header": f"{host} intended: {name}",
                "before": masked_config(aligned(running, intended), secrets, platform),
                "after": masked_config(intended, secrets, platform),
            }
        )
    return out
