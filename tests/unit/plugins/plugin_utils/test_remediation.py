"""Deploy plans: removals computed from running vs intended, per concern, and the management guard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.guard import management_guard
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import (
    plan_device,
    scoped_text,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import city_after

DEMO = Path(__file__).resolve().parents[4] / "inventories" / "demo"


@pytest.fixture(scope="module")
def demo():
    return design_city(DEMO)


def _children(lines: list[str], parent: str) -> list[str]:
    out, inside = [], False
    for line in lines:
        if not line.startswith(" "):
            inside = line == parent
        elif inside:
            out.append(line.strip())
    return out


def test_intended_equals_running_plans_nothing(demo):
    for device in demo.devices.values():
        text = render_device(device, {"sim_pin": "1234"})
        plan = plan_device(device.intent(), text, text)
        assert not plan.changed, device.hostname
        assert plan.refused == []


def test_profile_change_leaves_no_residue(demo, tmp_path):
    before = render_device(demo.devices["curie-sw1"])

    def to_printer(data):
        data["stacks"][0]["ports"][0]["profile"] = "printer"

    city, _root = city_after(tmp_path, "curie", to_printer)
    device = city.devices["curie-sw1"]
    plan = plan_device(device.intent(), render_device(device), before)
    port = _children(plan.commands["vlans"], "interface GigabitEthernet1/0/1")
    assert "no switchport voice vlan 40" in port
    assert "description Imprimante" in port
    assert not any("access vlan" in line for line in port), "the access VLAN is unchanged"
    assert plan.commands["stp_hardening"] == []
    assert plan.refused == []


def test_trunk_to_access_removes_allowed_and_native(demo, tmp_path):
    before = render_device(demo.devices["curie-sw1"])

    def ap_to_camera(data):
        data["stacks"][0]["ports"][3]["profile"] = "camera"  # Gi1/0/16-18 were wifi_ap trunks

    city, _root = city_after(tmp_path, "curie", ap_to_camera)
    device = city.devices["curie-sw1"]
    plan = plan_device(device.intent(), render_device(device), before)
    port = _children(plan.commands["vlans"], "interface GigabitEthernet1/0/16")
    assert "no switchport trunk allowed vlan 10,50" in port
    assert "no switchport trunk native vlan 10" in port
    assert "switchport access vlan 60" in port
    stp = _children(plan.commands["stp_hardening"], "interface GigabitEthernet1/0/16")
    assert stp == ["no spanning-tree portfast trunk", "spanning-tree portfast"]


def test_unintended_vlan_and_port_channel_are_removed(demo):
    device = demo.devices["curie-sw1"]
    intended = render_device(device)
    running = intended + "vlan 70\n name OLD\ninterface Port-channel9\n switchport mode trunk\n"
    plan = plan_device(device.intent(), intended, running)
    assert "no vlan 70" in plan.commands["vlans"]
    assert "no interface Port-channel9" in plan.commands["vlans"]


def test_lines_outside_every_concern_are_never_touched(demo):
    device = demo.devices["curie-sw1"]
    intended = render_device(device)
    # lines of a kind the design never makes: whatever concerns come, none owns them
    running = intended + "alias exec ll show ip interface brief\nmacro global description lab\n"
    plan = plan_device(device.intent(), intended, running)
    assert not plan.changed


def test_each_concern_owns_its_lines(demo):
    text = render_device(demo.devices["jaures-sw1"])
    stp = scoped_text(text, "stp_hardening")
    vlans = scoped_text(text, "vlans")
    routing = scoped_text(text, "routing")
    dhcp = scoped_text(text, "dhcp_service")
    failover = scoped_text(text, "failover")
    assert "spanning-tree bpduguard enable" in stp and "spanning-tree" not in vlans
    assert "switchport access vlan 30" in vlans and "switchport" not in stp
    # a routed uplink: vlans makes it routed, routing addresses it
    assert "interface Port-channel1\n description uplink core-a\n no switchport\n" in vlans
    assert "interface Port-channel1\n ip address 10.31.0.9 255.255.255.254\n" in routing
    assert "ip address" not in vlans and "no switchport" not in routing
    # the gateway is routing's, its relay dhcp_service's
    assert (
        "interface Vlan20\n description ADMIN\n ip address 10.32.9.1 255.255.255.128\n" in routing
    )
    assert (
        "interface Vlan20\n ip helper-address 10.30.1.10\n ip helper-address 10.30.1.11\n" in dhcp
    )
    assert "helper" not in routing
    assert "router ospf 1\n" in routing and "router ospf" not in failover
    assert failover.splitlines()[-3:] == [
        "ip route 0.0.0.0 0.0.0.0 10.31.0.8 name fibre-core-a track 1",
        "ip route 0.0.0.0 0.0.0.0 10.31.0.10 name fibre-core-b track 2",
        "ip route 0.0.0.0 0.0.0.0 10.32.8.66 250 name secours-4g",
    ]
    assert "ip route" not in routing
    assert scoped_text(text, "identity").splitlines() == ["hostname jaures-sw1"]
    assert scoped_text(text, "switch_stack").splitlines() == [
        "switch 1 provision c9300-48p",
        "switch 2 provision c9300-48p",
    ]


def test_moving_an_uplink_is_refused(demo):
    device = demo.devices["curie-sw1"]
    intended = render_device(device)
    blocks = intended.split("!\n")
    for i, block in enumerate(blocks):
        if block.startswith("interface GigabitEthernet1/0/25\n"):
            blocks[i] = block.replace(" channel-group 1 mode active\n", "")
        if block.startswith("interface GigabitEthernet1/0/23\n"):
            blocks[i] = block + " channel-group 1 mode active\n"
    running = "!\n".join(blocks)
    plan = plan_device(device.intent(), intended, running)
    assert plan.refused and plan.refused[0].startswith(
        "uplink Port-channel1 would move from GigabitEthernet1/0/23, GigabitEthernet1/0/26 to "
        "GigabitEthernet1/0/25, GigabitEthernet1/0/26"
    )
    allowed = plan_device(device.intent(), intended, running, allow_uplink_change=True)
    assert not any("would move" in r for r in allowed.refused)


def _channel_of(text: str, port: str, group: int | None) -> str:
    """`text` with `port` in channel-group `group` (None: in none)."""
    blocks = text.split("!\n")
    for i, block in enumerate(blocks):
        if block.startswith(f"interface {port}\n"):
            block = re.sub(r" channel-group \d+ mode active\n", "", block)
            if group is not None:
                block += f" channel-group {group} mode active\n"
            blocks[i] = block
    return "!\n".join(blocks)


def test_readding_a_member_that_dropped_out_of_an_uplink_is_a_repair(demo):
    device = demo.devices["curie-sw1"]
    intended = render_device(device)
    running = _channel_of(intended, "GigabitEthernet1/0/26", None)  # `no channel-group` on it
    assert management_guard(device.intent(), running, {}, False) == []
    plan = plan_device(device.intent(), intended, running)
    assert plan.refused == []
    assert plan.commands["vlans"] == [
        "interface GigabitEthernet1/0/26",
        " channel-group 1 mode active",
    ]


def test_a_running_member_outside_the_design_is_a_move(demo):
    device = demo.devices["curie-sw1"]
    intended = render_device(device)
    # the bundle runs on one designed link and one the design does not have
    running = _channel_of(
        _channel_of(intended, "GigabitEthernet1/0/26", None), "GigabitEthernet1/0/23", 1
    )
    assert management_guard(device.intent(), running, {}, False) == [
        "uplink Port-channel1 would move from GigabitEthernet1/0/23, GigabitEthernet1/0/25 to "
        "GigabitEthernet1/0/25, GigabitEthernet1/0/26; set schools_allow_uplink_change to allow it"
    ]
    assert management_guard(device.intent(), running, {}, True) == []


def test_taking_a_designed_member_from_another_bundle_is_a_move(demo):
    device = demo.devices["curie-sw1"]
    intended = render_device(device)
    # Gi1/0/26 runs in the other uplink: adding it to Port-channel1 would take it from there
    running = _channel_of(intended, "GigabitEthernet1/0/26", 2)
    assert management_guard(device.intent(), running, {}, False) == [
        "uplink Port-channel1 would take GigabitEthernet1/0/26 from Port-channel2; "
        "set schools_allow_uplink_change to allow it",
        "uplink Port-channel2 would move from GigabitEthernet1/0/26, GigabitEthernet1/0/27, "
        "GigabitEthernet1/0/28 to GigabitEthernet1/0/27, GigabitEthernet1/0/28; "
        "set schools_allow_uplink_change to allow it",
    ]
    assert management_guard(device.intent(), running, {}, True) == []


@pytest.mark.parametrize(
    ("parent", "child", "reason"),
    [
        (
            "interface Port-channel1",
            "shutdown",
            "'shutdown' on Port-channel1 would cut the management path",
        ),
        (
            "interface GigabitEthernet1/0/25",
            "no channel-group 1 mode active",
            "'no channel-group 1 mode active' on GigabitEthernet1/0/25 would cut the management path",
        ),
        (
            "interface Port-channel1",
            "switchport trunk allowed vlan remove 10",
            "'switchport trunk allowed vlan remove 10' on Port-channel1 removes management VLAN 10",
        ),
        (
            "interface Vlan10",
            "no ip address",
            "'no ip address' on Vlan10 would cut the management path",
        ),
    ],
)
def test_management_guard(demo, parent, child, reason):
    device = demo.devices["curie-sw1"]
    reasons = management_guard(
        device.intent(), render_device(device), {"vlans": [parent, f" {child}"]}, False
    )
    assert reasons == [reason]


def test_removing_the_management_vlan_is_refused(demo):
    device = demo.devices["curie-sw1"]
    reasons = management_guard(device.intent(), "", {"vlans": ["no vlan 10"]}, False)
    assert reasons == ["'no vlan 10' removes the management path"]


def test_core_ports_the_design_does_not_use_are_not_removed(demo):
    core = demo.devices["core-a"]
    intended = render_device(core)
    running = (
        intended
        + "interface TwentyFiveGigE1/0/40\ninterface TwentyFiveGigE1/0/41\n description old school\n switchport mode trunk\n"
    )
    running += "switch 1 provision c9500-48y4c\n"
    plan = plan_device(core.intent(), intended, running)
    assert "switch_stack" not in plan.commands, "a core has no stack concern"
    assert not any("provision" in line for lines in plan.commands.values() for line in lines)
    assert not any(
        line.startswith("no interface TwentyFiveGigE") for line in plan.commands["vlans"]
    )
    assert _children(plan.commands["vlans"], "interface TwentyFiveGigE1/0/41") == [
        "no description old school",
        "no switchport mode trunk",
    ]


def _l2_uplinks(text: str) -> str:
    """The same configuration with its uplink bundle switched, as in the layer-2 city design."""
    blocks = text.split("!\n")
    for i, block in enumerate(blocks):
        if block.startswith(("interface Port-channel1\n", "interface TenGigabitEthernet1/1/1\n")):
            blocks[i] = (
                block.replace(" no switchport\n", " switchport mode trunk\n")
                .replace(" ip address 10.31.0.9 255.255.255.254\n", "")
                .replace(" no ip address\n", "")
            )
    return "!\n".join(blocks)


def test_turning_a_switched_uplink_routed_is_refused_unless_allowed(demo):
    device = demo.devices["jaures-sw1"]
    intended = render_device(device)
    running = _l2_uplinks(intended)
    plan = plan_device(device.intent(), intended, running)
    assert "'no switchport' on Port-channel1 would cut the management path" in plan.refused
    assert (
        "'no switchport' on TenGigabitEthernet1/1/1 would cut the management path" in plan.refused
    )
    assert plan_device(device.intent(), intended, running, allow_uplink_change=True).refused == []


def test_readdressing_a_routed_uplink_is_refused(demo):
    device = demo.devices["jaures-sw1"]
    intended = render_device(device)
    running = intended.replace(
        "ip address 10.31.0.9 255.255.255.254", "ip address 10.31.9.9 255.255.255.254"
    )
    plan = plan_device(device.intent(), intended, running)
    assert plan.refused == [
        "'ip address 10.31.0.9 255.255.255.254' on Port-channel1 would cut the management path"
    ]
    assert _children(plan.commands["routing"], "interface Port-channel1") == [
        "ip address 10.31.0.9 255.255.255.254"
    ]


def test_turning_routing_off_is_refused(demo):
    device = demo.devices["jaures-sw1"]
    reasons = management_guard(device.intent(), "", {"routing": ["no ip routing"]}, False)
    assert reasons == ["'no ip routing' would cut the routed management path"]


def test_a_router_lan_shut_out_of_the_box_is_enabled(demo):
    """The field lesson: a router's LAN interface may come disabled; the plan enables it."""
    device = demo.devices["jaures-4g"]
    intended = render_device(device)
    running = intended.replace(
        " ip nat inside\n!\ninterface Cellular", " ip nat inside\n shutdown\n!\ninterface Cellular"
    )
    assert running != intended
    plan = plan_device(device.intent(), intended, running)
    assert _children(plan.commands["backup_router"], "interface GigabitEthernet0/0/0") == [
        "no shutdown"
    ]
    assert plan.refused == []


