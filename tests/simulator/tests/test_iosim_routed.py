"""The routed school design (docs/routed-design.md) on the simulator.

A C9300 routing stack with a layer-3 uplink bundle, OSPF stub area, tracked
default routes and a local DHCP pool; a 2960-X that only routes on SVIs; a
C9500 core terminating a transit VLAN on a sub-interface. Every line is read
back from the running configuration in IOS's place, and the routing outputs
parse with the collection's own parser (plugins/plugin_utils/verify/parsing.py:
ntc-templates, or the collection's templates where ntc-templates has none) to
the state the lab and the configuration imply.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import textfsm
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show
from iosim.device import Device
from iosim.lab import LabError, load_lab
from iosim_kit import command_output, configure, make_device, school_lab

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CORE_A, CORE_B, BACKUP = "10.31.0.16", "10.31.0.18", "10.32.16.66"

ROUTING_STACK = [
    "ip routing",
    "vlan 10",
    "name ADMINISTRATION",
    "interface Te1/1/1",
    "no switchport",
    "channel-group 1 mode active",
    "interface Te2/1/1",
    "no switchport",
    "channel-group 1 mode active",
    "interface Port-channel1",
    "description core-a",
    "ip address 10.31.0.17 255.255.255.254",
    "ip ospf network point-to-point",
    "ip ospf hello-interval 1",
    "ip ospf dead-interval 3",
    "interface Te1/1/2",
    "no switchport",
    "ip address 10.31.0.19 255.255.255.254",
    "interface Loopback0",
    "ip address 10.32.8.254 255.255.255.255",
    "interface Gi1/0/1",
    "switchport access vlan 10",
    "switchport mode access",
    "interface Vlan10",
    "ip address 10.32.8.1 255.255.255.192",
    "ip helper-address 10.0.0.10",
    "ip sla 1",
    f"icmp-echo {CORE_A} source-interface Port-channel1",
    "frequency 5",
    "ip sla schedule 1 life forever start-time now",
    "ip sla 2",
    f"icmp-echo {CORE_B} source-interface TenGigabitEthernet1/1/2",
    "frequency 5",
    "ip sla schedule 2 life forever start-time now",
    "track 1 ip sla 1 reachability",
    "delay down 5 up 10",
    "track 2 ip sla 2 reachability",
    f"ip route 0.0.0.0 0.0.0.0 {CORE_A} track 1",
    f"ip route 0.0.0.0 0.0.0.0 {CORE_B} track 2",
    f"ip route 0.0.0.0 0.0.0.0 {BACKUP} 250 name secours-4g",
    "interface Vlan16",
    "ip address 10.32.16.65 255.255.255.240",
    "vlan 16",
    "interface Gi1/0/2",
    "switchport access vlan 16",
    "router ospf 1",
    "router-id 10.32.8.254",
    "network 10.32.8.0 0.0.0.63 area 8",
    "network 10.31.0.16 0.0.0.1 area 8",
    "no passive-interface Port-channel1",
    "passive-interface default",
    "no passive-interface Port-channel1",
    "area 8 stub",
    "ip dhcp excluded-address 10.32.8.1 10.32.8.9",
    "ip dhcp pool ADMINISTRATION",
    "network 10.32.8.0 255.255.255.192",
    "default-router 10.32.8.1",
    "dns-server 10.0.0.53 10.0.0.54",
    "domain-name ville.example",
    "lease 0 8",
]
STACK_LAB = {
    "connected": ["Te1/1/1", "Te2/1/1", "Te1/1/2", "Gi1/0/1", "Gi1/0/2"],
    "ospf_neighbors": [
        {"neighbor_id": "10.32.0.1", "address": CORE_A, "interface": "Port-channel1"},
        # no adjacency: Te1/1/2 is not covered by a network statement
        {"neighbor_id": "10.32.0.2", "address": CORE_B, "interface": "Te1/1/2"},
    ],
    "ospf_routes": [
        {"prefix": "10.32.0.0/21", "next_hop": CORE_A, "interface": "Po1", "type": "O IA"},
        {"prefix": "10.31.0.0/29", "next_hop": CORE_A, "interface": "Po1", "metric": 11},
    ],
}


def parse(device: Device, command: str, parsed_as: str | None = None) -> list[dict[str, Any]]:
    """Rows of `command` as the collection's verify parses them (`parsed_as`: the
    command whose template reads it, e.g. `show track` for `show track 1`)."""
    return parse_show("cisco_ios", parsed_as or command, command_output(device, command))


def parse_statistics(device: Device, command: str) -> list[dict[str, Any]]:
    """`show ip sla statistics`: no verify check reads it, so the collection has no
    template for it; the one of tests/simulator/templates checks the simulator's."""
    with (TEMPLATES / "cisco_ios_show_ip_sla_statistics.textfsm").open() as handle:
        fsm = textfsm.TextFSM(handle)
    rows = fsm.ParseText(command_output(device, command))
    return [dict(zip((h.lower() for h in fsm.header), row, strict=True)) for row in rows]


