"""A school's live twin, as data: which namespaces, veths, hosts and expectations.

Pure computation from the design (no command is run here), so the twin's
shape can be tested without root, and the checks compare what they measure
with what the design says rather than with what the roles configured. Each
switch of the twin is a namespace with its own Open vSwitch (userspace
datapath); each host, the backup router and the city's DHCP service are
namespaces joined to a switch port by a veth pair whose switch end carries the
port's name (``gi1-0-5``).

What the twin adds to the design, and says so:
* hosts on the first and last port of each port profile in use on each
  stack (two per profile: enough to see a VLAN span the stack's members);
* a probe host on the router's VLAN (the design gives that VLAN no client
  port), on another stack than the router's when the school has one, so the
  router's DHCP and DNS are seen across the stacks' LACP bundle;
* the city's DHCP service for the routed VLANs, modelled by a dnsmasq on the
  primary core (one access port per VLAN), standing for the cores' SVIs and
  the city's DHCP servers;
* two access ports of the busiest access profile, joined by a veth pair to
  make a loop on purpose.
"""

from __future__ import annotations

import ipaddress
import itertools
from dataclasses import asdict, dataclass, field
from typing import Any

from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_names import (
    check_netdev_name,
    lag_names,
    ovs_port_name,
)

from ..design.addressing_plan import VlanAddressing
from ..design.city import City
from ..design.devices import CoreDesign, RouterDesign, StackDesign
from ..design.plan import Vlan
from ..net.interfaces import interface_sort_key

PREFIX = "citynet-lab-"
HOSTS_PER_PROFILE = 2
ROUTER_LAN = "lan0"
HOST_IF = "eth0"
PROBE_NAME = "probe"


@dataclass
class Switch:
    host: str  # design host name (school-sw1, core-a)
    kind: str  # switch_stack or core
    netns: str
    bridge: str
    run_dir: str
    ports: list[str]  # IOS names the roles configure on the twin
    priority: int  # designed RSTP bridge priority


@dataclass
class Veth:
    a_ns: str
    a_if: str
    b_ns: str
    b_if: str
    purpose: str
    up: bool = True


@dataclass
class Expect:
    """What the design promises on one interface of a host."""

    addressing: str  # dhcp, static, switch or none (a VLAN with no subnet)
    subnet: str | None = None
    address: str | None = None  # static address, CIDR
    server: str | None = None  # DHCP server (its address on the VLAN)
    first: str | None = None
    last: str | None = None
    lease_seconds: int | None = None  # designed lease time, when the design gives one
    dns: list[str] | None = None  # name servers the lease must give, when designed
    upstream: list[str] | None = None  # the router's own name servers


@dataclass
class Endpoint:
    label: str  # e.g. "pc_teaching-1 VLAN 30" (unique in the twin)
    host: str
    netns: str
    ifname: str
    vlan: int | None  # None: the checks do not expect it in any VLAN
    tagged: bool
    expect: Expect
    parent: str | None = None  # the untagged interface a tagged one rides on


@dataclass
class Host:
    name: str
    netns: str
    profile: str
    switch: str
    port: str  # IOS name of the switch port
    endpoints: list[Endpoint] = field(default_factory=list)


@dataclass
class Router:
    host: str
    netns: str
    lan_if: str
    switch: str
    port: str
    run_dir: str
    address: str
    prefix: int
    vlan: int


@dataclass
class Plumbing:
    """A twin-only access port on a switch (not in the design)."""

    switch: str
    port: str
    vlan: int


@dataclass
class DhcpLink:
    ifname: str
    vlan: int
    address: str  # CIDR on the DHCP service's interface
    first: str
    last: str


@dataclass
class Lacp:
    a_host: str
    a_channel: str  # port name of the port-channel (po1)
    b_host: str
    b_channel: str


@dataclass
class Loop:
    switch: str
    ports: list[str]  # IOS names
    vlan: int


