"""The openvswitch_bridge and openvswitch_ports modules against a real Open vSwitch.

Each module runs as Ansible runs a module (its arguments in a JSON file),
against a private OVSDB and a userspace ovs-vswitchd in a namespace of the
test's own; check mode, change reporting, idempotence and repair of a changed
design are read back from the database.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import pytest
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_db import Vsctl
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.build import start_switch
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.system import Ledger, run
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.teardown import teardown
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.topology import Switch

from .conftest import REPO, ansible_env, live_lab_or_skip

MODULES = "ansible_collections.citynet.schools.plugins.modules"
ONLY = ["GigabitEthernet1/0/1", "GigabitEthernet1/0/11", "GigabitEthernet1/0/12", "Port-channel1"]
NETDEVS = ["gi1-0-1", "gi1-0-11", "gi1-0-12", "te1-1-1", "te1-1-2"]


@pytest.fixture(scope="module")
def ovs(tmp_path_factory):
    live_lab_or_skip()
    run_dir = str(tmp_path_factory.mktemp("ovs"))
    netns = f"citynet-lab-t{os.getpid()}-modules"
    switch = Switch("t-sw1", "switch_stack", netns, "sw1", f"{run_dir}/t-sw1", [], 61440)
    ledger = Ledger(run_dir, "modules")
    ledger.save()
    try:
        ledger.add_namespace(netns)
        run(["ip", "netns", "add", netns])
        for name in NETDEVS:
            run(
                [
                    "ip",
                    "-n",
                    netns,
                    "link",
                    "add",
                    name,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    f"p-{name}",
                ]
            )
        start_switch(switch, ledger)
        yield switch
    finally:
        result = teardown(run_dir)
        assert not result.left, result.line()


def module(name, args, check=False, diff=True, tmp_path=None):
    args = {**args, "_ansible_check_mode": check, "_ansible_diff": diff}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    done = subprocess.run(
        [sys.executable, "-m", f"{MODULES}.{name}", str(path)],
        cwd=REPO,
        env=ansible_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return json.loads(done.stdout)


def db(switch):
    def runner(argv):
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout, done.stderr

    return Vsctl(runner, db=f"unix:{switch.run_dir}/db.sock").snapshot()


def test_the_bridge_is_made_once_and_check_mode_touches_nothing(ovs, tmp_path):
    args = {
        "db": f"unix:{ovs.run_dir}/db.sock",
        "bridge": "sw1",
        "datapath_type": "netdev",
        "rstp_enable": True,
        "external_ids": {"citynet-hostname": "t-sw1"},
    }
    preview = module("openvswitch_bridge", args, check=True, tmp_path=tmp_path)
    assert preview["changed"] and preview["commands"][0] == "add-br sw1"
    assert "ovs-vsctl add-br sw1" in preview["diff"]["prepared"]
    assert "sw1" not in db(ovs)["bridges"]
    done = module("openvswitch_bridge", args, tmp_path=tmp_path)
    assert done["changed"] and done["bridge"]["datapath_type"] == "netdev"
    bridge = db(ovs)["bridges"]["sw1"]
    assert bridge["rstp_enable"] and bridge["external_ids"] == {"citynet-hostname": "t-sw1"}
    again = module("openvswitch_bridge", args, tmp_path=tmp_path)
    assert not again["changed"] and again["commands"] == []


def test_a_priority_that_ios_would_refuse_is_refused(ovs, tmp_path):
    result = module(
        "openvswitch_bridge",
        {"db": f"unix:{ovs.run_dir}/db.sock", "bridge": "sw1", "rstp_priority": 5000},
        tmp_path=tmp_path,
    )
    assert (
        result["failed"] and "rstp_priority 5000 is not 0-61440 in steps of 4096" in result["msg"]
    )


def _ports_args(ovs, design, **extra):
    return {
        "db": f"unix:{ovs.run_dir}/db.sock",
        "bridge": "sw1",
        "interfaces": design["interfaces"],
        "port_channels": design["port_channels"],
        "management": design["management"],
        "only": ONLY,
        **extra,
    }


def test_designed_ports_are_set_in_one_go_then_left_alone(ovs, demo, tmp_path):
    # Pasteur's second stack: its bundle to the routing stack is the school's layer-2 trunk
    # (a routing stack's uplinks are routed: no port of the bridge)
    design = demo.devices["pasteur-swb"].intent()
    args = _ports_args(ovs, design, manage=["vlans"])
    preview = module("openvswitch_ports", args, check=True, tmp_path=tmp_path)
    assert preview["changed"] and "gi1-0-1" not in db(ovs)["ports"]
    done = module("openvswitch_ports", args, tmp_path=tmp_path)
    assert done["changed"] and done["commands"] == preview["commands"]
    s = db(ovs)
    assert {k: s["ports"]["gi1-0-1"][k] for k in ("tag", "trunks", "vlan_mode")} == {
        "tag": 30,
        "trunks": [30, 40],
        "vlan_mode": "native-untagged",
    }
    assert (s["ports"]["gi1-0-11"]["tag"], s["ports"]["gi1-0-11"]["vlan_mode"]) == (60, "access")
    assert (s["ports"]["gi1-0-12"]["tag"], s["ports"]["gi1-0-12"]["trunks"]) == (60, [])
    assert s["ports"]["po1-lacp"]["interfaces"] == ["te1-1-1", "te1-1-2"]
    assert (s["ports"]["po1-lacp"]["bridge"], s["ports"]["po1-lacp"]["lacp"]) == (
        "po1-lag",
        "active",
    )
    assert s["interfaces"]["po1"]["options"] == {"peer": "po1-patch"}
    assert s["ports"]["po1"]["trunks"] == [10, 20, 30, 40, 50, 60, 90, 999]
    assert s["ports"]["sw1"]["tag"] == 10  # the management SVI
    assert s["bridges"]["po1-lag"]["other_config"] == {"forward-bpdu": "true"}
    again = module("openvswitch_ports", args, tmp_path=tmp_path)
    assert not again["changed"] and again["commands"] == []

    stp = _ports_args(ovs, design, manage=["spanning_tree"])
    edges = module("openvswitch_ports", stp, tmp_path=tmp_path)
    assert edges["changed"]
    assert db(ovs)["ports"]["gi1-0-1"]["other_config"] == {"rstp-port-admin-edge": "true"}
    assert "rstp-port-admin-edge" not in db(ovs)["ports"]["po1"]["other_config"]
    assert any("loop guard on po1" in note for note in edges["unsupported"])
    assert not module("openvswitch_ports", stp, tmp_path=tmp_path)["changed"]


def test_a_changed_design_is_applied_without_residue(ovs, demo, tmp_path):
    design = copy.deepcopy(demo.devices["pasteur-swb"].intent())
    module("openvswitch_ports", _ports_args(ovs, design, manage=["vlans"]), tmp_path=tmp_path)
    port = next(i for i in design["interfaces"] if i["name"] == "GigabitEthernet1/0/1")
    port.update(access_vlan=60, voice_vlan=None, portfast=None)
    changed = module("openvswitch_ports", _ports_args(ovs, design), tmp_path=tmp_path)
    assert "set Port gi1-0-1 tag=60 trunks=[] vlan_mode=access" in changed["commands"]
    after = db(ovs)["ports"]["gi1-0-1"]
    assert (after["tag"], after["trunks"], after["vlan_mode"]) == (60, [], "access")
    assert "rstp-port-admin-edge" not in after["other_config"]
    port["shutdown"] = True
    removed = module("openvswitch_ports", _ports_args(ovs, design), tmp_path=tmp_path)
    assert removed["removed"] == ["gi1-0-1"] and "del-port sw1 gi1-0-1" in removed["commands"]
    assert "gi1-0-1" not in db(ovs)["ports"]


def test_spanning_tree_alone_refuses_a_port_without_vlans(ovs, demo, tmp_path):
    design = demo.devices["moulin-sw1"].intent()
    args = _ports_args(ovs, design, manage=["spanning_tree"], only=["GigabitEthernet1/0/5"])
    result = module("openvswitch_ports", args, tmp_path=tmp_path)
    assert result["failed"] and "port gi1-0-5 is not on bridge sw1" in result["msg"]


def test_a_missing_bridge_is_named(ovs, demo, tmp_path):
    design = demo.devices["moulin-sw1"].intent()
    result = module(
        "openvswitch_ports", {**_ports_args(ovs, design), "bridge": "nope"}, tmp_path=tmp_path
    )
    assert result["failed"] and result["msg"] == "bridge nope does not exist; create it first"
