"""Which service reloads follow a commit on a RutOS router.

RutOS, like OpenWrt, applies a committed config only when its service is
reloaded. The mobile interfaces (mob1s1a1, ...) are netifd interfaces that read
the SIM settings of the simcard config when they come up, so a simcard change
is applied by reloading the network. A command shared by several changed
configs runs once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

DEFAULT_RELOADS: dict[str, tuple[str, ...]] = {
    "network": ("/etc/init.d/network reload",),
    "simcard": ("/etc/init.d/network reload",),
    "dhcp": ("/etc/init.d/dnsmasq reload",),
    "firewall": ("/etc/init.d/firewall reload",),
    "system": ("/etc/init.d/system reload",),
}


def reload_commands(
    changed: Iterable[str], overrides: Mapping[str, Iterable[str]] | None = None
) -> list[str]:
    """Commands for the changed configs, in order, each once.

    ``overrides`` replaces the defaults per config; an empty list means no reload.
    """
    table: dict[str, tuple[str, ...]] = dict(DEFAULT_RELOADS)
    for package, commands in (overrides or {}).items():
        table[package] = tuple(commands)
    ordered: dict[str, None] = {}
    for package in changed:
        for command in table.get(package, ()):
            ordered.setdefault(command, None)
    return list(ordered)
