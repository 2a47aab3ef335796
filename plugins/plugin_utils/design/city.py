"""The design core's entry point: a city directory in, every device's intent out.

Everything is computed here from the files alone (no Ansible), so the
inventory plugin, the render action, the benchmarks and the tests all get the
same answer, and a process that already designed a city reuses it while its
files are unchanged.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from ..errors import CitynetError
from ..gc_pause import without_cycle_collection
from ..issues import Issue, join_path
from ..net.interfaces import canonical_name, short_name
from ..platforms.hardware import SWITCH_MODELS, port_group
from ..secrets import MASK
from ..source.reader import CitySource, read_city, source_fingerprint
from ..source.schema import secret_scalars, structural_errors
from .devices import CoreDesign, Device, RouterDesign, StackDesign
from .plan import CityPlan, build_plan
from .school_rules import Channel, School, check_school


@dataclass
class City:
    """A validated city and its designed devices."""

    source: CitySource
    plan: CityPlan | None
    schools: dict[str, School] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    invalid_schools: set[str] = field(default_factory=set)

    @property
    def city_invalid(self) -> bool:
        """City-wide findings: nothing at all can be designed safely."""
        return self.plan is None or any(i.school is None for i in self.issues)

    @property
    def cores_held(self) -> bool:
        """Cores are held back while a school is invalid: its uplink would vanish from them."""
        return self.city_invalid or bool(self.invalid_schools)

    @property
    def devices(self) -> dict[str, Device]:
        return self._devices

    @cached_property
    def _devices(self) -> dict[str, Device]:
        out: dict[str, Device] = {}
        if self.city_invalid or self.plan is None:
            return out
        plan = self.plan
        links: dict[str, list[tuple[School, Channel, str]]] = {name: [] for name in plan.cores}
        for school in self.schools.values():
            for stack in school.stacks.values():
                device = StackDesign(plan, school, stack)
                out[device.hostname] = device
            if school.router is not None:
                router = RouterDesign(plan, school)
                out[router.hostname] = router
            for core, channel, stack_name in school.core_links:
                links[core].append((school, channel, stack_name))
        if not self.cores_held:
            for name, core in plan.cores.items():
                out[name] = CoreDesign(plan, core, links[name])
        return out

    @cached_property
    def devices_by_school(self) -> dict[str, list[Device]]:
        """Each school's devices, in design order.

        The renderers look a school's devices up once per school; scanning every
        device of the city for each school made rendering quadratic.
        """
        out: dict[str, list[Device]] = {code: [] for code in self.schools}
        for device in self.devices.values():
            school = getattr(device, "school", None)
            if school is not None:
                out[school.code].append(device)
        return out

    def intent(self, hostname: str) -> dict[str, Any]:
        return self.devices[hostname].intent()


def _pin_reference(raw: dict[str, Any]) -> str | None:
    """The SIM PIN's reference, ``var NAME`` or ``env NAME``; None when there is none."""
    router = raw.get("backup_router")
    pin = router.get("sim_pin") if isinstance(router, dict) else None
    if not isinstance(pin, dict):
        return None
    for kind in ("var", "env"):
        if isinstance(pin.get(kind), str):
            return f"{kind} {pin[kind]}"
    return None


def _port_name(port: Any) -> str:
    """One spelling of a core port for comparison: the long name, or the text as typed."""
    try:
        return canonical_name(str(port))
    except (CitynetError, ValueError):
        return str(port).lower()


