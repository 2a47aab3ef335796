"""The inventory plugin as an AWX inventory source sourced from a project.

AWX runs `ansible-inventory --list --export` in the execution environment,
stores what it prints and gives it back to every job as a script. The hosts,
groups and variables must survive that round trip unchanged, and nothing
secret may be stored on the way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.design.devices import (
    CoreDesign,
    RouterDesign,
    StackDesign,
)
from awx_emulation import imported, inventory_update, script_data, write_script
from packaging_support import VENV_BIN, collections_env, copy_project, run

SOURCE = "inventories/demo/schools.yml"


def _plain(value: Any) -> Any:
    """ansible-inventory's JSON marks plugin-made strings unsafe: {'__ansible_unsafe': ...}."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("awx") / "project")


@pytest.fixture(scope="module")
def ee_env(installed: Path, project: Path) -> dict[str, str]:
    """The collections an AWX job or inventory update sees: the project's, then the image's."""
    return collections_env(project / ".collections", installed, PYTHONDONTWRITEBYTECODE="1")


@pytest.fixture(scope="module")
def export(project: Path, ee_env: dict[str, str]) -> dict[str, Any]:
    return inventory_update(project, SOURCE, ee_env, project.parent / "output.json")


def _effective(inventory: Path, cwd: Path, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every host's variables as a play sees them (group and host variables merged)."""
    listed = run([VENV_BIN / "ansible-inventory", "-i", inventory, "--list"], cwd=cwd, env=env)
    return _plain(json.loads(listed.stdout)["_meta"]["hostvars"])


def test_export_holds_every_device_with_its_groups(export: dict[str, Any], project: Path) -> None:
    city = design_city(project / "inventories" / "demo")
    assert not city.issues
    hostvars = _plain(export["_meta"]["hostvars"])
    assert set(hostvars) == set(city.devices)

    def members(group: str) -> set[str]:
        return set(export.get(group, {}).get("hosts", []))

    for name, device in city.devices.items():
        kind_group = {"switch_stack": "switch_stacks", "backup_router": "backup_routers"}.get(
            device.kind, "cores"
        )
        assert name in members(kind_group), name
        assert name in members(f"platform_{device.platform}"), name
        host = hostvars[name]
        assert (host["schools_kind"], host["schools_platform"]) == (device.kind, device.platform)
        if isinstance(device, StackDesign):
            assert name in members(f"school_{device.school.code}")
            assert name in members(
                re.sub(r"\W", "_", f"building_{device.school.code}_{device.stack.building}")
            )
            assert host["ansible_host"] == device.management["address"]
        elif isinstance(device, RouterDesign):
            assert name in members(f"school_{device.school.code}")
            assert host["ansible_host"] == device.lan["address"]
        else:
            assert isinstance(device, CoreDesign)
            assert host["ansible_host"] == device.core["management_address"]
        if device.platform == "cisco_ios":
            assert host["ansible_connection"] == "ansible.netcommon.network_cli"
            assert host["ansible_network_os"] == "cisco.ios.ios"
        else:
            assert host["ansible_connection"] == "ansible.builtin.ssh"


def test_export_keeps_city_variables_at_the_inventory_level(
    export: dict[str, Any], project: Path
) -> None:
    variables = _plain(export["all"]["vars"])
    # The path of the project checkout: inventory updates and jobs both see
    # the project at the same place (/runner/project in AWX).
    assert variables["schools_city_dir"] == str(project / "inventories" / "demo")
    assert variables["schools_validation_errors"] == []
    assert variables["schools_on_invalid"] == "stop"
    assert variables["schools_cores_held"] is False


def test_export_stores_no_secret(export: dict[str, Any]) -> None:
    text = json.dumps(export)
    for marker in ("sim_pin", "pincode", "password", "__ansible_vault", "ssh_key"):
        assert marker not in text, marker
    assert "ansible_user" not in text, "device accounts come from AWX credentials"


def test_stored_inventory_gives_jobs_the_same_variables(
    export: dict[str, Any], project: Path, ee_env: dict[str, str]
) -> None:
    script = write_script(script_data(imported(export)), project.parent / "inventory" / "hosts")
    # Read outside the project: whether the project's ansible.cfg lets a job
    # parse this script is test_awx_runner's concern.
    from_awx = _effective(script, project.parent, ee_env)
    from_plugin = _effective(project / SOURCE, project, ee_env)
    for variables in from_awx.values():
        for key in (
            "remote_host_enabled",
            "remote_host_id",
            "remote_tower_enabled",
            "remote_tower_id",
        ):
            variables.pop(key)
    assert from_awx == from_plugin
    assert len(from_awx) > 10
