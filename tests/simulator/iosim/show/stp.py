"""Per-VLAN spanning tree: `show spanning-tree` and `show spanning-tree root`.

The simulated switch does not run the protocol; it derives the outcome the
way a PVST+ bridge would for a school access stack: the root is either this
stack or the upstream bridge (`stp_root` in the lab file, reached through the
uplink trunks) whichever has the lower bridge ID, and the best uplink becomes
the root port while the other uplinks block.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..device import Device
from ..ifstate import IfState, carries, existing_vlans, interface_states
from ..vlanlist import parse_vlan_list

PORT_CHANNEL_BASE = 2144


@dataclass(slots=True)
class PortRole:
    state: IfState
    role: str
    status: str
    cost: int
    port_id: int
    kind: str


@dataclass(slots=True)
class VlanTree:
    vlan: int
    root_priority: int
    root_mac: str
    root_cost: int
    root_port: IfState | None
    bridge_priority: int
    bridge_mac: str
    ports: list[PortRole]

    @property
    def is_root(self) -> bool:
        return self.root_port is None


def port_cost(state: IfState, states: dict[str, IfState]) -> int:
    """IEEE short path cost; a port-channel counts its bundled bandwidth."""
    if state.kind == "Port-channel":
        mbps = sum(states[m].speed_mbps for m in state.members if states[m].up)
    else:
        mbps = state.speed_mbps
    for limit, cost in ((20000, 1), (10000, 2), (2000, 3), (1000, 4), (100, 19)):
        if mbps >= limit:
            return cost
    return 100


def mode(device: Device) -> str:
    for node in device.config:
        if node.text.startswith("spanning-tree mode "):
            return node.text.split()[-1]
    return "pvst"


def bridge_priority(device: Device, vlan: int) -> int:
    for node in device.config:
        parts = node.text.split()
        if (
            node.text.startswith("spanning-tree vlan ")
            and len(parts) == 5
            and vlan in (parse_vlan_list(parts[2]) or set())
        ):
            return int(parts[4])
    return 32768


def trees(device: Device) -> list[VlanTree]:
    states_list = interface_states(device)
    states = {s.name: s for s in states_list}
    forwarding = [
        s
        for s in states_list
        if s.kind in ("physical", "Port-channel")
        and s.up
        and s.switchport
        and (s.kind == "Port-channel" or s.channel_group is None)
    ]
    bridge_mac = device.stack.active.mac if device.is_switch else "0000.0000.0000"
    upstream = device.spec.stp_root
    result: list[VlanTree] = []
    for vlan in existing_vlans(device):
        if vlan in (1002, 1003, 1004, 1005):
            continue
        ports = [s for s in forwarding if carries(s, vlan)]
        if not ports:
            continue
        own = bridge_priority(device, vlan)
        uplinks = [s for s in ports if s.trunking and not s.portfast]
        root_port: IfState | None = None
        root_priority, root_mac, root_cost = own + vlan, bridge_mac, 0
        if (
            upstream is not None
            and uplinks
            and (upstream.priority + vlan, upstream.mac) < (own + vlan, bridge_mac)
        ):
            root_port = min(uplinks, key=lambda s: (port_cost(s, states), _port_id(s)))
            root_priority, root_mac = upstream.priority + vlan, upstream.mac
            root_cost = port_cost(root_port, states)
        roles = []
        for s in ports:
            if s is root_port:
                role, status = "Root", "FWD"
            elif root_port is not None and s in uplinks:
                role, status = "Altn", "BLK"
            else:
                role, status = "Desg", "FWD"
            kind = "P2p Edge" if s.portfast else "P2p"
            roles.append(PortRole(s, role, status, port_cost(s, states), _port_id(s), kind))
        result.append(
            VlanTree(
                vlan, root_priority, root_mac, root_cost, root_port, own + vlan, bridge_mac, roles
            )
        )
    return result


def _port_id(state: IfState) -> int:
    if state.kind == "Port-channel":
        return PORT_CHANNEL_BASE + int(state.name[len("Port-channel") :])
    return state.port.index if state.port else 0


def show_spanning_tree(device: Device, only: int | None = None) -> str:
    protocol = {"rapid-pvst": "rstp", "pvst": "ieee", "mst": "mstp"}[mode(device)]
    out: list[str] = []
    for tree in trees(device):
        if only is not None and tree.vlan != only:
            continue
        out += ["", f"VLAN{tree.vlan:04d}", f"  Spanning tree enabled protocol {protocol}"]
        out.append(f"  Root ID    Priority    {tree.root_priority}")
        out.append(f"             Address     {tree.root_mac}")
        if tree.root_port is None:
            out.append("             This bridge is the root")
        else:
            out.append(f"             Cost        {tree.root_cost}")
            out.append(
                f"             Port        {_port_id(tree.root_port)} ({tree.root_port.name})"
            )
        out += [
            "             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec",
            "",
            f"  Bridge ID  Priority    {tree.bridge_priority}  (priority "
            f"{tree.bridge_priority - tree.vlan} sys-id-ext {tree.vlan})",
            f"             Address     {tree.bridge_mac}",
            "             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec",
            "             Aging Time  300 sec",
            "",
            "Interface           Role Sts Cost      Prio.Nbr Type",
            "------------------- ---- --- --------- -------- --------------------------------",
        ]
        for p in tree.ports:
            out.append(
                f"{p.state.short:<20}{p.role:<5}{p.status:<4}{p.cost:<10}"
                f"{'128.' + str(p.port_id):<9}{p.kind}"
            )
        out.append("")
    if only is not None and not out:
        return f"Spanning tree instance(s) for vlan {only} does not exist.\n"
    return "\n".join(out) + "\n"


def show_spanning_tree_root(device: Device) -> str:
    out = [
        "",
        "                                        Root    Hello Max Fwd",
        "Vlan                   Root ID          Cost    Time  Age Dly  Root Port",
        "---------------- -------------------- --------- ----- --- ---  ------------",
    ]
    for tree in trees(device):
        port = tree.root_port.short if tree.root_port else ""
        out.append(
            f"VLAN{tree.vlan:04d}         {tree.root_priority:>5} {tree.root_mac} "
            f"{tree.root_cost:>9}    2   20  15  {port}".rstrip()
        )
    return "\n".join(out) + "\n"
