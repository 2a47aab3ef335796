"""How configuration commands change the running configuration."""

from __future__ import annotations

from pathlib import Path

from iosim.device import Device
from iosim_kit import command_output, configure, make_device


def block(device: Device, header: str) -> list[str]:
    node = device.find(header)
    assert node is not None, header
    return node.lines()


def test_new_value_replaces_setting_of_same_key(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(
        device,
        "interface GigabitEthernet1/0/1",
        "switchport access vlan 20",
        "description first",
        "switchport access vlan 30",
        "description second",
    )
    lines = block(device, "interface GigabitEthernet1/0/1")
    assert "switchport access vlan 30" in lines and "switchport access vlan 20" not in lines
    assert lines.count("description second") == 1 and "description first" not in lines


def test_no_removes_by_prefix(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(
        device,
        "interface Gi1/0/2",
        "switchport voice vlan 40",
        "spanning-tree portfast edge",
        "no switchport voice vlan",
        "no spanning-tree portfast",
    )
    assert block(device, "interface GigabitEthernet1/0/2") == []


def test_shutdown_and_no_shutdown(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(device, "interface Gi1/0/3", "shutdown")
    assert block(device, "interface GigabitEthernet1/0/3") == ["shutdown"]
    configure(device, "interface Gi1/0/3", "no shutdown")
    assert block(device, "interface GigabitEthernet1/0/3") == []


def test_no_vlan_removes_block_and_access_vlan_autocreates(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = configure(
        device, "vtp mode transparent", "interface Gi1/0/4", "switchport access vlan 30"
    )
    assert "% Access VLAN does not exist. Creating vlan 30" in out
    assert device.find("vlan 30") is not None
    configure(device, "no vlan 30")
    assert device.find("vlan 30") is None


def test_channel_group_creates_port_channel_and_removal_cleans_members(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = configure(
        device,
        "interface Te1/1/1",
        "channel-group 1 mode active",
        "interface Te2/1/1",
        "channel-group 1 mode active",
    )
    assert "Creating a port-channel interface Port-channel 1" in out
    assert device.find("interface Port-channel1") is not None
    configure(device, "no interface Port-channel1")
    assert device.find("interface Port-channel1") is None
    assert block(device, "interface TenGigabitEthernet1/1/1") == []
    assert block(device, "interface TenGigabitEthernet2/1/1") == []


def test_default_interface_resets_it(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(device, "interface Gi1/0/5", "description x", "switchport mode access", "shutdown")
    out = configure(device, "default interface GigabitEthernet1/0/5")
    assert "Interface GigabitEthernet1/0/5 set to default configuration" in out
    assert block(device, "interface GigabitEthernet1/0/5") == []


def test_trunk_allowed_vlan_set_operations(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    header = "interface Port-channel1"
    configure(device, "interface Port-channel1", "switchport trunk allowed vlan 10,20,30")
    configure(device, "interface Port-channel1", "switchport trunk allowed vlan add 21,22")
    assert block(device, header) == ["switchport trunk allowed vlan 10,20-22,30"]
    configure(device, "interface Port-channel1", "switchport trunk allowed vlan remove 30")
    assert block(device, header) == ["switchport trunk allowed vlan 10,20-22"]
    configure(device, "interface Port-channel1", "switchport trunk allowed vlan none")
    assert block(device, header) == ["switchport trunk allowed vlan none"]
    configure(device, "interface Port-channel1", "switchport trunk allowed vlan all")
    assert block(device, header) == []
    configure(device, "interface Port-channel1", "switchport trunk allowed vlan remove 1")
    assert block(device, header) == ["switchport trunk allowed vlan 2-4094"]


def test_long_allowed_list_prints_on_add_lines(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    vlans = ",".join(str(v) for v in range(100, 400, 3))
    configure(device, "interface Port-channel2", f"switchport trunk allowed vlan {vlans}")
    text = command_output(device, "show running-config interface Port-channel2")
    lines = [line for line in text.splitlines() if "allowed vlan" in line]
    assert len(lines) > 1
    assert lines[1].startswith(" switchport trunk allowed vlan add ")
    assert all(len(line) <= 80 for line in lines)


def test_spanning_tree_vlan_priority_is_grouped(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(
        device,
        "spanning-tree vlan 10,20,30 priority 61440",
        "spanning-tree vlan 11,12 priority 61440",
        "spanning-tree vlan 20 priority 4096",
    )
    lines = [n.text for n in device.config if n.text.startswith("spanning-tree vlan")]
    assert lines == [
        "spanning-tree vlan 10-12,30 priority 61440",
        "spanning-tree vlan 20 priority 4096",
    ]
    out = configure(device, "spanning-tree vlan 40 priority 100")
    assert "% Bridge Priority must be in increments of 4096." in out


def test_unknown_and_missing_interfaces_are_rejected_with_marker(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = configure(device, "foo bar", "interface GigabitEthernet3/0/1")
    lines = out.splitlines()
    i = lines.index("jaures-sw1(config)#foo bar")
    assert lines[i + 1] == " " * len("jaures-sw1(config)#") + "^"
    assert lines[i + 2] == "% Invalid input detected at '^' marker."
    j = lines.index("jaures-sw1(config)#interface GigabitEthernet3/0/1")
    assert lines[j + 1].index("^") == len("jaures-sw1(config)#interface ")
    assert device.find("interface GigabitEthernet3/0/1") is None


def test_provisioning_a_member_adds_its_interfaces(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(device, "switch 3 provision c9300-24p", "interface Gi3/0/24", "description spare")
    assert block(device, "interface GigabitEthernet3/0/24") == ["description spare"]
    assert device.find("interface GigabitEthernet3/0/25") is None


def test_vlans_print_only_in_vtp_transparent_mode(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(device, "vlan 10", "name MGMT", "vlan 20-22")
    assert "vlan 10" not in device.render_body()
    configure(device, "vtp mode transparent")
    body = device.render_body()
    assert "vlan 10\n name MGMT\n!\n" in body
    assert "vlan 20-22\n!\n" in body


def test_router_lines(tmp_path: Path) -> None:
    device = make_device(tmp_path, name="jaures-4g")
    out = configure(
        device,
        "ip dhcp pool SECOURS-4G",
        "network 192.168.50.0 255.255.255.0",
        "lease 0 12 0",
        "ip access-list standard NAT-LAN",
        "permit 192.168.50.0 0.0.0.255",
        "permit host 10.0.0.1",
        "controller Cellular 0/1/0",
        "lte sim data-profile 1 attach-profile 1",
        "profile id 1 apn internet.m2m",
    )
    assert "Invalid" not in out
    assert block(device, "ip dhcp pool SECOURS-4G") == [
        "network 192.168.50.0 255.255.255.0",
        "lease 0 12",
    ]
    assert block(device, "ip access-list standard NAT-LAN") == [
        "10 permit 192.168.50.0 0.0.0.255",
        "20 permit 10.0.0.1",
    ]
    configure(device, "ip access-list standard NAT-LAN", "no permit 10.0.0.1")
    assert block(device, "ip access-list standard NAT-LAN") == ["10 permit 192.168.50.0 0.0.0.255"]
    assert "interface Port-channel1" in configure(device, "interface Port-channel1")


def test_rendered_school_configuration_is_accepted_and_idempotent(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    lines = [
        "hostname jaures-sw1",
        "switch 1 provision c9300-48p",
        "vtp mode transparent",
        "spanning-tree mode rapid-pvst",
        "spanning-tree extend system-id",
        "spanning-tree loopguard default",
        "spanning-tree vlan 10,20,30,40,50,60,90,999 priority 61440",
        "errdisable recovery cause bpduguard",
        "errdisable recovery interval 300",
        "vlan 10",
        " name MGMT",
        "interface Port-channel1",
        " description uplink core-a",
        " switchport trunk native vlan 999",
        " switchport trunk allowed vlan 10,20,30,40,50,60,90",
        " switchport mode trunk",
        " spanning-tree guard loop",
        "interface GigabitEthernet1/0/1",
        " description PC pedagogique",
        " switchport access vlan 30",
        " switchport mode access",
        " switchport voice vlan 40",
        " switchport nonegotiate",
        " spanning-tree portfast edge trunk",
        " spanning-tree portfast",
        " spanning-tree bpduguard enable",
        " shutdown",
        " no shutdown",
        " spanning-tree guard root",
        " spanning-tree guard none",
        "interface TenGigabitEthernet1/1/1",
        " channel-group 1 mode active",
        "interface Vlan10",
        " description management",
        " ip address 10.40.8.2 255.255.255.192",
        " no shutdown",
        "ip default-gateway 10.40.8.1",
    ]
    out = configure(device, *lines)
    assert "Invalid" not in out and "Incomplete" not in out and "Ambiguous" not in out
    first = device.render_body()
    configure(device, *lines)
    assert device.render_body() == first
    shown = command_output(device, "show running-config interface GigabitEthernet1/0/1")
    assert shown.split("!\n", 1)[1] == (
        "interface GigabitEthernet1/0/1\n"
        " description PC pedagogique\n"
        " switchport access vlan 30\n"
        " switchport mode access\n"
        " switchport nonegotiate\n"
        " switchport voice vlan 40\n"
        " spanning-tree portfast\n"
        " spanning-tree bpduguard enable\n"
        " spanning-tree guard none\n"
        "end\n"
    )