class _CoreUse:
    """What a city's schools take on each core, to suggest what is still free.

    A technician adding a school's uplink copies another school's lines; when
    the channel or ports collide, the finding names the next channel and the
    free ports of the same type on that core, taken from the core model's ports
    in the hardware catalogue.
    """

    def __init__(self, plan: CityPlan, schools: list[tuple[str, str, dict[str, Any]]]) -> None:
        self.plan = plan
        self.held: dict[str, set[str]] = {}
        for name, core in plan.cores.items():
            held = [*core.get("interconnect_ports", [])]
            if isinstance(core.get("edge_port"), str):
                held.append(core["edge_port"])
            self.held[name] = {_port_name(p) for p in held}
        # (core, school, uplink index) -> (channel, ports): the link being reported is left
        # out of what is taken, so the suggestion may reuse its other, free, port
        self.links: dict[tuple[str, str, int], tuple[Any, set[str]]] = {}
        for _file, code, raw in schools:
            for i, link in enumerate(raw.get("uplinks", [])):
                peer = link.get("to", {})
                if peer.get("core") in plan.cores:
                    ports = {_port_name(p) for p in peer.get("ports", [])}
                    self.links[(peer["core"], code, i)] = (peer.get("channel"), ports)

    def _others(self, core: str, link: tuple[str, int]) -> list[tuple[Any, set[str]]]:
        return [v for (c, *key), v in self.links.items() if c == core and tuple(key) != link]

    def next_channel(self, core: str, link: tuple[str, int]) -> int:
        """The channel after the highest one taken on the core (channels are given in order)."""
        taken = {c for c, _ports in self._others(core, link) if isinstance(c, int)}
        candidate = max(taken, default=0) + 1
        while candidate in taken | {self.plan.interconnect_channel}:
            candidate += 1
        return candidate

    def free_ports(self, core: str, link: tuple[str, int], like: str, count: int) -> list[str]:
        """The first ``count`` free ports of the core of the same type as ``like``."""
        model = SWITCH_MODELS.get(self.plan.cores.get(core, {}).get("model", ""))
        if model is None:
            return []
        taken = set(self.held.get(core, set()))
        for _channel, ports in self._others(core, link):
            taken |= ports
        group = port_group(model, _port_name(like))
        names = group.names(1) if group is not None else model.interfaces(1)
        return [short_name(n) for n in names if n not in taken][: max(count, 2)]


def _cross_school(plan: CityPlan, schools: list[tuple[str, str, dict[str, Any]]]) -> list[Issue]:
    """What no single school can see: numbers, serials, SIM PIN references, core ports and
    core channels used twice."""
    issues: list[Issue] = []
    numbers: dict[int, str] = {}
    serials: dict[str, str] = {}
    pins: dict[str, str] = {}
    core_channels: dict[tuple[str, int], str] = {}
    core_ports: dict[tuple[str, str], str] = {}
    use = _CoreUse(plan, schools)
    for file, code, raw in schools:
        number = raw["school"]["number"]
        if number in numbers:
            issues.append(
                Issue(
                    file,
                    code,
                    "school.number",
                    f"number {number} is already used by school {numbers[number]}",
                )
            )
        numbers.setdefault(number, code)
        for s, stack in enumerate(raw.get("stacks", [])):
            for m, member in enumerate(stack.get("members", [])):
                serial = str(member.get("serial", ""))
                if not serial:
                    continue
                holder = serials.get(serial)
                if holder is not None:
                    issues.append(
                        Issue(
                            file,
                            code,
                            join_path("stacks", s, "members", m, "serial"),
                            f"serial number {member['serial']} is already used by {holder}: "
                            "each switch has its own serial number (printed on its label)",
                        )
                    )
                else:
                    serials[serial] = f"school {code}, stack {stack.get('name')}"
        pin = _pin_reference(raw)
        if pin is not None:
            if pin in pins:
                issues.append(
                    Issue(
                        file,
                        code,
                        "backup_router.sim_pin",
                        f"the SIM PIN reference ({pin}) is already used by school {pins[pin]}: "
                        "each school's SIM card has its own PIN; give this school its own variable",
                    )
                )
            pins.setdefault(pin, code)
        for i, link in enumerate(raw.get("uplinks", [])):
            peer = link.get("to", {})
            core = peer.get("core")
            if core is None:
                continue
            key = (core, peer.get("channel"))
            if key in core_channels:
                issues.append(
                    Issue(
                        file,
                        code,
                        join_path("uplinks", i, "to", "channel"),
                        f"port-channel {key[1]} on core {core} is already used by school "
                        f"{core_channels[key]}; the next free port-channel on {core} is "
                        f"{use.next_channel(core, (code, i))}",
                    )
                )
            core_channels.setdefault(key, code)
            ports = peer.get("ports", [])
            for k, port in enumerate(ports):
                pkey = (core, _port_name(port))
                if pkey in core_ports:
                    free = use.free_ports(core, (code, i), str(port), len(ports))
                    hint = (
                        f"; free ports of that type on {core}: {', '.join(free)}"
                        if free
                        else f"; no port of that type is free on {core}"
                    )
                    issues.append(
                        Issue(
                            file,
                            code,
                            join_path("uplinks", i, "to", "ports", k),
                            f"{port} on core {core} is already used by school {core_ports[pkey]}"
                            + hint,
                        )
                    )
                core_ports.setdefault(pkey, code)
    return issues


