"""Output modifiers: `| include`, `| exclude`, `| begin`, `| section`, `| count`.

`section` follows IOS: a top-level line starts a section made of it and the
indented lines under it; the whole section is printed when any of its lines
matches.
"""

from __future__ import annotations

import re


def _sections(lines: list[str]) -> list[list[str]]:
    sections: list[list[str]] = []
    for line in lines:
        if line.startswith(" ") and sections:
            sections[-1].append(line)
        else:
            sections.append([line])
    return sections


def apply_modifier(output: str, kind: str, pattern: str) -> str:
    regex = re.compile(pattern)
    lines = output.rstrip("\n").split("\n")
    if kind == "include":
        kept = [line for line in lines if regex.search(line)]
    elif kind == "exclude":
        kept = [line for line in lines if not regex.search(line)]
    elif kind == "begin":
        start = next((i for i, line in enumerate(lines) if regex.search(line)), len(lines))
        kept = lines[start:]
    elif kind == "count":
        return f"Number of lines which match regexp = {sum(1 for x in lines if regex.search(x))}\n"
    else:
        kept = []
        for section in _sections(lines):
            if any(regex.search(line) for line in section):
                kept.extend(section)
    return "\n".join(kept) + ("\n" if kept else "")
