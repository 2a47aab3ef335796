"""Running the real ansible-playbook against simulated devices, in isolation.

Each run gets its own configuration, HOME and control-path directory, so it
neither reads nor writes the user's SSH known_hosts or Ansible state, and its
results come back as structured JSON (ansible.posix.json callback).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

VENV_BIN = Path(__file__).resolve().parents[3] / ".venv" / "bin"


def inventory(ports: dict[str, int], hosts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """network_cli/paramiko inventory; host key checking off for these hosts only."""
    entries = {}
    for name, variables in hosts.items():
        device = variables.pop("device", name)
        entries[name] = {
            "ansible_host": "127.0.0.1",
            "ansible_port": ports[device],
            "ansible_user": "admin",
            "ansible_password": "admin",
            "ansible_connection": "ansible.netcommon.network_cli",
            "ansible_network_os": "cisco.ios.ios",
            "ansible_network_cli_ssh_type": "paramiko",
            "ansible_host_key_checking": False,
            # never write simulator keys into ~/.ssh/known_hosts (ports are reused)
            "ansible_paramiko_record_host_keys": False,
            **variables,
        }
    return {"all": {"hosts": entries}}


@dataclass
class PlaybookRun:
    returncode: int
    report: dict[str, Any]
    stderr: str

    def results(self, host: str, play: int = 0) -> dict[str, dict[str, Any]]:
        """Task name -> result of that host in the given play."""
        found: dict[str, dict[str, Any]] = {}
        for task in self.report.get("plays", [])[play]["tasks"]:
            if host in task["hosts"]:
                found[task["task"]["name"]] = task["hosts"][host]
        return found


def run_playbook(
    workdir: Path,
    ports: dict[str, int],
    hosts: dict[str, dict[str, Any]],
    tasks: list[dict[str, Any]],
    plays: int = 1,
    timeout: float = 300,
) -> PlaybookRun:
    """Run `tasks` in `plays` identical plays (a second play checks idempotence)."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "inventory.yml").write_text(yaml.safe_dump(inventory(ports, hosts)))
    play = [
        {"name": f"pass {i + 1}", "hosts": "all", "gather_facts": False, "tasks": tasks}
        for i in range(plays)
    ]
    (workdir / "playbook.yml").write_text(yaml.safe_dump(play, sort_keys=False))
    (workdir / "ansible.cfg").write_text(
        "[defaults]\nretry_files_enabled = False\nforks = 5\ndeprecation_warnings = False\n"
        "[persistent_connection]\nconnect_timeout = 20\ncommand_timeout = 15\n"
    )
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "ANSIBLE_CONFIG": str(workdir / "ansible.cfg"),
        "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json",
        "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp"),
        "ANSIBLE_PERSISTENT_CONTROL_PATH_DIR": str(workdir / "pc"),
        "ANSIBLE_NOCOLOR": "1",
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    result = subprocess.run(
        [
            str(VENV_BIN / "ansible-playbook"),
            "-i",
            str(workdir / "inventory.yml"),
            str(workdir / "playbook.yml"),
        ],
        cwd=workdir,
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    try:
        report = json.loads(result.stdout[result.stdout.index("{") :])
    except ValueError:
        report = {}
    return PlaybookRun(result.returncode, report, result.stderr + result.stdout[-4000:])
