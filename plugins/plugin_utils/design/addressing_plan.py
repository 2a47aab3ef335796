"""Every address of a school block, placed once: per VLAN its subnet, gateway, pool and fixed hosts.

The rules, the device designs, the technician's README and the lab twin each
used to place gateways and pools with a formula of their own, so a plan one
of them accepted could still fail in another at render time. Here each
address is placed once, with the arithmetic of ``net.addressing``, and an
address that cannot be placed is a fault naming the setting that decides it:
the rules report the faults, everyone else reads the values, and a city that
passes validation always designs and renders.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..errors import CitynetError
from ..net.addressing import dhcp_range, host_address, usable_bounds

if TYPE_CHECKING:
    from .plan import CityPlan, Vlan

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Fault:
    """An address that cannot be placed; ``city`` when city.yml alone decides it."""

    city: bool
    path: FieldPath
    message: str


@dataclass(frozen=True, slots=True)
class RouterLan:
    """A backup router's wishes for its LAN, before they are placed in the school's block."""

    name: str
    vlan: Vlan
    address: str | None  # the school's lan_address; None takes the VLAN's gateway
    pool_start: int
    pool_limit: int


@dataclass(frozen=True, slots=True)
class CoreAddress:
    """A core's management address, written in city.yml and checked against block 0."""

    position: int  # the core's index in city.yml's cores list
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class VlanAddressing:
    """One VLAN in one block; ``subnet`` None for a layer-2 only VLAN."""

    vlan: Vlan
    subnet: str | None
    gateway: str | None  # what the VLAN's hosts are told: the backup router on its own VLAN
    pool: tuple[str, str] | None
    reserved: tuple[tuple[str, str], ...] = ()  # (address, holder) of every fixed host

    @property
    def network(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(self.subnet)

    def outside_pool(self) -> list[tuple[str, str]]:
        """The usable ranges below and above the pool: what a DHCP server must not lease."""
        if self.pool is None:
            return []
        first, last = usable_bounds(self.network)
        low, high = (int(ipaddress.IPv4Address(a)) for a in self.pool)
        ranges = []
        if low > first:
            ranges.append((first, low - 1))
        if high < last:
            ranges.append((high + 1, last))
        return [(str(ipaddress.IPv4Address(a)), str(ipaddress.IPv4Address(b))) for a, b in ranges]

    def free_from_top(self) -> Iterator[str]:
        """Usable addresses from the last down, skipping fixed hosts and the pool."""
        if self.subnet is None:
            return
        first, last = usable_bounds(self.network)
        taken = {int(ipaddress.IPv4Address(address)) for address, _role in self.reserved}
        low, high = (int(ipaddress.IPv4Address(a)) for a in self.pool) if self.pool else (0, -1)
        for value in range(last, first - 1, -1):
            if value not in taken and not low <= value <= high:
                yield str(ipaddress.IPv4Address(value))


def _label(vlan: Vlan) -> str:
    return f"VLAN {vlan.id} {vlan.service}"


def _by_id(vlan: Vlan) -> int:
    return vlan.id


def _ip(text: str) -> int:
    return int(ipaddress.IPv4Address(text))


class SchoolAddressing:
    """The addresses of one school block (block 0 is the cores').

    Built by the rules with what decides the addresses (the block, the stacks in
    management order, the backup router's LAN, the cores' addresses); placing
    every VLAN gathers the faults, and the designs read the same placements.
    ``sample`` marks the city rules' stand-in school with one stack, whose
    faults are all the city plan's own.
    """

    def __init__(
        self,
        plan: CityPlan,
        block: str,
        stacks: Sequence[tuple[int, str]] = (),
        router: RouterLan | None = None,
        cores: Sequence[CoreAddress] = (),
        sample: bool = False,
    ) -> None:
        self.plan = plan
        self.block = block
        self.stacks = tuple(stacks)  # (position in the school file, name), in management order
        self.router = router
        self.cores = tuple(cores)
        self.sample = sample
        self._faults: list[Fault] = []
        self.router_address: str | None = None  # set when the router's VLAN is placed
        self._management: dict[int, str] = {}
        self._placed: dict[str, VlanAddressing] = {}

    # -- what the designs read ---------------------------------------------------
    @cached_property
    def vlans(self) -> tuple[VlanAddressing, ...]:
        """Every VLAN of the plan, by id."""
        return tuple(self.vlan(v.service) for v in sorted(self.plan.vlans.values(), key=_by_id))

    def vlan(self, service: str) -> VlanAddressing:
        """One VLAN, placed the first time it is asked for: most readers need one or two."""
        placed = self._placed.get(service)
        if placed is None:
            placed = self._placed[service] = self._place(self.plan.vlans[service])
        return placed

    @property
    def router_lan(self) -> VlanAddressing | None:
        return self.vlan(self.router.vlan.service) if self.router else None

    def management_address(self, index: int) -> str:
        """The management address of the school's ``index``-th stack."""
        self.vlan("management")
        return self._management[index]

    def faults(self) -> list[Fault]:
        """What cannot be placed. A school's own faults live in the management VLAN and the
        router's; the other VLANs can only fail on the city's offsets, which the city
        rules' stand-in school (``sample``) finds once for every school."""
        if self.sample:
            self.vlans  # noqa: B018 - placing is what finds the faults
        else:
            if "management" in self.plan.vlans:
                self.vlan("management")
            self.router_lan  # noqa: B018 - placing is what finds the faults
        return self._faults

    # -- placing -----------------------------------------------------------------
    def _fault(self, city: bool, path: FieldPath, message: str) -> None:
        self._faults.append(Fault(city, path, message))

    def _place(self, vlan: Vlan) -> VlanAddressing:
        try:
            subnet = vlan.subnet_in(self.block)
        except CitynetError:  # the VLAN plan is wrong, and reported on vlans[...]
            subnet = None
        if subnet is None:
            return VlanAddressing(vlan, None, None, None)
        label = _label(vlan)
        reserved: list[tuple[str, str]] = []
        try:
            gateway: str | None = host_address(subnet, self.plan.gateway_offset, "gateway offset")
        except CitynetError as exc:
            gateway = None
            self._fault(True, ("addressing", "gateway_offset"), f"{exc} ({label})")
        if gateway is not None:
            reserved.append((gateway, "the gateway"))
        router = self.router if self.router and self.router.vlan.id == vlan.id else None
        if router is not None:
            address = self._router_address(router, subnet, gateway)
            if address is not None:
                reserved.append((address, f"the LAN address of backup router {router.name}"))
                self.router_address = address
            pool = self._router_pool(router, subnet, address, gateway)
        else:
            pool = self._vlan_pool(vlan, subnet, gateway)
        if vlan.service == "management" and vlan.routed:
            self._stacks(vlan, subnet, reserved, pool)
            self._cores(vlan, subnet, reserved)
        return VlanAddressing(vlan, subnet, gateway, pool, tuple(reserved))

    def _vlan_pool(self, vlan: Vlan, subnet: str, gateway: str | None) -> tuple[str, str] | None:
        if not vlan.dhcp:
            return None
        start, limit = vlan.dhcp["start"], vlan.dhcp["limit"]
        net = ipaddress.IPv4Network(subnet)
        base = int(net.network_address)
        usable = usable_bounds(net)[1] - base
        last = start + limit - 1
        pool = None
        try:
            pool = dhcp_range(subnet, start, limit)
        except CitynetError as exc:
            if last > usable:
                message = (
                    f"pool of {limit} addresses from host {start} ends at host {last}, past the "
                    f"last usable host {usable} of {net}"
                )
            else:
                message = str(exc)
            self._fault(True, ("vlans", self._position(vlan), "dhcp"), message)
        if gateway is not None and start <= usable:
            low, high = base + start, base + min(last, usable)
            if low <= _ip(gateway) <= high:
                self._fault(
                    True,
                    ("vlans", self._position(vlan), "dhcp"),
                    f"pool {net[start]}-{net[min(last, usable)]} contains the gateway {gateway}",
                )
        return pool

    def _router_address(self, router: RouterLan, subnet: str, gateway: str | None) -> str | None:
        """The router's LAN address: its school's lan_address, or the management offset."""
        where = ("backup_router", "lan_address" if router.address is not None else "vlan")
        address = router.address
        if address is None:
            try:
                address = host_address(subnet, self.plan.management_offset, "management offset")
            except CitynetError as exc:
                self._fault(
                    True,
                    ("addressing", "management_offset"),
                    f"{exc} (the backup router's LAN address, {_label(router.vlan)})",
                )
                return None
        try:
            value = _ip(address)
        except ValueError:
            self._fault(False, where, f"{address!r} is not an IPv4 address")
            return None
        net = ipaddress.IPv4Network(subnet)
        first, last = usable_bounds(net)
        if not first <= value <= last:
            self._fault(
                False,
                where,
                f"the router's LAN address {ipaddress.IPv4Address(value)} is not a usable host "
                f"of {net}",
            )
        elif gateway is not None and value == _ip(gateway):
            self._fault(
                router.address is None,
                where if router.address is not None else ("addressing", "management_offset"),
                f"the router's LAN address {gateway} is the gateway of {net}, the routing "
                "stack's address",
            )
        return str(ipaddress.IPv4Address(value))

    def _router_pool(
        self, router: RouterLan, subnet: str, address: str | None, gateway: str | None
    ) -> tuple[str, str] | None:
        start, limit = router.pool_start, router.pool_limit
        where = ("backup_router", "dhcp")
        net = ipaddress.IPv4Network(subnet)
        usable = usable_bounds(net)[1] - int(net.network_address)
        last = start + limit - 1
        try:
            pool = dhcp_range(subnet, start, limit)
        except CitynetError as exc:
            if last > usable:
                self._fault(
                    False,
                    where,
                    f"DHCP pool {net[min(start, usable + 1)]}+{limit} ends past {net}: host "
                    f"{last} > last usable host {usable}",
                )
            else:
                self._fault(False, where, f"DHCP pool: {exc}")
            return None
        for held, what in ((address, "the router's LAN address"), (gateway, "the gateway")):
            if held is not None and _ip(pool[0]) <= _ip(held) <= _ip(pool[1]):
                self._fault(False, where, f"DHCP pool {pool[0]}-{pool[1]} contains {what} {held}")
        return pool

    def _stacks(
        self,
        vlan: Vlan,
        subnet: str,
        reserved: list[tuple[str, str]],
        pool: tuple[str, str] | None,
    ) -> None:
        """Each stack takes the next management address: the last stacks of a school can
        run past the subnet, onto the gateway or into a pool when the first stack fits."""
        offset = self.plan.management_offset
        label = _label(vlan)
        for index, (position, name) in enumerate(self.stacks):
            where: FieldPath = ("stacks", position)
            if self.sample:
                where = ("addressing", "management_offset")
            try:
                if self.sample:
                    address = host_address(subnet, offset + index, "management offset")
                else:
                    address = host_address(subnet, offset + index)
            except CitynetError as exc:
                setting = f"addressing.management_offset {offset} + {index}"
                message = (
                    f"{exc} ({label})" if self.sample else f"management address ({setting}): {exc}"
                )
                self._fault(self.sample, where, message)
                continue
            if self.sample:
                what = f"management offset {offset} puts the first stack's management address on {address},"
            else:
                what = f"management address {address} of stack {name} is"
            holder = self._holder(reserved, address)
            if holder is not None:
                self._fault(self.sample, where, f"{what} already {holder} in {subnet} ({label})")
            elif pool is not None and _ip(pool[0]) <= _ip(address) <= _ip(pool[1]):
                self._fault(
                    self.sample,
                    where,
                    f"{what} inside the DHCP pool {pool[0]}-{pool[1]} ({label})",
                )
            self._management[index] = address
            reserved.append((address, f"the management address of stack {name}"))

    def _cores(self, vlan: Vlan, subnet: str, reserved: list[tuple[str, str]]) -> None:
        net = ipaddress.IPv4Network(subnet)
        first, last = usable_bounds(net)
        label = f"{_label(vlan)} of the cores, school block 0"
        for core in self.cores:
            where = ("cores", core.position, "management_address")
            try:
                value = _ip(core.address)
            except ValueError:
                continue  # not an address: the schema says so
            if not first <= value <= last:
                self._fault(
                    True, where, f"{core.address} is not a usable host of {subnet} ({label})"
                )
                continue
            address = str(ipaddress.IPv4Address(value))
            holder = self._holder(reserved, address)
            if holder is not None:
                self._fault(True, where, f"{address} is already {holder} in {subnet} ({label})")
            reserved.append((address, f"the management address of core {core.name}"))

    def _position(self, vlan: Vlan) -> int:
        """The VLAN's index in city.yml's vlans list, for the path of a finding."""
        services = [item.get("service") for item in self.plan.raw.get("vlans", [])]
        return services.index(vlan.service) if vlan.service in services else 0

    @staticmethod
    def _holder(reserved: list[tuple[str, str]], address: str) -> str | None:
        return next((holder for taken, holder in reserved if taken == address), None)


__all__ = ["CoreAddress", "Fault", "RouterLan", "SchoolAddressing", "VlanAddressing"]
