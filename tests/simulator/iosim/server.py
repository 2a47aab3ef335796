"""SSH transport: one listening socket per device, one thread per connection.

Authentication, the PTY/shell handshake and the `exec` channel behave as on a
Catalyst: password authentication only, an interactive shell landing at the
user or privileged prompt, and `ssh host "show version"` running one command.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import paramiko

from . import scp
from .device import Device
from .session import Session
from .terminal import ChannelTerminal

log = logging.getLogger("iosim")
AUTH_LOG = "auth.log"


def machine_key() -> Path:
    """One host key per machine for every simulator, cached outside any state dir.

    Simulators reuse loopback ports; a client that recorded 127.0.0.1's key
    for a port (paramiko does unless told not to) would refuse a later
    simulator on that port with another key ("host key mismatch").
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "citynet-schools"
    key = cache / "iosim_host_rsa_key"
    if not key.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = key.with_suffix(f".{os.getpid()}.tmp")
        paramiko.RSAKey.generate(2048).write_private_key_file(str(tmp))
        os.replace(tmp, key)
    return key


def load_host_key(state_dir: Path) -> paramiko.RSAKey:
    path = state_dir / "ssh_host_rsa_key"
    if not path.exists():
        shutil.copy(machine_key(), path)
    return paramiko.RSAKey(filename=str(path))


class _ServerInterface(paramiko.ServerInterface):
    def __init__(self, device: Device) -> None:
        self.device = device
        self.shell = threading.Event()
        self.exec_command: str | None = None
        self.username = ""

    def get_allowed_auths(self, username: str) -> str:
        return "password"

    def _record_auth(self, method: str, username: str) -> None:
        """Test instrumentation, not device behaviour: each authentication attempt (method
        and user, never the secret) is appended to ``<state>/<device>/auth.log``, so a test
        can prove a client sent no credential."""
        with (self.device.dir / AUTH_LOG).open("a", encoding="utf-8") as handle:
            handle.write(f"{method} {username}\n")

    def check_auth_none(self, username: str) -> int:
        self._record_auth("none", username)
        return paramiko.AUTH_FAILED

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        self._record_auth("publickey", username)
        return paramiko.AUTH_FAILED

    def check_auth_password(self, username: str, password: str) -> int:
        self._record_auth("password", username)
        spec = self.device.spec
        if self.device.faults().auth_fail:
            return paramiko.AUTH_FAILED
        if username == spec.username and password == spec.password:
            self.username = username
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, *args: object) -> bool:
        return True

    def check_channel_window_change_request(self, *args: object) -> bool:
        return True

    def check_channel_shell_request(self, channel: paramiko.Channel) -> bool:
        self.shell.set()
        return True

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        self.exec_command = command.decode("utf-8", "replace")
        self.shell.set()
        return True


class DeviceListener:
    """Accepts SSH connections for one device until stopped."""

    def __init__(self, device: Device, host_key: paramiko.RSAKey, host: str, port: int) -> None:
        self.device = device
        self.host_key = host_key
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.transports: set[paramiko.Transport] = set()
        self.lock = threading.Lock()
        self.thread = threading.Thread(
            target=self._accept_loop, name=f"iosim-{device.name}", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _unused = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            if time.time() < self.device.unreachable_until:
                conn.close()
                continue
            threading.Thread(
                target=self._serve,
                args=(conn,),
                name=f"iosim-{self.device.name}-conn",
                daemon=True,
            ).start()

    def _serve(self, conn: socket.socket) -> None:
        # As sshd does for an interactive session: the echo, output and prompt of a command
        # are separate small writes, and with Nagle's algorithm each would wait for the
        # client's delayed ACK (about 40 ms a configuration line on loopback).
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        transport = paramiko.Transport(conn)
        transport.add_server_key(self.host_key)
        with self.lock:
            if self.stopping.is_set():
                conn.close()
                return
            self.transports.add(transport)
        iface = _ServerInterface(self.device)
        try:
            transport.start_server(server=iface)
            channel = transport.accept(20)
            if channel is None or not iface.shell.wait(10):
                return
            terminal = ChannelTerminal(channel)

            def close() -> None:
                terminal.close()
                transport.close()

            self.device.register_session(close)
            try:
                if iface.exec_command is not None and scp.is_scp(iface.exec_command):
                    self._run_scp(iface, terminal, channel)
                elif iface.exec_command is not None:
                    self._run_exec(iface, terminal, channel)
                else:
                    Session(self.device, terminal, iface.username).run()
            finally:
                self.device.unregister_session(close)
        except (paramiko.SSHException, EOFError, OSError) as err:
            log.debug("%s: connection ended: %s", self.device.name, err)
        finally:
            transport.close()
            with self.lock:
                self.transports.discard(transport)

    def _run_exec(
        self, iface: _ServerInterface, terminal: ChannelTerminal, channel: paramiko.Channel
    ) -> None:
        """`ssh device "command"`: run at privilege 15, print, exit."""
        session = Session(self.device, terminal, iface.username)
        session.privilege = 15
        with self.device.lock:
            self.device.refresh()
            session.execute(iface.exec_command or "", self.device.faults())
        channel.send_exit_status(0)
        terminal.close()

    def _run_scp(
        self, iface: _ServerInterface, terminal: ChannelTerminal, channel: paramiko.Channel
    ) -> None:
        """`scp file device:flash:file`: the SCP sink (scp.py), logged as the command it is."""
        command = iface.exec_command or ""
        self.device.log_command(0, "ok", command)
        delay = self.device.spec.response_delay.command
        if delay:
            time.sleep(delay)
        status = scp.serve_sink(self.device, channel, command)
        channel.send_exit_status(status)
        terminal.close()

    def stop(self) -> None:
        self.stopping.set()
        with contextlib.suppress(OSError):
            self.sock.close()
        with self.lock:
            transports = list(self.transports)
        for transport in transports:
            transport.close()
        self.thread.join(timeout=5)
