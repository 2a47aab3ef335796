"""The declared shape of each kind of device's intent.

Templates, roles, the verify checks and the lab read the intent by key; a
key renamed or a type changed in the design would otherwise surface as a
StrictUndefined error in one template or a silent ``None`` in one check. A
unit test checks every device of the demo city and of a generated city
against these types, keys and nested values alike, as AVD checks its
structured configuration against its schema. Platform spelling (IOS lines,
UCI options) is not part of the intent: it lives in ``platforms/``.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict


class Member(TypedDict):
    number: int
    model: str
    provision: str
    stack_command_mode: Literal["exec", "config"]  # where the model takes `switch N priority`
    serial: str
    priority: int
    role: Literal["active", "standby", "member"]
    building: str


class VlanEntry(TypedDict):
    id: int
    name: str
    service: str
    local: bool


class Port(TypedDict):
    name: str
    description: str
    mode: Literal["access", "trunk", "routed"]
    access_vlan: int | None
    voice_vlan: int | None
    native_vlan: int | None
    allowed_vlans: list[int]
    portfast: Literal["access", "trunk"] | None
    bpdu_guard: bool
    guard: Literal["root", "loop"] | None
    channel_group: int | None
    shutdown: bool
    role: str
    profile: str | None
    label: str
    peer: NotRequired[str]  # a bundled port: the far end of its port-channel


class PortChannel(Port):
    members: list[str]


class Stp(TypedDict):
    mode: str
    priority: int
    root_priority: int
    vlan_ranges: list[str]
    errdisable_causes: list[str]
    errdisable_interval: int


class Management(TypedDict, total=False):
    """Empty when the city's management VLAN is not routed. A routing stack is its own
    gateway (None) and a core is managed on its loopback (no VLAN)."""

    vlan: int | None
    interface: str
    address: str
    netmask: str
    subnet: str
    gateway: str | None


class _Switch(TypedDict):
    hostname: str
    kind: str
    platform: str
    school: str | None
    building: str
    vlans: list[VlanEntry]
    port_channels: list[PortChannel]
    interfaces: list[Port]
    stp: Stp
    management: Management


class StackIntent(_Switch):
    members: list[Member]


class CoreIntent(_Switch):
    role: Literal["primary", "secondary"]


class Lan(TypedDict):
    interface: str
    address: str
    gateway: str  # the routing stack's address on the router's VLAN
    netmask: str
    prefix: int
    subnet: str
    network: str
    wildcard: str
    vlan: int
    enabled: bool


class Dhcp(TypedDict):
    pool_name: str
    first: str
    last: str
    start: int
    limit: int
    lease_time: str
    lease_seconds: int
    excluded: list[list[str]]
    router: str


class SecretRef(TypedDict, total=False):
    """Where a secret lives (a vaulted variable or an environment variable), never its value."""

    var: str
    env: str


class Cellular(TypedDict):
    interface: str
    apn: str
    pdp_type: Literal["ipv4", "ipv6", "ipv4v6"]
    profile: int
    sim_pin: SecretRef
    failover_metric: int


class SwitchPort(TypedDict):
    host: str
    interface: str
    short: str
    vlan: int


class RouterRoute(TypedDict):
    prefix: str
    netmask: str
    wildcard: str
    subnet: str
    next_hop: str
    name: str


class RouterSubnet(TypedDict):
    service: str
    vlan: int
    subnet: str
    network: str
    netmask: str
    wildcard: str


class RouterIntent(TypedDict):
    hostname: str
    kind: str
    platform: str
    model: str
    school: str
    lan: Lan
    dhcp: Dhcp
    dns_servers: list[str]
    cellular: Cellular
    switch_port: SwitchPort
    routes: list[RouterRoute]  # back to the school and the town hall, through the stack
    nat: list[RouterSubnet]  # allowed on the 4G link
    refused: list[RouterSubnet]  # refused there


INTENT_TYPES: dict[str, type] = {
    "switch_stack": StackIntent,
    "core": CoreIntent,
    "backup_router": RouterIntent,
}
