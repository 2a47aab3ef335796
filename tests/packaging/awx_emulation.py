"""What AWX does around a playbook run, replayed without AWX.

An inventory update runs `ansible-inventory --list --export` on the project's
inventory source, in the execution environment, from the project directory;
AWX stores the result (inventory variables, groups, hosts and their
variables) and, for each job, writes it back as an executable script that
prints JSON, restricted to the job's slice: hosts ordered by name, slice N of
M taking every M-th host from the N-th (awx/main/models/inventory.py,
get_script_data and get_sliced_hosts). Jobs then run through ansible-runner
with a private data directory holding the project, that inventory, the extra
variables and the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from packaging_support import VENV_BIN, run

# awx/main/constants.py STANDARD_INVENTORY_UPDATE_ENV
INVENTORY_UPDATE_ENV = {
    "ANSIBLE_INVENTORY_UNPARSED_FAILED": "True",
    "ANSIBLE_INVENTORY_EXPORT": "True",
    "ANSIBLE_VERBOSE_TO_STDERR": "True",
    "ANSIBLE_HOST_PATTERN_MISMATCH": "error",
}


def inventory_update(
    project: Path, source_path: str, env: Mapping[str, str], out: Path
) -> dict[str, Any]:
    """The JSON an AWX inventory update reads back from ansible-inventory."""
    source = project / source_path
    run(
        [
            VENV_BIN / "ansible-inventory",
            "--list",
            "--export",
            "-i",
            source,
            "--output",
            out,
            "--playbook-dir",
            source.parent,
        ],
        cwd=project,
        env={**env, **INVENTORY_UPDATE_ENV},
    )
    return json.loads(out.read_text(encoding="utf-8"))


@dataclass
class StoredInventory:
    """An inventory as AWX keeps it after an import."""

    variables: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    hosts: dict[str, dict[str, Any]] = field(default_factory=dict)


def imported(export: Mapping[str, Any]) -> StoredInventory:
    """The `all` group's variables become the inventory's; `ungrouped` is not a group in AWX."""
    stored = StoredInventory(variables=dict(export.get("all", {}).get("vars", {})))
    hostvars = export.get("_meta", {}).get("hostvars", {})
    for name, body in export.items():
        if name in ("_meta", "all"):
            continue
        for host in body.get("hosts", []):
            stored.hosts.setdefault(host, dict(hostvars.get(host, {})))
        if name == "ungrouped":
            continue
        stored.groups[name] = {
            "hosts": list(body.get("hosts", [])),
            "children": list(body.get("children", [])),
            "vars": dict(body.get("vars", {})),
        }
    for host in hostvars:
        stored.hosts.setdefault(host, dict(hostvars[host]))
    return stored


def sliced_hosts(stored: StoredInventory, slice_number: int, slice_count: int) -> list[str]:
    hosts = sorted(stored.hosts)
    if slice_count > 1 and slice_number > 0:
        hosts = hosts[slice_number - 1 :: slice_count]
    return hosts


def script_data(
    stored: StoredInventory, slice_number: int = 1, slice_count: int = 1
) -> dict[str, Any]:
    """The inventory a job (or one slice of a sliced job) is given."""
    hosts = sliced_hosts(stored, slice_number, slice_count)
    kept = set(hosts)
    data: dict[str, Any] = {"all": {}}
    if stored.variables:
        data["all"]["vars"] = stored.variables
    grouped: set[str] = set()
    for name, group in stored.groups.items():
        info: dict[str, Any] = {}
        members = [h for h in group["hosts"] if h in kept]
        if members:
            info["hosts"] = members
            grouped.update(members)
        if group["children"]:
            info["children"] = group["children"]
        if group["vars"]:
            info["vars"] = group["vars"]
        if info:
            data[name] = info
    data["all"]["hosts"] = [h for h in hosts if h not in grouped]
    data["all"]["children"] = list(stored.groups)
    data["_meta"] = {
        "hostvars": {
            h: {
                **stored.hosts[h],
                "remote_host_enabled": "true",
                "remote_host_id": index,
                "remote_tower_enabled": "true",
                "remote_tower_id": index,
            }
            for index, h in enumerate(hosts, start=1)
        }
    }
    return data


def write_script(data: Mapping[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"#! /usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint({json.dumps(data)!r})\n",
        encoding="utf-8",
    )
    path.chmod(0o700)
    return path


@dataclass
class RunnerResult:
    rc: int
    status: str
    stdout: str
    events: list[dict[str, Any]]

    def stats(self) -> dict[str, dict[str, int]]:
        """Per-host counts of the playbook_on_stats event (AWX's job host summaries)."""
        event = next(e for e in self.events if e.get("event") == "playbook_on_stats")
        data = event["event_data"]
        keys = {
            "ok": "ok",
            "changed": "changed",
            "unreachable": "dark",
            "failed": "failures",
            "skipped": "skipped",
            "rescued": "rescued",
            "ignored": "ignored",
        }
        hosts = set()
        for key in keys.values():
            hosts.update(data.get(key) or {})
        return {h: {k: (data.get(v) or {}).get(h, 0) for k, v in keys.items()} for h in hosts}


def _prepare(
    private_data_dir: Path,
    extravars: Mapping[str, Any],
    envvars: Mapping[str, str],
    cmdline: Sequence[str],
) -> None:
    env_dir = private_data_dir / "env"
    env_dir.mkdir(parents=True, exist_ok=True)
    (env_dir / "extravars").write_text(yaml.safe_dump(dict(extravars)), encoding="utf-8")
    (env_dir / "envvars").write_text(yaml.safe_dump(dict(envvars)), encoding="utf-8")
    if cmdline:
        (env_dir / "cmdline").write_text(" ".join(cmdline), encoding="utf-8")


def _runner_cmd(private_data_dir: Path, playbook: str, inventory: Path, ident: str) -> list:
    return [
        VENV_BIN / "ansible-runner",
        "run",
        private_data_dir,
        "-p",
        playbook,
        "--inventory",
        inventory,
        "--ident",
        ident,
    ]


def _runner_env(env: Mapping[str, str]) -> dict[str, str]:
    return {**env, "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"}


def runner_result(private_data_dir: Path, ident: str = "job") -> RunnerResult:
    """What the job left in its artifacts: return code, status, output and events."""
    artifacts = private_data_dir / "artifacts" / ident
    events = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((artifacts / "job_events").glob("*.json"))
    ]
    events.sort(key=lambda e: e.get("counter", 0))
    return RunnerResult(
        rc=int((artifacts / "rc").read_text(encoding="utf-8").strip()),
        status=(artifacts / "status").read_text(encoding="utf-8").strip(),
        stdout=(artifacts / "stdout").read_text(encoding="utf-8"),
        events=events,
    )


