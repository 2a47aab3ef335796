"""A school's switch stack: its ports, and for the routing stack the school's gateways,
routing, DHCP service and 4G failover."""

from __future__ import annotations

import ipaddress
from functools import cached_property
from typing import Any

from ...net.addressing import netmask, wildcard
from ...net.vlan_ids import vlan_ranges
from ..device_text import device_text
from ..plan import CityPlan, Profile, Vlan, lease_seconds
from ..school_routing import Uplink
from ..school_rules import Channel, PortUse, School, Stack
from .base import (
    _NO_CORE_ROUTING,
    DEFAULT,
    FLOATING_ROUTE_NAME,
    _member_interfaces,
    _Switch,
    route,
)


class StackDesign(_Switch):
    """A school's switch stack: one logical switch."""

    kind = "switch_stack"
    platform = "cisco_ios"

    def __init__(self, plan: CityPlan, school: School, stack: Stack) -> None:
        self.plan = plan
        self.school = school
        self.stack = stack
        self.hostname = f"{school.code}-{stack.name}"
        # a stack uses what every member's software takes
        self.ssh_algorithms = all(m.model.ssh_algorithms for m in stack.members)

    def _location(self) -> str:
        return f"{self.school.name} / {self.stack.building}"

    def _management_overrides(self) -> dict[str, Any]:
        return dict(self.school.management)

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
            "description": device_text(use.description),
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
            name = uplink.interface
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
            "authentication": dict(self.plan.routing["ospf"]["authentication"]),
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
                        "source": uplink.interface,
                        "frequency": policy["probe_frequency"],
                        "track": track,
                        "peer": uplink.core,
                    }
                )
            routes.append(route(DEFAULT, uplink.core_address, f"fibre-{uplink.core}", track=track))
        placed = self.school.addressing.router_lan  # placing it sets the router's address
        router = self.school.addressing.router_address if placed is not None else None
        if router is not None:
            routes.append(route(DEFAULT, router, FLOATING_ROUTE_NAME, policy["distance"]))
        return {
            "router_address": router,
            "distance": policy["distance"],
            "services": list(school.failover_services),
            "probes": probes,
            "routes": routes,
        }

    # -- access-edge security (docs/edge-security.md) -------------------------------
    @cached_property
    def edge_security(self) -> dict[str, Any]:
        """DHCP snooping, ARP inspection, source guard, storm control and port security.

        Only the side DHCP answers come from is trusted: a layer-2 uplink (a 2960-X's
        transit trunk to a core, a building's bundle towards the routing stack) and the
        backup router's port. A routed uplink is in no VLAN, so there is nothing to
        trust on it: the answers of the town hall's servers reach the clients from the
        stack's own relay, which snooping does not filter. ARP inspection also trusts
        the bundles between the school's stacks, each inspecting its own ports: an
        untrusted bundle would be err-disabled by the 15 ARP/s limit of an untrusted port.
        """
        settings = self.school.edge_security
        # the client VLANs: those whose hosts take their address from DHCP
        clients = sorted(v.id for v in self.plan.vlans.values() if v.dhcp is not None and v.routed)
        snooping = bool(settings["dhcp_snooping"]) and bool(clients)
        snooped = clients if snooping else []
        dai = snooping and bool(settings["arp_inspection"]) and bool(snooped)
        directions = {f"Port-channel{c.id}": c.direction for c in self.stack.channels}
        router = self.school.router
        router_port = (
            router.switch_port
            if router is not None and router.switch_stack == self.stack.name
            else None
        )
        dhcp_trusted: list[str] = []
        arp_trusted: list[str] = []
        for po in self.port_channels:
            if po["mode"] == "routed":
                continue
            if directions.get(po["name"]) == "up":
                dhcp_trusted.append(po["name"])
                arp_trusted.append(po["name"])
            elif po["role"] != "uplink":  # a bundle to another stack of the school
                arp_trusted.append(po["name"])
        if router_port is not None:
            dhcp_trusted.append(router_port)
            arp_trusted.append(router_port)
        if not snooping:
            dhcp_trusted = []
        if not dai:
            arp_trusted = []
        storm = settings["storm_control"]
        ports: dict[str, dict[str, Any]] = {}
        for port in self.port_channels + self.interfaces:
            name = port["name"]
            access = port["mode"] == "access" and not port["shutdown"] and not port["channel_group"]
            profile = self.plan.profiles.get(port.get("profile") or "") if access else None
            # an access port of a client VLAN (data or voice) that may not answer DHCP
            untrusted = (
                access
                and name not in dhcp_trusted
                and bool({port["access_vlan"], port["voice_vlan"]} & set(snooped))
            )
            entry = {
                "dhcp_trust": name in dhcp_trusted,
                "arp_trust": name in arp_trusted,
                "dhcp_rate": settings["dhcp_rate_limit"] if snooping and untrusted else None,
                "verify_source": bool(
                    settings["ip_source_guard"]
                    and snooping
                    and untrusted
                    and port["access_vlan"] in snooped
                    and (port["voice_vlan"] is None or port["voice_vlan"] in snooped)
                ),
                "storm_control": (
                    {
                        "broadcast": f"{float(storm['broadcast']):.2f}",
                        "multicast": (
                            f"{float(storm['multicast']):.2f}"
                            if storm["multicast"] is not None
                            else None
                        ),
                        "action": storm["action"],
                    }
                    if access and storm["enabled"]
                    else None
                ),
                "port_security": (
                    dict(profile.port_security)
                    if profile is not None and profile.port_security
                    else None
                ),
            }
            if any(entry.values()):
                ports[name] = entry
        return {
            "dhcp_snooping": snooping,
            "snooping_vlans": ",".join(vlan_ranges(snooped, first_line_len=10_000)),
            "arp_inspection_vlans": (
                ",".join(vlan_ranges(snooped, first_line_len=10_000)) if dai else ""
            ),
            "dhcp_trusted": dhcp_trusted,
            "arp_trusted": arp_trusted,
            "ports": ports,
        }

    def about(self) -> dict[str, Any]:
        return {
            "hostname": self.hostname,
            "kind": self.kind,
            "platform": self.platform,
            "school": self.school.code,
            "building": self.stack.building,
        }
