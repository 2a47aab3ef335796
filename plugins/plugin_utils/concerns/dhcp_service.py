"""DHCP service: each routed VLAN's pool, relayed to the town hall's servers or served by the stack.

Relay puts ``ip helper-address`` on the VLAN's SVI (the SVI itself is
routing's); local mode gives the routing stack IOS pools with exclusions,
lease, DNS and domain. Which one is per city, with a per-school override,
and the school's README says it per VLAN.
"""

from __future__ import annotations

from typing import TypedDict

from ..verify import checks_dhcp
from . import Concern, Scope


class Pool(TypedDict):
    name: str
    vlan: int
    network: str
    netmask: str
    first: str
    last: str
    excluded: list[list[str]]
    router: str
    dns_servers: list[str]
    domain: str
    lease_seconds: int


class DhcpService(TypedDict):
    mode: str | None  # "relay", "local", or None on a stack that routes nothing
    relays: dict[str, list[str]]  # SVI -> the servers it relays to
    pools: list[Pool]


CONCERN = Concern(
    name="dhcp_service",
    title_fr="Service DHCP",
    order=26,
    kinds=frozenset({"switch_stack"}),
    platforms=frozenset({"cisco_ios"}),
    sections=("dhcp_service",),
    shapes={"dhcp_service": DhcpService},
    scopes={
        "cisco_ios": Scope(
            leaves=(r"ip dhcp excluded-address ",),
            blocks=(r"ip dhcp pool ",),
            children=((r"interface Vlan\d+$", (r"ip helper-address ",)),),
        )
    },
    role=None,
    checks={"cisco_ios": checks_dhcp.CHECKS},
    commands={"cisco_ios": checks_dhcp.COMMANDS},
    description="DHCP relay to the town hall's servers, or pools served by the routing stack",
)
