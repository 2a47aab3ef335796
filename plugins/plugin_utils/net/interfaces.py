"""IOS interface names: one spelling for everything the core compares.

People write ``gi1/0/1``, ``Gi1/0/1`` or ``GigabitEthernet1/0/1``; switches
print the long form in ``show running-config`` and the short one in ``show
interfaces status``. The core keys every port by its long (canonical) name, so
that a port assigned twice under two spellings is still caught, and a rendered
configuration compares equal to the running one.

Port ranges follow ``interface range`` syntax plus a stack-member range
(``Gi1-3/0/1-24``), expanded member-major: the order a person counts ports on a
stack, member by member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ansible_collections.citynet.schools.plugins.plugin_utils.errors import PortSpecError


@dataclass(frozen=True, slots=True)
class InterfaceType:
    """An IOS interface type and the shape of its numbering."""

    long: str
    short: str
    max_parts: int  # numbers separated by "/": 3 for Gi1/0/1, 1 for Vlan10
    first: int = 0  # lowest number allowed when the name has a single number


# Order of the table = sort order: physical types by speed, then logical ones.
INTERFACE_TYPES: tuple[InterfaceType, ...] = (
    InterfaceType("FastEthernet", "Fa", 3),
    InterfaceType("GigabitEthernet", "Gi", 3),
    InterfaceType("TwoGigabitEthernet", "Tw", 3),
    InterfaceType("FiveGigabitEthernet", "Fi", 3),
    InterfaceType("TenGigabitEthernet", "Te", 3),
    InterfaceType("TwentyFiveGigE", "Twe", 3),
    InterfaceType("FortyGigabitEthernet", "Fo", 3),
    InterfaceType("HundredGigE", "Hu", 3),
    InterfaceType("AppGigabitEthernet", "Ap", 3),
    InterfaceType("Cellular", "Ce", 3),
    InterfaceType("Port-channel", "Po", 1, first=1),
    InterfaceType("Loopback", "Lo", 1),
    InterfaceType("Tunnel", "Tu", 1),
    InterfaceType("Vlan", "Vl", 1, first=1),
)

_ORDER = {kind.long: index for index, kind in enumerate(INTERFACE_TYPES)}
_BY_LONG = {kind.long: kind for kind in INTERFACE_TYPES}


def _spellings() -> dict[str, InterfaceType]:
    """Every accepted spelling of a type, lower-cased.

    IOS takes any unambiguous prefix of at least two letters ("gig", "ten",
    "port"); the short forms IOS prints win where a prefix is shared ("Tw" is
    TwoGigabitEthernet even though TwentyFiveGigE starts the same way).
    """
    owners: dict[str, set[str]] = {}
    for kind in INTERFACE_TYPES:
        lowered = kind.long.lower()
        for end in range(2, len(lowered) + 1):
            owners.setdefault(lowered[:end], set()).add(kind.long)
    table = {
        prefix: _BY_LONG[next(iter(names))] for prefix, names in owners.items() if len(names) == 1
    }
    for kind in INTERFACE_TYPES:
        table[kind.short.lower()] = kind
        table[kind.long.lower()] = kind
    table["portchannel"] = _BY_LONG["Port-channel"]
    return table


_SPELLINGS = _spellings()

# ASCII only; the 10-digit cap keeps numbers well inside what IOS accepts and
# int() away from its digit limit.
_NAME = re.compile(r"([A-Za-z][A-Za-z-]*)\s*(.*)", re.DOTALL)
_NUMBER = re.compile(r"[0-9]{1,10}")
_PART = re.compile(r"([0-9]{1,10})(?:-([0-9]{1,10}))?")
_DASH = re.compile(r"\s*-\s*")

# One range item may not produce more ports than this: far above any stack,
# low enough that a typo cannot exhaust memory.
MAX_EXPANSION = 4096


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise PortSpecError(f"{what} must be a string, got {type(value).__name__} {value!r}")
    return value


def _split_type(name: str) -> tuple[InterfaceType, str]:
    """The type of a name and the (unchecked) numbering text after it."""
    match = _NAME.fullmatch(name.strip())
    if match is None:
        raise PortSpecError(f"{name!r} is not an interface name")
    kind = _SPELLINGS.get(match.group(1).lower())
    if kind is None:
        raise PortSpecError(f"{name!r} has an unknown interface type {match.group(1)!r}")
    return kind, match.group(2)


def _shape_error(name: str, kind: InterfaceType, numbering: str) -> PortSpecError:
    if not numbering:
        return PortSpecError(f"{name!r} has no interface number")
    shape = "one number" if kind.max_parts == 1 else f"1 to {kind.max_parts} numbers joined by '/'"
    return PortSpecError(
        f"{name!r} has malformed interface numbering {numbering!r}: {kind.long} takes {shape}"
    )


def _number_problem(kind: InterfaceType, number: int) -> str | None:
    """Why a single-number interface cannot have this number, if it cannot."""
    if kind.long == "Vlan" and not 1 <= number <= 4094:
        return f"VLAN {number} is out of range 1-4094"
    if number < kind.first:
        return f"{kind.long} numbers start at {kind.first}"
    return None


@lru_cache(maxsize=4096)
def _parse(name: str) -> tuple[InterfaceType, tuple[int, ...]]:
    kind, numbering = _split_type(name)
    parts = numbering.split("/")
    if len(parts) > kind.max_parts or not all(_NUMBER.fullmatch(part) for part in parts):
        raise _shape_error(name, kind, numbering)
    numbers = tuple(int(part) for part in parts)
    if kind.max_parts == 1 and (problem := _number_problem(kind, numbers[0])):
        raise PortSpecError(f"{name!r}: {problem}")
    return kind, numbers


def _joined(numbers: Iterable[int]) -> str:
    return "/".join(map(str, numbers))


def split_name(name: str) -> tuple[str, tuple[int, ...]]:
    """``"gi1/0/1"`` -> ``("GigabitEthernet", (1, 0, 1))``: long type and numbers."""
    kind, numbers = _parse(_text(name, "interface name"))
    return kind.long, numbers


def canonical_name(name: str) -> str:
    """The long IOS name of any accepted spelling: ``"Gi1/0/1"`` -> ``"GigabitEthernet1/0/1"``."""
    kind, numbers = _parse(_text(name, "interface name"))
    return kind.long + _joined(numbers)


def short_name(name: str) -> str:
    """The short IOS name (as ``show interfaces status`` prints it): ``"Gi1/0/1"``."""
    kind, numbers = _parse(_text(name, "interface name"))
    return kind.short + _joined(numbers)


def member_number(name: str) -> int | None:
    """The stack member of a canonical ``Type<member>/<slot>/<port>`` name (None without a slash).

    String slicing, not a full parse: the validator calls it for every port of every school.
    """
    digits = name.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")
    head = digits.split("/", 1)[0]
    return int(head) if head.isdigit() and "/" in digits else None


def interface_sort_key(name: str) -> tuple[int, tuple[int, ...]]:
    """Sort key putting interfaces in configuration order.

    Types come in table order (physical by speed, then Port-channel, Loopback,
    Tunnel, Vlan), then numbers compare numerically, so Gi1/0/10 follows
    Gi1/0/9 and Gi2/0/1 follows every Gi1/...
    """
    kind, numbers = _parse(_text(name, "interface name"))
    return _ORDER[kind.long], numbers


def sorted_interfaces(names: Iterable[str]) -> list[str]:
    """Canonical names in configuration order, duplicates removed."""
    return sorted({canonical_name(name) for name in names}, key=interface_sort_key)


def _bounds(item: str, part: str) -> tuple[int, int]:
    match = _PART.fullmatch(part)
    if match is None:
        raise PortSpecError(f"{item!r} is not an interface name or range")
    first = int(match.group(1))
    last = first if match.group(2) is None else int(match.group(2))
    if last < first:
        raise PortSpecError(f"{item!r}: range {first}-{last} is reversed")
    return first, last


@lru_cache(maxsize=1024)
def _expand_item(item: str) -> tuple[str, ...]:
    """Names of one comma-free item such as ``"Gi1-2/0/1-24"``."""
    kind, numbering = _split_type(item)
    parts = _DASH.sub("-", numbering.strip()).split("/")
    if len(parts) > kind.max_parts or not numbering.strip():
        raise _shape_error(item, kind, numbering.strip())
    bounds = [_bounds(item, part) for part in parts]
    for index, (first, last) in enumerate(bounds[:-1]):
        if first == last:
            continue
        if index != 0 or len(bounds) != 3:
            raise PortSpecError(
                f"{item!r}: only the stack member and the port number can be ranges"
            )
        if first == 0:
            raise PortSpecError(
                f"{item!r}: stack member range {first}-{last} includes 0; members are numbered from 1"
            )
    if kind.max_parts == 1:
        for number in bounds[0]:
            if problem := _number_problem(kind, number):
                raise PortSpecError(f"{item!r}: {problem}")
    count = 1
    for first, last in bounds:
        count *= last - first + 1
    if count > MAX_EXPANSION:
        raise PortSpecError(f"{item!r} expands to {count} interfaces; the limit is {MAX_EXPANSION}")
    *fixed, (low, high) = bounds
    if len(fixed) == 2:  # member/slot/port: the member may be a range
        (first_member, last_member), (slot, _slot_end) = fixed
        prefixes = [f"{kind.long}{m}/{slot}/" for m in range(first_member, last_member + 1)]
    else:
        prefixes = [kind.long + "".join(f"{number}/" for number, _end in fixed)]
    return tuple(f"{prefix}{port}" for prefix in prefixes for port in range(low, high + 1))


def _expand_text(text: str) -> list[str]:
    names: list[str] = []
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            raise PortSpecError(f"interface list {text.strip()!r} has an empty item")
        names.extend(_expand_item(item))
    return names


def port_expand(spec: str | Iterable[str]) -> list[str]:
    """Canonical names of every port a spec names, in the order written.

    A spec is ``"Gi1/0/1-24, Te1/1/1-2"`` or a list of such strings.
    Duplicates are kept so that the caller can report a port assigned twice;
    an empty spec names no port.
    """
    if isinstance(spec, str):
        return _expand_text(spec) if spec.strip() else []
    if isinstance(spec, Mapping) or not isinstance(spec, Iterable):
        raise PortSpecError(
            f"interface spec must be a string or a list of strings, got {type(spec).__name__} {spec!r}"
        )
    names: list[str] = []
    for item in spec:
        text = _text(item, "interface list item")
        if not text.strip():
            raise PortSpecError("interface list has an empty string item")
        names.extend(_expand_text(text))
    return names


def port_ranges(names: Iterable[str]) -> list[str]:
    """The inverse of ``port_expand``: short range items in configuration order.

    ``["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Te1/1/1"]`` -> ``["Gi1/0/1-3", "Te1/1/1"]``.
    Duplicates collapse; the result read back by ``port_expand`` gives the
    sorted unique canonical names.
    """
    items: list[str] = []
    run_prefix: str | None = None
    run_first = run_last = 0
    for name in sorted_interfaces(names):
        kind, numbers = _parse(name)
        prefix = kind.short + "".join(f"{n}/" for n in numbers[:-1])
        port = numbers[-1]
        if prefix == run_prefix and port == run_last + 1:
            run_last = port
            continue
        if run_prefix is not None:
            items.append(_range_item(run_prefix, run_first, run_last))
        run_prefix, run_first, run_last = prefix, port, port
    if run_prefix is not None:
        items.append(_range_item(run_prefix, run_first, run_last))
    return items


def _range_item(prefix: str, first: int, last: int) -> str:
    return f"{prefix}{first}" if first == last else f"{prefix}{first}-{last}"