@dataclass
class Topology:
    school: str
    lab_id: str
    city_dir: str
    run_dir: str
    switches: list[Switch]
    hosts: list[Host]
    router: Router | None
    dhcp_netns: str
    dhcp_core: str
    dhcp_links: list[DhcpLink]
    plumbing: list[Plumbing]
    veths: list[Veth]
    lacp: list[Lacp]
    loop: Loop | None
    root: str  # the designed root bridge (the primary core)
    svis: list[Endpoint]  # each stack's management interface (the bridge's own port)

    @property
    def namespaces(self) -> list[str]:
        names = [s.netns for s in self.switches] + [h.netns for h in self.hosts]
        if self.router is not None:
            names.append(self.router.netns)
        names.append(self.dhcp_netns)
        return names

    @property
    def endpoints(self) -> list[Endpoint]:
        """Interfaces of hosts and switches' SVIs: what the design's ports serve."""
        return [e for h in self.hosts for e in h.endpoints] + list(self.svis)

    @property
    def services(self) -> list[Endpoint]:
        """The router's LAN and the DHCP service's interfaces, seen as VLAN members too."""
        out = []
        if self.router is not None:
            r = self.router
            out.append(
                Endpoint(
                    f"{r.host} {r.lan_if} VLAN {r.vlan}",
                    r.host,
                    r.netns,
                    r.lan_if,
                    r.vlan,
                    False,
                    Expect("server", address=f"{r.address}/{r.prefix}"),
                )
            )
        for link in self.dhcp_links:
            out.append(
                Endpoint(
                    f"DHCP service VLAN {link.vlan}",
                    "dhcp-service",
                    self.dhcp_netns,
                    link.ifname,
                    link.vlan,
                    False,
                    Expect("server", address=link.address),
                )
            )
        return out

    def switch(self, host: str) -> Switch:
        return next(s for s in self.switches if s.host == host)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def from_dict(data: dict[str, Any]) -> Topology:
    """The inverse of ``Topology.to_dict`` (a twin's saved shape, read back by its checks)."""

    def hosts() -> list[Host]:
        out = []
        for h in data["hosts"]:
            endpoints = [Endpoint(**{**e, "expect": Expect(**e["expect"])}) for e in h["endpoints"]]
            out.append(Host(**{**h, "endpoints": endpoints}))
        return out

    return Topology(
        school=data["school"],
        lab_id=data["lab_id"],
        city_dir=data["city_dir"],
        run_dir=data["run_dir"],
        switches=[Switch(**s) for s in data["switches"]],
        hosts=hosts(),
        router=Router(**data["router"]) if data["router"] else None,
        dhcp_netns=data["dhcp_netns"],
        dhcp_core=data["dhcp_core"],
        dhcp_links=[DhcpLink(**d) for d in data["dhcp_links"]],
        plumbing=[Plumbing(**p) for p in data["plumbing"]],
        veths=[Veth(**v) for v in data["veths"]],
        lacp=[Lacp(**x) for x in data["lacp"]],
        loop=Loop(**data["loop"]) if data["loop"] else None,
        root=data["root"],
        svis=[Endpoint(**{**e, "expect": Expect(**e["expect"])}) for e in data["svis"]],
    )


