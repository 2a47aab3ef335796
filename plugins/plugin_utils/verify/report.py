"""One device's verification result, filled by the concerns' checks.

Kept apart from the checks so that each concern module can append to a
report without importing the verify entry point that iterates them.

Each drift and note is written twice by the check that finds it: in English
for the IT team's run output and the JSON summary, in French for the
technician's compliance page (``french`` maps the first to the second). The
check knows what it found; translating its sentence afterwards from a table
of patterns would break silently the day the sentence changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Parsed `show` outputs by command (ntc-templates rows), or the RutOS readings.
Parsed = dict[str, Any]


def french_count(number: int) -> str:
    """A count as French typography writes it: 1 000, with a non-breaking space."""
    return f"{number:,}".replace(",", "\u00a0")


@dataclass
class Report:
    host: str
    school: str | None
    checks: dict[str, int] = field(default_factory=dict)  # check -> items verified
    drifts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    french: dict[str, str] = field(default_factory=dict)  # English drift or note -> French
    concerns: list[str] = field(default_factory=list)  # the concern of each drift, in order
    # the drifts that are configuration lines differing from the design: a deploy previewed
    # with --diff has printed them as diffs already, and lists only the others
    configuration: list[str] = field(default_factory=list)

    def drift(self, english: str, french: str) -> None:
        """A difference from the design, in both languages."""
        self.drifts.append(english)
        self.french[english] = french

    def note(self, english: str, french: str) -> None:
        """Something worth knowing that is not a drift, in both languages."""
        self.notes.append(english)
        self.french[english] = french

    def as_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "school": self.school,
            "compliant": not self.drifts,
            "checks": self.checks,
            "drifts": self.drifts,
            "notes": self.notes,
            "facts": self.facts,
            "french": self.french,
            "concerns": self.concerns,
            "configuration": self.configuration,
        }
