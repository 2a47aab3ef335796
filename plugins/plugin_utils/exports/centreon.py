"""Centreon hosts as a CLAPI (Command Line API v1) import file.

Centreon imports such a file with ``centreon -u <user> -p <password> -i <file>``:
one command per line, ``OBJECT;ACTION;parameters``, the parameters of each
action in the order the CLAPI documentation gives them
(docs.centreon.com, "Command Line API (v1)", objects Host groups, Host
templates and Hosts):

- ``HG;ADD;name;alias``
- ``HTPL;ADD;name;alias;address;templates;poller;hostgroups`` and
  ``HTPL;SETMACRO;template;macro;value;is_password;description``
- ``HOST;ADD;name;alias;address;templates;poller;hostgroups`` (templates and
  groups separated by ``|``), ``HOST;SETPARAM;host;parameter;value``.

SNMPv3 goes through the connectors' ``SNMPEXTRAOPTIONS`` macro (the Centreon
plugin packs' documented way for v3). It is declared once, as a password
macro with no value, on a small host template every host inherits first: the
operator types the options with the keys there, once. The file holds only
the vaulted variables' names.

CLAPI has no quoting: a ``;`` in a value would shift every field after it,
and a line break would start a new command. Names and addresses come from the
validated design (no ``;``); free text (school names, descriptions) has them
replaced.
"""

from __future__ import annotations

import re
from typing import Any

from ..design.city import City
from .devices import ExportedDevice, city_devices

POLLER = "Central"  # the central server's poller, as a fresh Centreon names it
CREDENTIALS_TEMPLATE = "citynet-snmpv3"
# The plugin packs' host templates: "Cisco Standard" (Net-Cisco-Standard-SNMP-custom),
# "Linux SNMP" (OS-Linux-SNMP-custom), and the Teltonika connector
# (plugin network::teltonika::snmp of centreon-plugins).
TEMPLATES = {
    "cisco_ios": "Net-Cisco-Standard-SNMP-custom",
    "teltonika_rutos": "Net-Teltonika-SNMP-custom",
    "dnsmasq": "OS-Linux-SNMP-custom",
}
# centreon-plugins' SNMPv3 option values for management.snmp.user's protocols
AUTH_PROTOCOLS = {"sha": "SHA"}
PRIV_PROTOCOLS = {"aes128": "AES"}
_BREAKS = re.compile(r"\s*[;\r\n\x00-\x1f\x7f\u2028\u2029]+\s*")


def clapi_text(value: Any) -> str:
    """A free-text value that stays one field of one CLAPI line."""
    return _BREAKS.sub(", ", str(value)).strip(", ")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


def host_groups(device: ExportedDevice) -> list[tuple[str, str]]:
    """(name, alias) of the device's groups: its school (the cores' group for a core), and its
    building in it."""
    if device.school_code is None:
        building = clapi_text(device.building)
        return [
            ("citynet-cores", "Cores"),
            (f"citynet-cores-{_slug(device.building)}", f"Cores - {building}"),
        ]
    school = f"school-{device.school_code}"
    building = f"{school}-{_slug(device.building)}"
    return [
        (school, clapi_text(device.school_name)),
        (building, clapi_text(f"{device.school_name} - {device.building}")),
    ]


def _secret_source(ref: dict[str, str]) -> str:
    if "var" in ref:
        return f"<Ansible Vault {ref['var']}>"
    return f"<environment {ref['env']}>"


def centreon_lines(city: City) -> list[list[str]]:
    """Every command, as its fields."""
    plan = city.plan
    if plan is None:
        raise ValueError("the city plan is invalid: nothing can be exported")
    user = plan.management["snmp"]["user"]
    devices = [d for d in city_devices(city) if d.address]
    lines: list[list[str]] = []
    seen: set[str] = set()
    for device in devices:
        for name, alias in host_groups(device):
            if name not in seen:
                seen.add(name)
                lines.append(["HG", "ADD", name, alias])
    options = (
        f"--snmp-username='{user['name']}' "
        f"--authprotocol='{AUTH_PROTOCOLS[user['auth_protocol']]}' "
        f"--authpassphrase='{_secret_source(user['auth_key'])}' "
        f"--privprotocol='{PRIV_PROTOCOLS[user['priv_protocol']]}' "
        f"--privpassphrase='{_secret_source(user['priv_key'])}'"
    )
    lines.append(
        ["HTPL", "ADD", CREDENTIALS_TEMPLATE, "citynet SNMPv3 credentials", "", "", "", ""]
    )
    lines.append(
        [
            "HTPL",
            "SETMACRO",
            CREDENTIALS_TEMPLATE,
            "SNMPEXTRAOPTIONS",
            "",
            "1",
            clapi_text(f"type: {options}"),
        ]
    )
    for device in devices:
        alias = (
            device.hostname
            if device.school_name is None
            else f"{device.hostname} {device.school_name}"
        )
        templates = f"{CREDENTIALS_TEMPLATE}|{TEMPLATES[device.platform]}"
        groups = "|".join(name for name, _alias in host_groups(device))
        lines.append(
            [
                "HOST",
                "ADD",
                device.hostname,
                clapi_text(alias),
                device.address,
                templates,
                POLLER,
                groups,
            ]
        )
        lines.append(["HOST", "SETPARAM", device.hostname, "snmp_version", "3"])
        where = device.location()
        notes = ", ".join(
            x for x in (device.kind, f"{device.vendor} {device.model}".strip(), where) if x
        )
        lines.append(["HOST", "SETPARAM", device.hostname, "notes", clapi_text(notes)])
    return lines


def render_centreon(city: City) -> str:
    return "".join(";".join(fields) + "\n" for fields in centreon_lines(city))