def running(device: Device) -> list[str]:
    return command_output(device, "show running-config").splitlines()


def block(lines: list[str], header: str) -> list[str]:
    start = lines.index(header)
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return lines[start:end]


@pytest.fixture
def stack(tmp_path: Path) -> Device:
    device = make_device(tmp_path, switch=STACK_LAB)
    out = configure(device, *ROUTING_STACK)
    assert "Invalid" not in out and "Incomplete" not in out, out
    return device


def test_routed_stack_lines_in_running_config(stack: Device) -> None:
    lines = running(stack)
    assert block(lines, "interface Port-channel1") == [
        "interface Port-channel1",
        " description core-a",
        " no switchport",
        " ip address 10.31.0.17 255.255.255.254",
        " ip ospf network point-to-point",
        " ip ospf hello-interval 1",
        " ip ospf dead-interval 3",
    ]
    assert block(lines, "interface TenGigabitEthernet1/1/1") == [
        "interface TenGigabitEthernet1/1/1",
        " no switchport",
        " no ip address",
        " channel-group 1 mode active",
    ]
    assert block(lines, "interface TenGigabitEthernet1/1/2")[1:] == [
        " no switchport",
        " ip address 10.31.0.19 255.255.255.254",
    ]
    assert block(lines, "interface Loopback0")[1:] == [" ip address 10.32.8.254 255.255.255.255"]
    assert block(lines, "router ospf 1") == [
        "router ospf 1",
        " router-id 10.32.8.254",
        " area 8 stub",
        " passive-interface default",
        " no passive-interface Port-channel1",
        " network 10.32.8.0 0.0.0.63 area 8",
        " network 10.31.0.16 0.0.0.1 area 8",
    ]
    assert block(lines, "track 1 ip sla 1 reachability") == [
        "track 1 ip sla 1 reachability",
        " delay down 5 up 10",
    ]
    text = "\n".join(lines)
    assert (
        "ip sla 1\n"
        f" icmp-echo {CORE_A} source-interface Port-channel1\n"
        " frequency 5\n"
        "ip sla schedule 1 life forever start-time now\n"
        "ip sla 2\n"
        f" icmp-echo {CORE_B} source-interface TenGigabitEthernet1/1/2\n"
        " frequency 5\n"
        "ip sla schedule 2 life forever start-time now\n!\n"
    ) in text
    assert (
        f"ip route 0.0.0.0 0.0.0.0 {CORE_A} track 1\n"
        f"ip route 0.0.0.0 0.0.0.0 {CORE_B} track 2\n"
        f"ip route 0.0.0.0 0.0.0.0 {BACKUP} 250 name secours-4g\n"
    ) in text
    assert block(lines, "ip dhcp pool ADMINISTRATION")[1:] == [
        " network 10.32.8.0 255.255.255.192",
        " default-router 10.32.8.1",
        " dns-server 10.0.0.53 10.0.0.54",
        " domain-name ville.example",
        " lease 0 8",
    ]
    # IOS's places: ip routing after the provisioning, tracks before the
    # interfaces, router ospf after them, IP SLA after the static routes
    order = [
        lines.index("switch 2 provision c9300-48p"),
        lines.index("ip routing"),
        lines.index("ip dhcp excluded-address 10.32.8.1 10.32.8.9"),
        lines.index("track 2 ip sla 2 reachability"),
        lines.index("interface Loopback0"),
        lines.index("interface Port-channel1"),
        lines.index("interface Vlan16"),
        lines.index("router ospf 1"),
        lines.index("ip forward-protocol nd"),
        lines.index(f"ip route 0.0.0.0 0.0.0.0 {CORE_A} track 1"),
        lines.index("ip sla 1"),
        lines.index("line con 0"),
    ]
    assert order == sorted(order)


