"""Small readers of parsed show outputs shared by the routing and failover checks."""

from __future__ import annotations

import ipaddress
from typing import Any

from ..net.interfaces import canonical_name


def interface(text: str) -> str:
    """The canonical spelling of an interface name, or the text as printed."""
    try:
        return canonical_name(text)
    except ValueError:
        return text


def network(address: str, netmask: str | None = None) -> ipaddress.IPv4Network:
    """A network from ``a.b.c.d/len`` or from an address and a dotted mask."""
    if "/" in address or not netmask:
        return ipaddress.IPv4Network(address, strict=False)
    return ipaddress.IPv4Network(f"{address}/{netmask}", strict=False)


def routes(rows: list[dict[str, Any]]) -> dict[ipaddress.IPv4Network, list[dict[str, Any]]]:
    """``show ip route`` rows by destination (one row per next hop of a route)."""
    found: dict[ipaddress.IPv4Network, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("vrf") or not row.get("network") or row.get("prefix_length") in (None, ""):
            continue
        dest = network(f"{row['network']}/{row['prefix_length']}")
        found.setdefault(dest, []).append(row)
    return found


DEFAULT = ipaddress.IPv4Network("0.0.0.0/0")


def tracks(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """``show track`` rows by track number."""
    return {int(r["track"]): r for r in rows if str(r.get("track", "")).isdigit()}
