"""A RutOS-like SSH target in a network namespace, for the uci integration tests.

The target is a real OpenSSH server in its own network namespace, reached over
a veth pair addressed from 198.18.0.0/15, whose sessions see a router-like
world: `uci` is the stand-in of tests/rutos/bin, /etc/init.d holds recording
stand-ins of the RutOS init scripts, root's shell is busybox sh, and PATH
holds busybox applets only (no Python). /etc/init.d and /etc/passwd are
bind-mounted in the server's private mount namespace, never on the host.

Usable as a library (``running()`` / ``start()`` / ``stop()``) and as a CLI:

    python tests/rutos/harness.py up [--dir DIR]   # runs until Ctrl-C
    python tests/rutos/harness.py down --dir DIR   # cleans up after a crash

Without network namespaces it falls back to sshd on 127.0.0.1 (free port) in
a private mount namespace, and says so.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE / "seed"
FAKE_UCI = HERE / "bin" / "uci"
SSHD = "/usr/sbin/sshd"
BUSYBOX = "/bin/busybox"
LAB_NET = ipaddress.ip_network("198.18.0.0/15")
# What a RutOS shell offers that the tests or the init stand-ins may use.
APPLETS = (
    "sh", "ash", "cat", "echo", "printf", "sed", "grep", "awk", "ls", "mkdir", "rm", "mv",
    "cp", "date", "sleep", "test", "[", "true", "false", "head", "tail", "tr", "cut", "wc",
    "sort", "uniq", "env", "id", "uname", "basename", "dirname", "kill", "ps", "mktemp",
    "touch", "chmod", "logger", "xargs",
)  # fmt: skip


class HarnessError(RuntimeError):
    """The target could not be built on this machine (the message says what is missing)."""


@dataclass
class RutosTarget:
    root: Path
    address: str
    port: int
    namespace: str | None = None
    host_veth: str | None = None
    sshd_pid: int = 0
    fallback: bool = False
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False, compare=False)

    # -- layout ------------------------------------------------------------

    @property
    def config_dir(self) -> Path:
        return self.root / "etc" / "config"

    @property
    def init_d(self) -> Path:
        return self.root / "etc" / "init.d"

    @property
    def delta_dir(self) -> Path:
        return self.root / "tmp" / ".uci"

    @property
    def state_dir(self) -> Path:
        return self.root / "state"

    @property
    def key_file(self) -> Path:
        return self.root / "ssh" / "id_ed25519"

    @property
    def known_hosts(self) -> Path:
        return self.root / "ssh" / "known_hosts"

    @property
    def path(self) -> str:
        return f"{self.root / 'rootfs' / 'usr' / 'sbin'}:{self.root / 'rootfs' / 'bin'}"

    def environment(self) -> dict[str, str]:
        """What a session on the target gets, for running the fake uci locally."""
        return {
            "PATH": self.path,
            "UCI_CONFIG_DIR": str(self.config_dir),
            "UCI_SAVE_DIR": str(self.delta_dir),
            "RUTOS_STATE_DIR": str(self.state_dir),
        }

    # -- test helpers ------------------------------------------------------

    def uci(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        """Run the target's uci on its files directly (no SSH), e.g. to read state back."""
        return subprocess.run(
            [sys.executable, "-I", "-S", str(FAKE_UCI), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.environment(),
            check=False,
        )

    def reset(self) -> None:
        """Factory state: seed configs, no pending changes, empty logs, no injected faults."""
        shutil.rmtree(self.config_dir, ignore_errors=True)
        shutil.copytree(SEED / "etc" / "config", self.config_dir)
        shutil.rmtree(self.delta_dir, ignore_errors=True)
        self.delta_dir.mkdir(parents=True)
        shutil.rmtree(self.state_dir, ignore_errors=True)
        (self.state_dir / "fail").mkdir(parents=True)

    def reload_log(self) -> list[str]:
        log = self.state_dir / "reload.log"
        return log.read_text().splitlines() if log.exists() else []

    def commands(self) -> list[str]:
        """Every command line the target's sshd was asked to run since the last reset."""
        log = self.state_dir / "commands.log"
        if not log.exists():
            return []
        return [c for c in log.read_text().split("\0") if c]

    def fail_reload(self, service: str) -> None:
        (self.state_dir / "fail" / service).touch()

    def reject_uci_key(self, key: str) -> None:
        with open(self.state_dir / "uci-reject", "a") as handle:
            handle.write(key + "\n")

    def fail_commit(self, config: str) -> None:
        with open(self.state_dir / "uci-commit-fail", "a") as handle:
            handle.write(config + "\n")

    def inventory_vars(self) -> dict[str, str]:
        common = " ".join(
            [
                "-F /dev/null",
                f"-o UserKnownHostsFile={self.known_hosts}",
                "-o GlobalKnownHostsFile=/dev/null",
                "-o StrictHostKeyChecking=yes",
                "-o IdentitiesOnly=yes",
                "-o ConnectTimeout=5",
            ]
        )
        return {
            "ansible_host": self.address,
            "ansible_port": str(self.port),
            "ansible_user": "root",
            "ansible_connection": "ssh",
            "ansible_shell_type": "sh",
            "ansible_ssh_private_key_file": str(self.key_file),
            "ansible_ssh_common_args": common,
            # Any module that tried to run would fail loudly on this.
            "ansible_python_interpreter": "/nonexistent/python3",
        }

    def inventory_ini(self, host: str = "rutx11") -> str:
        pairs = " ".join(f"{k}={json.dumps(v)}" for k, v in self.inventory_vars().items())
        return f"[rutos]\n{host} {pairs}\n"

    def describe(self) -> dict[str, object]:
        return {
            "root": str(self.root),
            "address": self.address,
            "port": self.port,
            "namespace": self.namespace,
            "host_veth": self.host_veth,
            "sshd_pid": self.sshd_pid,
            "fallback": self.fallback,
        }


def _run(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise HarnessError(f"{' '.join(argv)} failed: {result.stderr.strip()}")
    return result


def _require(path: str, package: str) -> None:
    if not os.access(path, os.X_OK):
        raise HarnessError(f"{path} not found: install the Debian package {package}")


def _used_addresses() -> set[ipaddress.IPv4Address]:
    out = _run("ip", "-o", "-4", "addr", "show", check=False).stdout
    found = set()
    for line in out.splitlines():
        parts = line.split()
        if "inet" in parts:
            found.add(ipaddress.ip_interface(parts[parts.index("inet") + 1]).ip)
    return found


def _pick_link() -> tuple[str, str]:
    """A free /30 of 198.18.0.0/15: (host side, device side)."""
    used = _used_addresses()
    rng = random.SystemRandom()
    for _unused in range(200):
        block = LAB_NET.network_address + 4 * rng.randrange(1, LAB_NET.num_addresses // 4 - 1)
        host, device = block + 1, block + 2
        if not ({block, host, device, block + 3} & used):
            return str(host), str(device)
    raise HarnessError("no free /30 left in 198.18.0.0/15")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _layout(root: Path) -> None:
    """The target's files: busybox PATH, uci, init.d stand-ins, passwd, home."""
    bin_dir = root / "rootfs" / "bin"
    sbin_dir = root / "rootfs" / "usr" / "sbin"
    bin_dir.mkdir(parents=True)
    sbin_dir.mkdir(parents=True)
    for applet in APPLETS:
        (bin_dir / applet).symlink_to(BUSYBOX)
    uci = sbin_dir / "uci"
    uci.write_text(f"#!/bin/sh\nexec '{sys.executable}' -I -S '{FAKE_UCI}' \"$@\"\n")
    uci.chmod(0o755)
    init_d = root / "etc" / "init.d"
    shutil.copytree(SEED / "etc" / "init.d", init_d)
    (root / "home").mkdir(mode=0o700)
    lines = []
    for line in Path("/etc/passwd").read_text().splitlines():
        if line.startswith("root:"):
            line = f"root:x:0:0:root:{root / 'home'}:{bin_dir / 'sh'}"
        lines.append(line)
    (root / "etc" / "passwd").write_text("\n".join(lines) + "\n")


def _ssh_material(target: RutosTarget) -> Path:
    ssh = target.root / "ssh"
    ssh.mkdir(mode=0o700)
    host_key = ssh / "host_ed25519"
    _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rutos-host", "-f", str(host_key))
    _run(
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "controller",
        "-f",
        str(target.key_file),
    )
    (ssh / "authorized_keys").write_text(Path(f"{target.key_file}.pub").read_text())
    public = Path(f"{host_key}.pub").read_text().split()
    name = target.address if target.port == 22 else f"[{target.address}]:{target.port}"
    target.known_hosts.write_text(f"{name} {public[0]} {public[1]}\n")
    session = ssh / "session"
    session.write_text(
        "#!/bin/sh\n"
        "# ForceCommand of the test target: keep each command for the tests, then run\n"
        "# it with the login shell exactly as sshd would have.\n"
        'printf \'%s\\000\' "$SSH_ORIGINAL_COMMAND" >> "$RUTOS_STATE_DIR/commands.log"\n'
        'if [ -z "$SSH_ORIGINAL_COMMAND" ]; then exec "$SHELL" -l; fi\n'
        'exec "$SHELL" -c "$SSH_ORIGINAL_COMMAND"\n'
    )
    session.chmod(0o755)
    env = " ".join(f"{k}={v}" for k, v in target.environment().items())
    config = ssh / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {target.port}",
                f"ListenAddress {target.address}",
                f"HostKey {host_key}",
                f"PidFile {ssh / 'sshd.pid'}",
                f"AuthorizedKeysFile {ssh / 'authorized_keys'}",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "UseDNS no",
                "PrintMotd no",
                "PrintLastLog no",
                "X11Forwarding no",
                "AllowTcpForwarding no",
                "AllowAgentForwarding no",
                "MaxStartups 64:30:128",
                "LogLevel ERROR",
                f"SetEnv {env}",
                f"ForceCommand {session}",
                "",
            ]
        )
    )
    return config


