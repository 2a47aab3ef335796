# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Inventory of a city's school network, read from its source of truth."""

from __future__ import annotations

DOCUMENTATION = r"""
name: schools
short_description: Hosts and groups of a city's school network
version_added: 0.1.0
description:
  - Reads C(city.yml) and C(schools/*.yml) beside the inventory source, validates them against the
    data model and designs every device; makes one host per switch stack, backup router and core.
  - Groups are C(school_<code>), C(switch_stacks), C(backup_routers), C(cores),
    C(platform_<platform>) and C(building_<school>_<building>) (dashes become underscores), and from the
    platform registry C(deploy_plans) (lines planned per concern over the CLI), C(deploy_roles) (applied by
    their concerns' roles) and C(verified) (read back by the verify role).
  - Each host gets its platform's connection settings, C(schools_kind), C(schools_platform),
    C(schools_school) and, when verified, C(schools_verify_commands) (the show commands its concerns' checks read);
    a Cisco device also C(schools_state_commands) (the show commands the deploy reads beside the running
    configuration, for what it never prints, such as C(show snmp user)).
  - Validation findings do not make the inventory fail; they are put in the group variable
    C(schools_validation_errors) so that C(playbooks/schools.yml) reports them all, with file,
    school and field, before anything is written or sent, and each invalid school is named in
    one warning with its findings.
  - Devices are designed only for valid schools. An invalid school keeps host names (its stacks'
    and router's when its file can be read, else its code) in C(school_<code>) and
    C(schools_invalid), with no device group and a local connection, so that
    C(--limit school_<code>) still matches and the validation play prints the findings.
options:
  plugin:
    description: Marks this file as a source for this plugin.
    required: true
    choices: [citynet.schools.schools]
    type: str
  city_dir:
    description:
      - Directory holding C(city.yml) and C(schools/). Relative paths are taken from the inventory
        source's directory.
    default: ""
    type: str
requirements:
  - jsonschema
"""

EXAMPLES = r"""
# inventories/demo/schools.yml
plugin: citynet.schools.schools

# then: ansible-inventory -i inventories/demo/schools.yml --graph
"""

