"""Routing: ip routing, the gateways (SVIs), routed uplinks, OSPF or static routes.

A school's routing stack holds every gateway of the school and reaches the
cores over routed uplinks; the cores route between the schools, each other
and the Internet edge (docs/routed-design.md). The concern owns the SVIs
whole (a gateway is a routed interface), the loopback and sub-interfaces,
and only the address and OSPF lines of ports and port-channels, which vlans
creates. The default routes of a stack are failover's.
"""

from __future__ import annotations

from typing import TypedDict

from ..verify import checks_routing
from . import Concern, Scope, Secret, SecretLine
from .vlans import PHYSICAL


class OspfInterface(TypedDict):
    network: str
    hello: int
    dead: int
    key_id: int  # MD5 key number; the key is the secret `ospf_key`


class OspfAuthentication(TypedDict):
    key_id: int
    key: dict[str, str]  # a secret reference, never the key


class PortAddress(TypedDict):
    address: str | None  # None: a bundle member or a sub-interfaces' parent, `no ip address`
    netmask: str | None
    ospf: OspfInterface | None


class Svi(TypedDict):
    vlan: int
    interface: str
    description: str
    address: str
    netmask: str
    subnet: str
    ospf: OspfInterface | None


class Link(TypedDict):
    interface: str
    peer: str
    address: str
    peer_address: str
    netmask: str
    subnet: str
    transit_vlan: int | None


class Downlink(Link):
    school: str


class SubInterface(TypedDict):
    interface: str
    vlan: int
    description: str
    address: str
    netmask: str
    ospf: OspfInterface | None


class PointToPoint(TypedDict):
    interface: str
    address: str
    peer_address: str
    netmask: str
    subnet: str


class Loopback(TypedDict):
    interface: str
    address: str


class OspfNetwork(TypedDict):
    network: str
    wildcard: str
    area: int


class OspfArea(TypedDict):
    area: int
    range: str
    netmask: str


class Ospf(TypedDict):
    process: int
    router_id: str
    area: int
    stub: str | None
    areas: list[OspfArea]
    networks: list[OspfNetwork]
    active: list[str]
    redistribute_static: bool
    default_originate: bool
    authentication: OspfAuthentication


class Route(TypedDict):
    prefix: str
    netmask: str
    next_hop: str
    distance: int | None
    name: str | None
    track: int | None


class Routing(TypedDict):
    enabled: bool
    protocol: str | None
    sdm_template: str | None
    svis: list[Svi]
    default_gateway: str | None
    uplinks: list[Link]
    ports: dict[str, PortAddress]
    ospf: Ospf | None
    static_routes: list[Route]
    loopback: Loopback | None
    downlinks: list[Downlink]
    subinterfaces: list[SubInterface]
    interconnect: PointToPoint | None
    edge: PointToPoint | None


_ADDRESSING = (r"ip address ", r"no ip address$", r"ip ospf ")

# IOS reads at most 16 characters of an MD5 key (`ip ospf message-digest-key`, IP Routing:
# OSPF Command Reference); a space would end it early, a line break split the line.
OSPF_KEY = Secret(
    "OSPF authentication key",
    lambda intent: (intent["routing"]["ospf"] or {}).get("authentication", {}).get("key"),
    (r"[!-~]{1,16}", "1 to 16 printable characters without spaces"),
)

CONCERN = Concern(
    name="routing",
    title_fr="Routage",
    order=25,
    kinds=frozenset({"switch_stack", "core"}),
    platforms=frozenset({"cisco_ios"}),
    sections=("routing",),
    shapes={"routing": Routing},
    scopes={
        "cisco_ios": Scope(
            leaves=(
                r"ip routing$",
                r"ip default-gateway ",
                # a school route of a core, or a core's default towards the edge
                r"ip route \S+ \S+ \S+ name (internet|ecole-\S+)$",
            ),
            blocks=(
                r"interface Vlan(?!1$)\d+$",
                r"interface Loopback\d+$",
                r"interface Port-channel\d+\.\d+$",
                r"router ospf \d+$",
            ),
            children=(
                (PHYSICAL, _ADDRESSING),
                (r"interface Port-channel\d+$", _ADDRESSING),
            ),
        )
    },
    role=None,
    checks={"cisco_ios": checks_routing.CHECKS},
    commands={"cisco_ios": checks_routing.COMMANDS},
    conditional_commands={"cisco_ios": checks_routing.CONDITIONAL_COMMANDS},
    secrets={"ospf_key": OSPF_KEY},
    # `ip ospf message-digest-key N md5 [7] KEY`, `ip ospf authentication-key [7] KEY`
    # (IP Routing: OSPF Command Reference)
    secret_lines={
        "cisco_ios": (
            SecretLine(r"(\s*ip ospf message-digest-key \d+ md5 (?:\d )?)(\S+)"),
            SecretLine(r"(\s*ip ospf authentication-key (?:\d )?)(\S+)"),
        )
    },
    description="ip routing, gateways (SVIs), routed uplinks, OSPF or static routes",
)

__all__ = ["CONCERN", "Route", "Routing"]
