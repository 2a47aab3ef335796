"""Helpers shared by the simulator tests: labs, an in-memory terminal, an SSH client."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import paramiko

SIMULATOR_ROOT = Path(__file__).resolve().parent.parent
if str(SIMULATOR_ROOT) not in sys.path:
    sys.path.insert(0, str(SIMULATOR_ROOT))

from iosim.device import Device  # noqa: E402
from iosim.lab import load_lab  # noqa: E402
from iosim.server import machine_key  # noqa: E402
from iosim.session import Session  # noqa: E402


def seed_host_key(state_dir: Path) -> Path:
    """Give a state directory the machine's simulator host key (RSA generation is slow)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(machine_key(), state_dir / "ssh_host_rsa_key")
    return state_dir


PROMPT = re.compile(r"(?:^|[\r\n])([\w.\-]+(?:\([\w\-]+\))?[>#]) ?$")


def school_lab(**overrides: Any) -> dict[str, Any]:
    """A two-member 9300 access stack and an IR1101 backup router."""
    switch: dict[str, Any] = {
        "name": "jaures-sw1",
        "kind": "catalyst_stack",
        "username": "admin",
        "password": "admin",
        "enable_secret": "enable",
        "members": [
            {
                "number": 1,
                "model": "C9300-48P",
                "serial": "FOC2101X0AA",
                "priority": 15,
                "mac": "04bd.9715.5140",
            },
            {
                "number": 2,
                "model": "C9300-48P",
                "serial": "FOC2101X0AB",
                "priority": 1,
                "mac": "04bd.977f.f400",
            },
        ],
        "stp_root": {"priority": 4096, "mac": "0011.2233.4455"},
    }
    switch.update(overrides.pop("switch", {}))
    router: dict[str, Any] = {
        "name": "jaures-4g",
        "kind": "cellular_router",
        "model": "IR1101-K9",
        "username": "admin",
        "password": "admin",
        "dhcp_leases": [
            {"ip": "192.168.50.101", "client_id": "0100.1122.3344.55"},
            {"ip": "192.168.50.102", "client_id": "0100.1122.3344.66", "type": "Manual"},
        ],
    }
    router.update(overrides.pop("router", {}))
    return {"devices": [switch, router], **overrides}


def make_device(tmp_path: Path, name: str = "jaures-sw1", **overrides: Any) -> Device:
    lab = load_lab(school_lab(**overrides))
    device = Device(lab.device(name), tmp_path / "state")
    device.initialize()
    return device


class FakeTerminal:
    """Feeds lines to a session and records everything it prints."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.output: list[str] = []

    def send(self, text: str) -> None:
        self.output.append(text.replace("\r\n", "\n"))

    def read_line(self, echo: bool = True) -> str | None:
        if not self.lines:
            return None
        line = self.lines.pop(0)
        self.output.append((line if echo else "") + "\n")
        return line

    def close(self) -> None:
        return None

    @property
    def text(self) -> str:
        return "".join(self.output)


def run_session(device: Device, lines: list[str], privileged: bool = True) -> str:
    """Run lines in a fresh session (already at `#` when privileged) and return the transcript."""
    terminal = FakeTerminal(lines)
    session = Session(device, terminal)
    if privileged:
        session.privilege = 15
    session.run()
    return terminal.text


def configure(device: Device, *lines: str) -> str:
    return run_session(device, ["configure terminal", *lines, "end"])


def command_output(device: Device, command: str) -> str:
    """Output of one exec command, without echo and prompts."""
    transcript = run_session(device, [command])
    host = device.hostname
    start = transcript.index(f"{host}#{command}\n") + len(f"{host}#{command}\n")
    end = transcript.rindex(f"{host}#")
    return transcript[start:end]


class SshCli:
    """A minimal interactive SSH client that waits for IOS prompts."""

    def __init__(
        self, port: int, username: str = "admin", password: str = "admin", timeout: float = 10.0
    ) -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(
            "127.0.0.1",
            port=port,
            username=username,
            password=password,
            look_for_keys=False,
            allow_agent=False,
            timeout=timeout,
        )
        self.channel = self.client.invoke_shell(width=512)
        self.channel.settimeout(timeout)
        self.timeout = timeout
        self.prompt = ""
        self.read_until(PROMPT)

    def read_until(self, pattern: re.Pattern[str], timeout: float | None = None) -> str:
        deadline = time.monotonic() + (timeout or self.timeout)
        data = ""
        while time.monotonic() < deadline:
            match = pattern.search(data)
            if match:
                if pattern is PROMPT:
                    self.prompt = match.group(1)
                return data
            self.channel.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = self.channel.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                raise EOFError(data)
            data += chunk.decode()
        raise TimeoutError(data)

    def send(self, text: str) -> None:
        self.channel.send(text.encode())

    def run(self, command: str, expect: re.Pattern[str] | None = None) -> str:
        """Send a command; return its output (without echo or the final prompt)."""
        self.send(command + "\r")
        data = self.read_until(expect or PROMPT)
        data = data.replace("\r\n", "\n")
        rest = data.partition("\n")[2]
        if expect is None:
            rest = rest[: rest.rfind("\n") + 1] if "\n" in rest else ""
        return rest

    def close(self) -> None:
        self.client.close()


def design_stack(tmp_path: Path, stack: Any, config: str, **lab_keys: Any) -> Device:
    """A simulated stack whose members are a designed stack's (``stack``: a StackDesign) and
    whose running configuration is ``config``; ``lab_keys``: more keys of its lab entry
    (``ospf_neighbors``, or ``stp_root`` to replace the default root)."""
    entry = {
        "name": stack.hostname,
        "kind": "catalyst_stack",
        "members": [
            {k: m[k] for k in ("number", "model", "serial", "priority")} for m in stack.members
        ],
        "stp_root": {"priority": 4096, "mac": "0011.2233.4455"},
        "startup_config": config,
        **lab_keys,
    }
    device = Device(load_lab({"devices": [entry]}).device(stack.hostname), tmp_path / "state")
    device.initialize()
    return device
