"""The twin's checks: real traffic and real protocol state against the design.

Expectations come from the twin's topology, computed from the design when
the twin was built, never from what the roles configured: a wrong
configuration (a camera port on the wrong VLAN, a pool outside its subnet, a
core priority swapped) shows as a FAIL line naming what was measured.

Each check yields one line, ``PASS <check>: <measured>`` or
``FAIL <check>: <measured>; <what the design says>``.
"""

from __future__ import annotations

import ipaddress
import json
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_names import ovs_port_name

from .dns import DnsError, resolve, upstream_servers
from .frames import count_frames, who_hears_whom
from .routing import internet_targets, town_hall_servers
from .state import LacpEnd, Rstp, add_access_port, bridge_id_priority, lacp, rstp
from .system import entered, in_netns, run, stop
from .topology import Endpoint, Topology, linux_name

CONVERGE_SECONDS = 30
DHCP_TRIES = 8  # udhcpc discovers, one second apart
STORM_WINDOW = 2.0  # seconds of counting frames at a host of the loop's VLAN
STORM_FRAMES = 2000  # frames in that window that mean a broadcast storm


@dataclass
class Check:
    name: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'} {self.name}: {self.detail}"


@dataclass
class Run:
    """What the checks learn as they go (leases, addresses), shared by the later ones."""

    topology: Topology
    leases: dict[str, dict[str, str]] = field(default_factory=dict)

    def address(self, e: Endpoint) -> str | None:
        if e.expect.addressing == "dhcp":
            lease = self.leases.get(e.label)
            return lease.get("ip") if lease else None
        if e.expect.address:
            return e.expect.address.split("/")[0]
        return None


