"""Stack priority and renumber: each family's dialog, in its own CLI mode only.

The transcripts expected here are the ones in ios-samples/dialogs/README.md:
classic IOS (2960-X FlexStack) takes `switch N priority|renumber` in global
configuration and asks `[confirm]`; IOS-XE (9200/9300) takes them in exec
mode and asks a y/n question whose default is yes. Typed in the other mode,
the command is refused with IOS's invalid-input marker and changes nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.stack_plan import plan_stack
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms.hardware import (
    SWITCH_MODELS,
)
from iosim import Simulator
from iosim_kit import make_device, run_session, school_lab, seed_host_key
from iosim_playbook import run_playbook

INVALID = "% Invalid input detected at '^' marker."


def _stack(name: str, model: str, count: int) -> dict[str, Any]:
    """A factory stack: every member at priority 1."""
    return {
        "name": name,
        "members": [
            {"number": n, "model": model, "serial": f"FOC1948S1F{n}", "priority": 1}
            for n in range(1, count + 1)
        ],
    }


def _classic(tmp_path: Path):
    return make_device(tmp_path, "ferry-sw1", switch=_stack("ferry-sw1", "WS-C2960X-48FPD-L", 3))


def test_iosxe_priority_is_an_exec_command_with_a_yes_no_question(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["switch 2 priority 14", "y"])
    assert out == (
        "\njaures-sw1#switch 2 priority 14\n"
        "WARNING: Changing the switch priority may result in a configuration change for that"
        " switch.\n"
        "Do you want to continue?[y/n]? [yes]: y\n"
        "New Priority has been set successfully\n"
        "jaures-sw1#"
    )
    assert device.stack.member(2).priority == 14


def test_iosxe_yes_is_the_default_and_no_aborts(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    run_session(device, ["switch 2 priority 9", ""])
    assert device.stack.member(2).priority == 9
    out = run_session(device, ["switch 2 priority 3", "n"])
    assert "New Priority has been set successfully" not in out
    assert device.stack.member(2).priority == 9


def test_iosxe_refuses_stack_commands_in_configuration_mode(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(
        device, ["configure terminal", "switch 2 priority 14", "switch 2 renumber 3", "end"]
    )
    # IOS-XE's global `switch N` only knows `provision`: the marker falls under the keyword
    assert (
        "jaures-sw1(config)#switch 2 priority 14\n"
        "                            ^\n"
        f"{INVALID}\n"
        "jaures-sw1(config)#switch 2 renumber 3\n"
        "                            ^\n"
        f"{INVALID}\n"
    ) in out
    assert "Do you want to continue" not in out
    assert device.stack.member(2).priority == 1
    assert device.stack.pending_renumber == {}


def test_iosxe_renumber_warns_and_asks_yes_no(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["switch 2 renumber 3", "y"])
    assert out == (
        "\njaures-sw1#switch 2 renumber 3\n"
        "WARNING: Changing the switch number may result in a configuration change for that"
        " switch.\n"
        "The interface configuration associated with the old switch number will remain as a"
        " provisioned configuration.\n"
        "Do you want to continue?[y/n]? [yes]: y\n"
        "jaures-sw1#"
    )
    assert device.stack.pending_renumber == {2: 3}


def test_classic_priority_is_a_global_configuration_command_with_confirm(
    tmp_path: Path,
) -> None:
    device = _classic(tmp_path)
    out = run_session(device, ["configure terminal", "switch 1 priority 15", "", "end"])
    assert (
        "ferry-sw1(config)#switch 1 priority 15\n"
        "Changing the Switch Priority of Switch Number 1 to 15\n"
        "Do you want to continue?[confirm]\n"
        "New Priority has been set successfully\n"
        "ferry-sw1(config)#end\n"
    ) in out
    assert device.stack.member(1).priority == 15
    assert "priority" not in device.render_body(), "a priority is no configuration line"


def test_classic_confirm_refused_changes_nothing(tmp_path: Path) -> None:
    device = _classic(tmp_path)
    out = run_session(device, ["configure terminal", "switch 2 priority 12", "n", "end"])
    assert "Do you want to continue?[confirm]n\n" in out
    assert "New Priority has been set successfully" not in out
    assert device.stack.member(2).priority == 1


def test_classic_renumber_asks_confirm_and_waits_for_the_reload(tmp_path: Path) -> None:
    device = _classic(tmp_path)
    out = run_session(device, ["configure terminal", "switch 3 renumber 4", "y", "end"])
    assert "ferry-sw1(config)#switch 3 renumber 4\nDo you want to continue?[confirm]y\n" in out
    assert device.stack.pending_renumber == {3: 4}
    assert device.stack.member(3) is not None


def test_classic_refuses_stack_commands_in_exec_mode(tmp_path: Path) -> None:
    device = _classic(tmp_path)
    out = run_session(device, ["switch 1 priority 15", "switch 3 renumber 4"])
    # no exec command starts with `switch` on classic IOS: the marker is under its first letter
    assert (
        "ferry-sw1#switch 1 priority 15\n"
        "          ^\n"
        f"{INVALID}\n"
        "ferry-sw1#switch 3 renumber 4\n"
        "          ^\n"
        f"{INVALID}\n"
    ) in out
    assert "Do you want to continue" not in out
    assert [m.priority for m in device.stack.members] == [1, 1, 1]
    assert device.stack.pending_renumber == {}


def test_classic_refuses_do_from_configuration_mode_too(tmp_path: Path) -> None:
    device = _classic(tmp_path)
    out = run_session(device, ["configure terminal", "do switch 1 priority 15", "end"])
    assert f"{INVALID}\n" in out
    assert device.stack.member(1).priority == 1


@pytest.mark.parametrize(
    "model", sorted(name for name, m in SWITCH_MODELS.items() if m.stacking != "none")
)
def test_the_catalogue_says_the_mode_the_software_takes(tmp_path: Path, model: str) -> None:
    """The deploy sends what the catalogue says; the simulated software decides on its own."""
    device = make_device(tmp_path, "sw", switch=_stack("sw", model, 2))
    mode = SWITCH_MODELS[model].stack_command_mode
    plan = plan_stack(
        [
            {"number": 1, "model": model, "serial": "FOC1948S1F1", "priority": 15},
            {"number": 2, "model": model, "serial": "FOC1948S1F2", "priority": 14},
        ],
        [{"switch": str(n), "priority": "1", "state": "Ready"} for n in (1, 2)],
        [{"name": str(n), "pid": model, "sn": f"FOC1948S1F{n}"} for n in (1, 2)],
    )
    assert plan.command_mode == mode
    lines: list[str] = []
    for item in plan.stack_commands:
        lines += [item] if isinstance(item, str) else [item["command"], ""]
    out = run_session(device, lines)
    assert INVALID not in out, out
    assert [m.priority for m in device.stack.members] == [15, 14]


# ----- through network_cli, as the switch_stack role sends them -------------

needs_ansible = pytest.mark.skipif(
    shutil.which("ansible-playbook", path=str(Path(__file__).resolve().parents[3] / ".venv/bin"))
    is None,
    reason="ansible-playbook is not installed in the project virtualenv",
)
SWITCH_VARS = {
    "ansible_become": True,
    "ansible_become_method": "enable",
    "ansible_become_password": "enable",
}
INTENTS = {
    "ferry-sw1": ("WS-C2960X-48FPD-L", [15, 12, 8]),
    "jaures-sw1": ("C9300-48P", [15, 14]),
}


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    devices = [
        {**school_lab()["devices"][0], **_stack(name, model, len(priorities))}
        for name, (model, priorities) in INTENTS.items()
    ]
    state = seed_host_key(tmp_path_factory.mktemp("stack-dialogs") / "state")
    with Simulator({"devices": devices}, state) as sim:
        yield sim


def _plan(name: str):
    model, priorities = INTENTS[name]
    count = len(priorities)
    return plan_stack(
        [
            {"number": n, "model": model, "serial": f"FOC1948S1F{n}", "priority": p}
            for n, p in zip(range(1, count + 1), priorities, strict=True)
        ],
        [{"switch": str(n), "priority": "1", "state": "Ready"} for n in range(1, count + 1)],
        [{"name": str(n), "pid": model, "sn": f"FOC1948S1F{n}"} for n in range(1, count + 1)],
    )


@needs_ansible
def test_ios_command_sets_factory_priorities_of_both_families(
    factory: Simulator, tmp_path: Path
) -> None:
    hosts = {
        name: {**SWITCH_VARS, "stack_commands": _plan(name).stack_commands} for name in INTENTS
    }
    hosts["ferry-sw1-exec"] = {
        **SWITCH_VARS,
        "device": "ferry-sw1",
        # the IOS-XE form sent to classic IOS: refused, nothing changes
        "stack_commands": [c for c in _plan("ferry-sw1").stack_commands if isinstance(c, dict)],
    }
    tasks = [
        {
            "name": "stack",
            "cisco.ios.ios_command": {"commands": "{{ stack_commands }}"},
            "ignore_errors": True,
        }
    ]
    wrong = run_playbook(
        tmp_path / "wrong", factory.ports, {"x": hosts.pop("ferry-sw1-exec")}, tasks
    )
    refused = wrong.results("x")["stack"]
    assert refused.get("failed") and INVALID in refused["msg"], refused
    assert [m.priority for m in factory.device("ferry-sw1").stack.members] == [1, 1, 1]

    run = run_playbook(tmp_path / "right", factory.ports, hosts, tasks)
    for name, (_model, priorities) in INTENTS.items():
        result = run.results(name)["stack"]
        assert not result.get("failed"), (name, result)
        assert [m.priority for m in factory.device(name).stack.members] == priorities
    classic = run.results("ferry-sw1")["stack"]["stdout"]
    assert len(classic) == 5  # configure terminal, three priorities, end
    assert all("New Priority has been set successfully" in out for out in classic[1:4]), classic
