"""Layer-3 state derived from the running configuration and the lab file.

The simulated device runs no routing protocol and sends no probe. What a real
one would compute is derived here, the way `ifstate` derives port states:

- connected routes from the addressed interfaces that are up;
- IP SLA operations answer when their target is reachable (lab `reachable`,
  rewritable at runtime in `<state>/<device>/reachable.json`) and their source
  interface is up; a track follows its operation;
- static routes are installed when their next hop is on a connected subnet and
  their track (if any) is up; the lowest distance wins, equal ones share;
- OSPF adjacencies (lab `ospf_neighbors`) come up on interfaces that an `router
  ospf` network statement covers and that are not passive; the routes learnt
  over them (lab `ospf_routes`) are installed while such an adjacency is up.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from .device import Device
from .hardware import normalize_interface
from .ifstate import IfState, interface_states
from .lab import OspfNeighborSpec

Net = ipaddress.IPv4Network
Addr = ipaddress.IPv4Address

DISTANCE = {"C": 0, "L": 0, "S": 1, "O": 110}


@dataclass(slots=True)
class Route:
    code: str  # C, L, S, O, O IA, O E2 ...
    network: Net
    distance: int = 0
    metric: int = 0
    next_hops: list[tuple[str | None, str | None]] = field(default_factory=list)  # (ip, iface)

    @property
    def default(self) -> bool:
        return self.network.prefixlen == 0


@dataclass(slots=True)
class SlaOperation:
    number: int
    target: str | None
    source: str | None
    frequency: int
    scheduled: bool


@dataclass(slots=True)
class Track:
    number: int
    sla: int
    delay_up: int | None
    delay_down: int | None


@dataclass(slots=True)
class StaticRoute:
    network: Net
    next_hop: str | None
    interface: str | None
    distance: int
    track: int | None
    name: str | None


def up_interfaces(device: Device) -> dict[str, IfState]:
    return {s.name: s for s in interface_states(device) if s.up}


def connected_networks(device: Device) -> list[tuple[ipaddress.IPv4Interface, IfState]]:
    out = []
    for state in up_interfaces(device).values():
        if state.ip_address and state.ip_mask and not state.switchport:
            out.append((ipaddress.IPv4Interface(f"{state.ip_address}/{state.ip_mask}"), state))
    return out


# ----- IP SLA and tracking -------------------------------------------------
def sla_operations(device: Device) -> dict[int, SlaOperation]:
    scheduled = {
        int(n.text.split()[3]) for n in device.config if n.text.startswith("ip sla schedule ")
    }
    ops: dict[int, SlaOperation] = {}
    for node in device.config:
        parts = node.text.split()
        if len(parts) != 3 or parts[:2] != ["ip", "sla"] or not parts[2].isdigit():
            continue
        number = int(parts[2])
        op = SlaOperation(number, None, None, 60, number in scheduled)
        for child in node.children:
            words = child.text.split()
            if words[0] == "icmp-echo":
                op.target = words[1]
                if "source-interface" in words:
                    op.source = normalize_interface(words[words.index("source-interface") + 1])
            elif words[0] == "frequency":
                op.frequency = int(words[1])
        ops[number] = op
    return dict(sorted(ops.items()))


CURRENT = "current"  # sla_ok: the targets of reachable.json now


def sla_ok(device: Device, op: SlaOperation, reachable: set[str] | str | None = CURRENT) -> bool:
    """Whether the latest probe of `op` got an answer (`reachable`: None means every target)."""
    if not op.scheduled or op.target is None:
        return False
    if op.source is not None and op.source not in up_interfaces(device):
        return False
    targets = device.reachable() if reachable == CURRENT else reachable
    return targets is None or op.target in targets


def tracks(device: Device) -> dict[int, Track]:
    found: dict[int, Track] = {}
    for node in device.config:
        parts = node.text.split()
        if len(parts) >= 5 and parts[0] == "track" and parts[2:4] == ["ip", "sla"]:
            track = Track(int(parts[1]), int(parts[4]), None, None)
            for child in node.children:
                words = child.text.split()
                if words[0] == "delay" and "up" in words:
                    track.delay_up = int(words[words.index("up") + 1])
                if words[0] == "delay" and "down" in words:
                    track.delay_down = int(words[words.index("down") + 1])
            found[track.number] = track
    return dict(sorted(found.items()))


def track_up(device: Device, number: int) -> bool:
    track = tracks(device).get(number)
    if track is None:
        return False
    op = sla_operations(device).get(track.sla)
    return op is not None and sla_ok(device, op)


# ----- static routes -------------------------------------------------------
def static_routes(device: Device) -> list[StaticRoute]:
    routes = []
    for node in device.config:
        if not node.text.startswith("ip route "):
            continue
        words = node.text.split()[2:]
        try:
            network = Net(f"{words[0]}/{words[1]}")
        except ValueError:
            continue
        route = StaticRoute(network, None, None, 1, None, None)
        rest = words[2:]
        while rest:
            word = rest.pop(0)
            if word in ("track", "name", "tag") and rest:
                value = rest.pop(0)
                if word == "track":
                    route.track = int(value)
                elif word == "name":
                    route.name = value
            elif word.isdigit():
                route.distance = int(word)
            elif _is_ip(word):
                route.next_hop = word
            elif normalize_interface(word):
                route.interface = normalize_interface(word)
        routes.append(route)
    return routes


def _is_ip(text: str) -> bool:
    try:
        Addr(text)
    except ValueError:
        return False
    return True


# ----- OSPF ----------------------------------------------------------------
@dataclass(slots=True)
class OspfProcess:
    number: int
    networks: list[tuple[int, int, str]]  # (address, wildcard, area) as integers
    passive_default: bool
    passive: set[str]
    active: set[str]
    router_id: str | None


def ospf_processes(device: Device) -> list[OspfProcess]:
    out = []
    for node in device.config:
        parts = node.text.split()
        if len(parts) != 3 or parts[:2] != ["router", "ospf"]:
            continue
        proc = OspfProcess(int(parts[2]), [], False, set(), set(), None)
        for child in node.children:
            words = child.text.split()
            if words[0] == "network" and len(words) == 5:
                proc.networks.append((int(Addr(words[1])), int(Addr(words[2])), words[4]))
            elif child.text == "passive-interface default":
                proc.passive_default = True
            elif words[:2] == ["no", "passive-interface"]:
                proc.active.add(normalize_interface(words[2]) or words[2])
            elif words[0] == "passive-interface":
                proc.passive.add(normalize_interface(words[1]) or words[1])
            elif words[0] == "router-id":
                proc.router_id = words[1]
        out.append(proc)
    return out


def ospf_interfaces(device: Device) -> set[str]:
    """Up interfaces where OSPF runs and forms adjacencies (covered, not passive)."""
    names: set[str] = set()
    for address, state in connected_networks(device):
        ip = int(address.ip)
        for proc in ospf_processes(device):
            covered = any((ip & ~w) == (n & ~w) for n, w, _unused in proc.networks)
            passive = state.name in proc.passive or (
                proc.passive_default and state.name not in proc.active
            )
            if covered and not passive:
                names.add(state.name)
    return names


def ospf_neighbors(device: Device) -> list[OspfNeighborSpec]:
    running = ospf_interfaces(device)
    return [n for n in device.spec.ospf_neighbors if n.interface in running]


def dead_interval(device: Device, interface: str) -> int:
    node = device.find(f"interface {interface}")
    for child in node.children if node else []:
        if child.text.startswith("ip ospf dead-interval "):
            return int(child.text.split()[-1])
    return 40


# ----- routing table -------------------------------------------------------
def routing_table(device: Device) -> list[Route]:
    """Installed routes, best per prefix, in IOS order (by address, then length)."""
    candidates: list[Route] = []
    connected = connected_networks(device)
    for address, state in connected:
        candidates.append(Route("C", address.network, next_hops=[(None, state.name)]))
        if address.network.prefixlen < 32:
            local = Net(f"{address.ip}/32")
            candidates.append(Route("L", local, next_hops=[(None, state.name)]))
    for route in static_routes(device):
        if route.track is not None and not track_up(device, route.track):
            continue
        if route.next_hop is None:
            if route.interface in up_interfaces(device):
                candidates.append(
                    Route("S", route.network, route.distance, 0, [(None, route.interface)])
                )
            continue
        if not any(Addr(route.next_hop) in a.network for a, _unused in connected):
            continue
        candidates.append(Route("S", route.network, route.distance, 0, [(route.next_hop, None)]))
    if ospf_processes(device):
        full = {n.interface for n in ospf_neighbors(device) if n.state.startswith("FULL")}
        for learnt in device.spec.ospf_routes:
            if learnt.interface in full:
                candidates.append(
                    Route(
                        learnt.type,
                        Net(learnt.prefix),
                        110,
                        learnt.metric,
                        [(learnt.next_hop, learnt.interface)],
                    )
                )
    best: dict[Net, Route] = {}
    for route in candidates:
        current = best.get(route.network)
        if current is None or route.distance < current.distance:
            best[route.network] = Route(
                route.code, route.network, route.distance, route.metric, list(route.next_hops)
            )
        elif route.distance == current.distance and route.code == current.code:
            current.next_hops += [h for h in route.next_hops if h not in current.next_hops]
    return sorted(
        best.values(), key=lambda r: (int(r.network.network_address), r.network.prefixlen)
    )