def _wait_listening(target: RutosTarget, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"sshd exited ({process.returncode}): {log.read_text().strip()}")
        with (
            contextlib.suppress(OSError),
            socket.create_connection((target.address, target.port), 0.5),
        ):
            return
        time.sleep(0.05)
    raise HarnessError(f"sshd did not listen on {target.address}:{target.port}")


def _namespaces_work() -> bool:
    probe = f"citynet-probe-{secrets.token_hex(3)}"
    if _run("ip", "netns", "add", probe, check=False).returncode != 0:
        return False
    _run("ip", "netns", "del", probe, check=False)
    return True


def _network(target: RutosTarget) -> None:
    token = secrets.token_hex(3)
    target.namespace = f"citynet-rutos-{token}"
    target.host_veth = f"cnr{token}h"
    device_veth = f"cnr{token}d"
    host_ip, device_ip = _pick_link()
    target.address = device_ip
    _run("ip", "netns", "add", target.namespace)
    _run("ip", "link", "add", target.host_veth, "type", "veth", "peer", "name", device_veth,
         "netns", target.namespace)  # fmt: skip
    _run("ip", "addr", "add", f"{host_ip}/30", "dev", target.host_veth)
    _run("ip", "link", "set", target.host_veth, "up")
    _run("ip", "-n", target.namespace, "link", "set", "lo", "up")
    _run("ip", "-n", target.namespace, "addr", "add", f"{device_ip}/30", "dev", device_veth)
    _run("ip", "-n", target.namespace, "link", "set", device_veth, "up")
    _run("ethtool", "-K", target.host_veth, "tx", "off")
    _run("ip", "netns", "exec", target.namespace, "ethtool", "-K", device_veth, "tx", "off")