def _slug(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-")


def attach_plumbing(t: Topology) -> None:
    for p in t.plumbing:
        add_access_port(t.switch(p.switch), p.port, p.vlan)


def converge(t: Topology) -> tuple[dict[str, Rstp], float]:
    """Wait until every LACP bundle is negotiated and spanning tree has settled."""
    started = time.monotonic()
    deadline = started + CONVERGE_SECONDS
    while True:
        states = {s.host: rstp(s) for s in t.switches}
        bundles = all(
            lacp(t.switch(x.a_host), x.a_channel).negotiated
            and lacp(t.switch(x.b_host), x.b_channel).negotiated
            for x in t.lacp
        )
        roots = {s.root_id for s in states.values()}
        settled = all(
            state not in ("Learning", "Listening")
            for s in states.values()
            for _role, state in s.ports.values()
        )
        if (bundles and len(roots) == 1 and settled) or time.monotonic() > deadline:
            return states, time.monotonic() - started
        time.sleep(0.5)


def _lacp_side(end: LacpEnd, host: str) -> str:
    members = ", ".join(f"{m} {state}" for m, state in sorted(end.members.items())) or "no member"
    return f"{host} {end.status or 'no LACP'} ({members})"


def check_lacp(t: Topology) -> Iterator[Check]:
    for x in t.lacp:
        a, b = lacp(t.switch(x.a_host), x.a_channel), lacp(t.switch(x.b_host), x.b_channel)
        ok = a.negotiated and b.negotiated
        detail = f"{_lacp_side(a, x.a_host)}; {_lacp_side(b, x.b_host)}"
        if not ok:
            detail += "; the design bundles these ports with LACP"
        yield Check(f"lacp {x.a_host} {x.a_channel} <-> {x.b_host} {x.b_channel}", ok, detail)


def _expected_root_port(t: Topology, host: str) -> str | None:
    towards_root = [x.a_channel for x in t.lacp if x.a_host == host and x.b_host == t.root]
    up = [x.a_channel for x in t.lacp if x.a_host == host]
    return (towards_root or up or [None])[0]


def check_rstp(t: Topology, states: dict[str, Rstp], waited: float) -> Iterator[Check]:
    for s in t.switches:
        state = states[s.host]
        running = bridge_id_priority(state.bridge_id) if state.bridge_id else None
        ok = running == s.priority
        yield Check(
            f"rstp priority {s.host}",
            ok,
            f"bridge id {state.bridge_id or 'none'} (priority {running}); designed {s.priority}",
        )
    root_id = states[t.root].bridge_id
    roots = sorted({st.root_id for st in states.values()})
    actual = [h for h, st in states.items() if st.is_root]
    ok = roots == [root_id] and actual == [t.root]
    who = ", ".join(actual) or "no switch of the twin"
    yield Check(
        "rstp root",
        ok,
        f"{who} is the root ({', '.join(roots)} seen by the {len(states)} switches, "
        f"settled in {waited:.1f} s); designed {t.root} (the routing stack, {root_id})",
    )
    for s in t.switches:
        if s.kind != "switch_stack" or s.host == t.root:
            continue
        want = _expected_root_port(t, s.host)
        state = states[s.host]
        got = state.root_port
        others = ", ".join(
            f"{n} {role} {st}"
            for n, (role, st) in sorted(state.ports.items())
            if n.startswith("po") and n != got
        )
        yield Check(
            f"rstp root port {s.host}",
            got == want,
            f"{got or 'none'} is the root port{'; ' + others if others else ''}; designed {want} (towards {t.root})",
        )


def _udhcpc(t: Topology, e: Endpoint, lease_file: Path) -> list[str]:
    return in_netns(e.netns, [
        "env", f"CITYNET_LEASE_FILE={lease_file}",
        "udhcpc", "-i", e.ifname, "-f", "-q", "-n", "-t", str(DHCP_TRIES), "-T", "1",
        "-s", f"{t.run_dir}/udhcpc.sh", "-x", f"hostname:lab-{e.host}",
    ])  # fmt: skip


def dhcp(r: Run) -> Iterator[Check]:
    t = r.topology
    directory = Path(t.run_dir) / "leases"
    directory.mkdir(exist_ok=True)
    wanted = [e for e in t.endpoints if e.expect.addressing == "dhcp"]
    running = []
    for e in wanted:
        path = directory / f"{_slug(e.label)}.env"
        path.unlink(missing_ok=True)
        process = subprocess.Popen(
            _udhcpc(t, e, path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        running.append((e, path, process))
    deadline = time.monotonic() + DHCP_TRIES + 10
    for _e, _path, process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            stop([process.pid])
            process.wait()
    for e, path, _process in running:
        if path.exists():
            r.leases[e.label] = dict(
                line.split("=", 1) for line in path.read_text().splitlines() if "=" in line
            )
        yield _judge_lease(e, r.leases.get(e.label))


def _judge_lease(e: Endpoint, lease: dict[str, str] | None) -> Check:
    x = e.expect
    name = f"dhcp {e.label}"
    source = f"{' or '.join(x.servers)} through the relay {x.relay}" if x.servers else x.server
    pool = f"pool {x.first}-{x.last} from {source}"
    if lease is None:
        return Check(name, False, f"no lease after {DHCP_TRIES} discovers; designed {pool}")
    ip, server = lease.get("ip", ""), lease.get("serverid", "")
    seconds = int(lease.get("lease", "0") or 0)
    dns = lease.get("dns", "").split()
    got = f"{ip}/{lease.get('mask', '?')} from {server}, lease {seconds} s"
    if dns:
        got += f", dns {' '.join(dns)}"
    if x.relay:
        got += f" relayed by {x.relay}"
    problems = []
    address = ipaddress.IPv4Address(ip) if ip else None
    if address is None or not ipaddress.IPv4Address(x.first) <= address <= ipaddress.IPv4Address(
        x.last
    ):
        problems.append(f"the address is outside the designed {pool}")
    if x.subnet and (address is None or address not in ipaddress.IPv4Network(x.subnet)):
        problems.append(f"the address is outside the VLAN's subnet {x.subnet}")
    if x.servers and server not in x.servers:
        problems.append(
            f"the designed servers are {', '.join(x.servers)} through the relay {x.relay}"
        )
    elif not x.servers and server != x.server:
        problems.append(f"the designed server is {x.server}")
    if x.relay and lease.get("router", "").split()[:1] != [x.relay]:
        problems.append(f"the designed gateway is {x.relay}")
    if x.lease_seconds is not None and seconds != x.lease_seconds:
        problems.append(f"the designed lease time is {x.lease_seconds} s")
    if x.dns is not None and dns != x.dns:
        problems.append(f"the designed name server is {' '.join(x.dns)}")
    if problems:
        return Check(name, False, f"{got}; {'; '.join(problems)}")
    designed = f" (designed {x.lease_seconds} s)" if x.lease_seconds is not None else ""
    return Check(name, True, f"{got}{designed}, in the designed {pool}")


def dns(r: Run) -> Iterator[Check]:
    t = r.topology
    if t.router is None:
        return
    router = t.router
    for e in t.endpoints:
        if e.vlan != router.vlan or e.expect.addressing != "dhcp":
            continue
        lease = r.leases.get(e.label)
        name = f"dns {e.label}"
        servers = (lease or {}).get("dns", "").split()
        if not servers:
            yield Check(
                name,
                False,
                f"no lease naming a name server; designed {router.address} (the router)",
            )
            yield Check(
                f"dns upstream {router.host}",
                False,
                f"not asked: no client of VLAN {router.vlan} has an address; designed "
                f"{', '.join(e.expect.upstream or [])}",
            )
            return
        hostname = f"lab-{e.host}"
        try:
            with entered(e.netns):
                found = resolve(servers[0], hostname)
        except DnsError as exc:
            yield Check(name, False, f"{hostname} through {servers[0]}: {exc}")
            continue
        ok = found == [lease["ip"]]
        yield Check(
            name,
            ok,
            f"{hostname} resolved through {servers[0]} to {', '.join(found) or 'nothing'}"
            f"{'' if ok else '; expected ' + lease['ip']} (its DHCP lease)",
        )
        try:
            with entered(e.netns):
                upstream = upstream_servers(servers[0])
        except DnsError as exc:
            yield Check(
                f"dns upstream {router.host}", False, f"servers.bind through {servers[0]}: {exc}"
            )
            continue
        want = e.expect.upstream or []
        yield Check(
            f"dns upstream {router.host}",
            upstream == want,
            f"the running dnsmasq forwards to {', '.join(upstream) or 'no server'}; designed {', '.join(want)}",
        )
        return  # one client of the router's VLAN is enough


def _ping(source: Endpoint, target: str) -> subprocess.Popen[bytes]:
    argv = in_netns(
        source.netns, ["busybox", "ping", "-c", "2", "-W", "2", "-I", source.ifname, target]
    )
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def reach(r: Run) -> Iterator[Check]:
    """Same VLAN, same subnet: the first host of each VLAN pings every other member.

    Every VLAN's pings run at once; each VLAN is judged on its own.
    """
    t = r.topology
    members: dict[int, list[Endpoint]] = {}
    for e in t.endpoints + t.services:
        if e.vlan is not None and e.expect.addressing != "none":
            members.setdefault(e.vlan, []).append(e)
    plans = []
    for vlan, group in sorted(members.items()):
        if len(group) < 2:
            continue
        sources = [e for e in group if e.expect.addressing in ("dhcp", "static") and r.address(e)]
        source = sources[0] if sources else None
        targets = [(e, r.address(e)) for e in group if e is not source]
        pings = [(e, a, _ping(source, a)) for e, a in targets if a] if source else []
        plans.append((vlan, source, targets, pings))
    for vlan, source, targets, pings in plans:
        if source is None:
            yield Check(f"reach VLAN {vlan}", False, "no host of the VLAN has an address")
            continue
        results = [(e, a, p.wait(timeout=15) == 0) for e, a, p in pings]
        unaddressed = [e.label for e, a in targets if not a]
        lost = [f"{e.label} {a}" for e, a, ok in results if not ok]
        answered = [f"{e.label} {a}" for e, a, ok in results if ok]
        detail = f"{source.label} {r.address(source)} reached {', '.join(answered) or 'nobody'}"
        if lost:
            detail += f"; no answer from {', '.join(lost)}"
        if unaddressed:
            detail += f"; no address on {', '.join(unaddressed)}"
        yield Check(f"reach VLAN {vlan}", not lost and not unaddressed, detail)


def isolation(t: Topology) -> Iterator[Check]:
    everyone = t.endpoints + t.services
    heard = who_hears_whom(everyone)
    by_vlan: dict[int | None, list[Endpoint]] = {}
    for e in everyone:
        by_vlan.setdefault(e.vlan, []).append(e)
    vlan_of = {e.label: e.vlan for e in everyone}
    for vlan, group in sorted(by_vlan.items(), key=lambda kv: kv[0] or 0):
        leaks, missing = [], []
        for e in group:
            same = {o.label for o in group if o is not e}
            leaks += [
                f"{e.label} -> {o} (VLAN {vlan_of[o]})" for o in sorted(heard[e.label] - same)
            ]
            missing += [f"{e.label} -> {o}" for o in sorted(same - heard[e.label])]
        outside = len(everyone) - len(group)
        name = f"l2 VLAN {vlan}"
        if not leaks and not missing:
            yield Check(
                name,
                True,
                f"broadcasts of its {len(group)} endpoints reached each other and none of the "
                f"{outside} endpoints of other VLANs",
            )
            continue
        parts = []
        if leaks:
            parts.append(f"heard outside the VLAN: {', '.join(leaks)}")
        if missing:
            parts.append(f"not heard inside the VLAN: {', '.join(missing)}")
        yield Check(name, False, "; ".join(parts))


def loop(r: Run) -> Iterator[Check]:
    t = r.topology
    if t.loop is None:
        return
    switch = t.switch(t.loop.switch)
    a, b = (ovs_port_name(p) for p in t.loop.ports)
    name = f"loop {a} <-> {b} on {switch.host} (VLAN {t.loop.vlan})"
    run(["ip", "-n", switch.netns, "link", "set", a, "up"])
    run(["ip", "-n", switch.netns, "link", "set", b, "up"])
    try:
        deadline = time.monotonic() + 10
        roles: dict[str, tuple[str, str]] = {}
        steady = 0
        while time.monotonic() < deadline and steady < 2:
            ports = rstp(switch).ports
            roles = {p: ports.get(p, ("absent", "absent")) for p in (a, b)}
            states = sorted(state for _role, state in roles.values())
            steady = steady + 1 if states == ["Discarding", "Forwarding"] else 0
            time.sleep(0.25)
        blocked = [p for p, (_role, state) in roles.items() if state == "Discarding"]
        states = ", ".join(f"{p} {role} {state}" for p, (role, state) in roles.items())
        hosts = [
            e for e in t.endpoints
            if e.vlan == t.loop.vlan and e.expect.addressing in ("dhcp", "static") and r.address(e)
            and not e.tagged
        ]  # fmt: skip
        traffic, flowing, frames = "no two hosts with addresses in the VLAN", False, 0
        if len(hosts) >= 2:
            target = r.address(hosts[1])
            ping = _ping(hosts[0], target)  # traffic during the count: a storm would swamp it
            frames = count_frames(hosts[0], STORM_WINDOW)
            flowing = ping.wait(timeout=15) == 0
            traffic = f"{hosts[0].label} {'reached' if flowing else 'did not reach'} {hosts[1].label} {target}"
        storm = frames >= STORM_FRAMES
        ok = len(blocked) == 1 and flowing and not storm
        where = hosts[0].label if hosts else "-"
        detail = f"{states}; {traffic}; {frames} frames in {STORM_WINDOW:.0f} s at {where}"
        if not ok:
            detail += (
                "; designed: spanning tree blocks one of the two ports and traffic keeps flowing"
            )
        yield Check(name, ok, detail)
    finally:
        run(["ip", "-n", switch.netns, "link", "set", a, "down"], check=False)


def between_schools(t: Topology) -> Iterator[Check]:
    """The neighbour school's VLANs have the same ids: their broadcasts must never meet ours."""
    other = t.neighbour
    if other is None:
        return
    mine = [e for e in t.endpoints + t.services if e.vlan is not None]
    theirs = [e for e in other.endpoints + other.services if e.vlan is not None]
    shared = sorted({e.vlan for e in mine} & {e.vlan for e in theirs})
    group = [e for e in mine + theirs if e.vlan in shared]
    heard = who_hears_whom(group)
    school_of = {e.label: t.school for e in mine} | {e.label: other.school for e in theirs}
    for vlan in shared:
        ours = [e for e in mine if e.vlan == vlan]
        across = [
            f"{e.label} -> {o}"
            for e in group
            if e.vlan == vlan
            for o in sorted(heard[e.label])
            if school_of[o] != school_of[e.label]
        ]
        inside = all({o.label for o in ours if o is not e} <= heard[e.label] for e in ours)
        name = f"schools {t.school} VLAN {vlan} <-> {other.school} VLAN {vlan}"
        count = len([e for e in theirs if e.vlan == vlan])
        if across:
            yield Check(name, False, f"heard in the other school: {', '.join(across)}; designed: "
                        "VLAN ids are local to a school, only routed links leave it")  # fmt: skip
        else:
            yield Check(
                name,
                inside,
                f"broadcasts of {len(ours)} endpoints of {t.school} and {count} of {other.school} "
                f"never crossed{'' if inside else '; but not every endpoint of ' + t.school + ' heard the others'}",
            )


def run_checks(t: Topology) -> Iterator[Check]:
    """Every check, in an order where each one's traffic cannot disturb the next."""
    attach_plumbing(t)
    states, waited = converge(t)
    yield from check_lacp(t)
    yield from check_rstp(t, states, waited)
    routes_waited = converge_routes(t)
    r = Run(t)
    yield from dhcp(r)
    yield from dns(r)
    yield from reach(r)
    yield from isolation(t)
    yield from between_schools(t)
    yield from routed(r, routes_waited)
    yield from failover(r)
    yield from loop(r)  # last: it adds a loop on purpose


# -- layer 3 -----------------------------------------------------------------------
ROUTES_SECONDS = 25  # OSPF adjacencies and the tracked routes, from the start of the checks


def route_get(netns: str, target: str) -> tuple[str | None, str | None]:
    """(gateway, device) of the route the namespace takes to the target."""
    done = run(["ip", "-n", netns, "-j", "route", "get", target], check=False)
    try:
        route = json.loads(done.stdout or "[]")[0]
    except (ValueError, IndexError):
        return None, None
    return route.get("gateway"), route.get("dev")


def _core_route(t: Topology, core: str) -> tuple[str, str]:
    """(protocol, next hop) of a core's most specific route to the stack's first SVI, or ("", "")."""
    svi = t.intents[t.routing_stack]["routing"]["svis"][0]["address"]
    done = run(["ip", "-n", t.node(core).netns, "-j", "route", "show", "match", svi], check=False)
    best, length = ("", ""), -1
    for route in json.loads(done.stdout or "[]"):
        dst = route.get("dst", "default")
        prefix = 0 if dst == "default" else int(dst.split("/")[1]) if "/" in dst else 32
        hop = route.get("gateway") or ", ".join(
            n.get("gateway", "") for n in route.get("nexthops", [])
        )
        if prefix > length and hop:
            best, length = (route.get("protocol", ""), hop), prefix
    return best


def _fibre_hops(t: Topology) -> dict[str, str]:
    """The cores' ends of the uplinks: next hop -> core."""
    return {u["peer_address"]: u["peer"] for u in t.intents[t.routing_stack]["routing"]["uplinks"]}


def converge_routes(t: Topology) -> float:
    """Wait until every core routes the school block and the stack's default goes to a core."""
    started = time.monotonic()
    cores = [n.host for n in t.nodes if n.kind == "core"]
    stack = t.switch(t.routing_stack)
    target = internet_targets(t)[:1] or [t.town_hall_networks[0].split("/")[0]]
    uplinks = {u["address"] for u in t.intents[t.routing_stack]["routing"]["uplinks"]}
    while time.monotonic() - started < ROUTES_SECONDS:
        if all(_core_route(t, c)[1] in uplinks for c in cores) and _tracks_down(t, settled=True):
            break  # every track has been probed and is down: waiting would not change it
        if all(_core_route(t, c)[1] in uplinks for c in cores) and route_get(
            stack.netns, target[0]
        )[0] in _fibre_hops(t):
            break
        time.sleep(0.5)
    return time.monotonic() - started


def _pcs(r: Run) -> dict[int, Endpoint]:
    """One client with a lease per routed VLAN (not the router's VLAN)."""
    t = r.topology
    out: dict[int, Endpoint] = {}
    for e in t.endpoints:
        client = e.expect.relay or (e.expect.addressing == "dhcp" and not e.expect.dns)
        if client and e.vlan is not None and e.vlan not in out and r.leases.get(e.label):
            out[e.vlan] = e
    return out


def _ping_once(source: Endpoint, target: str) -> bool:
    argv = in_netns(
        source.netns, ["busybox", "ping", "-c", "1", "-W", "1", "-I", source.ifname, target]
    )
    return subprocess.run(argv, capture_output=True, check=False).returncode == 0


def _pings(source: Endpoint, targets: list[str]) -> dict[str, bool]:
    running = [(a, _ping(source, a)) for a in targets]
    return {a: p.wait(timeout=15) == 0 for a, p in running}


def routed(r: Run, waited: float) -> Iterator[Check]:
    t = r.topology
    routing = t.intents[t.routing_stack]["routing"]
    for node in (n for n in t.nodes if n.kind == "core"):
        protocol, hop = _core_route(t, node.host)
        designed = "ospf" if routing["protocol"] == "ospf" else "static"
        got = (
            "static"
            if protocol in ("", "boot", "static", "kernel") and hop
            else protocol or "no route"
        )
        ends = {u["address"] for u in routing["uplinks"] if u["peer"] == node.host}
        yield Check(
            f"routing {node.host}",
            got == designed and hop in ends,
            f"the school ({t.school_block}) via {hop or 'nothing'} ({got}), after {waited:.1f} s; designed "
            f"{designed} via {t.routing_stack} {', '.join(sorted(ends))}",
        )
    stack = t.switch(t.routing_stack)
    fibre = _fibre_hops(t)
    targets = internet_targets(t)[:1]
    hall = town_hall_servers(t)[:1]
    for _vlan, e in sorted(_pcs(r).items()):
        gateway = e.expect.relay or e.expect.server or ""
        want = [a for a in [gateway, *hall, *targets] if a]
        result = _pings(e, want)
        hop, dev = route_get(stack.netns, (targets or hall)[0])
        lost = [a for a, ok in result.items() if not ok]
        detail = (f"{e.label} {r.address(e)} reached {', '.join(a for a, ok in result.items() if ok) or 'nothing'}"
                  f" (gateway {gateway}, town hall {', '.join(hall) or '-'}, internet {', '.join(targets) or '-'})"
                  f"; {t.routing_stack} sends it via {hop} ({dev})")  # fmt: skip
        problems = []
        if lost:
            problems.append(f"no answer from {', '.join(lost)}")
        if hop not in fibre:
            problems.append(
                f"designed through the cores ({', '.join(f'{c} {a}' for a, c in fibre.items())})"
            )
            problems += _tracks_down(t)
        yield Check(
            f"route {e.label}",
            not problems,
            detail + ("; " + "; ".join(problems) if problems else ""),
        )


def _tracks_down(t: Topology, settled: bool = False) -> list[str]:
    """The watcher's tracks that are down, with what they probe and what the design probes
    (with ``settled``: only when every track has been probed and all are down)."""
    stack = t.switch(t.routing_stack)
    try:
        states = json.loads(Path(stack.run_dir, "tracks.json").read_text())
        spec = json.loads(Path(stack.run_dir, "track.json").read_text())
    except (OSError, ValueError):
        return []
    designed = {p["track"]: p["target"] for p in t.intents[t.routing_stack]["failover"]["probes"]}
    if settled and (
        not spec["probes"] or any(states.get(str(p["track"]), True) for p in spec["probes"])
    ):
        return []
    out = []
    for probe in spec["probes"]:
        if not states.get(str(probe["track"]), False):
            out.append(
                f"track {probe['track']} is down (probing {probe['target']} from {probe['source']}; "
                f"designed target {designed.get(probe['track'], 'none')})"
            )
    return out


def _router_diagnosis(t: Topology, e: Endpoint, address: str, want: bool) -> str:
    """Why the 4G path did not behave as designed, read from the router's namespace."""
    if t.router is None:
        return "the school has no backup router"
    ns = t.router.netns
    intent = t.intents[t.router.host]
    subnet = next(
        (n["subnet"] for n in intent["nat"] + intent["refused"] if n["vlan"] == e.vlan), "?"
    )
    here = ipaddress.IPv4Address(address)
    back = next((r for r in intent["routes"] if here in ipaddress.IPv4Network(r["subnet"])), None)
    hop, dev = route_get(ns, address)
    parts = []
    if back is not None and hop != back["next_hop"]:
        parts.append(f"the router has no route back to {address} (it sends it via {hop or dev or 'nothing'}; "
                     f"designed {back['subnet']} via {back['next_hop']})")  # fmt: skip
    rules = run(in_netns(ns, ["nft", "list", "ruleset"]), check=False).stdout.splitlines()
    nat = " ".join(line for line in rules if "masquerade" in line)
    refused = " ".join(line for line in rules if "reject" in line or "drop" in line)
    if want and subnet not in nat:
        parts.append(f"the router's NAT leaves out {subnet} (designed to NAT it)")
    if not want and subnet not in refused:
        parts.append(f"the router does not refuse {subnet} (designed refused)")
    return "; " + "; ".join(parts) if parts else ""


def _detection(t: Topology) -> float:
    probes = t.intents[t.routing_stack]["failover"]["probes"]
    return (max(p["frequency"] for p in probes) + 2.0) if probes else 2.0


def failover(r: Run) -> Iterator[Check]:
    """Both uplinks cut: the allowed services reach the internet through the 4G router, the others do not."""
    t = r.topology
    if t.router is None or not internet_targets(t):
        return
    stack = t.switch(t.routing_stack)
    router_intent = t.intents[t.router.host]
    allowed = {n["vlan"] for n in router_intent["nat"]}
    refused = {n["vlan"] for n in router_intent["refused"]}
    backup = t.intents[t.routing_stack]["failover"]["router_address"]
    target = internet_targets(t)[0]
    uplinks = [linux_name(u["interface"]) for u in t.intents[t.routing_stack]["routing"]["uplinks"]]
    pcs = _pcs(r)
    limit = _detection(t)
    run(
        ["ip", "-n", stack.netns, "-batch", "-"],
        stdin="".join(f"link set {u} down\n" for u in uplinks),
    )
    try:
        started = time.monotonic()
        hop = None
        while time.monotonic() - started < limit + 10:
            hop, _dev = route_get(stack.netns, target)
            if hop == backup:
                break
            time.sleep(0.2)
        took = time.monotonic() - started
        ok = hop == backup and took <= limit
        yield Check(
            f"failover {t.routing_stack}",
            ok,
            f"both uplinks ({', '.join(uplinks)}) down: the default route goes via {hop or 'nothing'} after "
            f"{took:.1f} s; designed via the backup router {backup} (distance "
            f"{t.intents[t.routing_stack]['failover']['distance']}) within {limit:.0f} s",
        )
        for vlan, e in sorted(pcs.items()):
            if vlan not in allowed | refused or vlan == t.router.vlan:
                continue
            reached = _pings(e, [target])[target]
            want = vlan in allowed
            why = _router_diagnosis(t, e, r.address(e) or "", want) if reached != want else ""
            verdict = "reached" if reached else "did not reach"
            designed = ("allowed on 4G: NAT to the cellular link" if want
                        else "refused on 4G by the router")  # fmt: skip
            yield Check(
                f"4g {e.label}",
                reached == want,
                f"{e.label} {r.address(e)} {verdict} the internet {target} with both uplinks down; "
                f"designed {designed} ({router_intent['hostname']}){why}",
            )
    finally:
        run(
            ["ip", "-n", stack.netns, "-batch", "-"],
            stdin="".join(f"link set {u} up\n" for u in uplinks),
        )
    started = time.monotonic()
    fibre = _fibre_hops(t)
    first = next(iter(sorted(pcs.items())), (None, None))[1]
    hop, reached = None, False
    while time.monotonic() - started < ROUTES_SECONDS:  # the cores' routes come back with OSPF
        hop, _dev = route_get(stack.netns, target)
        if hop in fibre and first is not None:
            reached = _ping_once(first, target)
            if reached:
                break
        time.sleep(0.2)
    took = time.monotonic() - started
    yield Check(
        f"failback {t.routing_stack}",
        hop in fibre and reached,
        f"uplinks up: the default route goes via {hop or 'nothing'} after {took:.1f} s; "
        f"{first.label if first else 'no client'} {'reached' if reached else 'did not reach'} {target}"
        f"; designed via the cores ({', '.join(f'{c} {a}' for a, c in fibre.items())})",
    )
