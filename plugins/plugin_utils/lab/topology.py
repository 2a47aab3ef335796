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
* the routed city around the school: both cores as Linux routers (a
  namespace each, FRR's ospfd where the design runs OSPF), the school's
  routed uplinks as veth pairs holding the designed /31s, an "internet"
  namespace standing for the Internet firewall behind the cores' edge links
  (the designed public DNS servers are its addresses) and for the 4G
  carrier (a cellular link to the backup router), and a "town hall"
  namespace holding the city's DHCP servers (dnsmasq), reached through the
  cores;
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
CELLULAR_IF = "wwan0"  # the backup router's end of the cellular link
# The carrier's side of the cellular link is not designed: the twin's carrier
# hands the router the first /31 of the shared address space carriers use.
CARRIER_SPACE = "100.64.0.0/31"


def linux_name(ios: str) -> str:
    """The twin's Linux name of a routed IOS interface: Vlan20 -> vlan20,
    Port-channel12.2002 -> po12.2002, HundredGigE1/0/52 -> hu1-0-52."""
    if ios.startswith("Vlan"):
        return check_netdev_name("vlan" + ios[4:])
    if "." in ios:
        base, sub = ios.split(".", 1)
        return check_netdev_name(f"{ovs_port_name(base)}.{sub}")
    return ovs_port_name(ios)


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
    servers: list[str] | None = None  # relayed: any of the designed DHCP servers
    relay: str | None = None  # relayed: the gateway (SVI) that relays
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
class Node:
    """A namespace of the routed city around the school (a core, the internet, the town hall)."""

    host: str
    kind: str  # core, internet, townhall
    netns: str
    run_dir: str


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
    nodes: list[Node]
    routing_stack: str  # the stack holding the school's gateways and uplinks
    intents: dict[str, Any]  # design host -> intent, as designed when the twin was built
    city_space: str
    town_hall_networks: list[str]
    school_block: str
    plumbing: list[Plumbing]
    veths: list[Veth]
    lacp: list[Lacp]
    loop: Loop | None
    root: str  # the designed root bridge (the routing stack)
    svis: list[Endpoint]  # each stack's management interface (the bridge's own port)
    # a second school on the same cores (its stacks, hosts and uplinks; no router): its
    # VLANs have the same ids, and the checks prove they never meet the first school's
    neighbour: Topology | None = None

    @property
    def namespaces(self) -> list[str]:
        names = [s.netns for s in self.switches] + [h.netns for h in self.hosts]
        if self.router is not None:
            names.append(self.router.netns)
        names += [n.netns for n in self.nodes]
        if self.neighbour is not None:
            names += self.neighbour.namespaces
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
        stack = self.switch(self.routing_stack)
        management = self.intents[stack.host]["management"] or {}
        for svi in self.intents[stack.host]["routing"]["svis"]:
            if svi["vlan"] == management.get("vlan") or svi["interface"] in self.uplink_names:
                continue  # the bridge's own port holds the management SVI
            prefix = ipaddress.IPv4Network(svi["subnet"]).prefixlen
            out.append(
                Endpoint(
                    f"{stack.host} {svi['interface']}",
                    stack.host,
                    stack.netns,
                    linux_name(svi["interface"]),
                    svi["vlan"],
                    False,
                    Expect("server", address=f"{svi['address']}/{prefix}"),
                )
            )
        return out

    @property
    def uplink_names(self) -> set[str]:
        return {u["interface"] for u in self.intents[self.routing_stack]["routing"]["uplinks"]}

    def node(self, host: str) -> Node:
        return next(n for n in self.nodes if n.host == host)

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
        nodes=[Node(**n) for n in data["nodes"]],
        routing_stack=data["routing_stack"],
        intents=data["intents"],
        city_space=data["city_space"],
        town_hall_networks=data["town_hall_networks"],
        school_block=data["school_block"],
        plumbing=[Plumbing(**p) for p in data["plumbing"]],
        veths=[Veth(**v) for v in data["veths"]],
        lacp=[Lacp(**x) for x in data["lacp"]],
        loop=Loop(**data["loop"]) if data["loop"] else None,
        root=data["root"],
        svis=[Endpoint(**{**e, "expect": Expect(**e["expect"])}) for e in data["svis"]],
        neighbour=from_dict(data["neighbour"]) if data.get("neighbour") else None,
    )


