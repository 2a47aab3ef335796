"""Fixtures: one RutOS-like target per session, reset before each test, and ansible-playbook.

ansible-playbook runs with an ansible.cfg generated here (collections from the
checkout, host key checking on, no SSH multiplexing so no ssh process outlives
a run) and, by default, the ansible.posix.json callback so tests read results
as data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "rutos"))
sys.path.insert(0, str(REPO / ".collections"))

import harness  # noqa: E402
from ansible_collections.citynet.schools.tests.prerequisites import (  # noqa: E402
    require_root,
    unavailable,
)


@pytest.fixture(scope="session")
def rutos_target() -> Any:
    require_root("the RutOS-like target (network namespace, sshd)")
    try:
        target = harness.start()
    except harness.HarnessError as error:
        unavailable(f"RutOS-like target unavailable: {error}")
    try:
        yield target
    finally:
        harness.stop(target)


@pytest.fixture
def target(rutos_target: harness.RutosTarget) -> harness.RutosTarget:
    rutos_target.reset()
    return rutos_target


@dataclass
class PlaybookRun:
    rc: int
    stdout: str
    stderr: str
    data: dict[str, Any] | None

    def results(self, host: str = "rutx11") -> list[dict[str, Any]]:
        """The host's result of every task, in order (json callback runs only)."""
        assert self.data is not None, self.stdout
        return [
            task["hosts"][host]
            for play in self.data["plays"]
            for task in play["tasks"]
            if host in task["hosts"]
        ]


class Ansible:
    def __init__(self, workdir: Path, target: harness.RutosTarget) -> None:
        self.workdir = workdir
        (workdir / "tmp").mkdir()
        (workdir / "inventory.ini").write_text(target.inventory_ini())
        (workdir / "ansible.cfg").write_text(
            "\n".join(
                [
                    "[defaults]",
                    f"collections_path = {REPO / '.collections'}",
                    f"inventory = {workdir / 'inventory.ini'}",
                    "host_key_checking = True",
                    "retry_files_enabled = False",
                    "gathering = explicit",
                    f"local_tmp = {workdir / 'tmp'}",
                    "forks = 1",
                    "[ssh_connection]",
                    "ssh_args = -o ControlMaster=no -o ControlPath=none",
                    "pipelining = False",
                    "",
                ]
            )
        )
        self.env = dict(
            os.environ,
            ANSIBLE_CONFIG=str(workdir / "ansible.cfg"),
            ANSIBLE_HOME=str(workdir / "home"),
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_FORCE_COLOR="0",
        )
        self.binary = Path(sys.executable).parent / "ansible-playbook"
        self.count = 0

    def play(
        self, tasks: list[dict[str, Any]], *args: str, json_output: bool = True
    ) -> PlaybookRun:
        self.count += 1
        playbook = self.workdir / f"play{self.count}.yml"
        playbook.write_text(
            yaml.safe_dump(
                [{"hosts": "rutos", "gather_facts": False, "tasks": tasks}], sort_keys=False
            )
        )
        env = dict(self.env)
        if json_output:
            env["ANSIBLE_STDOUT_CALLBACK"] = "ansible.posix.json"
        done = subprocess.run(
            [str(self.binary), str(playbook), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        data = None
        if json_output and done.stdout.strip():
            data = json.loads(done.stdout[done.stdout.index("{") :])
        return PlaybookRun(done.returncode, done.stdout, done.stderr, data)


@pytest.fixture(scope="session")
def ansible(rutos_target: harness.RutosTarget, tmp_path_factory: pytest.TempPathFactory) -> Ansible:
    return Ansible(tmp_path_factory.mktemp("ansible"), rutos_target)
