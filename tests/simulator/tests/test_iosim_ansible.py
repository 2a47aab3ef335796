"""The simulator as seen by the real Ansible network stack.

ansible-playbook (network_cli over paramiko, cisco.ios modules, cli_command)
must work against it, be idempotent on a second run, and fail the way it
fails against a real device when a fault is injected.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.citynet.schools.tests.prerequisites import require
from iosim import Simulator
from iosim_kit import school_lab, seed_host_key
from iosim_playbook import PlaybookRun, run_playbook

require(
    shutil.which("ansible-playbook", path=str(Path(__file__).resolve().parents[3] / ".venv/bin"))
    is not None,
    "ansible-playbook is not installed in the project virtualenv",
)

SWITCH_VARS = {
    "ansible_become": True,
    "ansible_become_method": "enable",
    "ansible_become_password": "enable",
}
# IOS-XE's question (ios-samples/dialogs/README.md)
PRIORITY_PROMPT = r"Do you want to continue\?\[y/n\]\? \[yes\]: ?$"

MAIN_TASKS: list[dict[str, Any]] = [
    {"name": "facts", "cisco.ios.ios_facts": {"gather_subset": "min"}},
    {"name": "stack", "cisco.ios.ios_command": {"commands": ["show switch detail"]}},
    {"name": "rendered snippet", "cisco.ios.ios_config": {"src": "snippet.cfg"}},
    {
        "name": "access port",
        "cisco.ios.ios_config": {
            "parents": "interface GigabitEthernet1/0/1",
            "lines": [
                "description PC pedagogique",
                "switchport access vlan 30",
                "switchport mode access",
                "spanning-tree portfast",
            ],
        },
    },
    {
        "name": "l2 merged",
        "cisco.ios.ios_l2_interfaces": {
            "state": "merged",
            "config": [
                {
                    "name": "GigabitEthernet1/0/7",
                    "mode": "access",
                    "access": {"vlan": 30},
                    "voice": {"vlan": 40},
                },
                {
                    "name": "Port-channel1",
                    "mode": "trunk",
                    "trunk": {"native_vlan": 999, "allowed_vlans": ["10", "20", "30", "40"]},
                },
            ],
        },
    },
    {"name": "l2 gathered", "cisco.ios.ios_l2_interfaces": {"state": "gathered"}},
    {
        "name": "lag merged",
        "cisco.ios.ios_lag_interfaces": {
            "state": "merged",
            "config": [
                {
                    "name": "Port-channel1",
                    "members": [
                        {"member": "TenGigabitEthernet1/1/1", "mode": "active"},
                        {"member": "TenGigabitEthernet2/1/1", "mode": "active"},
                    ],
                },
            ],
        },
    },
    {
        "name": "vlans merged",
        "cisco.ios.ios_vlans": {
            "state": "merged",
            "config": [{"vlan_id": 20, "name": "ADMIN"}, {"vlan_id": 40, "name": "VOIX"}],
        },
    },
    {
        "name": "stack priority",
        "ansible.netcommon.cli_command": {
            "command": "switch 2 priority 14",
            "prompt": PRIORITY_PROMPT,
            "answer": "y",
        },
    },
]
CHANGING = {"rendered snippet", "access port", "l2 merged", "lag merged", "vlans merged"}
SNIPPET = """\
vtp mode transparent
spanning-tree mode rapid-pvst
spanning-tree vlan 10,20,30,40 priority 61440
vlan 10
 name MGMT
interface Vlan10
 description management
 ip address 10.40.8.2 255.255.255.192
