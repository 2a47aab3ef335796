"""Tear a twin down completely, and prove nothing of it is left.

By name and by PID only: the processes inside the twin's namespaces, the
processes named in its pidfiles or whose command line names its run
directory, then the namespaces themselves (their veths and the switches' tap
ports go with them). The result lists what was removed and what, if
anything, is still there.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .system import (
    Ledger,
    cmdline,
    namespaces,
    netns_pids,
    read_pidfile,
    root_links,
    run,
    stop,
    twin_processes,
)


@dataclass
class Teardown:
    namespaces: list[str] = field(default_factory=list)
    processes: int = 0
    left: list[str] = field(default_factory=list)

    def line(self) -> str:
        removed = f"removed {len(self.namespaces)} namespaces and {self.processes} processes"
        if self.left:
            return f"FAIL teardown: {removed}; left behind: {'; '.join(self.left)}"
        return f"PASS teardown: {removed}; no namespace, veth, OVS, FRR or dnsmasq process, or file left"


def _recorded(run_dir: Path) -> Ledger | None:
    ledger = Ledger.load(str(run_dir))
    if ledger is not None:
        return ledger
    topology = run_dir / "topology.json"
    if topology.exists():  # a build interrupted before its ledger was written
        data = json.loads(topology.read_text())
        names = [s["netns"] for s in data["switches"]] + [h["netns"] for h in data["hosts"]]
        if data.get("router"):
            names.append(data["router"]["netns"])
        names += [n["netns"] for n in data.get("nodes", [])]
        other = data.get("neighbour") or {}
        names += [s["netns"] for s in other.get("switches", [])]
        names += [h["netns"] for h in other.get("hosts", [])]
        return Ledger(str(run_dir), data["lab_id"], namespaces=names)
    return None


def teardown(run_dir: str) -> Teardown:
    path = Path(run_dir)
    result = Teardown()
    ledger = _recorded(path)
    if ledger is None:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
        return result
    present = namespaces()
    ours = [n for n in dict.fromkeys(ledger.namespaces) if n in present]
    pids: list[int] = []
    for name in ours:
        pids += netns_pids(name)
    for pidfile in ledger.pidfiles:
        pid = read_pidfile(pidfile)
        places = [d.rstrip("/") + "/" for d in [run_dir, *ledger.directories]]
        if pid is not None and pid not in pids and any(p in cmdline(pid) for p in places):
            pids.append(pid)
    pids += [p for p in twin_processes(run_dir, ledger.directories) if p not in pids]
    result.processes = len(stop(pids))
    for name in ours:
        run(["ip", "netns", "del", name], check=False)
        result.namespaces.append(name)
    still = namespaces()
    result.left += [f"namespace {n}" for n in ledger.namespaces if n in still]
    result.left += [f"process {p}" for p in twin_processes(run_dir, ledger.directories)]
    for directory in ledger.directories:
        shutil.rmtree(directory, ignore_errors=True)
    result.left += [f"directory {d}" for d in ledger.directories if Path(d).exists()]
    # Every interface is made inside a namespace; one of the twin's names showing
    # up in the root namespace would be a veth that escaped its namespace.
    new = (set(root_links()) - set(ledger.root_links)) & set(ledger.interfaces)
    result.left += [f"interface {n} in the root namespace" for n in sorted(new)]
    if not result.left:
        shutil.rmtree(path, ignore_errors=True)
    return result
