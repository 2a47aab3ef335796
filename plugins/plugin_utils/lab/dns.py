"""Just enough DNS to ask a twin's router a question over UDP.

Two questions: a name's A records (does the router resolve names for its
LAN?), and dnsmasq's ``servers.bind`` (class CHAOS, type TXT), which lists
the upstream servers the running dnsmasq forwards to, so the designed DNS
servers are read from the live process rather than from its file.
"""

from __future__ import annotations

import random
import socket
import struct

TYPE_A = 1
TYPE_TXT = 16
CLASS_IN = 1
CLASS_CHAOS = 3


class DnsError(Exception):
    pass


def query(name: str, qtype: int, qclass: int = CLASS_IN) -> tuple[int, bytes]:
    ident = random.randrange(1 << 16)
    labels = b"".join(bytes([len(p)]) + p.encode("ascii") for p in name.strip(".").split(".") if p)
    packet = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + labels + b"\0"
    return ident, packet + struct.pack("!HH", qtype, qclass)


def _skip_name(data: bytes, offset: int) -> int:
    while True:
        if offset >= len(data):
            raise DnsError("truncated name")
        length = data[offset]
        if length & 0xC0 == 0xC0:
            return offset + 2
        if length == 0:
            return offset + 1
        offset += 1 + length


def answers(data: bytes, ident: int) -> list[tuple[int, bytes]]:
    """(type, rdata) of each answer; raises DnsError with the response code on an error."""
    if len(data) < 12:
        raise DnsError("short response")
    got, flags, qd, an, _ns, _ar = struct.unpack("!HHHHHH", data[:12])
    if got != ident:
        raise DnsError("response to another question")
    rcode = flags & 0x000F
    if rcode:
        names = {1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}
        raise DnsError(names.get(rcode, f"rcode {rcode}"))
    offset = 12
    for _question in range(qd):
        offset = _skip_name(data, offset) + 4
    out = []
    for _answer in range(an):
        offset = _skip_name(data, offset)
        rtype, _cls, _ttl, length = struct.unpack("!HHIH", data[offset : offset + 10])
        offset += 10
        out.append((rtype, data[offset : offset + length]))
        offset += length
    return out


def ask(
    server: str, name: str, qtype: int, qclass: int = CLASS_IN, timeout: float = 2.0
) -> list[tuple[int, bytes]]:
    """One question to ``server`` port 53 from the current network namespace."""
    ident, packet = query(name, qtype, qclass)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.sendto(packet, (server, 53))
            data, _sender = sock.recvfrom(4096)
        except OSError as exc:
            raise DnsError(f"no answer from {server}: {exc}") from exc
    return answers(data, ident)


def resolve(server: str, name: str) -> list[str]:
    return [
        socket.inet_ntoa(r) for t, r in ask(server, name, TYPE_A) if t == TYPE_A and len(r) == 4
    ]


def upstream_servers(server: str) -> list[str]:
    """dnsmasq's upstream servers (``servers.bind``), as ``address#port`` with its counters dropped."""
    out = []
    for rtype, rdata in ask(server, "servers.bind", TYPE_TXT, CLASS_CHAOS):
        if rtype != TYPE_TXT:
            continue
        offset = 0
        while offset < len(rdata):
            length = rdata[offset]
            text = rdata[offset + 1 : offset + 1 + length].decode("ascii", "replace")
            out.append(text.split()[0].split("#")[0])
            offset += 1 + length
    return out
