"""4G failover checks on real show track / show ip sla summary / show ip route formats."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.verify.checks_failover import (
    CHECKS,
    COMMANDS,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.verify.routedkit import (
    SHOW_IP_ROUTE,
    SHOW_IP_SLA_SUMMARY,
    SHOW_TRACK,
    intent,
    run,
)

ON_4G = SHOW_IP_ROUTE.replace(
    "S*    0.0.0.0/0 [1/0] via 10.31.0.18\n                [1/0] via 10.31.0.16\n",
    "S*    0.0.0.0/0 [250/0] via 10.32.22.2\n",
)
TRACK_1_DOWN = SHOW_TRACK.replace(
    "IP SLA 1 reachability\n  Reachability is Up\n    2 changes, last change 00:56:15\n"
    "  Latest operation return code: OK",
    "IP SLA 1 reachability\n  Reachability is Down\n    3 changes, last change 00:00:12\n"
    "  Latest operation return code: Timeout",
)


def _run(data=None, **changed):
    return run(CHECKS, COMMANDS, data or intent(), **changed)


def test_commands():
    assert COMMANDS == ("show track", "show ip sla summary", "show ip route")


def test_compliant_failover():
    report = _run()
    assert report.drifts == []
    assert report.notes == []
    assert report.checks == {"tracks": 2, "ip sla operations": 2, "backup route": 1}
    assert report.facts == {"on_4g": False}


def test_track_down_names_the_core():
    report = _run(show_track=TRACK_1_DOWN)
    assert report.drifts == [
        "track 1 (probe 10.31.0.16 via Port-channel1) is Down: "
        "the uplink to core-a is not answering"
    ]
    assert report.facts == {"on_4g": False}


def test_missing_track():
    tracks = SHOW_TRACK.split("Track 2\n", maxsplit=1)[0]
    assert _run(show_track=tracks).drifts == [
        "track 2 (probe 10.31.0.18 via Port-channel2) is missing"
    ]


def test_track_on_the_wrong_probe():
    tracks = SHOW_TRACK.replace("IP SLA 2 reachability", "IP SLA 1 reachability")
    assert _run(show_track=tracks).drifts == [
        "track 2 (probe 10.31.0.18 via Port-channel2) follows IP SLA 1, intended IP SLA 2"
    ]


def test_missing_sla_operation():
    summary = SHOW_IP_SLA_SUMMARY.split("*2 ", maxsplit=1)[0]
    assert _run(show_ip_sla_summary=summary).drifts == [
        "IP SLA 2 (probe 10.31.0.18 via Port-channel2) is missing"
    ]


def test_sla_operation_probing_another_target():
    summary = SHOW_IP_SLA_SUMMARY.replace(
        "*1           icmp-echo   10.31.0.16", "*1           icmp-echo   10.31.0.20"
    )
    assert _run(show_ip_sla_summary=summary).drifts == [
        "IP SLA 1 probes 10.31.0.20, intended 10.31.0.16"
    ]


def test_sla_operation_not_scheduled():
    summary = SHOW_IP_SLA_SUMMARY.replace("*2   ", "~2   ")
    assert _run(show_ip_sla_summary=summary).drifts == [
        "IP SLA 2 (probe 10.31.0.18 via Port-channel2) is pending, intended active (scheduled)"
    ]


def test_on_4g_while_a_probe_is_down_is_a_note():
    report = _run(show_ip_route=ON_4G, show_track=TRACK_1_DOWN)
    assert report.drifts == [
        "track 1 (probe 10.31.0.16 via Port-channel1) is Down: "
        "the uplink to core-a is not answering"
    ]
    assert report.notes == ["traffic is on the 4G backup router (10.32.22.2)"]
    assert report.facts == {"on_4g": True}


def test_on_4g_while_every_probe_is_up_is_a_drift():
    report = _run(show_ip_route=ON_4G)
    assert report.drifts == [
        "traffic is on the 4G backup router (10.32.22.2) while no uplink probe is down"
    ]
    assert report.facts == {"on_4g": True}


def test_every_probe_down_and_not_on_4g():
    tracks = SHOW_TRACK.replace("Reachability is Up", "Reachability is Down")
    report = _run(show_track=tracks)
    assert report.drifts == [
        "track 1 (probe 10.31.0.16 via Port-channel1) is Down: "
        "the uplink to core-a is not answering",
        "track 2 (probe 10.31.0.18 via Port-channel2) is Down: "
        "the uplink to core-b is not answering",
        "every uplink probe is down and traffic is not on the 4G backup router (10.32.22.2)",
    ]
    assert report.facts == {"on_4g": False}


def test_no_failover_checks_nothing():
    def none(d):
        del d["failover"]

    report = _run(intent(none))
    assert (report.drifts, report.checks, report.facts) == ([], {}, {})