def start(base: Path | None = None) -> RutosTarget:
    """Build and start a target; on any failure, what was built is removed again."""
    _require(SSHD, "openssh-server")
    _require(BUSYBOX, "busybox")
    _require("/usr/sbin/ethtool", "ethtool")
    if base is not None:
        base.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="citynet-rutos-", dir=base))
    target = RutosTarget(root=root, address="127.0.0.1", port=22)
    try:
        _layout(root)
        target.reset()
        if _namespaces_work():
            _network(target)
        else:
            target.fallback = True
            target.port = _free_port()
        config = _ssh_material(target)
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        mounts = (
            'mount --bind "$1" /etc/init.d && mount --bind "$2" /etc/passwd && '
            'exec "$3" -D -e -f "$4"'
        )
        inner = ["/bin/sh", "-c", mounts, "sh", str(target.init_d), str(root / "etc" / "passwd"),
                 SSHD, str(config)]  # fmt: skip
        if target.namespace:
            argv = ["ip", "netns", "exec", target.namespace, *inner]
        else:
            argv = ["unshare", "--mount", "--propagation", "private", *inner]
        log = root / "ssh" / "sshd.log"
        with open(log, "wb") as handle:
            process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT)
        target._process = process
        target.sshd_pid = process.pid
        (root / "target.json").write_text(json.dumps(target.describe(), indent=2))
        _wait_listening(target, process, log)
    except BaseException:
        stop(target)
        raise
    return target


