"""The routing stack's tracked static routes, in a Linux namespace.

IOS installs ``ip route 0.0.0.0 0.0.0.0 <core end> track K`` only while
``track K`` (``ip sla K`` reachability of its target) is up, and removes a
route whose next hop is no longer on an interface that is up. Linux has no
IP SLA: this small watcher, run in the stack's namespace, pings each designed
probe target from its designed source interface every ``frequency`` seconds
and keeps the kernel's routes to what IOS would install: for each prefix and
distance (the route's metric), a multipath route through the next hops that
are on an interface that is up and whose track (if any) is up.

    python -m ...lab.track SPEC.json

SPEC: ``{"routes": [{"prefix", "via", "metric", "track"}], "probes":
[{"track", "target", "source", "frequency"}], "state": PATH}``. The watcher
writes the tracks' states to ``state`` (JSON) each time they change.
"""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
import time
from pathlib import Path

CYCLE = 0.5  # seconds between two looks at the interfaces


def _up_subnets() -> list[tuple[ipaddress.IPv4Network, str]]:
    done = subprocess.run(["ip", "-j", "addr"], capture_output=True, text=True, check=False)
    out = []
    for link in json.loads(done.stdout or "[]"):
        if "UP" not in link.get("flags", []) or "NO-CARRIER" in link.get("flags", []):
            continue
        for a in link.get("addr_info", []):
            if a.get("family") == "inet":
                net = ipaddress.IPv4Interface(f"{a['local']}/{a['prefixlen']}").network
                out.append((net, link["ifname"]))
    return out


def _probe(probe: dict) -> bool:
    argv = ["busybox", "ping", "-c", "1", "-W", "1", "-I", probe["source"], probe["target"]]
    return subprocess.run(argv, capture_output=True, check=False).returncode == 0


def _apply(routes: list[dict], tracks: dict[int, bool], installed: dict) -> dict:
    subnets = _up_subnets()
    groups: dict[tuple[str, int], list[str]] = {}
    for r in routes:
        groups.setdefault((r["prefix"], r["metric"]), [])
        if r["track"] is not None and not tracks.get(r["track"], False):
            continue
        via = ipaddress.IPv4Address(r["via"])
        if any(via in net for net, _dev in subnets):
            groups[(r["prefix"], r["metric"])].append(r["via"])
    wanted = {k: sorted(v) for k, v in groups.items()}
    for (prefix, metric), hops in wanted.items():
        if not hops:
            subprocess.run(["ip", "route", "del", prefix, "metric", str(metric)],
                           capture_output=True, check=False)  # fmt: skip
            continue
        if len(hops) == 1:
            argv = ["ip", "route", "replace", prefix, "metric", str(metric), "via", hops[0]]
        else:
            argv = ["ip", "route", "replace", prefix, "metric", str(metric)]
            for hop in hops:
                argv += ["nexthop", "via", hop]
        subprocess.run(argv, capture_output=True, check=False)
    return wanted


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text())
    routes, probes = spec["routes"], spec["probes"]
    state = Path(spec["state"])
    tracks: dict[int, bool] = {}
    due = {p["track"]: 0.0 for p in probes}
    installed: dict = {}
    written = None
    while True:
        now = time.monotonic()
        for p in probes:
            if now >= due[p["track"]]:
                due[p["track"]] = now + p["frequency"]
                tracks[p["track"]] = _probe(p)
        installed = _apply(routes, tracks, installed)
        if tracks != written:
            state.write_text(json.dumps({str(k): v for k, v in tracks.items()}))
            written = dict(tracks)
        time.sleep(CYCLE)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
