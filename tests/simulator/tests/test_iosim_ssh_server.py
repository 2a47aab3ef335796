"""The SSH side: ports, host key, sessions, state files and fault injection."""

from __future__ import annotations

import json
import re
import socket
import sys
import time
from pathlib import Path

import paramiko
import pytest
import yaml
from iosim import Simulator, SimulatorProcess
from iosim_kit import SIMULATOR_ROOT, SshCli, school_lab, seed_host_key

PASSWORD = re.compile(r"Password: ?$")


def test_each_device_listens_on_its_own_port(simulator: Simulator) -> None:
    ports = json.loads((simulator.state_dir / "ports.json").read_text())
    assert ports == simulator.ports and set(ports) == {"jaures-sw1", "jaures-4g"}
    switch = SshCli(ports["jaures-sw1"])
    router = SshCli(ports["jaures-4g"])
    try:
        assert switch.prompt == "jaures-sw1>" and router.prompt == "jaures-4g#"
        switch.run("enable", PASSWORD)
        switch.run("enable")
        assert switch.prompt == "jaures-sw1#"
    finally:
        switch.close()
        router.close()


def test_wrong_password_is_refused(simulator: Simulator) -> None:
    with pytest.raises(paramiko.AuthenticationException):
        SshCli(simulator.ports["jaures-4g"], password="wrong")


def test_exec_channel_runs_one_command(simulator: Simulator) -> None:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        "127.0.0.1",
        port=simulator.ports["jaures-sw1"],
        username="admin",
        password="admin",
        look_for_keys=False,
        allow_agent=False,
    )
    try:
        _unused, stdout, _unused = client.exec_command("show privilege")
        assert "Current privilege level is 15" in stdout.read().decode()
    finally:
        client.close()


def test_command_and_answer_in_one_packet(simulator: Simulator) -> None:
    """network_cli sends `copy running-config startup-config\\r` and then its own CR."""
    cli = SshCli(simulator.ports["jaures-4g"])
    try:
        cli.send("configure terminal\rinterface Gi0/0/0\rdescription lan\rend\r")
        cli.read_until(re.compile(r"jaures-4g#$"))
        out = cli.run("copy running-config startup-config\r")
        assert "[OK]" in out
    finally:
        cli.close()
    startup = (simulator.state_dir / "jaures-4g" / "startup.cfg").read_text()
    assert " description lan\n" in startup


def test_state_files_follow_each_configuration_session_and_drift_is_read_back(
    simulator: Simulator,
) -> None:
    running = simulator.state_dir / "jaures-4g" / "running.cfg"
    cli = SshCli(simulator.ports["jaures-4g"])
    try:
        cli.run("configure terminal")
        cli.run("interface GigabitEthernet0/0/0")
        cli.run("description step one")
        assert " description step one\n" not in running.read_text(), "written when config mode ends"
        cli.run("end")
        assert " description step one\n" in running.read_text()
    finally:
        cli.close()
    running.write_text(running.read_text().replace("step one", "changed behind its back"))
    cli = SshCli(simulator.ports["jaures-4g"])
    try:
        out = cli.run("show running-config interface GigabitEthernet0/0/0")
        assert "description changed behind its back" in out
    finally:
        cli.close()


def test_reload_drops_the_session(simulator: Simulator) -> None:
    cli = SshCli(simulator.ports["jaures-4g"])
    try:
        cli.send("reload\r")
        cli.read_until(re.compile(r"\[confirm\]$"))
        cli.send("\r")
        with pytest.raises((EOFError, OSError)):
            cli.read_until(re.compile("never"), timeout=5)
    finally:
        cli.close()
    again = SshCli(simulator.ports["jaures-4g"])
    again.close()


def test_drop_after_commands(simulator: Simulator) -> None:
    simulator.set_faults("jaures-4g", drop_after_commands=2)
    cli = SshCli(simulator.ports["jaures-4g"])
    try:
        cli.run("terminal length 0")
        cli.run("show privilege")
        cli.send("show version\r")
        with pytest.raises((EOFError, OSError)):
            cli.read_until(re.compile("never"), timeout=5)
    finally:
        cli.close()


def test_rejected_configuration_line(simulator: Simulator) -> None:
    simulator.set_faults("jaures-4g", reject=["^ip nat"])
    cli = SshCli(simulator.ports["jaures-4g"])
    try:
        cli.run("configure terminal")
        cli.run("interface GigabitEthernet0/0/0")
        out = cli.run("ip nat inside")
        assert out.endswith("^\n% Invalid input detected at '^' marker.\n")
        assert "Invalid" not in cli.run("description still works")
    finally:
        cli.close()


