"""VLAN list arithmetic and the way IOS prints VLAN lists.

Trunk allowed lists, `spanning-tree vlan` lines and `show` outputs all print
VLAN sets the same compressed way (`10,20-22`); keeping one implementation
keeps every output consistent with the running configuration.
"""

from __future__ import annotations

import re

VLAN_MIN = 1
VLAN_MAX = 4094
ALL_VLANS = frozenset(range(VLAN_MIN, VLAN_MAX + 1))

_ITEM = re.compile(r"^(\d+)(?:-(\d+))?$")


def parse_vlan_list(text: str) -> set[int] | None:
    """Parse `10,20-22` into a set; None when the text is not a valid list."""
    result: set[int] = set()
    for item in text.split(","):
        match = _ITEM.match(item.strip())
        if not match:
            return None
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if not (VLAN_MIN <= first <= last <= VLAN_MAX):
            return None
        result.update(range(first, last + 1))
    return result


def vlan_ranges(vlans: set[int] | frozenset[int]) -> list[str]:
    """Items of a compressed list; IOS writes two neighbours as `1,2`, three as `1-3`."""
    items: list[str] = []
    ordered = sorted(vlans)
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        first, last = ordered[start], ordered[end]
        if last - first >= 2:
            items.append(f"{first}-{last}")
        else:
            items.extend(str(v) for v in range(first, last + 1))
        start = end + 1
    return items


def format_vlan_list(vlans: set[int] | frozenset[int]) -> str:
    return ",".join(vlan_ranges(vlans))


def wrap_allowed_vlans(vlans: set[int] | frozenset[int], width: int = 80) -> list[str]:
    """The `switchport trunk allowed vlan` lines IOS prints for a set.

    IOS keeps each line (indentation included) within 80 columns and puts the
    remainder on `switchport trunk allowed vlan add ...` continuation lines.
    """
    if not vlans:
        return ["switchport trunk allowed vlan none"]
    if set(vlans) == set(ALL_VLANS):
        return []
    lines: list[str] = []
    prefix = "switchport trunk allowed vlan "
    current = ""
    for item in vlan_ranges(vlans):
        candidate = f"{current},{item}" if current else item
        if current and len(" " + prefix + candidate) > width:
            lines.append(prefix + current)
            prefix = "switchport trunk allowed vlan add "
            current = item
        else:
            current = candidate
    lines.append(prefix + current)
    return lines
