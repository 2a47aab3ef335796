"""Layer 3 of the twin, from the intents: the routing stack, the cores, the internet, the town hall.

Run after the roles (the stack's bridge must exist to hold its SVIs), and
again after each configuration: everything is applied with ``replace``
semantics, and a daemon is restarted only when its configuration changed.

* the routing stack's namespace: forwarding; an SVI per routed VLAN (an Open
  vSwitch internal port ``vlanV`` on the VLAN, the designed address; the
  management VLAN's is the bridge's own port); the uplinks' /31s; FRR's
  zebra and ospfd when the design runs OSPF; the DHCP relay (a dnsmasq with
  ``dhcp-relay`` per SVI and helper) or the local pools; the tracked static
  routes and the floating default (``lab.track``);
* each core: the school's downlinks, the interconnect, the edge link, the
  loopback, its static routes whose next hop is in the twin (kernel routes,
  redistributed by ospfd as ``redistribute kernel``), FRR where designed;
* the internet (the Internet firewall and the 4G carrier): the cores' edge
  peers, the designed public DNS servers as its own addresses, routes to the
  city space through the cores' edges and to the town hall, the cellular
  link's carrier end;
* the town hall: the designed DHCP servers' addresses, a dnsmasq serving the
  school's relayed pools;
* the backup router's cellular end and its route to the carrier (what the
  carrier would hand it); its forwarding, NAT, refusals and routes are the
  ``backup_router`` role's.

``Linux routes``: a route's metric is its designed administrative distance
(1 when none). Every namespace sets ``ignore_routes_with_linkdown``, so a
route through an interface without carrier is not used, as IOS removes it.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .state import vsctl
from .system import LabError, alive, in_netns, read_pidfile, run, stop
from .topology import CARRIER_SPACE, CELLULAR_IF, HOST_IF, PREFIX, Topology, linux_name

FRR = "/usr/lib/frr"
SYSCTLS = ("net.ipv4.ip_forward=1", "net.ipv4.conf.all.ignore_routes_with_linkdown=1",
           "net.ipv4.conf.default.ignore_routes_with_linkdown=1")  # fmt: skip


def effective_intent(t: Topology, host: str, run_dir: str) -> dict[str, Any]:
    """The intent the roles configured (the playbook records it), else the design's."""
    path = Path(run_dir) / "intent.json"
    if path.exists():
        return json.loads(path.read_text())
    return t.intents[host]


def _prefix(netmask_or_wildcard: str, wildcard: bool = False) -> int:
    bits = bin(int(ipaddress.IPv4Address(netmask_or_wildcard))).count("1")
    return 32 - bits if wildcard else bits


def _batch(netns: str, lines: list[str]) -> None:
    if lines:
        run(["ip", "-n", netns, "-batch", "-"], stdin="\n".join(lines) + "\n")


def _sysctl(netns: str) -> None:
    run(in_netns(netns, ["sysctl", "-q", "-w", *SYSCTLS]))


def _write(path: Path, text: str) -> bool:
    """Write when different; True when it changed."""
    if path.exists() and path.read_text() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return True


def _daemon(pidfile: Path, changed: bool, start: list[str]) -> bool:
    """(Re)start a daemon when its configuration changed or it is not running."""
    pid = read_pidfile(str(pidfile))
    if pid is not None and alive(pid) and not changed:
        return False
    if pid is not None and alive(pid):
        stop([pid])
    pidfile.unlink(missing_ok=True)
    run(start)
    return True


# -- FRR ------------------------------------------------------------------------
def twin_key(t: Topology) -> str:
    """The OSPF key of this twin's adjacencies: its own random one, made once per twin.

    The design keeps the city's key in a vault the twin never reads; what the twin
    proves is that the designed authentication lines, on both ends of each link, let
    the adjacencies form (and a wrong key keeps one from forming).
    """
    path = Path(f"/tmp/{PREFIX}{t.lab_id}-frr") / "ospf.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(8))  # 16 characters, what IOS keys at most
    return path.read_text(encoding="utf-8").strip()


