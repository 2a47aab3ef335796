"""Layer-2 reachability measured with raw Ethernet frames.

Every endpoint of the twin sends a broadcast frame of a private EtherType,
and every endpoint listens: who heard whom is the VLAN membership the
switches actually enforce, whatever the IP addressing says. A raw socket is
opened inside each endpoint's namespace (``setns``) and then all of them are
served from this one process, so a twin of twenty endpoints costs twenty
sockets, not twenty processes.
"""

from __future__ import annotations

import fcntl
import os
import select
import socket
import struct
import time
from dataclasses import dataclass

from .system import entered
from .topology import Endpoint
from .vlan_tap import PACKET_OUTGOING, frame_vlan, packet_socket

# The kernel hands a frame tagged for a VLAN it has no interface for to
# protocol sockets with the tag removed and marked for another host.
PACKET_OTHERHOST = 3

ETHERTYPE = 0x88B5  # IEEE 802 local experimental
SIOCGIFHWADDR = 0x8927
MAGIC = b"citynet-lab"


@dataclass
class Listener:
    endpoint: Endpoint
    sock: socket.socket
    mac: bytes


def _mac(sock: socket.socket, ifname: str) -> bytes:
    info = fcntl.ioctl(sock.fileno(), SIOCGIFHWADDR, struct.pack("256s", ifname.encode()[:15]))
    return info[18:24]


def open_listeners(endpoints: list[Endpoint], protocol: int = ETHERTYPE) -> list[Listener]:
    out = []
    for e in endpoints:
        with entered(e.netns):
            sock = packet_socket(e.ifname, protocol)
        sock.setblocking(False)
        out.append(Listener(e, sock, _mac(sock, e.ifname)))
    return out


def _drain(listeners: list[Listener]) -> None:
    for item in listeners:
        while True:
            try:
                item.sock.recv(65536)
            except BlockingIOError:
                break


def who_hears_whom(endpoints: list[Endpoint], settle: float = 0.8) -> dict[str, set[str]]:
    """For each endpoint's label, the labels of the endpoints that received its broadcast.

    A frame counts only as the endpoint's own interface would take it: an
    untagged interface ignores tagged frames (as a host without VLAN
    interfaces does), so a voice or wifi frame seen tagged on a PC's
    interface is not a leak.
    """
    listeners = open_listeners(endpoints)
    try:
        _drain(listeners)
        token = os.urandom(4)
        for index, item in enumerate(listeners):
            payload = MAGIC + token + struct.pack("!H", index)
            frame = b"\xff" * 6 + item.mac + struct.pack("!H", ETHERTYPE) + payload
            frame += b"\0" * max(0, 60 - len(frame))
            for _copy in range(2):
                item.sock.send(frame)
        heard: dict[str, set[str]] = {e.label: set() for e in endpoints}
        poller = select.poll()
        by_fd = {item.sock.fileno(): item for item in listeners}
        for fd in by_fd:
            poller.register(fd, select.POLLIN)
        deadline = time.monotonic() + settle
        space = socket.CMSG_SPACE(20)
        while (left := deadline - time.monotonic()) > 0:
            for fd, _event in poller.poll(int(left * 1000) + 1):
                receiver = by_fd[fd]
                try:
                    data, ancdata, _flags, address = receiver.sock.recvmsg(65536, space)
                except BlockingIOError:
                    continue
                if address[2] in (PACKET_OUTGOING, PACKET_OTHERHOST):
                    continue
                vid, inner = frame_vlan(data, ancdata)
                if vid is not None:
                    continue  # a tagged frame: not for an untagged interface or a VLAN tap
                body = inner[14:]
                if not body.startswith(MAGIC + token):
                    continue
                (sender,) = struct.unpack("!H", body[len(MAGIC) + 4 : len(MAGIC) + 6])
                if sender < len(listeners) and listeners[sender] is not receiver:
                    heard[listeners[sender].endpoint.label].add(receiver.endpoint.label)
        return heard
    finally:
        for item in listeners:
            item.sock.close()


def count_frames(endpoint: Endpoint, seconds: float) -> int:
    """Frames of any kind arriving at one endpoint in ``seconds`` (a storm shows in thousands)."""
    (listener,) = open_listeners([endpoint], protocol=0x0003)
    count = 0
    try:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready = select.select([listener.sock], [], [], left)[0]
            if not ready:
                continue
            while True:
                try:
                    _data, _anc, _flags, address = listener.sock.recvmsg(65536, 64)
                except BlockingIOError:
                    break
                if address[2] != PACKET_OUTGOING:
                    count += 1
    finally:
        listener.sock.close()
    return count
