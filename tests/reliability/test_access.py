"""SSH host keys are checked everywhere the collection ships a configuration.

Only the test simulators (devices on 127.0.0.1 with throw-away keys) may turn
network_cli's own checking off, and even they go through citynet.schools.host_key
with their key enrolled. Against a simulated switch that logs every
authentication attempt: a device whose key is unknown is refused before any
credential is sent; the enrolment
playbook records the key and prints the fingerprint `ssh-keygen -lf` shows;
an enrolled key (by the playbook or ssh-keyscan, plain or hashed) lets the run
in; a changed key is refused, naming both fingerprints.
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
    # asks network_cli never to add a key it has never seen (ansible.netcommon 8.7.1 ignores
    # it; citynet.schools.host_key is what refuses, tested below against a simulator)
    assert config.getboolean("paramiko_connection", "host_key_auto_add") is False


def test_every_role_that_logs_in_to_a_device_checks_its_key_first():
    """The check comes before the first task that uses the device's connection."""
    for path in ("roles/deploy/tasks/main.yml", "roles/verify/tasks/cisco_ios.yml"):
        tasks = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
        modules = [next((k for k in task if "." in k), "block") for task in tasks]
        check = modules.index("citynet.schools.host_key")
        first_device = next(
            i for i, m in enumerate(modules) if m.startswith(("cisco.", "ansible.netcommon."))
        )
        assert check < first_device, (path, modules)
        assert tasks[check]["citynet.schools.host_key"] == {
            "known_hosts": "{{ schools_known_hosts | default('~/.ssh/known_hosts') }}"
        }


def test_only_the_simulators_turn_checking_off_and_only_for_loopback(tmp_path):
    key = paramiko.RSAKey.generate(2048)
    key.write_private_key_file(str(tmp_path / "key"))
    ports = {"curie-sw1": 2201, "core-a": 2202}
    overrides = simcity.override_inventory(ports, tmp_path / "known_hosts")
    assert overrides["all"]["vars"]["ansible_host_key_checking"] is False
    # ...while citynet.schools.host_key still checks them, against their enrolled key
    assert overrides["all"]["vars"]["schools_known_hosts"] == str(tmp_path / "known_hosts")
    assert simcity.known_hosts_lines(ports, tmp_path / "key").splitlines() == [
        f"[127.0.0.1]:2201 ssh-rsa {key.get_base64()}",
        f"[127.0.0.1]:2202 ssh-rsa {key.get_base64()}",
    ]
    assert {h["ansible_host"] for h in overrides["all"]["hosts"].values()} == {"127.0.0.1"}
    for generated in ROOT.glob("molecule/*/inventory/02-simulators.yml"):
        text = generated.read_text(encoding="utf-8")
        addresses = set(re.findall(r"ansible_host:\s*(\S+)", text))
        assert addresses <= {"127.0.0.1"}, (generated, addresses)


# -- against a simulated switch ----------------------------------------------------------

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
CHECKED_RUN = """
- name: What every role that logs in to a device does first, then a read
  hosts: keys-sw1
  gather_facts: false
  tasks:
    - name: Check the host key
      citynet.schools.host_key:
        known_hosts: "{{ schools_known_hosts }}"
    - name: Read the device
      cisco.ios.ios_command:
        commands: [show version]
      register: version
    - name: Show what it read
      ansible.builtin.debug:
        msg: "{{ version.stdout[0] }}"
"""


@pytest.fixture(scope="module")
def switch(tmp_path_factory):
    from iosim import Simulator
    from iosim.server import AUTH_LOG

    state = tmp_path_factory.mktemp("keys")
    with Simulator(LAB, state / "sim") as sim:
        yield state, sim.ports["keys-sw1"], state / "sim" / "keys-sw1" / AUTH_LOG


def _attempts(auth_log: Path) -> list[str]:
    return auth_log.read_text(encoding="utf-8").splitlines() if auth_log.exists() else []


