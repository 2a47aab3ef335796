"""Routing outputs: `show ip route`, `show ip ospf neighbor`, `show track`,
`show ip sla statistics`, `show ip sla summary`, computed by `iosim.routing`.

The simulator's tests parse them with the collection's `parse_show`
(plugins/plugin_utils/verify/parsing.py): `show ip route` and `show ip ospf
neighbor` with the ntc-templates templates of the same name, `show track` and
`show ip sla summary` with the collection's templates (ntc-templates has no
`cisco_ios` template for them). `show ip sla statistics`, which no verify check
reads, is checked with the template of `tests/simulator/templates/`."""

from __future__ import annotations

import ipaddress
import time

from ..device import Device
from ..routing import (
    Route,
    dead_interval,
    ospf_neighbors,
    routing_table,
    sla_ok,
    sla_operations,
    static_routes,
    tracks,
)

# Legend of `show ip route` on IOS 15 / IOS-XE, verbatim from ntc-templates
# tests/cisco_ios/show_ip_route/cisco_ios_show_ip_route_vrf.raw (a Catalyst
# routing on SVIs; the trailing blank of the second line is the device's).
_CODES = "\n".join(
    [
        "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP",
        "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area ",
        "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2",
        "       E1 - OSPF external type 1, E2 - OSPF external type 2",
        "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2",
        "       ia - IS-IS inter area, * - candidate default, U - per-user static route",
        "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP",
        "       a - application route",
        "       + - replicated route, % - next hop override, p - overrides from PfR",
        "",
    ]
)


def _age(device: Device) -> str:
    """Route age as IOS prints it: hh:mm:ss under a day, then `XdYh` (same capture)."""
    seconds = device.uptime_seconds()
    if seconds < 86400:
        return time.strftime("%H:%M:%S", time.gmtime(seconds))
    return f"{seconds // 86400}d{seconds % 86400 // 3600:02d}h"


def _classful(network: ipaddress.IPv4Network) -> ipaddress.IPv4Network:
    first = int(network.network_address) >> 24
    length = 8 if first < 128 else 16 if first < 192 else 24
    return ipaddress.IPv4Network(f"{network.network_address}/{length}", strict=False)


def _code(route: Route) -> str:
    if not route.default:
        return route.code
    # candidate default: `S*`, `O*E2`, `O*IA` (cisco_ios_show_ip_route.raw: `O*E2 0.0.0.0/0`)
    return route.code[0] + "*" + route.code[2:]


def _route_lines(device: Device, route: Route, lead: str) -> list[str]:
    """One route; `lead` is its code column (6 wide at top level, 9 under a major network).

    Shapes as in cisco_ios_show_ip_route_vrf.raw and cisco_ios_show_ip_route.raw:
    `C        10.10.254.0/29 is directly connected, Vlan3101`,
    `S       1.1.1.1 [1/0] via 212.0.0.1` / `                [1/0] via 192.168.0.1`,
    `O E2    4.4.0.0 [110/20] via 194.0.0.2, 1d18h, FastEthernet0/0.100`.
    """
    head = f"{lead}{route.network}"
    if route.code in ("C", "L"):
        return [f"{head} is directly connected, {route.next_hops[0][1]}"]
    out = []
    for i, (ip, iface) in enumerate(route.next_hops):
        metric = f"[{route.distance}/{route.metric}]"
        if ip is None:
            text = f"{head} is directly connected, {iface}"
        elif route.code.startswith("O"):
            text = f"{head} {metric} via {ip}, {_age(device)}, {iface}"
        else:
            text = f"{head} {metric} via {ip}"
        if i:
            text = " " * (len(head) + 1) + text[len(head) + 1 :]
        out.append(text)
    return out


