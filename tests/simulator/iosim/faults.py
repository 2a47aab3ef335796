"""Fault injection settings of one device.

Tests change them between (or during) sessions by rewriting
`<state>/<device>/faults.json`; the session re-reads that file before every
command, so a fault can be armed in the middle of a playbook run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class Faults:
    drop_after_commands: int | None = None
    reject: list[str] = field(default_factory=list)
    stall: list[str] = field(default_factory=list)
    auth_fail: bool = False
    drop_on: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Faults:
        data = data or {}
        unknown = set(data) - {"drop_after_commands", "reject", "stall", "auth_fail", "drop_on"}
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        drop = data.get("drop_after_commands")
        faults = cls(
            drop_after_commands=int(drop) if drop is not None else None,
            reject=[str(r) for r in data.get("reject") or []],
            stall=[str(r) for r in data.get("stall") or []],
            auth_fail=bool(data.get("auth_fail", False)),
            drop_on=[str(r) for r in data.get("drop_on") or []],
        )
        for pattern in faults.reject + faults.stall + faults.drop_on:
            re.compile(pattern)
        return faults

    def to_dict(self) -> dict[str, Any]:
        return {
            "drop_after_commands": self.drop_after_commands,
            "reject": list(self.reject),
            "stall": list(self.stall),
            "auth_fail": self.auth_fail,
            "drop_on": list(self.drop_on),
        }

    def rejects(self, line: str) -> bool:
        return any(re.search(p, line) for p in self.reject)

    def drops(self, line: str) -> bool:
        """Close the connection when this line arrives (a link lost mid-change)."""
        return any(re.search(p, line) for p in self.drop_on)

    def stalls(self, line: str) -> bool:
        return any(re.search(p, line) for p in self.stall)


def read_faults(path: Path) -> Faults:
    """Current faults; a missing or half-written file means no fault."""
    try:
        return Faults.from_dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return Faults()


def write_faults(path: Path, faults: Faults) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(faults.to_dict(), indent=2) + "\n")
    tmp.replace(path)
