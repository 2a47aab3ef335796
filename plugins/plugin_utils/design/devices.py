"""Each device's intended state, as plain data.

One class per kind of device; each configuration section is a cached
property, so a section is computed once however many renderers or roles read
it, and a role that needs only the VLANs never pays for the port map. The
cross-device facts (which school ports land on which core) are computed from
the whole city here, explicitly, and nowhere else.
"""

from __future__ import annotations

from functools import cache, cached_property
from typing import Any

from ..concerns import concerns_for
from ..net.addressing import netmask, wildcard
from ..net.interfaces import short_name, split_name
from ..net.vlan_ids import vlan_ranges
from ..platforms.hardware import SwitchModel
from .addressing_plan import VlanAddressing
from .plan import CityPlan, Profile, Vlan, lease_seconds
from .school_rules import Channel, PortUse, School, Stack


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
        """Every VLAN of the plan: a school stack carries all of them."""
        return sorted(self.plan.vlans.values(), key=lambda v: v.id)

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
        return [
            {"id": v.id, "name": v.name, "service": v.service, "local": v.local}
            for v in self.carried_vlans
        ]

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
        routed = [v for v in self.carried_vlans if not v.local]
        port_channels = []
        members: dict[str, dict[str, Any]] = {}
        for channel in sorted(self.stack.channels, key=lambda c: c.id):
            vlans = self.carried_vlans if channel.local_vlans else routed
            peer = (
                channel.peer
                if channel.peer_kind == "core"
                else f"{self.school.code}-{channel.peer}"
            )
            word = "uplink" if channel.direction == "up" else "downlink"
            po, ports = self._port_channel(channel, f"{word} {peer}", vlans)
            po["peer"] = f"{peer} Po{channel.peer_channel}"
            port_channels.append(po)
            members.update((p["name"], p) for p in ports)
        return port_channels, members

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
        return self._stp(self.vlans, self.plan.stp["access_priority"])

    @cached_property
    def management(self) -> dict[str, Any]:
        vlan = self.plan.vlans.get("management")
        if vlan is None or vlan.routed is False:
            return {}
        addressing = self.school.addressing
        placed = addressing.vlan(vlan.service)
        return self._management(placed, addressing.management_address(self.stack.index))

    def about(self) -> dict[str, Any]:
        return {
            "hostname": self.hostname,
            "kind": self.kind,
            "platform": self.platform,
            "school": self.school.code,
            "building": self.stack.building,
        }


class CoreDesign(_Switch):
    """A city core: root (or secondary root) of every routed VLAN, LACP peer of the schools."""

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
    def carried_vlans(self) -> list[Vlan]:
        return sorted((v for v in self.plan.vlans.values() if not v.local), key=lambda v: v.id)

    @cached_property
    def vlans(self) -> list[dict[str, Any]]:
        return [
            {"id": v.id, "name": v.name, "service": v.service, "local": v.local}
            for v in self.carried_vlans
        ]

    @cached_property
    def _channels(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        pos: list[dict[str, Any]] = []
        members: list[dict[str, Any]] = []
        for school, channel, stack in self.links:
            po, ports = self._port_channel(
                channel, f"downlink {school.code}-{stack}", self.carried_vlans
            )
            pos.append(po)
            members.extend(ports)
        others = [c for c in self.plan.cores if c != self.hostname]
        ports = list(self.core.get("interconnect_ports", []))
        if others and len(ports) >= 2:
            inter = Channel(
                self.plan.interconnect_channel,
                ports,
                "peer",
                "core",
                others[0],
                self.plan.interconnect_channel,
                [],
                False,
            )
            po, bundled = self._port_channel(inter, f"interconnect {others[0]}", self.carried_vlans)
            po.update(guard=None, role="interconnect")
            for port in bundled:
                port.update(role="interconnect")
            pos.append(po)
            members.extend(bundled)
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
        stp = self.plan.stp
        primary = self.core["role"] == "primary"
        return self._stp(self.vlans, stp["root_priority"] if primary else stp["secondary_priority"])

    @cached_property
    def management(self) -> dict[str, Any]:
        vlan = self.plan.vlans.get("management")
        if vlan is None or not vlan.routed or self.plan.core_addressing is None:
            return {}
        placed = self.plan.core_addressing.vlan(vlan.service)
        return self._management(placed, self.core["management_address"])

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
        if placed is None or not (placed.subnet and placed.gateway and placed.pool):
            # the school rules refuse a school whose router LAN cannot be placed
            raise ValueError(f"school {self.school.code}: the router's LAN has no placement")
        return placed

    @cached_property
    def lan(self) -> dict[str, Any]:
        r, placed = self.router, self._placed
        net = placed.network
        return {
            "interface": r.model.lan_interface,
            "address": placed.gateway,
            "netmask": str(net.netmask),
            "prefix": net.prefixlen,
            "subnet": placed.subnet,
            "network": str(net.network_address),
            "wildcard": wildcard(str(net)),
            "vlan": r.vlan.id,
            "enabled": r.lan_enabled,
        }

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
