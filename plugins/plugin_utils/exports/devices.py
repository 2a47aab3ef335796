"""The facts every export shows about a device, read once from its design."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..design.city import City
from ..design.devices import CoreDesign, Device, RouterDesign, StackDesign
from ..render.files import stack_models  # the README's own wording of a stack's models

# Who makes each platform's boxes; a Linux router is whatever PC runs it.
VENDORS = {"cisco_ios": "Cisco", "teltonika_rutos": "Teltonika", "dnsmasq": ""}


@dataclass(frozen=True, slots=True)
class Member:
    number: int
    model: str
    serial: str
    priority: int
    role: str
    building: str


@dataclass(frozen=True, slots=True)
class ExportedDevice:
    """One polled device: a switch stack, a core or a backup router."""

    hostname: str
    kind: str  # switch_stack, core, backup_router
    platform: str
    vendor: str
    model: str  # one model, or a stack's models with their counts
    address: str  # where the supervision polls it ("" when it has no management address)
    school_code: str | None
    school_name: str | None
    building: str
    members: tuple[Member, ...] = ()

    def location(self, building: str | None = None) -> str:
        """Where the box stands, as GLPI writes a location's complete name: the school,
        then the building (a stack member's own building when given)."""
        return " > ".join(x for x in (self.school_name, building or self.building) if x)


def _stack(device: StackDesign) -> ExportedDevice:
    members = tuple(
        Member(m["number"], m["model"], m["serial"], m["priority"], m["role"], m["building"])
        for m in device.members
    )
    return ExportedDevice(
        hostname=device.hostname,
        kind=device.kind,
        platform=device.platform,
        vendor=VENDORS[device.platform],
        model=stack_models(device.members),
        address=device.management.get("address") or "",
        school_code=device.school.code,
        school_name=device.school.name,
        building=device.stack.building,
        members=members,
    )


def _router(device: RouterDesign) -> ExportedDevice:
    return ExportedDevice(
        hostname=device.hostname,
        kind=device.kind,
        platform=device.platform,
        vendor=VENDORS[device.platform],
        model=device.router.model.name,
        address=device.lan["address"] or "",
        school_code=device.school.code,
        school_name=device.school.name,
        building=_router_building(device),
    )


def _router_building(device: RouterDesign) -> str:
    """The building of the stack the router is plugged into: the router sits beside it."""
    stack = device.school.stacks.get(device.router.switch_stack)
    return stack.building if stack is not None else ""


def _core(device: CoreDesign) -> ExportedDevice:
    core: dict[str, Any] = device.core
    return ExportedDevice(
        hostname=device.hostname,
        kind=device.kind,
        platform=device.platform,
        vendor=VENDORS[device.platform],
        model=core["model"],
        address=device.management["address"],
        school_code=None,
        school_name=None,
        building=core["building"],
    )


def exported(device: Device) -> ExportedDevice:
    if isinstance(device, StackDesign):
        return _stack(device)
    if isinstance(device, RouterDesign):
        return _router(device)
    return _core(device)


def city_devices(city: City) -> list[ExportedDevice]:
    """Every designed device: the valid schools' stacks and routers, then the cores.

    The cores are designed only while every school is valid (their downlinks
    would change), so they are left out of the exports exactly when they are
    left out of the rendered configurations.
    """
    return [exported(device) for device in city.devices.values()]