def _secret_in_clear(file: str, code: str, raw: dict[str, Any]) -> list[Issue]:
    """A clear-text SIM PIN is refused before the schema phrases it (which would echo it)."""
    router = raw.get("backup_router")
    if isinstance(router, dict) and "sim_pin" in router and not isinstance(router["sim_pin"], dict):
        router["sim_pin"] = {"clear": "********"}
        return [
            Issue(
                file,
                code,
                "backup_router.sim_pin",
                "a SIM PIN must never be written in clear text; give {var: NAME} (an Ansible "
                "Vault variable) or {env: NAME} (an environment variable)",
            )
        ]
    return []


def _scrub(issues: list[Issue], secrets: dict[str, set[str]]) -> list[Issue]:
    """Findings with any value written under a secret field masked.

    The schema phrasing already never quotes a secret field; this is the rule
    for every other producer (city and school rules, future ones): whatever
    was typed where a secret reference belongs never reaches a message.
    """
    out = []
    for issue in issues:
        message = issue.message
        for value in sorted(secrets.get(issue.file, ()), key=len, reverse=True):
            message = re.sub(rf"(?<![\w]){re.escape(value)}(?![\w])", MASK, message)
        out.append(issue if message == issue.message else replace(issue, message=message))
    return out


@without_cycle_collection
def design_city(root: str | os.PathLike[str]) -> City:
    """Read, validate and design a city; all findings gathered in one pass."""
    source = read_city(root)
    secrets = {f.path: secret_scalars("school", f.data) for f in source.schools if f.data}
    if source.city is not None:
        secrets[source.city_path] = secret_scalars("city", source.city)
    city = _design(source)
    city.issues[:] = _scrub(city.issues, secrets)
    return city


def _design(source: CitySource) -> City:
    issues = list(source.issues)
    plan = None
    if source.city is not None:
        structural = [
            Issue(source.city_path, None, p, m) for p, m in structural_errors("city", source.city)
        ]
        issues.extend(structural)
        if not structural:
            plan, city_issues = build_plan(source.city_path, source.city)
            issues.extend(city_issues)
    city = City(source, plan, issues=issues)
    read_ok = []
    for school_file in source.schools:
        if school_file.data is None:
            city.invalid_schools.add(school_file.code)
            continue
        clear = _secret_in_clear(school_file.path, school_file.code, school_file.data)
        structural = [
            Issue(school_file.path, school_file.code, p, m)
            for p, m in structural_errors("school", school_file.data)
        ]
        structural = clear + [
            s for s in structural if not (clear and s.path.startswith("backup_router.sim_pin"))
        ]
        if structural:
            issues.extend(structural)
            city.invalid_schools.add(school_file.code)
            continue
        read_ok.append(school_file)
    cross = _cross_school(plan, [(f.path, f.code, f.data) for f in read_ok]) if plan else []  # type: ignore[misc]
    issues.extend(cross)
    city.invalid_schools.update(i.school for i in cross if i.school)
    if plan is None or any(i.school is None for i in issues):
        city.invalid_schools.update(f.code for f in read_ok)
        return city
    for school_file in read_ok:
        school, found = check_school(plan, school_file.path, school_file.code, school_file.data)  # type: ignore[arg-type]
        issues.extend(found)
        if school is None or school_file.code in city.invalid_schools:
            city.invalid_schools.add(school_file.code)
        else:
            city.schools[school.code] = school
    if not source.schools:
        issues.append(
            Issue(os.path.join(source.root, "schools"), None, "", "no school files found")
        )
    return city


_CACHE: dict[str, tuple[tuple[tuple[str, int, int], ...], City]] = {}


def load_city(root: str | os.PathLike[str]) -> City:
    """``design_city`` with a per-process cache, invalidated when a file changes.

    The inventory plugin designs the city in the controller's main process;
    Ansible's workers are forked from it and find the design already here.
    """
    key = os.path.abspath(root)
    stamp = source_fingerprint(key)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    city = design_city(key)
    _CACHE[key] = (stamp, city)
    return city
