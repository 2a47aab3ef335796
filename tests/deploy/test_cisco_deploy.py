"""schools.yml deploys simulated Cisco devices: idempotent, exact check-mode diff, rollback on faults."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "deploy"))

import simcity  # noqa: E402
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (  # noqa: E402
    copy_demo,
    edit_yaml,
)

SCHOOLS = "curie-sw1,moulin-sw1"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("deploy")
    city = copy_demo(base)
    state = base / "sim"
    simcity.start(str(city), state)
    try:
        yield city, state
    finally:
        simcity.stop(state)


def _play(lab, *extra: str) -> subprocess.CompletedProcess[str]:
    _city, state = lab
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    cmd = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        str(state / "molecule-inventory"),
        str(ROOT / "playbooks" / "schools.yml"),
        "-e",
        f"schools_build_dir={state / 'build'}",
        "-e",
        f"schools_backup_dir={state / 'backups'}",
        "--limit",
        SCHOOLS,
        *extra,
    ]
    return subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200, check=False
    )


def _recap(stdout: str) -> dict[str, tuple[int, int]]:
    """host -> (changed, failed)"""
    return {
        m.group(1): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(
            r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", stdout, re.M
        )
    }


def _running(lab, host: str) -> bytes:
    return (lab[1] / "devices" / host / "running.cfg").read_bytes()


def _faults(lab, host: str, **faults) -> None:
    (lab[1] / "devices" / host / "faults.json").write_text(json.dumps(faults), encoding="utf-8")


def test_1_deploy_then_nothing_changes(lab):
    first = _play(lab, "-e", "schools_mode=deploy")
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-2000:]
    recap = _recap(first.stdout)
    assert recap["curie-sw1"][0] > 0 and recap["moulin-sw1"][0] > 0
    assert list((lab[1] / "backups" / "curie" / "curie-sw1").glob("*.cfg")), (
        "backed up before the change"
    )
    assert b"hostname curie-sw1" in _running(lab, "curie-sw1")
    second = _play(lab, "-e", "schools_mode=deploy")
    assert second.returncode == 0, second.stdout[-4000:]
    recap = _recap(second.stdout)
    assert recap["curie-sw1"][0] == 0 and recap["moulin-sw1"][0] == 0


def test_2_check_mode_shows_exact_lines_and_changes_nothing(lab):
    city, _state = lab
    edit_yaml(
        city / "schools" / "curie.yml",
        lambda d: d["stacks"][0]["ports"][0].update(profile="printer"),
    )
    before = _running(lab, "curie-sw1")
    run = _play(lab, "-e", "schools_mode=deploy", "--check", "--diff")
    assert run.returncode == 0, run.stdout[-4000:]
    expected = (
        "interface GigabitEthernet1/0/1\n no switchport voice vlan 40\n description Imprimante\n"
    )
    assert expected in run.stdout, run.stdout[-3000:]
    assert _running(lab, "curie-sw1") == before


def test_3_fault_mid_change_rolls_back_and_other_schools_deploy(lab):
    city, _state = lab
    edit_yaml(
        city / "schools" / "moulin.yml",
        lambda d: d["stacks"][0]["ports"][0].update(profile="pc_admin"),
    )
    before = _running(lab, "curie-sw1")
    _faults(lab, "curie-sw1", reject=[r"^description Imprimante$"])
    try:
        run = _play(lab, "-e", "schools_mode=deploy")
    finally:
        _faults(lab, "curie-sw1")
    assert run.returncode != 0
    assert "rolled back to the running configuration of before the change" in run.stdout
    assert _running(lab, "curie-sw1") == before, (
        "curie-sw1 is back to its configuration, byte for byte"
    )
    assert (
        b"switchport access vlan 20"
        in _running(lab, "moulin-sw1")
        .split(b"interface GigabitEthernet1/0/1\n", 1)[1]
        .split(b"!", 1)[0]
    )
    fixed = _play(lab, "-e", "schools_mode=deploy")
    assert fixed.returncode == 0, fixed.stdout[-4000:]
    assert b"description Imprimante" in _running(lab, "curie-sw1")


def test_4_connection_lost_mid_change_rolls_back(lab):
    city, _state = lab
    edit_yaml(
        city / "schools" / "curie.yml",
        lambda d: d["stacks"][0]["ports"][1].update(profile="camera"),
    )
    before = _running(lab, "curie-sw1")
    _faults(lab, "curie-sw1", drop_on=[r"^switchport access vlan 60$"])
    try:
        run = _play(lab, "-e", "schools_mode=deploy")
    finally:
        _faults(lab, "curie-sw1")
    assert run.returncode != 0
    assert "rolled back to the running configuration of before the change" in run.stdout, (
        run.stdout[-4000:]
    )
    assert _running(lab, "curie-sw1") == before
    fixed = _play(lab, "-e", "schools_mode=deploy")
    assert fixed.returncode == 0, fixed.stdout[-4000:]
    assert _running(lab, "curie-sw1") != before
