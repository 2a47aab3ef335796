"""Trusted device keys: known_hosts lookup (plain, hashed, [host]:port), the verdicts, the
fingerprint ssh-keygen shows, enrolment that never replaces a key, and the key exchange
with a real SSH server on loopback in which no credential is sent."""

from __future__ import annotations

import base64
import hashlib
import socket
import stat
import threading

import paramiko
import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils import host_keys

RSA = paramiko.RSAKey.generate(2048)
OTHER_RSA = paramiko.RSAKey.generate(2048)


def _file(tmp_path, text):
    path = tmp_path / "known_hosts"
    path.write_text(text, encoding="utf-8")
    return path


class _Fetch:
    """A device offering ``offers`` (key type -> key), the first one by preference."""

    def __init__(self, offers):
        self.offers = offers
        self.calls = []

    def __call__(self, host, port, key_type):
        self.calls.append((host, port, key_type))
        if key_type is None:
            return next(iter(self.offers.values()))
        if key_type not in self.offers:
            raise host_keys.Unreachable(f"no {key_type}")
        return self.offers[key_type]


def test_the_name_is_the_one_paramiko_looks_up():
    assert host_keys.known_hosts_name("10.1.2.3", 22) == "10.1.2.3"
    assert host_keys.known_hosts_name("10.1.2.3", 2201) == "[10.1.2.3]:2201"
    assert host_keys.known_hosts_name("SW1.Example", 22) == "sw1.example"


def test_the_fingerprint_is_the_one_ssh_keygen_prints():
    digest = base64.b64encode(hashlib.sha256(RSA.asbytes()).digest()).decode().rstrip("=")
    assert host_keys.fingerprint(RSA) == f"SHA256:{digest}"


@pytest.mark.parametrize("hashed", [False, True], ids=["plain", "hashed"])
def test_an_enrolled_key_is_trusted(tmp_path, hashed):
    name = paramiko.HostKeys.hash_host("10.1.2.3") if hashed else "10.1.2.3"
    path = _file(tmp_path, f"{name} ssh-rsa {RSA.get_base64()}\n")
    verdict, key = host_keys.check(host_keys.load(path), "10.1.2.3", 22, _Fetch({"ssh-rsa": RSA}))
    assert (verdict.status, verdict.ok, key) == ("trusted", True, RSA)
    assert verdict.expected == (RSA.fingerprint,)


def test_a_port_entry_applies_to_that_port_only(tmp_path):
    path = _file(tmp_path, f"[10.1.2.3]:2201 ssh-rsa {RSA.get_base64()}\n")
    keys = host_keys.load(path)
    fetch = _Fetch({"ssh-rsa": RSA})
    assert host_keys.check(keys, "10.1.2.3", 2201, fetch)[0].status == "trusted"
    assert host_keys.check(keys, "10.1.2.3", 22, fetch)[0].status == "unknown"
    assert host_keys.check(keys, "10.1.2.3", 2202, fetch)[0].status == "unknown"
    plain = host_keys.load(_file(tmp_path, f"10.1.2.3 ssh-rsa {RSA.get_base64()}\n"))
    assert host_keys.check(plain, "10.1.2.3", 2201, fetch)[0].status == "unknown"


def test_an_unknown_device_is_reported_with_the_key_it_offers(tmp_path):
    verdict, key = host_keys.check(
        host_keys.load(tmp_path / "missing"), "10.1.2.3", 22, _Fetch({"ssh-rsa": RSA})
    )
    assert (verdict.status, verdict.ok, verdict.fingerprint, key) == (
        "unknown",
        False,
        RSA.fingerprint,
        RSA,
    )
    message = host_keys.refusal(verdict, "jaures-sw1", "/k")
    assert message.startswith(
        f"jaures-sw1: the SSH host key of 10.1.2.3 is not enrolled in /k (offered ssh-rsa {RSA.fingerprint}); "
        "nothing was sent to the device."
    )
    assert "playbooks/enrol_host_keys.yml --limit jaures-sw1" in message
    assert "show crypto key mypubkey rsa" in message


def test_a_different_key_is_a_change_naming_both_fingerprints(tmp_path):
    path = _file(tmp_path, f"10.1.2.3 ssh-rsa {RSA.get_base64()}\n")
    verdict, _key = host_keys.check(
        host_keys.load(path), "10.1.2.3", 22, _Fetch({"ssh-rsa": OTHER_RSA})
    )
    assert (verdict.status, verdict.ok) == ("changed", False)
    message = host_keys.refusal(verdict, "jaures-sw1", str(path))
    assert (
        f"jaures-sw1: the SSH host key of 10.1.2.3 has CHANGED: expected {RSA.fingerprint} "
        f"({path}), offered ssh-rsa {OTHER_RSA.fingerprint}; nothing was sent"
    ) in message
    assert f"ssh-keygen -R '10.1.2.3' -f {path}" in message


