"""The single read round trip: show, pending changes and export of each config.

Reading all touched configs with one remote command keeps a run to one SSH
exchange before the change, and makes the backup the exact state that was
compared; the export also tells list options from plain ones. Sections of the
output are framed with the ASCII record separator (0x1e), a byte uci refuses
inside names and values, so no value can forge a frame.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from ..errors import CitynetError

SEPARATOR = "\x1e"
_FRAME = re.compile(r"(show|rc|changes|export) ([A-Za-z0-9_-]+)(?: (\d+))?\n?")


class UciProbeError(CitynetError):
    """Output of the read command that is not what it printed."""


@dataclass(slots=True)
class PackageProbe:
    name: str
    show_rc: int = -1
    show: str = ""
    changes: str = ""
    export: str = ""


def probe_command(packages: list[str]) -> str:
    """POSIX sh (busybox ash on RutOS): no Python, no temporary files."""
    parts: list[str] = []
    for name in packages:
        quoted = shlex.quote(name)
        parts.append(f"printf '\\036show %s\\n' {quoted}; uci -q show {quoted}")
        parts.append(f"printf '\\036rc %s %s\\n' {quoted} \"$?\"")
        parts.append(f"printf '\\036changes %s\\n' {quoted}; uci -q changes {quoted}")
        parts.append(f"printf '\\036export %s\\n' {quoted}; uci -q export {quoted}")
    parts.append("true")
    return "; ".join(parts)


def parse_probe(output: str, packages: list[str]) -> dict[str, PackageProbe]:
    probes = {name: PackageProbe(name) for name in packages}
    for frame in output.split(SEPARATOR)[1:]:
        match = _FRAME.match(frame)
        if match is None or match[2] not in probes:
            raise UciProbeError(f"unexpected output from the device: {frame[:60]!r}")
        kind, name, number = match[1], match[2], match[3]
        body = frame[match.end() :]
        probe = probes[name]
        if kind == "rc":
            probe.show_rc = int(number or "-1")
        elif kind == "show":
            probe.show = body
        elif kind == "changes":
            probe.changes = body
        else:
            probe.export = body
    for probe in probes.values():
        if probe.show_rc < 0:
            raise UciProbeError(f"the device did not answer for config '{probe.name}'")
    return probes
