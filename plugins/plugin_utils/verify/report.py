"""One device's verification result, filled by the concerns' checks.

Kept apart from the checks so that each concern module can append to a
report without importing the verify entry point that iterates them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Parsed `show` outputs by command (ntc-templates rows), or the RutOS readings.
Parsed = dict[str, Any]


@dataclass
class Report:
    host: str
    school: str | None
    checks: dict[str, int] = field(default_factory=dict)  # check -> items verified
    drifts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "school": self.school,
            "compliant": not self.drifts,
            "checks": self.checks,
            "drifts": self.drifts,
            "notes": self.notes,
            "facts": self.facts,
        }
