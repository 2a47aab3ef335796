"""The live twin: the design passes, and a design broken on purpose fails the matching check.

One twin of École maternelle Marie Curie is built for the module; each test
configures it with the production roles (through playbooks/lab.yml), giving
one device an intent edited the way a mistake would edit it, and runs the
checks, whose expectations still come from the real design. The next test's
configuration puts the device back. Only the devices a test edits, and those
the previous test edited, are configured again. A last test runs the whole
playbook with a broken design and proves the twin is torn down although the
checks fail.
"""

from __future__ import annotations

import copy
import json
import os

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.system import (
    namespaces,
    twin_processes,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.topology import twin_topology

from .conftest import DEMO, REPO, check_lines, lab_cli, line_of, live_lab_or_skip, playbook

LAB = REPO / "playbooks" / "lab.yml"
SCHOOL = "curie"


@pytest.fixture(scope="module")
def twin(tmp_path_factory, demo):
    live_lab_or_skip()
    lab_id = f"t{os.getpid()}"
    run_dir = str(tmp_path_factory.mktemp("twin") / "run")
    built = lab_cli(
        "build",
        "--city-dir",
        str(DEMO),
        "--school",
        SCHOOL,
        "--lab-id",
        lab_id,
        "--run-dir",
        run_dir,
    )
    assert built.returncode == 0, built.stderr
    again = lab_cli(
        "build",
        "--city-dir",
        str(DEMO),
        "--school",
        SCHOOL,
        "--lab-id",
        lab_id,
        "--run-dir",
        run_dir,
    )
    assert again.returncode == 2 and "a twin is already running" in again.stderr
    try:
        yield {
            "id": lab_id,
            "run_dir": run_dir,
            "topology": twin_topology(demo, SCHOOL, lab_id, run_dir),
        }
    finally:
        down = lab_cli("teardown", "--run-dir", run_dir)
        assert down.returncode == 0 and down.stdout.startswith("PASS teardown"), (
            down.stdout + down.stderr
        )
        assert not [n for n in namespaces() if n.startswith(f"citynet-lab-{lab_id}-")]


def configure_and_check(twin, tmp_path, overrides=None):
    """Configure the devices given an edited intent, and those the previous test edited."""
    overrides = overrides or {}
    settings = {"lab_intent_overrides": overrides, "lab_steps": ["configure"]}
    if "edited" in twin:
        settings["lab_only"] = sorted(set(overrides) | twin["edited"])
    twin["edited"] = set(overrides)
    extra = tmp_path / "overrides.json"
    extra.write_text(json.dumps(settings))
    done = playbook(
        LAB, "-e", f"school={SCHOOL}", "-e", f"lab_id={twin['id']}", "-e", f"lab_run_dir={twin['run_dir']}",
        "-e", f"@{extra}",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    checked = lab_cli("check", "--run-dir", twin["run_dir"])
    lines = check_lines(checked.stdout)
    assert lines, checked.stdout + checked.stderr
    return checked.returncode, lines


def failing(lines):
    return [line for line in lines if line.startswith("FAIL ")]


def test_the_design_passes_every_check(twin, tmp_path):
    rc, lines = configure_and_check(twin, tmp_path)
    assert rc == 0 and not failing(lines), "\n".join(lines)
    kinds = {line.split()[1] for line in lines}
    assert kinds == {"lacp", "rstp", "dhcp", "dns", "reach", "l2", "loop"}
    assert "core-a is the root" in line_of(lines, "rstp root")
    assert "lease 43200 s" in line_of(lines, "dhcp probe VLAN 90")  # the city's 12h default
    assert " Backup Discarding" in next(line for line in lines if line.startswith("PASS loop "))


def test_a_camera_port_on_the_wrong_vlan_is_caught(twin, tmp_path, demo):
    camera = next(h for h in twin["topology"].hosts if h.profile == "camera")
    intent = copy.deepcopy(demo.devices[camera.switch].intent())
    port = next(i for i in intent["interfaces"] if i["name"] == camera.port)
    assert port["access_vlan"] == 60
    port["access_vlan"] = 30  # the teaching VLAN
    rc, lines = configure_and_check(twin, tmp_path, {camera.switch: intent})
    assert rc == 1
    l2 = line_of(lines, "l2 VLAN 60")
    assert (
        l2.startswith("FAIL ") and f"{camera.name} VLAN 60 -> pc-teaching-1 VLAN 30 (VLAN 30)" in l2
    )
    assert line_of(lines, "reach VLAN 60").startswith("FAIL ")
    assert all(line.split()[1] in ("l2", "reach") for line in failing(lines)), "\n".join(
        failing(lines)
    )


def test_a_router_pool_outside_its_subnet_is_caught(twin, tmp_path, demo):
    host = twin["topology"].router.host
    intent = copy.deepcopy(demo.devices[host].intent())
    intent["dhcp"].update(first="10.99.0.100", last="10.99.0.199")  # what validation would refuse
    rc, lines = configure_and_check(twin, tmp_path, {host: intent})
    assert rc == 1
    dhcp = line_of(lines, "dhcp probe VLAN 90")
    assert dhcp == (
        "FAIL dhcp probe VLAN 90: no lease after 8 discovers; "
        "designed pool 192.168.50.100-192.168.50.199 from 192.168.50.1"
    )
    assert {line.split(":")[0] for line in failing(lines)} == {
        "FAIL dhcp probe VLAN 90",
        "FAIL dns probe VLAN 90",
        f"FAIL dns upstream {host}",
        "FAIL reach VLAN 90",
    }


def test_swapped_core_priorities_are_caught(twin, tmp_path, demo):
    a, b = (copy.deepcopy(demo.devices[c].intent()) for c in ("core-a", "core-b"))
    a["stp"]["priority"], b["stp"]["priority"] = b["stp"]["priority"], a["stp"]["priority"]
    rc, lines = configure_and_check(twin, tmp_path, {"core-a": a, "core-b": b})
    assert rc == 1
    root = line_of(lines, "rstp root")
    assert (
        root.startswith("FAIL rstp root: core-b is the root")
        and "designed core-a (the primary core" in root
    )
    assert line_of(lines, "rstp priority core-a").endswith("(priority 8192); designed 4096")
    assert line_of(lines, "rstp root port curie-sw1").startswith(
        "FAIL rstp root port curie-sw1: po2 is the root port"
    )
    assert all(line.split()[1] == "rstp" for line in failing(lines)), "\n".join(failing(lines))


def test_a_failing_run_still_tears_the_twin_down(tmp_path, demo):
    live_lab_or_skip()
    lab_id = f"t{os.getpid()}f"
    run_dir = str(tmp_path / "run")
    a, b = (copy.deepcopy(demo.devices[c].intent()) for c in ("core-a", "core-b"))
    a["stp"]["priority"], b["stp"]["priority"] = b["stp"]["priority"], a["stp"]["priority"]
    extra = tmp_path / "overrides.json"
    extra.write_text(json.dumps({"lab_intent_overrides": {"core-a": a, "core-b": b}}))
    done = playbook(
        LAB,
        "-e",
        "school=moulin",
        "-e",
        f"lab_id={lab_id}",
        "-e",
        f"lab_run_dir={run_dir}",
        "-e",
        f"@{extra}",
    )
    assert done.returncode != 0
    lines = check_lines(done.stdout)
    assert line_of(lines, "rstp root").startswith("FAIL rstp root: core-b is the root")
    assert line_of(lines, "teardown").startswith("PASS teardown: removed 11 namespaces")
    assert not [n for n in namespaces() if n.startswith(f"citynet-lab-{lab_id}-")]
    assert twin_processes(run_dir) == []
    assert not os.path.exists(run_dir)
