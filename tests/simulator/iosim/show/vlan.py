"""`show vlan`, `show vlan brief` and `show vlan id N`."""

from __future__ import annotations

from ..device import Device
from ..ifstate import IfState, existing_vlans, interface_states, vlan_shutdown

_TYPES = {
    1002: ("fddi", "101002"),
    1003: ("tr", "101003"),
    1004: ("fdnet", "101004"),
    1005: ("trnet", "101005"),
}


def vlan_ports(states: list[IfState]) -> dict[int, list[str]]:
    """Ports listed under each VLAN: non-trunking switchports, by access and voice VLAN."""
    ports: dict[int, list[str]] = {}
    for state in states:
        if state.kind not in ("physical", "Port-channel") or not state.switchport:
            continue
        if state.trunking or state.channel_group is not None:
            continue
        ports.setdefault(state.access_vlan, []).append(state.short)
        if state.voice_vlan.isdigit() and int(state.voice_vlan) != state.access_vlan:
            ports.setdefault(int(state.voice_vlan), []).append(state.short)
    return ports


def vlan_status(device: Device, vlan: int) -> str:
    if vlan in _TYPES:
        return "act/unsup"
    node = device.find(f"vlan {vlan}")
    if node is not None and any(c.text == "state suspend" for c in node.children):
        return "suspended"
    if vlan_shutdown(device, vlan):
        return "act/lshut"
    return "active"


def ports_per_line(width: int) -> int:
    """IOS wraps the Ports column at the terminal width (0 = no wrapping)."""
    if width <= 0:
        return 4094
    return max(1, (width - 48 + 6) // 9)


def _name_table(device: Device, width: int, only: int | None = None) -> list[str]:
    vlans = existing_vlans(device)
    ports = vlan_ports(interface_states(device))
    out = [
        "",
        "VLAN Name                             Status    Ports",
        "---- -------------------------------- --------- -------------------------------",
    ]
    for vlan, name in vlans.items():
        if only is not None and vlan != only:
            continue
        members = ports.get(vlan, []) if vlan not in _TYPES else []
        per = ports_per_line(width)
        chunks = [members[i : i + per] for i in range(0, len(members), per)] or [[]]
        first = f"{vlan:<4} {name[:32]:<32} {vlan_status(device, vlan):<9} "
        out.append(first + ", ".join(chunks[0]))
        for chunk in chunks[1:]:
            out.append(" " * 48 + ", ".join(chunk))
    return out


def show_vlan_brief(device: Device, width: int = 80) -> str:
    return "\n".join(_name_table(device, width)) + "\n"


def show_vlan(device: Device, width: int = 80, only: int | None = None) -> str:
    if only is not None and only not in existing_vlans(device):
        return f"VLAN id {only} not found in current VLAN database\n"
    out = _name_table(device, width, only)
    out += [
        "",
        "VLAN Type  SAID       MTU   Parent RingNo BridgeNo Stp  BrdgMode Trans1 Trans2",
        "---- ----- ---------- ----- ------ ------ -------- ---- -------- ------ ------",
    ]
    for vlan in existing_vlans(device):
        if only is not None and vlan != only:
            continue
        kind, said = _TYPES.get(vlan, ("enet", f"{100000 + vlan}"))
        stp = {1004: "ieee", 1005: "ibm"}.get(vlan, "-")
        mode = "srb" if vlan == 1003 else "-"
        out.append(
            f"{vlan:<4} {kind:<5} {said:<10} 1500  -      -      -        {stp:<4} {mode:<8} "
            "0      0   "
        )
    if only is None:
        out += [
            "",
            "Remote SPAN VLANs",
            "-" * 78,
            "",
            "",
            "Primary Secondary Type              Ports",
            "------- --------- ----------------- ------------------------------------------",
        ]
    return "\n".join(out) + "\n"