ip default-gateway 10.40.8.1
"""

ROUTER_LINES = [
    "description lan",
    "ip nat inside",
    "ip helper-address 192.168.50.10",
    "load-interval 30",
]
FAULT_TASK = {
    "name": "lan interface",
    "cisco.ios.ios_config": {"parents": "interface GigabitEthernet0/0/0", "lines": ROUTER_LINES},
    "ignore_errors": True,
    "ignore_unreachable": True,
}


def _router(name: str, **faults: Any) -> dict[str, Any]:
    return {"name": name, "kind": "cellular_router", "model": "IR1101-K9", "faults": faults}


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    base = school_lab()
    devices = [
        base["devices"][0],
        _router("f-probe"),
        _router("f-drop"),
        _router("f-reject", reject=["^ip nat inside"]),
        _router("f-stall", stall=["^show version"]),
        _router("f-auth", auth_fail=True),
    ]
    state = seed_host_key(tmp_path_factory.mktemp("ansible") / "state")
    with Simulator({"devices": devices}, state) as sim:
        yield sim


def _check_clean(run: PlaybookRun) -> None:
    assert run.report, run.stderr


def test_modules_work_and_are_idempotent(lab: Simulator, tmp_path: Path) -> None:
    hosts = {"jaures-sw1": dict(SWITCH_VARS)}
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "snippet.cfg").write_text(SNIPPET)
    run = run_playbook(tmp_path / "run", lab.ports, hosts, MAIN_TASKS, plays=2)
    _check_clean(run)
    results = run.results("jaures-sw1", play=0)
    for name, result in results.items():
        assert not result.get("failed") and not result.get("unreachable"), (name, result)
        assert bool(result.get("changed")) == (name in CHANGING), (name, result)
    facts = results["facts"]["ansible_facts"]
    assert facts["ansible_net_hostname"] == "jaures-sw1"
    assert facts["ansible_net_model"] == "C9300-48P"
    assert facts["ansible_net_serialnum"] == "FOC2101X0AA"
    assert facts["ansible_net_stacked_serialnums"] == ["FOC2101X0AA", "FOC2101X0AB"]
    assert facts["ansible_net_iostype"] == "IOS-XE"
    assert "Standby" in results["stack"]["stdout"][0]
    gathered = {g["name"]: g for g in results["l2 gathered"]["gathered"]}
    assert gathered["GigabitEthernet1/0/7"]["access"] == {"vlan": 30}
    assert gathered["Port-channel1"]["trunk"]["native_vlan"] == 999
    assert "New Priority has been set successfully" in results["stack priority"]["stdout"]
    assert lab.device("jaures-sw1").stack.member(2).priority == 14

    running = (lab.state_dir / "jaures-sw1" / "running.cfg").read_text()
    for expected in (
        "interface GigabitEthernet1/0/1\n description PC pedagogique\n switchport access vlan 30\n",
        "vlan 10\n name MGMT\n",
        "vlan 20\n name ADMIN\n",
        "ip default-gateway 10.40.8.1\n",
        "interface Vlan10\n description management\n ip address 10.40.8.2 255.255.255.192\n",
        "interface TenGigabitEthernet1/1/1\n channel-group 1 mode active\n",
        " switchport trunk allowed vlan 10,20,30,40\n",
        "spanning-tree vlan 10,20,30,40 priority 61440\n",
    ):
        assert expected in running

    second = run.results("jaures-sw1", play=1)
    assert second.keys() == results.keys()
    for name, result in second.items():
        assert not result.get("failed"), (name, result)
        assert not result.get("changed"), (name, result)


def _ok_commands_before(log: Path, marker: str) -> int:
    """How many commands the last session ran before the one ending with `marker`."""
    lines = [line.split(" ", 2) for line in log.read_text().splitlines()]
    session = lines[-1][0]
    count = 0
    for sid, status, text in lines:
        if sid != session or status != "ok":
            continue
        if text.endswith(marker):
            return count
        count += 1
    raise AssertionError(f"{marker!r} not found in {log}")


def test_faults_fail_like_a_real_device(lab: Simulator, tmp_path: Path) -> None:
    hosts = {
        "f-probe": {},
        "f-reject": {},
        "f-auth": {},
        "f-stall": {"ansible_command_timeout": 3},
    }
    run = run_playbook(tmp_path / "faults", lab.ports, hosts, [FAULT_TASK])
    _check_clean(run)
    assert run.results("f-probe")["lan interface"]["changed"]

    rejected = run.results("f-reject")["lan interface"]
    assert rejected["failed"] and "Invalid input detected" in rejected["msg"]
    running = (lab.state_dir / "f-reject" / "running.cfg").read_text()
    assert " description lan\n" in running and "ip nat inside" not in running
    assert "ip helper-address" not in running

    stalled = run.results("f-stall")["lan interface"]
    assert stalled["failed"] and "timeout" in stalled["msg"].lower()

    refused = run.results("f-auth")["lan interface"]
    assert refused.get("unreachable") or refused.get("failed")
    assert "authenticat" in refused["msg"].lower()

    # Drop the link after the same session has applied two of the four lines.
    before = _ok_commands_before(lab.state_dir / "f-probe" / "commands.log", "description lan")
    lab.set_faults("f-drop", drop_after_commands=before + 2)
    run = run_playbook(tmp_path / "drop", lab.ports, {"f-drop": {}}, [FAULT_TASK])
    _check_clean(run)
    dropped = run.results("f-drop")["lan interface"]
    # network_cli reports the closed channel as a failure when its next write finds it
    # closed, but as success when the close lands while it waits for a prompt (its
    # receive loop ends on the empty read): the device state below is what counts, and
    # why the deploy role reads the configuration back after every change.
    assert dropped.get("failed") or dropped.get("unreachable") or dropped.get("changed"), dropped
    running = (lab.state_dir / "f-drop" / "running.cfg").read_text()
    assert " description lan\n" in running and " ip nat inside\n" in running
    assert "ip helper-address" not in running and "load-interval" not in running
    log = (lab.state_dir / "f-drop" / "commands.log").read_text()
    assert "dropped f-drop(config-if)#ip helper-address 192.168.50.10" in log