class _Builder:
    def __init__(self, city: City, code: str, lab_id: str, run_dir: str) -> None:
        if city.plan is None or code not in city.schools:
            known = ", ".join(sorted(city.schools)) or "none"
            raise ValueError(f"school {code} is not a valid school of the city (valid: {known})")
        self.city = city
        self.plan = city.plan
        self.school = city.schools[code]
        self.lab_id = lab_id
        self.run_dir = run_dir
        self.veths: list[Veth] = []
        self.static_used: dict[int, int] = {}
        self.labels: set[str] = set()

    def ns(self, suffix: str) -> str:
        return f"{PREFIX}{self.lab_id}-{suffix}"

    # -- addressing -------------------------------------------------------------
    def placed(self, vlan: Vlan) -> VlanAddressing:
        return self.school.addressing.vlan(vlan.service)

    def static(self, vlan: Vlan) -> str:
        """Addresses from the top of the subnet down: never the gateway, the switches or a pool."""
        placed = self.placed(vlan)
        taken = self.static_used.get(vlan.id, 0)
        self.static_used[vlan.id] = taken + 1
        free = placed.free_from_top()
        address = next(itertools.islice(free, taken, None), None)
        if address is None:
            raise ValueError(f"VLAN {vlan.id} has no free address left for a lab host")
        return f"{address}/{placed.network.prefixlen}"

    def expect(self, vlan: Vlan) -> Expect:
        router = self.school.router
        if router is not None and vlan.id == router.vlan.id:
            design: RouterDesign = self.city.devices[f"{self.school.code}-{router.name}"]  # type: ignore[assignment]
            placed, dhcp = self.placed(vlan), design.dhcp
            return Expect(
                "dhcp",
                subnet=placed.subnet,
                server=placed.gateway,
                first=dhcp["first"],
                last=dhcp["last"],
                lease_seconds=dhcp["lease_seconds"],
                dns=[placed.gateway or ""],
                upstream=list(router.dns_servers),
            )
        placed = self.placed(vlan)
        if placed.subnet is None:
            return Expect("none")
        if placed.pool and vlan.routed:
            first, last = placed.pool
            return Expect(
                "dhcp", subnet=placed.subnet, server=placed.gateway, first=first, last=last
            )
        return Expect("static", subnet=placed.subnet, address=self.static(vlan))

    # -- pieces -----------------------------------------------------------------
    def vlan_by_id(self, vid: int) -> Vlan:
        return next(v for v in self.plan.vlans.values() if v.id == vid)

    def endpoint(self, host: Host, ifname: str, vid: int, tagged: bool) -> Endpoint:
        label = f"{host.name} VLAN {vid}"
        self.labels.add(label)
        return Endpoint(
            label,
            host.name,
            host.netns,
            check_netdev_name(ifname),
            vid,
            tagged,
            self.expect(self.vlan_by_id(vid)),
            parent=HOST_IF if tagged else None,
        )

    def host_for(self, name: str, profile: str, switch: Switch, port: dict[str, Any]) -> Host:
        host = Host(name, self.ns(f"h-{name}"), profile, switch.host, port["name"])
        if port["mode"] == "trunk":
            native = port["native_vlan"]
            if native is not None:
                host.endpoints.append(self.endpoint(host, HOST_IF, native, False))
            for vid in port["allowed_vlans"]:
                if vid != native:
                    host.endpoints.append(self.endpoint(host, f"v{vid}", vid, True))
        else:
            host.endpoints.append(self.endpoint(host, HOST_IF, port["access_vlan"], False))
            if port["voice_vlan"] is not None:
                vid = port["voice_vlan"]
                host.endpoints.append(self.endpoint(host, f"v{vid}", vid, True))
        self.veths.append(
            Veth(switch.netns, ovs_port_name(port["name"]), host.netns, HOST_IF, "host")
        )
        return host

    def build(self) -> Topology:
        school, plan = self.school, self.plan
        stacks = [d for d in self.city.devices_by_school[school.code] if isinstance(d, StackDesign)]
        intents = {d.hostname: d.intent() for d in stacks}
        cores = {name: d for name, d in self.city.devices.items() if isinstance(d, CoreDesign)}
        if len(cores) < 1:
            raise ValueError("the city's cores are held back (an invalid school): no twin")
        primary = next(name for name, c in plan.cores.items() if c["role"] == "primary")
        switches: dict[str, Switch] = {}
        for design in stacks:
            switches[design.hostname] = Switch(
                design.hostname,
                "switch_stack",
                self.ns(f"sw-{design.stack.name}"),
                check_netdev_name(design.stack.name),
                f"{self.run_dir}/{design.hostname}",
                [],
                design.stp["priority"],
            )
        for name, core in cores.items():
            switches[name] = Switch(
                name,
                "core",
                self.ns(f"sw-{name}"),
                check_netdev_name(name),
                f"{self.run_dir}/{name}",
                [],
                core.stp["priority"],
            )
        lacp = self.channels(stacks, switches)
        hosts, loop = self.hosts(stacks, intents, switches)
        router = self.router(switches)
        plumbing: list[Plumbing] = []
        probe = self.probe(stacks, switches, plumbing)
        if probe is not None:
            hosts.append(probe)
        dhcp_links = self.dhcp_service(hosts, switches[primary], plumbing)
        for switch in switches.values():
            switch.ports = sorted(set(switch.ports), key=interface_sort_key)
        return Topology(
            school=school.code,
            lab_id=self.lab_id,
            city_dir=self.city.source.root,
            run_dir=self.run_dir,
            switches=list(switches.values()),
            hosts=hosts,
            router=router,
            dhcp_netns=self.ns("svc-dhcp"),
            dhcp_core=primary,
            dhcp_links=dhcp_links,
            plumbing=plumbing,
            veths=self.veths,
            lacp=lacp,
            loop=loop,
            root=primary,
            svis=self.management(stacks, intents, switches),
        )

    def channels(self, stacks: list[StackDesign], switches: dict[str, Switch]) -> list[Lacp]:
        out: list[Lacp] = []
        code = self.school.code
        for design in stacks:
            here = switches[design.hostname]
            for channel in design.stack.channels:
                here.ports.append(f"Port-channel{channel.id}")
                if channel.direction != "up":
                    continue  # created from the other end
                peer_host = (
                    channel.peer if channel.peer_kind == "core" else f"{code}-{channel.peer}"
                )
                there = switches[peer_host]
                there.ports.append(f"Port-channel{channel.peer_channel}")
                for mine, theirs in zip(channel.ports, channel.peer_ports, strict=True):
                    self.veths.append(
                        Veth(
                            here.netns,
                            ovs_port_name(mine),
                            there.netns,
                            ovs_port_name(theirs),
                            "uplink",
                        )
                    )
                out.append(
                    Lacp(here.host, f"po{channel.id}", there.host, f"po{channel.peer_channel}")
                )
        cores = [s for s in switches.values() if s.kind == "core"]
        if len(cores) >= 2:
            a, b = cores[0], cores[1]
            ports_a = self.plan.cores[a.host].get("interconnect_ports", [])
            ports_b = self.plan.cores[b.host].get("interconnect_ports", [])
            number = self.plan.interconnect_channel
            for port_a, port_b in zip(ports_a, ports_b, strict=True):
                self.veths.append(
                    Veth(
                        a.netns,
                        ovs_port_name(port_a),
                        b.netns,
                        ovs_port_name(port_b),
                        "interconnect",
                    )
                )
            a.ports.append(f"Port-channel{number}")
            b.ports.append(f"Port-channel{number}")
            out.append(Lacp(a.host, f"po{number}", b.host, f"po{number}"))
        for item in out:
            lag_names(item.a_channel)  # every name of both bundles must fit
            lag_names(item.b_channel)
        return out

    def hosts(
        self,
        stacks: list[StackDesign],
        intents: dict[str, dict[str, Any]],
        switches: dict[str, Switch],
    ) -> tuple[list[Host], Loop | None]:
        hosts: list[Host] = []
        loop: Loop | None = None
        counters: dict[str, int] = {}
        for design in stacks:
            switch = switches[design.hostname]
            by_profile: dict[str, list[dict[str, Any]]] = {}
            for port in intents[design.hostname]["interfaces"]:
                if (
                    port["role"] != "access"
                    or port["shutdown"]
                    or port["channel_group"] is not None
                ):
                    continue
                by_profile.setdefault(port["profile"], []).append(port)
            for profile, ports in by_profile.items():
                chosen = [ports[0], ports[-1]] if len(ports) > 1 else ports[:1]
                for port in chosen[:HOSTS_PER_PROFILE]:
                    counters[profile] = counters.get(profile, 0) + 1
                    name = f"{profile.replace('_', '-')}-{counters[profile]}"
                    hosts.append(self.host_for(name, profile, switch, port))
                    switch.ports.append(port["name"])
            if loop is None:
                loop = self.loop(switch, by_profile)
        return hosts, loop

    def loop(self, switch: Switch, by_profile: dict[str, list[dict[str, Any]]]) -> Loop | None:
        """Two free ports of the busiest access profile, joined on purpose (kept down until the check)."""
        candidates = sorted(
            (
                (len(ports), profile)
                for profile, ports in by_profile.items()
                if len(ports) >= 4 and ports[0]["mode"] == "access"
            ),
            reverse=True,
        )
        if not candidates:
            return None
        ports = by_profile[candidates[0][1]]
        a, b = ports[1], ports[2]
        switch.ports += [a["name"], b["name"]]
        self.veths.append(
            Veth(
                switch.netns,
                ovs_port_name(a["name"]),
                switch.netns,
                ovs_port_name(b["name"]),
                "loop",
                up=False,
            )
        )
        return Loop(switch.host, [a["name"], b["name"]], a["access_vlan"])

    def router(self, switches: dict[str, Switch]) -> Router | None:
        school = self.school
        if school.router is None:
            return None
        r = school.router
        host = f"{school.code}-{r.name}"
        switch = switches[f"{school.code}-{r.switch_stack}"]
        switch.ports.append(r.switch_port)
        netns = self.ns(f"rt-{r.name}")
        self.veths.append(
            Veth(switch.netns, ovs_port_name(r.switch_port), netns, ROUTER_LAN, "router")
        )
        placed = self.placed(r.vlan)
        return Router(
            host, netns, ROUTER_LAN, switch.host, r.switch_port,
            f"{self.run_dir}/{host}", placed.gateway, placed.network.prefixlen, r.vlan.id,
        )  # fmt: skip

    def probe(
        self, stacks: list[StackDesign], switches: dict[str, Switch], plumbing: list[Plumbing]
    ) -> Host | None:
        r = self.school.router
        if r is None:
            return None
        others = [d for d in stacks if d.stack.name != r.switch_stack]
        design = others[0] if others else next(d for d in stacks if d.stack.name == r.switch_stack)
        switch = switches[design.hostname]
        port = check_netdev_name(f"probe-v{r.vlan.id}")
        plumbing.append(Plumbing(switch.host, port, r.vlan.id))
        host = Host(PROBE_NAME, self.ns(f"h-{PROBE_NAME}"), "(probe)", switch.host, port)
        host.endpoints.append(self.endpoint(host, HOST_IF, r.vlan.id, False))
        self.veths.append(Veth(switch.netns, port, host.netns, HOST_IF, "probe"))
        return host

    def dhcp_service(
        self, hosts: list[Host], core: Switch, plumbing: list[Plumbing]
    ) -> list[DhcpLink]:
        links: list[DhcpLink] = []
        router_vlan = self.school.router.vlan.id if self.school.router else None
        wanted = sorted(
            {
                e.vlan
                for h in hosts
                for e in h.endpoints
                if e.expect.addressing == "dhcp" and e.vlan is not None and e.vlan != router_vlan
            }
        )
        netns = self.ns("svc-dhcp")
        for vid in wanted:
            placed = self.placed(self.vlan_by_id(vid))
            if placed.subnet is None or placed.pool is None:
                raise ValueError(f"VLAN {vid} has no DHCP pool")
            first, last = placed.pool
            gateway = placed.gateway
            prefix = placed.network.prefixlen
            ifname = f"v{vid}"
            port = check_netdev_name(f"dhcp-v{vid}")
            links.append(DhcpLink(ifname, vid, f"{gateway}/{prefix}", first, last))
            plumbing.append(Plumbing(core.host, port, vid))
            self.veths.append(Veth(core.netns, port, netns, ifname, "dhcp"))
        return links

    def management(
        self,
        stacks: list[StackDesign],
        intents: dict[str, dict[str, Any]],
        switches: dict[str, Switch],
    ) -> list[Endpoint]:
        """Each stack's management SVI (the bridge's own port) as an endpoint of the checks."""
        out = []
        for design in stacks:
            mgmt = intents[design.hostname]["management"]
            if not mgmt:
                continue
            switch = switches[design.hostname]
            prefix = ipaddress.IPv4Network(mgmt["subnet"]).prefixlen
            out.append(
                Endpoint(
                    f"{design.hostname} Vlan{mgmt['vlan']}",
                    design.hostname,
                    switch.netns,
                    switch.bridge,
                    mgmt["vlan"],
                    False,
                    Expect("switch", subnet=mgmt["subnet"], address=f"{mgmt['address']}/{prefix}"),
                )
            )
        return out


