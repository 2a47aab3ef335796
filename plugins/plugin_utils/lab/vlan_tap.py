"""Tagged VLAN interfaces for the twin's hosts, without the kernel's 8021q module.

A phone behind a PC port sends its frames tagged with the voice VLAN, and a
wifi access point its clients' frames tagged with the wifi VLAN. The machines
the lab runs on have no 8021q module, so ``ip link add ... type vlan`` is
refused. This process gives each such host a tap interface (``v40``) that
behaves as the VLAN interface would: what the host sends on it leaves the
host's untagged interface with the VLAN's 802.1Q tag, and frames arriving
tagged with that VLAN come out of the tap untagged. One process serves every
tagged interface of a twin (it opens each tap and raw socket inside the host's
namespace, then serves them all from the lab's own namespace).

Run as ``python -m ...lab.vlan_tap SPEC.json READY_FILE``; SIGTERM stops it,
and the taps disappear with it.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import signal
import socket
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from .system import entered, in_netns, run

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
ETH_P_ALL = 0x0003
ETH_P_8021Q = 0x8100
SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID = 0x10
_AUX = struct.Struct("IIIHHHH")


@dataclass
class Tap:
    netns: str
    parent: str
    vid: int
    name: str
    fd: int = -1
    sock: socket.socket | None = None


def frame_vlan(data: bytes, ancdata: list) -> tuple[int | None, bytes]:
    """The frame's VLAN id (None when untagged) and the frame without its tag.

    The kernel usually takes the tag off a received frame and reports it
    beside the frame (PACKET_AUXDATA); a tag still in the frame is read there.
    """
    for level, kind, value in ancdata:
        if level == SOL_PACKET and kind == PACKET_AUXDATA and len(value) >= _AUX.size:
            status, _len, _snap, _mac, _net, tci, _tpid = _AUX.unpack(value[: _AUX.size])
            if status & TP_STATUS_VLAN_VALID:
                return tci & 0x0FFF, data
    if len(data) >= 18 and struct.unpack("!H", data[12:14])[0] == ETH_P_8021Q:
        tci = struct.unpack("!H", data[14:16])[0]
        return tci & 0x0FFF, data[:12] + data[16:]
    return None, data


def tag(frame: bytes, vid: int) -> bytes:
    return frame[:12] + struct.pack("!HH", ETH_P_8021Q, vid & 0x0FFF) + frame[12:]


def packet_socket(ifname: str, protocol: int = ETH_P_ALL) -> socket.socket:
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(protocol))
    sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    sock.bind((ifname, protocol))
    return sock


def _open(tap: Tap) -> None:
    with entered(tap.netns):
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.name.encode(), IFF_TAP | IFF_NO_PI))
        tap.fd = fd
        tap.sock = packet_socket(tap.parent)
    run(in_netns(tap.netns, ["ip", "link", "set", tap.name, "up"]))
    run(in_netns(tap.netns, ["ethtool", "-K", tap.name, "tx", "off"]), check=False)


def serve(taps: list[Tap]) -> None:
    by_fd = {t.fd: t for t in taps}
    by_sock = {t.sock.fileno(): t for t in taps if t.sock is not None}
    poller = select.poll()
    for fd in [*by_fd, *by_sock]:
        poller.register(fd, select.POLLIN)
    space = socket.CMSG_SPACE(_AUX.size)
    while True:
        for fd, _event in poller.poll():
            if fd in by_fd:
                t = by_fd[fd]
                frame = os.read(fd, 65536)
                if len(frame) >= 14 and t.sock is not None:
                    t.sock.send(tag(frame, t.vid))
                continue
            t = by_sock[fd]
            data, ancdata, _flags, address = t.sock.recvmsg(65536, space)  # type: ignore[union-attr]
            if address[2] == PACKET_OUTGOING:
                continue
            vid, inner = frame_vlan(data, ancdata)
            if vid == t.vid:
                os.write(t.fd, inner)


def main(argv: list[str]) -> int:
    spec, ready = argv
    taps = [Tap(**item) for item in json.loads(Path(spec).read_text())]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    for t in taps:
        _open(t)
    Path(ready).write_text(str(os.getpid()))
    serve(taps)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
