"""Zabbix hosts in Zabbix's own configuration import format (YAML, version 7.0).

The layout follows the rules Zabbix checks every import against
(ui/include/classes/import/validators/C70XmlValidator.php in the Zabbix
sources, with the value names of CXmlConstantName.php; documented in the
Zabbix 7.0 manual, "Configuration export/import", "Hosts" and "Templates"):
``zabbix_export`` holds the ``version``, ``host_groups`` and ``template_groups``
(each with a uuid and a name), ``templates`` and ``hosts``. A host names its
groups and templates by name, has one SNMP interface (``details`` with
``version: SNMPV3``, ``securitylevel: AUTHPRIV``, ``authprotocol: SHA1``,
``privprotocol: AES128``), tags and a manual inventory.

The two passphrases are user macros, ``{$SNMP_AUTH}`` and ``{$SNMP_PRIV}``,
declared once as secret macros with no value on a small template every host
links: the operator types the keys there, once, in Zabbix. The file holds
their names, and the names of the vaulted variables they come from, never a key.
"""

from __future__ import annotations

import uuid
from typing import Any

import yaml

from ..design.city import City
from .devices import ExportedDevice, city_devices

VERSION = "7.0"
AUTH_MACRO = "{$SNMP_AUTH}"
PRIV_MACRO = "{$SNMP_PRIV}"
CREDENTIALS_TEMPLATE = "citynet SNMPv3 credentials"
TEMPLATE_GROUP = "Templates/citynet"
# Zabbix's own templates (templates/ in the Zabbix sources): "Cisco IOS by SNMP"
# (templates/net/cisco/cisco_snmp), "Linux by SNMP" (templates/os/linux_snmp_snmp).
# Zabbix ships none for Teltonika RutOS: the generic network device template
# (templates/net/generic_snmp) reads its interfaces, uptime and system MIB.
TEMPLATES = {
    "cisco_ios": "Cisco IOS by SNMP",
    "teltonika_rutos": "Network Generic Device by SNMP",
    "dnsmasq": "Linux by SNMP",
}
# The protocols of management.snmp.user as Zabbix names them
AUTH_PROTOCOLS = {"sha": "SHA1"}
PRIV_PROTOCOLS = {"aes128": "AES128"}
ROLES = {"switch_stack": "switch stack", "core": "core", "backup_router": "4G backup router"}
_UUID_NAMESPACE = uuid.UUID("0b7c3f4e-6c1f-5d0a-9a0e-3c1d2e4f5a6b")


def _uuid(name: str) -> str:
    """A stable uuid per name (Zabbix requires one per group and template):
    the same file from the same city, and a re-import updates, not duplicates."""
    return uuid.uuid5(_UUID_NAMESPACE, name).hex


def _secret_source(ref: dict[str, str]) -> str:
    if "var" in ref:
        return f"the Ansible Vault variable {ref['var']}"
    return f"the controller's environment variable {ref['env']}"


def host_group(city_name: str, device: ExportedDevice) -> str:
    if device.school_name is None:
        return f"{city_name}/Cores"
    return f"{city_name}/Schools/{device.school_name}"


def _host(device: ExportedDevice, city_name: str, user: dict[str, Any]) -> dict[str, Any]:
    tags = [{"tag": "role", "value": device.kind}]
    if device.school_code is not None:
        tags.append({"tag": "school", "value": device.school_code})
    tags.append({"tag": "building", "value": device.building})
    inventory: dict[str, str] = {
        "type": ROLES[device.kind],
        "model": device.model,
        "location": device.location(),
    }
    if device.vendor:
        inventory["vendor"] = device.vendor
    active = [m for m in device.members if m.role == "active"]
    if active:
        inventory["serialno_a"] = active[0].serial
        inventory["notes"] = "\n".join(
            f"member {m.number}: {m.model} serial {m.serial} priority {m.priority} ({m.role})"
            for m in device.members
        )
    name = (
        device.hostname
        if device.school_name is None
        else f"{device.hostname} ({device.school_name})"
    )
    return {
        "host": device.hostname,
        "name": name,
        "templates": [{"name": TEMPLATES[device.platform]}, {"name": CREDENTIALS_TEMPLATE}],
        "groups": [{"name": host_group(city_name, device)}],
        "interfaces": [
            {
                "type": "SNMP",
                "ip": device.address,
                "port": "161",
                "details": {
                    "version": "SNMPV3",
                    "securityname": user["name"],
                    "securitylevel": "AUTHPRIV",
                    "authprotocol": AUTH_PROTOCOLS[user["auth_protocol"]],
                    "authpassphrase": AUTH_MACRO,
                    "privprotocol": PRIV_PROTOCOLS[user["priv_protocol"]],
                    "privpassphrase": PRIV_MACRO,
                },
                "interface_ref": "if1",
            }
        ],
        "tags": tags,
        "inventory_mode": "MANUAL",
        "inventory": inventory,
    }


def zabbix_export(city: City) -> dict[str, Any]:
    """The import document, as Zabbix reads it."""
    plan = city.plan
    if plan is None:
        raise ValueError("the city plan is invalid: nothing can be exported")
    user = plan.management["snmp"]["user"]
    devices = [d for d in city_devices(city) if d.address]
    groups = sorted({host_group(plan.name, d) for d in devices})
    credentials = {
        "uuid": _uuid(CREDENTIALS_TEMPLATE),
        "template": CREDENTIALS_TEMPLATE,
        "name": CREDENTIALS_TEMPLATE,
        "description": (
            "SNMPv3 keys of every citynet.schools device: type them here once as "
            "secret macros (never in the imported file)."
        ),
        "groups": [{"name": TEMPLATE_GROUP}],
        "macros": [
            {
                "macro": AUTH_MACRO,
                "type": "SECRET_TEXT",
                "description": f"SNMPv3 authentication key: {_secret_source(user['auth_key'])}",
            },
            {
                "macro": PRIV_MACRO,
                "type": "SECRET_TEXT",
                "description": f"SNMPv3 privacy key: {_secret_source(user['priv_key'])}",
            },
        ],
    }
    return {
        "zabbix_export": {
            "version": VERSION,
            "template_groups": [{"uuid": _uuid(TEMPLATE_GROUP), "name": TEMPLATE_GROUP}],
            "host_groups": [{"uuid": _uuid(name), "name": name} for name in groups],
            "templates": [credentials],
            "hosts": [_host(d, plan.name, user) for d in devices],
        }
    }


def render_zabbix(city: City) -> str:
    header = (
        "# Generated by citynet.schools from the source of truth: do not edit by hand.\n"
        "# Zabbix 7.0: Data collection > Hosts > Import (docs/supervision.md).\n"
    )
    body = yaml.safe_dump(
        zabbix_export(city),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )
    return header + body