class _Builder:
    def __init__(
        self,
        city: City,
        code: str,
        lab_id: str,
        run_dir: str,
        tag: str = "",
        shared: dict | None = None,
    ) -> None:
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
        self.routing_stack = ""
        self.nodes: dict[str, Node] = dict(shared or {})
        self.tag = tag  # a neighbour's namespaces and host names carry its school's code

    @property
    def stack_intent(self) -> dict[str, Any]:
        return self.city.devices[self.routing_stack].intent()

    def ns(self, suffix: str) -> str:
        return f"{PREFIX}{self.lab_id}-{self.tag}{suffix}"

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
            lan = design.intent()["lan"]["address"]
            return Expect(
                "dhcp",
                subnet=placed.subnet,
                server=lan,
                first=dhcp["first"],
                last=dhcp["last"],
                lease_seconds=dhcp["lease_seconds"],
                dns=[lan],
                upstream=list(router.dns_servers),
            )
        placed = self.placed(vlan)
        if placed.subnet is None:
            return Expect("none")
        if placed.pool and vlan.routed:
            first, last = placed.pool
            service = self.stack_intent["dhcp_service"]
            svi = next(
                (s for s in self.stack_intent["routing"]["svis"] if s["vlan"] == vlan.id), None
            )
            helpers = service["relays"].get(svi["interface"]) if svi else None
            if service["mode"] == "relay" and helpers:
                return Expect("dhcp", subnet=placed.subnet, server=helpers[0], servers=list(helpers),
                              relay=placed.gateway, first=first, last=last)  # fmt: skip
            pool = next((p for p in service["pools"] if p["vlan"] == vlan.id), None)
            if pool is not None:
                first, last = pool["first"], pool["last"]
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
        school = self.school
        stacks = [d for d in self.city.devices_by_school[school.code] if isinstance(d, StackDesign)]
        intents = {d.hostname: d.intent() for d in stacks}
        cores = {name: d for name, d in self.city.devices.items() if isinstance(d, CoreDesign)}
        if len(cores) < 1:
            raise ValueError("the city's cores are held back (an invalid school): no twin")
        routing = [
            h for h, i in intents.items() if i["routing"]["enabled"] and i["routing"]["uplinks"]
        ]
        if len(routing) != 1:
            raise ValueError(
                f"school {school.code} has {len(routing)} routing stacks; the twin needs one"
            )
        self.routing_stack = routing[0]
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
            intents[name] = core.intent()
        neighbour = bool(self.nodes)
        if not neighbour:
            nodes = [
                Node(name, "core", self.ns(f"rt-{name}"), f"{self.run_dir}/{name}")
                for name in cores
            ]
            nodes.append(
                Node("internet", "internet", self.ns("internet"), f"{self.run_dir}/internet")
            )
            nodes.append(
                Node("town-hall", "townhall", self.ns("townhall"), f"{self.run_dir}/town-hall")
            )
            self.nodes = {n.host: n for n in nodes}
        lacp = self.channels(stacks, switches)
        self.routed_links(intents, switches, [] if neighbour else list(cores))
        hosts, loop = self.hosts(stacks, intents, switches)
        router = None if neighbour else self.router(switches)
        if router is not None:
            intents[router.host] = self.city.devices[router.host].intent()
            self.veths.append(
                Veth(
                    router.netns, CELLULAR_IF, self.nodes["internet"].netns, "cellular", "cellular"
                )
            )
        plumbing: list[Plumbing] = []
        probe = None if neighbour else self.probe(stacks, switches, plumbing)
        if probe is not None:
            hosts.append(probe)
        if neighbour:
            loop = None
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
            nodes=[] if neighbour else list(self.nodes.values()),
            routing_stack=self.routing_stack,
            intents=intents,
            city_space=self.plan.city_space,
            town_hall_networks=list(self.plan.town_hall_networks),
            school_block=str(self.school.addressing.block),
            plumbing=plumbing,
            veths=self.veths,
            lacp=lacp,
            loop=loop,
            root=self.routing_stack,
            svis=self.management(stacks, intents, switches),
        )

    def routed_links(
        self, intents: dict[str, Any], switches: dict[str, Switch], cores: list[str]
    ) -> None:
        """The school's uplinks (routed /31s), the cores' interconnect and edge links, the town hall."""
        stack = switches[self.routing_stack]
        for up in intents[self.routing_stack]["routing"]["uplinks"]:
            core = intents[up["peer"]]["routing"]
            down = next(d for d in core["downlinks"] if d["peer"] == self.routing_stack)
            self.veths.append(
                Veth(stack.netns, linux_name(up["interface"]), self.nodes[up["peer"]].netns,
                     linux_name(down["interface"]), "uplink")
            )  # fmt: skip
        if not cores:
            return  # a neighbour school: the cores' other links are the first school's
        if len(cores) >= 2:
            a, b = (intents[c]["routing"]["interconnect"] for c in cores[:2])
            self.veths.append(
                Veth(self.nodes[cores[0]].netns, linux_name(a["interface"]),
                     self.nodes[cores[1]].netns, linux_name(b["interface"]), "interconnect")
            )  # fmt: skip
        internet = self.nodes["internet"].netns
        for c in cores:
            edge = intents[c]["routing"]["edge"]
            if edge:
                self.veths.append(
                    Veth(self.nodes[c].netns, linux_name(edge["interface"]), internet,
                         check_netdev_name(f"edge-{c}"), "edge")
                )  # fmt: skip
        self.veths.append(
            Veth(internet, "townhall", self.nodes["town-hall"].netns, HOST_IF, "townhall")
        )

    def channels(self, stacks: list[StackDesign], switches: dict[str, Switch]) -> list[Lacp]:
        """The school-internal LACP bundles (the uplinks to the cores are routed: see routed_links)."""
        out: list[Lacp] = []
        code = self.school.code
        for design in stacks:
            here = switches[design.hostname]
            for channel in design.stack.channels:
                if channel.peer_kind == "core":
                    continue
                here.ports.append(f"Port-channel{channel.id}")
                if channel.direction != "up":
                    continue  # created from the other end
                there = switches[f"{code}-{channel.peer}"]
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
                    name = f"{self.tag}{profile.replace('_', '-')}-{counters[profile]}"
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
        lan = self.city.devices[host].intent()["lan"]
        return Router(
            host, netns, ROUTER_LAN, switch.host, r.switch_port,
            f"{self.run_dir}/{host}", lan["address"], placed.network.prefixlen, r.vlan.id,
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


def twin_topology(
    city: City, code: str, lab_id: str, run_dir: str, neighbour: str | None = None
) -> Topology:
    """The twin of school ``code`` of a designed city, with a ``neighbour`` school on the same
    cores when given."""
    if neighbour == code:
        raise ValueError(f"the neighbour school must be another school than {code}")
    first = _Builder(city, code, lab_id, run_dir)
    topology = first.build()
    if neighbour is not None:
        topology.neighbour = _Builder(
            city, neighbour, lab_id, run_dir, f"{neighbour}-", first.nodes
        ).build()
    return topology


def ansible_hosts(topology: Topology) -> list[dict[str, Any]]:
    """The twin's devices as Ansible hosts: name, groups and the variables the roles read."""
    out: list[dict[str, Any]] = []
    if topology.neighbour is not None:
        out += ansible_hosts(topology.neighbour)
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
                    "lab_intent_file": f"{switch.run_dir}/intent.json",
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
                    "backup_router_cellular_interface": CELLULAR_IF,
                    "lab_intent_file": f"{r.run_dir}/intent.json",
                },
            }
        )
    return out