def test_router_ospf_does_not_depend_on_typing_order(tmp_path: Path, stack: Device) -> None:
    other = make_device(tmp_path / "other", switch=STACK_LAB)
    configure(
        other,
        "router ospf 1",
        "area 8 stub",
        "network 10.32.8.0 0.0.0.63 area 8",
        "passive-interface default",
        "no passive-interface Port-channel1",
        "network 10.31.0.16 0.0.0.1 area 8",
        "router-id 10.32.8.254",
    )
    assert block(running(other), "router ospf 1") == block(running(stack), "router ospf 1")


def test_switchport_returns_a_routed_port_to_layer_2(stack: Device) -> None:
    configure(stack, "interface Te1/1/2", "switchport")
    assert block(running(stack), "interface TenGigabitEthernet1/1/2") == [
        "interface TenGigabitEthernet1/1/2"
    ]
    configure(stack, "interface Te1/1/2", "no switchport", "ip address 10.31.0.19 255.255.255.254")
    configure(stack, "interface Te1/1/2", "no ip address")
    assert block(running(stack), "interface TenGigabitEthernet1/1/2")[1:] == [
        " no switchport",
        " no ip address",
    ]


def test_removing_an_ip_sla_removes_its_schedule(stack: Device) -> None:
    configure(stack, "no ip sla 2", "no track 2")
    text = command_output(stack, "show running-config")
    assert "ip sla 2" not in text and "ip sla schedule 2 " not in text
    assert "track 2 " not in text and "ip sla schedule 1 life forever" in text


def stack_2960(tmp_path: Path) -> Device:
    return make_device(
        tmp_path,
        switch={"members": [{"number": 1, "model": "WS-C2960X-48FPD-L", "serial": "FOC1"}]},
    )


def test_no_switchport_refused_on_2960x_accepted_on_c9300(tmp_path: Path) -> None:
    lanbase = stack_2960(tmp_path / "2960")
    out = configure(lanbase, "interface Te1/0/1", "no switchport")
    prompt = "jaures-sw1(config-if)#"
    assert f"{prompt}no switchport\n{' ' * (len(prompt) + 3)}^\n" in out
    assert "% Invalid input detected at '^' marker." in out
    assert block(running(lanbase), "interface TenGigabitEthernet1/0/1") == [
        "interface TenGigabitEthernet1/0/1"
    ]
    catalyst = make_device(tmp_path / "9300")
    out = configure(catalyst, "interface Te1/1/1", "no switchport")
    assert "Invalid" not in out
    assert block(running(catalyst), "interface TenGigabitEthernet1/1/1")[1:] == [
        " no switchport",
        " no ip address",
    ]


def test_2960x_routes_on_svis_with_the_lanbase_routing_template(tmp_path: Path) -> None:
    lanbase = stack_2960(tmp_path)
    out = configure(
        lanbase,
        "sdm prefer lanbase-routing",
        "ip routing",
        "interface Vlan3208",
        "ip address 10.31.0.65 255.255.255.254",
        "ip route 0.0.0.0 0.0.0.0 10.31.0.64 name core-a",
    )
    assert (
        "Changes to the running SDM preferences have been stored, but cannot take effect "
        "until the next reload.\n"
        "Use 'show sdm prefer' to see what SDM preference is currently active.\n"
    ) in out
    assert "Invalid" not in out
    lines = running(lanbase)
    assert "ip routing" in lines and "ip route 0.0.0.0 0.0.0.0 10.31.0.64 name core-a" in lines
    assert not any(line.startswith("sdm ") for line in lines)
    # the template does not exist on IOS-XE
    out = configure(make_device(tmp_path / "9300"), "sdm prefer lanbase-routing")
    assert "% Invalid input detected at '^' marker." in out