def frr_conf(host: str, routing: dict[str, Any], key: str) -> str:
    """ospfd's configuration from a device's routing intent, the FRR spelling of its lines."""
    ospf = routing["ospf"]
    lines = ["frr defaults traditional", f"hostname {host}", "log stdout", "!"]
    for name, port in routing["ports"].items():
        o = port.get("ospf")
        if not o:
            continue
        lines += [f"interface {linux_name(name)}", " ip ospf authentication message-digest",
                  f" ip ospf message-digest-key {o['key_id']} md5 {key}",
                  f" ip ospf network {o['network']}",
                  f" ip ospf hello-interval {o['hello']}", f" ip ospf dead-interval {o['dead']}", "!"]  # fmt: skip
    lines += ["router ospf", f" ospf router-id {ospf['router_id']}", " passive-interface default"]
    lines += [f" no passive-interface {linux_name(i)}" for i in ospf["active"]]
    for n in ospf["networks"]:
        lines.append(f" network {n['network']}/{_prefix(n['wildcard'], True)} area {n['area']}")
    if ospf.get("stub"):
        lines.append(f" area {ospf['area']} {ospf['stub']}")
    for a in ospf.get("areas", []):
        lines.append(f" area {a['area']} stub no-summary")
        lines.append(f" area {a['area']} range {a['range']}/{_prefix(a['netmask'])}")
    if ospf.get("redistribute_static"):
        lines.append(" redistribute kernel")  # the twin's static routes are kernel routes
    if ospf.get("default_originate"):
        lines.append(" default-information originate")
    return "\n".join(lines) + "\n!\n"


def frr_dir(t: Topology, host: str) -> Path:
    """FRR's files: in a directory of the twin's own under /tmp, since the daemons run as
    the frr user, who may not be able to reach a run directory inside a private one."""
    return Path(f"/tmp/{PREFIX}{t.lab_id}-frr") / host


def start_frr(netns: str, directory: Path, conf: str) -> bool:
    directory.mkdir(parents=True, exist_ok=True)
    shutil.chown(directory.parent, "frr", "frr")
    changed = _write(directory / "frr.conf", conf)
    shutil.chown(directory, "frr", "frr")
    (directory / "frr.conf").chmod(0o644)
    d = str(directory)
    common = ["-z", f"{d}/zserv.api", "--vty_socket", d, "-u", "frr", "-g", "frr"]
    started = _daemon(
        directory / "zebra.pid", False,
        in_netns(netns, [f"{FRR}/zebra", "-d", "-i", f"{d}/zebra.pid", *common, "-f", "/dev/null"]),
    )  # fmt: skip
    return _daemon(
        directory / "ospfd.pid", changed or started,
        in_netns(netns, [f"{FRR}/ospfd", "-d", "-i", f"{d}/ospfd.pid", *common, "-f", f"{d}/frr.conf"]),
    ) or started  # fmt: skip


# -- the routing stack ------------------------------------------------------------
def _links(netns: str) -> set[str]:
    done = run(["ip", "-n", netns, "-j", "link", "show"])
    return {link["ifname"] for link in json.loads(done.stdout or "[]")}


def svi_port(sw, name: str, vlan: int, present: set[str]) -> None:
    """An SVI: a veth pair in the stack's namespace, one end (``svi-vV``) an edge access port
    of the VLAN, the other (``vlanV``) the routed interface. (An Open vSwitch internal port
    would be simpler, but the userspace datapath leaves it out of the VLAN's flooding while
    RSTP runs on the bridge.)"""
    port = f"svi-v{vlan}"
    if name not in present:
        run(["ip", "-n", sw.netns, "link", "add", name, "type", "veth", "peer", "name", port])
        for ifname in (name, port):
            run(in_netns(sw.netns, ["ethtool", "-K", ifname, "tx", "off"]))
        run(["ip", "-n", sw.netns, "link", "set", port, "up"])
    vsctl(sw, "--may-exist", "add-port", sw.bridge, port, f"tag={vlan}",
          "other_config:rstp-port-admin-edge=true")  # fmt: skip


def stack(t: Topology, ledger_pidfiles: list[str]) -> bool:
    sw = t.switch(t.routing_stack)
    intent = effective_intent(t, sw.host, sw.run_dir)
    routing, service, failover = intent["routing"], intent["dhcp_service"], intent["failover"]
    management = (intent.get("management") or {}).get("vlan")
    _sysctl(sw.netns)
    uplinks = {u["interface"] for u in routing["uplinks"]}
    present = _links(sw.netns)
    lines = []
    for svi in routing["svis"]:
        if svi["interface"] in uplinks:
            continue
        name = sw.bridge if svi["vlan"] == management else linux_name(svi["interface"])
        if name != sw.bridge:
            svi_port(sw, name, svi["vlan"], present)
        lines += [f"addr replace {svi['address']}/{_prefix(svi['netmask'])} dev {name}",
                  f"link set {name} up"]  # fmt: skip
    for u in routing["uplinks"]:
        lines += [f"addr replace {u['address']}/{_prefix(u['netmask'])} dev {linux_name(u['interface'])}",
                  f"link set {linux_name(u['interface'])} up"]  # fmt: skip
    _batch(sw.netns, lines)
    changed = False
    if routing["protocol"] == "ospf" and routing["ospf"]:
        d = frr_dir(t, sw.host)
        ledger_pidfiles += [f"{d}/zebra.pid", f"{d}/ospfd.pid"]
        changed |= start_frr(sw.netns, d, frr_conf(sw.host, routing, twin_key(t)))
    changed |= dhcp_on_stack(t, sw, routing, service, ledger_pidfiles)
    changed |= watcher(t, sw, failover, routing, ledger_pidfiles)
    return changed