def test_a_running_probe_is_deleted_and_made_anew_not_edited(demo):
    """A scheduled IP SLA operation cannot be modified on IOS: the plan deletes and recreates it."""
    device = demo.devices["jaures-sw1"]
    intended = render_device(device)
    running = intended.replace(
        "icmp-echo 10.31.0.8 source-interface Port-channel1",
        "icmp-echo 10.31.0.99 source-interface Port-channel1",
    )
    assert running != intended
    plan = plan_device(device.intent(), intended, running)
    assert plan.commands["failover"] == [
        "no ip sla 1",
        "ip sla 1",
        " icmp-echo 10.31.0.8 source-interface Port-channel1",
        " frequency 5",
        "ip sla schedule 1 life forever start-time now",
    ]
    assert plan.refused == []


def test_a_new_probe_is_simply_added(demo):
    device = demo.devices["jaures-sw1"]
    intended = render_device(device)
    running = "\n".join(
        line
        for line in intended.splitlines()
        if not line.startswith(("ip sla 2", "ip sla schedule 2", "track 2 "))
        and "source-interface Port-channel2" not in line
    )
    lines = plan_device(device.intent(), intended, running).commands["failover"]
    assert "no ip sla 2" not in lines
    assert "ip sla 2" in lines and "ip sla schedule 2 life forever start-time now" in lines
