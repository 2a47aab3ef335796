"""Verify checks of the management plane: what the running configuration cannot show.

Every other line of the management plane (SSH, AAA, logs, NTP, banner, access lists, the
vty lines) is compared line by line by the configuration check. The SNMPv3 user is not in
the running configuration (SNMP Configuration Guide, "SNMP Version 3"), so it is read from
``show snmp user``: present, in its group, with SHA authentication and AES-128 privacy.
Its keys cannot be read back from any show command; only their use by the pollers proves them.
"""

from __future__ import annotations

from typing import Any

from .report import Parsed, Report

_SHOWN = {"sha": "SHA", "aes128": "AES128"}


def _snmp(intent: dict[str, Any]) -> dict[str, Any] | None:
    return (intent.get("management_plane") or {}).get("snmp") or None


def snmp_user(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """The supervision user exists, in its group, authPriv with the city's protocols."""
    snmp = _snmp(intent)
    if snmp is None:
        return
    if "show snmp user" not in parsed:
        return  # not read (the verify role reads it wherever the design has a user)
    user = snmp["user"]
    rows = [r for r in parsed["show snmp user"] if r.get("user_name") == user["name"]]
    report.checks["snmp user"] = 1
    if not rows:
        report.drift(
            f"SNMPv3 user {user['name']} is missing: the supervision cannot poll this device",
            f"l'utilisateur SNMPv3 {user['name']} manque : la supervision ne peut pas "
            "interroger cet équipement",
        )
        return
    row = rows[0]
    wanted = {
        ("group", "groupe"): (row.get("group_name", ""), snmp["group"]),
        ("authentication", "authentification"): (
            row.get("authentication_protocol", "").upper(),
            _SHOWN[user["auth_protocol"]],
        ),
        ("privacy", "chiffrement"): (
            row.get("privacy_protocol", "").upper(),
            _SHOWN[user["priv_protocol"]],
        ),
    }
    for (what, quoi), (found, want) in wanted.items():
        if found != want:
            report.drift(
                f"SNMPv3 user {user['name']}: {what} is {found or 'none'}, the design says {want}",
                f"utilisateur SNMPv3 {user['name']} : {quoi} {found or 'aucun'}, "
                f"le plan prévoit {want}",
            )


CHECKS = (snmp_user,)
COMMANDS: tuple[str, ...] = ()
# `show snmp user` only where the design has an SNMPv3 user
CONDITIONAL_COMMANDS = (
    ("show snmp user", lambda sections: bool((sections.get("management_plane") or {}).get("snmp"))),
)