def test_stalled_command_never_answers(simulator: Simulator) -> None:
    simulator.set_faults("jaures-4g", stall=["^show version"])
    cli = SshCli(simulator.ports["jaures-4g"])
    try:
        cli.send("show version\r")
        with pytest.raises(TimeoutError):
            cli.read_until(re.compile(r"#$"), timeout=1.5)
    finally:
        cli.close()


def test_auth_fail_fault(simulator: Simulator) -> None:
    simulator.set_faults("jaures-sw1", auth_fail=True)
    with pytest.raises(paramiko.AuthenticationException):
        SshCli(simulator.ports["jaures-sw1"])
    simulator.set_faults("jaures-sw1")
    SshCli(simulator.ports["jaures-sw1"]).close()


def test_command_line_process(tmp_path: Path) -> None:
    lab = tmp_path / "lab.yml"
    lab.write_text(yaml.safe_dump(school_lab()))
    state = tmp_path / "state"
    process = SimulatorProcess(lab, state)
    ports = process.start()
    try:
        key = (state / "ssh_host_rsa_key").read_text()
        cli = SshCli(ports["jaures-4g"])
        cli.close()
    finally:
        assert process.stop() == 0
    assert not (state / "ports.json").exists()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", ports["jaures-4g"]), 1):
        pass
    # A restart keeps the host key and the devices' state.
    with SimulatorProcess(lab, state) as again:
        assert (state / "ssh_host_rsa_key").read_text() == key
        assert again.ports.keys() == ports.keys()


def test_bad_lab_file_exits_with_an_error(tmp_path: Path) -> None:
    import subprocess

    lab = tmp_path / "lab.yml"
    lab.write_text(
        "devices:\n  - {name: x, kind: catalyst_stack, members: [{number: 1, model: NOPE}]}\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "iosim", "--lab", str(lab), "--state-dir", str(tmp_path / "s")],
        env={"PYTHONPATH": str(SIMULATOR_ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2 and "unknown switch model 'NOPE'" in result.stderr


def test_reload_seconds_makes_the_device_unreachable(tmp_path: Path) -> None:
    lab = school_lab(router={"reload_seconds": 3})
    with Simulator(lab, seed_host_key(tmp_path / "state")) as sim:
        port = sim.ports["jaures-4g"]
        cli = SshCli(port)
        cli.send("reload\r\r")
        with pytest.raises((EOFError, OSError)):
            cli.read_until(re.compile("never"), timeout=5)
        reloaded = time.monotonic()
        cli.close()
        with pytest.raises((paramiko.SSHException, EOFError, OSError)):
            SshCli(port, timeout=2)
        while True:
            try:
                SshCli(port, timeout=2).close()
                break
            except (paramiko.SSHException, EOFError, OSError):
                assert time.monotonic() - reloaded < 15
                time.sleep(0.2)
        assert time.monotonic() - reloaded >= 1.5


def test_example_lab_serves(tmp_path: Path) -> None:
    with Simulator(SIMULATOR_ROOT / "labs" / "example.yml", seed_host_key(tmp_path)) as sim:
        cli = SshCli(sim.ports["jaures-sw1"])
        try:
            cli.run("enable", PASSWORD)
            cli.run("enable")
            assert "Te2/1/1" in cli.run("show lldp neighbors")
            assert "err-disabled" in cli.run("show interfaces status err-disabled")
        finally:
            cli.close()


def test_response_delay_holds_the_prompt_back(tmp_path: Path) -> None:
    """The benchmarks' realistic device: each answer comes back no sooner than its delay.

    Only the lower bound is asserted, which a sleep guarantees: how fast runs are
    is the benchmark's business, not a test's.
    """
    lab = school_lab(router={"response_delay": {"command": 0.3, "per_kib": 0.5}})
    with Simulator(lab, seed_host_key(tmp_path / "state")) as sim:
        cli = SshCli(sim.ports["jaures-4g"])
        try:
            started = time.monotonic()
            cli.run("show privilege")
            assert time.monotonic() - started >= 0.3
            started = time.monotonic()
            text = cli.run("show running-config")
            assert time.monotonic() - started >= 0.3 + 0.5 * len(text) / 1024 * 0.9
        finally:
            cli.close()
