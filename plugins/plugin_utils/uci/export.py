"""Reading `uci export` text: which options are lists, where each config starts.

`uci show` prints a one-element list exactly like a plain option, yet OpenWrt's
init scripts read lists with config_list_foreach, which skips a plain option
(dnsmasq would then ignore `option dhcp_option`). The export says `list` or
`option`, so the two are told apart from it.

Values in an export are single-quoted and may span lines; a quote inside a
value is written '\\'' (close, escaped quote, reopen). Tracking that is what
makes a line like "package x" or "list y" inside a value harmless.
"""

from __future__ import annotations

import re

_PACKAGE = re.compile(r"package ([A-Za-z0-9_-]+)\n?")


def export_lines(text: str) -> list[tuple[str, bool]]:
    """Each line with whether it starts outside any quoted value."""
    lines: list[tuple[str, bool]] = []
    inside = False
    for line in text.splitlines(keepends=True):
        lines.append((line, not inside))
        pos = 0
        while pos < len(line):
            char = line[pos]
            if inside:
                inside = char != "'"
            elif char == "\\" and line.startswith("'", pos + 1):
                pos += 1  # the escaped quote between two quoted pieces
            elif char == "'":
                inside = True
            pos += 1
    return lines


def list_options(text: str) -> list[set[str]]:
    """For each section, in order, the names of its options written as `list`."""
    sections: list[set[str]] = []
    for line, top in export_lines(text):
        if not top:
            continue
        if line.startswith("config "):
            sections.append(set())
        elif sections:
            words = line.split(None, 2)
            if len(words) >= 2 and words[0] == "list":
                sections[-1].add(words[1])
    return sections


def split_exports(text: str) -> dict[str, str]:
    """Cut concatenated exports (a backup) into one export per config."""
    parts: dict[str, str] = {}
    current: str | None = None
    chunk: list[str] = []
    for line, top in export_lines(text):
        match = _PACKAGE.fullmatch(line) if top else None
        if match:
            if current is not None:
                parts[current] = "".join(chunk)
            current, chunk = match[1], [line]
            continue
        chunk.append(line)
    if current is not None:
        parts[current] = "".join(chunk)
    return parts
