"""The SDM template of a classic IOS stack (2960-X): active, pending, applied at reload.

The template is no configuration line: `sdm prefer` keeps the choice in
state.json (across sessions and simulator restarts) and `reload` makes it the
active one; `show sdm prefer` shows both as a 2960-X does (iosim/show/sdm.py)
and parses with the collection's template.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show
from iosim.device import Device
from iosim.lab import LabError, load_lab
from iosim_kit import command_output, configure, make_device, run_session, school_lab

LANBASE = {"members": [{"number": 1, "model": "WS-C2960X-48FPD-L", "serial": "FOC1"}]}


def stack_2960(tmp_path: Path, **switch: object) -> Device:
    return make_device(tmp_path, switch={**LANBASE, **switch})


def sdm(device: Device) -> dict[str, str]:
    rows = parse_show("cisco_ios", "show sdm prefer", command_output(device, "show sdm prefer"))
    assert len(rows) == 1
    return rows[0]


def test_factory_template_is_default(tmp_path: Path) -> None:
    device = stack_2960(tmp_path)
    out = command_output(device, "show sdm prefer")
    assert out.startswith(' The current template is "default" template.\n')
    assert " 0 routed interfaces and 1024 VLANs.\n" in out
    assert "On next reload" not in out
    assert sdm(device) == {"current": "default", "next": ""}
    state = json.loads(device.state_path.read_text())
    assert state["stack"]["sdm_active"] == "default"
    assert state["stack"]["sdm_pending"] is None


def test_sdm_prefer_is_pending_until_reload(tmp_path: Path) -> None:
    device = stack_2960(tmp_path)
    out = configure(device, "sdm prefer lanbase-routing")
    assert "cannot take effect until the next reload" in out
    out = command_output(device, "show sdm prefer")
    assert out.startswith(' The current template is "default" template.\n')
    assert out.endswith('\n On next reload, template will be "lanbase-routing" template.\n\n')
    assert sdm(device) == {"current": "default", "next": "lanbase-routing"}
    # kept in state.json: a new simulator on the same state directory still has it
    again = Device(device.spec, device.dir.parent)
    again.initialize()
    assert sdm(again) == {"current": "default", "next": "lanbase-routing"}
    run_session(again, ["reload", "yes", ""])
    assert sdm(again) == {"current": "lanbase-routing", "next": ""}
    out = command_output(again, "show sdm prefer")
    assert " 255 routed interfaces and 1024 VLANs.\n" in out
    assert "number of IPv4 unicast routes:" in out


def test_choosing_the_active_template_shows_nothing_pending(tmp_path: Path) -> None:
    device = stack_2960(tmp_path, sdm_template="lanbase-routing")
    assert sdm(device) == {"current": "lanbase-routing", "next": ""}
    configure(device, "sdm prefer lanbase-routing")
    assert sdm(device) == {"current": "lanbase-routing", "next": ""}
    configure(device, "sdm prefer default")
    assert sdm(device) == {"current": "lanbase-routing", "next": "default"}


def test_a_state_file_edit_is_picked_up(tmp_path: Path) -> None:
    device = stack_2960(tmp_path, sdm_template="lanbase-routing")
    state = json.loads(device.state_path.read_text())
    state["stack"]["sdm_active"] = "default"
    device.state_path.write_text(json.dumps(state))
    assert sdm(device) == {"current": "default", "next": ""}


def test_iosxe_stacks_and_routers_keep_no_sdm_template(tmp_path: Path) -> None:
    catalyst = make_device(tmp_path / "9300")
    out = run_session(catalyst, ["show sdm prefer"])
    assert "% Invalid input detected at '^' marker." in out
    with pytest.raises(LabError, match="sdm_template is for classic IOS stacks"):
        load_lab(school_lab(switch={"sdm_template": "lanbase-routing"}))
    with pytest.raises(LabError, match="sdm_template must be one of"):
        load_lab(school_lab(switch={**LANBASE, "sdm_template": "routing"}))
