"""Each device's intended state, as plain data.

One class per kind of device; each configuration section is a cached
property, so a section is computed once however many renderers or roles read
it, and a role that needs only the VLANs never pays for the port map. The
cross-device facts (which school ports land on which core) are computed from
the whole city here, explicitly, and nowhere else.
"""

from __future__ import annotations

import ipaddress
from functools import cache, cached_property
from typing import Any

from ..concerns import concerns_for
from ..net.addressing import netmask, wildcard
from ..net.interfaces import short_name, split_name
from ..net.vlan_ids import vlan_ranges
from ..platforms.hardware import SwitchModel
from .addressing_plan import VlanAddressing
from .plan import CityPlan, Profile, Vlan, lease_seconds
from .school_routing import Uplink
from .school_rules import Channel, PortUse, School, Stack

FLOATING_ROUTE_NAME = "secours-4g"  # the floating default via the backup router
# what only a core's routing has, empty on a stack so every device's section has one shape
_NO_CORE_ROUTING: dict[str, Any] = {
    "loopback": None,
    "downlinks": [],
    "subinterfaces": [],
    "interconnect": None,
    "edge": None,
}


@cache
def _member_interfaces(model: SwitchModel, number: int) -> tuple[str, ...]:
    """A member's interface names in catalogue order, built once per model and number."""
    return tuple(model.interfaces(number))


def _interface_key(name: str) -> tuple[Any, ...]:
    kind, numbers = split_name(name)
    return (numbers[:1], kind, numbers[1:])


class _Device:
    """A device's intent: who it is, then the sections its concerns compute.

    The sections are the ones the concern registry gives this kind of device on
    this platform, so the intent of a device never lists them by hand and a new
    concern's section appears in every intent that should carry it.
    """

    kind: str
    platform: str

    def about(self) -> dict[str, Any]:
        raise NotImplementedError

    def intent(self) -> dict[str, Any]:
        out = self.about()
        for item in concerns_for(self.kind, self.platform):
            for section in item.sections:
                out[section] = getattr(self, section)
        return out