def twin_topology(city: City, code: str, lab_id: str, run_dir: str) -> Topology:
    """The twin of school ``code`` of a designed city."""
    return _Builder(city, code, lab_id, run_dir).build()


def ansible_hosts(topology: Topology) -> list[dict[str, Any]]:
    """The twin's devices as Ansible hosts: name, groups and the variables the roles read."""
    out: list[dict[str, Any]] = []
    for switch in topology.switches:
        out.append(
            {
                "name": f"lab-{switch.host}",
                "groups": ["citynet_lab", "citynet_lab_switches"],
                "vars": {
                    "schools_design_host": switch.host,
                    "schools_kind": switch.kind,
                    "schools_platform": "openvswitch",
                    "schools_ovs_db": f"unix:{switch.run_dir}/db.sock",
                    "schools_ovs_bridge": switch.bridge,
                    "schools_ovs_netns": switch.netns,
                    "schools_ovs_ports": switch.ports,
                },
            }
        )
    if topology.router is not None:
        r = topology.router
        out.append(
            {
                "name": f"lab-{r.host}",
                "groups": ["citynet_lab", "citynet_lab_routers"],
                "vars": {
                    "schools_design_host": r.host,
                    "schools_kind": "backup_router",
                    "schools_platform": "dnsmasq",
                    "schools_school": topology.school,
                    "backup_router_netns": r.netns,
                    "backup_router_lan_interface": r.lan_if,
                    "backup_router_dnsmasq_dir": r.run_dir,
                },
            }
        )
    return out
