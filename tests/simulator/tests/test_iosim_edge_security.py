"""DHCP snooping, ARP inspection, storm control and port security in the simulator.

The lines and `show ip dhcp snooping` follow the Cisco Catalyst 2960-X / 9300
Security Configuration Guides and public captures (cited in iosim/commands.py
and iosim/show/dhcp.py); the output is read back with the collection's own
TextFSM template, as verify reads it.
"""

from __future__ import annotations

from pathlib import Path

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show
from iosim.device import Device
from iosim_kit import command_output, configure, make_device


def _lines(device: Device, header: str) -> list[str]:
    node = device.find(header)
    assert node is not None, header
    return node.lines()


def _snooping(device: Device) -> dict:
    [row] = parse_show(
        "cisco_ios", "show ip dhcp snooping", command_output(device, "show ip dhcp snooping")
    )
    return row


def test_snooping_lines_are_accepted_and_shown(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = configure(
        device,
        "vtp mode transparent",
        "vlan 20",
        "vlan 30",
        "ip dhcp snooping vlan 20",
        "ip dhcp snooping vlan 30,40",
        "no ip dhcp snooping information option",
        "ip dhcp snooping",
        "ip arp inspection vlan 20,30",
        "interface Port-channel1",
        "switchport mode trunk",
        "ip dhcp snooping trust",
        "ip arp inspection trust",
        "interface GigabitEthernet1/0/1",
        "switchport access vlan 30",
        "switchport mode access",
        "switchport port-security maximum 1",
        "switchport port-security violation restrict",
        "switchport port-security",
        "storm-control broadcast level 1.00",
        "storm-control action trap",
        "ip verify source",
        "ip dhcp snooping limit rate 15",
    )
    assert "Invalid" not in out and "Incomplete" not in out and "rejected" not in out
    body = device.render_body()
    # the VLAN ranges add up into one line
    assert (
        "ip dhcp snooping vlan 20,30,40\nno ip dhcp snooping information option\nip dhcp snooping\n"
        in body
    )
    assert "ip arp inspection vlan 20,30\n" in body
    assert _lines(device, "interface GigabitEthernet1/0/1")[-7:] == [
        "switchport port-security maximum 1",
        "switchport port-security violation restrict",
        "switchport port-security",
        "storm-control broadcast level 1.00",
        "storm-control action trap",
        "ip verify source",
        "ip dhcp snooping limit rate 15",
    ]
    row = _snooping(device)
    assert row["enabled"] == "enabled"
    assert row["configured_vlans"] == ["20,30,40"]
    assert row["operational_vlans"] == ["20,30"]  # VLAN 40 does not exist
    assert row["option82"] == "disabled"
    assert list(zip(row["interface"], row["trusted"], row["rate_limit"], strict=True)) == [
        ("Port-channel1", "yes", "unlimited"),
        ("GigabitEthernet1/0/1", "no", "15"),
    ]


def test_snooping_off_and_vlans_taken_out(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(
        device, "ip dhcp snooping vlan 20-23", "ip dhcp snooping", "no ip dhcp snooping vlan 21"
    )
    assert "ip dhcp snooping vlan 20,22,23\n" in device.render_body()
    configure(device, "no ip dhcp snooping")
    row = _snooping(device)
    # `no ip dhcp snooping` turns it off and keeps the VLAN list
    assert (row["enabled"], row["configured_vlans"], row["operational_vlans"]) == (
        "disabled",
        ["20,22,23"],
        ["none"],
    )
    assert row["option82"] == "enabled" and row["interface"] == []


def test_port_security_needs_a_static_port(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = configure(device, "interface GigabitEthernet1/0/2", "switchport port-security")
    assert "Command rejected: GigabitEthernet1/0/2 is a dynamic port." in out
    assert "switchport port-security" not in _lines(device, "interface GigabitEthernet1/0/2")


def test_wrong_values_are_refused(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    for line in (
        "storm-control broadcast level 150",
        "storm-control broadcast 1.00",
        "storm-control action drop",
        "ip dhcp snooping limit rate 0",
        "switchport port-security violation block",
    ):
        out = configure(device, "interface GigabitEthernet1/0/3", line)
        assert "% Invalid input" in out or "% Incomplete" in out, line


def test_rendered_edge_lines_are_accepted(tmp_path: Path) -> None:
    """Every edge-security line the design renders for a demo stack, typed at the CLI."""
    root = Path(__file__).resolve().parents[3]
    city = design_city(root / "inventories" / "demo")
    text = render_device(city.devices["hugo-sw1"])
    lines = [line for line in text.splitlines() if line and not line.startswith(("!", "end"))]
    device = make_device(tmp_path, name="jaures-sw1")
    out = configure(device, *lines)
    refused = [
        line
        for line in out.splitlines()
        if line.startswith(("% Invalid", "% Incomplete", "% Ambiguous", "Command rejected"))
    ]
    assert refused == []
    body = device.render_body()
    for line in (
        "ip dhcp snooping vlan 20,30,40,50",
        "no ip dhcp snooping information option",
        " ip dhcp snooping trust",
        " switchport port-security maximum 1",
        " storm-control action trap",
    ):
        assert f"{line}\n" in body, line
