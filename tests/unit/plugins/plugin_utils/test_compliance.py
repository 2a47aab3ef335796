"""Verification from real show formats: the simulator prints them, ntc-templates (or the
collection's own templates, where ntc-templates has none) parses them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance import (
    check_device,
    show_commands,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "tests" / "simulator"))
sys.path.insert(0, str(ROOT / "tests" / "simulator" / "tests"))

import iosim_kit as support  # noqa: E402


@pytest.fixture(scope="module")
def demo():
    return design_city(ROOT / "inventories" / "demo")


def _sim(tmp_path, device, config: str, **lab_keys):
    """A simulated stack ``device`` whose running configuration is ``config``."""
    return support.design_stack(tmp_path, device, config, **lab_keys)


def _observe(sim):
    parsed = {
        c: parse_show("cisco_ios", c, support.command_output(sim, c))
        for c in [*show_commands("switch_stack", "cisco_ios"), "show snmp user"]
    }
    running = support.command_output(sim, "show running-config")
    return parsed, running


def test_deployed_stack_is_compliant(demo, tmp_path):
    device = demo.devices["curie-sw1"]
    sim = _sim(tmp_path, device, render_device(device))
    parsed, running = _observe(sim)
    report = check_device(device.intent(), parsed, running, render_device(device))
    assert report.drifts == []
    assert report.checks["switchports"] == len(device.intent()["interfaces"])
    assert report.checks["vlans"] == 10  # the plan's eight and the two transit VLANs


def test_drift_is_reported(demo, tmp_path):
    device = demo.devices["curie-sw1"]
    drifted = render_device(device).replace(
        "interface GigabitEthernet1/0/1\n description Poste pedagogique et telephone\n switchport access vlan 30",
        "interface GigabitEthernet1/0/1\n description Poste pedagogique et telephone\n switchport access vlan 20",
    )
    assert drifted != render_device(device)
    sim = _sim(tmp_path, device, drifted)
    parsed, running = _observe(sim)
    report = check_device(device.intent(), parsed, running, render_device(device))
    # the port's VLAN is the drift, reported once; the line that differs is a note beside it
    assert report.drifts == ["GigabitEthernet1/0/1 is on VLAN 20, intended 30"]
    assert report.concerns == ["vlans"]
    assert report.configuration == []
    assert [n for n in report.notes if "differs from the design" in n] == [
        "the running configuration differs from the design by 3 line(s) of vlans (of 3 in all): "
        "interface GigabitEthernet1/0/1; no switchport access vlan 20; switchport access vlan 30"
    ]


def test_a_line_drift_no_check_reads_is_reported(demo, tmp_path):
    device = demo.devices["curie-sw1"]
    intended = render_device(device)
    sim = _sim(tmp_path, device, intended.replace("logging host 10.30.1.30\n", ""))
    parsed, running = _observe(sim)
    report = check_device(device.intent(), parsed, running, intended)
    assert report.drifts == [
        "the running configuration differs from the design by 1 line(s) of management_plane "
        "(of 1 in all): logging host 10.30.1.30"
    ]
    assert report.concerns == ["management_plane"]
    # a drift of configuration lines only: a deploy preview prints it as a diff
    assert report.configuration == report.drifts


def _uplink_neighbours(device):
    """The cores' OSPF adjacencies on a routed stack's uplinks."""
    return [
        {
            "neighbor_id": u["peer_address"],
            "address": u["peer_address"],
            "interface": u["interface"],
        }
        for u in device.intent()["routing"]["uplinks"]
    ]


def test_routed_stack_failover_is_compliant(demo, tmp_path):
    device = demo.devices["jaures-sw1"]
    sim = _sim(tmp_path, device, render_device(device), ospf_neighbors=_uplink_neighbours(device))
    parsed, running = _observe(sim)
    report = check_device(device.intent(), parsed, running, render_device(device))
    assert report.drifts == []
    assert (report.checks["tracks"], report.checks["ip sla operations"]) == (2, 2)


def test_unanswered_probe_is_reported(demo, tmp_path):
    device = demo.devices["jaures-sw1"]
    core_b = device.intent()["failover"]["probes"][1]["target"]
    sim = _sim(
        tmp_path,
        device,
        render_device(device),
        ospf_neighbors=_uplink_neighbours(device),
        reachable=[core_b],
    )
    parsed, running = _observe(sim)
    [sla1, sla2] = parsed["show ip sla summary"]
    assert (sla1["status"], sla1["return_code"]) == ("*", "Timeout")
    assert (sla2["status"], sla2["return_code"], sla2["destination"]) == ("*", "OK", core_b)
    report = check_device(device.intent(), parsed, running, render_device(device))
    assert report.drifts == [
        "track 1 (probe 10.31.0.8 via Port-channel1) is Down: the uplink to core-a is not answering"
    ]


def test_edge_security_drift_is_reported(demo, tmp_path):
    """Trust taken off an uplink, a client VLAN left unsnooped, a free port left up."""
    device = demo.devices["curie-sw1"]
    intended = render_device(device)
    uplink = "interface Port-channel1\n description uplink core-a\n"
    free = "interface GigabitEthernet1/0/21\n description Libre\n"
    head, po1 = intended.split(uplink)
    po1 = po1.replace(" ip dhcp snooping trust\n", "", 1)
    head2, port = (head + uplink + po1).split(free)
    port = port.replace(" shutdown\n", "", 1)
    drifted = (head2 + free + port).replace(
        "ip dhcp snooping vlan 20,30,40,50", "ip dhcp snooping vlan 20,40,50"
    )
    assert drifted.count("\n") == intended.count("\n") - 2
    sim = _sim(tmp_path, device, drifted)
    parsed, running = _observe(sim)
    report = check_device(device.intent(), parsed, running, intended)
    drifts = [d for d in report.drifts if not d.startswith("the running configuration differs")]
    assert drifts == [
        "GigabitEthernet1/0/21 (Libre) is connected, intended shut down: anyone could plug in "
        "there",
        "VLAN 30 is not snooped: a rogue DHCP server on that VLAN would be answered",
        "Port-channel1 is not trusted for DHCP snooping: the DHCP answers it brings are "
        "dropped and the clients get no address",
    ]
    assert report.checks["dhcp snooping"] == 1 + 4 + 3 + len(
        [p for p in device.intent()["edge_security"]["ports"].values() if p["dhcp_rate"]]
    )


def test_a_drift_quotes_no_secret_old_or_current(demo):
    """A verify report goes to the JSON summary and the history: the lines it quotes are
    masked at every secret position, an old OSPF key and a leftover SNMP community too."""
    device = demo.devices["hugo-sw1"]
    secrets = {
        "ospf_key": "Ospf-k3y-demo",
        "radius_key": "Radius-k3y-demo",
        "local_secret": "$9$demoSaltdemoSa$" + "A" * 43,
        "snmp_auth_key": "Snmp-auth-demo",
        "snmp_priv_key": "Snmp-priv-demo",
    }
    intended = render_device(device, secrets)
    assert secrets["ospf_key"] in intended
    running = intended.replace(secrets["ospf_key"], "Old-ospf-key").replace(
        "logging host", "snmp-server community Old-community RO\nlogging host", 1
    )
    report = check_device(device.intent(), {}, running, intended, secrets).as_dict()
    text = repr(report)
    assert [v for v in [*secrets.values(), "Old-ospf-key", "Old-community"] if v in text] == []
    # the routing lines are a note: the OSPF checks, reading no neighbour here, drift first
    quoted = [d for d in report["drifts"] + report["notes"] if "differs from the design" in d]
    assert any("md5 ********" in d for d in quoted), quoted
    assert any("no snmp-server community ********[other] RO" in d for d in quoted), quoted
