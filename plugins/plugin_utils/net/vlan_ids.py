"""VLAN id lists: reading the ranges people write, writing the lines IOS wants.

Inventories say ``"10-12,20"`` or ``[10, 11, "20-22"]``; trunk templates need
``switchport trunk allowed vlan`` lines that IOS accepts and that compare equal
to what the switch prints back. Both directions live here so that they agree:
``vlan_expand(",".join(vlan_ranges(ids))) == sorted(set(ids))``.

Every refusal is a ``VlanSpecError`` whose message names the offending token,
because the person reading it is editing a YAML file, not this code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ansible_collections.citynet.schools.plugins.plugin_utils.errors import VlanSpecError

VLAN_MIN = 1
VLAN_MAX = 4094

# Token-ring/FDDI defaults: present on every IOS switch, never configurable.
RESERVED_VLANS = frozenset(range(1002, 1006))

# ASCII digits only: int() would also take Arabic-Indic or full-width digits,
# which IOS would not. The length cap keeps int() away from its digit limit.
_ID = r"[0-9]{1,12}"
_TOKEN = re.compile(rf"({_ID})(?:\s*-\s*({_ID}))?")

# Line lengths of ``ansible.netcommon.vlan_parser``: what fits after
# "switchport trunk allowed vlan " and "switchport trunk allowed vlan add ".
FIRST_LINE_LEN = 48
OTHER_LINE_LEN = 44


def _checked(vlan: int) -> int:
    if not VLAN_MIN <= vlan <= VLAN_MAX:
        raise VlanSpecError(f"VLAN {vlan} is out of range {VLAN_MIN}-{VLAN_MAX}")
    return vlan


def _type_error(value: object) -> VlanSpecError:
    return VlanSpecError(
        f"VLAN id must be an integer or a range string, got {type(value).__name__} {value!r}"
    )


def _add_text(text: str, out: set[int]) -> None:
    """Add the ids of one comma-separated spec such as ``"1-3, 5"``."""
    if not text.strip():
        raise VlanSpecError("VLAN spec is empty")
    for raw in text.split(","):
        token = raw.strip()
        if not token:
            raise VlanSpecError(f"VLAN spec {text.strip()!r} has an empty item")
        match = _TOKEN.fullmatch(token)
        if match is None:
            raise VlanSpecError(f"{token!r} is not a VLAN id or range")
        first = _checked(int(match.group(1)))
        if match.group(2) is None:
            out.add(first)
            continue
        last = _checked(int(match.group(2)))
        if last < first:
            raise VlanSpecError(f"VLAN range {first}-{last} is reversed")
        out.update(range(first, last + 1))


def _add_item(item: object, out: set[int]) -> None:
    # bool is an int subclass: True would silently mean VLAN 1.
    if isinstance(item, bool):
        raise _type_error(item)
    if isinstance(item, int):
        out.add(_checked(item))
    elif isinstance(item, str):
        if not item.strip():
            raise VlanSpecError("VLAN list has an empty string item")
        _add_text(item, out)
    else:
        raise _type_error(item)


def _collect(spec: object) -> set[int]:
    """Read any accepted spec shape into a set; empty input gives an empty set."""
    out: set[int] = set()
    if isinstance(spec, str):
        if spec.strip():
            _add_text(spec, out)
        return out
    # bytes iterate as ints and mappings as keys: neither is what was meant.
    if isinstance(spec, Iterable) and not isinstance(spec, (bytes, bytearray, Mapping)):
        for item in spec:
            # In-range ints are the common case: skip the checks' calls.
            if (
                isinstance(item, int)
                and not isinstance(item, bool)
                and VLAN_MIN <= item <= VLAN_MAX
            ):
                out.add(item)
            else:
                _add_item(item, out)
    else:
        _add_item(spec, out)
    return out


def vlan_expand(spec: str | int | Iterable[int | str]) -> list[int]:
    """Every VLAN id a spec names, sorted and without duplicates.

    A spec is ``"1-3,5"``, a single id, or a list mixing ids and such strings.
    An empty spec is refused: an empty allowed-VLAN list is almost always a
    typo, and a trunk carrying nothing is written ``none`` explicitly.
    """
    ids = _collect(spec)
    if not ids:
        raise VlanSpecError("VLAN spec is empty")
    return sorted(ids)


def _runs(ids: list[int]) -> list[str]:
    """Compress sorted unique ids into IOS tokens.

    Runs of three or more become ``a-b``; a pair stays ``a,b``, which is how
    IOS itself prints it and how ``vlan_parser`` writes it.
    """
    tokens: list[str] = []
    i = 0
    count = len(ids)
    while i < count:
        j = i
        while j + 1 < count and ids[j + 1] == ids[j] + 1:
            j += 1
        if j - i >= 2:
            tokens.append(f"{ids[i]}-{ids[j]}")
        else:
            tokens.extend(str(v) for v in ids[i : j + 1])
        i = j + 1
    return tokens


def _checked_len(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise VlanSpecError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    return value


def vlan_ranges(
    ids: Iterable[int | str],
    first_line_len: int = FIRST_LINE_LEN,
    other_line_len: int = OTHER_LINE_LEN,
) -> list[str]:
    """Ids as compressed range strings, split into lines IOS accepts.

    The first line follows ``switchport trunk allowed vlan`` and may be
    ``first_line_len`` characters; the others follow ``... vlan add`` and may
    be ``other_line_len``. A token longer than its line still gets a line of its
    own. Output is identical to ``ansible.netcommon.vlan_parser`` for the same
    ids, so configurations rendered either way compare equal. No ids give no
    lines.
    """
    limit = _checked_len("first_line_len", first_line_len)
    other = _checked_len("other_line_len", other_line_len)
    tokens = _runs(sorted(_collect(ids)))
    lines: list[str] = []
    current: list[str] = []
    width = 0  # length of ",".join(current)
    for token in tokens:
        needed = width + 1 + len(token) if current else len(token)
        if needed > limit:
            # The first line is given up even when still empty: once a token
            # has overflowed, every following line has the shorter limit.
            if current:
                lines.append(",".join(current))
            current = [token]
            width = len(token)
            limit = other
        else:
            current.append(token)
            width = needed
    if current:
        lines.append(",".join(current))
    return lines
