"""Interface names of a simulated device, built from the collection's catalogue.

The simulator must refuse exactly the interfaces a real device refuses, so the
physical port list comes from `plugins/plugin_utils/platforms/hardware.py` (the same table
the collection validates against) rather than from a copy.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

_REPO = Path(__file__).resolve().parents[3]
_COLLECTIONS = _REPO / ".collections"
if str(_COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(_COLLECTIONS))

from ansible_collections.citynet.schools.plugins.plugin_utils.platforms import (  # noqa: E402
    hardware as models,
)

SWITCH_MODELS = models.SWITCH_MODELS
ROUTER_MODELS = models.ROUTER_MODELS

# Long IOS type name -> abbreviation used in `show` tables.
SHORT_NAMES: dict[str, str] = {
    "GigabitEthernet": "Gi",
    "TenGigabitEthernet": "Te",
    "TwentyFiveGigE": "Twe",
    "FortyGigabitEthernet": "Fo",
    "HundredGigE": "Hu",
    "FastEthernet": "Fa",
    "Port-channel": "Po",
    "Vlan": "Vl",
    "Loopback": "Lo",
    "Tunnel": "Tu",
    "Cellular": "Ce",
}
_LONG_BY_SHORT = {short.lower(): long for long, short in SHORT_NAMES.items()}
# Logical interfaces created on demand, with their number range.
LOGICAL: dict[str, tuple[int, int]] = {
    "Port-channel": (1, 128),
    "Vlan": (1, 4094),
    "Loopback": (0, 2147483647),
    "Tunnel": (0, 2147483647),
}
_LOGICAL_RANK = {"Loopback": 0, "Tunnel": 1, "Port-channel": 2}
# An optional `.N` suffix names an 802.1Q sub-interface (`Port-channel1.3201`).
_NAME = re.compile(r"^([A-Za-z][A-Za-z-]*?)\s*(\d+(?:/\d+)*(?:\.\d+)?)$")

# The IR1101 has a 4-port FastEthernet switch module and a second LTE
# interface besides the LAN/WAN pair listed in the catalogue.
ROUTER_EXTRA_PORTS: dict[str, tuple[str, ...]] = {
    "IR1101-K9": (
        "FastEthernet0/0/1",
        "FastEthernet0/0/2",
        "FastEthernet0/0/3",
        "FastEthernet0/0/4",
        "Cellular0/1/1",
    ),
}

SPEED_BY_TYPE: dict[str, int] = {
    "FastEthernet": 100,
    "GigabitEthernet": 1000,
    "TenGigabitEthernet": 10000,
    "TwentyFiveGigE": 25000,
    "FortyGigabitEthernet": 40000,
    "HundredGigE": 100000,
}


def split_name(name: str) -> tuple[str, str]:
    match = _NAME.match(name)
    if not match:
        raise ValueError(f"not an interface name: {name}")
    return match.group(1), match.group(2)


def normalize_interface(text: str) -> str | None:
    """Expand `gi1/0/1`, `Gi 1/0/1`, `po1`, `vlan 10` to the long IOS name."""
    match = _NAME.match(text.strip())
    if not match:
        return None
    kind, number = match.group(1).lower(), match.group(2)
    if kind in _LONG_BY_SHORT:
        return _LONG_BY_SHORT[kind] + number
    candidates = [long for long in SHORT_NAMES if long.lower().startswith(kind)]
    if len(candidates) != 1:
        return None
    return candidates[0] + number


def short_name(name: str) -> str:
    kind, number = split_name(name)
    return SHORT_NAMES.get(kind, kind) + number


def member_of(name: str) -> int | None:
    """Stack member number of a front-panel port (`Gi2/0/1` -> 2)."""
    kind, number = split_name(name)
    if kind in LOGICAL:
        return None
    parts = number.split("/")
    return int(parts[0]) if len(parts) == 3 else None


def subinterface_parent(name: str) -> str | None:
    """`Port-channel1.3201` -> `Port-channel1`; None for a main interface."""
    base, dot, sub = name.partition(".")
    return base if dot and sub.isdigit() else None


def logical_kind(name: str) -> str | None:
    kind, number = split_name(name)
    if kind in LOGICAL and "/" not in number and "." not in number:
        low, high = LOGICAL[kind]
        if low <= int(number) <= high:
            return kind
    return None


def mac_for(seed: str) -> str:
    """A stable, locally plausible MAC (dotted form) derived from a serial number."""
    digest = hashlib.sha1(seed.encode()).hexdigest()
    return f"04bd.97{digest[0:2]}.{digest[2:6]}"


def mac_colon(dotted: str) -> str:
    raw = dotted.replace(".", "")
    return ":".join(raw[i : i + 2] for i in range(0, 12, 2))


@dataclass(frozen=True, slots=True)
class PortInfo:
    name: str
    index: int  # position in IOS order among physical ports (1-based)
    uplink: bool
    media: str  # the `Type` column of `show interfaces status`


def _media(kind: str, uplink: bool) -> str:
    if kind == "GigabitEthernet":
        return "1000BaseSX SFP" if uplink else "10/100/1000BaseTX"
    if kind == "FastEthernet":
        return "10/100BaseTX"
    if kind == "TenGigabitEthernet":
        return "SFP-10GBase-SR"
    if kind == "TwentyFiveGigE":
        return "SFP-25GBase-SR"
    if kind == "HundredGigE":
        return "QSFP-100G-SR4"
    return "Not Present"


def switch_ports(members: dict[int, str]) -> list[PortInfo]:
    """Physical ports of a stack, member by member in IOS order.

    `members` maps member number to model name; provisioned-but-absent members
    count too, as IOS accepts configuration for them.
    """
    ports: list[PortInfo] = []
    for number in sorted(members):
        model = SWITCH_MODELS[members[number]]
        for group in model.port_groups:
            for name in group.names(number):
                ports.append(
                    PortInfo(name, len(ports) + 1, group.uplink, _media(group.kind, group.uplink))
                )
    return ports


def router_ports(model_name: str) -> list[PortInfo]:
    model = ROUTER_MODELS[model_name]
    ordered = [model.lan_interface]
    extras = list(ROUTER_EXTRA_PORTS.get(model_name, ()))
    ordered.extend(n for n in extras if not n.startswith("Cellular"))
    ordered.append(model.cellular_interface)
    ordered.extend(n for n in extras if n.startswith("Cellular"))
    result = []
    for name in ordered:
        kind, _unused = split_name(name)
        result.append(PortInfo(name, len(result) + 1, False, _media(kind, False)))
    return result


def provision_keyword_to_model(keyword: str) -> str | None:
    for model in SWITCH_MODELS.values():
        if model.provision == keyword.lower():
            return model.name
    return None


def interface_sort_key(name: str, physical_index: dict[str, int]) -> tuple[int, int, str]:
    """IOS order: Loopback, Tunnel, Port-channel, physical ports, then SVIs.

    A sub-interface follows its parent, by sub-interface number.
    """
    parent = subinterface_parent(name)
    if parent is not None:
        rank, index, _unused = interface_sort_key(parent, physical_index)
        return (rank, index, f"{int(name.rpartition('.')[2]):010d}")
    if name in physical_index:
        return (3, physical_index[name], "")
    kind, number = split_name(name)
    if kind == "Vlan":
        return (4, int(number), "")
    if kind in _LOGICAL_RANK:
        return (_LOGICAL_RANK[kind], int(number), "")
    return (5, 0, name)
