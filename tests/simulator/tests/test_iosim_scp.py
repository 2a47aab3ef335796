"""Secure Copy into flash, then `copy flash:x running-config`, as the deploy sends a large plan."""

from __future__ import annotations

import re
from pathlib import Path

import paramiko
import pytest
from iosim import Simulator
from iosim_kit import SshCli
from scp import SCPClient, SCPException

PLAN = "vlan 42\n name SCP-TEST\ninterface GigabitEthernet0/0/0\n description sent as a file\n"


def _client(port: int) -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        "127.0.0.1",
        port=port,
        username="admin",
        password="admin",
        look_for_keys=False,
        allow_agent=False,
    )
    return client


def _configure(port: int, *lines: str) -> None:
    cli = SshCli(port)
    try:
        cli.run("configure terminal")
        for line in lines:
            cli.run(line)
        cli.run("end")
    finally:
        cli.close()


def _put(port: int, source: Path, destination: str) -> None:
    client = _client(port)
    try:
        with SCPClient(client.get_transport(), socket_timeout=10) as scp:
            scp.put(str(source), destination)
    finally:
        client.close()


def test_scp_put_then_copy_to_running_config_applies_the_lines(
    simulator: Simulator, tmp_path: Path
) -> None:
    port = simulator.ports["jaures-4g"]
    _configure(port, "ip scp server enable")
    plan = tmp_path / "plan.cfg"
    plan.write_text(PLAN)
    _put(port, plan, "flash:citynet-plan.cfg")
    flash = simulator.state_dir / "jaures-4g" / "flash" / "citynet-plan.cfg"
    assert flash.read_text() == PLAN
    cli = SshCli(port)
    try:
        cli.send("copy flash:citynet-plan.cfg running-config\r")
        cli.read_until(re.compile(r"Destination filename \[running-config\]\? $"))
        cli.send("\r")
        out = cli.read_until(re.compile(r"jaures-4g#$"))
        assert f"{len(PLAN)} bytes copied" in out
        running = cli.run("show running-config")
        cli.run("delete /force flash:citynet-plan.cfg")
    finally:
        cli.close()
    assert "interface GigabitEthernet0/0/0\n description sent as a file\n" in running
    assert not flash.exists()
    log = (simulator.state_dir / "jaures-4g" / "commands.log").read_text()
    assert "scp -t flash:citynet-plan.cfg" in log
    assert "description sent as a file" not in log, "the lines came in the file, not typed"


def test_scp_is_refused_without_ip_scp_server_enable(simulator: Simulator, tmp_path: Path) -> None:
    port = simulator.ports["jaures-4g"]
    plan = tmp_path / "plan.cfg"
    plan.write_text(PLAN)
    with pytest.raises(SCPException):
        _put(port, plan, "flash:citynet-plan.cfg")
    assert not (simulator.state_dir / "jaures-4g" / "flash" / "citynet-plan.cfg").exists()


def test_scp_refuses_a_path_outside_flash(simulator: Simulator, tmp_path: Path) -> None:
    port = simulator.ports["jaures-4g"]
    _configure(port, "ip scp server enable")
    plan = tmp_path / "plan.cfg"
    plan.write_text(PLAN)
    with pytest.raises(SCPException):
        _put(port, plan, "nvram:../../escape.cfg")
    assert not list(simulator.state_dir.rglob("escape.cfg"))
