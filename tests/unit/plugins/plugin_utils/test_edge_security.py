"""Access-edge security: what the design snoops, trusts and limits, and its rendered lines.

The trusted ports are worked out here from the school files themselves (the
uplinks a stack bundles towards a core or the routing stack, the backup
router's port), not from the design's own lists.
"""

from __future__ import annotations

import re

import pytest
import yaml
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.blocks import parse_blocks
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.net.interfaces import canonical_name
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
    render_device,
    render_school_readme,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    DEMO,
    city_after,
    messages,
)

# the lines of the concern, top-level and under a port
EDGE_LINE = re.compile(
    r"^(no )?ip dhcp snooping|^ip arp inspection|^switchport port-security|^storm-control"
    r"|^ip verify source"
)


@pytest.fixture(scope="module")
def demo():
    return design_city(DEMO)


def _stacks(city):
    return [d for d in city.devices.values() if d.kind == "switch_stack"]


def _blocks(device) -> dict[str, list[str]]:
    return {
        top: [c.strip() for c in children] for top, children in parse_blocks(render_device(device))
    }


def _client_vlans() -> set[int]:
    """VLANs whose hosts take their address from DHCP, read from city.yml."""
    city = yaml.safe_load((DEMO / "city.yml").read_text(encoding="utf-8"))
    return {v["id"] for v in city["vlans"] if "dhcp" in v}


def _expected_trust(device) -> set[str]:
    """Layer-2 bundles a stack has towards a core or towards its school's routing stack,
    and the backup router's port, from the school's YAML file."""
    school = yaml.safe_load((DEMO / "schools" / f"{device.school.code}.yml").read_text("utf-8"))
    stack = device.stack.name
    models = {s["name"]: s["members"][0]["model"] for s in school["stacks"]}
    out = set()
    for uplink in school["uplinks"]:
        if uplink["stack"] != stack:
            continue
        routed = "core" in uplink["to"] and not models[stack].startswith("WS-C2960")
        if not routed:  # a 2960-X routes over a transit trunk; a stack reaches the router stack
            out.add(f"Port-channel{uplink['channel']}")
    router = school.get("backup_router")
    if router and router["switch_port"]["stack"] == stack:
        out.add(canonical_name(router["switch_port"]["port"]))
    return out


def test_every_client_vlan_is_snooped_on_every_stack(demo):
    wanted = _client_vlans()
    assert wanted == {20, 30, 40, 50}
    for device in _stacks(demo):
        tops = list(_blocks(device))
        listed = [t for t in tops if t.startswith("ip dhcp snooping vlan ")]
        assert listed == ["ip dhcp snooping vlan 20,30,40,50"], device.hostname
        assert "ip dhcp snooping" in tops and "no ip dhcp snooping information option" in tops


def test_trusted_ports_are_exactly_the_uplinks_and_the_router_port(demo):
    seen = set()
    for device in _stacks(demo):
        trusted = {
            top.removeprefix("interface ")
            for top, children in _blocks(device).items()
            if "ip dhcp snooping trust" in children
        }
        assert trusted == _expected_trust(device), device.hostname
        seen |= {device.hostname} if trusted else set()
    # a 2960-X school (transit trunks), a routed 9300 school (router port only) and a
    # building's stack behind the routing stack are all in the demo city
    curie = demo.devices["curie-sw1"]
    assert set(curie.intent()["edge_security"]["dhcp_trusted"]) == {
        "Port-channel1",
        "Port-channel2",
        "GigabitEthernet1/0/24",
    }
    assert demo.devices["hugo-sw1"].intent()["edge_security"]["dhcp_trusted"] == [
        "GigabitEthernet1/0/48"
    ]
    assert demo.devices["pasteur-swa"].intent()["edge_security"]["dhcp_trusted"] == []
    assert "pasteur-swb" in seen


def test_untrusted_client_ports_are_rate_limited_and_storm_controlled(demo):
    device = demo.devices["curie-sw1"]
    blocks = _blocks(device)
    teaching = blocks["interface GigabitEthernet1/0/1"]
    assert "ip dhcp snooping limit rate 15" in teaching
    assert "storm-control broadcast level 1.00" in teaching
    assert "storm-control action trap" in teaching
    router = blocks["interface GigabitEthernet1/0/24"]
    assert "ip dhcp snooping trust" in router
    assert not any(c.startswith("ip dhcp snooping limit") for c in router)
    camera = blocks["interface GigabitEthernet1/0/19"]  # VLAN 60: fixed addresses, not snooped
    assert not any(c.startswith("ip dhcp snooping") for c in camera)
    unused = blocks["interface GigabitEthernet1/0/21"]  # parked and shut
    assert "shutdown" in unused and not any(EDGE_LINE.match(c) for c in unused)


