"""Port tables: `show interfaces status|switchport`, `show ip interface brief`."""

from __future__ import annotations

from ..device import Device
from ..ifstate import IfState, existing_vlans, interface_states
from ..vlanlist import ALL_VLANS, format_vlan_list


def _speed_label(state: IfState) -> tuple[str, str]:
    if state.kind == "Port-channel":
        if not state.up:
            return "auto", "auto"
        return "a-full", "a-10G" if any(m.startswith("Ten") for m in state.members) else "a-1000"
    mbps = state.speed_mbps
    if not state.up:
        return "auto", "auto"
    if mbps >= 10000:
        return "full", f"{mbps // 1000}G"
    return "a-full", f"a-{mbps}"


def status_vlan(state: IfState) -> str:
    if not state.switchport:
        return "routed"
    if state.trunking:
        return "trunk"
    return str(state.access_vlan)


def _switch_ports(device: Device, name: str | None = None) -> list[IfState]:
    states = [s for s in interface_states(device) if s.kind in ("physical", "Port-channel")]
    if name is not None:
        states = [s for s in states if s.name == name]
    # Port tables list port-channels after the physical ports.
    return sorted(states, key=lambda s: s.kind == "Port-channel")


def show_interfaces_status(device: Device, name: str | None = None) -> str:
    out = ["", "Port      Name               Status       Vlan       Duplex  Speed Type "]
    for state in _switch_ports(device, name):
        duplex, speed = _speed_label(state)
        media = state.port.media if state.port else ""
        out.append(
            f"{state.short:<10}{state.description[:18]:<19}{state.status:<13}"
            f"{status_vlan(state):<11}{duplex:>6} {speed:>6} {media}".rstrip()
        )
    return "\n".join(out) + "\n"


def show_interfaces_status_errdisabled(device: Device) -> str:
    out = ["", "Port      Name               Status       Reason               Err-disabled Vlans"]
    for state in _switch_ports(device):
        if state.err_disabled:
            out.append(
                f"{state.short:<10}{state.description[:18]:<19}{'err-disabled':<13}"
                f"{state.err_disabled}"
            )
    return "\n".join(out) + "\n"


def _vlan_label(vlan: int, names: dict[int, str]) -> str:
    if vlan in names:
        return f"{vlan} ({names[vlan]})"
    return f"{vlan} (Inactive)"


def show_interfaces_switchport(device: Device, name: str | None = None) -> str:
    names = existing_vlans(device)
    out: list[str] = []
    for state in _switch_ports(device, name):
        out.append(f"Name: {state.short}")
        if not state.switchport:
            out += ["Switchport: Disabled", ""]
            continue
        admin = "static access" if state.admin_mode == "access" else state.admin_mode
        negotiation = "Off" if state.nonegotiate or state.admin_mode == "access" else "On"
        if state.voice_vlan.isdigit():
            voice = _vlan_label(int(state.voice_vlan), names)
        else:
            voice = state.voice_vlan
        trunking = (
            "ALL"
            if state.allowed == set(ALL_VLANS)
            else (format_vlan_list(state.allowed) if state.allowed else "NONE")
        )
        out += [
            "Switchport: Enabled",
            f"Administrative Mode: {admin}",
            f"Operational Mode: {state.oper_mode}",
            "Administrative Trunking Encapsulation: dot1q",
            "Operational Trunking Encapsulation: " + ("dot1q" if state.trunking else "native"),
            f"Negotiation of Trunking: {negotiation}",
            f"Access Mode VLAN: {_vlan_label(state.access_vlan, names)}",
            f"Trunking Native Mode VLAN: {_vlan_label(state.native_vlan, names)}",
            "Administrative Native VLAN tagging: enabled",
            f"Voice VLAN: {voice}",
            "Administrative private-vlan host-association: none",
            "Administrative private-vlan mapping: none",
            "Administrative private-vlan trunk native VLAN: none",
            "Administrative private-vlan trunk Native VLAN tagging: enabled",
            "Administrative private-vlan trunk encapsulation: dot1q",
            "Administrative private-vlan trunk normal VLANs: none",
            "Administrative private-vlan trunk associations: none",
            "Administrative private-vlan trunk mappings: none",
            "Operational private-vlan: none",
            f"Trunking VLANs Enabled: {trunking}",
            "Pruning VLANs Enabled: 2-1001",
            "Capture Mode Disabled",
            "Capture VLANs Allowed: ALL",
            "",
            "Protected: false",
            "Unknown unicast blocked: disabled",
            "Unknown multicast blocked: disabled",
            "Appliance trust: none",
            "",
        ]
    return "\n".join(out) + "\n"


def ip_status(state: IfState) -> tuple[str, str]:
    if state.shutdown:
        return "administratively down", "down"
    return ("up", "up") if state.up else ("down", "down")


def show_ip_interface_brief(device: Device) -> str:
    out = ["Interface              IP-Address      OK? Method Status                Protocol"]
    for state in interface_states(device):
        status, protocol = ip_status(state)
        address = state.ip_address or "unassigned"
        out.append(f"{state.name:<22} {address:<15} YES {state.ip_method:<7}{status:<22}{protocol}")
    return "\n".join(out) + "\n"
