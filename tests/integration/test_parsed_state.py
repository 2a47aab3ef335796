"""cisco.ios resource modules read the rendered IOS configs back into exactly the intent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.plugins.plugin_utils.render.resources import (
    l2_interfaces,
    lag_interfaces,
)

ROOT = Path(__file__).resolve().parents[2]


def _without_false(value):
    """The parser spells an absent keyword as False (guard: {none: False}); absence means the same."""
    if isinstance(value, dict):
        return {k: _without_false(v) for k, v in value.items() if v is not False}
    if isinstance(value, list):
        return [_without_false(v) for v in value]
    return value


def test_resource_modules_parse_rendered_configs(tmp_path):
    city = design_city(ROOT / "inventories" / "demo")
    switches = [d for d in city.devices.values() if d.kind in ("switch_stack", "core")]
    files = []
    for device in switches:
        path = tmp_path / f"{device.hostname}.cfg"
        path.write_text(render_device(device), encoding="utf-8")
        files.append(str(path))
    inventory = tmp_path / "inventory.ini"
    inventory.write_text(
        "parser ansible_connection=ansible.netcommon.network_cli ansible_network_os=cisco.ios.ios "
        "ansible_host=127.0.0.1 ansible_port=9\n",
        encoding="utf-8",
    )
    out = tmp_path / "parsed.json"
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
        "ANSIBLE_INVENTORY_ENABLED": "ini",
    }
    cmd = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        str(inventory),
        str(ROOT / "tests" / "integration" / "parse_rendered.yml"),
        "-e",
        json.dumps({"config_files": files, "output_file": str(out)}),
    ]
    run = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    parsed = json.loads(out.read_text(encoding="utf-8"))
    for device, l2, lag in zip(switches, parsed["l2"], parsed["lag"], strict=True):
        intent = device.intent()
        got_l2 = sorted(
            (_without_false(e) for e in l2 if set(e) != {"name"}), key=lambda e: e["name"]
        )
        assert got_l2 == l2_interfaces(intent), device.hostname
        # ios_lag_interfaces lists a port-channel's sub-interface as a bundle with one empty member
        by_name = sorted((e for e in lag if e["members"] != [{}]), key=lambda e: e["name"])
        assert all("." in e["name"] for e in lag if e["members"] == [{}])
        assert by_name == sorted(lag_interfaces(intent), key=lambda e: e["name"]), device.hostname
        assert len(by_name) == len(intent["port_channels"]) >= 1