class _Switch(_Device):
    """What stacks and cores share: VLAN set, trunks, spanning tree."""

    plan: CityPlan
    hostname: str

    def _trunk(
        self, name: str, description: str, vlans: list[Vlan], guard: str | None
    ) -> dict[str, Any]:
        ids = sorted(v.id for v in vlans)
        native = self.plan.native_vlan
        return {
            "name": name,
            "description": description,
            "mode": "trunk",
            "access_vlan": None,
            "voice_vlan": None,
            "native_vlan": native.id if native else None,
            "allowed_vlans": ids,
            "portfast": None,
            "bpdu_guard": False,
            "guard": guard,
            "channel_group": None,
            "shutdown": False,
            "role": "uplink",
            "profile": None,
            "label": "",
        }

    def _routed(self, name: str, description: str, role: str) -> dict[str, Any]:
        """A layer-3 port or port-channel: no switching line, its address in ``routing``."""
        return {
            "name": name,
            "description": description,
            "mode": "routed",
            "access_vlan": None,
            "voice_vlan": None,
            "native_vlan": None,
            "allowed_vlans": [],
            "portfast": None,
            "bpdu_guard": False,
            "guard": None,
            "channel_group": None,
            "shutdown": False,
            "role": role,
            "profile": None,
            "label": "",
        }

    def _routed_bundle(
        self, number: int, ports: list[str], description: str, role: str, peer: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        po = self._routed(f"Port-channel{number}", description, role)
        po["members"] = list(ports)
        po["peer"] = peer
        members = []
        for port in ports:
            member = self._routed(port, description, role)
            member.update(channel_group=number, peer=peer)
            members.append(member)
        return po, members

    def _ospf_interface(self) -> dict[str, Any]:
        ospf = self.plan.routing["ospf"]
        return {"network": "point-to-point", "hello": ospf["hello"], "dead": ospf["dead"]}

    def _management(self, placed: VlanAddressing, address: str) -> dict[str, Any]:
        vlan, subnet = placed.vlan, placed.subnet or ""
        return {
            "vlan": vlan.id,
            "interface": f"Vlan{vlan.id}",
            "address": address,
            "netmask": netmask(subnet),
            "subnet": subnet,
            "gateway": placed.gateway,
        }

    def _stp(self, vlans: list[dict[str, Any]], priority: int) -> dict[str, Any]:
        stp = self.plan.stp
        ids = [v["id"] for v in vlans]
        recovery = stp["errdisable_recovery"]
        return {
            "mode": stp["mode"],
            "priority": priority,
            "root_priority": stp["root_priority"],
            "vlan_ranges": vlan_ranges(ids, first_line_len=10_000),
            "errdisable_causes": list(recovery.get("causes", [])),
            "errdisable_interval": recovery.get("interval", 300),
        }

    def _port_channel(
        self, channel: Channel, description: str, vlans: list[Vlan]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        stp = self.plan.stp
        # The guard follows the school's computed topology, not the declared
        # direction: root guard on a bundle that may become the path to the root
        # would isolate the stack as root-inconsistent when its own uplink fails.
        if channel.may_lead_to_root:
            guard = "loop" if stp["loop_guard"] else None
        else:
            guard = "root" if stp["root_guard"] else None
        po = self._trunk(f"Port-channel{channel.id}", description, vlans, guard)
        po["role"] = "uplink" if channel.direction == "up" else "downstream"
        po["members"] = list(channel.ports)
        po["peer"] = f"{channel.peer} Po{channel.peer_channel}"
        members = []
        for port in channel.ports:
            member = dict(po)
            member.pop("members")
            member.update(name=port, guard=None, channel_group=channel.id)
            members.append(member)
        return po, members


class StackDesign(_Switch):
    """A school's switch stack: one logical switch."""

    kind = "switch_stack"
    platform = "cisco_ios"

    def __init__(self, plan: CityPlan, school: School, stack: Stack) -> None:
        self.plan = plan
        self.school = school
        self.stack = stack
        self.hostname = f"{school.code}-{stack.name}"

    @cached_property
    def carried_vlans(self) -> list[Vlan]:
        """Every VLAN of the plan: they are the school's own, ids local to it."""
        return sorted(self.plan.vlans.values(), key=lambda v: v.id)

    @cached_property
    def routes(self) -> bool:
        """This stack routes the school: it holds every gateway and the uplinks to the cores."""
        return self.school.routing.stack == self.stack.name

    @cached_property
    def _uplinks(self) -> dict[int, Uplink]:
        """The school's routed uplinks by this stack's port-channel number."""
        if not self.routes:
            return {}
        return {u.channel: u for u in self.school.routing.uplinks}

    @cached_property
    def members(self) -> list[dict[str, Any]]:
        ordered = sorted(self.stack.members, key=lambda m: (-m.priority, m.number))
        roles = {
            m.number: ("active" if i == 0 else "standby" if i == 1 else "member")
            for i, m in enumerate(ordered)
        }
        return [
            {
                "number": m.number,
                "model": m.model.name,
                "provision": m.model.provision,
                "stack_command_mode": m.model.stack_command_mode,
                "serial": m.serial,
                "priority": m.priority,
                "role": roles[m.number],
                "building": m.building,
            }
            for m in self.stack.members
        ]

    @cached_property
    def vlans(self) -> list[dict[str, Any]]:
        out = [
            {"id": v.id, "name": v.name, "service": v.service, "local": v.local}
            for v in self.carried_vlans
        ]
        for uplink in self._uplinks.values():
            if uplink.transit_vlan is not None:
                name = f"TRANSIT-{uplink.core}".upper()[:32]
                out.append(
                    {"id": uplink.transit_vlan, "name": name, "service": "transit", "local": False}
                )
        return sorted(out, key=lambda v: v["id"])

    @cached_property
    def _access_templates(self) -> dict[tuple[int, str, str], tuple[Profile, dict[str, Any]]]:
        return {}

    def _access(self, name: str, use: PortUse) -> dict[str, Any]:
        """An access or edge-trunk port: a copy of the fields shared by its profile's ports.

        Hundreds of ports of a stack share a profile; building their fields
        once per (profile, description, role) and copying them is several
        times cheaper than building each port from the profile.
        """
        key = (id(use.profile), use.description, use.role)
        cached = self._access_templates.get(key)
        if cached is None:
            cached = (use.profile, self._access_fields(name, use))  # type: ignore[assignment]
            self._access_templates[key] = cached  # type: ignore[assignment]
        port = dict(cached[1])
        port["name"] = name
        port["allowed_vlans"] = list(port["allowed_vlans"])
        return port

    def _access_fields(self, name: str, use: PortUse) -> dict[str, Any]:
        profile: Profile = use.profile  # type: ignore[assignment]
        stp = self.plan.stp
        trunk = profile.mode == "trunk"
        ids = sorted(v.id for v in profile.vlans) if trunk else []
        return {
            "name": name,
            "description": use.description,
            "mode": profile.mode,
            "access_vlan": profile.vlan.id if profile.vlan and not trunk else None,
            "voice_vlan": profile.voice_vlan.id if profile.voice_vlan else None,
            "native_vlan": profile.native_vlan.id if profile.native_vlan else None,
            "allowed_vlans": ids,
            "portfast": ("trunk" if trunk else "access") if profile.edge else None,
            "bpdu_guard": profile.edge and stp["bpdu_guard"],
            "guard": None,
            "channel_group": None,
            "shutdown": profile.shutdown,
            "role": use.role,
            "profile": profile.name,
            "label": profile.label,
        }

    @cached_property
    def _channels(self) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
        port_channels = []
        members: dict[str, dict[str, Any]] = {}
        for channel in sorted(self.stack.channels, key=lambda c: c.id):
            uplink = self._uplinks.get(channel.id) if channel.peer_kind == "core" else None
            peer = (
                channel.peer
                if channel.peer_kind == "core"
                else f"{self.school.code}-{channel.peer}"
            )
            word = "uplink" if channel.direction == "up" else "downlink"
            far = f"{peer} Po{channel.peer_channel}"
            if uplink is not None and uplink.transit_vlan is None:
                po, ports = self._routed_bundle(
                    channel.id, channel.ports, f"{word} {peer}", "uplink", far
                )
            elif uplink is not None:
                po, ports = self._transit_trunk(channel, f"{word} {peer}", uplink.transit_vlan)
            else:
                po, ports = self._port_channel(channel, f"{word} {peer}", self.carried_vlans)
            po["peer"] = far
            port_channels.append(po)
            members.update((p["name"], p) for p in ports)
        return port_channels, members

    def _transit_trunk(
        self, channel: Channel, description: str, vlan: int
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """A 2960-X uplink: a trunk carrying only its transit VLAN, which the core terminates."""
        po, members = self._port_channel(channel, description, [])
        for port in (po, *members):
            port.update(allowed_vlans=[vlan], guard=None, role="uplink")
        return po, members

    @cached_property
    def port_channels(self) -> list[dict[str, Any]]:
        return self._channels[0]

    @cached_property
    def interfaces(self) -> list[dict[str, Any]]:
        """Every physical interface the design configures, in IOS order."""
        bundled = self._channels[1]
        unassigned = self.plan.unassigned_profile
        out = []
        for member in self.stack.members:
            for name in _member_interfaces(member.model, member.number):
                use = self.stack.ports.get(name)
                if name in bundled:
                    out.append(bundled[name])
                elif use is not None:
                    out.append(self._access(name, use))
                elif unassigned is not None:
                    out.append(
                        self._access(name, PortUse("unused", unassigned, unassigned.description))
                    )
        return out

    @cached_property
    def stp(self) -> dict[str, Any]:
        """The routing stack is the root of every VLAN of its school: the tree ends at the gateways."""
        stp = self.plan.stp
        return self._stp(
            self.vlans, stp["root_priority"] if self.routes else stp["access_priority"]
        )

    @cached_property
    def management(self) -> dict[str, Any]:
        vlan = self.plan.vlans.get("management")
        if vlan is None or vlan.routed is False:
            return {}
        addressing = self.school.addressing
        placed = addressing.vlan(vlan.service)
        if self.routes:
            # the routing stack is the management VLAN's gateway, and is managed on it
            out = self._management(placed, placed.gateway or "")
            out["gateway"] = None
            return out
        return self._management(placed, addressing.management_address(self.stack.index))

    # -- routing, DHCP service, failover (docs/routed-design.md) -------------------
    @cached_property
    def routing(self) -> dict[str, Any]:
        school = self.school.routing
        mgmt = self.management
        if not self.routes:
            svis = []
            if mgmt:
                svis.append(self._svi(mgmt["vlan"], "management", mgmt["address"], mgmt["subnet"]))
            return {
                "enabled": False,
                "protocol": None,
                "sdm_template": None,
                "svis": svis,
                "default_gateway": mgmt.get("gateway") if mgmt else None,
                "uplinks": [],
                "ports": {},
                "ospf": None,
                "static_routes": [],
                **_NO_CORE_ROUTING,
            }
        svis = [
            self._svi(v.id, v.name, placed.gateway, placed.subnet)
            for v in sorted(self.plan.routed_vlans(), key=lambda v: v.id)
            if (placed := self.school.addressing.vlan(v.service)).gateway and placed.subnet
        ]
        uplinks = []
        ports: dict[str, dict[str, Any]] = {}
        ospf = school.protocol == "ospf"
        for uplink in sorted(school.uplinks, key=lambda u: u.position):
            name = (
                f"Vlan{uplink.transit_vlan}"
                if uplink.transit_vlan is not None
                else f"Port-channel{uplink.channel}"
            )
            entry = {
                "interface": name,
                "peer": uplink.core,
                "address": uplink.school_address,
                "peer_address": uplink.core_address,
                "netmask": netmask(uplink.subnet),
                "subnet": uplink.subnet,
                "transit_vlan": uplink.transit_vlan,
            }
            uplinks.append(entry)
            address = {
                "address": uplink.school_address,
                "netmask": netmask(uplink.subnet),
                "ospf": self._ospf_interface() if ospf else None,
            }
            if uplink.transit_vlan is None:
                ports[name] = address
                for member in self._po_members(uplink.channel):
                    ports[member] = {"address": None, "netmask": None, "ospf": None}
            else:
                svis.append(
                    {
                        "vlan": uplink.transit_vlan,
                        "interface": name,
                        "description": f"transit {uplink.core}",
                        **address,
                        "subnet": uplink.subnet,
                    }
                )
        svis.sort(key=lambda v: v["vlan"])
        return {
            "enabled": True,
            "protocol": school.protocol,
            "sdm_template": school.sdm_template,
            "svis": svis,
            "default_gateway": None,
            "uplinks": uplinks,
            "ports": ports,
            "ospf": self._ospf(uplinks) if ospf else None,
            "static_routes": [],
            **_NO_CORE_ROUTING,
        }

    def _svi(self, vlan: int, description: str, address: str, subnet: str) -> dict[str, Any]:
        return {
            "vlan": vlan,
            "interface": f"Vlan{vlan}",
            "description": description,
            "address": address,
            "netmask": netmask(subnet),
            "subnet": subnet,
            "ospf": None,
        }

    def _po_members(self, channel: int) -> list[str]:
        return next((list(c.ports) for c in self.stack.channels if c.id == channel), [])

    def _ospf(self, uplinks: list[dict[str, Any]]) -> dict[str, Any]:
        """The school is a stub area numbered after it; only the uplinks form adjacencies."""
        area = self.school.number
        networks = [
            {"network": str(net.network_address), "wildcard": str(net.hostmask), "area": area}
            for net in (ipaddress.IPv4Network(self.school.block),)
        ] + [
            {"network": u["subnet"].split("/")[0], "wildcard": wildcard(u["subnet"]), "area": area}
            for u in uplinks
        ]
        return {
            "process": self.plan.routing["ospf"]["process"],
            "router_id": self.management.get("address") or uplinks[0]["address"],
            "area": area,
            "stub": "stub",
            "networks": networks,
            "active": [u["interface"] for u in uplinks],
            "areas": [],
            "redistribute_static": False,
            "default_originate": False,
        }

    @cached_property
    def dhcp_service(self) -> dict[str, Any]:
        """Who serves each routed VLAN's pool: the town hall's servers through relay, or this stack."""
        if not self.routes:
            return {"mode": None, "relays": {}, "pools": []}
        mode = self.school.routing.dhcp_mode
        dhcp = self.plan.dhcp
        relays: dict[str, list[str]] = {}
        pools = []
        for vlan in sorted(self.plan.routed_vlans(), key=lambda v: v.id):
            placed = self.school.addressing.vlan(vlan.service)
            if not vlan.dhcp or placed.pool is None or placed.subnet is None:
                continue
            if mode == "relay":
                relays[f"Vlan{vlan.id}"] = list(dhcp["servers"])
                continue
            net = placed.network
            pools.append(
                {
                    "name": vlan.name,
                    "vlan": vlan.id,
                    "network": str(net.network_address),
                    "netmask": str(net.netmask),
                    "first": placed.pool[0],
                    "last": placed.pool[1],
                    "excluded": [list(pair) for pair in placed.outside_pool()],
                    "router": placed.gateway,
                    "dns_servers": list(dhcp["dns_servers"]),
                    "domain": self.plan.domain,
                    "lease_seconds": lease_seconds(dhcp["lease_time"]),
                }
            )
        return {"mode": mode, "relays": relays, "pools": pools}

    @cached_property
    def failover(self) -> dict[str, Any]:
        """Defaults via each core, tracked where the model can, and the 4G floating default."""
        empty: dict[str, Any] = {
            "router_address": None,
            "distance": None,
            "services": [],
            "probes": [],
            "routes": [],
        }
        if not self.routes:
            return empty
        school, policy = self.school.routing, self.plan.failover
        probes, routes = [], []
        for uplink in sorted(school.uplinks, key=lambda u: u.position):
            track = None
            if school.ip_sla:
                track = uplink.position + 1
                probes.append(
                    {
                        "id": track,
                        "target": uplink.core_address,
                        "source": (
                            f"Vlan{uplink.transit_vlan}"
                            if uplink.transit_vlan is not None
                            else f"Port-channel{uplink.channel}"
                        ),
                        "frequency": policy["probe_frequency"],
                        "track": track,
                        "peer": uplink.core,
                    }
                )
            routes.append(
                {
                    "prefix": "0.0.0.0",
                    "netmask": "0.0.0.0",
                    "next_hop": uplink.core_address,
                    "distance": None,
                    "name": f"fibre-{uplink.core}",
                    "track": track,
                }
            )
        placed = self.school.addressing.router_lan  # placing it sets the router's address
        router = self.school.addressing.router_address if placed is not None else None
        if router is not None:
            routes.append(
                {
                    "prefix": "0.0.0.0",
                    "netmask": "0.0.0.0",
                    "next_hop": router,
                    "distance": policy["distance"],
                    "name": FLOATING_ROUTE_NAME,
                    "track": None,
                }
            )
        return {
            "router_address": router,
            "distance": policy["distance"],
            "services": list(school.failover_services),
            "probes": probes,
            "routes": routes,
        }

    def about(self) -> dict[str, Any]:
        return {
            "hostname": self.hostname,
            "kind": self.kind,
            "platform": self.platform,
            "school": self.school.code,
            "building": self.stack.building,
        }


class CoreDesign(_Switch):
    """A city core: routes between the schools, its twin and the Internet edge; no school VLAN."""

    kind = "core"
    platform = "cisco_ios"

    def __init__(
        self, plan: CityPlan, core: dict[str, Any], links: list[tuple[School, Channel, str]]
    ) -> None:
        self.plan = plan
        self.core = core
        self.links = links
        self.hostname = core["name"]

    @cached_property
    def vlans(self) -> list[dict[str, Any]]:
        """None: a core port carries no school VLAN, and transit tags live on sub-interfaces."""
        return []

    @cached_property
    def _downlinks(self) -> list[tuple[School, Channel, Uplink]]:
        out = []
        for school, channel, _stack in self.links:
            uplink = next(
                u
                for u in school.routing.uplinks
                if u.core == self.hostname and u.core_channel == channel.id
            )
            out.append((school, channel, uplink))
        return out

    @cached_property
    def partner(self) -> str | None:
        """The other core of this one's pair (city.yml's order), joined by the interconnect."""
        pair, side = self.plan.core_pair(self.hostname)
        names = list(self.plan.cores)
        other = 2 * pair + 1 - side
        return names[other] if other < len(names) else None

    @cached_property
    def _interconnect(self) -> tuple[str, str, str] | None:
        """(subnet, this core's address, the partner's) of the pair's interconnect."""
        if self.partner is None or len(self.core.get("interconnect_ports", [])) < 2:
            return None
        pair, side = self.plan.core_pair(self.hostname)
        subnet, even, odd = self.plan.core_link(pair, 0)
        return (subnet, even, odd) if side == 0 else (subnet, odd, even)

    @cached_property
    def _channels(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        pos: list[dict[str, Any]] = []
        members: list[dict[str, Any]] = []
        for school, channel, _uplink in self._downlinks:
            far = f"{school.code}-{channel.peer} Po{channel.peer_channel}"
            po, ports = self._routed_bundle(
                channel.id,
                channel.ports,
                f"downlink {school.code}-{channel.peer}",
                "downstream",
                far,
            )
            pos.append(po)
            members.extend(ports)
        if self._interconnect is not None:
            number = self.plan.interconnect_channel
            po, ports = self._routed_bundle(
                number,
                list(self.core["interconnect_ports"]),
                f"interconnect {self.partner}",
                "interconnect",
                f"{self.partner} Po{number}",
            )
            pos.append(po)
            members.extend(ports)
        if self.core.get("edge_port"):
            members.append(self._routed(self.core["edge_port"], "edge internet", "edge"))
        pos.sort(key=lambda p: int(p["name"].removeprefix("Port-channel")))
        members.sort(key=lambda p: _interface_key(p["name"]))
        return pos, members

    @cached_property
    def port_channels(self) -> list[dict[str, Any]]:
        return self._channels[0]

    @cached_property
    def interfaces(self) -> list[dict[str, Any]]:
        return self._channels[1]

    @cached_property
    def stp(self) -> dict[str, Any]:
        """Spanning tree stays on (a patch cable on a routed core must still be caught), no VLAN."""
        return self._stp([], self.plan.stp["root_priority"])

    @cached_property
    def management(self) -> dict[str, Any]:
        address = self.core["management_address"]
        return {
            "vlan": None,
            "interface": "Loopback0",
            "address": address,
            "netmask": "255.255.255.255",
            "subnet": f"{address}/32",
            "gateway": None,
        }

    @cached_property
    def routing(self) -> dict[str, Any]:
        ospf_on = self.plan.routing["ospf"]
        ports: dict[str, dict[str, Any]] = {}
        subinterfaces = []
        downlinks = []
        static_routes = []
        areas = []
        networks = []
        active = []
        for school, channel, uplink in self._downlinks:
            ospf = school.routing.protocol == "ospf"
            po = f"Port-channel{channel.id}"
            address = {
                "address": uplink.core_address,
                "netmask": netmask(uplink.subnet),
                "ospf": self._ospf_interface() if ospf else None,
            }
            blank = {"address": None, "netmask": None, "ospf": None}
            if uplink.transit_vlan is None:
                ports[po] = address
                interface = po
            else:
                ports[po] = blank
                interface = f"{po}.{uplink.transit_vlan}"
                subinterfaces.append(
                    {
                        "interface": interface,
                        "vlan": uplink.transit_vlan,
                        "description": f"transit {school.code}-{channel.peer}",
                        **address,
                    }
                )
            ports.update((m, blank) for m in channel.ports)
            downlinks.append(
                {
                    "interface": interface,
                    "school": school.code,
                    "peer": f"{school.code}-{channel.peer}",
                    "address": uplink.core_address,
                    "peer_address": uplink.school_address,
                    "netmask": netmask(uplink.subnet),
                    "subnet": uplink.subnet,
                    "transit_vlan": uplink.transit_vlan,
                }
            )
            block = ipaddress.IPv4Network(school.block)
            if ospf:
                area = school.number
                if area not in {a["area"] for a in areas}:
                    areas.append(
                        {
                            "area": area,
                            "range": str(block.network_address),
                            "netmask": str(block.netmask),
                        }
                    )
                networks.append(
                    {
                        "network": uplink.subnet.split("/")[0],
                        "wildcard": wildcard(uplink.subnet),
                        "area": area,
                    }
                )
                active.append(interface)
            else:
                static_routes.append(
                    {
                        "prefix": str(block.network_address),
                        "netmask": str(block.netmask),
                        "next_hop": uplink.school_address,
                        "distance": None,
                        "name": f"ecole-{school.code}",
                        "track": None,
                    }
                )
        interconnect = None
        if self._interconnect is not None:
            subnet, mine, theirs = self._interconnect
            po = f"Port-channel{self.plan.interconnect_channel}"
            interconnect = {
                "interface": po,
                "address": mine,
                "peer_address": theirs,
                "netmask": netmask(subnet),
                "subnet": subnet,
            }
            ports[po] = {
                "address": mine,
                "netmask": netmask(subnet),
                "ospf": self._ospf_interface(),
            }
            ports.update(
                (m, {"address": None, "netmask": None, "ospf": None})
                for m in self.core["interconnect_ports"]
            )
            networks.append(
                {"network": subnet.split("/")[0], "wildcard": wildcard(subnet), "area": 0}
            )
            active.append(po)
        edge = None
        if self.core.get("edge_port"):
            pair, side = self.plan.core_pair(self.hostname)
            subnet, mine, firewall = self.plan.core_link(pair, 1 + side)
            edge = {
                "interface": self.core["edge_port"],
                "address": mine,
                "peer_address": firewall,
                "netmask": netmask(subnet),
                "subnet": subnet,
            }
            ports[self.core["edge_port"]] = {
                "address": mine,
                "netmask": netmask(subnet),
                "ospf": None,
            }
            static_routes.append(
                {
                    "prefix": "0.0.0.0",
                    "netmask": "0.0.0.0",
                    "next_hop": firewall,
                    "distance": None,
                    "name": "internet",
                    "track": None,
                }
            )
        loopback = self.management
        networks.append({"network": loopback["address"], "wildcard": "0.0.0.0", "area": 0})
        areas.sort(key=lambda a: a["area"])
        active.sort(key=lambda name: int(name.removeprefix("Port-channel").split(".")[0]))
        networks.sort(key=lambda n: (n["area"], ipaddress.IPv4Address(n["network"])))
        return {
            "enabled": True,
            "protocol": "ospf",
            "sdm_template": None,
            "svis": [],
            "default_gateway": None,
            "uplinks": [],
            "ports": ports,
            "loopback": {"interface": loopback["interface"], "address": loopback["address"]},
            "downlinks": downlinks,
            "subinterfaces": sorted(subinterfaces, key=lambda s: s["vlan"]),
            "interconnect": interconnect,
            "edge": edge,
            "ospf": {
                "process": ospf_on["process"],
                "router_id": loopback["address"],
                "area": 0,
                "stub": None,
                "areas": areas,
                "networks": networks,
                "active": active,
                "redistribute_static": True,
                "default_originate": True,
            },
            "static_routes": static_routes,
        }

    def about(self) -> dict[str, Any]:
        return {
            "hostname": self.hostname,
            "kind": self.kind,
            "platform": self.platform,
            "school": None,
            "building": self.core["building"],
            "role": self.core["role"],
        }


class RouterDesign(_Device):
    """A school's 4G backup router."""

    kind = "backup_router"

    def __init__(self, plan: CityPlan, school: School) -> None:
        self.plan = plan
        self.school = school
        if school.router is None:
            raise ValueError(f"school {school.code} has no backup router")
        self.router = school.router
        self.hostname = f"{school.code}-{self.router.name}"
        self.platform = self.router.platform

    @cached_property
    def _placed(self) -> VlanAddressing:
        placed = self.school.addressing.router_lan
        address = self.school.addressing.router_address
        if placed is None or not (placed.subnet and placed.gateway and placed.pool and address):
            # the school rules refuse a school whose router LAN cannot be placed
            raise ValueError(f"school {self.school.code}: the router's LAN has no placement")
        return placed

    @cached_property
    def lan(self) -> dict[str, Any]:
        r, placed = self.router, self._placed
        net = placed.network
        return {
            "interface": r.model.lan_interface,
            "address": self.school.addressing.router_address,
            "netmask": str(net.netmask),
            "prefix": net.prefixlen,
            "subnet": placed.subnet,
            "network": str(net.network_address),
            "wildcard": wildcard(str(net)),
            "vlan": r.vlan.id,
            "enabled": r.lan_enabled,
            "gateway": placed.gateway,
        }

    @cached_property
    def routes(self) -> list[dict[str, Any]]:
        """Back to the school (and the town hall that manages the router) through the routing stack."""
        stack = self._placed.gateway
        out = []
        for name, text in (
            ("ecole", self.school.block),
            *(("mairie", n) for n in self.plan.town_hall_networks),
        ):
            net = ipaddress.IPv4Network(text)
            out.append(
                {
                    "prefix": str(net.network_address),
                    "netmask": str(net.netmask),
                    "wildcard": str(net.hostmask),
                    "subnet": str(net),
                    "next_hop": stack,
                    "name": name,
                }
            )
        return out

    @cached_property
    def nat(self) -> list[dict[str, Any]]:
        """The subnets NATed to the cellular link: the services allowed on 4G and the router's VLAN."""
        return self._subnets([*self.school.routing.failover_services, self.router.vlan.service])

    @cached_property
    def refused(self) -> list[dict[str, Any]]:
        """The school's other routed subnets: refused on the 4G link, which they would saturate."""
        allowed = {n["service"] for n in self.nat}
        return self._subnets(
            [
                v.service
                for v in sorted(self.plan.routed_vlans(), key=lambda v: v.id)
                if v.service not in allowed
            ]
        )

    def _subnets(self, services: list[str]) -> list[dict[str, Any]]:
        out = []
        for service in dict.fromkeys(services):
            vlan = self.plan.vlans.get(service)
            if vlan is None or not vlan.routed:
                continue
            placed = self.school.addressing.vlan(service)
            if placed.subnet is None:
                continue
            net = placed.network
            out.append(
                {
                    "service": service,
                    "vlan": vlan.id,
                    "subnet": placed.subnet,
                    "network": str(net.network_address),
                    "netmask": str(net.netmask),
                    "wildcard": wildcard(placed.subnet),
                }
            )
        return out

    @cached_property
    def dhcp(self) -> dict[str, Any]:
        r, placed = self.router, self._placed
        first, last = placed.pool  # type: ignore[misc]
        seconds = lease_seconds(r.lease_time)
        excluded = [list(pair) for pair in placed.outside_pool()]
        return {
            "pool_name": r.vlan.name,
            "first": first,
            "last": last,
            "start": r.pool_start,
            "limit": r.pool_limit,
            "lease_time": r.lease_time,
            "lease_seconds": seconds,
            "excluded": excluded,
            "router": placed.gateway,
        }

    @cached_property
    def cellular(self) -> dict[str, Any]:
        r = self.router
        return {
            "interface": r.model.cellular_interface,
            "apn": r.apn,
            "pdp_type": r.pdp_type,
            "profile": 1,
            "sim_pin": r.sim_pin,
            "failover_metric": r.failover_metric,
        }

    @cached_property
    def dns_servers(self) -> list[str]:
        return list(self.router.dns_servers)

    @cached_property
    def switch_port(self) -> dict[str, Any]:
        r = self.router
        return {
            "host": f"{self.school.code}-{r.switch_stack}",
            "interface": r.switch_port,
            "short": short_name(r.switch_port),
            "vlan": r.vlan.id,
        }

    def about(self) -> dict[str, Any]:
        return {
            "hostname": self.hostname,
            "kind": self.kind,
            "platform": self.platform,
            "model": self.router.model.name,
            "school": self.school.code,
        }


Device = StackDesign | CoreDesign | RouterDesign
