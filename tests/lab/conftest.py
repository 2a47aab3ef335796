"""Fixtures of the lab tests: the demo city's design, root and Open vSwitch checks, playbook runs.

The tests that build a twin need root and the Debian packages of
scripts/install-system-packages.sh; without them they are skipped, and fail
under CI=true (the pure tests of the topology and of the Open vSwitch plans
always run).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import City, design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.system import TOOLS
from ansible_collections.citynet.schools.tests.prerequisites import require, require_root

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "inventories" / "demo"
SCHOOLS = ("jaures", "curie", "hugo", "pasteur", "moulin", "ferry")
LINE = re.compile(r'"((?:PASS|FAIL) [^"]*)"')


@pytest.fixture(scope="session")
def demo() -> City:
    return design_city(DEMO)


def live_lab_or_skip() -> None:
    require_root("the live twin (network namespaces, veth pairs, Open vSwitch)")
    missing = [t for t in TOOLS if shutil.which(t) is None]
    require(not missing, f"missing {', '.join(missing)} (scripts/install-system-packages.sh)")


def ansible_env() -> dict[str, str]:
    return {
        **os.environ,
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_HOST_PATTERN_MISMATCH": "ignore",
        "PYTHONPATH": str(REPO / ".collections"),
    }


def playbook(
    playbook_path: Path, *args: str, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).with_name("ansible-playbook")
    return subprocess.run(
        [str(binary), str(playbook_path), *args],
        cwd=REPO,
        env=ansible_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def lab_cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ansible_collections.citynet.schools.plugins.plugin_utils.lab.cli",
            *args,
        ],
        cwd=REPO,
        env=ansible_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def check_lines(output: str) -> list[str]:
    """The PASS/FAIL lines of a run, from the lab CLI or from the playbook's output."""
    plain = [line for line in output.splitlines() if line.startswith(("PASS ", "FAIL "))]
    # the playbook shows each line, then repeats the FAIL lines (joined) in its verdict
    found = plain or [line for line in LINE.findall(output) if "\\n" not in line]
    return list(dict.fromkeys(found))


def line_of(lines: list[str], check: str) -> str:
    found = [line for line in lines if line.split(":", 1)[0].split(" ", 1)[1] == check]
    assert len(found) == 1, f"no single line for {check!r} in:\n" + "\n".join(lines)
    return found[0]
