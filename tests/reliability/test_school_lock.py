"""citynet.schools.school_lock: two runs never change the same school at once.

The functions are tested directly (with a fake clock where waiting is the
point), across real processes racing for the lock, and through the deploy
role: a run that finds its school locked by another live run stops, naming
it, before any connection to the device.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import yaml
from ansible_collections.citynet.schools.plugins.action.school_lock import (
    LockTimeout,
    Owner,
    acquire,
    release,
    run_owner,
)
from ansible_collections.citynet.schools.tests.bad_input.corpus import DEMO
from ansible_collections.citynet.schools.tests.reliability.playrun import (
    ROOT,
    has_traceback,
    recap,
    run_playbook,
)


def _dead_owner() -> Owner:
    """A run whose process has ended (its start time cannot match a reused pid either)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return Owner(socket.gethostname(), child.pid, "1", "someone")


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_take_join_release(tmp_path):
    me = run_owner(os.getpid())
    first = acquire(str(tmp_path), "curie", "curie-sw1", me)
    lock = Path(first["lock_file"])
    data = json.loads(lock.read_text())
    assert data["owner"]["pid"] == os.getpid() and data["devices"] == ["curie-sw1"]
    assert oct(lock.stat().st_mode & 0o777) == "0o600"
    joined = acquire(str(tmp_path), "curie", "curie-4g", me)
    assert joined["joined"] and json.loads(lock.read_text())["devices"] == ["curie-sw1", "curie-4g"]
    assert release(str(tmp_path), "curie", "curie-sw1", me)["released"] is False
    assert lock.exists(), "the run's other device still works on the school"
    assert release(str(tmp_path), "curie", "curie-4g", me)["released"] is True
    assert not lock.exists()


def test_another_live_run_makes_us_wait_then_stop_naming_it(tmp_path):
    holder = run_owner(os.getpid())  # this process is alive: a run in progress
    acquire(str(tmp_path), "curie", "curie-sw1", holder)
    other = Owner(holder.host, holder.pid + 1_000_000, "42", "tech")
    clock = FakeClock()
    with pytest.raises(LockTimeout) as raised:
        acquire(str(tmp_path), "curie", "curie-sw1", other, 30, 2, clock.sleep, clock)
    message = str(raised.value)
    assert f"ansible-playbook pid {os.getpid()}" in message
    assert f"of user {holder.user} on {holder.host}" in message
    assert "working on curie-sw1" in message and "waited 30 s" in message
    assert 30 <= clock.now < 33
    assert release(str(tmp_path), "curie", "curie-sw1", other)["released"] is False, (
        "a run cannot release another run's lock"
    )
    assert (tmp_path / "curie.lock").exists()


def test_a_lock_left_by_a_dead_run_is_taken_over(tmp_path):
    dead = _dead_owner()
    acquire(str(tmp_path), "curie", "curie-sw1", dead)
    me = run_owner(os.getpid())
    clock = FakeClock()
    taken = acquire(str(tmp_path), "curie", "curie-sw1", me, 30, 2, clock.sleep, clock)
    assert clock.now == 0, "no wait for a run that is gone"
    assert f"pid {dead.pid}" in taken["took_over"]
    assert json.loads(Path(taken["lock_file"]).read_text())["owner"]["pid"] == os.getpid()


def test_a_reused_pid_does_not_keep_a_lock(tmp_path):
    me = run_owner(os.getpid())
    ghost = Owner(me.host, me.pid, str(int(me.start) + 12345), "someone")  # same pid, other start
    acquire(str(tmp_path), "curie", "curie-sw1", ghost)
    clock = FakeClock()
    taken = acquire(str(tmp_path), "curie", "curie-sw1", me, 30, 2, clock.sleep, clock)
    assert "took_over" in taken and clock.now == 0


def test_a_lock_from_another_controller_is_honoured(tmp_path):
    remote = Owner("other-controller.example", 1, "1", "awx")
    acquire(str(tmp_path), "curie", "curie-sw1", remote)
    clock = FakeClock()
    with pytest.raises(LockTimeout, match=r"on other-controller\.example"):
        acquire(
            str(tmp_path), "curie", "curie-sw1", run_owner(os.getpid()), 5, 1, clock.sleep, clock
        )


