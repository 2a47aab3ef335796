"""Validation findings and the exception that carries them.

A finding names the file, the school and the field path so that a technician
can go straight to the line to fix; all findings of a run are gathered before
anything is reported, so one run shows every mistake at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing wrong in the source of truth."""

    file: str
    school: str | None  # None for city-wide findings
    path: str
    message: str

    def __str__(self) -> str:
        where = f"school {self.school}" if self.school else "city"
        field = f"{self.path}: " if self.path else ""
        return f"{self.file}: {where}: {field}{self.message}"


class ValidationFailed(Exception):
    """Raised when a source of truth has findings; carries all of them."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        super().__init__(format_issues(self.issues))


def format_issues(issues: Iterable[Issue]) -> str:
    issues = list(issues)
    lines = [f"{len(issues)} error(s) in the source of truth:"]
    lines.extend(f"  - {issue}" for issue in issues)
    return "\n".join(lines)


def join_path(*parts: str | int) -> str:
    """Build a field path like ``stacks[0].members[1].priority``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out:
            out += f".{part}"
        else:
            out = part
    return out