def core(tmp_path: Path) -> Device:
    return make_device(
        tmp_path,
        switch={
            "name": "core-a",
            "members": [{"number": 1, "model": "C9500-48Y4C", "serial": "FOC9"}],
        },
        name="core-a",
    )


def test_core_terminates_a_transit_vlan_on_a_subinterface(tmp_path: Path) -> None:
    device = core(tmp_path)
    out = configure(
        device,
        "interface Port-channel10",
        "no switchport",
        "interface Po10.3201",
        "description ecole-1",
        "encapsulation dot1Q 3201",
        "ip address 10.31.0.64 255.255.255.254",
        "interface Loopback0",
        "ip address 10.32.0.1 255.255.255.255",
    )
    assert "Invalid" not in out, out
    lines = running(device)
    assert block(lines, "interface Port-channel10") == [
        "interface Port-channel10",
        " no switchport",
        " no ip address",
    ]
    assert block(lines, "interface Port-channel10.3201") == [
        "interface Port-channel10.3201",
        " description ecole-1",
        " encapsulation dot1Q 3201",
        " ip address 10.31.0.64 255.255.255.254",
    ]
    assert lines.index("interface Port-channel10") < lines.index("interface Port-channel10.3201")
    configure(device, "no interface Port-channel10.3201")
    assert "interface Port-channel10.3201" not in running(device)


def test_subinterface_needs_a_routed_parent_on_ios_xe(tmp_path: Path) -> None:
    device = core(tmp_path / "core")
    out = configure(device, "interface Port-channel11", "interface Port-channel11.3202")
    assert "% Invalid input detected at '^' marker." in out
    out = configure(device, "interface Port-channel11", "encapsulation dot1Q 3202")
    assert "% Invalid input detected at '^' marker." in out
    lanbase = stack_2960(tmp_path / "2960")
    out = configure(lanbase, "interface Port-channel1", "interface Port-channel1.3202")
    assert "% Invalid input detected at '^' marker." in out


def test_show_ip_route(stack: Device) -> None:
    routes = {
        (r["protocol"], r["network"], r["prefix_length"]): r for r in parse(stack, "show ip route")
    }
    assert set(routes) == {
        ("S", "0.0.0.0", "0"),
        ("C", "10.31.0.16", "31"),
        ("L", "10.31.0.17", "32"),
        ("C", "10.31.0.18", "31"),
        ("L", "10.31.0.19", "32"),
        ("O", "10.31.0.0", "29"),
        ("O", "10.32.0.0", "21"),
        ("C", "10.32.8.0", "26"),
        ("L", "10.32.8.1", "32"),
        ("C", "10.32.8.254", "32"),
        ("C", "10.32.16.64", "28"),
        ("L", "10.32.16.65", "32"),
    }
    default = [r for r in parse(stack, "show ip route") if r["network"] == "0.0.0.0"]
    assert [(r["flag"], r["distance"], r["nexthop_ip"]) for r in default] == [
        ("*", "1", CORE_A),
        ("", "1", CORE_B),  # a second next hop's line has no code (as ntc-templates parses IOS)
    ]
    inter_area = routes[("O", "10.32.0.0", "21")]
    assert (inter_area["type"], inter_area["distance"], inter_area["metric"]) == ("IA", "110", "2")
    assert (inter_area["nexthop_ip"], inter_area["nexthop_if"]) == (CORE_A, "Port-channel1")
    assert routes[("C", "10.31.0.16", "31")]["nexthop_if"] == "Port-channel1"
    assert routes[("C", "10.32.8.254", "32")]["nexthop_if"] == "Loopback0"
    out = command_output(stack, "show ip route")
    assert f"Gateway of last resort is {CORE_A} to network 0.0.0.0" in out