def runner_start(
    private_data_dir: Path,
    playbook: str,
    inventory: Path,
    *,
    extravars: Mapping[str, Any],
    envvars: Mapping[str, str],
    cmdline: Sequence[str] = (),
    env: Mapping[str, str],
    ident: str = "job",
) -> subprocess.Popen[bytes]:
    """`ansible-runner run` started in the background, as AWX runs jobs side by side.

    Its own output goes to a file of the private data directory, never to a pipe: a
    pipe nobody reads fills up and blocks the job, which may hold a school's lock.
    """
    _prepare(private_data_dir, extravars, envvars, cmdline)
    with (private_data_dir / "runner.log").open("wb") as log:
        return subprocess.Popen(
            _runner_cmd(private_data_dir, playbook, inventory, ident),
            cwd=private_data_dir,
            env=_runner_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def runner_run(
    private_data_dir: Path,
    playbook: str,
    inventory: Path,
    *,
    extravars: Mapping[str, Any],
    envvars: Mapping[str, str],
    cmdline: Sequence[str] = (),
    env: Mapping[str, str],
    ident: str = "job",
) -> RunnerResult:
    """`ansible-runner run` on a private data directory whose project/ is already in place."""
    job = runner_start(
        private_data_dir,
        playbook,
        inventory,
        extravars=extravars,
        envvars=envvars,
        cmdline=cmdline,
        env=env,
        ident=ident,
    )
    try:
        job.wait(timeout=600)
    finally:
        if job.poll() is None:
            job.kill()
    return runner_result(private_data_dir, ident)
