"""schools.yml deploys every demo RutOS router's design to a RutOS-like target over SSH."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "rutos"))
sys.path.insert(0, str(ROOT / ".collections"))

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city  # noqa: E402
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms.teltonika_rutos import (  # noqa: E402
    uci_options,
)
from ansible_collections.citynet.schools.tests.prerequisites import require_root  # noqa: E402

require_root("the RutOS target (namespaces, sshd)")

PIN = "5786"
ROUTERS = sorted(
    name
    for name, device in design_city(ROOT / "inventories" / "demo").devices.items()
    if device.platform == "teltonika_rutos"
)


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    import harness

    rutos = harness.start(tmp_path_factory.mktemp("rutos"))
    try:
        yield rutos
    finally:
        harness.stop(rutos)


def _deploy(target, host: str, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    overrides = tmp / "rutos.yml"
    host_vars = dict(target.inventory_vars())
    host_vars["ansible_port"] = int(host_vars["ansible_port"])
    pins = {f"vault_sim_pin_{host.split('-')[0]}": PIN}
    overrides.write_text(
        yaml.safe_dump({"all": {"vars": pins, "hosts": {host: host_vars}}}), encoding="utf-8"
    )
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
        "SIM_PIN_CURIE": PIN,
    }
    cmd = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        str(ROOT / "inventories" / "demo" / "schools.yml"),
        "-i",
        str(overrides),
        str(ROOT / "playbooks" / "schools.yml"),
        "-e",
        "schools_mode=deploy",
        "-e",
        f"schools_build_dir={tmp / 'build'}",
        "-e",
        f"schools_backup_dir={tmp / 'backups'}",
        "--limit",
        host,
        *extra,
    ]
    return subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _changed(stdout: str, host: str) -> int:
    found = re.search(rf"^{re.escape(host)}\s+: ok=\d+\s+changed=(\d+)", stdout, re.M)
    assert found, stdout[-2000:]
    return int(found.group(1))


@pytest.mark.parametrize("host", ROUTERS)
def test_design_applies_then_second_run_is_unchanged(target, tmp_path, host):
    target.reset()
    intent = design_city(ROOT / "inventories" / "demo").devices[host].intent()
    check = _deploy(target, host, tmp_path, "--check", "--diff")
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-2000:]
    assert target.uci("-q", "get", "network.lan.ipaddr").stdout.strip() != intent["lan"]["address"]
    first = _deploy(target, host, tmp_path, "--diff")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-2000:]
    assert _changed(first.stdout, host) >= 1
    for key, value in uci_options(intent).items():
        got = target.uci("-q", "get", key).stdout.strip()
        want = " ".join(value) if isinstance(value, list) else value
        assert got == want, key
    assert target.uci("-q", "get", "simcard.@sim[0].pincode").stdout.strip() == PIN
    assert PIN not in first.stdout + first.stderr + check.stdout
    assert list((tmp_path / "backups").rglob("*.uci")), (
        "the UCI state is backed up before the change"
    )
    school = host.split("-")[0]
    page = (tmp_path / "build" / school / "compliance.md").read_text(encoding="utf-8")
    assert f"| {host} | conforme | 0 | 1 |" in page, "verify read the options back"
    second = _deploy(target, host, tmp_path)
    assert second.returncode == 0, second.stdout[-3000:]
    assert _changed(second.stdout, host) == 0
