"""Checks of one school against the city plan, and the school they resolve.

Checking and resolving are one pass: expanding every port range once both
finds double assignments and gives the designer the port map, so the designer
never expands or checks anything again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import CitynetError
from ..issues import Issue, join_path
from ..net.interfaces import canonical_name, member_number, port_expand, short_name
from ..platforms.hardware import (
    ROUTER_MODELS,
    SWITCH_MODELS,
    RouterModel,
    SwitchModel,
    port_group,
)
from .addressing_plan import RouterLan, SchoolAddressing
from .plan import CityPlan, Profile, Vlan, is_ipv4, lease_seconds
from .school_routing import SchoolRouting, resolve_routing

MAX_MEMBERS = 8


@dataclass(slots=True)
class Member:
    number: int
    model: SwitchModel
    serial: str
    priority: int
    building: str


@dataclass(slots=True)
class PortUse:
    """What one interface of a stack is for."""

    role: str  # "access" (a profile), "router", "uplink" or "downstream"
    profile: Profile | None
    description: str
    channel: int | None = None


@dataclass(slots=True)
class Channel:
    """One end of an LACP bundle, seen from the device it is configured on."""

    id: int
    ports: list[str]
    direction: str  # "up" towards the root, "down" towards a downstream switch
    peer_kind: str  # "core" or "stack"
    peer: str
    peer_channel: int
    peer_ports: list[str]
    local_vlans: bool  # carries the school-local VLANs (stack-to-stack links only)
    # The peer may be on this device's path to the root bridge (when some other link
    # fails): such an end takes loop guard, never root guard, which would block it
    # exactly when it is needed. Set from the whole school's topology by the checker.
    may_lead_to_root: bool = False


@dataclass(slots=True)
class Stack:
    name: str
    building: str
    members: list[Member]
    ports: dict[str, PortUse] = field(default_factory=dict)
    channels: list[Channel] = field(default_factory=list)
    index: int = 0


@dataclass(slots=True)
class Router:
    name: str
    platform: str
    model: RouterModel
    vlan: Vlan
    pool_start: int
    pool_limit: int
    lease_time: str
    dns_servers: list[str]
    apn: str
    pdp_type: str
    failover_metric: int
    sim_pin: dict[str, str]
    lan_enabled: bool
    switch_stack: str
    switch_port: str


@dataclass(slots=True)
class School:
    """A school that passed every check, resolved for the designer."""

    code: str
    name: str
    number: int
    address: str
    file: str
    block: str
    buildings: list[str]
    stacks: dict[str, Stack]
    router: Router | None
    core_links: list[tuple[str, Channel, str]]  # (core, channel seen from the core, stack)
    addressing: SchoolAddressing  # every address of the school, placed once
    routing: SchoolRouting  # the routing stack, protocol and routed uplinks
    edge_security: dict[str, Any]  # city.yml's edge_security with this school's exceptions
    management: dict[str, Any] = field(default_factory=dict)  # school.yml's own management values


class _SchoolChecker:
    def __init__(self, plan: CityPlan, file: str, code: str, raw: dict[str, Any]) -> None:
        self.plan = plan
        self.file = file
        self.code = code
        self.raw = raw
        self.issues: list[Issue] = []
        self.stacks: dict[str, Stack] = {}
        self.router_lan: RouterLan | None = None

    def add(self, message: str, *path: str | int) -> None:
        self.issues.append(Issue(self.file, self.code, join_path(*path), message))

    # -- identity and buildings -------------------------------------------------
    def check(self) -> School | None:
        raw = self.raw
        ident = raw["school"]
        if ident["code"] != self.code:
            self.add(
                f"code {ident['code']} differs from the file name {self.code}.yml", "school", "code"
            )
        if self.plan.city_space and ident["number"] > self.plan.max_schools:
            plan = self.plan
            self.add(
                f"school number {ident['number']} is past what the address plan holds: "
                f"{plan.max_schools} schools (city_space {plan.city_space}: "
                f"{plan.school_blocks} blocks of /{plan.school_prefix}; transit_space "
                f"{plan.transit_space}: {plan.transit_blocks} school /29s)",
                "school",
                "number",
            )
        buildings = [b["name"] for b in raw["buildings"]]
        for i, name in enumerate(buildings):
            if buildings.index(name) != i:
                self.add(f"building {name} is listed twice", "buildings", i, "name")
        for i, item in enumerate(raw["stacks"]):
            self._stack(i, item, set(buildings))
        for i, item in enumerate(raw["stacks"]):
            stack = self.stacks.get(item["name"])
            if stack is not None:
                self._assignments(i, item, stack)
        core_links = self._uplinks(raw["uplinks"])
        self._reaches_core()
        self._paths_to_root()
        router = self._router(raw.get("backup_router"))
        edge_security = self._edge_security(raw.get("edge_security", {}))
        addressing = self._addressing(ident["number"])
        routing = (
            resolve_routing(self.plan, raw, ident["number"], self.stacks, self.add)
            if not self.issues
            else None
        )
        if routing is None and not self.issues:
            self.add("the school has no uplink to a core to route over", "uplinks")
        if self.issues or routing is None:
            return None
        return School(
            self.code,
            ident["name"],
            ident["number"],
            ident.get("address", ""),
            self.file,
            addressing.block,
            buildings,
            self.stacks,
            router,
            core_links,
            addressing,
            routing,
            edge_security,
            dict(raw.get("management", {})),
        )

    def _edge_security(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The city's access-port protection with this school's exceptions (booleans only)."""
        merged = {**self.plan.edge_security, **raw}
        for key in ("arp_inspection", "ip_source_guard"):
            if merged[key] and not merged["dhcp_snooping"] and key in raw:
                self.add(
                    f"{key} checks addresses against the DHCP snooping bindings: it needs "
                    "dhcp_snooping: true",
                    "edge_security",
                    key,
                )
            elif merged[key] and not merged["dhcp_snooping"] and "dhcp_snooping" in raw:
                self.add(
                    f"DHCP snooping is off here but city.yml turns {key} on, which needs it: "
                    f"set {key}: false here too",
                    "edge_security",
                    "dhcp_snooping",
                )
        return merged

    def _addressing(self, number: int) -> SchoolAddressing:
        """Place the school's addresses; a fault of the city plan alone is reported on city.yml."""
        # a number past the city space is reported already; place the rest in block 1
        block = self.plan.school_block(number if number <= self.plan.max_schools else 1)
        positions: dict[str, int] = {}
        for i, item in enumerate(self.raw["stacks"]):
            positions.setdefault(item["name"], i)
        stacks = [(positions[name], name) for name in self.stacks]
        addressing = SchoolAddressing(self.plan, block, stacks, self.router_lan)
        for fault in addressing.faults():
            if not fault.city:
                self.add(fault.message, *fault.path)
        return addressing

    # -- stacks -------------------------------------------------------------------
    def _stack(self, i: int, item: dict[str, Any], buildings: set[str]) -> None:
        name = item["name"]
        where: tuple[str | int, ...] = ("stacks", i)
        if name in self.stacks:
            self.add(f"stack {name} is defined twice", *where, "name")
            return
        if item["building"] not in buildings:
            self.add(
                f"unknown building {item['building']}; known: {', '.join(sorted(buildings))}",
                *where,
                "building",
            )
        members: list[Member] = []
        numbers: dict[int, int] = {}
        families: set[str] = set()
        for k, m in enumerate(item["members"]):
            mwhere = (*where, "members", k)
            if not 1 <= m["number"] <= MAX_MEMBERS:
                self.add(
                    f"member number {m['number']} is out of range 1-{MAX_MEMBERS}",
                    *mwhere,
                    "number",
                )
            if m["number"] in numbers:
                self.add(
                    f"member number {m['number']} is already used by members[{numbers[m['number']]}]",
                    *mwhere,
                    "number",
                )
            numbers.setdefault(m["number"], k)
            if not 1 <= m["priority"] <= 15:
                self.add(f"priority {m['priority']} is out of range 1-15", *mwhere, "priority")
            model = SWITCH_MODELS.get(m["model"])
            if model is None or model.stacking == "none":
                known = ", ".join(n for n, s in SWITCH_MODELS.items() if s.stacking != "none")
                self.add(
                    f"unknown access-switch model {m['model']}; known: {known}", *mwhere, "model"
                )
                continue
            families.add(model.family)
            building = m.get("building", item["building"])
            if building not in buildings:
                self.add(
                    f"unknown building {building}; known: {', '.join(sorted(buildings))}",
                    *mwhere,
                    "building",
                )
            members.append(Member(m["number"], model, m["serial"], m["priority"], building))
        if len(families) > 1:
            self.add(
                f"members of different families cannot stack together: {', '.join(sorted(families))}",
                *where,
                "members",
            )
        if len(item["members"]) > MAX_MEMBERS:
            self.add(
                f"a stack holds at most {MAX_MEMBERS} members, got {len(item['members'])}",
                *where,
                "members",
            )
        self._split_buildings(where, item, members)
        priorities = sorted((m.priority for m in members), reverse=True)
        if len(priorities) > 1 and priorities[0] == priorities[1]:
            self.add(
                f"two members share the highest priority {priorities[0]}; give the intended active "
                "member a priority strictly above the others",
                *where,
                "members",
            )
        members.sort(key=lambda m: m.number)
        self.stacks[name] = Stack(name, item["building"], members, index=len(self.stacks))

    def _split_buildings(
        self, where: tuple[str | int, ...], item: dict[str, Any], members: list[Member]
    ) -> None:
        by_building: dict[str, list[int]] = {}
        for m in members:
            by_building.setdefault(m.building, []).append(m.number)
        if len(by_building) > 1:
            parts = "; ".join(
                f"{b}: member(s) {', '.join(map(str, n))}" for b, n in sorted(by_building.items())
            )
            self.add(
                f"stack members are in different buildings ({parts}). Stack cables are a few metres "
                "long and cannot join buildings: make one stack per building and join them with a "
                "fibre LACP uplink",
                *where,
                "members",
            )

    def _expand(self, spec: Any, stack: Stack, *where: str | int) -> list[str]:
        """Expand ports and check each exists on its member's model."""
        try:
            names = port_expand(spec)
        except CitynetError as exc:
            self.add(str(exc), *where)
            return []
        by_number = {m.number: m for m in stack.members}
        good = []
        for name in names:
            member = member_number(name)
            owner = by_number.get(member) if member is not None else None
            if owner is None:
                self.add(f"{name}: stack {stack.name} has no member {member}", *where)
            elif name not in _interfaces_of(owner):
                self.add(f"{name} does not exist on member {member} ({owner.model.name})", *where)
            else:
                good.append(name)
        return good

    def _claim(self, stack: Stack, name: str, use: PortUse, *where: str | int) -> None:
        previous = stack.ports.get(name)
        if previous is not None:
            self.add(
                f"{name} is assigned twice (already {previous.description or previous.role})",
                *where,
            )
            return
        stack.ports[name] = use

    def _assignments(self, i: int, item: dict[str, Any], stack: Stack) -> None:
        for k, assignment in enumerate(item.get("ports", [])):
            where = ("stacks", i, "ports", k)
            profile = self.plan.profiles.get(assignment["profile"])
            if profile is None:
                known = ", ".join(sorted(self.plan.profiles))
                name = assignment["profile"]
                # an invisible or look-alike character would make the name read as a known one
                shown = name if name.isascii() and name.isprintable() else repr(name)
                self.add(f"unknown profile {shown}; known: {known}", *where, "profile")
                continue
            description = assignment.get("description", profile.description)
            for name in self._expand(assignment["ports"], stack, *where, "ports"):
                self._claim(stack, name, PortUse("access", profile, description), *where, "ports")

    # -- uplinks ------------------------------------------------------------------
    def _uplinks(self, uplinks: list[dict[str, Any]]) -> list[tuple[str, Channel, str]]:
        core_links: list[tuple[str, Channel, str]] = []
        for i, link in enumerate(uplinks):
            where = ("uplinks", i)
            stack = self.stacks.get(link["stack"])
            if stack is None:
                self.add(
                    f"unknown stack {link['stack']}; known: {', '.join(self.stacks)}",
                    *where,
                    "stack",
                )
                continue
            peer = link["to"]
            if ("core" in peer) == ("stack" in peer):
                self.add("give exactly one of core or stack", *where, "to")
                continue
            ports = self._bundle(stack, link["ports"], link["channel"], where)
            if "stack" in peer:
                other = self.stacks.get(peer["stack"])
                if other is None:
                    self.add(
                        f"unknown stack {peer['stack']}; known: {', '.join(self.stacks)}",
                        *where,
                        "to",
                        "stack",
                    )
                    continue
                if other is stack:
                    self.add("a stack cannot uplink to itself", *where, "to", "stack")
                    continue
                peer_ports = self._bundle(other, peer["ports"], peer["channel"], (*where, "to"))
                kind, name = "stack", other.name
            else:
                core = self.plan.cores.get(peer["core"])
                if core is None:
                    self.add(
                        f"unknown core {peer['core']}; known: {', '.join(self.plan.cores)}",
                        *where,
                        "to",
                        "core",
                    )
                    continue
                peer_ports = self._core_ports(core, peer["ports"], (*where, "to", "ports"))
                kind, name = "core", core["name"]
            if len(peer_ports) != len(ports) and ports and peer_ports:
                self.add(
                    f"the bundle has {len(ports)} port(s) on {stack.name} but {len(peer_ports)} at the other end",
                    *where,
                    "to",
                    "ports",
                )
            local = kind == "stack"
            stack.channels.append(
                Channel(
                    link["channel"], ports, "up", kind, name, peer["channel"], peer_ports, local
                )
            )
            if kind == "stack":
                other = self.stacks[name]
                other.channels.append(
                    Channel(
                        peer["channel"],
                        peer_ports,
                        "down",
                        "stack",
                        stack.name,
                        link["channel"],
                        ports,
                        True,
                    )
                )
            else:
                core_links.append(
                    (
                        name,
                        Channel(
                            peer["channel"],
                            peer_ports,
                            "down",
                            "stack",
                            stack.name,
                            link["channel"],
                            ports,
                            False,
                        ),
                        stack.name,
                    )
                )
        return core_links

    def _bundle(
        self, stack: Stack, ports: list[str], channel: int, where: tuple[str | int, ...]
    ) -> list[str]:
        if any(c.id == channel for c in stack.channels):
            self.add(
                f"port-channel {channel} is already used on stack {stack.name}", *where, "channel"
            )
        if len(ports) < 2:
            self.add(
                f"an LACP bundle needs at least 2 member ports on stack {stack.name}, got {len(ports)}",
                *where,
                "ports",
            )
        names: list[str] = []
        for k, spec in enumerate(ports):
            for name in self._expand(spec, stack, *where, "ports", k):
                self._claim(stack, name, PortUse("uplink", None, "", channel), *where, "ports", k)
                names.append(name)
        models = {m.number: m.model for m in stack.members}
        self._same_speed(
            names, lambda name: models[member_number(name) or 0], f"stack {stack.name}", where
        )
        return names

    def _same_speed(
        self,
        names: list[str],
        model_of: Callable[[str], SwitchModel],
        device: str,
        where: tuple[str | int, ...],
    ) -> None:
        """Refuse a bundle whose members differ in speed or type.

        LACP suspends the members whose speed differs from the others' (IOS:
        "suspended: incompatible"), so a mixed bundle runs on part of its links
        or flaps; the technician must see it before the fibre is patched.
        """
        kinds: dict[tuple[str, bool], str] = {}
        for name in names:
            group = port_group(model_of(name), name)
            if group is not None:
                kinds.setdefault((group.kind, group.uplink), name)
        if len(kinds) > 1:
            shown = " and ".join(
                f"{short_name(name)} ({kind}, {'uplink' if uplink else 'front-panel'} port)"
                for (kind, uplink), name in kinds.items()
            )
            self.add(
                f"the bundle on {device} mixes {shown}: the members of an LACP bundle "
                "must share speed and type",
                *where,
                "ports",
            )

    def _core_ports(
        self, core: dict[str, Any], ports: list[str], where: tuple[str | int, ...]
    ) -> list[str]:
        model = SWITCH_MODELS.get(core["model"])
        names = []
        for k, spec in enumerate(ports):
            try:
                expanded = port_expand(spec)
            except CitynetError as exc:
                self.add(str(exc), *where, k)
                continue
            for name in expanded:
                if model is not None and name not in _model_interfaces(model, 1):
                    self.add(
                        f"{name} does not exist on core {core['name']} ({model.name})", *where, k
                    )
                else:
                    names.append(name)
        if len(ports) < 2:
            self.add(
                f"an LACP bundle needs at least 2 member ports on core {core['name']}, got {len(ports)}",
                *where,
            )
        if model is not None:
            self._same_speed(names, lambda _name: model, f"core {core['name']}", where[:-1])
        return names

    def _reaches_core(self) -> None:
        up: dict[str, list[Channel]] = {
            n: [c for c in s.channels if c.direction == "up"] for n, s in self.stacks.items()
        }
        for i, name in enumerate(self.stacks):
            seen: set[str] = set()
            todo = [name]
            reached = False
            while todo and not reached:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                for channel in up.get(current, []):
                    if channel.peer_kind == "core":
                        reached = True
                    else:
                        todo.append(channel.peer)
            if not reached:
                self.add(f"stack {name} has no uplink path to a core", "stacks", i)

    def _paths_to_root(self) -> None:
        """Mark each stack's bundle ends that may carry its path to the root.

        A bundle declared "up" from A to B says how the designer expects the
        tree to settle, not which links may lead to the root once one fails: if
        B reaches a core without A (its own uplink), A may reach the root
        through B, and if A reaches a core without B, B may reach it through A.
        The end towards a peer that can reach a core without this stack is such
        a path, whatever the declared direction; only a peer that reaches the
        cores solely through this stack is downstream for good and gets root
        guard. Root guard then never sits on a possible root path, so no
        topology is left where a guard blocks the only backup path.
        """
        neighbours: dict[str, set[str]] = {name: set() for name in self.stacks}
        has_core: set[str] = set()
        for stack in self.stacks.values():
            for channel in stack.channels:
                if channel.peer_kind == "core":
                    has_core.add(stack.name)
                elif channel.peer in neighbours:
                    neighbours[stack.name].add(channel.peer)
                    neighbours[channel.peer].add(stack.name)

        def reaches_core_without(start: str, avoided: str) -> bool:
            seen, todo = {avoided}, [start]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                if current in has_core:
                    return True
                seen.add(current)
                todo.extend(neighbours[current] - seen)
            return False

        for stack in self.stacks.values():
            for channel in stack.channels:
                channel.may_lead_to_root = channel.peer_kind == "core" or reaches_core_without(
                    channel.peer, stack.name
                )

    # -- backup router ------------------------------------------------------------
    def _router(self, raw: dict[str, Any] | None) -> Router | None:
        if raw is None:
            return None
        settings = {**self.plan.router_defaults, **{k: v for k, v in raw.items() if k != "dhcp"}}
        dhcp = {**self.plan.router_defaults["dhcp"], **raw.get("dhcp", {})}
        where = ("backup_router",)
        model = ROUTER_MODELS.get(settings["model"])
        if model is None:
            self.add(
                f"unknown router model {settings['model']}; known: {', '.join(ROUTER_MODELS)}",
                *where,
                "model",
            )
            return None
        if model.platform != settings["platform"]:
            self.add(
                f"model {model.name} runs {model.platform}, not {settings['platform']}",
                *where,
                "platform" if "platform" in raw else "model",
            )
        vlan = self.plan.vlans.get(settings.get("vlan", ""))
        if vlan is None:
            return None  # reported on city.yml
        if not vlan.routed:
            self.add(
                f"VLAN {vlan.service} is not routed in the school block: the backup router "
                "needs an address the routing stack reaches",
                *where,
                "vlan" if "vlan" in raw else "name",
            )
            return None
        self.router_lan = RouterLan(
            raw["name"], vlan, raw.get("lan_address"), dhcp["start"], dhcp["limit"]
        )
        self._lease_time(dhcp, where)
        for k, server in enumerate(settings.get("dns_servers", [])):
            if not is_ipv4(server):
                self.add(f"{server!r} is not an IPv4 address", *where, "dns_servers", k)
        if not settings.get("dns_servers"):
            self.add(
                "no DNS servers: set dns_servers here or in the city's backup_router",
                *where,
                "dns_servers",
            )
        if not settings.get("apn"):
            self.add("no APN: set apn here or in the city's backup_router", *where, "apn")
        port = self._router_port(raw["switch_port"], vlan)
        if self.issues:
            return None
        return Router(
            raw["name"],
            settings["platform"],
            model,
            vlan,
            dhcp["start"],
            dhcp["limit"],
            # one spelling for every platform: an integer is seconds, as the bare "3600"
            str(dhcp["lease_time"]),
            list(settings["dns_servers"]),
            settings["apn"],
            settings["pdp_type"],
            settings["failover_metric"],
            dict(raw["sim_pin"]),
            settings["lan_enabled"],
            raw["switch_port"]["stack"],
            port or "",
        )

    def _lease_time(self, dhcp: dict[str, Any], where: tuple[str, ...]) -> None:
        try:
            lease_seconds(dhcp["lease_time"])
        except (KeyError, ValueError, IndexError):
            self.add(
                f"{dhcp['lease_time']!r} is not a lease time such as 12h",
                *where,
                "dhcp",
                "lease_time",
            )

    def _router_port(self, raw: dict[str, Any], vlan: Vlan) -> str | None:
        where = ("backup_router", "switch_port")
        stack = self.stacks.get(raw["stack"])
        if stack is None:
            self.add(
                f"unknown stack {raw['stack']}; known: {', '.join(self.stacks)}", *where, "stack"
            )
            return None
        try:
            name = canonical_name(raw["port"])
        except CitynetError as exc:
            self.add(str(exc), *where, "port")
            return None
        if not self._expand(name, stack, *where, "port"):
            return None
        use = stack.ports.get(name)
        if use is None:
            stack.ports[name] = PortUse(
                "router", _router_profile(vlan), ROUTER_PORT_DESCRIPTION.format(vlan=vlan.id)
            )
            return name
        if use.role != "access" or use.profile is None:
            self.add(
                f"{name} is a member of port-channel {use.channel}, not a free access port",
                *where,
                "port",
            )
            return None
        profile = use.profile
        if profile.mode != "access":
            self.add(
                f"{name} is a trunk (profile {profile.name}): the router's LAN is untagged, so the port "
                f"must be an access port on VLAN {vlan.id} ({vlan.service})",
                *where,
                "port",
            )
        elif profile.vlan is not None and profile.vlan.id != vlan.id:
            restricted = ", a restricted VLAN" if profile.vlan.restricted else ""
            self.add(
                f"{name} is an access port on VLAN {profile.vlan.id} ({profile.vlan.service}{restricted}) "
                f"but the router's LAN is on VLAN {vlan.id} ({vlan.service}): the router would never "
                f"link with its clients; use a profile with vlan {vlan.service}",
                *where,
                "port",
            )
        else:
            use.role = "router"
        return name


_INTERFACE_CACHE: dict[tuple[str, int], frozenset[str]] = {}


def _model_interfaces(model: SwitchModel, member: int) -> frozenset[str]:
    key = (model.name, member)
    names = _INTERFACE_CACHE.get(key)
    if names is None:
        names = _INTERFACE_CACHE[key] = frozenset(model.interfaces(member))
    return names


def _interfaces_of(member: Member) -> frozenset[str]:
    return _model_interfaces(member.model, member.number)


# the description of a router port no profile of the city describes (on the switch)
ROUTER_PORT_DESCRIPTION = "4G backup router (VLAN {vlan})"


def _router_profile(vlan: Vlan) -> Profile:
    return Profile(
        "backup_router",
        "access",
        ROUTER_PORT_DESCRIPTION.format(vlan=vlan.id),
        "4G",
        vlan,
        None,
        None,
        (),
        True,
        False,
    )


def check_school(
    plan: CityPlan, file: str, code: str, raw: dict[str, Any]
) -> tuple[School | None, list[Issue]]:
    """Check a structurally valid school file; the resolved school if it passed."""
    checker = _SchoolChecker(plan, file, code, raw)
    school = checker.check()
    return school, checker.issues
