"""Cisco IOS and IOS-XE: switch stacks, cores and cellular routers over network_cli.

Changes are lines planned per concern with hier_config and sent with
cisco.ios; verify parses show outputs with ntc-templates. IOS spells some
values its own way (trunk allowed lists split into ``add`` lines, a lease as
``D H M``): those spellings live here, as template filters, not in the design.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from ..net.vlan_ids import vlan_ranges
from . import Platform


@cache
def _allowed_lines(ids: tuple[int, ...]) -> tuple[str, ...]:
    # A city has a handful of distinct VLAN sets and thousands of trunks.
    lines = vlan_ranges(ids)
    return (lines[0], *(f"add {line}" for line in lines[1:]))


def ios_allowed_vlans(ids: Sequence[int]) -> tuple[str, ...]:
    """``switchport trunk allowed vlan`` arguments, split into lines as IOS prints them."""
    return _allowed_lines(tuple(ids)) if ids else ()


def ios_lease(seconds: int) -> str:
    """``lease D H M`` as IOS prints it back: trailing zero fields dropped, days always shown."""
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    fields = [days, hours, rest // 60]
    while len(fields) > 1 and fields[-1] == 0:
        fields.pop()
    return " ".join(map(str, fields))


def ios_route(route: dict[str, Any]) -> str:
    """An ``ip route`` line in the order IOS prints its options: distance, name, track.

    (ip route syntax, IP Routing: Static Routing Configuration Guide: ``ip route
    prefix mask address [distance] [name next-hop-name] [permanent | track number]``.)
    """
    words = ["ip route", route["prefix"], route["netmask"], route["next_hop"]]
    if route.get("distance"):
        words.append(str(route["distance"]))
    if route.get("name"):
        words += ["name", route["name"]]
    if route.get("track"):
        words += ["track", str(route["track"])]
    return " ".join(words)


def ios_cellular_controller(interface: str) -> str:
    """``controller Cellular 0/1/0`` for the interface ``Cellular0/1/0``."""
    return interface.removeprefix("Cellular")


PLATFORM = Platform(
    name="cisco_ios",
    connection={
        "ansible_connection": "ansible.netcommon.network_cli",
        "ansible_network_os": "cisco.ios.ios",
        # paramiko on purpose (the host key check reads the same known_hosts as it does);
        # without this, network_cli warns on every host that ansible-pylibssh is missing
        "ansible_network_cli_ssh_type": "paramiko",
    },
    layout="cisco_ios/layout.j2",
    deploy="plans",
    verify=True,
    description="Cisco IOS / IOS-XE over SSH (network_cli, paramiko)",
    filters={
        "ios_allowed_vlans": ios_allowed_vlans,
        "ios_lease": ios_lease,
        "ios_cellular_controller": ios_cellular_controller,
        "ios_route": ios_route,
    },
)
