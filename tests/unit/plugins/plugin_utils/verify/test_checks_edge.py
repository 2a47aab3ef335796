"""The edge-security check on the real `show ip dhcp snooping` format.

The outputs follow a public capture of an IOS 15 switch and the Cisco Catalyst
2960-X Security Configuration Guide ("Monitoring DHCP Snooping Information"),
as quoted in verify/templates/cisco_ios_show_ip_dhcp_snooping.textfsm, with the
ports and VLANs of a school.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.citynet.schools.plugins.plugin_utils.verify.checks_edge import (
    CHECKS,
    COMMANDS,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.report import Report

SNOOPING = """\
Switch DHCP snooping is enabled
Switch DHCP gleaning is disabled
DHCP snooping is configured on following VLANs:
20,30,40,50
DHCP snooping is operational on following VLANs:
20,30,40,50
DHCP snooping is configured on the following L3 Interfaces:

Insertion of option 82 is disabled
   circuit-id default format: vlan-mod-port
   remote-id: 04bd.9712.3456 (MAC)
Option 82 on untrusted port is not allowed
Verification of hwaddr field is enabled
Verification of giaddr field is enabled
DHCP snooping trust/rate is configured on the following Interfaces:

Interface                  Trusted    Allow option    Rate limit (pps)
-----------------------    -------    ------------    ----------------
GigabitEthernet1/0/1       no         no              15
  Custom circuit-ids:
GigabitEthernet1/0/24      yes        yes             unlimited
  Custom circuit-ids:
Port-channel1              yes        yes             unlimited
  Custom circuit-ids:
"""

# An older release: no gleaning, no L3 interfaces line, no circuit-id lines
# (a published 2960 capture of the same command).
OLD_RELEASE = """\
Switch DHCP snooping is enabled
DHCP snooping is configured on following VLANs:
20,30,40,50
DHCP snooping is operational on following VLANs:
20,30,40,50
Insertion of option 82 is disabled
Option 82 on untrusted port is not allowed
Verification of hwaddr field is enabled
Verification of giaddr field is enabled
DHCP snooping trust/rate is configured on the following Interfaces:

Interface                  Trusted    Allow option    Rate limit (pps)
-----------------------    -------    ------------    ----------------
GigabitEthernet1/0/1       no         no              15
GigabitEthernet1/0/24      yes        yes             unlimited
Port-channel1              yes        yes             unlimited
"""


def _port(**kw: Any) -> dict[str, Any]:
    base = {
        "dhcp_trust": False,
        "arp_trust": False,
        "dhcp_rate": None,
        "verify_source": False,
        "storm_control": None,
        "port_security": None,
    }
    return {**base, **kw}


INTENT: dict[str, Any] = {
    "hostname": "curie-sw1",
    "school": "curie",
    "kind": "switch_stack",
    "platform": "cisco_ios",
    "edge_security": {
        "dhcp_snooping": True,
        "snooping_vlans": "20,30,40,50",
        "arp_inspection_vlans": "",
        "dhcp_trusted": ["Port-channel1", "GigabitEthernet1/0/24"],
        "arp_trusted": [],
        "ports": {
            "Port-channel1": _port(dhcp_trust=True),
            "GigabitEthernet1/0/1": _port(dhcp_rate=15),
            "GigabitEthernet1/0/24": _port(dhcp_trust=True),
        },
    },
}


def _run(output: str = SNOOPING, intent: dict[str, Any] | None = None) -> Report:
    intent = INTENT if intent is None else intent
    parsed = {c: parse_show("cisco_ios", c, output) for c in COMMANDS}
    report = Report(intent["hostname"], intent["school"])
    for check in CHECKS:
        check(report, intent, parsed)
    return report


def test_template_reads_state_vlans_and_table():
    [row] = parse_show("cisco_ios", "show ip dhcp snooping", SNOOPING)
    assert row["enabled"] == "enabled"
    assert row["configured_vlans"] == ["20,30,40,50"]
    assert row["operational_vlans"] == ["20,30,40,50"]
    assert row["option82"] == "disabled"
    assert row["interface"] == ["GigabitEthernet1/0/1", "GigabitEthernet1/0/24", "Port-channel1"]
    assert row["trusted"] == ["no", "yes", "yes"]
    assert row["rate_limit"] == ["15", "unlimited", "unlimited"]
    assert parse_show("cisco_ios", "show ip dhcp snooping", OLD_RELEASE) == [row]


def test_compliant():
    report = _run()
    assert report.drifts == []
    assert report.checks == {"dhcp snooping": 1 + 4 + 2 + 1}


def test_trust_removed_from_an_uplink():
    drifted = SNOOPING.replace(
        "Port-channel1              yes        yes             unlimited\n  Custom circuit-ids:\n",
        "",
    )
    assert _run(drifted).drifts == [
        "Port-channel1 is not trusted for DHCP snooping: the DHCP answers it brings are "
        "dropped and the clients get no address"
    ]


def test_a_vlan_not_snooped_and_an_extra_trust():
    drifted = SNOOPING.replace("20,30,40,50", "20,40,50,60").replace(
        "GigabitEthernet1/0/1       no         no              15",
        "GigabitEthernet1/0/1       yes        yes             15",
    )
    assert _run(drifted).drifts == [
        "VLAN 30 is not snooped: a rogue DHCP server on that VLAN would be answered",
        "VLAN 60 is snooped, not intended",
        "GigabitEthernet1/0/1 is trusted for DHCP snooping, not intended: a DHCP server "
        "behind it would be answered",
    ]


def test_snooping_off_option_82_and_rate():
    drifted = (
        SNOOPING.replace("Switch DHCP snooping is enabled", "Switch DHCP snooping is disabled")
        .replace("Insertion of option 82 is disabled", "Insertion of option 82 is enabled")
        .replace("no              15", "no              100")
    )
    drifts = _run(drifted).drifts
    assert drifts[0].startswith("DHCP snooping is disabled (intended on VLANs 20,30,40,50)")
    assert (
        "DHCP snooping inserts option 82: requests relayed by the school's stacks may be "
        "dropped (intended: no ip dhcp snooping information option)"
    ) in drifts
    assert "GigabitEthernet1/0/1 limits DHCP to 100 packets/s, intended 15" in drifts


def test_a_vlan_configured_but_not_operational():
    drifted = SNOOPING.replace(
        "operational on following VLANs:\n20,30,40,50", "operational on following VLANs:\n20,40,50"
    )
    assert _run(drifted).drifts == ["VLAN 30 is snooped but not operational (does it exist?)"]


def test_snooping_intended_off():
    intent = {**INTENT, "edge_security": {**INTENT["edge_security"], "dhcp_snooping": False}}
    assert _run(intent=intent).drifts == ["DHCP snooping is enabled, intended off"]
    off = SNOOPING.replace("snooping is enabled", "snooping is disabled")
    assert _run(off, intent).drifts == []
