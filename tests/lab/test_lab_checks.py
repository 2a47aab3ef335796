"""The live twin: the design passes, and a design broken on purpose fails the matching check.

One twin of the Moulin school (OSPF, tracked uplinks, a dnsmasq backup
router) is built for the module; each test
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
import shutil
import subprocess

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.system import (
    namespaces,
    twin_processes,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.topology import twin_topology

from .conftest import DEMO, REPO, check_lines, lab_cli, line_of, live_lab_or_skip, playbook

LAB = REPO / "playbooks" / "lab.yml"
SCHOOL = "moulin"
NEIGHBOUR = "curie"  # on the same cores, with the same VLAN ids


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
        "--neighbour",
        NEIGHBOUR,
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
            "topology": twin_topology(demo, SCHOOL, lab_id, run_dir, NEIGHBOUR),
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
    assert kinds == {"rstp", "dhcp", "dns", "reach", "l2", "schools", "routing", "route",
                     "failover", "4g", "failback", "loop"}  # fmt: skip
    assert "never crossed" in line_of(lines, "schools moulin VLAN 30 <-> curie VLAN 30")
    assert "moulin-sw1 is the root" in line_of(lines, "rstp root")
    assert "lease 14400 s" in line_of(lines, "dhcp probe VLAN 90")
    admin = line_of(lines, "dhcp pc-admin-1 VLAN 20")
    assert " from 10.30.1.1" in admin and "relayed by 10.32.41.1" in admin
    assert "(ospf)" in line_of(lines, "routing core-a")
    assert "reached 10.32.41.1, 10.30.1.10, 9.9.9.9" in line_of(lines, "route pc-admin-1 VLAN 20")
    assert "goes via 10.32.40.66" in line_of(lines, "failover moulin-sw1")
    assert " reached the internet" in line_of(lines, "4g pc-admin-1 VLAN 20")
    assert " did not reach the internet" in line_of(lines, "4g pc-teaching-1 VLAN 30")
    assert " Backup Discarding" in next(line for line in lines if line.startswith("PASS loop "))


def test_a_layer_2_link_between_two_schools_is_caught(twin):
    """A cable (a veth) between Moulin's VLAN 30 and Curie's VLAN 30, as if a school VLAN
    crossed the city: the check of the shared VLAN id fails naming who heard whom."""
    t = twin["topology"]
    here, there = t.switch(t.routing_stack), t.neighbour.switch(t.neighbour.routing_stack)
    made = ["ip", "link", "add", "x-curie", "netns", here.netns, "type", "veth",
            "peer", "name", "x-moulin", "netns", there.netns]  # fmt: skip
    assert subprocess.run(made, check=False).returncode == 0
    try:
        for sw, port in ((here, "x-curie"), (there, "x-moulin")):
            subprocess.run(["ip", "-n", sw.netns, "link", "set", port, "up"], check=True)
            subprocess.run(["ip", "netns", "exec", sw.netns, "ethtool", "-K", port, "tx", "off"],
                           check=True, capture_output=True)  # fmt: skip
            subprocess.run(["ovs-vsctl", f"--db=unix:{sw.run_dir}/db.sock", "add-port", sw.bridge,
                            port, "tag=30", "other_config:rstp-port-admin-edge=true"], check=True)  # fmt: skip
        checked = lab_cli("check", "--run-dir", twin["run_dir"])
    finally:
        subprocess.run(["ip", "-n", here.netns, "link", "del", "x-curie"], check=False)
        for sw, port in ((here, "x-curie"), (there, "x-moulin")):
            subprocess.run(["ovs-vsctl", f"--db=unix:{sw.run_dir}/db.sock", "--if-exists",
                            "del-port", sw.bridge, port], check=False)  # fmt: skip
    lines = check_lines(checked.stdout)
    crossed = line_of(lines, "schools moulin VLAN 30 <-> curie VLAN 30")
    assert crossed.startswith(
        "FAIL schools moulin VLAN 30 <-> curie VLAN 30: heard in the other school: "
        "pc-teaching-1 VLAN 30 -> curie-"
    ), crossed
    assert line_of(lines, "schools moulin VLAN 20 <-> curie VLAN 20").startswith("PASS ")


def test_a_wrong_stack_is_caught(twin, tmp_path, demo):
    """The administration PC's port on the teaching VLAN, a lower spanning-tree priority and the
    IP SLA probing a wrong target: each fails its own check."""
    admin = next(h for h in twin["topology"].hosts if h.profile == "pc_admin")
    intent = copy.deepcopy(demo.devices[admin.switch].intent())
    port = next(i for i in intent["interfaces"] if i["name"] == admin.port)
    assert port["access_vlan"] == 20
    port["access_vlan"] = 30  # the teaching VLAN
    intent["stp"]["priority"] = 61440
    for probe in intent["failover"]["probes"]:
        probe["target"] = intent["failover"]["router_address"]  # no answer from po1/po2
    rc, lines = configure_and_check(twin, tmp_path, {admin.switch: intent})
    assert rc == 1
    l2 = line_of(lines, "l2 VLAN 20")
    assert l2.startswith("FAIL ") and f"{admin.name} VLAN 20 -> pc-teaching-1 VLAN 30" in l2
    assert line_of(lines, "rstp priority moulin-sw1").endswith("(priority 61440); designed 4096")
    route = line_of(lines, "route pc-teaching-1 VLAN 30")
    assert route.startswith("FAIL ") and "moulin-sw1 sends it via 10.32.40.66" in route
    assert "track 1 is down (probing 10.32.40.66 from po1; designed target 10.31.0.40)" in route
    allowed = {"l2", "schools", "reach", "rstp", "route", "dhcp", "4g", "failover", "failback"}
    assert {line.split()[1] for line in failing(lines)} <= allowed, "\n".join(failing(lines))


def test_a_router_with_a_pool_outside_its_subnet_and_nat_missing_a_service_is_caught(
    twin, tmp_path, demo
):
    host = twin["topology"].router.host
    intent = copy.deepcopy(demo.devices[host].intent())
    intent["dhcp"].update(first="10.99.0.70", last="10.99.0.80")  # what validation would refuse
    intent["nat"] = [n for n in intent["nat"] if n["service"] != "administration"]
    rc, lines = configure_and_check(twin, tmp_path, {host: intent})
    assert rc == 1
    assert line_of(lines, "dhcp probe VLAN 90") == (
        "FAIL dhcp probe VLAN 90: no lease after 8 discovers; "
        "designed pool 10.32.40.104-10.32.40.123 from 10.32.40.66"
    )
    admin = line_of(lines, "4g pc-admin-1 VLAN 20")
    assert admin.startswith("FAIL 4g pc-admin-1 VLAN 20: ") and admin.endswith(
        "the router's NAT leaves out 10.32.41.0/25 (designed to NAT it)"
    )
    assert {line.split(":")[0] for line in failing(lines)} == {
        "FAIL dhcp probe VLAN 90",
        "FAIL dns probe VLAN 90",
        f"FAIL dns upstream {host}",
        "FAIL reach VLAN 90",
        "FAIL 4g pc-admin-1 VLAN 20",
    }


def test_a_failing_run_still_tears_the_twin_down(tmp_path, demo):
    """Curie (a 2960-X: transit VLANs, static routes, untracked), here serving its own DHCP
    pools: its router without the routes back fails the 4G checks of the allowed services,
    and only them; the twin is gone anyway."""
    live_lab_or_skip()
    lab_id = f"t{os.getpid()}f"
    run_dir = str(tmp_path / "run")
    city = tmp_path / "city"
    shutil.copytree(REPO / "inventories" / "demo", city)
    school = city / "schools" / "curie.yml"
    school.write_text(school.read_text() + "dhcp: {mode: local}\n")
    router = copy.deepcopy(demo.devices["curie-4g"].intent())
    router["routes"] = []
    extra = tmp_path / "overrides.json"
    extra.write_text(json.dumps({"lab_intent_overrides": {"curie-4g": router}}))
    done = playbook(
        LAB, "-e", "school=curie", "-e", f"lab_id={lab_id}", "-e", f"lab_run_dir={run_dir}",
        "-e", f"@{extra}", "-e", f"lab_city_dir={city}",
    )  # fmt: skip
    assert done.returncode != 0
    lines = check_lines(done.stdout)
    assert "(static)" in line_of(lines, "routing core-a")
    assert line_of(lines, "route pc-admin-1 VLAN 20").startswith("PASS ")
    dhcp = line_of(lines, "dhcp pc-admin-1 VLAN 20")  # served by the stack, no relay
    assert dhcp.startswith("PASS ") and " from 10.32.17.1," in dhcp and "relayed" not in dhcp
    admin = line_of(lines, "4g pc-admin-1 VLAN 20")
    assert admin.startswith("FAIL ") and "the router has no route back to 10.32.17." in admin
    assert "designed 10.32.16.0/21 via 10.32.16.65" in admin
    assert {line.split()[1] for line in failing(lines)} == {"4g"}, "\n".join(failing(lines))
    assert line_of(lines, "teardown").startswith("PASS teardown: removed 16 namespaces")
    assert not [n for n in namespaces() if n.startswith(f"citynet-lab-{lab_id}-")]
    assert twin_processes(run_dir) == []
    assert not os.path.exists(run_dir)