def test_the_enrolled_key_type_is_asked_for_and_a_device_without_it_has_changed(tmp_path):
    path = _file(tmp_path, f"10.1.2.3 ssh-rsa {RSA.get_base64()}\n")
    fetch = _Fetch({"ssh-rsa": RSA})
    host_keys.check(host_keys.load(path), "10.1.2.3", 22, fetch)
    assert fetch.calls == [("10.1.2.3", 22, "ssh-rsa")]

    class OnlyEcdsa:
        """A stand-in key of another type: what a device offers when it lost its RSA key."""

        fingerprint = "SHA256:other"

        def get_name(self):
            return "ecdsa-sha2-nistp256"

    fetch = _Fetch({"ecdsa-sha2-nistp256": OnlyEcdsa()})
    verdict, _key = host_keys.check(host_keys.load(path), "10.1.2.3", 22, fetch)
    assert (verdict.status, verdict.key_type, verdict.fingerprint) == (
        "changed",
        "ecdsa-sha2-nistp256",
        "SHA256:other",
    )


def test_enrolment_appends_a_private_file_and_never_replaces_a_key(tmp_path):
    path = tmp_path / "new" / "known_hosts"
    assert host_keys.record(path, "10.1.2.3", 2201, RSA) is True
    assert path.read_text(encoding="utf-8") == f"[10.1.2.3]:2201 ssh-rsa {RSA.get_base64()}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert host_keys.record(path, "10.1.2.3", 2201, RSA) is False
    with pytest.raises(host_keys.HostKeyError, match="holds another ssh-rsa key"):
        host_keys.record(path, "10.1.2.3", 2201, OTHER_RSA)
    assert host_keys.record(path, "10.1.2.4", 22, OTHER_RSA) is True
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
    verdict, _key = host_keys.check(
        host_keys.load(path), "10.1.2.3", 2201, _Fetch({"ssh-rsa": RSA})
    )
    assert verdict.status == "trusted"


def test_the_verified_key_is_shared_with_the_files_network_cli_reads(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    system = tmp_path / "ssh_known_hosts"
    monkeypatch.setattr(host_keys, "SYSTEM_KNOWN_HOSTS", (str(system),))
    assert host_keys.share_with_connection("10.1.2.3", 22, RSA) is True
    user = home / ".ssh" / "known_hosts"
    assert user.read_text(encoding="utf-8") == f"10.1.2.3 ssh-rsa {RSA.get_base64()}\n"
    assert host_keys.share_with_connection("10.1.2.3", 22, RSA) is False
    # a key the system file already holds is not copied
    system.write_text(f"10.1.2.4 ssh-rsa {RSA.get_base64()}\n", encoding="utf-8")
    assert host_keys.share_with_connection("10.1.2.4", 22, RSA) is False
    # another key where network_cli looks would make it refuse the login: said now, with the fix
    with pytest.raises(host_keys.HostKeyError, match=r"ssh-keygen -R '10.1.2.4'"):
        host_keys.share_with_connection("10.1.2.4", 22, OTHER_RSA)


class _Server(paramiko.ServerInterface):
    def __init__(self):
        self.attempts = []

    def get_allowed_auths(self, username):
        return "password"

    def check_auth_none(self, username):
        self.attempts.append(("none", username))
        return paramiko.AUTH_FAILED

    def check_auth_password(self, username, password):
        self.attempts.append(("password", username))
        return paramiko.AUTH_FAILED


def test_the_offered_key_is_read_without_any_authentication():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = _Server()
    done = threading.Event()

    def serve():
        conn, _unused = listener.accept()
        transport = paramiko.Transport(conn)
        transport.add_server_key(RSA)
        try:
            transport.start_server(server=server)
            transport.accept(2)
        except (paramiko.SSHException, EOFError, OSError):
            pass
        finally:
            transport.close()
            done.set()

    threading.Thread(target=serve, daemon=True).start()
    try:
        key = host_keys.offered_key("127.0.0.1", port, "ssh-rsa", timeout=10)
        assert done.wait(10)
    finally:
        listener.close()
    assert key == RSA
    assert server.attempts == []


def test_a_closed_port_is_unreachable():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
    with pytest.raises(host_keys.Unreachable, match=f"cannot reach 127.0.0.1 port {port}"):
        host_keys.offered_key("127.0.0.1", port, timeout=2)
