"""The SSH server's Secure Copy sink: `scp -t <path>` on an exec channel, as IOS takes it.

Cisco's "Secure Copy" configuration guide (Security Configuration Guide: Secure Shell,
IOS XE, "Configuring SCP"; the same text since IOS 12.2(2)T) says a router takes files
over SCP once `ip scp server enable` is configured, for a user whose privilege AAA
authorization gives as 15; the file lands in the IOS file system named by the path
(`scp file user@router:flash:file`). The protocol is the one OpenSSH's scp speaks in
sink mode (`-t`), which IOS implements (Cisco troubleshooting note 220371, "SCP from
clients on OpenSSH 9.0 to IOS XE": IOS XE speaks the SCP protocol, not SFTP):
the sink answers each step with one byte 0, the source sends `C<mode> <size> <name>\\n`,
then the file's bytes and one byte 0.

Only the sink is simulated (the deploy puts files, it never gets them). Without
`ip scp server enable` IOS does not run the copy: no public capture found here gives the
exact text it answers then, so the simulator closes the channel with exit status 1 and
prints nothing, which any SCP client reports as a failure (scp's "No response from server");
a path outside flash: or a malformed header ends the same way, for the same reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import paramiko

    from .device import Device

SCP_SERVER_LINE = "ip scp server enable"
_SINK = re.compile(r"^scp(?: -[dpv])* -t (?:-- )?'?(?P<path>[^' ]+)'?$")
_HEADER = re.compile(rb"^C[0-7]{4} (?P<size>\d+) (?P<name>[^/\n]+)\n$")
# A plan of a large stack is a few hundred KiB; anything far bigger is not ours.
MAX_SIZE = 64 * 1024 * 1024


def is_scp(command: str) -> bool:
    return command.startswith("scp ")


def _target(device: Device, path: str, name: str) -> Path | None:
    """`flash:file`, `flash:/file`, `bootflash:file` or a bare name (the default file system)."""
    fs, colon, rest = path.partition(":")
    if not colon:
        fs, rest = "flash", path
    if fs not in ("flash", "bootflash"):
        return None
    rest = rest.strip("/") or name
    if "/" in rest or rest in ("", ".", ".."):
        return None
    return device.flash / rest


def _read_exact(channel: paramiko.Channel, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        data = channel.recv(min(left, 32768))
        if not data:
            return None
        chunks.append(data)
        left -= len(data)
    return b"".join(chunks)


def _read_line(channel: paramiko.Channel) -> bytes | None:
    line = b""
    while not line.endswith(b"\n"):
        data = channel.recv(1)
        if not data or len(line) > 4096:
            return None
        line += data
    return line


def serve_sink(device: Device, channel: paramiko.Channel, command: str) -> int:
    """Receive the files of one `scp -t` under the device's flash; the exit status."""
    found = _SINK.match(command.strip())
    with device.lock:
        device.refresh()
        enabled = device.find(SCP_SERVER_LINE) is not None
    if found is None or not enabled:
        return 1
    path = found.group("path")
    channel.sendall(b"\0")
    received = 0
    while True:
        header = _read_line(channel)
        if header is None:
            return 0 if received else 1
        parsed = _HEADER.match(header)
        if parsed is None:
            return 1  # not a file (a directory, `-r`): the deploy sends none
        size = int(parsed.group("size"))
        target = _target(device, path, parsed.group("name").decode("utf-8", "replace"))
        if target is None or size > MAX_SIZE:
            return 1  # the text IOS prints then is not known here: closed, as the refusal
        channel.sendall(b"\0")
        data = _read_exact(channel, size + 1)
        if data is None or data[-1:] != b"\0":
            return 1
        device.flash.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data[:-1])
        received += 1
        channel.sendall(b"\0")
