"""DHCP service checks on real show ip dhcp pool / show ip dhcp binding formats."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.verify.checks_dhcp import (
    CHECKS,
    COMMANDS,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.verify.routedkit import (
    SHOW_IP_DHCP_BINDING,
    SHOW_IP_DHCP_POOL,
    intent,
    run,
)


def _run(data=None, **changed):
    return run(CHECKS, COMMANDS, data or intent(), **changed)


def test_commands():
    assert COMMANDS == ("show ip dhcp pool", "show ip dhcp binding")


def test_pool_template_reads_each_pool():
    rows = parse_show("cisco_ios", "show ip dhcp pool", SHOW_IP_DHCP_POOL)
    assert [(r["pool"], r["start"], r["end"], r["leased_addresses"]) for r in rows] == [
        ("ADMINISTRATION", ["10.32.16.1"], ["10.32.16.254"], "2"),
        ("PEDAGOGIE", ["10.32.17.1"], ["10.32.17.254"], "1"),
    ]


def test_binding_template_reads_dated_and_wrapped_leases():
    rows = parse_show("cisco_ios", "show ip dhcp binding", SHOW_IP_DHCP_BINDING)
    assert [(r["ip_address"], r["expiration"], r["type"]) for r in rows] == [
        ("10.32.16.20", "Mar 13 2027 01:56 AM", "Automatic"),
        ("10.32.16.21", "Mar 13 2027 02:10 AM", "Automatic"),
        ("10.32.17.20", "Infinite", "Manual"),
    ]


def test_compliant_local_service():
    report = _run()
    assert report.drifts == []
    assert report.checks == {"dhcp pools": 2}
    assert report.facts == {"dhcp_leases": 3}


def test_missing_pool():
    pools = SHOW_IP_DHCP_POOL.split("\nPool PEDAGOGIE :", maxsplit=1)[0]
    assert _run(show_ip_dhcp_pool=pools).drifts == [
        "DHCP pool PEDAGOGIE (10.32.17.20-10.32.17.250) is missing"
    ]


def test_pool_on_another_network():
    pools = SHOW_IP_DHCP_POOL.replace(
        " 10.32.17.21          10.32.17.1       - 10.32.17.254",
        " 10.32.18.21          10.32.18.1       - 10.32.18.254",
    )
    assert _run(show_ip_dhcp_pool=pools).drifts == [
        "DHCP pool PEDAGOGIE serves 10.32.18.1-10.32.18.254, intended 10.32.17.1-10.32.17.254"
        " (10.32.17.0/24, leases 10.32.17.20-10.32.17.250)"
    ]


def test_pool_without_network():
    pools = SHOW_IP_DHCP_POOL.replace(
        " 1 subnet is currently in the pool :\n"
        " Current index        IP address range                    Leased/Excluded/Total\n"
        " 10.32.17.21          10.32.17.1       - 10.32.17.254     1     / 1     / 254\n",
        " 0 subnet is currently in the pool :\n",
    )
    assert _run(show_ip_dhcp_pool=pools).drifts == [
        "DHCP pool PEDAGOGIE serves no network, intended 10.32.17.1-10.32.17.254"
        " (10.32.17.0/24, leases 10.32.17.20-10.32.17.250)"
    ]


def test_relay_mode_records_the_relays():
    def relay(d):
        d["dhcp_service"] = {
            "mode": "relay",
            "relays": [
                {"interface": "Vlan10", "vlan": 10, "helpers": ["10.10.0.67"]},
                {"interface": "Vlan20", "vlan": 20, "helpers": ["10.10.0.67"]},
            ],
            "pools": [],
        }

    report = _run(intent(relay), show_ip_dhcp_pool="", show_ip_dhcp_binding="")
    assert report.drifts == []
    assert report.checks == {}
    assert report.facts == {"dhcp_relays": 2}


def test_no_service_checks_nothing():
    def none(d):
        del d["dhcp_service"]

    report = _run(intent(none))
    assert (report.drifts, report.checks, report.facts) == ([], {}, {})
