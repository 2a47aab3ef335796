"""The management plane: how the team reaches, authenticates on and supervises each device.

SSH version 2 only on vty lines filtered to the town hall's networks, AAA with the town
hall's RADIUS servers and a local fallback account, the web server off, logs with time
stamps sent to syslog, NTP, a legal banner, SNMPv3 authPriv for the supervision pollers,
LLDP on and CDP per city policy (docs/management-plane.md). The deploy reaches the device
over SSH itself, so the guard refuses a plan that would shut that door (deploy/guard.py).
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from ..verify import checks_management
from . import Concern, Scope, Secret, SecretLine, Unshown


class Ssh(TypedDict):
    acl: str
    timeout: int | None  # None: IOS's default, which it does not print
    retries: int | None
    exec_timeout: int | None
    algorithms: bool  # `ip ssh server algorithm` lines (IOS-XE), per the models' catalogue
    vty_lines: list[str]  # the vty ranges as IOS prints them ("0 4", "5 15"), per the catalogue


class AccessEntry(TypedDict):
    network: str
    wildcard: str


class RadiusServer(TypedDict):
    name: str
    address: str


class Radius(TypedDict):
    group: str
    servers: list[RadiusServer]
    key: dict[str, str]  # a secret reference


class LocalUser(TypedDict):
    name: str
    secret: dict[str, str]  # a reference to the account's type 9 hash


class Syslog(TypedDict):
    servers: list[str]
    level: str | None  # None: informational, IOS's default


class SnmpUser(TypedDict):
    name: str
    auth_protocol: str
    priv_protocol: str
    auth_key: dict[str, str]
    priv_key: dict[str, str]


class Snmp(TypedDict):
    acl: str
    group: str
    view: str
    servers: list[str]
    user: SnmpUser
    location: str


class ManagementPlane(TypedDict):
    enabled: bool  # False: city.yml has no management, nothing is rendered
    source_interface: str | None
    ssh: Ssh | None
    access: list[AccessEntry]  # the vty access list's entries
    access_networks: list[str]  # the same networks, as written in city.yml
    radius: Radius | None
    local_user: LocalUser | None
    ntp_servers: list[str]
    syslog: Syslog | None
    banner: str | None
    cdp: bool
    snmp: Snmp | None


def _section(intent: dict[str, Any]) -> dict[str, Any]:
    return intent.get("management_plane") or {}


# Printable ASCII without space nor `?` (the IOS parser answers `?` with help instead of
# taking it): a key must arrive on the device as one word, as written.
_KEY = r"[!->@-~]"
RADIUS_KEY = Secret(
    "RADIUS key",
    lambda intent: (_section(intent).get("radius") or {}).get("key"),
    (rf"{_KEY}{{8,64}}", "8 to 64 printable characters without spaces nor ?"),
)
LOCAL_SECRET = Secret(
    "local account's type 9 hash",
    lambda intent: (_section(intent).get("local_user") or {}).get("secret"),
    (
        r"\$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}",
        "an IOS type 9 hash ($9$, 14 characters of salt, $, 43 characters; "
        "scripts/ios_type9.py makes one)",
    ),
)
SNMP_AUTH_KEY = Secret(
    "SNMPv3 authentication key",
    lambda intent: ((_section(intent).get("snmp") or {}).get("user") or {}).get("auth_key"),
    (rf"{_KEY}{{8,64}}", "8 to 64 printable characters without spaces nor ?"),
)
SNMP_PRIV_KEY = Secret(
    "SNMPv3 privacy key",
    lambda intent: ((_section(intent).get("snmp") or {}).get("user") or {}).get("priv_key"),
    (rf"{_KEY}{{8,64}}", "8 to 64 printable characters without spaces nor ?"),
)

_USER_LINE = re.compile(r"^snmp-server user (\S+) (\S+) v3 auth (\S+) \S+ priv (\S+) (\d+) ")
# `show snmp user` names the protocols in upper case: "SHA", "AES128" (SNMP Configuration
# Guide, "Verifying SNMPv3"; cisco.ios's snmp_server facts parse the same lines).
_SHOWN_PROTOCOL = {"sha": "SHA", "aes128": "AES128"}


def user_holds(line: str, rows: list[dict[str, Any]]) -> bool:
    """Whether `show snmp user` lists the user of ``line`` in its group with its protocols."""
    found = _USER_LINE.match(line)
    if not found:
        return False
    name, group, auth, priv, bits = found.groups()
    want_priv = _SHOWN_PROTOCOL.get(f"{priv}{bits}", f"{priv}{bits}".upper())
    return any(
        row.get("user_name") == name
        and row.get("group_name") == group
        and row.get("authentication_protocol", "").upper() == _SHOWN_PROTOCOL.get(auth, auth)
        and row.get("privacy_protocol", "").upper() == want_priv
        for row in rows
    )


SNMP_USER = Unshown(r"snmp-server user ", "show snmp user", user_holds)

CONCERN = Concern(
    name="management_plane",
    order=60,
    kinds=frozenset({"switch_stack", "core", "backup_router"}),
    platforms=frozenset({"cisco_ios"}),
    sections=("management_plane",),
    shapes={"management_plane": ManagementPlane},
    scopes={
        "cisco_ios": Scope(
            leaves=(
                r"(no )?service timestamps log ",
                r"(no )?aaa new-model$",
                r"aaa authentication login default ",
                r"aaa authorization exec default ",
                r"aaa session-id ",
                r"clock (timezone|summer-time) ",
                r"username ",
                r"(no )?cdp run$",
                r"(no )?lldp run$",
                r"(no )?ip http (secure-)?server$",
                r"ip ssh ",
                # the deploy's file transfer (roles/deploy); Cisco's "Secure Copy" configuration
                # guide: SCP needs SSH, AAA authentication and exec authorization, set above
                r"(no )?ip scp server enable$",
                r"ip radius source-interface ",
                r"logging (trap|source-interface|host) ",
                # a community (SNMPv1/v2c, its string in clear) is never rendered: owned, so
                # that one left on a device is removed and polling stays SNMPv3 only
                r"snmp-server (view|group|user|location|community) ",
                r"banner login ",
                r"ntp server ",
            ),
            blocks=(
                r"aaa group server radius \S+$",
                r"radius server \S+$",
                r"ip access-list standard (MGMT-SSH|SNMP-POLLERS)$",
            ),
            children=(
                (
                    r"line (con 0|vty \d+ \d+)$",
                    (r"exec-timeout ", r"access-class ", r"transport input "),
                ),
            ),
        )
    },
    role=None,
    checks={"cisco_ios": checks_management.CHECKS},
    commands={"cisco_ios": checks_management.COMMANDS},
    conditional_commands={"cisco_ios": checks_management.CONDITIONAL_COMMANDS},
    secrets={
        "radius_key": RADIUS_KEY,
        "local_secret": LOCAL_SECRET,
        "snmp_auth_key": SNMP_AUTH_KEY,
        "snmp_priv_key": SNMP_PRIV_KEY,
    },
    # Forms from the Security and SNMP command references: `username NAME ... secret|password
    # [N] VALUE`, `enable secret|password [level N] [N] VALUE`, `key [0|7] KEY` under `radius
    # server` or `tacacs server`, `radius-server ... key [N] KEY`, `snmp-server user ... auth
    # sha KEY priv aes 128 KEY`, `snmp-server community STRING`; the design renders some, a
    # device may hold the others
    secret_lines={
        "cisco_ios": (
            SecretLine(r"(username \S+ .*?\b(?:secret|password) (?:\d+ )?)(\S+)"),
            SecretLine(r"(enable (?:secret|password) (?:level \d+ )?(?:\d+ )?)(\S+)"),
            SecretLine(r"(\s+key (?:\d )?)(\S+)", parent=r"(?:radius|tacacs) server "),
            SecretLine(r"(radius-server .*?\bkey (?:\d+ )?)(\S+)"),
            SecretLine(r"(snmp-server user .*?\bauth \S+ )(\S+)"),
            SecretLine(r"(snmp-server user .*?\bpriv (?:3des|des|aes(?: \d+)?) )(\S+)"),
            SecretLine(r"(snmp-server community )(\S+)"),
        )
    },
    unshown={"cisco_ios": (SNMP_USER,)},
    title_fr="Plan de gestion (SSH, AAA, journaux, NTP, SNMP)",
    description="SSH, AAA (RADIUS, local fallback), logs, NTP, banner, SNMPv3, LLDP/CDP",
)

__all__ = ["CONCERN", "ManagementPlane", "user_holds"]
