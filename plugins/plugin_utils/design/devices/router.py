"""A school's 4G backup router."""

from __future__ import annotations

import ipaddress
from functools import cached_property
from typing import Any

from ...net.addressing import wildcard
from ...net.interfaces import short_name
from ..addressing_plan import VlanAddressing
from ..plan import CityPlan, lease_seconds
from ..school_rules import School
from .base import _Managed


class RouterDesign(_Managed):
    """A school's 4G backup router; on IOS-XE it carries the management plane as the switches do."""

    kind = "backup_router"

    def __init__(self, plan: CityPlan, school: School) -> None:
        self.plan = plan
        self.school = school
        if school.router is None:
            raise ValueError(f"school {school.code} has no backup router")
        self.router = school.router
        self.hostname = f"{school.code}-{self.router.name}"
        self.platform = self.router.platform
        self.ssh_algorithms = self.router.model.ssh_algorithms
        self.vty_lines = self.router.model.vty_lines

    def _location(self) -> str:
        """Beside the stack it is plugged into: that stack's building."""
        stack = self.school.stacks.get(self.router.switch_stack)
        return f"{self.school.name} / {stack.building if stack else self.router.name}"

    def _management_overrides(self) -> dict[str, Any]:
        return dict(self.school.management)

    def _management_source(self) -> str | None:
        """Its LAN interface: the only way to the town hall's servers but the 4G link."""
        return str(self.router.model.lan_interface)

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