def dhcp_on_stack(t, sw, routing, service, pidfiles: list[str]) -> bool:
    d = Path(sw.run_dir) / "dhcp"
    by_iface = {s["interface"]: s for s in routing["svis"]}
    lines = ["port=0", "bind-dynamic", f"pid-file={d}/dnsmasq.pid", f"dhcp-leasefile={d}/leases",
             f"log-facility={d}/dnsmasq.log", "log-dhcp"]  # fmt: skip
    if service["mode"] == "relay":
        for iface, helpers in service["relays"].items():
            svi = by_iface[iface]
            lines.append(f"interface={linux_name(iface)}")
            lines += [f"dhcp-relay={svi['address']},{h}" for h in helpers]
    if service.get("pools"):
        # served here, as the town hall's server does: no ping before an offer (udhcpc's
        # discovers come a second apart), authoritative for the designed pools
        lines += ["no-ping", "dhcp-authoritative"]
    for pool in service.get("pools", []):
        svi = next(s for s in routing["svis"] if s["vlan"] == pool["vlan"])
        lines.append(f"interface={linux_name(svi['interface'])}")
        lines.append(
            f"dhcp-range=set:{pool['name']},{pool['first']},{pool['last']},{pool['netmask']},{pool['lease_seconds']}"
        )
        lines.append(f"dhcp-option=tag:{pool['name']},option:router,{pool['router']}")
        if pool.get("dns_servers"):
            lines.append(
                f"dhcp-option=tag:{pool['name']},option:dns-server,{','.join(pool['dns_servers'])}"
            )
    changed = _write(d / "dnsmasq.conf", "\n".join(lines) + "\n")
    pidfiles.append(f"{d}/dnsmasq.pid")
    return _daemon(d / "dnsmasq.pid", changed,
                   in_netns(sw.netns, ["dnsmasq", f"--conf-file={d}/dnsmasq.conf"]))  # fmt: skip


