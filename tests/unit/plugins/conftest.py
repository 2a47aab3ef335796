"""Ansible's own command lines, isolated from the project's settings.

Each test module gets its own configuration file and home directory, so neither
the project's inventory nor the user's settings take part; only the collection
path points at this checkout (or at the installed tree ansible-test runs from).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.tests.prerequisites import unavailable

PLUGINS_DIR = Path(__file__).resolve().parents[3] / "plugins"


def _command(name: str) -> str:
    """The CLI of the Python running the tests, else the one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        unavailable(f"{name} is not installed")
    return found


def _collections_path() -> str:
    root = PLUGINS_DIR.parent
    if root.parent.parent.name == "ansible_collections":
        # Running from an installed copy (e.g. ansible-test): use its tree.
        return str(root.parents[2])
    return str(root / ".collections")


class AnsibleCLI:
    """Runs ``ansible``, ``ansible-playbook`` or ``ansible-doc`` in that isolated setting."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def run(
        self, name: str, *args: str, cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [_command(name), *args],
            env={**self.env, **(env or {})},
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def adhoc(
        self, expression: str, *args: str, cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``debug: msg={{ expression }}`` on localhost."""
        return self.run(
            "ansible",
            "localhost",
            "-i",
            "localhost,",
            "-c",
            "local",
            "-m",
            "ansible.builtin.debug",
            "-a",
            f"msg={{{{ {expression} }}}}",
            *args,
            cwd=cwd,
            env=env,
        )


@pytest.fixture(scope="module")
def ansible_cli(tmp_path_factory: pytest.TempPathFactory) -> AnsibleCLI:
    home = tmp_path_factory.mktemp("ansible_home")
    config = home / "ansible.cfg"
    config.write_text("[defaults]\nretry_files_enabled = False\n", encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ANSIBLE_") or key == "ANSIBLE_CONFIG"
    }
    env.update(
        ANSIBLE_CONFIG=str(config),
        ANSIBLE_HOME=str(home),
        ANSIBLE_LOCAL_TEMP=str(home / "tmp"),
        ANSIBLE_COLLECTIONS_PATH=_collections_path(),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_LOCALHOST_WARNING="False",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="False",
    )
    return AnsibleCLI(env)
