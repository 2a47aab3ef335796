"""A routing 2960-X whose SDM template is not lanbase-routing: refused, or reloaded when allowed.

curie-sw1 (a 2960-X FlexStack, the routing stack of its school) is simulated
(tests/deploy/simcity.py) with its factory template, `default`, active. A
deploy without schools_allow_reload must stop before sending anything but
reads, naming the device, both templates and the ways on; check mode with the
reload allowed only says what it would do; with schools_allow_reload=true the
deploy selects the template, reloads the stack, checks the template and
deploys the design.
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
    recap,
    run_playbook,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    copy_demo,
)

sys.path.insert(0, str(ROOT / "tests" / "deploy"))
import simcity

HOST = "curie-sw1"
# what a device may receive before the plan: reads, and what network_cli sets up a session with
READS = re.compile(r"^(show |terminal |enable$|exit$)")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("sdm")
    city = copy_demo(base)
    state = base / "sim"
    simcity.start(str(city), state)
    try:
        yield state
    finally:
        simcity.stop(state)


def _state(state: Path) -> dict:
    return json.loads((state / "devices" / HOST / "state.json").read_text(encoding="utf-8"))


def _factory_template(state: Path) -> None:
    path = state / "devices" / HOST / "state.json"
    data = _state(state)
    data["stack"]["sdm_active"], data["stack"]["sdm_pending"] = "default", None
    path.write_text(json.dumps(data), encoding="utf-8")


def _sent(state: Path) -> list[str]:
    """Commands the device received (prompt removed)."""
    log = state / "devices" / HOST / "commands.log"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [re.sub(r"^\d+ \w+ \S+?[#>]", "", line) for line in lines]


def _deploy(state: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_playbook(
        [state / "molecule-inventory"],
        "-e",
        "schools_mode=deploy",
        "-e",
        f"schools_build_dir={state / 'build'}",
        "-e",
        f"schools_backup_dir={state / 'backups'}",
        "--limit",
        HOST,
        *extra,
        playbook=playbook_with_summary(state),
    )


def test_factory_template_refused_without_allow_reload(lab):
    _factory_template(lab)
    before = len(_sent(lab))
    running = (lab / "devices" / HOST / "running.cfg").read_text(encoding="utf-8")
    run = _deploy(lab)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-3000:]
    assert not has_traceback(out)
    assert recap(run.stdout)[HOST]["failed"] == 1
    assert (
        f"{HOST}: plan refused, nothing was sent: the stack runs SDM template default, "
        "routing needs lanbase-routing" in out
    )
    assert "-e schools_allow_reload=true" in out
    sent = _sent(lab)[before:]
    assert "show sdm prefer" in sent
    assert [c for c in sent if not READS.match(c)] == []
    assert (lab / "devices" / HOST / "running.cfg").read_text(encoding="utf-8") == running
    assert _state(lab)["stack"]["sdm_active"] == "default"


def test_check_mode_says_what_the_reload_would_do_and_sends_nothing(lab):
    _factory_template(lab)
    before = len(_sent(lab))
    run = _deploy(lab, "--check", "-e", "schools_allow_reload=true")
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    assert "this run would send configure terminal, sdm prefer lanbase-routing, end" in out
    assert [c for c in _sent(lab)[before:] if not READS.match(c)] == []
    assert _state(lab)["stack"]["sdm_active"] == "default"
    assert _state(lab)["stack"]["sdm_pending"] is None


def test_allow_reload_selects_the_template_reloads_and_deploys(lab):
    _factory_template(lab)
    before = len(_sent(lab))
    run = _deploy(lab, "-e", "schools_allow_reload=true")
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-4000:]
    assert _state(lab)["stack"]["sdm_active"] == "lanbase-routing"
    sent = _sent(lab)[before:]
    order = [c for c in sent if c in ("sdm prefer lanbase-routing", "reload", "write memory")]
    assert order[:3] == ["sdm prefer lanbase-routing", "write memory", "reload"]
    # the plan came after the reload, and the template was read again before it
    assert sent.index("reload") < len(sent) - 1 - sent[::-1].index("show sdm prefer")
    assert "ip routing" in (lab / "devices" / HOST / "running.cfg").read_text(encoding="utf-8")
