# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Trusted device keys: a device is reached only when it shows the key enrolled for it.

``ansible.netcommon.network_cli`` over paramiko trusts a key it has never seen
(its ``host_key_auto_add`` defaults to true), so a man in the middle of the
first contact would receive the device's credentials. This module is the check
that runs before any connection logs in: it opens an SSH transport to the
device, lets the key exchange happen and reads the key the device offers,
without attempting any authentication (no user name, password or key leaves the
controller), and compares it with a known_hosts file.

known_hosts is read by paramiko's ``HostKeys``, the parser paramiko's own
SSHClient uses: plain and hashed (``|1|salt|hash``) names, ``[host]:port`` for
ports other than 22, several key types per host. A host is looked up under the
name paramiko's SSHClient (hence network_cli) would use, so the check and the
connection that follows agree on which entry applies.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

try:
    import paramiko

    PARAMIKO_IMPORT_ERROR: ImportError | None = None
except ImportError as _exc:  # pragma: no cover - reported when used
    PARAMIKO_IMPORT_ERROR = _exc

# The host key algorithms that yield a key of each known_hosts key type; RSA keys
# are negotiated as rsa-sha2-* (paramiko no longer offers SHA-1 ssh-rsa by default).
_ALGORITHMS = {
    "ssh-rsa": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"),
}

DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts"
# What network_cli's paramiko reads when host key checking is on (ansible.netcommon
# 8.7.1, plugins/connection/network_cli.py, _ParamikoConnection._connect_uncached): the
# first system file that exists, then the controller user's file.
SYSTEM_KNOWN_HOSTS = ("/etc/ssh/ssh_known_hosts", "/etc/openssh/ssh_known_hosts")


class HostKeyError(Exception):
    """The device cannot be checked: a known_hosts file that cannot be read or disagrees."""


def _need_paramiko() -> None:
    if PARAMIKO_IMPORT_ERROR is not None:
        raise HostKeyError(
            f"citynet.schools needs paramiko on the controller (as network_cli does): "
            f"{PARAMIKO_IMPORT_ERROR}"
        )


class Unreachable(HostKeyError):
    """No SSH key exchange with the device: closed port, timeout, not an SSH server."""


@dataclass(frozen=True)
class Verdict:
    """What the check found for one device."""

    status: str  # trusted, unknown, changed, enrolled
    name: str  # the known_hosts name: host, or [host]:port
    key_type: str
    fingerprint: str  # of the offered key, as `ssh-keygen -lf` prints it
    expected: tuple[str, ...] = ()  # fingerprints enrolled for the host

    @property
    def ok(self) -> bool:
        return self.status in ("trusted", "enrolled")


def known_hosts_name(host: str, port: int) -> str:
    """The name paramiko's SSHClient looks the host up under (network_cli lowers the address)."""
    host = host.lower()
    return host if int(port) == 22 else f"[{host}]:{int(port)}"


def fingerprint(key: paramiko.PKey) -> str:
    """``SHA256:<base64>``, the form of ``ssh-keygen -lf`` and of OpenSSH's messages."""
    return key.fingerprint


def load(path: str | os.PathLike[str]) -> paramiko.HostKeys:
    """The entries of a known_hosts file; a missing file knows no host."""
    _need_paramiko()
    path = Path(os.path.expanduser(str(path)))
    keys = paramiko.HostKeys()
    if path.exists():
        try:
            keys.load(str(path))
        except OSError as exc:
            raise HostKeyError(f"cannot read known_hosts {path}: {exc}") from exc
    return keys


def enrolled(keys: paramiko.HostKeys, host: str, port: int) -> dict[str, paramiko.PKey]:
    """The keys enrolled for a device, by key type (empty when the device is unknown)."""
    found = keys.lookup(known_hosts_name(host, port))
    return dict(found) if found else {}


def offered_key(
    host: str, port: int, key_type: str | None = None, timeout: float = 10.0
) -> paramiko.PKey:
    """The key the device offers, read during the key exchange; nothing is authenticated.

    ``key_type`` asks for a key of that type (as SSHClient does when it knows
    one), so a device with several keys is compared on the one enrolled.
    """
    _need_paramiko()
    try:
        sock = socket.create_connection((host, int(port)), timeout=timeout)
    except OSError as exc:
        raise Unreachable(f"cannot reach {host} port {port}: {exc}") from exc
    transport = paramiko.Transport(sock)
    try:
        transport.banner_timeout = timeout
        if key_type:
            options = transport.get_security_options()
            wanted = _ALGORITHMS.get(key_type, (key_type,))
            options.key_types = [a for a in wanted if a in paramiko.Transport._key_info]
        transport.start_client(timeout=timeout)
        return transport.get_remote_server_key()
    except (paramiko.SSHException, EOFError, OSError) as exc:
        raise Unreachable(f"no SSH key exchange with {host} port {port}: {exc}") from exc
    finally:
        transport.close()


