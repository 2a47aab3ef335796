"""What every device design shares: the intent from the concern registry, and a switch's ports."""

from __future__ import annotations

import ipaddress
import unicodedata
from functools import cache, cached_property
from typing import Any

from ...concerns import concerns_for
from ...net.addressing import netmask
from ...net.interfaces import split_name
from ...net.vlan_ids import vlan_ranges
from ...platforms.hardware import SwitchModel
from ..addressing_plan import VlanAddressing
from ..plan import CityPlan, Vlan
from ..school_rules import Channel

FLOATING_ROUTE_NAME = "secours-4g"  # the floating default via the backup router
# what only a core's routing has, empty on a stack so every device's section has one shape
_NO_CORE_ROUTING: dict[str, Any] = {
    "loopback": None,
    "downlinks": [],
    "subinterfaces": [],
    "interconnect": None,
    "edge": None,
}


DEFAULT = "0.0.0.0/0"


def route(
    subnet: str, next_hop: str, name: str, distance: int | None = None, track: int | None = None
) -> dict[str, Any]:
    """A static route of the intent (``ip route`` on IOS); its name says which concern owns it."""
    net = ipaddress.IPv4Network(subnet)
    return {
        "prefix": str(net.network_address),
        "netmask": str(net.netmask),
        "next_hop": next_hop,
        "distance": distance,
        "name": name,
        "track": track,
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


# IOS's own defaults, which it does not print: rendering them would plan them on every run
# (Secure Shell Configuration Guide: `ip ssh time-out` 120 s, `ip ssh authentication-retries`
# 3; Basic System Management / Terminal Services command reference: `exec-timeout` 10 min;
# System Message Logging: `logging trap` informational).
_IOS_SSH_TIMEOUT, _IOS_SSH_RETRIES, _IOS_EXEC_TIMEOUT, _IOS_TRAP = 120, 3, 10, "informational"
SSH_ACL, SNMP_ACL, SNMP_GROUP = "MGMT-SSH", "SNMP-POLLERS", "SUPERVISION"


def ascii_text(text: str) -> str:
    """``text`` without its accents: IOS takes a configuration line as bytes and prints
    non-ASCII ones differently from one release to the next, which a comparison of texts
    would read as a drift on every run."""
    flat = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in flat if not unicodedata.combining(c)).encode("ascii", "replace").decode()
    )


def _wildcard(network: str) -> dict[str, str]:
    net = ipaddress.IPv4Network(network, strict=False)
    return {"network": str(net.network_address), "wildcard": str(net.hostmask)}


class _Managed(_Device):
    """A Cisco device the team reaches and supervises: the management plane (stacks, cores, IR routers)."""

    plan: CityPlan
    hostname: str
    # the models of the device (a stack's members, a core, a router): what the management plane may use
    ssh_algorithms: bool = True
    # the vty line ranges as IOS prints them, each rendered with the same lines
    vty_lines: tuple[str, ...] = ("0 4", "5 15")

    def _location(self) -> str:
        raise NotImplementedError

    def _management_overrides(self) -> dict[str, Any]:
        """A school's own management values (school.yml), none for a core."""
        return {}

    def _management_source(self) -> str | None:
        """The interface the device's own traffic (RADIUS, syslog) leaves from."""
        mgmt = getattr(self, "management", None) or {}
        return mgmt.get("interface")

    @cached_property
    def management_plane(self) -> dict[str, Any]:
        """SSH, AAA, logs, time, SNMPv3, LLDP/CDP from city.yml's management (docs/management-plane.md)."""
        policy = self.plan.management
        if policy:
            policy = {**policy, **self._management_overrides()}
        if not policy:
            return {
                "enabled": False,
                "source_interface": None,
                "ssh": None,
                "access": [],
                "access_networks": [],
                "radius": None,
                "local_user": None,
                "ntp_servers": [],
                "syslog": None,
                "banner": None,
                "cdp": True,
                "snmp": None,
            }
        ssh = policy["ssh"]
        syslog = policy["syslog"]
        snmp = policy["snmp"]
        return {
            "enabled": True,
            "source_interface": self._management_source(),
            "ssh": {
                "acl": SSH_ACL,
                "timeout": None if ssh["timeout"] == _IOS_SSH_TIMEOUT else ssh["timeout"],
                "retries": None if ssh["retries"] == _IOS_SSH_RETRIES else ssh["retries"],
                "exec_timeout": (
                    None if ssh["exec_timeout"] == _IOS_EXEC_TIMEOUT else ssh["exec_timeout"]
                ),
                "algorithms": self.ssh_algorithms,
                "vty_lines": list(self.vty_lines),
            },
            "access": [_wildcard(n) for n in policy["access_networks"]],
            "access_networks": list(policy["access_networks"]),
            "radius": policy["radius"],
            "local_user": policy["local_user"],
            "ntp_servers": list(policy["ntp_servers"]),
            "syslog": (
                {
                    "servers": list(syslog["servers"]),
                    "level": None if syslog["level"] == _IOS_TRAP else syslog["level"],
                }
                if syslog
                else None
            ),
            "banner": policy["banner"],
            "cdp": policy["cdp"],
            "snmp": (
                {
                    "acl": SNMP_ACL,
                    "group": SNMP_GROUP,
                    "view": SNMP_GROUP,
                    "servers": list(snmp["servers"]),
                    "user": dict(snmp["user"]),
                    "location": ascii_text(self._location()),
                }
                if snmp
                else None
            ),
        }


class _Switch(_Managed):
    """What stacks and cores share: VLAN set, trunks, spanning tree, the management plane."""

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
        """An interface that forms an adjacency: point-to-point, the city's timers and key."""
        ospf = self.plan.routing["ospf"]
        return {
            "network": "point-to-point",
            "hello": ospf["hello"],
            "dead": ospf["dead"],
            "key_id": ospf["authentication"]["key_id"],
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