def show_ip_route(device: Device) -> str:
    routes = routing_table(device)
    default = next((r for r in routes if r.default and r.next_hops[0][0]), None)
    out = [_CODES]
    if default is not None:
        out.append(f"Gateway of last resort is {default.next_hops[0][0]} to network 0.0.0.0\n")
    else:
        out.append("Gateway of last resort is not set\n")
    groups: dict[ipaddress.IPv4Network, list[Route]] = {}
    for route in routes:
        groups.setdefault(_classful(route.network), []).append(route)
    done: set[ipaddress.IPv4Network] = set()
    for route in routes:
        major = _classful(route.network)
        members = groups[major]
        subnetted = any(r.network.prefixlen > major.prefixlen for r in members)
        if route.network.prefixlen < major.prefixlen or not subnetted:
            out += _route_lines(device, route, f"{_code(route):<6}")
            continue
        if major in done:
            continue
        done.add(major)
        inside = [r for r in members if r.network.prefixlen >= major.prefixlen]
        masks = {r.network.prefixlen for r in inside}
        if len(masks) == 1:
            header = (
                f"      {major.network_address}/{masks.pop()} is subnetted, {len(inside)} subnets"
            )
        else:
            header = (
                f"      {major} is variably subnetted, {len(inside)} subnets, {len(masks)} masks"
            )
        out.append(header)
        for member in inside:
            out += _route_lines(device, member, f"{_code(member):<9}")
    return "\n".join(out) + "\n"


def show_ip_ospf_neighbor(device: Device) -> str:
    """Format of ntc-templates tests/cisco_ios/show_ip_ospf_neighbor/cisco_ios_show_ip_ospf_neighbor.raw:
    `10.0.0.1          0   FULL/  -        00:00:32    10.0.1.1        Port-channel1`."""
    out = ["Neighbor ID     Pri   State           Dead Time   Address         Interface"]
    for n in ospf_neighbors(device):
        dead = time.strftime(
            "%H:%M:%S", time.gmtime(max(dead_interval(device, n.interface) - 1, 0))
        )
        out.append(
            f"{n.neighbor_id:<16}{n.priority:>3}   {n.state:<16}{dead:<12}{n.address:<16}{n.interface}"
        )
    return "\n".join(out) + "\n"


def _last_change(device: Device) -> str:
    return time.strftime("%H:%M:%S", time.gmtime(device.uptime_seconds() % 86400))


def show_track(device: Device, only: int | None = None) -> str:
    """`show track` of an IP SLA reachability track.

    Shape of public IOS captures of `show track` (and the Cisco IOS IP Application
    Services Command Reference, `show track`, example "whether a route is reachable"):

        Track 100
          IP SLA 100 reachability
          Reachability is Down
            2 changes, last change 00:00:48
          Delay up 5 secs, down 5 secs
          Latest operation return code: Timeout
          Tracked by:
            Static IP Routing 0
        Track 101
          IP SLA 101 reachability
          Reachability is Up
            1 change, last change 00:10:00
          Delay up 5 secs, down 5 secs
          Latest operation return code: OK
          Latest RTT (millisecs) 1

    The change count is 1 when the state is the one the lab started with, 2
    when it was changed at runtime (an up then down, or down then up).
    """
    ops = sla_operations(device)
    used = {r.track for r in static_routes(device) if r.track is not None}
    initial = device.spec.reachable
    out: list[str] = []
    for number, track in tracks(device).items():
        if only is not None and number != only:
            continue
        op = ops.get(track.sla)
        up = op is not None and sla_ok(device, op)
        first = op is not None and sla_ok(device, op, None if initial is None else set(initial))
        changes = 1 if up == first else 2
        out += [
            f"Track {number}",
            f"  IP SLA {track.sla} reachability",
            f"  Reachability is {'Up' if up else 'Down'}",
            f"    {changes} change{'s' if changes > 1 else ''}, last change {_last_change(device)}",
        ]
        if track.delay_up is not None or track.delay_down is not None:
            out.append(f"  Delay up {track.delay_up or 0} secs, down {track.delay_down or 0} secs")
        if op is not None and op.scheduled:
            out.append(f"  Latest operation return code: {'OK' if up else 'Timeout'}")
            if up:
                out.append("  Latest RTT (millisecs) 1")
        if number in used:
            out += ["  Tracked by:", "    Static IP Routing 0"]
    return "\n".join(out) + "\n" if out else ""


