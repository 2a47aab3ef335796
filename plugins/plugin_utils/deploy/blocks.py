"""An IOS configuration as top-level lines and their children.

The running configuration a device prints and the files the design renders
share this shape; every consumer that cuts or compares them reads it here,
so a line is never split one way in one place and another way elsewhere.
"""

from __future__ import annotations

# IOS prints a banner as `banner login ^C`, its text on lines of their own, then `^C`
# (Configuration Fundamentals Command Reference, `banner login`; hier_config reads it the
# same way): one top-level line whose text holds the banner's lines, never lines of their own.
_BANNER_OPEN, _BANNER_CLOSE = "^C", "^C"


def parse_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Top-level lines with their (raw, indented) children; comments and `end` dropped."""
    blocks: list[tuple[str, list[str]]] = []
    banner: list[str] | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if banner is not None:
            banner.append(line)
            if _BANNER_CLOSE in line:
                blocks.append(("\n".join(banner), []))
                banner = None
            continue
        if line.startswith("banner ") and line.endswith(_BANNER_OPEN) and line.count("^C") == 1:
            banner = [line]
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("!") or stripped == "end":
            continue
        if line[0] == " " and blocks:
            blocks[-1][1].append(line)
        elif line[0] != " ":
            blocks.append((line, []))
    return blocks


def sendable(text: str) -> tuple[list[str], dict[str, str]]:
    """A plan file as the lines to type in configuration mode, and its banners apart.

    Each line is sent as written, without indentation (IOS takes a child line
    in the mode its parent opened, as cisco.ios.ios_config sends them). A
    banner cannot be typed line by line: after ``banner login <d>`` IOS reads
    text until the delimiter, without a prompt (Configuration Fundamentals
    Command Reference, ``banner login``), so banners come back apart, by
    command (``banner login``), for cisco.ios' cliconf ``edit_banner``.
    """
    lines: list[str] = []
    banners: dict[str, str] = {}
    for top, children in parse_blocks(text):
        if top.startswith("banner ") and "\n" in top:
            header, *rest = top.split("\n")
            body = [*rest[:-1], rest[-1].split(_BANNER_CLOSE, 1)[0]] if rest else []
            banners[header.removesuffix(_BANNER_OPEN).rstrip()] = "\n".join(
                line for line in body if line
            )
            continue
        lines.append(top.strip())
        lines += [child.strip() for child in children]
    return lines, banners
