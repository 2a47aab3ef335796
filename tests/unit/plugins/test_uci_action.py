"""The uci action's orchestration, with a local shell standing in for the SSH connection.

The commands run through /bin/sh against the RutOS-like target's `uci` (its
files in a temporary directory), so the sequence read / batch / commit /
reload / rollback is exercised without root, SSH or ansible-playbook.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from ansible_collections.citynet.schools.plugins.action.uci import ActionModule
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.masking import MASK

RUTOS = Path(__file__).resolve().parents[2] / "rutos"
PIN = "73950264"


class Device:
    """Config, delta and state directories, a PATH with `uci`, and reload scripts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(RUTOS / "seed" / "etc" / "config", root / "config")
        shutil.copytree(RUTOS / "seed" / "etc" / "init.d", root / "init.d")
        (root / "delta").mkdir()
        (root / "state" / "fail").mkdir(parents=True)
        (root / "bin").mkdir()
        uci = root / "bin" / "uci"
        uci.write_text(
            f"#!/bin/sh\nexec '{sys.executable}' -I -S '{RUTOS / 'bin' / 'uci'}' \"$@\"\n"
        )
        uci.chmod(0o755)
        self.env = {
            "PATH": f"{root / 'bin'}:/usr/bin:/bin",
            "UCI_CONFIG_DIR": str(root / "config"),
            "UCI_SAVE_DIR": str(root / "delta"),
            "RUTOS_STATE_DIR": str(root / "state"),
        }
        self.reload = {
            "network": [f"{root / 'init.d' / 'network'} reload"],
            "simcard": [f"{root / 'init.d' / 'network'} reload"],
            "dhcp": [f"{root / 'init.d' / 'dnsmasq'} reload"],
        }

    def uci(self, *args: str) -> str:
        done = subprocess.run(
            ["uci", *args], capture_output=True, text=True, env=self.env, check=False
        )
        return done.stdout

    def reloads(self) -> list[str]:
        log = self.root / "state" / "reload.log"
        return log.read_text().splitlines() if log.exists() else []


