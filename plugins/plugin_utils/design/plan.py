"""The city plan, resolved: VLANs by service, profiles, policies, cores.

Both the school rules and the designer need the same resolved view of
city.yml (which VLAN a profile means, each VLAN's subnet rule). Building it
once here keeps intent computed in one place.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from ..errors import CitynetError
from ..issues import Issue, join_path
from ..net.addressing import school_subnet, vlan_subnet
from ..net.interfaces import port_expand
from ..net.vlan_ids import RESERVED_VLANS
from ..platforms.hardware import ROUTER_MODELS, SWITCH_MODELS
from .addressing_plan import CoreAddress, RouterLan, SchoolAddressing

TRANSIT_PREFIX = 29  # one /29 of routed links per school: four uplinks of /31
TRANSIT_LINKS = 2 ** (32 - TRANSIT_PREFIX) // 2

DEFAULT_BANNER = "Acces reserve aux agents habilites de la Ville. Toute connexion est journalisee."

_LEASE_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass(frozen=True, slots=True)
class Vlan:
    service: str
    id: int
    name: str
    prefix: int | None = None
    index: int | None = None
    subnet: str | None = None  # fixed subnet of a local VLAN
    local: bool = False
    restricted: bool = False
    dhcp: dict[str, Any] | None = None

    @property
    def routed(self) -> bool:
        return self.prefix is not None and not self.local

    def subnet_in(self, school_block: str) -> str | None:
        """This VLAN's subnet in one school block (None for a layer-2 only VLAN)."""
        if self.subnet is not None:
            return self.subnet
        if self.prefix is None or self.index is None:
            return None
        return vlan_subnet(school_block, self.prefix, self.index)


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    mode: str
    description: str
    label: str
    vlan: Vlan | None
    voice_vlan: Vlan | None
    native_vlan: Vlan | None
    vlans: tuple[Vlan, ...]
    edge: bool
    shutdown: bool
    port_security: dict[str, Any] | None = None  # {"maximum": n, "violation": ...}


