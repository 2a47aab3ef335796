"""IOS design -> Open vSwitch ports -> ovs-vsctl commands, without a switch (no root needed)."""

from __future__ import annotations

import pytest
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_db import (
    OvsError,
    command_text,
    parse_snapshot,
)
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_names import (
    lag_names,
    ovs_port_name,
)
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_plan import (
    BridgeSpec,
    PortSpec,
    atom,
    compact,
    plan_bridge,
    plan_port,
    plan_port_absent,
)
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_switchports import (
    switch_plan,
    vlan_columns,
)

# `ovs-vsctl -f json -d json list Bridge/Port/Interface` of a bridge with an
# access port, an LACP bond and a patch port, as Open vSwitch 3.1 prints it.
RECORDED = """\
{"data":[[["uuid","b1"],"br0",["set",[["uuid","p1"],["uuid","p2"],["uuid","p3"],["uuid","p4"]]],"netdev",true,["map",[["rstp-priority","61440"]]],["map",[]]]],"headings":["_uuid","name","ports","datapath_type","rstp_enable","other_config","external_ids"]}
{"data":[[["uuid","p1"],"gi1-0-1",["uuid","i1"],30,["set",[]],"access",["set",[]],["set",[]],["map",[["rstp-port-admin-edge","true"]]],["map",[]]],[["uuid","p2"],"b1",["set",[["uuid","i2"],["uuid","i3"]]],999,["set",[10,20]],"native-untagged","active","balance-tcp",["map",[]],["map",[]]],[["uuid","p3"],"pp",["uuid","i4"],["set",[]],["set",[]],["set",[]],["set",[]],["set",[]],["map",[]],["map",[]]],[["uuid","p4"],"br0",["uuid","i5"],["set",[]],20,["set",[]],["set",[]],["set",[]],["map",[]],["map",[]]]],"headings":["_uuid","name","interfaces","tag","trunks","vlan_mode","lacp","bond_mode","other_config","external_ids"]}
{"data":[[["uuid","i1"],"gi1-0-1","",["map",[]]],[["uuid","i2"],"x1","",["map",[]]],[["uuid","i3"],"x2","",["map",[]]],[["uuid","i4"],"pp","patch",["map",[["peer","zz"]]]],[["uuid","i5"],"br0","internal",["map",[]]]],"headings":["_uuid","name","type","options"]}
"""


def test_recorded_output_reads_as_bridges_ports_and_interfaces():
    s = parse_snapshot(RECORDED)
    assert s["bridges"]["br0"] == {
        "datapath_type": "netdev",
        "rstp_enable": True,
        "other_config": {"rstp-priority": "61440"},
        "external_ids": {},
        "ports": ["b1", "br0", "gi1-0-1", "pp"],
    }
    assert s["ports"]["gi1-0-1"]["tag"] == 30 and s["ports"]["gi1-0-1"]["trunks"] == []
    assert s["ports"]["b1"]["interfaces"] == ["x1", "x2"]
    assert s["ports"]["b1"]["trunks"] == [10, 20] and s["ports"]["b1"]["lacp"] == "active"
    assert s["ports"]["br0"]["trunks"] == [20]  # a one-element set prints as the bare value
    assert s["interfaces"]["pp"] == {"type": "patch", "options": {"peer": "zz"}}
    assert s["interfaces"]["x1"]["type"] == "system"


def test_garbled_output_is_an_error_not_an_empty_switch():
    with pytest.raises(OvsError, match="expected 3 tables"):
        parse_snapshot("{}\n")


@pytest.mark.parametrize(
    ("ios", "ovs"),
    [
        ("GigabitEthernet1/0/5", "gi1-0-5"),
        ("Gi2/0/41", "gi2-0-41"),
        ("TwentyFiveGigE1/0/12", "twe1-0-12"),
        ("HundredGigE1/0/49", "hu1-0-49"),
        ("TenGigabitEthernet8/1/1", "te8-1-1"),
        ("Port-channel100", "po100"),
    ],
)
def test_port_names_keep_the_member_and_port_numbers(ios, ovs):
    assert ovs_port_name(ios) == ovs


@pytest.mark.parametrize("bad", ["Vlan10", "Loopback0", "GigabitEthernet1/0", "eth0", "Gi1/0/1/2"])
def test_names_that_are_not_switch_ports_are_refused(bad):
    with pytest.raises(ValueError):
        ovs_port_name(bad)


def test_a_port_channel_is_a_patch_port_a_lag_bridge_and_a_bond():
    assert lag_names("po100") == {
        "port": "po100",
        "bridge": "po100-lag",
        "bond": "po100-lacp",
        "patch": "po100-patch",
    }