def _kill(pids: list[int]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        alive = []
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
                alive.append(pid)
        deadline = time.monotonic() + 3
        while alive and time.monotonic() < deadline:
            alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
            time.sleep(0.05)
        pids = alive
        if not pids:
            return


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True


def stop(target: RutosTarget, keep_files: bool = False) -> None:
    """Stop sshd and every process left in the namespace, delete namespace and veth."""
    pids: list[int] = []
    if target.namespace:
        out = _run("ip", "netns", "pids", target.namespace, check=False).stdout
        pids = [int(p) for p in out.split() if p.isdigit()]
    if (
        target.sshd_pid
        and target.sshd_pid not in pids
        and Path(f"/proc/{target.sshd_pid}").exists()
    ):
        cmdline = Path(f"/proc/{target.sshd_pid}/cmdline").read_bytes()
        if str(target.root).encode() in cmdline:
            pids.insert(0, target.sshd_pid)
    _kill(pids)
    if target._process is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            target._process.wait(timeout=3)
    if target.namespace:
        _run("ip", "netns", "del", target.namespace, check=False)
    if (
        target.host_veth
        and _run("ip", "link", "show", target.host_veth, check=False).returncode == 0
    ):
        _run("ip", "link", "del", target.host_veth, check=False)
    if not keep_files:
        shutil.rmtree(target.root, ignore_errors=True)


@contextlib.contextmanager
def running(base: Path | None = None) -> Iterator[RutosTarget]:
    target = start(base)
    try:
        yield target
    finally:
        stop(target)


def _load(directory: Path) -> RutosTarget:
    data = json.loads((directory / "target.json").read_text())
    return RutosTarget(
        root=Path(data["root"]),
        address=data["address"],
        port=int(data["port"]),
        namespace=data["namespace"],
        host_veth=data["host_veth"],
        sshd_pid=int(data["sshd_pid"]),
        fallback=bool(data["fallback"]),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start a target and keep it up until interrupted")
    up.add_argument("--dir", type=Path, help="parent directory for the target's files")
    down = sub.add_parser("down", help="remove a target left behind (its root directory)")
    down.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "down":
        stop(_load(args.dir))
        return 0
    target = start(args.dir)
    stopping = False

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    inventory = target.root / "inventory.ini"
    inventory.write_text(target.inventory_ini())
    where = "127.0.0.1 (no network namespaces here)" if target.fallback else target.namespace
    print(f"RutOS-like target {target.address}:{target.port} in {where}")
    print(f"inventory: {inventory}")
    print(f"files:     {target.root}  (Ctrl-C stops and removes everything)")
    sys.stdout.flush()
    try:
        while not stopping:
            time.sleep(0.2)
    finally:
        stop(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
