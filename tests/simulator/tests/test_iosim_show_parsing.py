"""Every `show` output parses into the simulator's state with the collection's own
parser (plugins/plugin_utils/verify/parsing.py: the real ntc-templates, or the
collection's templates for the commands ntc-templates lacks or misreads).

Expected values come from the lab definition and the configuration applied
here, not from the renderers, so a formatting slip or a wrong derivation
(roles, VLAN membership, root bridge, ...) fails the comparison.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show
from iosim.device import Device
from iosim.vlanlist import parse_vlan_list
from iosim_kit import command_output, configure, make_device, run_session

UPSTREAM_MAC = "0011.2233.4455"
CONNECTED = ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Te1/1/1", "Te2/1/1", "Gi2/0/5"]
NEIGHBORS = [
    {
        "device": "core-a.ville.fr",
        "local": "Te1/1/1",
        "port": "Te1/0/48",
        "platform": "C9500-48Y4C",
    },
    {"device": "core-b", "local": "Te2/1/1", "port": "Te1/0/47", "platform": "C9500-48Y4C"},
]


@pytest.fixture(scope="module")
def switch(tmp_path_factory: pytest.TempPathFactory) -> Device:
    device = make_device(
        tmp_path_factory.mktemp("show"),
        switch={
            "connected": CONNECTED,
            "err_disabled": {"Gi2/0/5": "bpduguard"},
            "neighbors": NEIGHBORS,
        },
    )
    out = configure(
        device,
        "vtp mode transparent",
        "vlan 10",
        "name MGMT",
        "vlan 30",
        "name PEDAGO",
        "vlan 40",
        "name VOIX",
        "interface Gi1/0/1",
        "description PC pedagogique",
        "switchport access vlan 30",
        "switchport mode access",
        "switchport voice vlan 40",
        "spanning-tree portfast",
        "interface Gi1/0/3",
        "description salle des profs",
        "shutdown",
        "interface Port-channel1",
        "description uplink core-a",
        "switchport trunk native vlan 999",
        "switchport trunk allowed vlan 10,20,30,40,50,60,90",
        "switchport mode trunk",
        "interface Te1/1/1",
        "channel-group 1 mode active",
        "interface Te2/1/1",
        "channel-group 1 mode active",
        "interface Vlan10",
        "ip address 10.40.8.2 255.255.255.192",
        "spanning-tree vlan 40 priority 0",
    )
    assert "Invalid" not in out
    return device


@pytest.fixture(scope="module")
def router(tmp_path_factory: pytest.TempPathFactory) -> Device:
    device = make_device(tmp_path_factory.mktemp("router"), name="jaures-4g")
    configure(
        device,
        "ip dhcp excluded-address 192.168.50.1 192.168.50.99",
        "ip dhcp pool SECOURS-4G",
        "network 192.168.50.0 255.255.255.0",
        "interface GigabitEthernet0/0/0",
        "ip address 192.168.50.1 255.255.255.0",
        "ip nat inside",
    )
    return device


def parse(device: Device, command: str) -> list[dict[str, Any]]:
    return parse_show("cisco_ios", command, command_output(device, command))


def by(records: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in records}


def test_show_version(switch: Device) -> None:
    [record] = parse(switch, "show version")
    members = sorted(switch.spec.members, key=lambda m: -m.priority)
    assert record["hostname"] == "jaures-sw1"
    assert record["version"] == "17.9.4a"
    assert record["software_image"] == "CAT9K_IOSXE"
    assert record["running_image"] == "packages.conf"
    assert record["hardware"] == [m.model for m in members]
    assert record["serial"] == [m.serial for m in members]
    assert [mac.replace(":", "") for mac in record["mac_address"]] == [
        m.mac.replace(".", "") for m in members
    ]


def test_show_version_router(router: Device) -> None:
    [record] = parse(router, "show version")
    assert record["hostname"] == "jaures-4g"
    assert record["hardware"] == ["IR1101-K9"] and record["serial"] == ["FCW2345L0AB"]


def test_show_inventory(switch: Device) -> None:
    records = by(parse(switch, "show inventory"), "name")
    for member in switch.spec.members:
        item = records[f"Switch {member.number}"]
        assert (item["pid"], item["sn"], item["vid"].strip()) == (
            member.model,
            member.serial,
            member.hw_version,
        )


@pytest.mark.parametrize("command", ["show switch", "show switch detail"])
def test_show_switch(switch: Device, command: str) -> None:
    records = by(parse(switch, command), "switch")
    assert set(records) == {"1", "2"}
    assert records["1"]["role"] == "Active" and records["2"]["role"] == "Standby"
    for member in switch.spec.members:
        row = records[str(member.number)]
        assert (row["mac_address"], row["priority"], row["state"], row["version"]) == (
            member.mac,
            str(member.priority),
            "Ready",
            member.hw_version,
        )
    if command.endswith("detail"):
        assert (records["1"]["neighbor1"], records["2"]["neighbor1"]) == ("2", "1")
        assert records["1"]["status1"] == "OK"


@pytest.mark.parametrize("command", ["show vlan brief", "show vlan"])
def test_show_vlan(switch: Device, command: str) -> None:
    records = by(parse(switch, command), "vlan_id")
    assert set(records) == {"1", "10", "30", "40", "1002", "1003", "1004", "1005"}
    assert (records["10"]["vlan_name"], records["30"]["vlan_name"]) == ("MGMT", "PEDAGO")
    assert records["30"]["interfaces"] == ["Gi1/0/1"]
    assert records["40"]["interfaces"] == ["Gi1/0/1"]
    default_ports = records["1"]["interfaces"]
    assert "Gi1/0/2" in default_ports and "Gi1/0/3" in default_ports
    assert not {"Gi1/0/1", "Te1/1/1", "Te2/1/1", "Po1"} & set(default_ports)
    assert len(default_ports) == 2 * (48 + 8) - 3
    assert records["1002"]["status"] == "act/unsup"


def _expand(items: list[str]) -> set[int]:
    return parse_vlan_list(",".join(items)) or set()


def test_show_interfaces_switchport(switch: Device) -> None:
    records = by(parse(switch, "show interfaces switchport"), "interface")
    access = records["Gi1/0/1"]
    assert (access["admin_mode"], access["mode"], access["access_vlan"], access["voice_vlan"]) == (
        "static access",
        "static access",
        "30",
        "40",
    )
    trunk = records["Po1"]
    assert (trunk["admin_mode"], trunk["mode"], trunk["native_vlan"]) == ("trunk", "trunk", "999")
    assert _expand(trunk["trunking_vlans"]) == {10, 20, 30, 40, 50, 60, 90}
    assert records["Gi1/0/4"]["mode"] == "down"
    assert records["Gi1/0/4"]["trunking_vlans"] == ["ALL"]
    one = parse(switch, "show interfaces Gi1/0/1 switchport")
    assert [r["interface"] for r in one] == ["Gi1/0/1"]


def test_show_interfaces_status(switch: Device) -> None:
    records = by(parse(switch, "show interfaces status"), "port")
    assert (
        records["Gi1/0/1"]["name"],
        records["Gi1/0/1"]["status"],
        records["Gi1/0/1"]["vlan_id"],
    ) == ("PC pedagogique", "connected", "30")
    assert records["Gi1/0/3"]["status"] == "disabled"
    assert records["Gi1/0/3"]["name"] == "salle des profs"
    assert records["Gi1/0/4"]["status"] == "notconnect"
    assert records["Gi2/0/5"]["status"] == "err-disabled"
    assert records["Po1"]["vlan_id"] == "trunk" and records["Po1"]["status"] == "connected"
    assert records["Te1/1/1"]["vlan_id"] == "trunk"
    assert len(records) == 2 * 56 + 1


def test_show_interfaces_status_err_disabled(switch: Device) -> None:
    records = parse(switch, "show interfaces status err-disabled")
    assert [(r["interface"], r["port_error"]) for r in records] == [("Gi2/0/5", "bpduguard")]


def test_show_etherchannel_summary(switch: Device) -> None:
    [record] = parse(switch, "show etherchannel summary")
    assert (
        record["group"],
        record["bundle_name"],
        record["bundle_status"],
        record["bundle_protocol"],
    ) == ("1", "Po1", "SU", "LACP")
    assert record["member_interface"] == ["Te1/1/1", "Te2/1/1"]
    assert record["member_interface_status"] == ["P", "P"]


def test_show_spanning_tree_root(switch: Device) -> None:
    records = by(parse(switch, "show spanning-tree root"), "vlan_id")
    own_mac = switch.spec.members[0].mac
    assert set(records) == {"VLAN0001", "VLAN0010", "VLAN0030", "VLAN0040"}
    assert (
        records["VLAN0010"]["root_id"],
        records["VLAN0010"]["priority"],
        records["VLAN0010"]["root_port"],
    ) == (UPSTREAM_MAC, str(4096 + 10), "Po1")
    assert (records["VLAN0001"]["root_id"], records["VLAN0001"]["root_port"]) == (own_mac, "")
    # Priority 0 beats the upstream root's 4096: this stack is the root for VLAN 40.
    assert (
        records["VLAN0040"]["root_id"],
        records["VLAN0040"]["priority"],
        records["VLAN0040"]["root_cost"],
    ) == (own_mac, "40", "0")


def test_show_spanning_tree(switch: Device) -> None:
    records = parse(switch, "show spanning-tree")
    ports = {(r["vlan_id"], r["interface"]): r for r in records}
    assert ports[("10", "Po1")]["role"] == "Root"
    assert ports[("40", "Po1")]["role"] == "Desg"
    assert ports[("30", "Gi1/0/1")]["type"] == "P2p Edge"
    assert ("1", "Gi1/0/3") not in ports  # shut down
    assert ("1", "Gi1/0/2") in ports


def test_show_ip_interface_brief(switch: Device, router: Device) -> None:
    records = by(parse(switch, "show ip interface brief"), "interface")
    assert (records["Vlan10"]["ip_address"], records["Vlan10"]["status"]) == ("10.40.8.2", "up")
    assert records["GigabitEthernet1/0/3"]["status"] == "administratively down"
    assert records["Vlan1"]["status"] == "administratively down"
    lan = by(parse(router, "show ip interface brief"), "interface")["GigabitEthernet0/0/0"]
    assert (lan["ip_address"], lan["status"], lan["proto"]) == ("192.168.50.1", "up", "up")


def test_show_ip_dhcp_binding(router: Device) -> None:
    records = parse(router, "show ip dhcp binding")
    assert [
        (r["ip_address"], r["hardware_address"], r["expiration"], r["type"]) for r in records
    ] == [
        (lease.ip, lease.client_id, lease.expiration, lease.type)
        for lease in router.spec.dhcp_leases
    ]


def test_show_ip_dhcp_binding_wraps_long_client_ids(tmp_path: Path) -> None:
    """An automatic lease has a dated expiration and a client id longer than its
    column goes on below it, 20 characters a line, as IOS prints it."""
    client = "0063.6973.636f.2d30.3036.302e.3437.6165.30"
    device = make_device(
        tmp_path,
        name="jaures-4g",
        router={
            "dhcp_leases": [
                {"ip": "10.0.0.1", "client_id": client, "expiration": "Mar 29 2027 04:36 AM"},
                {"ip": "10.0.0.2", "client_id": "01aa.aaaa.aaaa.aa", "type": "Manual"},
            ]
        },
    )
    lines = command_output(device, "show ip dhcp binding").splitlines()
    assert lines[4:7] == [
        "10.0.0.1            0063.6973.636f.2d30.    Mar 29 2027 04:36 AM    Automatic",
        "                    3036.302e.3437.6165.",
        "                    30",
    ]
    records = parse(device, "show ip dhcp binding")
    assert [(r["ip_address"], r["expiration"], r["type"]) for r in records] == [
        ("10.0.0.1", "Mar 29 2027 04:36 AM", "Automatic"),
        ("10.0.0.2", "Infinite", "Manual"),
    ]


def test_show_ip_dhcp_pool(router: Device) -> None:
    [pool] = parse(router, "show ip dhcp pool")
    assert pool["pool"] == "SECOURS-4G"
    assert (pool["total_addresses"], pool["excluded_addresses"]) == ("254", "99")
    assert pool["leased_addresses"] == str(len(router.spec.dhcp_leases))
    assert (pool["current_index"], pool["start"], pool["end"]) == (
        ["192.168.50.100"],
        ["192.168.50.1"],
        ["192.168.50.254"],
    )


def test_show_archive(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    [disabled] = parse(device, "show archive")
    assert disabled["state"] == "not enabled"
    configure(device, "archive", "path flash:arch", "maximum 4")
    run_session(device, ["archive config", "archive config"])
    [record] = parse(device, "show archive")
    assert record["filenames"] == ["flash:arch-0", "flash:arch-1"]
    assert record["current_index"] == "2"
    assert record["next_filename"] == "flash:arch-2"


def test_show_neighbors(switch: Device, router: Device) -> None:
    cdp = by(parse(switch, "show cdp neighbors"), "neighbor_name")
    assert set(cdp) == {"core-a.ville.fr", "core-b"}
    assert cdp["core-b"]["local_interface"] == "Ten 2/1/1"
    assert cdp["core-a.ville.fr"]["neighbor_interface"] == "Ten 1/0/48"
    lldp = by(parse(switch, "show lldp neighbors"), "neighbor_name")
    assert lldp["core-b"]["local_interface"] == "Te2/1/1"
    assert lldp["core-a.ville.fr"]["neighbor_interface"] == "Te1/0/48"
    assert parse(router, "show cdp neighbors") == []
    assert parse(router, "show lldp neighbors") == []


def test_flexstack_2960x(tmp_path: Path) -> None:
    members = [
        {"number": 1, "model": "WS-C2960X-48FPD-L", "serial": "FOC1901A1AA", "priority": 1},
        {"number": 2, "model": "WS-C2960X-48FPD-L", "serial": "FOC1901A1AB", "priority": 15},
    ]
    device = make_device(tmp_path, switch={"members": members})
    [version] = parse(device, "show version")
    assert version["version"] == "15.2(7)E8"
    assert version["serial"] == ["FOC1901A1AB", "FOC1901A1AA"]  # the master first
    switches = by(parse(device, "show switch detail"), "switch")
    assert (switches["2"]["role"], switches["1"]["role"]) == ("Master", "Member")
    inventory = by(parse(device, "show inventory"), "name")
    assert inventory["1"]["sn"] == "FOC1901A1AA" and inventory["2"]["pid"] == "WS-C2960X-48FPD-L"
    configure(device, "ip access-list standard A", "permit 10.0.0.0 0.0.0.255")
    # Classic IOS prints named ACL entries without sequence numbers.
    assert "ip access-list standard A\n permit 10.0.0.0 0.0.0.255\n" in device.render_body()