import contextlib
import os
import re
from collections import defaultdict
from typing import Any

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin
from ansible.plugins.loader import cliconf_loader, connection_loader, terminal_loader
from ansible.utils.display import Display
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import (
    state_commands,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import load_city
from ansible_collections.citynet.schools.plugins.plugin_utils.design.devices import (
    CoreDesign,
    RouterDesign,
    StackDesign,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms import (
    platform as platform_of,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance import (
    show_commands,
)

display = Display()

_KIND_GROUPS = {"switch_stack": "switch_stacks", "backup_router": "backup_routers", "core": "cores"}


def _group(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def _invalid_hosts(code: str, raw: Any) -> list[str]:
    """The host names an invalid school's devices would have, read from what parsed of its file.

    They keep the school reachable by --limit (its host or its school_<code> group), so the
    run reports the school's findings instead of stopping at "no hosts matched".
    """
    names: list[str] = []
    if isinstance(raw, dict):
        stacks = raw.get("stacks")
        for stack in stacks if isinstance(stacks, list) else []:
            if isinstance(stack, dict) and isinstance(stack.get("name"), str):
                names.append(f"{code}-{stack['name']}")
        router = raw.get("backup_router")
        if isinstance(router, dict) and isinstance(router.get("name"), str):
            names.append(f"{code}-{router['name']}")
    names = [n for n in dict.fromkeys(names) if re.fullmatch(r"[A-Za-z0-9_.-]+", n)]
    return names or [code]


def warn_invalid(city) -> None:
    """One warning for the city plan's findings, and one per invalid school with its own."""
    by_school: dict[str | None, list[str]] = defaultdict(list)
    for issue in city.issues:
        by_school[issue.school].append(str(issue))
    if by_school.get(None):
        found = by_school[None]
        display.warning(
            f"citynet.schools: the city plan has {len(found)} finding(s); no device is designed "
            "until they are fixed:\n  " + "\n  ".join(found)
        )
    for code in sorted(city.invalid_schools):
        found = by_school.get(code)
        if found:
            display.warning(
                f"citynet.schools: school {code} is invalid and left out of the run "
                f"({len(found)} finding(s)):\n  " + "\n  ".join(found)
            )


def _preload_connection_plugins(platforms):
    """Import the hosts' connection plugins here, before Ansible forks its workers.

    Each task of each host runs in a worker forked from this process, so a
    plugin first imported in a worker is imported again for every host:
    network_cli (with paramiko) and the cisco.ios cliconf and terminal plugins
    cost about 0.1 s per host and task that way. Best effort: a plugin that
    cannot be loaded is left to the task that needs it to report.
    """
    for platform in sorted(platforms):
        settings = platform_of(platform).connection
        with contextlib.suppress(Exception):
            connection_loader.get(settings["ansible_connection"], class_only=True)
        network_os = settings.get("ansible_network_os")
        if network_os:
            with contextlib.suppress(Exception):
                cliconf_loader.get(network_os, class_only=True)
                terminal_loader.get(network_os, class_only=True)


class InventoryModule(BaseInventoryPlugin):
    """Designs the city once; Ansible's workers reuse that design (see plugin_utils.city)."""

    NAME = "citynet.schools.schools"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("schools.yml", "schools.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        city_dir = os.path.expanduser(self.get_option("city_dir") or ".")
        if not os.path.isabs(city_dir):
            city_dir = os.path.join(os.path.dirname(os.path.realpath(path)), city_dir)
        city_dir = os.path.normpath(city_dir)
        if not os.path.isfile(os.path.join(city_dir, "city.yml")):
            raise AnsibleParserError(f"citynet.schools: no city.yml in {city_dir}")
        try:
            city = load_city(city_dir)
        except Exception as exc:  # an unexpected fault must name the city, not just fail
            raise AnsibleParserError(
                f"citynet.schools: cannot read the city in {city_dir}: {exc}"
            ) from exc
        self._populate(city, city_dir)
        warn_invalid(city)
        _preload_connection_plugins({device.platform for device in city.devices.values()})

    def _populate(self, city, city_dir):
        inv = self.inventory
        run = city.plan.run if city.plan else {"on_invalid": "stop"}
        facts = {
            "schools_city_dir": city_dir,
            "schools_city": city.plan.code if city.plan else "",
            "schools_on_invalid": run["on_invalid"],
            "schools_validation_errors": [str(i) for i in city.issues],
            "schools_invalid_schools": sorted(city.invalid_schools),
            "schools_cores_held": city.cores_held,
        }
        for key, value in facts.items():
            inv.set_variable("all", key, value)
        for group in _KIND_GROUPS.values():
            inv.add_group(group)
        for name, device in city.devices.items():
            inv.add_host(name)
            inv.add_child(_KIND_GROUPS[device.kind], name)
            inv.add_child(inv.add_group(_group(f"platform_{device.platform}")), name)
            target = platform_of(device.platform)
            if target.deploy:
                inv.add_child(inv.add_group(f"deploy_{target.deploy}"), name)
            if target.verify:
                inv.add_child(inv.add_group("verified"), name)
            host_vars = {"schools_kind": device.kind, "schools_platform": device.platform}
            host_vars.update(target.connection)
            if target.verify:
                host_vars["schools_verify_commands"] = show_commands(
                    device.kind, device.platform, device
                )
            state = state_commands(device.kind, device.platform)
            if state:
                host_vars["schools_state_commands"] = state
            if isinstance(device, (StackDesign, RouterDesign)):
                code = device.school.code
                host_vars["schools_school"] = code
                inv.add_child(inv.add_group(_group(f"school_{code}")), name)
            if isinstance(device, StackDesign):
                building = device.stack.building
                inv.add_child(
                    inv.add_group(_group(f"building_{device.school.code}_{building}")), name
                )
                host_vars["ansible_host"] = device.management.get("address", name)
            elif isinstance(device, RouterDesign):
                host_vars["ansible_host"] = device.lan["address"]
            elif isinstance(device, CoreDesign):
                host_vars["ansible_host"] = device.core["management_address"]
                host_vars["schools_school"] = None
            for key, value in host_vars.items():
                inv.set_variable(name, key, value)
        self._populate_invalid(city)

    def _populate_invalid(self, city):
        inv = self.inventory
        if not city.invalid_schools:
            return
        inv.add_group("schools_invalid")
        raw = {f.code: f.data for f in city.source.schools}
        for code in sorted(city.invalid_schools):
            group = inv.add_group(_group(f"school_{code}"))
            for name in _invalid_hosts(code, raw.get(code)):
                if name in city.devices:
                    continue
                inv.add_host(name)
                inv.add_child("schools_invalid", name)
                inv.add_child(group, name)
                # nothing is ever sent to it: no device group, and no network connection
                for key, value in {
                    "schools_school": code,
                    "schools_invalid": True,
                    "ansible_connection": "local",
                }.items():
                    inv.set_variable(name, key, value)
