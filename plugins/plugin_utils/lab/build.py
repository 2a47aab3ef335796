"""Build a school's twin from its topology: namespaces, veth pairs, switch daemons, services.

Only the plumbing is made here; the switches' bridges and ports and the
backup router's LAN and dnsmasq are left to the collection's roles, run by
``playbooks/lab.yml`` on the twin exactly as they would be on the school.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .system import (
    LabError,
    Ledger,
    in_netns,
    namespaces,
    require_root_and_tools,
    root_links,
    run,
)
from .teardown import teardown
from .topology import Switch, Topology

OVS_SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"
UDHCPC_SCRIPT = """#!/bin/sh
# udhcpc calls this with the lease in its environment; the twin's checks read the file.
case "$1" in
  bound|renew)
    ip addr flush dev "$interface" scope global
    ip addr add "$ip/$mask" dev "$interface"
    # one default route per interface (ping -I picks the one of its interface)
    for r in $router; do
      ip route replace default via "$r" dev "$interface" metric $((100 + $(cat /sys/class/net/$interface/ifindex)))
      break
    done
    env | grep -E '^(interface|ip|mask|subnet|router|dns|serverid|lease|hostname|domain)=' \\
      > "$CITYNET_LEASE_FILE"
    ;;
esac
exit 0
"""


def _ovs_env(directory: str) -> dict[str, str]:
    return {**os.environ, "OVS_RUNDIR": directory, "OVS_LOGDIR": directory, "OVS_DBDIR": directory}


def _run_env(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise LabError(f"{' '.join(argv)} failed: {(done.stderr or done.stdout).strip()}")


def start_switch(switch: Switch, ledger: Ledger) -> None:
    """An OVSDB and a userspace ovs-vswitchd of the switch's own, the daemon in its namespace."""
    d = switch.run_dir
    Path(d).mkdir(parents=True, exist_ok=True)
    env = _ovs_env(d)
    db, sock = f"{d}/conf.db", f"{d}/db.sock"
    _run_env(["ovsdb-tool", "create", db, OVS_SCHEMA], env)
    ledger.add_pidfile(f"{d}/ovsdb-server.pid")
    _run_env(
        ["ovsdb-server", f"--remote=punix:{sock}", f"--pidfile={d}/ovsdb-server.pid", "--detach",
         f"--log-file={d}/ovsdb-server.log", "-vconsole:off", db],
        env,
    )  # fmt: skip
    _run_env(["ovs-vsctl", f"--db=unix:{sock}", "--no-wait", "init"], env)
    ledger.add_pidfile(f"{d}/ovs-vswitchd.pid")
    _run_env(
        in_netns(switch.netns, [
            "ovs-vswitchd", f"unix:{sock}", f"--pidfile={d}/ovs-vswitchd.pid", "--detach",
            f"--log-file={d}/ovs-vswitchd.log", "-vconsole:off",
        ]),
        env,
    )  # fmt: skip


def _batch(netns: str, lines: list[str]) -> None:
    if lines:
        run(["ip", "-n", netns, "-batch", "-"], stdin="\n".join(lines) + "\n")


def _no_offload(netns: str, ifname: str) -> None:
    # The checksum trap: without this the userspace switch forwards frames whose
    # UDP checksum the kernel never finished, and DHCP clients drop every offer.
    run(in_netns(netns, ["ethtool", "-K", ifname, "tx", "off"]))


def plumb(topology: Topology) -> None:
    """Veth pairs (both ends made in their namespaces), addresses of the static hosts."""
    ups: dict[str, list[str]] = {}
    for v in topology.veths:
        if v.a_ns == v.b_ns:
            run(["ip", "-n", v.a_ns, "link", "add", v.a_if, "type", "veth", "peer", "name", v.b_if])
        else:
            run(["ip", "link", "add", "name", v.a_if, "netns", v.a_ns, "type", "veth",
                 "peer", "name", v.b_if, "netns", v.b_ns])  # fmt: skip
        for ns, ifname in ((v.a_ns, v.a_if), (v.b_ns, v.b_if)):
            _no_offload(ns, ifname)
            verb = "up" if v.up else "down"
            ups.setdefault(ns, []).append(f"link set {ifname} {verb}")
    for host in topology.hosts:
        for e in host.endpoints:
            if not e.tagged and e.expect.addressing == "static" and e.expect.address:
                ups.setdefault(host.netns, []).append(f"addr add {e.expect.address} dev {e.ifname}")
    for ns, lines in ups.items():
        _batch(ns, lines)


def start_taps(topology: Topology, ledger: Ledger, name: str = "taps") -> None:
    taps = [
        {"netns": h.netns, "parent": e.parent, "vid": e.vlan, "name": e.ifname}
        for h in topology.hosts
        for e in h.endpoints
        if e.tagged
    ]
    if not taps:
        return
    d = Path(topology.run_dir)
    spec, ready, pidfile = d / f"{name}.json", d / f"{name}.ready", d / f"{name}.pid"
    spec.write_text(json.dumps(taps))
    ledger.add_pidfile(str(pidfile))
    with open(d / f"{name}.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", __package__ + ".vlan_tap", str(spec), str(ready)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
    pidfile.write_text(str(process.pid))
    deadline = time.monotonic() + 15
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise LabError(
                f"the VLAN tap process did not start: {(d / f'{name}.log').read_text()[-800:]}"
            )
        time.sleep(0.05)
    for e in topology.endpoints:
        if e.tagged and e.expect.addressing == "static" and e.expect.address:
            run(["ip", "-n", e.netns, "addr", "add", e.expect.address, "dev", e.ifname])


def build(topology: Topology) -> Ledger:
    """Make the twin's plumbing; on any failure, tear down what was made and raise."""
    require_root_and_tools()
    run_dir = Path(topology.run_dir)
    if (run_dir / "ledger.json").exists():
        raise LabError(
            f"a twin is already running in {run_dir}: tear it down first "
            f"(playbooks/lab.yml -e school={topology.school} -e lab_steps=[teardown])"
        )
    taken = sorted(set(topology.namespaces) & namespaces())
    if taken:
        raise LabError(f"network namespaces already exist: {', '.join(taken)}")
    run_dir.mkdir(parents=True, exist_ok=True)
    made: set[str] = set()
    for part in [topology] + ([topology.neighbour] if topology.neighbour else []):
        made |= {v.a_if for v in part.veths} | {v.b_if for v in part.veths}
        made |= {e.ifname for e in part.endpoints} | {s.bridge for s in part.switches}
    ledger = Ledger(str(run_dir), topology.lab_id, root_links=root_links(), interfaces=sorted(made))
    ledger.save()
    (run_dir / "topology.json").write_text(json.dumps(topology.to_dict(), indent=1))
    script = run_dir / "udhcpc.sh"
    script.write_text(UDHCPC_SCRIPT)
    script.chmod(0o755)
    try:
        for name in dict.fromkeys(topology.namespaces):
            ledger.add_namespace(name)
            run(["ip", "netns", "add", name])
            run(["ip", "-n", name, "link", "set", "lo", "up"])
        parts = [topology] + ([topology.neighbour] if topology.neighbour else [])
        for k, part in enumerate(parts):
            for switch in part.switches:
                start_switch(switch, ledger)
            plumb(part)
            start_taps(part, ledger, "taps" if k == 0 else f"taps-{part.school}")
        for node in topology.nodes:
            Path(node.run_dir).mkdir(parents=True, exist_ok=True)
    except BaseException:
        teardown(str(run_dir))
        raise
    return ledger