def _ansible(
    state: Path,
    port: int,
    home: Path,
    args: list[str],
    known_hosts: Path | None = None,
    extra: dict[str, object] | None = None,
) -> subprocess.CompletedProcess[str]:
    """ansible or ansible-playbook (``args[0]``) with the shipped ansible.cfg and a controller user at ``home``."""
    inventory = state / f"inventory-{home.parent.name}.yml"
    host = {
        "ansible_host": "127.0.0.1",
        "ansible_port": port,
        "ansible_user": "admin",
        "ansible_password": "admin",
        "ansible_connection": "ansible.netcommon.network_cli",
        "ansible_network_os": "cisco.ios.ios",
        "ansible_network_cli_ssh_type": "paramiko",
        "ansible_connect_timeout": 10,
    }
    if known_hosts is not None:
        host["schools_known_hosts"] = str(known_hosts)
    host.update(extra or {})
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"keys-sw1": host}}}), encoding="utf-8")
    control = Path(tempfile.mkdtemp(prefix="cnk-"))  # short: it holds UNIX sockets
    try:
        return subprocess.run(
            [str(Path(sys.executable).with_name(args[0])), *args[1:], "-i", str(inventory)],
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


def _show_version(state: Path, port: int, home: Path) -> subprocess.CompletedProcess[str]:
    """network_cli alone, without the check: what an ad-hoc command does."""
    args = ["ansible", "keys-sw1", "-m", "cisco.ios.ios_command", "-a", "commands='show version'"]
    return _ansible(state, port, home, args)


def _checked_run(
    state: Path,
    port: int,
    home: Path,
    known_hosts: Path,
    extra: dict[str, object] | None = None,
) -> subprocess.CompletedProcess[str]:
    playbook = home.parent / "checked.yml"
    playbook.write_text(CHECKED_RUN, encoding="utf-8")
    return _ansible(state, port, home, ["ansible-playbook", str(playbook)], known_hosts, extra)


def _enrol(
    state: Path, port: int, home: Path, known_hosts: Path
) -> subprocess.CompletedProcess[str]:
    playbook = str(ROOT / "playbooks" / "enrol_host_keys.yml")
    return _ansible(state, port, home, ["ansible-playbook", playbook], known_hosts)


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    return home


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


def _fingerprint(known_hosts: Path) -> str:
    """What `ssh-keygen -lf` prints for the file's first key: the technician's reference."""
    listed = subprocess.run(
        ["ssh-keygen", "-lf", str(known_hosts)], capture_output=True, text=True, check=True
    )
    return listed.stdout.split()[1]


def test_a_device_whose_key_is_unknown_is_refused_before_any_credential_is_sent(switch, tmp_path):
    state, port, auth_log = switch
    home = _home(tmp_path)
    before = _attempts(auth_log)
    known_hosts = tmp_path / "known_hosts"
    run = _checked_run(state, port, home, known_hosts)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-3000:]
    assert "Cisco IOS" not in run.stdout
    (tmp_path / "scan").write_text(_keyscan(port), encoding="utf-8")
    assert (
        f"is not enrolled in {known_hosts} (offered ssh-rsa {_fingerprint(tmp_path / 'scan')})"
        in out
    )
    assert "playbooks/enrol_host_keys.yml" in out and "show crypto key mypubkey rsa" in out
    assert _attempts(auth_log) == before, "a credential was sent to a device with an unknown key"
    assert not known_hosts.exists() and not (home / ".ssh" / "known_hosts").exists()