def test_a_corrupt_lock_file_is_replaced(tmp_path):
    (tmp_path / "curie.lock").write_text("{half a lock", encoding="utf-8")
    taken = acquire(str(tmp_path), "curie", "curie-sw1", run_owner(os.getpid()))
    assert json.loads(Path(taken["lock_file"]).read_text())["devices"] == ["curie-sw1"]


_RACER = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {collections!r})
    from ansible_collections.citynet.schools.plugins.action.school_lock import acquire, release, run_owner
    lock_dir, log = sys.argv[1], sys.argv[2]
    me = run_owner(os.getpid())
    result = acquire(lock_dir, "curie", "curie-sw1", me, timeout=30, poll=0.05)
    with open(log, "a") as handle:
        handle.write(f"enter {{os.getpid()}} {{time.monotonic()}}\\n")
    time.sleep(0.4)
    with open(log, "a") as handle:
        handle.write(f"leave {{os.getpid()}} {{time.monotonic()}}\\n")
    release(lock_dir, "curie", "curie-sw1", me)
    """
)


def test_processes_racing_for_the_lock_never_overlap(tmp_path):
    script = tmp_path / "racer.py"
    script.write_text(_RACER.format(collections=str(ROOT / ".collections")), encoding="utf-8")
    log = tmp_path / "log"
    racers = [
        subprocess.Popen([sys.executable, str(script), str(tmp_path / "locks"), str(log)])
        for _attempt in range(4)
    ]
    assert [r.wait(timeout=60) for r in racers] == [0, 0, 0, 0]
    events = [line.split() for line in log.read_text().splitlines()]
    assert len(events) == 8
    for k in range(0, 8, 2):  # enter and leave alternate, by the same process each time
        assert events[k][0] == "enter" and events[k + 1][0] == "leave"
        assert events[k][1] == events[k + 1][1]
    assert not (tmp_path / "locks" / "curie.lock").exists()


# -- through the deploy role ------------------------------------------------------------


class _Listener:
    """A TCP port on 127.0.0.1 that counts connections: proof that no device was contacted."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _address = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


def test_deploy_stops_on_a_school_locked_by_another_run(tmp_path):
    listener = _Listener()
    try:
        city = tmp_path / "city"
        shutil.copytree(DEMO, city)
        reach = tmp_path / "reach.yml"
        reach.write_text(
            yaml.safe_dump(
                {
                    "all": {
                        "vars": {
                            "ansible_user": "admin",
                            "ansible_password": "admin",
                            "ansible_network_cli_ssh_type": "paramiko",
                            "ansible_connect_timeout": 5,
                        },
                        "hosts": {
                            "curie-sw1": {
                                "ansible_host": "127.0.0.1",
                                "ansible_port": listener.port,
                            }
                        },
                    }
                }
            ),
            encoding="utf-8",
        )
        backups = tmp_path / "backups"
        holder = run_owner(os.getpid())  # this test process plays the run in progress
        acquire(str(backups / ".locks"), "curie", "curie-sw1", holder)
        run = run_playbook(
            [city / "schools.yml", reach],
            "-e",
            "schools_mode=deploy",
            "-e",
            f"schools_backup_dir={backups}",
            "-e",
            f"schools_build_dir={tmp_path / 'build'}",
            "-e",
            "schools_lock_timeout=3",
            "--limit",
            "curie-sw1",
        )
        out = run.stdout + run.stderr
        assert run.returncode != 0
        assert not has_traceback(out), out[-3000:]
        assert "curie-sw1: school curie is being changed by another run" in out, out[-3000:]
        assert f"ansible-playbook pid {os.getpid()} of user {holder.user}" in out
        assert "nothing was sent" in out
        assert recap(out)["curie-sw1"]["failed"] == 1
        assert listener.connections == 0, "the device was contacted although the school is locked"
        held = json.loads((backups / ".locks" / "curie.lock").read_text())
        assert held["owner"]["pid"] == os.getpid(), "the other run's lock is left as it was"
    finally:
        listener.close()
