# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.school_lock: one run at a time changes a school's devices.

The lock is a file per school, ``<lock_dir>/<school>.lock``, naming the run
that holds it (the ansible-playbook process: controller host, process id and
start time, user) and the devices of that run still working on the school.
Every device of the same run shares it; another run waits, then stops with a
message naming the holder. A run that died (its process is gone) leaves a
stale lock that the next run takes over, so a crash never blocks a school.

Reading and rewriting the lock file happens under ``fcntl.flock`` of a guard
file beside it: Ansible's workers are separate processes, and two runs may
ask for the same school in the same instant.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args

DEFAULT_TIMEOUT = 600
DEFAULT_POLL = 2.0


@dataclass(frozen=True)
class Owner:
    """A run: an ansible-playbook process on one controller."""

    host: str
    pid: int
    start: str  # the process's start time, so a reused pid is not mistaken for the run
    user: str

    def key(self) -> tuple[str, int, str]:
        return (self.host, self.pid, self.start)

    def as_dict(self) -> dict[str, Any]:
        return {"host": self.host, "pid": self.pid, "start": self.start, "user": self.user}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Owner:
        return cls(str(data["host"]), int(data["pid"]), str(data["start"]), str(data["user"]))


def process_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (None when it does not exist)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            stat = handle.read()
    except OSError:
        if not os.path.isdir("/proc"):  # not Linux: only whether it exists
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return None
            except PermissionError:
                return "?"
            return "?"
        return None
    # the command name (field 2) may hold spaces and parentheses: fields follow the last ')'
    return stat.rsplit(")", 1)[1].split()[19]


def run_owner(pid: int | None = None) -> Owner:
    """The run this process belongs to: Ansible forks each task's worker from ansible-playbook."""
    pid = os.getppid() if pid is None else pid
    return Owner(socket.gethostname(), pid, process_start(pid) or "?", getpass.getuser())


def alive(owner: Owner) -> bool:
    """Whether the run still exists; a run on another controller is assumed alive."""
    if owner.host != socket.gethostname():
        return True
    start = process_start(owner.pid)
    return start is not None and (start == owner.start or "?" in (start, owner.start))


@contextlib.contextmanager
def _guard(lock_dir: str, school: str) -> Iterator[None]:
    path = os.path.join(lock_dir, f"{school}.guard")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _read(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        Owner.from_dict(data["owner"])
        return data
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return {"corrupt": True}


def _write(path: str, data: dict[str, Any]) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(tmp, path)


def describe(data: dict[str, Any]) -> str:
    owner = Owner.from_dict(data["owner"])
    devices = ", ".join(data.get("devices", [])) or "no device"
    return (
        f"ansible-playbook pid {owner.pid} of user {owner.user} on {owner.host}, "
        f"since {data.get('since', '?')}, working on {devices}"
    )


class LockTimeout(Exception):
    """Another run kept the school for longer than the wait allowed."""


def acquire(
    lock_dir: str,
    school: str,
    device: str,
    owner: Owner,
    timeout: float = DEFAULT_TIMEOUT,
    poll: float = DEFAULT_POLL,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any]:
    """Take (or join) the school's lock for ``device``; what happened, for the task result."""
    os.makedirs(lock_dir, mode=0o700, exist_ok=True)
    path = os.path.join(lock_dir, f"{school}.lock")
    started = clock()
    waited_for: dict[str, Any] | None = None
    while True:
        with _guard(lock_dir, school):
            data = _read(path)
            took_over = None
            if data is not None and not data.get("corrupt"):
                holder = Owner.from_dict(data["owner"])
                if holder.key() == owner.key():
                    if device not in data["devices"]:
                        data["devices"].append(device)
                        _write(path, data)
                    return {
                        "changed": False,
                        "lock_file": path,
                        "joined": True,
                        "waited": round(clock() - started, 1),
                        "holder": describe(data),
                    }
                if alive(holder):
                    waited_for = data
                else:
                    took_over = describe(data)
                    data = None
            if data is None or data.get("corrupt"):
                fresh = {
                    "school": school,
                    "owner": owner.as_dict(),
                    "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "devices": [device],
                }
                _write(path, fresh)
                result: dict[str, Any] = {
                    "changed": False,  # bookkeeping on the controller, not a change of the school
                    "lock_file": path,
                    "joined": False,
                    "waited": round(clock() - started, 1),
                    "holder": describe(fresh),
                }
                if took_over:
                    result["took_over"] = took_over
                return result
        waited = clock() - started
        if waited >= timeout:
            holder = describe(waited_for) if waited_for else "holder unknown"
            raise LockTimeout(
                f"school {school} is being changed by another run ({holder}); "
                f"waited {round(waited)} s for it (schools_lock_timeout). Let that run finish, "
                f"or, if it is gone from that controller, remove {path}"
            )
        sleep(min(poll, max(0.0, timeout - waited)))


def release(lock_dir: str, school: str, device: str, owner: Owner) -> dict[str, Any]:
    """Leave the school's lock for ``device``; the lock goes when the run's last device leaves."""
    path = os.path.join(lock_dir, f"{school}.lock")
    if not os.path.isdir(lock_dir):
        return {"changed": False, "lock_file": path, "released": False}
    with _guard(lock_dir, school):
        data = _read(path)
        if data is None or data.get("corrupt"):
            return {"changed": False, "lock_file": path, "released": False}
        if Owner.from_dict(data["owner"]).key() != owner.key():
            return {
                "changed": False,
                "lock_file": path,
                "released": False,
                "holder": describe(data),
            }
        devices = [d for d in data["devices"] if d != device]
        if devices:
            data["devices"] = devices
            _write(path, data)
            return {
                "changed": False,
                "lock_file": path,
                "released": False,
                "holder": describe(data),
            }
        os.unlink(path)
        return {"changed": False, "lock_file": path, "released": True}


class ActionModule(ActionBase):
    """Runs on the controller; needs no connection to the device."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        school = args["school"]
        lock_dir = args["lock_dir"]
        device = args["device"] or task_vars["inventory_hostname"]
        if not school or os.sep in school or school.startswith("."):
            raise AnsibleActionFail(f"school {school!r} cannot name a lock file")
        owner = run_owner()
        if args["state"] == "absent":
            result.update(release(lock_dir, school, device, owner))
            return result
        try:
            result.update(acquire(lock_dir, school, device, owner, args["timeout"], args["poll"]))
        except LockTimeout as exc:
            result.update(failed=True, msg=f"{device}: {exc}; nothing was sent")
        return result
