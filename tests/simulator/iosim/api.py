"""Starting and stopping the simulator from Python (pytest fixtures) or a shell.

`Simulator` serves from threads of the calling process; `SimulatorProcess`
runs `python -m iosim` as a child process, which is what a test wants when
it must kill the "devices" independently of itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .device import Device, write_reachable
from .faults import Faults, write_faults
from .lab import Lab, load_lab
from .server import DeviceListener, load_host_key

PORTS_FILE = "ports.json"


class Simulator:
    def __init__(
        self,
        lab: Lab | str | Path | dict[str, Any],
        state_dir: str | Path,
        host: str = "127.0.0.1",
        fresh: bool = False,
    ) -> None:
        self.lab = lab if isinstance(lab, Lab) else load_lab(lab)
        self.state_dir = Path(state_dir)
        self.host = host
        self.fresh = fresh
        self.devices: dict[str, Device] = {}
        self.listeners: dict[str, DeviceListener] = {}

    def start(self) -> dict[str, int]:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        ports_file = self.state_dir / PORTS_FILE
        ports_file.unlink(missing_ok=True)
        key = load_host_key(self.state_dir)
        try:
            for spec in self.lab.devices:
                device = Device(spec, self.state_dir)
                device.initialize(fresh=self.fresh)
                self.devices[spec.name] = device
                listener = DeviceListener(device, key, self.host, spec.port)
                self.listeners[spec.name] = listener
                listener.start()
        except BaseException:
            self.stop()
            raise
        tmp = ports_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.ports, indent=2) + "\n")
        tmp.replace(ports_file)
        return self.ports

    @property
    def ports(self) -> dict[str, int]:
        return {name: listener.port for name, listener in self.listeners.items()}

    def device(self, name: str) -> Device:
        return self.devices[name]

    def set_faults(self, name: str, **settings: Any) -> None:
        write_faults(self.state_dir / name / "faults.json", Faults.from_dict(settings))

    def set_reachable(self, name: str, targets: list[str] | None) -> None:
        """IP SLA targets that answer from now on (None: every target)."""
        write_reachable(self.state_dir / name / "reachable.json", targets)

    def stop(self) -> None:
        for listener in self.listeners.values():
            listener.stop()
        self.listeners.clear()
        (self.state_dir / PORTS_FILE).unlink(missing_ok=True)

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SimulatorProcess:
    """`python -m iosim` as a child process; ports are read from ports.json."""

    def __init__(
        self,
        lab_file: str | Path,
        state_dir: str | Path,
        fresh: bool = False,
        timeout: float = 30.0,
    ) -> None:
        self.lab_file = Path(lab_file)
        self.state_dir = Path(state_dir)
        self.fresh = fresh
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.stderr_file = self.state_dir / "iosim.stderr"
        self.ports: dict[str, int] = {}

    def start(self) -> dict[str, int]:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        ports_file = self.state_dir / PORTS_FILE
        ports_file.unlink(missing_ok=True)
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        command = [
            sys.executable,
            "-m",
            "iosim",
            "--lab",
            str(self.lab_file),
            "--state-dir",
            str(self.state_dir),
        ]
        if self.fresh:
            command.append("--fresh")
        # a file, not a pipe: nobody reads a pipe while the simulator runs, and once 64 KiB of
        # paramiko's connection errors filled it the simulator would block on its next log line
        with self.stderr_file.open("ab") as err_out:
            self.process = subprocess.Popen(command, env=env, stderr=err_out)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.stderr_file.read_text(encoding="utf-8", errors="replace")
                raise RuntimeError(f"simulator exited early ({self.process.returncode}): {err}")
            if ports_file.exists():
                self.ports = json.loads(ports_file.read_text())
                return self.ports
            time.sleep(0.05)
        self.stop()
        raise TimeoutError("simulator did not write ports.json in time")

    def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        code = self.process.returncode
        self.process = None
        return code

    def __enter__(self) -> SimulatorProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
