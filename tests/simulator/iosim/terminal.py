"""Line discipline of a vty: echo, line endings, backspace, Ctrl-Z.

IOS echoes what it receives and ends lines with CR LF; automation sends a
command followed by CR (network_cli) or CR LF, sometimes several lines in one
packet (an answer to a confirmation right after the command), so input is
buffered and consumed one line at a time.
"""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

CTRL_Z = "\x1a"


class SessionEnd(Exception):
    """The session is over (logout, reload, or a fault that drops the link)."""


class Terminal(Protocol):
    def send(self, text: str) -> None: ...

    def read_line(self, echo: bool = True) -> str | None: ...

    def close(self) -> None: ...


class ChannelTerminal:
    """A `Terminal` over a paramiko channel (anything with sendall/recv/close)."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        self.buffer = ""
        self.closed = False
        self._skip_lf = False

    def send(self, text: str) -> None:
        if self.closed:
            return
        data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8", "replace")
        try:
            self.channel.sendall(data)
        except (OSError, EOFError):
            self.closed = True

    def _fill(self) -> bool:
        try:
            data = self.channel.recv(4096)
        except (TimeoutError, OSError, EOFError):
            data = b""
        if not data:
            self.closed = True
            return False
        self.buffer += data.decode("utf-8", "replace")
        return True

    def read_line(self, echo: bool = True) -> str | None:
        line = ""
        shown = ""
        while True:
            if not self.buffer:
                if shown:
                    self.send(shown)
                    shown = ""
                if not self._fill():
                    return None
            while self.buffer:
                char, self.buffer = self.buffer[0], self.buffer[1:]
                if self._skip_lf:
                    self._skip_lf = False
                    if char == "\n":
                        continue
                if char in "\r\n":
                    self._skip_lf = char == "\r"
                    self.send(shown + "\r\n")
                    return line
                if char == CTRL_Z:
                    self.send(shown + "^Z\r\n")
                    return CTRL_Z
                if char in "\x7f\x08":
                    if line:
                        line = line[:-1]
                        if echo:
                            shown += "\b \b"
                    continue
                if ord(char) < 32 and char != "\t":
                    continue
                line += char
                if echo:
                    shown += char

    def drain_forever(self) -> None:
        """Swallow input without answering, until the peer gives up."""
        while not self.closed:
            self.buffer = ""
            self._fill()

    def close(self) -> None:
        self.closed = True
        # Closing an already dead channel must never fail.
        with contextlib.suppress(Exception):
            self.channel.close()