class ShellConnection:
    """Just what ActionBase needs from a connection; remembers each call and its no_log."""

    transport = "ssh"
    become = None
    allow_executable = True

    def __init__(self, device: Device) -> None:
        self.device = device
        self._shell = SimpleNamespace(tmpdir=None)
        self._play_context = SimpleNamespace(no_log=False)
        self.calls: list[tuple[str, bytes | None, bool]] = []

    def get_option(self, name: str) -> Any:
        raise KeyError(name)

    def exec_command(self, cmd: str, in_data: bytes | None = None, sudoable: bool = True):
        self.calls.append((cmd, in_data, self._play_context.no_log))
        done = subprocess.run(
            cmd,
            shell=True,
            input=in_data or b"",
            capture_output=True,
            env=self.device.env,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr


def run_action(device: Device, args: dict[str, Any], *, check: bool = False, diff: bool = False):
    connection = ShellConnection(device)
    task = SimpleNamespace(
        args=args,
        check_mode=check,
        diff=diff,
        async_val=0,
        action="citynet.schools.uci",
        environment=None,
    )
    play_context = SimpleNamespace(executable="/bin/sh", remote_user="root", become=False)
    action = ActionModule(task, connection, play_context, loader=None, templar=None)
    action._load_name = "citynet.schools.uci"
    return action.run(task_vars={}), connection


@pytest.fixture
def device(tmp_path: Path) -> Device:
    return Device(tmp_path)


def school(device: Device, **extra: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "options": {
            "network.lan.ipaddr": "10.42.0.1",
            "dhcp.lan.ignore": "0",
            "dhcp.@dnsmasq[0].server": ["9.9.9.9", "149.112.112.112"],
            "simcard.@sim[0].pincode": PIN,
        },
        "secret": ["simcard.@sim[0].pincode"],
        "reload": device.reload,
    }
    args.update(extra)
    return args


def test_converges_then_has_nothing_to_do(device, tmp_path):
    result, connection = run_action(device, school(device, backup_dir=str(tmp_path / "bk")))
    assert result["changed"] is True and "failed" not in result, result
    assert result["committed"] == ["network", "dhcp", "simcard"]
    assert result["reloaded"] == [device.reload["network"][0], device.reload["dhcp"][0]]
    assert device.uci("get", "simcard.@sim[0].pincode") == PIN + "\n"
    assert device.uci("get", "dhcp.@dnsmasq[0].server") == "9.9.9.9 149.112.112.112\n"
    assert device.reloads() == ["network reload", "dnsmasq reload"]
    assert Path(result["backup_file"]).is_file()
    assert PIN not in repr(result)
    # Read, batch, commit, two reloads; values only ever on stdin; all censored.
    assert len(connection.calls) == 5
    assert all(PIN not in cmd for cmd, _stdin, _quiet in connection.calls)
    assert PIN.encode() in connection.calls[1][1]
    assert all(quiet for _cmd, _stdin, quiet in connection.calls)
    assert connection._play_context.no_log is False  # put back afterwards

    again, connection = run_action(device, school(device))
    assert again["changed"] is False and again["changes"] == []
    assert len(connection.calls) == 1


def test_no_secret_no_censoring(device):
    result, connection = run_action(
        device, {"options": {"network.lan.ipaddr": "10.0.0.9"}, "reload": device.reload}
    )
    assert result["changed"] is True
    assert not any(quiet for _cmd, _stdin, quiet in connection.calls)


def test_check_mode_and_diff(device):
    before = device.uci("export", "network")
    result, connection = run_action(device, school(device), check=True, diff=True)
    assert result["changed"] is True and result["committed"] == []
    assert len(connection.calls) == 1  # the read only
    assert device.uci("export", "network") == before and device.uci("changes") == ""
    simcard = next(d for d in result["diff"] if d["after_header"].startswith("simcard"))
    assert simcard["after"] == f"simcard.@sim[0].pincode='{MASK}'\n"
    pin = next(c for c in result["changes"] if c["key"] == "simcard.@sim[0].pincode")
    assert pin == {"key": "simcard.@sim[0].pincode", "before": None, "after": MASK}


def test_batch_failure_reverts(device):
    (device.root / "state" / "uci-reject").write_text("dhcp.lan.ignore\n")
    result, _connection = run_action(device, school(device))
    assert result["failed"] is True and result["rollback"] == "reverted"
    assert result["changed"] is False
    assert device.uci("changes") == "" and device.reloads() == []
    assert device.uci("get", "network.lan.ipaddr") == "192.168.1.1\n"


def test_reload_failure_restores(device):
    before = {name: device.uci("export", name) for name in ("network", "dhcp", "simcard")}
    (device.root / "state" / "fail" / "dnsmasq").touch()
    result, _connection = run_action(device, school(device))
    assert result["failed"] is True and result["rollback"] == "restored"
    assert "dnsmasq reload" in result["msg"]
    assert {name: device.uci("export", name) for name in before} == before
    assert PIN not in result["msg"]


def test_secret_in_device_output_is_masked_in_messages(device):
    # A reload that echoes the PIN it finds must not put it in the message.
    script = device.root / "init.d" / "leaky"
    script.write_text(
        '#!/bin/sh\necho "pin is $(uci -q get simcard.@sim[0].pincode)" >&2\nexit 1\n'
    )
    script.chmod(0o755)
    reload = {**device.reload, "simcard": [str(script)]}
    result, _connection = run_action(device, school(device, reload=reload))
    assert result["rollback"] == "restored"
    assert PIN not in result["msg"] and f"pin is {MASK}" in result["msg"]


def test_refuses_pending_changes_and_bad_input(device):
    device.uci("set", "network.lan.ipaddr=1.2.3.4")
    result, connection = run_action(device, school(device))
    assert result["failed"] is True and "uncommitted changes" in result["msg"]
    assert len(connection.calls) == 1

    device.uci("revert", "network")
    result, connection = run_action(device, {"options": {"network.nope.x": "1"}})
    assert result["failed"] is True and "does not exist" in result["msg"]


def test_unwritable_backup_stops_before_any_change(device, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    result, connection = run_action(device, school(device, backup_dir=str(blocker / "bk")))
    assert result["failed"] is True and "cannot keep the backup" in result["msg"]
    assert len(connection.calls) == 1 and device.uci("changes") == ""


def test_commit_failure_restores_what_was_committed(device):
    before = {name: device.uci("export", name) for name in ("network", "dhcp", "simcard")}
    (device.root / "state" / "uci-commit-fail").write_text("dhcp\n")
    result, _connection = run_action(device, school(device))
    assert result["rollback"] == "restored" and result["committed"] == ["network"]
    assert "uci commit dhcp failed" in result["msg"] and "I/O error" in result["msg"]
    assert {name: device.uci("export", name) for name in before} == before
    assert device.uci("changes") == ""
    assert device.reloads() == ["network reload"]  # the restored network, reloaded again


def test_commit_failure_of_the_first_config_reverts(device):
    (device.root / "state" / "uci-commit-fail").write_text("network\n")
    result, _connection = run_action(device, school(device))
    assert result["rollback"] == "reverted" and result["committed"] == []
    assert result["changed"] is False
    assert device.uci("changes") == "" and device.reloads() == []
