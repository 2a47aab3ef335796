"""Commands, namespaces and processes of a lab twin, and the ledger of what it created.

Everything the twin creates is written to its ledger before it exists, so a
build that fails halfway, or a run that is interrupted, can still be torn
down completely, by name (namespaces) and by PID (processes whose command
line names the twin's run directory), never by a broad pattern.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

LEDGER = "ledger.json"
TOOLS = ("ip", "ethtool", "ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-appctl",
         "dnsmasq", "udhcpc", "busybox", "nft", "sysctl")  # fmt: skip


class LabError(Exception):
    """The twin cannot be built, checked or torn down; the message says why."""


def run(
    argv: list[str], check: bool = True, timeout: float = 30, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LabError(f"{' '.join(argv)}: {exc}") from exc
    if check and done.returncode != 0:
        detail = (done.stderr or done.stdout).strip() or "no output"
        raise LabError(f"{' '.join(argv)} failed (rc={done.returncode}): {detail}")
    return done


def in_netns(netns: str, argv: list[str]) -> list[str]:
    return ["ip", "netns", "exec", netns, *argv]


def require_root_and_tools() -> None:
    if os.geteuid() != 0:
        raise LabError("the twin needs root (network namespaces, veth pairs, Open vSwitch)")
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        raise LabError(
            f"missing commands: {', '.join(missing)} (scripts/install-system-packages.sh "
            "installs openvswitch-switch, dnsmasq, udhcpc, ethtool, iproute2, busybox, frr and nftables)"
        )


def namespaces() -> set[str]:
    done = run(["ip", "netns", "list"], check=False)
    return {line.split()[0] for line in done.stdout.splitlines() if line.strip()}


def root_links() -> list[str]:
    done = run(["ip", "-o", "link", "show"], check=False)
    return sorted(line.split(":")[1].strip().split("@")[0] for line in done.stdout.splitlines())


@contextlib.contextmanager
def entered(netns: str) -> Iterator[None]:
    """Run the block in a network namespace (this thread only); sockets made there stay there."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    try:
        os.setns(target, os.CLONE_NEWNET)
        yield
    finally:
        os.setns(home, os.CLONE_NEWNET)
        os.close(target)
        os.close(home)


def cmdline(pid: int) -> str:
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    state = ""
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


def stop(pids: list[int], grace: float = 3.0) -> list[int]:
    """SIGTERM, then SIGKILL what is still there; the PIDs that were running."""
    running = [p for p in pids if alive(p)]
    for pid in running:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(p) for p in running):
        time.sleep(0.05)
    for pid in running:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(p) for p in running):
        time.sleep(0.05)
    return running


def netns_pids(netns: str) -> list[int]:
    done = run(["ip", "netns", "pids", netns], check=False)
    return [int(p) for p in done.stdout.split() if p.isdigit()]


# What a twin starts, as the first word of a command line (the VLAN tap process
# is recognised by its module name).
DAEMONS = ("ovsdb-server", "ovs-vswitchd", "dnsmasq", "udhcpc", "busybox", "zebra", "ospfd")
TAP_MODULE = "lab.vlan_tap"
TRACK_MODULE = "lab.track"


def twin_processes(run_dir: str, also: list[str] | None = None) -> list[int]:
    """PIDs of the twin's own programs: one of ``DAEMONS`` (or the VLAN tap process) whose
    command line names the run directory (or one of the twin's other directories, ``also``).
    Nothing else is ever matched."""
    # /tmp/citynet-lab-a must not match /tmp/citynet-lab-ab
    places = [d.rstrip("/") + "/" for d in [run_dir, *(also or [])]]
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        pid = int(entry.name)
        words = cmdline(pid).split()
        line = " ".join(words)
        if not words or not any(p in line for p in places) or not alive(pid):
            continue
        ours = os.path.basename(words[0]) in DAEMONS or any(
            m in w for w in words[1:3] for m in (TAP_MODULE, TRACK_MODULE)
        )
        if ours:
            out.append(pid)
    return out


def read_pidfile(path: str) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(Path(path).read_text().split()[0])
    return None


@dataclass
class Ledger:
    """What a twin created, saved in its run directory as it goes."""

    run_dir: str
    lab_id: str
    namespaces: list[str] = field(default_factory=list)
    pidfiles: list[str] = field(default_factory=list)
    root_links: list[str] = field(default_factory=list)  # the root namespace's, before the build
    interfaces: list[str] = field(default_factory=list)  # every interface name the twin makes
    directories: list[str] = field(default_factory=list)  # outside the run directory (FRR's)

    @property
    def path(self) -> Path:
        return Path(self.run_dir) / LEDGER

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1))
        tmp.replace(self.path)

    def add_namespace(self, name: str) -> None:
        self.namespaces.append(name)
        self.save()

    def add_directory(self, path: str) -> None:
        if path not in self.directories:
            self.directories.append(path)
            self.save()

    def add_pidfile(self, path: str) -> None:
        self.pidfiles.append(path)
        self.save()

    @classmethod
    def load(cls, run_dir: str) -> Ledger | None:
        path = Path(run_dir) / LEDGER
        if not path.exists():
            return None
        return cls(**json.loads(path.read_text()))