@dataclass(slots=True)
class CityPlan:
    """city.yml, checked and resolved."""

    path: str
    raw: dict[str, Any]
    code: str = ""
    name: str = ""
    domain: str = ""
    city_space: str = ""
    school_prefix: int = 0
    gateway_offset: int = 1
    management_offset: int = 2
    vlans: dict[str, Vlan] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    native_vlan: Vlan | None = None
    unassigned_profile: Profile | None = None
    stp: dict[str, Any] = field(default_factory=dict)
    router_defaults: dict[str, Any] = field(default_factory=dict)
    cores: dict[str, dict[str, Any]] = field(default_factory=dict)
    interconnect_channel: int = 100
    run: dict[str, Any] = field(default_factory=dict)
    core_addressing: SchoolAddressing | None = None  # school block 0, the cores' management
    transit_space: str = ""
    routing: dict[str, Any] = field(default_factory=dict)
    dhcp: dict[str, Any] = field(default_factory=dict)
    failover: dict[str, Any] = field(default_factory=dict)
    town_hall_networks: list[str] = field(default_factory=list)
    edge_security: dict[str, Any] = field(default_factory=dict)
    # management.* of city.yml, defaults filled; empty when city.yml has no management
    management: dict[str, Any] = field(default_factory=dict)

    @property
    def school_blocks(self) -> int:
        """School blocks of the city space, block 0 (the cores') left out."""
        city_prefix = ipaddress.IPv4Network(self.city_space).prefixlen
        return 2 ** (self.school_prefix - city_prefix) - 1

    @property
    def _transit_total(self) -> int:
        prefix = ipaddress.IPv4Network(self.transit_space).prefixlen
        return 2 ** max(TRANSIT_PREFIX - prefix, 0)

    @property
    def core_pairs(self) -> int:
        return -(-len(self.cores) // 2)

    @property
    def transit_blocks(self) -> int:
        """Per-school /29s of the transit space: not /29 number 0 (school numbers start at
        1), nor the last ones, one per pair of cores for their interconnect and edge links."""
        if not self.transit_space:
            return self.school_blocks
        return max(self._transit_total - 1 - self.core_pairs, 0)

    @property
    def max_schools(self) -> int:
        """How many schools the address plan holds: the smaller of its two spaces decides."""
        return min(self.school_blocks, self.transit_blocks)

    def school_block(self, number: int) -> str:
        return school_subnet(self.city_space, self.school_prefix, number)

    def core_pair(self, name: str) -> tuple[int, int]:
        """(pair, side) of a core: the cores pair up in city.yml's order, each pair a routing
        domain joined by its interconnect, reaching the other pairs through the edge."""
        return divmod(list(self.cores).index(name), 2)

    def core_link(self, pair: int, position: int) -> tuple[str, str, str]:
        """(subnet, core end, far end) of a pair's link: 0 its interconnect, 1 + side the edge's."""
        return self.transit_link(self._transit_total - 1 - pair, position)

    def transit_link(self, number: int, position: int) -> tuple[str, str, str]:
        """(subnet, core end, far end) of the ``position``-th /31 of /29 number ``number``."""
        block = ipaddress.IPv4Network(school_subnet(self.transit_space, TRANSIT_PREFIX, number))
        first = int(block.network_address) + 2 * position
        link = ipaddress.IPv4Network((first, 31))
        return str(link), str(ipaddress.IPv4Address(first)), str(ipaddress.IPv4Address(first + 1))

    def routed_vlans(self) -> list[Vlan]:
        return [v for v in self.vlans.values() if v.routed]


def lease_seconds(text: str | int) -> int:
    """'12h' -> 43200, 3600 -> 3600; the schema has already checked the form.

    The data model takes a bare integer as a number of seconds, as OpenWrt and
    dnsmasq do, so a YAML ``lease_time: 3600`` means the same as ``"3600"``.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    unit = text[-1] if text[-1].isalpha() else ""
    number = int(text[:-1] if unit else text)
    return number * _LEASE_UNITS[unit]


def is_ipv4(text: Any) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except (ipaddress.AddressValueError, ValueError, TypeError):
        return False
    return True


class _CityChecker:
    """Semantic checks of city.yml, gathering every finding."""

    def __init__(self, path: str, raw: dict[str, Any]) -> None:
        self.plan = CityPlan(path, raw)
        self.issues: list[Issue] = []

    def add(self, message: str, *path: str | int) -> None:
        self.issues.append(Issue(self.plan.path, None, join_path(*path), message))

    def build(self) -> CityPlan:
        raw, plan = self.plan.raw, self.plan
        plan.code = raw["city"]["code"]
        plan.name = raw["city"]["name"]
        plan.domain = raw["city"].get("domain", "")
        self._addressing(raw["addressing"])
        self._vlans(raw["vlans"])
        self._profiles(raw["port_profiles"])
        self._special_vlans(raw)
        self._stp(raw["stp"])
        self._router_defaults(raw["backup_router"])
        self._cores(raw["cores"])
        self._addresses(raw["cores"])
        self._routing(raw)
        self._edge_security(raw.get("edge_security", {}))
        self._management(raw)
        plan.interconnect_channel = raw.get("interconnect_channel", 100)
        plan.run = {"on_invalid": "stop", **raw.get("run", {})}
        return plan

    def _addresses(self, cores: list[dict[str, Any]]) -> None:
        """Place the addresses of a stand-in school and of the cores' block.

        Offsets and pools are the same in every school block, so a school with
        one stack in block 1 finds every fault the city plan alone decides,
        once, on city.yml instead of on each school.
        """
        plan = self.plan
        if not plan.city_space:
            return
        try:
            sample_block, core_block = plan.school_block(1), plan.school_block(0)
        except CitynetError:  # the school prefix is wrong, and reported on its own field
            return
        router = None
        defaults = plan.router_defaults
        vlan = plan.vlans.get(defaults.get("vlan", ""))
        if vlan is not None and vlan.routed:
            dhcp = defaults["dhcp"]
            router = RouterLan("", vlan, None, dhcp["start"], dhcp["limit"])
        sample = SchoolAddressing(plan, sample_block, [(0, "")], router, sample=True)
        addresses = [
            CoreAddress(i, c["name"], c["management_address"])
            for i, c in enumerate(cores)
            if isinstance(c.get("management_address"), str)
        ]
        plan.core_addressing = SchoolAddressing(plan, core_block, cores=addresses)
        for fault in sample.faults():
            self.add(fault.message, *fault.path)
        for fault in plan.core_addressing.faults():
            if fault.path[0] == "cores":
                self.add(fault.message, *fault.path)

    def _addressing(self, addressing: dict[str, Any]) -> None:
        plan = self.plan
        try:
            space = ipaddress.IPv4Network(addressing["city_space"])
        except ValueError as exc:
            self.add(f"not a valid IPv4 network ({exc})", "addressing", "city_space")
            return
        plan.city_space = str(space)
        plan.school_prefix = addressing["school_prefix"]
        plan.gateway_offset = addressing.get("gateway_offset", 1)
        self._transit_space(addressing, space)
        plan.management_offset = addressing.get("management_offset", 2)
        if plan.school_prefix <= space.prefixlen:
            self.add(
                f"/{plan.school_prefix} blocks do not fit in the city space {space} "
                f"(need a prefix longer than /{space.prefixlen})",
                "addressing",
                "school_prefix",
            )

    def _transit_space(self, addressing: dict[str, Any], space: ipaddress.IPv4Network) -> None:
        try:
            transit = ipaddress.IPv4Network(addressing["transit_space"])
        except ValueError as exc:
            self.add(f"not a valid IPv4 network ({exc})", "addressing", "transit_space")
            return
        if transit.prefixlen >= TRANSIT_PREFIX:
            self.add(
                f"{transit} holds no school: each school takes a /{TRANSIT_PREFIX} of routed "
                f"links, so the transit space needs a prefix shorter than /{TRANSIT_PREFIX}",
                "addressing",
                "transit_space",
            )
            return
        if transit.overlaps(space):
            self.add(
                f"{transit} overlaps the city space {space}: a routed link would take a "
                "school's address",
                "addressing",
                "transit_space",
            )
            return
        self.plan.transit_space = str(transit)

    def _routing(self, raw: dict[str, Any]) -> None:
        """Routing, DHCP and failover policies, defaults filled in once."""
        plan = self.plan
        routing = raw.get("routing", {})
        plan.routing = {
            "protocol": routing.get("protocol", "auto"),
            "ospf": {"process": 1, "hello": 1, "dead": 3, **routing.get("ospf", {})},
        }
        ospf = plan.routing["ospf"]
        if "authentication" in ospf:
            ospf["authentication"] = {"key_id": 1, **ospf["authentication"]}
        else:
            self.add(
                "OSPF authentication is missing (routing.ospf.authentication.key, by reference "
                "to a vaulted variable): the cores always run OSPF, and an unauthenticated "
                "adjacency believes any router plugged into a link",
                "routing",
                "ospf",
            )
        if ospf["dead"] <= ospf["hello"]:
            self.add(
                f"dead interval {ospf['dead']} s must be longer than the hello interval "
                f"{ospf['hello']} s, or every adjacency flaps",
                "routing",
                "ospf",
                "dead",
            )
        dhcp = raw.get("dhcp", {})
        plan.dhcp = {"mode": "relay", "servers": [], "dns_servers": [], "lease_time": "8h", **dhcp}
        if plan.dhcp["mode"] == "relay" and not plan.dhcp["servers"]:
            self.add(
                "relay mode needs the town hall's DHCP servers (dhcp.servers), or set mode: local",
                "dhcp",
            )
        if plan.dhcp["mode"] == "local" and not plan.dhcp["dns_servers"]:
            self.add(
                "local mode needs the DNS servers its pools give clients (dhcp.dns_servers)",
                "dhcp",
            )
        failover = raw.get("failover", {})
        plan.failover = {
            "services": ["administration", "voice"],
            "distance": 250,
            "probe_frequency": 5,
            **failover,
        }
        for k, service in enumerate(failover.get("services", [])):
            self._failover_service(service, "failover", "services", k)
        plan.town_hall_networks = list(raw.get("town_hall", {}).get("networks", []))
        for k, text in enumerate(plan.town_hall_networks):
            try:
                ipaddress.IPv4Network(text)
            except ValueError as exc:
                self.add(f"not a valid IPv4 network ({exc})", "town_hall", "networks", k)

    def _edge_security(self, raw: dict[str, Any]) -> None:
        """Access-port protection, the schema's defaults filled in once (docs/edge-security.md)."""
        storm = {
            "enabled": True,
            "broadcast": 1,
            "multicast": None,
            "action": "trap",
            **raw.get("storm_control", {}),
        }
        self.plan.edge_security = {
            "dhcp_snooping": True,
            "dhcp_rate_limit": 15,
            "arp_inspection": False,
            "ip_source_guard": False,
            **raw,
            "storm_control": storm,
        }
        for key in ("arp_inspection", "ip_source_guard"):
            if self.plan.edge_security[key] and not self.plan.edge_security["dhcp_snooping"]:
                self.add(
                    f"{key} checks addresses against the DHCP snooping bindings: it needs "
                    "dhcp_snooping: true",
                    "edge_security",
                    key,
                )

    def _management(self, raw: dict[str, Any]) -> None:
        """The management plane's policy, defaults filled in once (schema defaults)."""
        mgmt = raw.get("management")
        if mgmt is None:
            return
        plan = self.plan
        out: dict[str, Any] = {
            "access_networks": list(mgmt.get("access_networks", plan.town_hall_networks)),
            "ssh": {"timeout": 60, "retries": 2, "exec_timeout": 5, **mgmt.get("ssh", {})},
            "radius": None,
            "local_user": mgmt.get("local_user"),
            "ntp_servers": list(mgmt.get("ntp_servers", [])),
            "syslog": None,
            "banner": mgmt.get("banner", DEFAULT_BANNER),
            "cdp": mgmt.get("cdp", False),
            "snmp": None,
        }
        if "radius" in mgmt:
            out["radius"] = {"group": "RADIUS-MAIRIE", **mgmt["radius"]}
            if "local_user" not in mgmt:
                self.add(
                    "RADIUS logins need the local fallback account (management.local_user): "
                    "when no RADIUS server answers, nobody could log in",
                    "management",
                    "radius",
                )
        if "syslog" in mgmt:
            out["syslog"] = {"level": "informational", **mgmt["syslog"]}
        if "snmp" in mgmt:
            snmp = mgmt["snmp"]
            user = {"auth_protocol": "sha", "priv_protocol": "aes128", **snmp["user"]}
            out["snmp"] = {"servers": list(snmp["servers"]), "user": user}
        if not out["access_networks"]:
            self.add(
                "no network may reach the SSH lines: set management.access_networks (or "
                "town_hall.networks) to the networks the controller runs in",
                "management",
                "access_networks",
            )
        for k, text in enumerate(mgmt.get("access_networks", [])):
            try:
                ipaddress.IPv4Network(text)
            except ValueError as exc:
                self.add(f"not a valid IPv4 network ({exc})", "management", "access_networks", k)
        plan.management = out

    def _failover_service(self, service: str, *path: str | int) -> None:
        vlan = self._vlan_ref(service, *path)
        if vlan is not None and not vlan.routed:
            self.add(f"VLAN {vlan.service} is not routed: it has nothing to fail over", *path)

    def _vlans(self, vlans: list[dict[str, Any]]) -> None:
        ids: dict[int, int] = {}
        names: dict[str, int] = {}
        for i, item in enumerate(vlans):
            vid, name, service = item["id"], item["name"], item["service"]
            if not 1 <= vid <= 4094:
                self.add(f"VLAN id {vid} is out of range 1-4094", "vlans", i, "id")
            elif vid in RESERVED_VLANS:
                self.add(f"VLAN id {vid} is reserved (1002-1005)", "vlans", i, "id")
            if vid in ids:
                self.add(f"VLAN id {vid} is already used by vlans[{ids[vid]}]", "vlans", i, "id")
            ids.setdefault(vid, i)
            if name in names:
                self.add(
                    f"VLAN name {name} is already used by vlans[{names[name]}]", "vlans", i, "name"
                )
            names.setdefault(name, i)
            if service in self.plan.vlans:
                self.add(f"service {service} is defined twice", "vlans", i, "service")
                continue
            vlan = Vlan(
                service,
                vid,
                name,
                item.get("prefix"),
                item.get("index"),
                item.get("subnet"),
                item.get("local", False),
                item.get("restricted", False),
                item.get("dhcp"),
            )
            self._vlan_addressing(vlan, i)
            self.plan.vlans[service] = vlan
        self._vlan_overlaps(vlans)

    def _vlan_addressing(self, vlan: Vlan, i: int) -> None:
        plan = self.plan
        if vlan.local:
            if vlan.subnet is None:
                self.add("a local VLAN needs a fixed subnet", "vlans", i, "subnet")
                return
        elif vlan.subnet is not None:
            self.add(
                "a fixed subnet is only for a local VLAN (set local: true)", "vlans", i, "subnet"
            )
            return
        elif (vlan.prefix is None) != (vlan.index is None):
            missing = "index" if vlan.index is None else "prefix"
            self.add(
                f"a routed VLAN needs both prefix and index; {missing} is missing",
                "vlans",
                i,
                missing,
            )
            return
        elif vlan.prefix is not None and plan.school_prefix:
            if vlan.prefix < plan.school_prefix:
                self.add(
                    f"a /{vlan.prefix} does not fit in a /{plan.school_prefix} school block",
                    "vlans",
                    i,
                    "prefix",
                )
                return
            count = 2 ** (vlan.prefix - plan.school_prefix)
            if vlan.index is not None and vlan.index >= count:
                self.add(
                    f"index {vlan.index} is outside the school block, which holds {count} "
                    f"subnets of /{vlan.prefix} (0-{count - 1})",
                    "vlans",
                    i,
                    "index",
                )
                return
        if vlan.dhcp is not None and self._sample_subnet(vlan) is None:
            self.add("a DHCP pool needs a subnet", "vlans", i, "dhcp")

    def _sample_subnet(self, vlan: Vlan) -> ipaddress.IPv4Network | None:
        """The VLAN's subnet in school block 1: offsets are the same in every school."""
        try:
            block = self.plan.school_block(1) if self.plan.city_space else None
            text = vlan.subnet if vlan.subnet else (vlan.subnet_in(block) if block else None)
            return ipaddress.IPv4Network(text) if text else None
        except ValueError:
            return None

    def _vlan_overlaps(self, vlans: list[dict[str, Any]]) -> None:
        seen: list[tuple[ipaddress.IPv4Network, int]] = []
        for i, item in enumerate(vlans):
            vlan = self.plan.vlans.get(item["service"])
            if vlan is None or vlan.local or vlan.prefix is None:
                continue
            net = self._sample_subnet(vlan)
            if net is None:
                continue
            for other, j in seen:
                if net.overlaps(other):
                    self.add(
                        f"subnet #{vlan.index} of /{vlan.prefix} overlaps vlans[{j}] "
                        f"(#{vlans[j].get('index')} of /{vlans[j].get('prefix')}) in every school block",
                        "vlans",
                        i,
                        "index",
                    )
            seen.append((net, i))

    def _vlan_ref(self, service: Any, *path: str | int) -> Vlan | None:
        vlan = self.plan.vlans.get(service)
        if vlan is None and service is not None:
            known = ", ".join(self.plan.vlans)
            self.add(f"unknown VLAN service {service}; known: {known}", *path)
        return vlan

    def _profiles(self, profiles: dict[str, dict[str, Any]]) -> None:
        for name, item in profiles.items():
            where = ("port_profiles", name)
            mode = item["mode"]
            vlan = self._vlan_ref(item.get("vlan"), *where, "vlan")
            voice = self._vlan_ref(item.get("voice_vlan"), *where, "voice_vlan")
            native = self._vlan_ref(item.get("native_vlan"), *where, "native_vlan")
            tagged = [
                self._vlan_ref(s, *where, "vlans", k) for k, s in enumerate(item.get("vlans", []))
            ]
            if mode == "access":
                if "vlan" not in item:
                    self.add("an access profile needs vlan", *where, "vlan")
                for key in ("native_vlan", "vlans"):
                    if key in item:
                        self.add(f"{key} is for trunk profiles; this one is access", *where, key)
            else:
                if "vlans" not in item:
                    self.add("a trunk profile needs vlans", *where, "vlans")
                for key in ("vlan", "voice_vlan"):
                    if key in item:
                        self.add(f"{key} is for access profiles; this one is a trunk", *where, key)
            security = self._port_security(item, where)
            self.plan.profiles[name] = Profile(
                name,
                mode,
                item.get("description", name),
                item.get("label", name),
                vlan,
                voice,
                native,
                tuple(v for v in tagged if v is not None),
                item.get("edge", True),
                item.get("shutdown", False),
                security,
            )

    def _port_security(self, item: dict[str, Any], where: tuple[str, str]) -> dict[str, Any] | None:
        raw = item.get("port_security")
        if raw is None:
            return None
        if item["mode"] != "access":
            self.add(
                "port_security is for access profiles; a trunk carries many devices' addresses",
                *where,
                "port_security",
            )
            return None
        security = {"violation": "restrict", **raw}
        if "voice_vlan" in item and security["maximum"] < 2:
            self.add(
                f"maximum {security['maximum']} leaves no address for the PC behind the phone: "
                "with a voice VLAN the phone takes one, so at least 2",
                *where,
                "port_security",
                "maximum",
            )
        return security

    def _special_vlans(self, raw: dict[str, Any]) -> None:
        if "trunk_native_vlan" in raw:
            self.plan.native_vlan = self._vlan_ref(raw["trunk_native_vlan"], "trunk_native_vlan")
        if "unassigned_profile" in raw:
            name = raw["unassigned_profile"]
            self.plan.unassigned_profile = self.plan.profiles.get(name)
            if self.plan.unassigned_profile is None:
                self.add(f"unknown profile {name}", "unassigned_profile")

    def _stp(self, stp: dict[str, Any]) -> None:
        merged = {
            "root_priority": 4096,
            "secondary_priority": 8192,
            "access_priority": 61440,
            "bpdu_guard": True,
            "root_guard": True,
            "loop_guard": True,
            "errdisable_recovery": {"causes": ["bpduguard"], "interval": 300},
            **stp,
        }
        if not merged["root_priority"] < merged["secondary_priority"] < merged["access_priority"]:
            self.add(
                "priorities must rise from root to secondary to access so the primary core is the "
                f"root: got {merged['root_priority']}, {merged['secondary_priority']}, "
                f"{merged['access_priority']}",
                "stp",
            )
        self.plan.stp = merged

    def _router_defaults(self, defaults: dict[str, Any]) -> None:
        merged = {
            "platform": "teltonika_rutos",
            "model": "RUTX11",
            "pdp_type": "ipv4",
            "dhcp": {"start": 20, "limit": 30, "lease_time": "12h"},
            "failover_metric": 20,
            "lan_enabled": True,
            **defaults,
        }
        merged["dhcp"] = {"start": 20, "limit": 30, "lease_time": "12h", **merged["dhcp"]}
        if "vlan" not in defaults:
            self.add("missing key 'vlan' (the service of the routers' LAN)", "backup_router")
        else:
            vlan = self._vlan_ref(defaults["vlan"], "backup_router", "vlan")
            if vlan is not None and not vlan.routed:
                self.add(
                    f"VLAN {vlan.service} is not routed in the school block (prefix and index): "
                    "the backup router needs an address the stack routes to and the town hall "
                    "reaches",
                    "backup_router",
                    "vlan",
                )
        for k, server in enumerate(defaults.get("dns_servers", [])):
            if not is_ipv4(server):
                self.add(f"{server!r} is not an IPv4 address", "backup_router", "dns_servers", k)
        self.plan.router_defaults = merged

    def _cores(self, cores: list[dict[str, Any]]) -> None:
        primaries = [c["name"] for c in cores if c["role"] == "primary"]
        if len(primaries) != 1:
            self.add(
                f"exactly one core must be primary (the root bridge); found {len(primaries)}",
                "cores",
            )
        for i, core in enumerate(cores):
            if core["name"] in self.plan.cores:
                self.add(f"core {core['name']} is defined twice", "cores", i, "name")
            if core["model"] not in SWITCH_MODELS:
                self.add(
                    f"unknown model {core['model']}; known: {', '.join(SWITCH_MODELS)}",
                    "cores",
                    i,
                    "model",
                )
            else:
                core = {**core, "interconnect_ports": self._core_ports(i, core)}
                self._edge_port(i, core)
            self.plan.cores[core["name"]] = core
        buildings = [c["building"] for c in cores]
        if len(cores) > 1 and len(set(buildings)) == 1:
            self.add("the cores all stand in one building; put them in separate buildings", "cores")

    def _edge_port(self, i: int, core: dict[str, Any]) -> None:
        model = SWITCH_MODELS[core["model"]]
        port = core.get("edge_port")
        if port is None:
            return
        try:
            (name,) = port_expand(port)
        except (CitynetError, ValueError):
            self.add(f"{port} is not one port", "cores", i, "edge_port")
            return
        if name not in model.interfaces(1):
            self.add(f"{name} does not exist on {model.name}", "cores", i, "edge_port")
        elif name in core["interconnect_ports"]:
            self.add(f"{name} is already an interconnect port", "cores", i, "edge_port")
        else:
            core["edge_port"] = name

    def _core_ports(self, i: int, core: dict[str, Any]) -> list[str]:
        model = SWITCH_MODELS[core["model"]]
        names: list[str] = []
        for k, spec in enumerate(core.get("interconnect_ports", [])):
            try:
                expanded = port_expand(spec)
            except CitynetError as exc:
                self.add(str(exc), "cores", i, "interconnect_ports", k)
                continue
            for name in expanded:
                if name not in model.interfaces(1):
                    self.add(
                        f"{name} does not exist on {model.name}",
                        "cores",
                        i,
                        "interconnect_ports",
                        k,
                    )
                else:
                    names.append(name)
        if len(names) == 1:
            self.add(
                "an LACP bundle needs at least 2 member ports", "cores", i, "interconnect_ports"
            )
        return names


def build_plan(path: str, raw: dict[str, Any]) -> tuple[CityPlan, list[Issue]]:
    """Resolve a structurally valid city.yml; return the plan and its findings."""
    checker = _CityChecker(path, raw)
    plan = checker.build()
    return plan, checker.issues


__all__ = ["ROUTER_MODELS", "CityPlan", "Profile", "Vlan", "build_plan", "is_ipv4", "lease_seconds"]
