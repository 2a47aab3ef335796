"""An IOS configuration as top-level lines and their children.

The running configuration a device prints and the files the design renders
share this shape; every consumer that cuts or compares them reads it here,
so a line is never split one way in one place and another way elsewhere.
"""

from __future__ import annotations


def parse_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Top-level lines with their (raw, indented) children; comments and `end` dropped."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("!") or stripped == "end":
            continue
        if line[0] == " " and blocks:
            blocks[-1][1].append(line)
        elif line[0] != " ":
            blocks.append((line, []))
    return blocks