def test_unreachable_core_withdraws_its_tracked_route(stack: Device) -> None:
    (stack.dir / "reachable.json").write_text(json.dumps([CORE_B]))
    default = [r for r in parse(stack, "show ip route") if r["network"] == "0.0.0.0"]
    assert [(r["distance"], r["nexthop_ip"]) for r in default] == [("1", CORE_B)]
    (stack.dir / "reachable.json").write_text("[]")
    default = [r for r in parse(stack, "show ip route") if r["network"] == "0.0.0.0"]
    assert [(r["distance"], r["nexthop_ip"]) for r in default] == [("250", BACKUP)]
    assert f"Gateway of last resort is {BACKUP} to network 0.0.0.0" in command_output(
        stack, "show ip route"
    )
    (stack.dir / "reachable.json").write_text("null")
    assert len([r for r in parse(stack, "show ip route") if r["network"] == "0.0.0.0"]) == 2


def test_show_ip_ospf_neighbor(stack: Device) -> None:
    records = parse(stack, "show ip ospf neighbor")
    assert records == [
        {
            "neighbor_id": "10.32.0.1",
            "priority": "0",
            "state": "FULL/  -",
            "dead_time": "00:00:02",
            "ip_address": CORE_A,
            "interface": "Port-channel1",
        }
    ]
    # a passive interface forms no adjacency, and its routes go
    configure(stack, "router ospf 1", "passive-interface Port-channel1")
    assert parse(stack, "show ip ospf neighbor") == []
    assert not [r for r in parse(stack, "show ip route") if r["protocol"] == "O"]


def test_show_track_and_ip_sla_statistics(stack: Device) -> None:
    tracks = parse(stack, "show track")
    assert [(t["track"], t["sla"], t["kind"], t["state"], t["return_code"]) for t in tracks] == [
        ("1", "1", "reachability", "Up", "OK"),
        ("2", "2", "reachability", "Up", "OK"),
    ]
    # lines the collection's template does not read
    text = command_output(stack, "show track 1").splitlines()
    assert "  Delay up 10 secs, down 5 secs" in text
    assert text[-3:] == ["  Latest RTT (millisecs) 1", "  Tracked by:", "    Static IP Routing 0"]
    stats = parse_statistics(stack, "show ip sla statistics")
    assert [(s["id"], s["return_code"], s["failures"], s["time_to_live"]) for s in stats] == [
        ("1", "OK", "0", "Forever"),
        ("2", "OK", "0", "Forever"),
    ]
    assert stats[0]["rtt"] == "1 milliseconds"


def test_show_ip_sla_summary(stack: Device) -> None:
    rows = parse(stack, "show ip sla summary")
    assert [
        (r["id"], r["status"], r["type"], r["destination"], r["stats"], r["return_code"])
        for r in rows
    ] == [
        ("1", "*", "icmp-echo", CORE_A, "RTT=1", "OK"),
        ("2", "*", "icmp-echo", CORE_B, "RTT=1", "OK"),
    ]
    assert all(r["last_run"].endswith(" ago") for r in rows)
    # core-a stops answering: its probe times out, core-b's still answers
    (stack.dir / "reachable.json").write_text(json.dumps([CORE_B]))
    rows = parse(stack, "show ip sla summary")
    assert [
        (r["id"], r["destination"], r["status"], r["stats"], r["return_code"]) for r in rows
    ] == [
        ("1", CORE_A, "*", "-", "Timeout"),
        ("2", CORE_B, "*", "RTT=1", "OK"),
    ]
    # an operation without `ip sla schedule` is inactive
    out = configure(stack, "ip sla 4", "icmp-echo 10.31.0.22 source-interface Port-channel1")
    assert "Invalid" not in out and "Incomplete" not in out, out
    inactive = parse(stack, "show ip sla summary")[2]
    assert (inactive["id"], inactive["status"], inactive["destination"]) == ("4", "^", "10.31.0.22")
    assert (inactive["stats"], inactive["return_code"]) == ("-", "Unknown")


