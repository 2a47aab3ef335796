"""Running playbooks/schools.yml for the reliability tests, and reading what it printed.

The tests run the real ansible-playbook, as a technician would; this module
only builds the command line and reads the PLAY RECAP. When schools.yml does
not yet import playbooks/summary.yml (the failed-devices summary), a wrapper
playbook imports both, so the tests always see the summary.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "playbooks" / "schools.yml"
SUMMARY = ROOT / "playbooks" / "summary.yml"
TRACEBACK_SIGNS = ("Traceback (most recent call last)", "Unexpected Exception", "probably a bug")


def ansible_bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def playbook_with_summary(work: Path) -> Path:
    """schools.yml itself once it imports summary.yml, else a wrapper importing both."""
    if "summary.yml" in PLAYBOOK.read_text(encoding="utf-8"):
        return PLAYBOOK
    wrapper = work / "schools-with-summary.yml"
    wrapper.write_text(
        f"---\n- import_playbook: {PLAYBOOK}\n- import_playbook: {SUMMARY}\n", encoding="utf-8"
    )
    return wrapper


def run_playbook(
    inventories: list[Path],
    *extra: str,
    playbook: Path = PLAYBOOK,
    env: dict[str, str] | None = None,
    timeout: int = 900,
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        **(env or {}),
    }
    cmd = [ansible_bin("ansible-playbook")]
    for inventory in inventories:
        cmd += ["-i", str(inventory)]
    cmd += [str(playbook), *extra]
    return subprocess.run(
        cmd,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def recap(stdout: str) -> dict[str, dict[str, int]]:
    """host -> counters of the PLAY RECAP."""
    out: dict[str, dict[str, int]] = {}
    for match in re.finditer(r"^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$", stdout, re.M):
        out[match.group(1)] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", match.group(2))}
    return out


def has_traceback(text: str) -> bool:
    return any(sign in text for sign in TRACEBACK_SIGNS)


def digest_tree(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
