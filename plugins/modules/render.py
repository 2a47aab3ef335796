# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.render action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: render
short_description: Write the configuration, README, port labels and diagram of a city's devices
version_added: 0.1.0
description:
  - Renders, on the controller and in one pass, the configuration file of every given device,
    and for each school touched its technician C(README.md) and C(port-labels.csv), under
    O(build_dir) (C(<school>/<device>.cfg); the cores under C(_cores/)).
  - When the play renders every valid device of the city (no C(--limit)), also writes under
    C(_exports/) the files the town hall's tools import, for all of them. These are the Zabbix
    hosts (C(zabbix-hosts.yaml)) and Centreon CLAPI commands (C(centreon-clapi.txt)) when
    C(management.snmp) is set, and the GLPI inventory (C(glpi-inventaire.csv)). They name the
    SNMPv3 keys' macros and vaulted variables, never a key.
  - The same full play also writes C(dashboard.html), the city's dashboard (one HTML file with
    no external resource) showing each school's devices, their compliance state read from
    C(<build_dir>/compliance-summary.json) when a verify run left one, the last deploy and
    backup read from O(backup_dir), and each school's diagram. Each school's diagram is also
    written as C(<school>/diagramme.svg), linked from its README.
  - Files are written only when their content changes, so a second run reports no change and
    leaves every file byte-identical. Secrets such as the SIM PIN are masked in the files.
  - In check mode nothing is written and the files that would change are reported; with
    C(--diff) their old and new content is shown.
options:
  hosts:
    description:
      - Host names of the devices to render; all devices of the city when omitted.
      - Host names that are not devices of the city (hosts of other inventory sources) are left out and listed in
        RV(not_in_city).
    type: list
    elements: str
  backup_dir:
    description:
      - The deploys' backup folder (C(<school>/<device>/<stamp>)), read for the dashboard's last
        deploy and last backup of each device; only the file names are read.
      - When omitted or unreadable, the dashboard shows no backup.
    type: path
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.controller
  - citynet.schools.controller.city
  - citynet.schools.controller.build_dir
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Render every device of the play
  citynet.schools.render:
    city_dir: "{{ schools_city_dir }}"
    hosts: "{{ ansible_play_hosts }}"
    build_dir: build  # relative to the current directory
    backup_dir: backups
  run_once: true
  delegate_to: localhost
"""

RETURN = r"""
changed_files:
  description: Paths, relative to O(build_dir), whose content changed (or would change in check mode).
  returned: always
  type: list
  elements: str
  sample: [jaures/jaures-sw1.cfg]
files:
  description: Number of files rendered.
  returned: always
  type: int
  sample: 27
dashboard:
  description: >-
    Path, relative to O(build_dir), of the city's dashboard; empty when the play renders only
    some devices (a limited run leaves the city-wide dashboard as it was).
  returned: always
  type: str
  sample: dashboard.html
exports:
  description: >-
    Paths, relative to O(build_dir), of the town hall's import files (Zabbix hosts, Centreon
    CLAPI commands, GLPI inventory) written for every valid device of the city; empty when
    the play renders only some of them, or when the city plan is invalid.
  returned: always
  type: list
  elements: str
  sample: [_exports/centreon-clapi.txt, _exports/glpi-inventaire.csv, _exports/zabbix-hosts.yaml]
devices:
  description: Number of devices rendered.
  returned: always
  type: int
  sample: 15
schools:
  description: Number of schools whose devices were rendered.
  returned: always
  type: int
  sample: 6
not_in_city:
  description: Host names given that are not devices of the city, left out.
  returned: always
  type: list
  elements: str
build_dir:
  description: Absolute path of the build directory.
  returned: always
  type: str
"""