def test_show_ip_sla_summary_wraps_like_ios(stack: Device, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row longer than 80 columns goes on in the Last Run column of the next
    line (`14 seconds ag` / `o` in the IOS 15.4 capture), and still parses."""
    out = configure(
        stack,
        "ip sla 3",
        "icmp-echo 10.31.0.20 source-interface Port-channel1",
        "frequency 30",
        "ip sla schedule 3 life forever start-time now",
    )
    assert "Invalid" not in out, out
    (stack.dir / "reachable.json").write_text("[]")
    monkeypatch.setattr(type(stack), "uptime_seconds", lambda self: 14)
    lines = command_output(stack, "show ip sla summary").splitlines()
    assert lines[-2:] == [
        "*3           icmp-echo   10.31.0.20        -           Timeout     14 seconds ag",
        " " * 67 + "o",
    ]
    rows = parse(stack, "show ip sla summary")
    assert [(r["id"], r["destination"], r["return_code"]) for r in rows] == [
        ("1", CORE_A, "Timeout"),
        ("2", CORE_B, "Timeout"),
        ("3", "10.31.0.20", "Timeout"),
    ]


def test_an_unreachable_target_makes_the_track_down(stack: Device) -> None:
    (stack.dir / "reachable.json").write_text(json.dumps([CORE_B]))
    tracks = parse(stack, "show track 1", "show track")
    assert [(t["track"], t["state"], t["changes"], t["return_code"]) for t in tracks] == [
        ("1", "Down", "2", "Timeout")
    ]
    assert "Latest RTT" not in command_output(stack, "show track 1")
    [stat] = parse_statistics(stack, "show ip sla statistics 1")
    assert (stat["rtt"], stat["return_code"], stat["successes"]) == (
        "NoConnection/Busy/Timeout",
        "Timeout",
        "0",
    )
    # a probe whose source interface is down fails too
    (stack.dir / "reachable.json").write_text("null")
    configure(stack, "interface Te1/1/2", "shutdown")
    states = parse(stack, "show track")
    assert [t["state"] for t in states] == ["Up", "Down"]
    summary = parse(stack, "show ip sla summary")[1]
    assert (summary["id"], summary["return_code"]) == ("2", "Timeout")


def test_lab_reachable_key_and_runtime_api(tmp_path: Path) -> None:
    from iosim import Simulator
    from iosim_kit import seed_host_key

    lab = school_lab(switch={**STACK_LAB, "reachable": [CORE_B]})
    with Simulator(lab, seed_host_key(tmp_path / "state")) as sim:
        device = sim.device("jaures-sw1")
        configure(device, *ROUTING_STACK)
        states = parse(device, "show track")
        assert [(t["state"], t["changes"]) for t in states] == [("Down", "1"), ("Up", "1")]
        summary = parse(device, "show ip sla summary")
        assert [r["return_code"] for r in summary] == ["Timeout", "OK"]
        sim.set_reachable("jaures-sw1", None)
        states = parse(device, "show track")
        assert [(t["state"], t["changes"]) for t in states] == [("Up", "2"), ("Up", "1")]
        summary = parse(device, "show ip sla summary")
        assert [r["return_code"] for r in summary] == ["OK", "OK"]


def test_show_ip_dhcp_pool_on_the_stack(stack: Device) -> None:
    [pool] = parse(stack, "show ip dhcp pool ADMINISTRATION", "show ip dhcp pool")
    assert (pool["pool"], pool["total_addresses"], pool["excluded_addresses"]) == (
        "ADMINISTRATION",
        "62",
        "9",
    )
    assert (pool["start"], pool["end"]) == (["10.32.8.1"], ["10.32.8.62"])


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("ospf_neighbors", [{"neighbor_id": "x", "address": CORE_A, "interface": "Po1"}], "IPv4"),
        (
            "ospf_neighbors",
            [{"neighbor_id": CORE_A, "address": CORE_A, "interface": "Po1", "state": "UP"}],
            "state",
        ),
        (
            "ospf_routes",
            [{"prefix": "10.32.0.1/21", "next_hop": CORE_A, "interface": "Po1"}],
            "prefix",
        ),
        (
            "ospf_routes",
            [{"prefix": "10.32.0.0/21", "next_hop": CORE_A, "interface": "Po1", "type": "B"}],
            "type",
        ),
        ("reachable", ["core-a"], "IPv4"),
    ],
)
def test_lab_routing_keys_are_checked(key: str, value: Any, message: str) -> None:
    with pytest.raises(LabError, match=message):
        load_lab(school_lab(switch={key: value}))


def test_routed_configuration_survives_a_reload(stack: Device) -> None:
    before = command_output(stack, "show running-config")
    command_output(stack, "write memory")
    stack.reload()
    assert command_output(stack, "show running-config") == before