def test_vlan_modes_follow_the_catalyst():
    assert vlan_columns({"mode": "access", "access_vlan": 20, "voice_vlan": None}) == {
        "vlan_mode": "access",
        "tag": 20,
        "trunks": [],
    }
    assert vlan_columns({"mode": "access", "access_vlan": 30, "voice_vlan": 40}) == {
        "vlan_mode": "native-untagged",
        "tag": 30,
        "trunks": [30, 40],
    }
    assert vlan_columns({"mode": "trunk", "native_vlan": 10, "allowed_vlans": [50, 10]}) == {
        "vlan_mode": "native-untagged",
        "tag": 10,
        "trunks": [10, 50],
    }
    assert vlan_columns({"mode": "trunk", "native_vlan": None, "allowed_vlans": [5]}) == {
        "vlan_mode": "trunk",
        "tag": None,
        "trunks": [5],
    }


def test_a_trunk_allowing_nothing_is_refused_since_ovs_would_read_every_vlan():
    with pytest.raises(ValueError, match="no allowed VLAN"):
        vlan_columns({"name": "Gi1/0/1", "mode": "trunk", "native_vlan": 10, "allowed_vlans": []})


def _design(demo, host):
    intent = demo.devices[host].intent()
    return intent["interfaces"], intent["port_channels"]


def test_the_selection_brings_port_channel_members_and_refuses_strays(demo):
    interfaces, channels = _design(demo, "pasteur-swb")
    internal = next(c for c in channels if c["mode"] != "routed")
    number = internal["name"].removeprefix("Port-channel")
    members = [ovs_port_name(m) for m in internal["members"]]
    plan = switch_plan("sw1", "netdev", interfaces, channels, only=["Gi1/0/1", internal["name"]])
    assert plan["selected"] == ["gi1-0-1", f"po{number}"]
    bond = next(p for p in plan["ports"] if p.name == f"po{number}-lacp")
    assert (bond.bridge, bond.interfaces, bond.columns["lacp"]) == (
        f"po{number}-lag",
        members,
        "active",
    )
    with pytest.raises(ValueError, match=f"select the port-channel instead of {members[0]}"):
        switch_plan("sw1", "netdev", interfaces, channels, only=[internal["members"][0]])
    with pytest.raises(ValueError, match="not in the design of this switch: gi9-0-1"):
        switch_plan("sw1", "netdev", interfaces, channels, only=["Gi9/0/1"])


def test_the_whole_design_keeps_shut_ports_off_the_bridge(demo):
    interfaces, channels = _design(demo, "moulin-sw1")
    plan = switch_plan("sw1", "netdev", interfaces, channels)
    shut = {ovs_port_name(i["name"]) for i in interfaces if i["shutdown"]}
    routed = {ovs_port_name(c["name"]) for c in channels if c["mode"] == "routed"}
    assert set(plan["absent"]) == shut | routed and shut and routed
    assert not {p.name for p in plan["ports"]} & shut


def test_spanning_tree_alone_only_flags_existing_ports_and_says_what_ovs_lacks(demo):
    interfaces, channels = _design(demo, "pasteur-swa")
    plan = switch_plan(
        "swa",
        "netdev",
        interfaces,
        channels,
        only=["Gi1/0/1", "Port-channel3"],
        manage=("spanning_tree",),
    )
    assert plan["bridges"] == []
    assert {p.name: p.other_config for p in plan["ports"]} == {
        "gi1-0-1": {"rstp-port-admin-edge": "true"},
        "po3": {"rstp-port-admin-edge": None},
    }
    assert not any(p.create or p.columns for p in plan["ports"])
    notes = "\n".join(plan["unsupported"])
    assert "BPDU guard on 1 edge port(s) (gi1-0-1)" in notes
    assert "root guard on po3" in notes


def _snapshot(ports=None, interfaces=None, bridges=None):
    return {"bridges": bridges or {}, "ports": ports or {}, "interfaces": interfaces or {}}


def _port(bridge, **columns):
    port = {
        "bridge": bridge,
        "interfaces": columns.pop("interfaces", None),
        "tag": None,
        "trunks": [],
        "vlan_mode": None,
        "lacp": None,
        "bond_mode": None,
        "other_config": {},
        "external_ids": {},
    }
    port.update(columns)
    return port


def test_a_new_port_is_added_and_set_in_one_transaction():
    spec = PortSpec("gi1-0-5", "sw1", columns=vlan_columns({"mode": "access", "access_vlan": 30}))
    assert [command_text(c) for c in compact(plan_port(_snapshot(), spec))] == [
        "add-port sw1 gi1-0-5",
        "set Port gi1-0-5 tag=30 vlan_mode=access",
    ]