def watcher(t, sw, failover, routing, pidfiles: list[str]) -> bool:
    d = Path(sw.run_dir)
    routes = []
    for r in failover["routes"] + [
        x for x in routing["static_routes"] if x not in failover["routes"]
    ]:
        prefix = f"{r['prefix']}/{_prefix(r['netmask'])}"
        routes.append({"prefix": prefix, "via": r["next_hop"], "metric": r["distance"] or 1,
                       "track": r["track"]})  # fmt: skip
    probes = [{"track": p["track"], "target": p["target"], "source": linux_name(p["source"]),
               "frequency": p["frequency"]} for p in failover["probes"]]  # fmt: skip
    spec = {"routes": routes, "probes": probes, "state": f"{d}/tracks.json"}
    changed = _write(d / "track.json", json.dumps(spec, indent=1))
    pidfile = d / "track.pid"
    pidfiles.append(str(pidfile))
    pid = read_pidfile(str(pidfile))
    if pid is not None and alive(pid) and not changed:
        return False
    if pid is not None and alive(pid):
        stop([pid])
    log = open(d / "track.log", "w")  # noqa: SIM115 - the child keeps it
    process = subprocess.Popen(
        in_netns(sw.netns, [sys.executable, "-m", __package__ + ".track", str(d / "track.json")]),
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip
    pidfile.write_text(str(process.pid))
    return True


# -- the cores, the internet, the town hall ----------------------------------------
def cores(t: Topology, pidfiles: list[str]) -> bool:
    changed = False
    for node in (n for n in t.nodes if n.kind == "core"):
        routing = t.intents[node.host]["routing"]
        _sysctl(node.netns)
        present = set(run(["ip", "-n", node.netns, "-o", "link", "show"]).stdout.split())
        here = {n.rstrip(":").split("@")[0] for n in present}
        lines, subnets = [], []
        links = [*routing["downlinks"], routing["interconnect"], routing["edge"]]
        for link in filter(None, links):
            name = linux_name(link["interface"])
            if name not in here:
                continue
            lines += [f"addr replace {link['address']}/{_prefix(link['netmask'])} dev {name}",
                      f"link set {name} up"]  # fmt: skip
            subnets.append(ipaddress.IPv4Network(link["subnet"]))
        if routing.get("loopback"):
            lines.append(f"addr replace {routing['loopback']['address']}/32 dev lo")
        for r in routing["static_routes"]:
            via = ipaddress.IPv4Address(r["next_hop"])
            if any(via in s for s in subnets):
                prefix = f"{r['prefix']}/{_prefix(r['netmask'])}"
                lines.append(f"route replace {prefix} via {via} metric {r['distance'] or 1}")
        _batch(node.netns, lines)
        if routing["protocol"] == "ospf" and routing["ospf"]:
            d = frr_dir(t, node.host)
            pidfiles += [f"{d}/zebra.pid", f"{d}/ospfd.pid"]
            changed |= start_frr(node.netns, d, frr_conf(node.host, routing, twin_key(t)))
    return changed


def internet_targets(t: Topology) -> list[str]:
    """The internet's addresses: the designed public DNS servers (the router's upstream)."""
    if t.router is None:
        return []
    return list(t.intents[t.router.host].get("dns_servers") or [])


def town_hall_servers(t: Topology) -> list[str]:
    intent = t.intents[t.routing_stack]["dhcp_service"]
    return sorted({h for helpers in intent["relays"].values() for h in helpers})


def outside(t: Topology, pidfiles: list[str]) -> bool:
    internet, hall = t.node("internet"), t.node("town-hall")
    _sysctl(internet.netns)
    lines, edges = [], []
    for node in (n for n in t.nodes if n.kind == "core"):
        edge = t.intents[node.host]["routing"]["edge"]
        if edge:
            lines += [f"addr replace {edge['peer_address']}/{_prefix(edge['netmask'])} dev edge-{node.host}",
                      f"link set edge-{node.host} up"]  # fmt: skip
            edges.append(edge["address"])
    lines += [f"addr replace {a}/32 dev lo" for a in internet_targets(t)]
    if edges:
        hops = " ".join(f"nexthop via {a}" for a in edges)
        lines.append(f"route replace {t.city_space} {hops}")
    lines.append("link set townhall up")
    lines += [f"route replace {net} dev townhall" for net in t.town_hall_networks]
    carrier = list(ipaddress.IPv4Network(CARRIER_SPACE))
    if t.router is not None:
        lines += [f"addr replace {carrier[0]}/31 dev cellular", "link set cellular up"]
    _batch(internet.netns, lines)
    run(in_netns(internet.netns, ["sysctl", "-q", "-w", "net.ipv4.conf.townhall.proxy_arp=1"]))
    servers = town_hall_servers(t)
    _batch(hall.netns, [*(f"addr replace {a}/32 dev {HOST_IF}" for a in servers),
                        f"link set {HOST_IF} up", f"route replace default dev {HOST_IF}"])  # fmt: skip
    if t.router is not None:
        _batch(t.router.netns, [f"addr replace {carrier[1]}/31 dev {CELLULAR_IF}",
                                f"link set {CELLULAR_IF} up",
                                f"route replace default via {carrier[0]}"])  # fmt: skip
    return town_hall_dhcp(t, hall, servers, pidfiles)


def town_hall_dhcp(t: Topology, hall, servers: list[str], pidfiles: list[str]) -> bool:
    """The city's DHCP servers: the school's pools of every relayed VLAN."""
    d = Path(hall.run_dir)
    lines = ["port=0", "dhcp-authoritative", "no-ping", f"dhcp-leasefile={d}/leases",
             f"pid-file={d}/dnsmasq.pid", f"log-facility={d}/dnsmasq.log", "log-dhcp",
             f"interface={HOST_IF}"]  # fmt: skip
    seen = set()
    for e in t.endpoints:
        x = e.expect
        if x.addressing != "dhcp" or not x.relay or e.vlan in seen:
            continue
        seen.add(e.vlan)
        net = ipaddress.IPv4Network(x.subnet)
        lines.append(f"dhcp-range=set:v{e.vlan},{x.first},{x.last},{net.netmask},1h")
        lines.append(f"dhcp-option=tag:v{e.vlan},option:router,{x.relay}")
    changed = _write(d / "dnsmasq.conf", "\n".join(lines) + "\n")
    pidfiles.append(f"{d}/dnsmasq.pid")
    if not servers:
        return changed
    return _daemon(d / "dnsmasq.pid", changed,
                   in_netns(hall.netns, ["dnsmasq", f"--conf-file={d}/dnsmasq.conf"]))  # fmt: skip


def configure(t: Topology) -> bool:
    """Apply the twin's layer 3; True when something changed."""
    from .system import Ledger

    if not Path(f"{FRR}/ospfd").exists():
        raise LabError("FRR is not installed (scripts/install-system-packages.sh installs frr)")
    ledger = Ledger.load(t.run_dir)
    if ledger is not None:
        ledger.add_directory(str(frr_dir(t, t.routing_stack).parent))
    pidfiles: list[str] = []
    changed = cores(t, pidfiles)
    changed |= outside(t, pidfiles)
    changed |= stack(t, pidfiles)
    if t.neighbour is not None:
        changed |= stack(t.neighbour, pidfiles)
    if ledger is not None:
        for p in pidfiles:
            if p not in ledger.pidfiles:
                ledger.add_pidfile(p)
    return changed
