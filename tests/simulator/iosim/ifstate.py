"""Operational view of interfaces, derived from configuration and cabling.

Every `show` command that reports ports (status, switchport, VLAN membership,
etherchannel, spanning tree, IP) reads this one view, so they never disagree
with each other or with the running configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .conftree import ALLOWED, Node
from .device import Device
from .hardware import SPEED_BY_TYPE, PortInfo, short_name, split_name, subinterface_parent
from .vlanlist import ALL_VLANS, parse_vlan_list


@dataclass(slots=True)
class IfState:
    name: str
    kind: str  # physical, Port-channel, Vlan, Loopback, Tunnel
    port: PortInfo | None
    description: str = ""
    switchport: bool = True
    admin_mode: str = "dynamic auto"
    access_vlan: int = 1
    voice_vlan: str = "none"
    native_vlan: int = 1
    allowed: set[int] = field(default_factory=lambda: set(ALL_VLANS))
    nonegotiate: bool = False
    shutdown: bool = False
    channel_group: int | None = None
    channel_mode: str | None = None
    ip_address: str | None = None
    ip_mask: str | None = None
    ip_method: str = "unset"
    portfast: bool = False
    link: bool = False
    err_disabled: str | None = None
    members: list[str] = field(default_factory=list)

    @property
    def short(self) -> str:
        return short_name(self.name)

    @property
    def trunking(self) -> bool:
        return self.switchport and self.admin_mode == "trunk"

    @property
    def up(self) -> bool:
        return self.link and not self.shutdown and self.err_disabled is None

    @property
    def status(self) -> str:
        """The `Status` column of `show interfaces status`."""
        if self.err_disabled:
            return "err-disabled"
        if self.shutdown:
            return "disabled"
        return "connected" if self.up else "notconnect"

    @property
    def oper_mode(self) -> str:
        if not self.up:
            return "down"
        return "trunk" if self.trunking else "static access"

    @property
    def speed_mbps(self) -> int:
        if self.kind == "Port-channel":
            return 0
        kind, _unused = split_name(self.name)
        return SPEED_BY_TYPE.get(kind, 1000)


def _apply(state: IfState, children: list[Node]) -> None:
    for child in children:
        text = child.text
        words = text.split()
        if text.startswith("description "):
            state.description = text[len("description ") :]
        elif text == "no switchport":
            state.switchport = False
        elif text.startswith("switchport mode "):
            state.admin_mode = text[len("switchport mode ") :]
        elif text.startswith("switchport access vlan "):
            state.access_vlan = int(words[-1])
        elif text.startswith("switchport voice vlan "):
            state.voice_vlan = words[-1]
        elif text.startswith("switchport trunk native vlan "):
            state.native_vlan = int(words[-1])
        elif text.startswith(ALLOWED):
            listed = text[len(ALLOWED) :]
            state.allowed = set() if listed == "none" else parse_vlan_list(listed) or set()
        elif text == "switchport nonegotiate":
            state.nonegotiate = True
        elif text == "shutdown":
            state.shutdown = True
        elif text.startswith("channel-group "):
            state.channel_group = int(words[1])
            state.channel_mode = words[3] if len(words) > 3 else "on"
        elif text.startswith("ip address ") and len(words) >= 4 and "secondary" not in words:
            state.ip_address, state.ip_mask, state.ip_method = words[2], words[3], "NVRAM"
        elif text == "ip address negotiated":
            state.ip_method = "IPCP"
        elif text.startswith("spanning-tree portfast") and "disable" not in text:
            state.portfast = True


def interface_states(device: Device, present_only: bool = True) -> list[IfState]:
    """States of every interface, in IOS order; Port-channel members inherit L2 settings."""
    ports = {
        p.name: p for p in (device.present_ports() if present_only else device.physical_ports())
    }
    connected = device.spec.connected
    states: dict[str, IfState] = {}
    for node in device.interfaces():
        name = node.text[len("interface ") :]
        kind, _unused = split_name(name)
        port = ports.get(name)
        if subinterface_parent(name) is not None:
            state = IfState(name, "subinterface", None)
        elif port is None and kind in ("Port-channel", "Vlan", "Loopback", "Tunnel"):
            state = IfState(name, kind, None)
        elif port is not None:
            state = IfState(name, "physical", port)
            state.link = connected == "all" or name in connected
            state.err_disabled = device.spec.err_disabled.get(name)
        else:
            continue
        if (
            not device.is_switch
            and state.kind == "physical"
            and not name.startswith("FastEthernet")
        ):
            state.switchport = False
        if state.kind in ("Vlan", "Loopback", "Tunnel", "subinterface"):
            state.switchport = False
        if state.kind == "Loopback":
            state.link = True
        _apply(state, node.children)
        states[name] = state
    for state in states.values():
        if state.channel_group is None:
            continue
        po = states.get(f"Port-channel{state.channel_group}")
        if po is None:
            continue
        po.members.append(state.name)
        for attr in (
            "switchport",
            "admin_mode",
            "access_vlan",
            "native_vlan",
            "allowed",
            "nonegotiate",
            "voice_vlan",
        ):
            setattr(state, attr, getattr(po, attr))
    for state in states.values():
        if state.kind == "Port-channel":
            state.link = any(bundled(states[m], state) for m in state.members)
    for state in states.values():
        parent = subinterface_parent(state.name)
        if parent is not None and parent in states:
            state.link = states[parent].up
    vlans = existing_vlans(device)
    for state in states.values():
        if state.kind == "Vlan":
            vlan = int(state.name[4:])
            state.link = vlan in vlans and any(
                s.up and carries(s, vlan) for s in states.values() if s.kind != "Vlan"
            )
    return list(states.values())


def bundled(member: IfState, po: IfState) -> bool:
    return member.up and not po.shutdown


def carries(state: IfState, vlan: int) -> bool:
    """Whether a port forwards `vlan` (trunk allowed list, or access/voice VLAN)."""
    if not state.switchport:
        return False
    if state.trunking:
        return vlan in state.allowed
    return vlan == state.access_vlan or state.voice_vlan == str(vlan)


def existing_vlans(device: Device) -> dict[int, str]:
    """VLAN id -> name, defaults included, as `show vlan` lists them."""
    vlans: dict[int, str] = {1: "default"}
    if not device.is_switch:
        return vlans
    for node in device.config:
        if node.text.startswith("vlan "):
            vlan = int(node.text.split()[1])
            name = next(
                (c.text[5:] for c in node.children if c.text.startswith("name ")),
                f"VLAN{vlan:04d}",
            )
            vlans[vlan] = name
    vlans.update(
        {
            1002: "fddi-default",
            1003: "token-ring-default",
            1004: "fddinet-default",
            1005: "trnet-default",
        }
    )
    return dict(sorted(vlans.items()))


def vlan_shutdown(device: Device, vlan: int) -> bool:
    node = device.find(f"vlan {vlan}")
    return bool(node and any(c.text == "shutdown" for c in node.children))
