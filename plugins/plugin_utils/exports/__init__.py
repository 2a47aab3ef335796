"""Files the town hall's own tools import: Zabbix and Centreon hosts, GLPI's inventory.

Each file is a view of the designed city (names, addresses, buildings, serials
are read from the devices' design, never computed again) and holds no secret:
the SNMPv3 keys appear only as the names of the macros the operator fills in
the tool, and of the vaulted variables they come from.
"""

from __future__ import annotations

from ..design.city import City
from .centreon import render_centreon
from .glpi import render_glpi
from .zabbix import render_zabbix

EXPORTS_DIR = "_exports"
ZABBIX_FILE = f"{EXPORTS_DIR}/zabbix-hosts.yaml"
CENTREON_FILE = f"{EXPORTS_DIR}/centreon-clapi.txt"
GLPI_FILE = f"{EXPORTS_DIR}/glpi-inventaire.csv"


def export_files(city: City) -> dict[str, str]:
    """Relative path -> content of every export of the city's valid devices.

    Nothing for a city whose plan is invalid (no device is designed). The
    supervision files need ``management.snmp`` (the devices' SNMPv3 user):
    without it only the GLPI inventory is written.
    """
    if city.city_invalid or city.plan is None or not city.devices:
        return {}
    files = {GLPI_FILE: render_glpi(city)}
    if city.plan.management.get("snmp"):
        files[ZABBIX_FILE] = render_zabbix(city)
        files[CENTREON_FILE] = render_centreon(city)
    return files
