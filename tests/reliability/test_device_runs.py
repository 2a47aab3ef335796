"""Device runs through the real playbook against the simulated city.

curie-sw1, moulin-sw1 (switch stacks) and jaures-4g (an IR1101 backup router)
are simulated (tests/deploy/simcity.py) and deployed from blank, each with its
management plane, and deploying them again changes nothing. A deploy and a
verify must print no Ansible warning: nothing a technician learns to skim past.
The simulators' inventory here leaves the SSH library to the city's inventory,
as on real devices, so a host that falls back to paramiko unasked would warn.
Then a drift is planted on a device for each of the newer concerns: verify must
report it under that concern, the next deploy fix it, and verify find the
device compliant again; the run prints the drift once. A drift previewed with ``--check --diff`` shows as a
unified diff of its concern alone, and nothing is sent.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ansible_collections.citynet.schools.tests.reliability.playrun import (
    ROOT,
    has_traceback,
    playbook_with_summary,
    run_playbook,
)
from ansible_collections.citynet.schools.tests.reliability.test_faults import (
    _run_summary,
    _running,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import copy_demo

sys.path.insert(0, str(ROOT / "tests" / "deploy"))
import simcity

HOSTS = "curie-sw1,moulin-sw1,jaures-4g"
# what a check-mode run may send: reads, and the session's own commands (no configuration)
READS = re.compile(r"^(show |terminal |enable$|exit$)")
WARNING = re.compile(r"^.*\[(?:DEPRECATION )?WARNING\].*$", re.M)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("devruns")
    city = copy_demo(base)
    state = base / "sim"
    simcity.start(str(city), state)
    simulators = state / "molecule-inventory" / simcity.SIMULATORS_FILE
    overrides = yaml.safe_load(simulators.read_text(encoding="utf-8"))
    # as for a real device: the city's inventory names the SSH library
    del overrides["all"]["vars"]["ansible_network_cli_ssh_type"]
    simulators.write_text(yaml.safe_dump(overrides, sort_keys=False), encoding="utf-8")
    playbook = playbook_with_summary(base)
    try:
        first = _run(state, playbook, "deploy")
        yield city, state, playbook, first
    finally:
        simcity.stop(state)


def _run(
    state: Path, playbook: Path, mode: str, hosts: str = HOSTS, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run_playbook(
        [state / "molecule-inventory"],
        "-e",
        f"schools_mode={mode}",
        "-e",
        f"schools_build_dir={state / 'build'}",
        "-e",
        f"schools_backup_dir={state / 'backups'}",
        "--limit",
        hosts,
        *extra,
        playbook=playbook,
    )


def _received(state: Path, host: str) -> list[str]:
    """Each line of the simulator's log of what ``host`` received: `<session> <status> <prompt><command>`."""
    log = state / "devices" / host / "commands.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _output(run: subprocess.CompletedProcess[str]) -> str:
    return run.stdout + run.stderr


def _quiet(run: subprocess.CompletedProcess[str], what: str) -> None:
    out = _output(run)
    assert run.returncode == 0, f"{what}: " + out[-4000:]
    assert not has_traceback(out), out[-4000:]
    assert WARNING.findall(out) == [], f"{what} printed warnings"


def _drifts(state: Path, host: str) -> list[tuple[str, str]]:
    """(concern, drift) of the host, as the last verify wrote them in the run's summary."""
    summary = json.loads((state / "build" / "compliance-summary.json").read_text(encoding="utf-8"))
    report = next(r for r in summary["reports"] if r["host"] == host)
    return list(zip(report["concerns"], report["drifts"], strict=True))


def test_deploy_and_verify_print_no_warning(lab):
    _city, state, playbook, first = lab
    _quiet(first, "the first deploy")
    for host in HOSTS.split(","):
        running = _running(state, host)
        assert "banner login ^C" in running, f"{host}: no banner sent"
        assert "ntp server 10.30.1.10" in running, f"{host}: no management plane"
    _quiet(_run(state, playbook, "verify"), "verify")
    again = _run(state, playbook, "deploy")
    _quiet(again, "the second deploy")
    assert _run_summary(again.stdout)[1:4] == [
        "- curie: 1 ok, 0 changed, 0 failed, 0 rolled back",
        "- jaures: 1 ok, 0 changed, 0 failed, 0 rolled back",
        "- moulin: 1 ok, 0 changed, 0 failed, 0 rolled back",
    ], "a deploy of what the first one did changed something"


