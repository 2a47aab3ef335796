"""The lab file: which devices one simulator process serves, and how.

A lab file describes devices as they physically are (stack members, serials,
cabling), which may deliberately differ from the collection's intent so that
tests can exercise its verification and remediation paths.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .faults import Faults
from .hardware import ROUTER_MODELS, SWITCH_MODELS, mac_for, normalize_interface
from .show.sdm import SDM_TEMPLATES

KINDS = ("catalyst_stack", "cellular_router")
DEVICE_KEYS = {
    "name",
    "kind",
    "username",
    "password",
    "enable_secret",
    "port",
    "members",
    "model",
    "serial",
    "startup_config",
    "faults",
    "stp_root",
    "connected",
    "err_disabled",
    "dhcp_leases",
    "neighbors",
    "reload_seconds",
    "ospf_neighbors",
    "ospf_routes",
    "reachable",
    "sdm_template",
    "response_delay",
}
OSPF_STATES = ("FULL/  -", "FULL/DR", "FULL/BDR", "FULL/DROTHER", "INIT/  -", "2WAY/DROTHER")
OSPF_ROUTE_TYPES = ("O", "O IA", "O E1", "O E2", "O N1", "O N2")


class LabError(ValueError):
    """The lab file is not usable; the message names the device and field."""


@dataclass(frozen=True, slots=True)
class MemberSpec:
    number: int
    model: str
    serial: str
    priority: int = 1
    mac: str = ""
    hw_version: str = "V02"


@dataclass(frozen=True, slots=True)
class StpRootSpec:
    """The bridge that is root upstream (on the cores), seen through the uplinks."""

    priority: int
    mac: str


@dataclass(frozen=True, slots=True)
class LeaseSpec:
    ip: str
    client_id: str
    expiration: str = "Infinite"
    type: str = "Automatic"


@dataclass(frozen=True, slots=True)
class NeighborSpec:
    device: str
    local: str
    port: str
    platform: str = ""
    capability: str = "R S I"


@dataclass(frozen=True, slots=True)
class OspfNeighborSpec:
    """An OSPF adjacency the device would form on `interface`."""

    neighbor_id: str
    address: str
    interface: str
    state: str = "FULL/  -"
    priority: int = 0


@dataclass(frozen=True, slots=True)
class OspfRouteSpec:
    """A route learnt from `next_hop` on `interface` (shown while that adjacency is up)."""

    prefix: str
    next_hop: str
    interface: str
    type: str = "O"
    metric: int = 2


@dataclass(frozen=True, slots=True)
class ResponseDelay:
    """How long the device takes to answer, for benchmarks (tests leave it at zero).

    A real switch answers a command after its own processing time, and a long
    output (a running configuration) after the time to print it: `command` is
    the seconds added before each prompt comes back, `per_kib` the seconds per
    KiB of output. The values a benchmark uses, and where they come from, are
    stated by the benchmark beside its results.
    """

    command: float = 0.0
    per_kib: float = 0.0

    def seconds(self, output_bytes: int) -> float:
        return self.command + self.per_kib * output_bytes / 1024


@dataclass(slots=True)
class DeviceSpec:
    name: str
    kind: str
    username: str
    password: str
    enable_secret: str | None
    port: int = 0
    members: list[MemberSpec] = field(default_factory=list)
    model: str = ""  # routers
    serial: str = ""  # routers
    startup_config: str | None = None
    faults: Faults = field(default_factory=Faults)
    stp_root: StpRootSpec | None = None
    connected: str | list[str] = "all"
    err_disabled: dict[str, str] = field(default_factory=dict)
    dhcp_leases: list[LeaseSpec] = field(default_factory=list)
    neighbors: list[NeighborSpec] = field(default_factory=list)
    reload_seconds: float = 0.0
    ospf_neighbors: list[OspfNeighborSpec] = field(default_factory=list)
    ospf_routes: list[OspfRouteSpec] = field(default_factory=list)
    reachable: list[str] | None = None  # IP SLA targets that answer; None: all
    sdm_template: str | None = None  # classic IOS stacks: the SDM template active at first start
    response_delay: ResponseDelay = field(default_factory=ResponseDelay)

    @property
    def is_switch(self) -> bool:
        return self.kind == "catalyst_stack"

    @property
    def family(self) -> str:
        if self.is_switch:
            return SWITCH_MODELS[self.members[0].model].family
        return "ir1101"


@dataclass(slots=True)
class Lab:
    devices: list[DeviceSpec]

    def device(self, name: str) -> DeviceSpec:
        for device in self.devices:
            if device.name == name:
                return device
        raise KeyError(name)


def _require(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise LabError(f"{where}: missing '{key}'")
    return data[key]


def _default_serial(where: str, number: int) -> str:
    digest = hashlib.sha1(f"{where}/{number}".encode()).hexdigest()
    return f"FOC{int(digest, 16) % 10**8:08d}"


def _sdm_template(spec: DeviceSpec, template: str, where: str) -> str:
    """The SDM template a classic IOS stack starts with (IOS-XE keeps none here)."""
    if spec.family != "c2960x":
        raise LabError(f"{where}: sdm_template is for classic IOS stacks (Catalyst 2960-X) only")
    if template not in SDM_TEMPLATES:
        raise LabError(f"{where}: sdm_template must be one of {', '.join(SDM_TEMPLATES)}")
    return template


def _members(raw: list[dict[str, Any]], where: str) -> list[MemberSpec]:
    members: list[MemberSpec] = []
    seen: set[int] = set()
    for i, item in enumerate(raw):
        at = f"{where}.members[{i}]"
        number = int(_require(item, "number", at))
        model = str(_require(item, "model", at))
        if model not in SWITCH_MODELS:
            raise LabError(f"{at}: unknown switch model {model!r}")
        if number in seen or not 1 <= number <= SWITCH_MODELS[model].max_members:
            raise LabError(f"{at}: bad or duplicate member number {number}")
        seen.add(number)
        serial = str(item.get("serial") or _default_serial(where, number))
        priority = int(item.get("priority", 1))
        if not 1 <= priority <= 15:
            raise LabError(f"{at}: priority must be 1-15")
        family = SWITCH_MODELS[model].family
        members.append(
            MemberSpec(
                number=number,
                model=model,
                serial=serial,
                priority=priority,
                mac=str(item.get("mac") or mac_for(serial)),
                hw_version=str(item.get("hw_version", "4" if family == "c2960x" else "V02")),
            )
        )
    if not members:
        raise LabError(f"{where}: a catalyst_stack needs at least one member")
    families = {SWITCH_MODELS[m.model].family for m in members}
    if len(families) > 1:
        raise LabError(f"{where}: members of one stack must be of one family")
    return sorted(members, key=lambda m: m.number)


def _response_delay(raw: Any, where: str) -> ResponseDelay:
    if raw is None:
        return ResponseDelay()
    if not isinstance(raw, dict) or set(raw) - {"command", "per_kib"}:
        raise LabError(f"{where}.response_delay: a mapping of command and per_kib (seconds)")
    try:
        delay = ResponseDelay(float(raw.get("command", 0)), float(raw.get("per_kib", 0)))
    except (TypeError, ValueError):
        raise LabError(f"{where}.response_delay: seconds must be numbers") from None
    if delay.command < 0 or delay.per_kib < 0:
        raise LabError(f"{where}.response_delay: seconds must not be negative")
    return delay


def _faults(raw: dict[str, Any] | None, where: str) -> Faults:
    try:
        return Faults.from_dict(raw)
    except (ValueError, TypeError, re.error) as err:
        raise LabError(f"{where}.faults: {err}") from err


def _interfaces(raw: Any, where: str) -> list[str]:
    names = []
    for item in raw:
        name = normalize_interface(str(item))
        if name is None:
            raise LabError(f"{where}: not an interface name: {item!r}")
        names.append(name)
    return names


def parse_device(data: dict[str, Any], index: int) -> DeviceSpec:
    where = f"devices[{index}]"
    name = str(_require(data, "name", where))
    where = f"device {name}"
    unknown = set(data) - DEVICE_KEYS
    if unknown:
        raise LabError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")
    kind = str(_require(data, "kind", where))
    if kind not in KINDS:
        raise LabError(f"{where}: kind must be one of {', '.join(KINDS)}")
    spec = DeviceSpec(
        name=name,
        kind=kind,
        username=str(data.get("username", "admin")),
        password=str(data.get("password", "admin")),
        enable_secret=(
            str(data["enable_secret"]) if data.get("enable_secret") is not None else None
        ),
        port=int(data.get("port", 0)),
        startup_config=data.get("startup_config"),
        faults=_faults(data.get("faults"), where),
        reload_seconds=float(data.get("reload_seconds", 0)),
        response_delay=_response_delay(data.get("response_delay"), where),
    )
    if kind == "catalyst_stack":
        spec.members = _members(data.get("members") or [], where)
        if data.get("sdm_template") is not None:
            spec.sdm_template = _sdm_template(spec, str(data["sdm_template"]), where)
    else:
        model = str(_require(data, "model", where))
        router = ROUTER_MODELS.get(model)
        if router is None or router.platform != "cisco_ios":
            raise LabError(f"{where}: {model!r} is not an IOS router model of the catalogue")
        spec.model = model
        spec.serial = str(data.get("serial") or "FCW2345L0AB")
    if data.get("stp_root"):
        root = data["stp_root"]
        spec.stp_root = StpRootSpec(
            priority=int(_require(root, "priority", f"{where}.stp_root")),
            mac=str(_require(root, "mac", f"{where}.stp_root")),
        )
    connected = data.get("connected", "all")
    if connected != "all":
        spec.connected = _interfaces(connected or [], f"{where}.connected")
    errdis = data.get("err_disabled") or {}
    names = _interfaces(list(errdis), f"{where}.err_disabled")
    spec.err_disabled = {n: str(r) for n, r in zip(names, errdis.values(), strict=True)}
    for i, lease in enumerate(data.get("dhcp_leases") or []):
        at = f"{where}.dhcp_leases[{i}]"
        spec.dhcp_leases.append(
            LeaseSpec(
                ip=str(_require(lease, "ip", at)),
                client_id=str(_require(lease, "client_id", at)),
                expiration=str(lease.get("expiration", "Infinite")),
                type=str(lease.get("type", "Automatic")),
            )
        )
    for i, item in enumerate(data.get("neighbors") or []):
        at = f"{where}.neighbors[{i}]"
        local = _interfaces([_require(item, "local", at)], at)[0]
        spec.neighbors.append(
            NeighborSpec(
                device=str(_require(item, "device", at)),
                local=local,
                port=str(_require(item, "port", at)),
                platform=str(item.get("platform", "")),
                capability=str(item.get("capability", "R S I")),
            )
        )
    _routing(spec, data, where)
    return spec


def _ipv4(text: Any, at: str) -> str:
    try:
        return str(ipaddress.IPv4Address(str(text)))
    except ValueError as err:
        raise LabError(f"{at}: not an IPv4 address: {text!r}") from err


def _routing(spec: DeviceSpec, data: dict[str, Any], where: str) -> None:
    for i, item in enumerate(data.get("ospf_neighbors") or []):
        at = f"{where}.ospf_neighbors[{i}]"
        state = str(item.get("state", "FULL/  -"))
        if state not in OSPF_STATES:
            raise LabError(f"{at}: state must be one of {', '.join(OSPF_STATES)}")
        spec.ospf_neighbors.append(
            OspfNeighborSpec(
                neighbor_id=_ipv4(_require(item, "neighbor_id", at), at),
                address=_ipv4(_require(item, "address", at), at),
                interface=_interfaces([_require(item, "interface", at)], at)[0],
                state=state,
                priority=int(item.get("priority", 0)),
            )
        )
    for i, item in enumerate(data.get("ospf_routes") or []):
        at = f"{where}.ospf_routes[{i}]"
        kind = str(item.get("type", "O"))
        if kind not in OSPF_ROUTE_TYPES:
            raise LabError(f"{at}: type must be one of {', '.join(OSPF_ROUTE_TYPES)}")
        try:
            prefix = str(ipaddress.IPv4Network(str(_require(item, "prefix", at))))
        except ValueError as err:
            raise LabError(f"{at}: not a prefix: {item['prefix']!r}") from err
        spec.ospf_routes.append(
            OspfRouteSpec(
                prefix=prefix,
                next_hop=_ipv4(_require(item, "next_hop", at), at),
                interface=_interfaces([_require(item, "interface", at)], at)[0],
                type=kind,
                metric=int(item.get("metric", 2)),
            )
        )
    if data.get("reachable") is not None:
        spec.reachable = [_ipv4(ip, f"{where}.reachable") for ip in data["reachable"]]


def load_lab(source: str | Path | dict[str, Any]) -> Lab:
    """Read a lab from a YAML path, YAML text or an already-parsed mapping."""
    if isinstance(source, dict):
        data = source
    elif isinstance(source, str) and "\n" in source:
        data = yaml.safe_load(source)
    else:
        data = yaml.safe_load(Path(source).read_text())
    if not isinstance(data, dict) or not isinstance(data.get("devices"), list):
        raise LabError("a lab file needs a 'devices' list")
    devices = [parse_device(d, i) for i, d in enumerate(data["devices"])]
    names = [d.name for d in devices]
    if len(set(names)) != len(names):
        raise LabError("device names must be unique")
    return Lab(devices)