def test_a_port_already_as_designed_needs_nothing():
    columns = vlan_columns({"mode": "access", "access_vlan": 30, "voice_vlan": 40})
    port = _port(
        "sw1", interfaces=["gi1-0-5"], **columns, other_config={"rstp-port-admin-edge": "true"}
    )
    snapshot = _snapshot({"gi1-0-5": port}, {"gi1-0-5": {"type": "system", "options": {}}})
    spec = PortSpec(
        "gi1-0-5", "sw1", columns=columns, other_config={"rstp-port-admin-edge": "true"}
    )
    assert plan_port(snapshot, spec) == []


def test_a_profile_change_leaves_no_residue():
    voice = vlan_columns({"mode": "access", "access_vlan": 30, "voice_vlan": 40})
    port = _port(
        "sw1", interfaces=["gi1-0-5"], **voice, other_config={"rstp-port-admin-edge": "true"}
    )
    snapshot = _snapshot({"gi1-0-5": port}, {"gi1-0-5": {"type": "system", "options": {}}})
    camera = PortSpec(
        "gi1-0-5",
        "sw1",
        columns=vlan_columns({"mode": "access", "access_vlan": 60}),
        other_config={"rstp-port-admin-edge": None},
    )
    assert [command_text(c) for c in plan_port(snapshot, camera)] == [
        "set Port gi1-0-5 tag=60 trunks=[] vlan_mode=access",
        "remove Port gi1-0-5 other_config rstp-port-admin-edge",
    ]


def test_bond_members_change_one_by_one():
    port = _port("po1-lag", interfaces=["te1-1-1", "te1-1-2"], lacp="active")
    snapshot = _snapshot({"po1-lacp": port})
    spec = PortSpec(
        "po1-lacp", "po1-lag", interfaces=["te1-1-1", "te2-1-1"], columns={"lacp": "active"}
    )
    assert plan_port(snapshot, spec) == [
        ["add-bond-iface", "po1-lacp", "te2-1-1"],
        ["del-bond-iface", "po1-lacp", "te1-1-2"],
    ]


def test_a_port_of_another_bridge_is_not_taken_silently():
    snapshot = _snapshot({"gi1-0-5": _port("other", interfaces=["gi1-0-5"])})
    with pytest.raises(OvsError, match="port gi1-0-5 is on bridge other, not sw1"):
        plan_port(snapshot, PortSpec("gi1-0-5", "sw1"))
    with pytest.raises(OvsError, match="is on bridge other"):
        plan_port_absent(snapshot, "sw1", "gi1-0-5")


def test_spanning_tree_settings_never_create_a_port():
    with pytest.raises(OvsError, match="its VLANs must be configured first"):
        plan_port(_snapshot(), PortSpec("gi1-0-5", "sw1", other_config={"a": "b"}, create=False))


def test_a_patch_port_gets_its_type_and_peer():
    spec = PortSpec("po1", "sw1", kind="patch", peer="po1-patch", columns={"tag": 999})
    assert [command_text(c) for c in compact(plan_port(_snapshot(), spec))] == [
        "add-port sw1 po1",
        "set Interface po1 type=patch options:peer=po1-patch",
        "set Port po1 tag=999",
    ]


def test_bridge_settings_change_only_what_differs():
    bridges = {
        "sw1": {
            "datapath_type": "netdev",
            "rstp_enable": True,
            "other_config": {"rstp-priority": "32768", "stale": "x"},
            "external_ids": {},
            "ports": ["sw1"],
        }
    }
    spec = BridgeSpec(
        "sw1",
        datapath_type="netdev",
        rstp_enable=True,
        other_config={"rstp-priority": "61440", "stale": None},
        external_ids={"citynet-members": "1,2"},
    )
    assert [command_text(c) for c in plan_bridge(_snapshot(bridges=bridges), spec)] == [
        "set Bridge sw1 other_config:rstp-priority=61440",
        "remove Bridge sw1 other_config stale",
        'set Bridge sw1 external_ids:citynet-members="1,2"',
    ]
    assert plan_bridge(_snapshot(bridges=bridges), BridgeSpec("sw1", rstp_enable=True)) == []


def test_values_are_quoted_only_when_ovs_vsctl_needs_it():
    assert atom("native-untagged") == "native-untagged"
    assert atom("GigabitEthernet1/0/1") == '"GigabitEthernet1/0/1"'
    assert atom([10, 20]) == "[10,20]"
    assert atom(True) == "true"
