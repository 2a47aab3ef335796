"""A city core: routes between the schools, its twin and the Internet edge."""

from __future__ import annotations

import ipaddress
from functools import cached_property
from typing import Any

from ...net.addressing import netmask, wildcard
from ...platforms.hardware import SWITCH_MODELS
from ..plan import CityPlan
from ..school_routing import Uplink
from ..school_rules import Channel, School
from .base import DEFAULT, _interface_key, _Switch, route


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
        self.ssh_algorithms = SWITCH_MODELS[core["model"]].ssh_algorithms

    def _location(self) -> str:
        return str(self.core["building"])

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
                    route(school.block, uplink.school_address, f"ecole-{school.code}")
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
            static_routes.append(route(DEFAULT, firewall, "internet"))
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
                "authentication": dict(self.plan.routing["ospf"]["authentication"]),
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