def test_camera_profile_gets_one_address(demo):
    camera = _blocks(demo.devices["curie-sw1"])["interface GigabitEthernet1/0/19"]
    assert [c for c in camera if c.startswith("switchport port-security")] == [
        "switchport port-security maximum 1",
        "switchport port-security violation restrict",
        "switchport port-security",
    ]
    teaching = _blocks(demo.devices["curie-sw1"])["interface GigabitEthernet1/0/1"]
    assert not any(c.startswith("switchport port-security") for c in teaching)


def test_settings_off_give_no_line(tmp_path):
    def off(city):
        city["edge_security"] = {"dhcp_snooping": False, "storm_control": {"enabled": False}}
        del city["port_profiles"]["camera"]["port_security"]

    city, _root = city_after(tmp_path, city_change=off)
    assert messages(city) == []
    for device in _stacks(city):
        text = render_device(device)
        assert not [line for line in text.splitlines() if EDGE_LINE.match(line.strip())]
        assert device.intent()["edge_security"]["ports"] == {}


def test_arp_inspection_and_source_guard_where_the_city_enables_them(tmp_path):
    def on(city):
        city["edge_security"].update(arp_inspection=True, ip_source_guard=True)

    city, _root = city_after(tmp_path, city_change=on)
    assert messages(city) == []
    swa = _blocks(city.devices["pasteur-swa"])
    assert "ip arp inspection vlan 20,30,40,50" in swa
    # the bundle to the building's stack: trusted for ARP (each stack inspects its own
    # ports), not for DHCP (no answer comes from there)
    downlinks = [
        children
        for top, children in swa.items()
        if top.startswith("interface Port-channel") and "ip arp inspection trust" in children
    ]
    assert downlinks and all("ip dhcp snooping trust" not in c for c in downlinks)
    curie = _blocks(city.devices["curie-sw1"])
    assert "ip verify source" in curie["interface GigabitEthernet1/0/1"]  # VLANs 30 and 40
    assert "ip verify source" not in curie["interface GigabitEthernet1/0/19"]  # camera, VLAN 60
    assert "ip verify source" not in curie["interface GigabitEthernet1/0/24"]  # trusted router
    for port in ("interface Port-channel1", "interface GigabitEthernet1/0/24"):
        assert "ip arp inspection trust" in curie[port]


def test_a_school_may_turn_snooping_off(tmp_path):
    city, _root = city_after(
        tmp_path, "hugo", lambda school: school.update(edge_security={"dhcp_snooping": False})
    )
    assert messages(city) == []
    hugo = render_device(city.devices["hugo-sw1"])
    assert "ip dhcp snooping" not in hugo
    assert "storm-control broadcast level 1.00" in hugo  # storm control stays
    assert "ip dhcp snooping vlan 20,30,40,50" in render_device(city.devices["curie-sw1"])


def test_a_camera_profile_with_a_phone_is_refused(tmp_path):
    def phone(city):
        city["port_profiles"]["pc_teaching"]["port_security"] = {"maximum": 1}

    city, _root = city_after(tmp_path, city_change=phone)
    assert any(
        "port_profiles.pc_teaching.port_security.maximum" in m and "behind the phone" in m
        for m in messages(city)
    )


def test_storm_control_options(tmp_path):
    def strict(city):
        city["edge_security"]["storm_control"] = {
            "broadcast": 0.5,
            "multicast": 5,
            "action": "shutdown",
        }

    city, _root = city_after(tmp_path, city_change=strict)
    port = _blocks(city.devices["curie-sw1"])["interface GigabitEthernet1/0/1"]
    assert [c for c in port if c.startswith("storm-control")] == [
        "storm-control broadcast level 0.50",
        "storm-control multicast level 5.00",
        "storm-control action shutdown",
    ]


def test_cores_carry_no_edge_security(demo):
    for device in demo.devices.values():
        if device.kind == "core":
            assert "edge_security" not in device.intent()
            assert not [
                line for line in render_device(device).splitlines() if EDGE_LINE.match(line.strip())
            ]


def test_unused_ports_stay_parked_and_shut(demo):
    """Ports no assignment names: the parking VLAN, shut (the vlans concern), nothing more."""
    for device in _stacks(demo):
        for top, children in _blocks(device).items():
            if "description Libre" in children:
                assert "switchport access vlan 999" in children and "shutdown" in children, top


def test_the_readme_tells_the_technician(tmp_path):
    def on(city):
        city["edge_security"].update(arp_inspection=True, ip_source_guard=True)

    city, _root = city_after(tmp_path, city_change=on)
    readme = render_school_readme(city, "curie")
    assert (
        "Ports de confiance DHCP, seuls à pouvoir répondre en DHCP : Port-channel1, "
        "Port-channel2, GigabitEthernet1/0/24." in readme
    )
    assert "Inspection ARP et IP source guard actifs" in readme
    assert "- profil camera : 1 adresse MAC" in readme
    default = render_school_readme(design_city(DEMO), "curie")
    assert "Inspection ARP" not in default and "IP source guard" not in default
