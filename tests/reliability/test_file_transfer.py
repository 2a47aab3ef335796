"""Large plans go as one file (SCP, then `copy flash:... running-config`), with the same safety.

curie-sw1 is simulated (tests/deploy/simcity.py) with the threshold set low, so
that its blank first deploy sends its large concerns as files. The simulator's
commands.log shows what the device received: the copy commands, not the lines.
The device must end equal to its design (what line by line reaches; the role's
own check after the change proves the same), a second deploy must change
nothing, and a copy that fails (the session dropped on it, a line of the file
refused) must roll the device back to its configuration of before, leaving no
plan file on flash:.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.tests.reliability.playrun import (
    ROOT,
    has_traceback,
    playbook_with_summary,
    run_playbook,
)
from ansible_collections.citynet.schools.tests.reliability.test_faults import _pending
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    copy_demo,
    edit_yaml,
)

sys.path.insert(0, str(ROOT / "tests" / "deploy"))
import simcity

HOST = "curie-sw1"
THRESHOLD = 10
COPY = "copy flash:citynet-plan.cfg running-config"
# a line of the vlans concern as it would be typed in configuration mode
APPLIED_COPY = re.compile(rf"^\d+ ok \S+#{re.escape(COPY)}$", re.M)
TYPED_PORT_LINE = re.compile(r"^\d+ ok \S+\(config-if[^)]*\)#switchport", re.M)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("transfer")
    city = copy_demo(base)
    state = base / "sim"
    simcity.start(str(city), state)
    playbook = playbook_with_summary(base)
    try:
        yield city, state, playbook
    finally:
        simcity.stop(state)


def _deploy(state: Path, playbook: Path) -> subprocess.CompletedProcess[str]:
    return run_playbook(
        [state / "molecule-inventory"],
        "-e",
        "schools_mode=deploy",
        "-e",
        f"schools_build_dir={state / 'build'}",
        "-e",
        f"schools_backup_dir={state / 'backups'}",
        "-e",
        f"schools_file_transfer_lines={THRESHOLD}",
        "--limit",
        HOST,
        playbook=playbook,
    )


def _device(state: Path) -> Path:
    return state / "devices" / HOST


def _log(state: Path) -> str:
    return (_device(state) / "commands.log").read_text(encoding="utf-8")


def _running(state: Path) -> str:
    return (_device(state) / "running.cfg").read_text(encoding="utf-8")


def _arm(state: Path, **faults: object) -> None:
    (_device(state) / "faults.json").write_text(json.dumps(faults), encoding="utf-8")


def _flash_plans(state: Path) -> list[str]:
    return sorted(p.name for p in (_device(state) / "flash").glob("citynet-plan*"))


def test_file_transfer_deploys_idempotent_and_rolls_back(lab):
    city, state, playbook = lab
    first = _deploy(state, playbook)
    out = first.stdout + first.stderr
    assert first.returncode == 0, out[-4000:]
    assert not has_traceback(out), out[-4000:]
    assert re.findall(r"^.*\[(?:DEPRECATION )?WARNING\].*$", out, re.M) == [], "warnings"
    log = _log(state)
    assert "scp -t flash:citynet-plan.cfg" in log
    assert COPY in log
    assert not TYPED_PORT_LINE.search(log), "the ports' lines were typed, not sent as a file"
    assert "ip scp server enable" in _running(state)
    assert _pending(city, HOST, _running(state), state) == {}, "the device differs from its design"
    assert _flash_plans(state) == []

    # idempotent: nothing to send, no copy
    copies = len(APPLIED_COPY.findall(log))
    again = _deploy(state, playbook)
    assert again.returncode == 0, (again.stdout + again.stderr)[-4000:]
    assert re.search(rf"{HOST}\s*: ok=\d+\s+changed=0 ", again.stdout), again.stdout[-3000:]
    assert len(APPLIED_COPY.findall(_log(state))) == copies

    # a change big enough for a file (12 ports to the printer profile: 36 lines), then two
    # failures of the copy: the session dropped on it, a line of the file refused
    def curie(data):
        data["stacks"][0]["ports"][0]["profile"] = "printer"

    edit_yaml(city / "schools" / "curie.yml", curie)
    before = _running(state)
    for faults in (
        {"drop_on": [rf"^{re.escape(COPY)}$"]},
        {"reject": [r"^description Imprimante$"]},
    ):
        _arm(state, **faults)
        try:
            failed = _deploy(state, playbook)
        finally:
            _arm(state)
        assert failed.returncode != 0, f"{faults}: the deploy did not fail"
        assert "rolled back to the running configuration of before the change" in failed.stdout
        assert _running(state) == before, f"{faults}: not rolled back"
        assert _flash_plans(state) == [], f"{faults}: a plan file was left on flash:"
    assert len(APPLIED_COPY.findall(_log(state))) == copies + 1, (
        "the dropped copy is not counted; the refused one is"
    )

    fixed = _deploy(state, playbook)
    assert fixed.returncode == 0, (fixed.stdout + fixed.stderr)[-4000:]
    assert _pending(city, HOST, _running(state), state) == {}
