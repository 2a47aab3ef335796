"""How a school routes: its routing stack, protocol, routed uplinks and their /31s.

Checked and resolved in one pass, like the rest of a school: what a model
cannot run (OSPF on a 2960-X on LAN Base, a routed port where it has none) is
a finding naming the model, and the designs only read the result. Each
uplink's transit link is placed here once, from the school number and the
uplink's position (docs/routed-design.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..net.vlan_ids import RESERVED_VLANS
from .plan import TRANSIT_LINKS, CityPlan

if TYPE_CHECKING:
    from .school_rules import Stack

Add = Callable[..., None]


@dataclass(frozen=True, slots=True)
class Uplink:
    """One routed uplink of the school, from its routing stack to a core."""

    position: int  # among the school's uplinks to the cores: its /31 in the school's /29
    channel: int  # the stack's port-channel
    core: str
    core_channel: int
    subnet: str
    core_address: str
    school_address: str
    transit_vlan: int | None  # the dot1Q tag of a stack without routed ports, else None

    @property
    def interface(self) -> str:
        """The school's routed interface of the uplink: its port-channel, or its transit SVI."""
        if self.transit_vlan is not None:
            return f"Vlan{self.transit_vlan}"
        return f"Port-channel{self.channel}"


@dataclass(frozen=True, slots=True)
class SchoolRouting:
    stack: str  # the routing stack: it holds every gateway of the school
    protocol: str  # "ospf" or "static"
    routed_ports: bool
    ip_sla: bool
    sdm_template: str | None
    dhcp_mode: str  # "relay" or "local"
    failover_services: tuple[str, ...]
    uplinks: tuple[Uplink, ...]


def resolve_routing(
    plan: CityPlan,
    raw: dict[str, Any],
    number: int,
    stacks: dict[str, Stack],
    add: Add,
) -> SchoolRouting | None:
    """The school's routing, or None after adding the findings that prevent it."""
    links = [(i, u) for i, u in enumerate(raw["uplinks"]) if "core" in u.get("to", {})]
    routing_stacks = list(dict.fromkeys(u["stack"] for _i, u in links))
    if not links:
        return None  # "no uplink path to a core" is reported already
    if len(routing_stacks) > 1:
        i = next(i for i, u in links if u["stack"] == routing_stacks[1])
        add(
            f"uplinks to the cores leave from stacks {' and '.join(routing_stacks)}: a routed "
            "school routes on one stack, which holds its gateways; the other stacks hang off it",
            "uplinks",
            i,
            "stack",
        )
        return None
    stack = stacks.get(routing_stacks[0])
    if stack is None or not stack.members:
        return None  # reported on the stack
    models = {m.model.name: m.model for m in stack.members}
    static_only = [m for m in models.values() if m.routing != "ospf"]
    routed_ports = all(m.routed_ports for m in models.values())
    ip_sla = all(m.ip_sla for m in models.values())
    sdm = next((m.sdm_template for m in models.values() if m.sdm_template), None)
    own = raw.get("routing", {})
    wanted = own.get("protocol", plan.routing["protocol"])
    protocol = "static" if static_only else "ospf"
    if wanted == "ospf" and static_only:
        where = ("routing", "protocol") if "protocol" in own else _model_path(raw, stack.name)
        add(
            f"{static_only[0].name} routes with static routes only (no OSPF on its feature "
            f"set), but routing.protocol is ospf: set static or auto for school {raw['school']['code']}",
            *where,
        )
        return None
    if wanted == "static":
        protocol = "static"
    limit = min((m.max_static_routes for m in models.values() if m.max_static_routes), default=0)
    if protocol == "static" and limit and len(links) + 1 > limit:
        add(
            f"{len(links) + 1} static routes (a default per uplink and the 4G one) exceed the "
            f"{limit} a {static_only[0].name} holds",
            "uplinks",
        )
    if len(links) > TRANSIT_LINKS:
        add(
            f"{len(links)} uplinks to the cores: a school's /29 of routed links holds "
            f"{TRANSIT_LINKS}",
            "uplinks",
        )
        return None
    uplinks = []
    for position, (i, link) in enumerate(links):
        core = plan.cores.get(link["to"]["core"])
        if core is None:
            continue  # reported on the uplink
        vlan = None if routed_ports else _transit_vlan(plan, core, number, i, add)
        subnet, core_end, school_end = plan.transit_link(number, position)
        uplinks.append(
            Uplink(
                position,
                link["channel"],
                core["name"],
                link["to"]["channel"],
                subnet,
                core_end,
                school_end,
                vlan,
            )
        )
    tags = [u.transit_vlan for u in uplinks if u.transit_vlan is not None]
    if len(set(tags)) != len(tags):
        add(
            f"two uplinks would use transit VLAN {tags[0]}: give their cores different "
            "transit_vlan_base values in city.yml",
            "uplinks",
        )
    dhcp_mode = raw.get("dhcp", {}).get("mode", plan.dhcp["mode"])
    if dhcp_mode == "relay" and not plan.dhcp["servers"]:
        add("relay mode needs dhcp.servers in city.yml, or set mode: local", "dhcp", "mode")
    if dhcp_mode == "local" and not plan.dhcp["dns_servers"]:
        add(
            "local mode needs dhcp.dns_servers in city.yml: the pools would give clients "
            "no DNS server",
            "dhcp",
            "mode",
        )
    services = tuple(raw.get("failover", {}).get("services", plan.failover["services"]))
    for k, service in enumerate(raw.get("failover", {}).get("services", [])):
        vlan = plan.vlans.get(service)
        if vlan is None or not vlan.routed:
            known = ", ".join(v.service for v in plan.vlans.values() if v.routed)
            add(f"unknown routed service {service}; known: {known}", "failover", "services", k)
    return SchoolRouting(
        stack.name,
        protocol,
        routed_ports,
        ip_sla,
        sdm,
        dhcp_mode,
        services,
        tuple(uplinks),
    )


def _model_path(raw: dict[str, Any], stack: str) -> tuple[str | int, ...]:
    i = next(i for i, s in enumerate(raw["stacks"]) if s["name"] == stack)
    return ("stacks", i, "members", 0, "model")


def _transit_vlan(
    plan: CityPlan, core: dict[str, Any], number: int, i: int, add: Add
) -> int | None:
    base = core.get("transit_vlan_base")
    where = ("uplinks", i, "to", "core")
    if base is None:
        add(
            f"this stack has no routed ports, so it reaches {core['name']} over a transit VLAN, "
            f"but {core['name']} has no transit_vlan_base in city.yml",
            *where,
        )
        return None
    vlan = base + number
    taken = {v.id: v.service for v in plan.vlans.values()}
    if vlan > 4094 or vlan in RESERVED_VLANS:
        add(
            f"transit VLAN {base} + school number {number} = {vlan} is not a usable VLAN id "
            "(1-4094, not 1002-1005): lower the core's transit_vlan_base",
            *where,
        )
        return None
    if vlan in taken:
        add(
            f"transit VLAN {base} + {number} = {vlan} is already VLAN {taken[vlan]} of the plan",
            *where,
        )
        return None
    return vlan


__all__ = ["SchoolRouting", "Uplink", "resolve_routing"]
