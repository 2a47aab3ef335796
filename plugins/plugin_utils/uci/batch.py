"""The text fed to `uci batch` on the device's standard input.

Every value travels single-quoted, each embedded quote written as '\\'' -
the form libuci's own parser and `uci show` use - so spaces, '#', ';', double
quotes and newlines arrive unchanged. Values go through stdin, never through a
command line, so they are not subject to the remote shell and do not appear in
the connection's verbose log.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CitynetError


class UciValueError(CitynetError):
    """A value uci would refuse (control characters other than tab and newlines)."""


@dataclass(frozen=True, slots=True)
class BatchCommand:
    """One batch line: verb, target key and (for set/add_list) a value."""

    verb: str  # "set", "add_list" or "delete"
    target: str  # "network.lan.ipaddr", "dhcp.@dnsmasq[0].server", "network.mob1s1a1"
    value: str | None = None


def quote(value: str) -> str:
    """Quote for uci's parser (and for a POSIX shell: the rules are the same)."""
    return "'" + value.replace("'", "'\\''") + "'"


def check_value(key: str, value: str) -> str:
    """Refuse what libuci's uci_validate_text refuses, naming the key but not the value."""
    for char in value:
        if ord(char) < 32 and char not in "\t\n\r":
            raise UciValueError(f"{key}: value contains control character {ord(char):#04x}")
    return value


def batch_line(command: BatchCommand) -> str:
    if command.verb == "delete":
        return f"delete {command.target}"
    if command.verb in ("set", "add_list") and command.value is not None:
        return f"{command.verb} {command.target}={quote(command.value)}"
    raise ValueError(f"cannot render batch command {command.verb} {command.target}")


def build_batch(commands: list[BatchCommand]) -> str:
    """The whole stdin for `uci batch`; empty lines and EOF end it cleanly."""
    return "".join(batch_line(command) + "\n" for command in commands)