def test_the_enrolment_playbook_records_the_key_and_prints_its_fingerprint(switch, tmp_path):
    state, port, auth_log = switch
    home = _home(tmp_path)
    before = _attempts(auth_log)
    known_hosts = tmp_path / "persistent" / "known_hosts"
    run = _enrol(state, port, home, known_hosts)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert _attempts(auth_log) == before, "enrolment logged in"
    expected = _fingerprint(known_hosts)
    assert expected == _fingerprint(_write(tmp_path / "scan", _keyscan(port)))
    assert f"keys-sw1 [127.0.0.1]:{port} ssh-rsa {expected} (enrolled" in run.stdout
    assert known_hosts.stat().st_mode & 0o777 == 0o600
    again = _enrol(state, port, home, known_hosts)
    assert again.returncode == 0 and "(trusted" in again.stdout, again.stdout[-3000:]
    assert len(known_hosts.read_text(encoding="utf-8").splitlines()) == 1

    # the run then gets in, and network_cli checks the login against the same key
    run = _checked_run(state, port, home, known_hosts)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Cisco IOS" in run.stdout
    assert _attempts(auth_log)[len(before) :] == ["password admin"]
    # the verified key is what network_cli's paramiko reads (~/.ssh/known_hosts), so it
    # checks its own login against that key, not against whatever it is offered then
    assert _fingerprint(home / ".ssh" / "known_hosts") == expected


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("hashed", [False, True], ids=["plain", "hashed"])
def test_keys_loaded_with_ssh_keyscan_let_the_run_in(switch, tmp_path, hashed):
    state, port, _auth_log = switch
    home = _home(tmp_path)
    known_hosts = _write(home / ".ssh" / "known_hosts", _keyscan(port))
    if hashed:
        subprocess.run(
            ["ssh-keygen", "-H", "-f", str(known_hosts)], capture_output=True, check=True
        )
        assert known_hosts.read_text(encoding="utf-8").startswith("|1|")
    run = _checked_run(state, port, home, known_hosts)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Cisco IOS" in run.stdout
    run = _show_version(state, port, home)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Cisco IOS" in run.stdout


def test_a_device_whose_key_changed_is_refused(switch, tmp_path):
    state, port, auth_log = switch
    home = _home(tmp_path)
    other = paramiko.RSAKey.generate(2048)
    known_hosts = _write(
        tmp_path / "known_hosts", f"[127.0.0.1]:{port} ssh-rsa {other.get_base64()}\n"
    )
    offered = _fingerprint(_write(tmp_path / "scan", _keyscan(port)))
    before = _attempts(auth_log)
    for run in (
        _checked_run(state, port, home, known_hosts),
        _enrol(state, port, home, known_hosts),
    ):
        out = run.stdout + run.stderr
        assert run.returncode != 0, "a device presenting another key was let in"
        assert "Cisco IOS" not in run.stdout
        assert (
            f"keys-sw1: the SSH host key of [127.0.0.1]:{port} has CHANGED: expected "
            f"{other.fingerprint} ({known_hosts}), offered ssh-rsa {offered}"
        ) in out, out[-3000:]
        assert f"ssh-keygen -R '[127.0.0.1]:{port}'" in out
    assert _attempts(auth_log) == before
    assert known_hosts.read_text(encoding="utf-8").count("\n") == 1, "the enrolled key was replaced"
    # and the login itself, were it reached, is checked against the enrolled key as well:
    # paramiko refuses any key of a host name it knows ("host key mismatch")
    _write(home / ".ssh" / "known_hosts", known_hosts.read_text(encoding="utf-8"))
    run = _show_version(state, port, home)
    assert run.returncode != 0 and "Cisco IOS" not in run.stdout
    assert _attempts(auth_log) == before


def test_the_simulators_arrangement_still_runs_the_check(switch, tmp_path):
    """What tests/deploy/simcity.py gives the simulated cities: network_cli's own checking
    off, the simulator's key enrolled in a known_hosts of the test's. The check still
    refuses a key that is not enrolled, before any credential is sent."""
    state, port, auth_log = switch
    home = _home(tmp_path)
    simulator = {"ansible_host_key_checking": False, "ansible_paramiko_record_host_keys": False}
    unknown = _checked_run(state, port, home, tmp_path / "empty_known_hosts", simulator)
    assert unknown.returncode != 0 and "is not enrolled in" in unknown.stdout, unknown.stdout[
        -3000:
    ]
    enrolled = _write(tmp_path / "known_hosts", _keyscan(port))
    before = _attempts(auth_log)
    run = _checked_run(state, port, home, enrolled, simulator)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Cisco IOS" in run.stdout
    assert _attempts(auth_log)[len(before) :] == ["password admin"]
