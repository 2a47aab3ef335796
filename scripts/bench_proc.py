"""Running one command and measuring what it cost: wall time, CPU time, memory.

The benchmark compares programs that fork (ansible-playbook runs its tasks
in worker processes), so memory is taken two ways: the largest single process
(``ru_maxrss`` of ``wait4``, which covers the waited-for descendants) and the
peak of the whole process tree, sampled from /proc: the sum of every
process's PSS, where a page shared after a fork counts once in total, split
among the processes sharing it (plain RSS would count it once per process).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SAMPLE_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class Measured:
    """What one run of a command cost."""

    wall_s: float
    cpu_s: float  # user + system, the process and all its waited-for descendants
    maxrss_mib: float  # largest single process of the tree
    tree_rss_mib: float  # peak of the summed PSS of the whole tree
    returncode: int
    output_tail: str


def _children(pid: int) -> list[int]:
    """Child pids of ``pid``, from each of its threads' /proc children list."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as handle:
                out.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return out


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared pages divided among the processes sharing them."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path, encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_pss_kib(root: int) -> int:
    """Memory of ``root`` and all its descendants right now (summed PSS)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kib(pid)
        todo.extend(_children(pid))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.pid))
            self.done.wait(SAMPLE_SECONDS)


def run_measured(
    command: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
) -> Measured:
    """Run ``command`` to completion (killing it after ``timeout`` seconds)."""
    proc = subprocess.Popen(
        list(command),
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, to stop it whole on timeout
    )
    start = time.perf_counter()
    sampler = _Sampler(proc.pid)
    sampler.start()
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.append(proc.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    deadline = None if timeout is None else start + timeout
    status, usage = 0, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    reader.join(timeout=5)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stdout is not None:
        proc.stdout.close()
    text = b"".join(output).decode("utf-8", errors="replace")
    return Measured(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        maxrss_mib=usage.ru_maxrss / 1024,
        tree_rss_mib=sampler.peak_kib / 1024,
        returncode=proc.returncode,
        output_tail=text[-4000:],
    )