# concern, device, (what the device holds, what it holds after the drift), drift reported
DRIFTS = [
    (
        "edge_security",
        "curie-sw1",
        (
            r"( description Routeur 4G de secours\n(?: [^\n]*\n)*?) ip dhcp snooping trust\n",
            r"\1",
        ),
        "GigabitEthernet1/0/24 is not trusted for DHCP snooping",
    ),
    (
        "management_plane",
        "moulin-sw1",
        (r"logging host 10\.30\.1\.30\n", ""),
        "logging host 10.30.1.30",
    ),
    (
        "management_plane",
        "jaures-4g",
        (r"(line vty 0 4\n(?: [^\n]*\n)*?) access-class MGMT-SSH in\n", r"\1"),
        "access-class MGMT-SSH in",
    ),
]


@pytest.mark.parametrize(
    ("concern", "host", "edit", "reported"), DRIFTS, ids=[d[0] + "-" + d[1] for d in DRIFTS]
)
def test_drift_is_reported_then_fixed(lab, concern, host, edit, reported):
    _city, state, playbook, first = lab
    assert first.returncode == 0, _output(first)[-3000:]
    running = state / "devices" / host / "running.cfg"
    drifted, count = re.subn(edit[0], edit[1], running.read_text(encoding="utf-8"), count=1)
    assert count == 1, f"{host} does not hold what the drift removes"
    running.write_text(drifted, encoding="utf-8")

    verify = _run(state, playbook, "verify", host)
    assert verify.returncode != 0, "verify passed a drifting device"
    assert not has_traceback(_output(verify)), _output(verify)[-4000:]
    drifts = _drifts(state, host)
    assert drifts, "verify failed without naming a drift"
    assert {c for c, _drift in drifts} == {concern}, drifts
    assert any(reported in drift for _concern, drift in drifts), drifts
    # one drift, printed once: a check's finding and its missing line are not two drifts
    assert len(drifts) == 1, drifts
    assert _output(verify).count(drifts[0][1]) == 1, _output(verify)[-4000:]

    fix = _run(state, playbook, "deploy", host)
    assert fix.returncode == 0, _output(fix)[-4000:]
    school = host.split("-")[0]
    assert f"- {school}: 0 ok, 1 changed, 0 failed, 0 rolled back" in _run_summary(fix.stdout)

    again = _run(state, playbook, "verify", host)
    assert again.returncode == 0, _output(again)[-4000:]
    assert _drifts(state, host) == []


def test_check_diff_previews_one_drift_as_a_unified_diff_and_sends_nothing(lab):
    _city, state, playbook, first = lab
    assert first.returncode == 0, _output(first)[-3000:]
    host = "curie-sw1"
    running = state / "devices" / host / "running.cfg"
    held = running.read_text(encoding="utf-8")
    drifted, count = re.subn(
        r"^ntp server 10\.30\.1\.11$", "ntp server 10.30.1.99", held, flags=re.M
    )
    assert count == 1, f"{host} does not run the second NTP server"
    running.write_text(drifted, encoding="utf-8")
    before = len(_received(state, host))
    try:
        preview = _run(state, playbook, "deploy", host, "--check", "--diff")
    finally:
        running.write_text(held, encoding="utf-8")
    out = _output(preview)
    assert preview.returncode == 0, out[-4000:]
    assert not has_traceback(out), out[-4000:]
    # one diff, of the drifting concern only, its old line going and the designed one coming
    headers = re.findall(r"^--- before: (.*)$", preview.stdout, re.M)
    assert headers == [f"{host} running-config: management_plane"], headers
    assert f"+++ after: {host} intended: management_plane\n" in preview.stdout
    hunk = preview.stdout.split(f"+++ after: {host} intended: management_plane\n", 1)[1]
    changes = [line for line in hunk.split("\n\n", 1)[0].splitlines() if line[:1] in "-+"]
    assert changes == ["-ntp server 10.30.1.99", "+ntp server 10.30.1.11"], hunk[:2000]
    # the verify ending the run counts the drift but does not list again what the diff showed
    assert "(1 drift(s))" in preview.stdout
    assert preview.stdout.count("ntp server 10.30.1.99") == 1, out[-4000:]
    assert "- curie: 0 ok, 1 would change, 0 failed, 0 rolled back" in _run_summary(preview.stdout)
    received = _received(state, host)[before:]
    assert received, "the preview did not read the device"
    sent = [re.sub(r"^\d+ \w+ \S+?[#>]", "", line) for line in received]
    assert [c for c in sent if not READS.match(c)] == [], received
    assert not any("(config" in line for line in received), received
