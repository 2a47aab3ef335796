"""SSH host keys are checked everywhere the collection ships a configuration.

Only the test simulators (devices on 127.0.0.1 with throw-away keys) may turn
checking off. Against a simulated switch: keys loaded with ssh-keyscan (the
README's procedure) let a run in, a changed key is refused, and a key never
seen before should be refused too; network_cli over paramiko does not do that
yet: a test asserts that documented limitation exactly (the run gets in and the
key is recorded), so it fails the day it is fixed, and fails too if the run
breaks for any other reason.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import paramiko
import pytest
import yaml
from ansible_collections.citynet.schools.tests.reliability.playrun import ROOT

sys.path.insert(0, str(ROOT / "tests" / "deploy"))
import simcity

# Where the collection's own configuration lives (what a city runs with).
SHIPPED = [
    "ansible.cfg",
    "inventories",
    "playbooks",
    "roles",
    "plugins",
    "awx",
    "execution-environment.yml",
    "meta",
    "scripts",
]
SUFFIXES = {".cfg", ".ini", ".yml", ".yaml", ".j2", ".py", ".sh", ".json", ".toml", ".conf"}
_OFF = r"['\"]?(?:false|no|0|off)\b"
WEAKENING = [
    re.compile(rf"host_key_checking\s*[:=]\s*{_OFF}", re.I),
    re.compile(rf"HOST_KEY_CHECKING\s*[:=]\s*{_OFF}", re.I),
    re.compile(r"StrictHostKeyChecking\s*[= ]\s*['\"]?(?:no|off|accept-new)\b", re.I),
    re.compile(r"UserKnownHostsFile\s*[= ]\s*/dev/null", re.I),
    re.compile(r"host_key_auto_add\s*[:=]\s*['\"]?(?:true|yes|1|on)\b", re.I),
    re.compile(r"AutoAddPolicy|WarningPolicy", re.I),
]


def _shipped_files() -> list[Path]:
    files: list[Path] = []
    for name in SHIPPED:
        path = ROOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts
            )
    return files


def _weakening_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(p.search(line) for p in WEAKENING)]


@pytest.mark.parametrize(
    "line",
    [
        "host_key_checking = False",
        "    ansible_host_key_checking: false",
        "ansible_paramiko_host_key_checking: no",
        "export ANSIBLE_HOST_KEY_CHECKING=False",
        "ansible_ssh_common_args: -o StrictHostKeyChecking=no",
        "-o StrictHostKeyChecking=accept-new",
        "-o UserKnownHostsFile=/dev/null",
        "host_key_auto_add = True",
        "client.set_missing_host_key_policy(paramiko.AutoAddPolicy())",
    ],
)
def test_the_search_recognises_every_way_to_weaken_checking(line):
    assert _weakening_lines(line) == [line]


def test_the_search_leaves_strict_settings_alone():
    strict = "host_key_checking = True\n-o StrictHostKeyChecking=yes\nhost_key_auto_add = False\n"
    assert _weakening_lines(strict) == []


def test_no_shipped_configuration_weakens_host_key_checking():
    files = _shipped_files()
    assert any(p.name == "ansible.cfg" for p in files) and len(files) > 50
    found = {
        str(p.relative_to(ROOT)): lines
        for p in files
        if (lines := _weakening_lines(p.read_text(encoding="utf-8", errors="replace")))
    }
    assert found == {}, found


def test_ansible_cfg_checks_host_keys_and_never_trusts_an_unknown_key():
    config = configparser.ConfigParser()
    config.read(ROOT / "ansible.cfg", encoding="utf-8")
    assert config.getboolean("defaults", "host_key_checking") is True
    for section in ("ssh_connection", "paramiko_connection", "persistent_connection"):
        if config.has_option(section, "host_key_checking"):
            assert config.getboolean(section, "host_key_checking") is True, section


def test_only_the_simulators_turn_checking_off_and_only_for_loopback():
    overrides = simcity.override_inventory({"curie-sw1": 2201, "core-a": 2202})
    assert overrides["all"]["vars"]["ansible_host_key_checking"] is False
    assert {h["ansible_host"] for h in overrides["all"]["hosts"].values()} == {"127.0.0.1"}
    for generated in ROOT.glob("molecule/*/inventory/02-simulators.yml"):
        text = generated.read_text(encoding="utf-8")
        addresses = set(re.findall(r"ansible_host:\s*(\S+)", text))
        assert addresses <= {"127.0.0.1"}, (generated, addresses)


# -- the procedure of the README, against a simulated switch ------------------------------

sys.path.insert(0, str(ROOT / "tests" / "simulator"))
LAB = {
    "devices": [
        {
            "name": "keys-sw1",
            "kind": "catalyst_stack",
            "username": "admin",
            "password": "admin",
            "members": [
                {"number": 1, "model": "C9200L-24P-4X", "serial": "JAE0000K001", "priority": 15}
            ],
        }
    ]
}


@pytest.fixture(scope="module")
def switch(tmp_path_factory):
    from iosim import Simulator

    state = tmp_path_factory.mktemp("keys")
    with Simulator(LAB, state / "sim") as sim:
        yield state, sim.ports["keys-sw1"]


def _show_version(state: Path, port: int, home: Path) -> subprocess.CompletedProcess[str]:
    """One network_cli command with the shipped ansible.cfg and a controller user at ``home``."""
    inventory = state / "inventory.yml"
    inventory.write_text(
        yaml.safe_dump(
            {
                "all": {
                    "hosts": {
                        "keys-sw1": {
                            "ansible_host": "127.0.0.1",
                            "ansible_port": port,
                            "ansible_user": "admin",
                            "ansible_password": "admin",
                            "ansible_connection": "ansible.netcommon.network_cli",
                            "ansible_network_os": "cisco.ios.ios",
                            "ansible_network_cli_ssh_type": "paramiko",
                            "ansible_connect_timeout": 10,
                        }
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    control = Path(tempfile.mkdtemp(prefix="cnk-"))  # short: it holds UNIX sockets
    try:
        return subprocess.run(
            [
                str(Path(sys.executable).with_name("ansible")),
                "keys-sw1",
                "-i",
                str(inventory),
                "-m",
                "cisco.ios.ios_command",
                "-a",
                "commands='show version'",
            ],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")},
                "HOME": str(home),
                "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
                "ANSIBLE_PERSISTENT_CONTROL_PATH_DIR": str(control),
                "ANSIBLE_NOCOLOR": "1",
            },
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        shutil.rmtree(control, ignore_errors=True)


def _keyscan(port: int) -> str:
    scan = subprocess.run(
        ["ssh-keyscan", "-p", str(port), "-t", "rsa", "127.0.0.1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert scan.stdout.startswith(f"[127.0.0.1]:{port} ssh-rsa "), scan.stdout + scan.stderr
    return scan.stdout


def test_limitation_a_device_whose_key_is_unknown_is_trusted_on_first_use(switch, tmp_path):
    """The README's limitation, as it is: ansible.netcommon's network_cli over paramiko
    trusts an unknown host key and writes it to ~/.ssh/known_hosts, whatever
    host_key_auto_add says (its paramiko defaults override the setting).

    The day this fails because the run is refused ("authenticity of host"), the
    limitation is gone: assert the refusal instead and drop it from the README.
    """
    state, port = switch
    home = tmp_path / "home"
    home.mkdir()
    run = _show_version(state, port, home)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Cisco IOS" in run.stdout
    recorded = (home / ".ssh" / "known_hosts").read_text(encoding="utf-8")
    key = _keyscan(port).split()[-1]
    assert key in recorded, recorded


def test_keys_loaded_with_ssh_keyscan_let_the_run_in(switch, tmp_path):
    state, port = switch
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "known_hosts").write_text(_keyscan(port), encoding="utf-8")
    run = _show_version(state, port, home)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Cisco IOS" in run.stdout


def test_a_device_whose_key_changed_is_refused(switch, tmp_path):
    state, port = switch
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    other = paramiko.RSAKey.generate(2048)
    (home / ".ssh" / "known_hosts").write_text(
        f"[127.0.0.1]:{port} ssh-rsa {other.get_base64()}\n", encoding="utf-8"
    )
    run = _show_version(state, port, home)
    assert run.returncode != 0, "a device presenting another key was let in"
    assert "Cisco IOS" not in run.stdout