def check(
    keys: paramiko.HostKeys,
    host: str,
    port: int,
    fetch: Callable[[str, int, str | None], paramiko.PKey] = offered_key,
) -> tuple[Verdict, paramiko.PKey]:
    """Compare the key the device offers with those enrolled for it.

    An unknown device is compared on the key it offers by preference; a known
    one on each enrolled key type in turn, the first type the device still
    negotiates deciding (a device that no longer offers any enrolled type has
    changed its key).
    """
    name = known_hosts_name(host, port)
    known = enrolled(keys, host, port)
    expected = tuple(fingerprint(k) for k in known.values())
    if not known:
        key = fetch(host, port, None)
        return Verdict("unknown", name, key.get_name(), fingerprint(key)), key
    last: Unreachable | None = None
    for key_type, enrolled_key in known.items():
        try:
            key = fetch(host, port, key_type)
        except Unreachable as exc:
            last = exc
            continue
        status = "trusted" if key == enrolled_key else "changed"
        return Verdict(status, name, key.get_name(), fingerprint(key), expected), key
    # not one enrolled type negotiates: what does the device offer now?
    try:
        key = fetch(host, port, None)
    except Unreachable:
        raise last or Unreachable(f"no SSH key exchange with {name}") from None
    return Verdict("changed", name, key.get_name(), fingerprint(key), expected), key


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Ansible's workers are separate processes: one writer of a known_hosts file at a time."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    guard = path.with_name(f".{path.name}.lock")
    with open(guard, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def record(path: str | os.PathLike[str], host: str, port: int, key: paramiko.PKey) -> bool:
    """Append the device's key to known_hosts unless an entry of its name and type exists.

    Returns whether a line was written. An entry with another key is never
    replaced: a changed key is removed by hand (``ssh-keygen -R``) after checking it.
    """
    target = Path(os.path.expanduser(str(path)))
    with _locked(target):
        known = enrolled(load(target), host, port)
        if key.get_name() in known:
            if known[key.get_name()] != key:
                raise HostKeyError(
                    f"{target} holds another {key.get_name()} key for "
                    f"{known_hosts_name(host, port)}; not replaced"
                )
            return False
        line = f"{known_hosts_name(host, port)} {key.get_name()} {key.get_base64()}\n"
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            if handle.tell() > 0 and not target.read_bytes().endswith(b"\n"):
                handle.write("\n")
            handle.write(line)
        return True


def connection_files() -> list[Path]:
    """The files network_cli's paramiko checks keys against (see SYSTEM_KNOWN_HOSTS)."""
    system = next((Path(p) for p in SYSTEM_KNOWN_HOSTS if Path(p).exists()), None)
    user = Path(os.path.expanduser(DEFAULT_KNOWN_HOSTS))
    return [p for p in (system, user) if p is not None]


def refusal(verdict: Verdict, device: str, known_hosts: str) -> str:
    """The message of a refused device: what was offered, what was expected, what to do."""
    offered = f"{verdict.key_type} {verdict.fingerprint}"
    if verdict.status == "unknown":
        return (
            f"{device}: the SSH host key of {verdict.name} is not enrolled in {known_hosts} "
            f"(offered {offered}); nothing was sent to the device. Enrol it: run "
            f"playbooks/enrol_host_keys.yml --limit {device}, or `ssh-keyscan` as the README "
            "says, and compare the fingerprint with the device's console "
            "(`show ip ssh`, `show crypto key mypubkey rsa`) before the next run."
        )
    return (
        f"{device}: the SSH host key of {verdict.name} has CHANGED: expected "
        f"{', '.join(verdict.expected)} ({known_hosts}), offered {offered}; nothing was sent "
        "to the device. Someone may be intercepting the connection, or the device was "
        "replaced or its key regenerated: check the fingerprint on the device's console, then "
        f"remove the old entry (`ssh-keygen -R '{verdict.name}' -f {known_hosts}`) and enrol "
        "the device again."
    )


def share_with_connection(host: str, port: int, key: paramiko.PKey) -> bool:
    """Make the connection that follows check the device against the key just verified.

    network_cli's paramiko reads only SYSTEM_KNOWN_HOSTS and the controller
    user's ~/.ssh/known_hosts, whatever ``schools_known_hosts`` says. It trusts
    a host missing from them (ansible.netcommon 8.7.1 ignores
    ``host_key_auto_add``), but refuses a host they know that shows another key,
    of any type (paramiko's SSHClient: BadHostKeyException). The verified key is
    appended to the user's file when neither holds it, so the login that follows
    is made only to the device that showed the enrolled key. Returns whether a
    line was written.
    """
    for path in connection_files():
        known = enrolled(load(path), host, port).get(key.get_name())
        if known is None:
            continue
        if known != key:
            raise HostKeyError(
                f"{path} holds another {key.get_name()} key for {known_hosts_name(host, port)} "
                f"({fingerprint(known)}) than the enrolled one ({fingerprint(key)}): the "
                f"connection would refuse it; remove that entry (`ssh-keygen -R "
                f"'{known_hosts_name(host, port)}' -f {path}`)"
            )
        return False
    return record(DEFAULT_KNOWN_HOSTS, host, port, key)
