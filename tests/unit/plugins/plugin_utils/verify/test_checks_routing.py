"""Routing checks on real show ip route / show ip ospf neighbor / show track formats."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.verify import checks_routing
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.checks_routing import (
    CHECKS,
    COMMANDS,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.report import Report
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import DEMO
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.verify.routedkit import (
    SHOW_IP_OSPF_NEIGHBOR,
    SHOW_IP_ROUTE,
    SHOW_TRACK,
    intent,
    run,
)


def _run(data=None, **changed):
    return run(CHECKS, COMMANDS, data or intent(), **changed)


def test_compliant_routing_stack():
    report = _run()
    assert report.drifts == []
    assert report.checks == {
        "connected routes": 5,
        "default route": 1,
        "static routes": 3,
        "ospf neighbours": 2,
    }


def test_layer2_stack_checks_nothing():
    def off(d):
        d["routing"] = {"enabled": False}

    report = _run(intent(off), show_ip_route="", show_ip_ospf_neighbor="", show_track="")
    assert report.drifts == []
    assert report.checks == {}


def test_missing_connected_route():
    table = SHOW_IP_ROUTE.replace("C        10.32.17.0/24 is directly connected, Vlan20\n", "")
    assert _run(show_ip_route=table).drifts == ["connected route 10.32.17.0/24 (Vlan20) is missing"]


def test_a_gateway_no_port_carries_yet_is_idle_not_a_drift():
    """IOS autostate: the SVI of a VLAN without an up port is down, its route absent."""
    table = SHOW_IP_ROUTE.replace("C        10.32.17.0/24 is directly connected, Vlan20\n", "")

    def unplug(data):
        data["interfaces"][1]["shutdown"] = True

    report = _run(intent(unplug), show_ip_route=table)
    assert report.drifts == []
    assert report.facts["idle_gateways"] == ["Vlan20"]


def test_connected_on_the_wrong_interface():
    table = SHOW_IP_ROUTE.replace(
        "C        10.31.0.18/31 is directly connected, Port-channel2",
        "C        10.31.0.18/31 is directly connected, Port-channel3",
    )
    assert _run(show_ip_route=table).drifts == [
        "10.31.0.18/31 is connected on Port-channel3, intended Port-channel2"
    ]


def test_no_default_route():
    table = SHOW_IP_ROUTE.replace(
        "S*    0.0.0.0/0 [1/0] via 10.31.0.18\n                [1/0] via 10.31.0.16\n", ""
    )
    tracks_down = SHOW_TRACK.replace("Reachability is Up", "Reachability is Down")
    assert _run(show_ip_route=table, show_track=tracks_down).drifts == [
        "no default route",
        "static route 0.0.0.0/0 via 10.31.0.16 is withdrawn (track 1 down)",
        "static route 0.0.0.0/0 via 10.31.0.18 is withdrawn (track 2 down)",
        "static route 0.0.0.0/0 via 10.32.22.2 is missing",
    ]


def test_tracked_route_withdrawn_while_its_track_is_down():
    table = SHOW_IP_ROUTE.replace("                [1/0] via 10.31.0.16\n", "")
    track = SHOW_TRACK.replace(
        "IP SLA 1 reachability\n  Reachability is Up",
        "IP SLA 1 reachability\n  Reachability is Down",
    )
    assert _run(show_ip_route=table, show_track=track).drifts == [
        "static route 0.0.0.0/0 via 10.31.0.16 is withdrawn (track 1 down)"
    ]


def test_tracked_route_missing_while_its_track_is_up():
    table = SHOW_IP_ROUTE.replace("                [1/0] via 10.31.0.16\n", "")
    assert _run(show_ip_route=table).drifts == ["static route 0.0.0.0/0 via 10.31.0.16 is missing"]


def test_tracked_route_missing_without_show_track():
    table = SHOW_IP_ROUTE.replace("                [1/0] via 10.31.0.16\n", "")
    assert _run(show_ip_route=table, show_track="").drifts == [
        "static route 0.0.0.0/0 via 10.31.0.16 is missing"
    ]


def test_floating_route_on_its_own_is_installed():
    table = SHOW_IP_ROUTE.replace(
        "S*    0.0.0.0/0 [1/0] via 10.31.0.18\n                [1/0] via 10.31.0.16\n",
        "S*    0.0.0.0/0 [250/0] via 10.32.22.2\n",
    )
    track = SHOW_TRACK.replace("Reachability is Up", "Reachability is Down")
    assert _run(show_ip_route=table, show_track=track).drifts == [
        "static route 0.0.0.0/0 via 10.31.0.16 is withdrawn (track 1 down)",
        "static route 0.0.0.0/0 via 10.31.0.18 is withdrawn (track 2 down)",
    ]


def test_missing_static_route():
    def more(d):
        d["routing"]["static_routes"].append(
            {
                "prefix": "10.10.0.0",
                "netmask": "255.255.0.0",
                "next_hop": "10.31.0.16",
                "track": None,
                "distance": None,
                "name": "mairie",
            }
        )

    assert _run(intent(more)).drifts == ["static route 10.10.0.0/16 via 10.31.0.16 is missing"]


def test_no_ospf_neighbour_on_an_uplink():
    neighbours = SHOW_IP_OSPF_NEIGHBOR.replace(
        "10.32.0.1         0   FULL/  -        00:00:02    10.31.0.16      Port-channel1\n", ""
    )
    assert _run(show_ip_ospf_neighbor=neighbours).drifts == [
        "no OSPF neighbour on Port-channel1 (peer core-a)"
    ]


def test_ospf_neighbour_not_full():
    neighbours = SHOW_IP_OSPF_NEIGHBOR.replace(
        "10.32.0.2         0   FULL/  -", "10.32.0.2         0   INIT/  -"
    )
    assert _run(show_ip_ospf_neighbor=neighbours).drifts == [
        "OSPF neighbour 10.32.0.2 on Port-channel2 is INIT, intended FULL"
    ]


def test_static_school_reads_no_ospf():
    def static(d):
        d["routing"]["protocol"] = "static"

    report = _run(intent(static), show_ip_ospf_neighbor="")
    assert report.drifts == []
    assert "ospf neighbours" not in report.checks


def test_commands_and_checks_are_exported():
    assert COMMANDS == ("show ip route", "show ip ospf neighbor", "show track")
    assert checks_routing.CHECKS == CHECKS


def test_a_core_expects_a_full_neighbour_per_ospf_school_and_its_twin():
    """core-a of the demo: its OSPF downlinks and interconnect, not the static schools'."""
    core = design_city(DEMO).devices["core-a"].intent()
    active = core["routing"]["ospf"]["active"]
    # Po12 and Po16 lead to 2960-X schools, routed statically
    assert active == [f"Port-channel{n}" for n in (11, 13, 14, 15, 100)]
    rows = [
        {"neighbor_id": f"10.32.{n}.1", "state": "FULL/  -", "interface": name}
        for n, name in enumerate(active)
        if name != "Port-channel13"
    ]
    rows[0]["state"] = "INIT/  -"
    report = Report("core-a", None)
    checks_routing.ospf_neighbours(report, core, {"show ip ospf neighbor": rows})
    assert report.drifts == [
        "OSPF neighbour 10.32.0.1 on Port-channel11 is INIT, intended FULL",
        "no OSPF neighbour on Port-channel13 (peer hugo-sw1)",
    ]
    assert report.checks["ospf neighbours"] == 5
