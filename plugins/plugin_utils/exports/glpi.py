"""The city's network equipment as a CSV for GLPI's Data Injection plugin.

One row per physical box: every member of every switch stack (each has its own
serial number and is a separate asset to track, repair and replace), every
backup router and every core. The Data Injection plugin maps the columns of
a CSV to GLPI fields in a model the IT team builds once
(Tools > Data injection > Models, type "Network device"); the headers are the
French labels of GLPI's network device form so that the mapping reads itself.

The file is UTF-8 with a byte order mark and ``;`` separators: a French
spreadsheet opens it with its accents and columns right, and the plugin's
model is set to the same delimiter. Every cell goes through the same rule as
port-labels.csv, so no value can become a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io

from ..design.city import City
from ..render.escape import spreadsheet_cell
from .devices import city_devices

BOM = "\ufeff"
DELIMITER = ";"
HEADERS = [
    "Nom",
    "Numéro de série",
    "Fabricant",
    "Modèle",
    "Type",
    "Lieu",
    "Adresse IP",
    "Commentaires",
]
# A stack member's role as the French Cisco documentation names it
MEMBER_ROLES = {"active": "actif", "standby": "en attente (standby)", "member": "membre"}
TYPES = {"switch_stack": "Commutateur", "core": "Cœur de réseau", "backup_router": "Routeur 4G"}


def glpi_rows(city: City) -> list[list[str]]:
    rows = []
    for device in city_devices(city):
        if device.members:
            count = len(device.members)
            for m in device.members:
                rows.append(
                    [
                        f"{device.hostname}-{m.number}",
                        m.serial,
                        device.vendor,
                        m.model,
                        TYPES[device.kind],
                        device.location(m.building),
                        device.address,
                        f"Pile {device.hostname}, membre {m.number} sur {count}, "
                        f"priorité {m.priority}, rôle {MEMBER_ROLES[m.role]}",
                    ]
                )
            continue
        comment = "Cœur de réseau de la ville"
        if device.school_code is not None:
            comment = f"Routeur 4G de secours, {device.school_name}"
        rows.append(
            [
                device.hostname,
                "",
                device.vendor,
                device.model,
                TYPES[device.kind],
                device.location(),
                device.address,
                comment,
            ]
        )
    return rows


def render_glpi(city: City) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\n")
    writer.writerow(HEADERS)
    for row in glpi_rows(city):
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return BOM + out.getvalue()
