"""The bad-input corpus (tests/bad_input): every broken source of truth is refused cleanly.

For every case the design core must give the expected finding (file, school or
city, field, message), raise nothing, leave the school out of the design and
render nothing for it. The real ansible-playbook then runs on every case
(about 1 s a case on an idle machine, 2 minutes for the corpus; one case per
class with CITYNET_BAD_INPUT_QUICK=1): non-zero exit, the finding printed, no
traceback, nothing written. A few cases also run in deploy
mode against the simulated devices, which must not see a single command.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import city_files
from ansible_collections.citynet.schools.tests.bad_input.corpus import (
    DEMO,
    Case,
    broken_copy,
    classes,
    load_cases,
    representatives,
)
from ansible_collections.citynet.schools.tests.reliability.playrun import (
    ROOT,
    ansible_bin,
    digest_tree,
    has_traceback,
    run_playbook,
)

CASES = load_cases()
BY_ID = {case.id: case for case in CASES}
PLAYBOOK_CASES = representatives(CASES) if os.environ.get("CITYNET_BAD_INPUT_QUICK") else CASES
# One school file, one city-wide and one unreadable file, and a description smuggling
# IOS lines through U+2028: deploy mode must touch nothing.
DEPLOY_CASES = [
    BY_ID["stack_priority/priority_16"],
    BY_ID["vlan_duplicate/same_id"],
    BY_ID["malformed_yaml/unclosed_flow_list"],
    BY_ID["clear_secret/pin_as_string"],
    BY_ID["unicode_line_breaks/port_description_line_separator"],
    # one case of each class the source files, secrets, bundles and offsets added
    BY_ID["secret_echo/pin_under_var"],
    BY_ID["duplicate_key/school_number_twice"],
    BY_ID["unexpected_file/upper_case_extension"],
    BY_ID["alias_bomb/billion_laughs"],
    BY_ID["outside_link/school_file"],
    BY_ID["lacp_mixed_speed/stack_end"],
    BY_ID["offset_bounds/gateway_offset_past_smallest_subnet"],
    BY_ID["stp_policy/mst_mode"],
]
# The classes the issue names; the corpus may hold more.
REQUIRED_CLASSES = {
    "wrong_type",
    "missing_key",
    "unknown_key",
    "vlan_out_of_range",
    "vlan_duplicate",
    "subnet_overlap",
    "pool_outside_subnet",
    "gateway_in_pool",
    "stack_member_number",
    "stack_priority",
    "port_not_on_model",
    "port_used_twice",
    "unknown_profile",
    "lacp_one_link",
    "stack_split_buildings",
    "router_port",
    "clear_secret",
    "malformed_yaml",
    "not_a_mapping",
    "unicode_names",
    "unicode_line_breaks",
    "oversized_file",
    "binary_garbage",
    "missing_file",
    "city_errors",
    "secret_echo",
    "duplicate_key",
    "unexpected_file",
    "alias_bomb",
    "outside_link",
    "routed_design",
    "copied_school",
    "shared_address",
}


def test_corpus_is_large_and_covers_every_named_class():
    found = classes(CASES)
    assert len(CASES) >= 60, len(CASES)
    assert set(found) >= REQUIRED_CLASSES, sorted(REQUIRED_CLASSES - set(found))
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        assert case.expect.message or case.expect.field, f"{case.id}: expects nothing precise"


def _finding(case: Case, root: Path, lines: list[str]) -> str | None:
    prefix = case.expected_line(root)
    return next(
        (line for line in lines if line.startswith(prefix) and case.expect.message in line), None
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_design_core_refuses(case: Case, tmp_path: Path):
    root = broken_copy(case, tmp_path)
    city = design_city(root)  # must not raise: every mistake is a finding
    lines = [str(issue) for issue in city.issues]
    assert _finding(case, root, lines), (
        f"{case.id}: no finding like {case.expected_line(root)}... {case.expect.message!r} in\n"
        + "\n".join(lines)
    )
    for secret in case.expect.absent:
        assert not any(secret in line for line in lines), f"{case.id}: {secret} echoed"
    school = case.expect.school
    if school is None:
        assert city.city_invalid
        assert not city.devices, "a broken city plan designs nothing"
    else:
        assert school in city.invalid_schools and school not in city.schools
        assert not any(
            getattr(d, "school", None) and d.school.code == school for d in city.devices.values()
        )
        assert city.cores_held, "an invalid school's uplinks would vanish from the cores"
        written = city_files(city)  # what skip_school mode would write
        assert not any(name.startswith(f"{school}/") for name in written)
        assert not any(name.startswith("_cores/") for name in written)


@pytest.mark.parametrize("case", PLAYBOOK_CASES, ids=[c.id for c in PLAYBOOK_CASES])
def test_playbook_refuses_without_writing(case: Case, tmp_path: Path):
    root = broken_copy(case, tmp_path)
    build = tmp_path / "build"
    run = run_playbook([root / "schools.yml"], "-e", f"schools_build_dir={build}")
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-3000:]
    assert not has_traceback(out), out[-5000:]
    if case.expect.playbook:
        assert case.expect.playbook in out and str(root) in out, out[-3000:]
    else:
        assert _finding(
            case, root, out.splitlines() + [ln.lstrip(" -") for ln in out.splitlines()]
        ), (
            f"{case.id}: {case.expected_line(root)}... {case.expect.message!r} not printed:\n{out[-4000:]}"
        )
    for secret in case.expect.absent:
        assert secret not in out, f"{case.id}: {secret} printed"
    assert digest_tree(build) == {}, "nothing is written when the source of truth is broken"
    if case.expect.school and not case.expect.playbook:
        # the inventory names the invalid school once, before any play starts
        warning = f"[WARNING]: citynet.schools: school {case.expect.school} is invalid and left out of the run"
        assert out.count(warning) == 1, out[-4000:]


# a school whose file is still read, one whose file is not, and an uplink's core channel
LIMIT_CASES = [
    BY_ID["stack_priority/priority_16"],
    BY_ID["malformed_yaml/unclosed_flow_list"],
    BY_ID["copied_school/uplink_of_another_school"],
]


@pytest.mark.parametrize("case", LIMIT_CASES, ids=[c.id for c in LIMIT_CASES])
@pytest.mark.parametrize("limit", ["group", "host"])
def test_limit_to_an_invalid_school_prints_its_findings(case: Case, limit: str, tmp_path: Path):
    """--limit school_<code> (or one of its hosts) reaches validation instead of "no hosts matched"."""
    root = broken_copy(case, tmp_path)
    build = tmp_path / "build"
    school = case.expect.school
    assert school
    hosts = [h for h in _inventory_hosts(root) if h.startswith(f"{school}-") or h == school]
    assert hosts, f"{case.id}: the invalid school kept no host"
    target = f"school_{school}" if limit == "group" else hosts[0]
    run = run_playbook(
        [root / "schools.yml"], "-e", f"schools_build_dir={build}", "--limit", target
    )
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-3000:]
    assert "no hosts matched" not in out.split("PLAY [")[1], out[-3000:]
    assert "TASK [Validate city.yml and every school file]" in out
    assert _finding(case, root, [ln.lstrip(" -") for ln in out.splitlines()]), out[-4000:]
    assert digest_tree(build) == {}


def _inventory_hosts(root: Path) -> list[str]:
    listed = subprocess.run(
        [ansible_bin("ansible-inventory"), "-i", str(root / "schools.yml"), "--list"],
        env={**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    groups = json.loads(listed.stdout)
    return list(groups.get("schools_invalid", {}).get("hosts", []))


@pytest.fixture(scope="module")
def simulated_city(tmp_path_factory):
    """The demo city's Cisco devices simulated, reachable through the city copy's inventory."""
    sys.path.insert(0, str(ROOT / "tests" / "deploy"))
    import simcity

    base = tmp_path_factory.mktemp("bad-deploy")
    city = base / "city"
    shutil.copytree(DEMO, city)
    state = base / "sim"
    simcity.start(str(city), state)
    try:
        yield city, state
    finally:
        simcity.stop(state)


def _device_files(state: Path) -> dict[str, bytes]:
    devices = state / "devices"
    return {
        f"{d.name}/{name}": (d / name).read_bytes() if (d / name).exists() else b""
        for d in sorted(devices.iterdir())
        if d.is_dir()
        for name in ("running.cfg", "commands.log")
    }


@pytest.mark.parametrize("case", DEPLOY_CASES, ids=[c.id for c in DEPLOY_CASES])
def test_deploy_mode_touches_no_device(case: Case, simulated_city, tmp_path: Path):
    city, state = simulated_city
    shutil.rmtree(city)
    shutil.copytree(DEMO, city)
    case.apply(city)
    before = _device_files(state)
    assert any(name.endswith("running.cfg") and data for name, data in before.items())
    run = run_playbook(
        [state / "molecule-inventory"],
        "-e",
        "schools_mode=deploy",
        "-e",
        f"schools_build_dir={tmp_path / 'build'}",
        "-e",
        f"schools_backup_dir={tmp_path / 'backups'}",
        env={"SIM_PIN_CURIE": "1357", "SIM_PIN_MOULIN": "1357"},
    )
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert not has_traceback(out), out[-4000:]
    assert _finding(case, city, [ln.lstrip(" -") for ln in out.splitlines()]), out[-4000:]
    after = _device_files(state)
    assert after == before, "a device was contacted although the source of truth is broken"
    assert not any(
        b"configure terminal" in data
        for name, data in after.items()
        if name.endswith("commands.log") and data != before[name]
    )
    assert digest_tree(tmp_path / "backups") == {} and digest_tree(tmp_path / "build") == {}
