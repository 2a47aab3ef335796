"""Faults of the simulated devices during a deploy: nothing is left half-applied.

curie-sw1 and moulin-sw1 are simulated (tests/deploy/simcity.py) and deployed
once; then each case changes both schools and breaks curie-sw1 one way: the
connection dropped in the middle of the change, a command rejected, a
command that never answers (past a short command timeout), a port closed from
the start, a refused password. Every time, curie-sw1 must end with its
configuration of before or the intended one, never something in between;
moulin-sw1 must get its change; the run must fail, and its summary
(playbooks/summary.yml) must name curie-sw1 and why. Finally two runs started
together on the same school must take turns (the school lock).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from ansible_collections.citynet.schools.plugins.action.school_lock import Owner, alive
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import (
    plan_device,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.tests.reliability.playrun import (
    ROOT,
    has_traceback,
    playbook_with_summary,
    recap,
    run_playbook,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    copy_demo,
    edit_yaml,
)

sys.path.insert(0, str(ROOT / "tests" / "deploy"))
import simcity

HOSTS = "curie-sw1,moulin-sw1"
SIM_SECRETS = {
    "ospf_key": simcity.OSPF_KEY,
    "radius_key": simcity.RADIUS_KEY,
    "local_secret": simcity.LOCAL_SECRET,
    "snmp_auth_key": simcity.SNMP_AUTH_KEY,
    "snmp_priv_key": simcity.SNMP_PRIV_KEY,
}
FAULTS_FILE = "03-faults.yml"  # read after the simulators' file, so its host variables win


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    city = copy_demo(base)
    state = base / "sim"
    simcity.start(str(city), state)
    playbook = playbook_with_summary(base)
    try:
        first = _deploy(state, playbook)
        assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-2000:]
        yield city, state, playbook
    finally:
        simcity.stop(state)


def _deploy(state: Path, playbook: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_playbook(
        [state / "molecule-inventory"],
        "-e",
        "schools_mode=deploy",
        "-e",
        f"schools_build_dir={state / 'build'}",
        "-e",
        f"schools_backup_dir={state / 'backups'}",
        "--limit",
        HOSTS,
        *extra,
        playbook=playbook,
    )


def _running(state: Path, host: str) -> str:
    return (state / "devices" / host / "running.cfg").read_text(encoding="utf-8")


def _pending(
    city: Path, host: str, running: str, state: Path | None = None
) -> dict[str, list[str]]:
    """What a deploy would still send: nothing when the device equals its design.

    The SNMPv3 users, which IOS keeps out of the running configuration, are
    read from the simulated device's state (``state``), as `show snmp user` would list them.
    """
    device = design_city(city).devices[host]
    # the device holds the simulated city's secrets; the file shows them masked
    intended = render_device(device, SIM_SECRETS)
    users = []
    if state is not None:
        saved = json.loads((state / "devices" / host / "state.json").read_text(encoding="utf-8"))
        users = [
            {
                "user_name": name,
                "group_name": user["group"],
                "authentication_protocol": user["auth"],
                "privacy_protocol": user["priv"],
            }
            for name, user in saved.get("snmp_users", {}).items()
        ]
    plan = plan_device(device.intent(), intended, running, shown={"show snmp user": users})
    return {concern: lines for concern, lines in plan.commands.items() if lines}


def _change_both(city: Path) -> None:
    """A change for each school: curie's first two port groups, moulin's first one (toggled).

    moulin-sw1 always equals its file after a case (it is the school that deploys), so
    toggling its file always gives it something to do; curie-sw1 keeps its configuration
    of before every case, so the same edit stays pending for it.
    """

    def curie(data):
        data["stacks"][0]["ports"][0]["profile"] = (
            "printer"  # 12 ports: voice VLAN off, description
        )
        data["stacks"][0]["ports"][1]["profile"] = "camera"  # then Gi1/0/13-14 to VLAN 60

    def moulin(data):
        port = data["stacks"][0]["ports"][0]
        port["profile"] = "pc_teaching" if port["profile"] == "pc_admin" else "pc_admin"

    edit_yaml(city / "schools" / "curie.yml", curie)
    edit_yaml(city / "schools" / "moulin.yml", moulin)


def _arm(state: Path, host: str, **faults) -> None:
    (state / "devices" / host / "faults.json").write_text(json.dumps(faults), encoding="utf-8")


def _host_vars(state: Path, host: str, variables: dict[str, object] | None) -> None:
    path = state / "molecule-inventory" / FAULTS_FILE
    if variables:
        path.write_text(yaml.safe_dump({"all": {"hosts": {host: variables}}}), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _summary(stdout: str) -> list[str]:
    found = re.search(
        r"TASK \[Name each failed device and why\].*?\"msg\": \[\n(.*?)\n\s*\]\n", stdout, re.S
    )
    assert found, "no failed-devices summary in the output:\n" + stdout[-3000:]
    return json.loads("[" + found.group(1) + "]")


def _run_summary(stdout: str) -> list[str]:
    found = re.search(
        r"TASK \[Say what the run did, per school\].*?\"msg\": \[\n(.*?)\n\s*\]\n", stdout, re.S
    )
    assert found, "no run summary in the output:\n" + stdout[-3000:]
    return json.loads("[" + found.group(1) + "]")


# name, faults armed on curie-sw1, extra host variables, what the summary must say about it
CASES = [
    (
        "connection_dropped_mid_change",
        {"drop_on": [r"^switchport access vlan 60$"]},
        None,
        "rolled back to its configuration of before the change",
    ),
    (
        "command_rejected",
        {"reject": [r"^switchport access vlan 60$"]},
        None,
        "rolled back to its configuration of before the change",
    ),
    (
        "command_stalls_past_the_timeout",
        {"stall": [r"^switchport access vlan 60$"]},
        {"ansible_command_timeout": 8},
        "rolled back to its configuration of before the change",
    ),
    (
        "unreachable_from_the_start",
        {},
        "closed-port",
        # the host key check is the first contact with the device
        "unreachable while checking the SSH host key: curie-sw1: cannot reach 127.0.0.1 port",
    ),
    (
        "authentication_refused",
        {"auth_fail": True},
        None,
        "failed while reading the running configuration: Failed to authenticate",
    ),
]


@pytest.mark.parametrize(
    ("name", "faults", "host_vars", "why"), CASES, ids=[case[0] for case in CASES]
)
def test_fault_leaves_no_half_change(lab, name, faults, host_vars, why):
    city, state, playbook = lab
    _change_both(city)
    before = _running(state, "curie-sw1")
    moulin_before = _running(state, "moulin-sw1")
    assert _pending(city, "curie-sw1", before, state), "the case has a change to make on curie-sw1"
    assert _pending(city, "moulin-sw1", moulin_before, state), "and on moulin-sw1"
    extra = {"ansible_port": _closed_port()} if host_vars == "closed-port" else host_vars
    _arm(state, "curie-sw1", **faults)
    _host_vars(state, "curie-sw1", extra)
    started = time.monotonic()
    try:
        run = _deploy(state, playbook)
    finally:
        _arm(state, "curie-sw1")
        _host_vars(state, "curie-sw1", None)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-3000:]
    assert not has_traceback(out), out[-4000:]
    rolled_back = 1 if "rolled back" in why else 0
    run_summary = _run_summary(run.stdout)
    assert run_summary[:3] == [
        "Deploy, per school:",
        f"- curie: 0 ok, 0 changed, 1 failed, {rolled_back} rolled back",
        "- moulin: 0 ok, 1 changed, 0 failed, 0 rolled back",
    ], run_summary
    assert run_summary[3].startswith("Verify: 1 compliant device(s), 0 drifting (0 drift(s));")
    assert '"msg": "Batch 1 of 1: curie-sw1, moulin-sw1"' in run.stdout
    after = _running(state, "curie-sw1")
    assert after == before or not _pending(city, "curie-sw1", after, state), (
        f"curie-sw1 is half-changed after {name}: still to send {_pending(city, 'curie-sw1', after, state)}"
    )
    assert after == before, f"{name}: the failed change was not undone"
    assert not _pending(city, "moulin-sw1", _running(state, "moulin-sw1"), state), (
        "the other school was not deployed"
    )
    counters = recap(run.stdout)
    assert counters["curie-sw1"]["failed"] + counters["curie-sw1"]["unreachable"] == 1
    assert counters["moulin-sw1"]["failed"] == 0 and counters["moulin-sw1"]["unreachable"] == 0
    summary = _summary(run.stdout)
    assert summary[0] == "1 device(s) failed:", summary
    line = next((s for s in summary if s.startswith("- curie-sw1: ")), "")
    assert why in line, summary
    assert not any(s.startswith("- moulin-sw1") for s in summary)
    assert not (state / "backups" / ".plans" / "curie-sw1").exists(), "plan files left behind"
    lock = state / "backups" / ".locks" / "curie.lock"
    if lock.exists():  # left by the failed device; its run is over, so the next run takes it
        owner = json.loads(lock.read_text(encoding="utf-8"))["owner"]
        assert not alive(Owner.from_dict(owner))
    assert time.monotonic() - started < 600


def test_two_runs_on_the_same_school_take_turns(lab):
    city, state, playbook = lab

    def curie(data):
        data["stacks"][0]["ports"][2]["profile"] = "pc_admin"  # Gi1/0/15, one port

    edit_yaml(city / "schools" / "curie.yml", curie)
    assert _pending(city, "curie-sw1", _running(state, "curie-sw1"), state)

    def start(build: str) -> tuple[subprocess.Popen[str], Path]:
        # each run writes to its own file: a pipe read only after the other run ends fills
        # up (64 KiB of -v output) and blocks its writer while it holds the school's lock
        log = state / f"{build}.log"
        with log.open("w", encoding="utf-8") as out:
            run = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("ansible-playbook")),
                    "-i",
                    str(state / "molecule-inventory"),
                    str(playbook),
                    "-e",
                    "schools_mode=deploy",
                    "-e",
                    f"schools_build_dir={state / build}",  # each run its own: both render at once
                    "-e",
                    f"schools_backup_dir={state / 'backups'}",  # shared: the lock lives there
                    "--limit",
                    "curie-sw1",
                    "-v",
                ],
                cwd=ROOT,
                env={
                    **os.environ,
                    "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
                    "ANSIBLE_NOCOLOR": "1",
                },
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
            )
        return run, log

    started = [start("build-a"), start("build-b")]
    for run, _log in started:
        run.wait(timeout=900)
    runs = [run for run, _log in started]
    outs = [log.read_text(encoding="utf-8") for _run, log in started]
    assert [r.returncode for r in runs] == [0, 0], "\n=====\n".join(o[-3000:] for o in outs)
    planned = [_plan_status(o, "curie-sw1") for o in outs]
    waited = [
        max((float(w) for w in re.findall(r'"waited": ([0-9.]+)', o)), default=0.0) for o in outs
    ]
    first, second = (0, 1) if waited[0] < waited[1] else (1, 0)
    assert planned[first] == "changed", "the first run planned and made the change"
    assert waited[second] > 0, "the second run waited for the first"
    assert planned[second] == "ok", (
        "the second run found the change done: the runs did not interleave"
    )
    assert not _pending(city, "curie-sw1", _running(state, "curie-sw1"), state)
    assert not (state / "backups" / ".locks" / "curie.lock").exists()


def _plan_status(out: str, host: str) -> str:
    """``changed`` when the run's deploy_plan found something to send to ``host``, else ``ok``."""
    found = re.search(
        r"TASK \[citynet\.schools\.deploy : Back up the running configuration[^\n]*\n"
        rf"(changed|ok): \[{re.escape(host)}\]",
        out,
    )
    assert found, out[-3000:]
    return found.group(1)