def show_ip_sla_statistics(device: Device, only: int | None = None) -> str:
    """`show ip sla statistics`, IOS 15 / IOS-XE shape of public captures:

        IPSLAs Latest Operation Statistics

        IPSLA operation id: 1
                Latest RTT: 1 milliseconds
        Latest operation start time: 15:10:47 UTC Mon Dec 11 2024
        Latest operation return code: OK
        Number of successes: 9
        Number of failures: 0
        Operation time to live: Forever

    an unanswered probe prints `        Latest RTT: NoConnection/Busy/Timeout` and
    `Latest operation return code: Timeout`; an unscheduled operation only
    `Number of successes: Unknown`, `Number of failures: Unknown`, `Operation
    time to live: 0` (same captures).
    """
    out = ["IPSLAs Latest Operation Statistics", ""]
    now = time.time()
    for number, op in sla_operations(device).items():
        if only is not None and number != only:
            continue
        out.append(f"IPSLA operation id: {number}")
        if not op.scheduled:
            out += ["Number of successes: Unknown", "Number of failures: Unknown"]
            out += ["Operation time to live: 0", ""]
            continue
        ok = sla_ok(device, op)
        runs = max(device.uptime_seconds() // op.frequency, 1)
        start = time.gmtime(now - (now % op.frequency))
        stamp = time.strftime("%H:%M:%S UTC %a %b ", start) + f"{start.tm_mday} {start.tm_year}"
        out += [
            "        Latest RTT: " + ("1 milliseconds" if ok else "NoConnection/Busy/Timeout"),
            f"Latest operation start time: {stamp}",
            f"Latest operation return code: {'OK' if ok else 'Timeout'}",
            f"Number of successes: {runs if ok else 0}",
            f"Number of failures: {0 if ok else runs}",
            "Operation time to live: Forever",
            "",
        ]
    return "\n".join(out) + "\n"


# Column starts of `show ip sla summary` (ID, Type, Destination, Stats, Return
# Code, Last Run) and the terminal width at which IOS wraps a row.
_SUMMARY_COLUMNS = (13, 12, 18, 12, 12)
_SUMMARY_WIDTH = 80


def show_ip_sla_summary(device: Device) -> str:
    """`show ip sla summary`, one row per operation (Cisco IOS IP SLAs Command
    Reference, `show ip sla summary`; the IOS 15.4 capture quoted by the
    collection's plugins/plugin_utils/verify/templates/cisco_ios_show_ip_sla_summary.textfsm):

        IPSLAs Latest Operation Summary
        Codes: * active, ^ inactive, ~ pending

        ID           Type        Destination       Stats       Return      Last
                                                   (ms)        Code        Run
        -----------------------------------------------------------------------
        *1           icmp-echo   80.110.100.12     -           Timeout     14 seconds ag
                                                                           o
        *2           icmp-echo   80.110.100.14     RTT=1       OK          7 seconds ago

    A scheduled operation is `*` (active), one without `ip sla schedule` `^`
    (inactive) with `-` stats, return code `Unknown` and no last run. A row
    longer than the 80 columns of the terminal wraps, its rest starting in the
    Last Run column, as in the capture.
    """
    out = [
        "IPSLAs Latest Operation Summary",
        "Codes: * active, ^ inactive, ~ pending",
        "",
        "ID           Type        Destination       Stats       Return      Last",
        "                                           (ms)        Code        Run ",
        "-----------------------------------------------------------------------",
    ]
    for number, op in sla_operations(device).items():
        if op.scheduled:
            ok = sla_ok(device, op)
            ago = device.uptime_seconds() % op.frequency
            cells = [
                f"*{number}",
                "icmp-echo",
                op.target or "",
                "RTT=1" if ok else "-",
                "OK" if ok else "Timeout",
            ]
            last = f"{ago} second{'' if ago == 1 else 's'} ago"
        else:
            cells = [f"^{number}", "icmp-echo", op.target or "", "-", "Unknown"]
            last = "-"
        row = "".join(f"{c:<{w}}" for c, w in zip(cells, _SUMMARY_COLUMNS, strict=True)) + last
        indent = sum(_SUMMARY_COLUMNS)
        out.append(row[:_SUMMARY_WIDTH])
        if len(row) > _SUMMARY_WIDTH:
            out.append(" " * indent + row[_SUMMARY_WIDTH:])
    return "\n".join(out) + "\n"
