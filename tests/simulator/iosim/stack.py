"""Stack membership as the hardware sees it: members, priorities, roles.

Roles are elected at boot (highest priority, then lowest MAC) and only change
at the next reload, as on a StackWise or FlexStack; priority and renumbering
commands write the new values immediately but take effect then.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .lab import DeviceSpec


@dataclass(slots=True)
class Member:
    number: int
    model: str
    serial: str
    priority: int
    mac: str
    hw_version: str
    role: str = "Member"


@dataclass(slots=True)
class StackState:
    members: list[Member] = field(default_factory=list)
    pending_renumber: dict[int, int] = field(default_factory=dict)
    # SDM template (classic IOS): the active one, and the one `sdm prefer` chose
    # for the next reload (None: no change pending)
    sdm_active: str = "default"
    sdm_pending: str | None = None

    @classmethod
    def from_spec(cls, spec: DeviceSpec) -> StackState:
        state = cls(
            [
                Member(m.number, m.model, m.serial, m.priority, m.mac, m.hw_version)
                for m in spec.members
            ],
            sdm_active=spec.sdm_template or "default",
        )
        state.elect(spec.family)
        return state

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StackState:
        return cls(
            [Member(**m) for m in data.get("members", [])],
            {int(k): int(v) for k, v in data.get("pending_renumber", {}).items()},
            sdm_active=str(data.get("sdm_active") or "default"),
            sdm_pending=data.get("sdm_pending"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": [asdict(m) for m in self.members],
            "pending_renumber": {str(k): v for k, v in self.pending_renumber.items()},
            "sdm_active": self.sdm_active,
            "sdm_pending": self.sdm_pending,
        }

    def elect(self, family: str) -> None:
        """Boot-time election; FlexStack (2960-X) calls its roles Master/Member."""
        ranked = sorted(self.members, key=lambda m: (-m.priority, m.mac))
        flexstack = family == "c2960x"
        for i, member in enumerate(ranked):
            if i == 0:
                member.role = "Master" if flexstack else "Active"
            elif i == 1 and not flexstack:
                member.role = "Standby"
            else:
                member.role = "Member"
        self.members.sort(key=lambda m: m.number)

    def member(self, number: int) -> Member | None:
        return next((m for m in self.members if m.number == number), None)

    @property
    def active(self) -> Member:
        return next(m for m in self.members if m.role in ("Active", "Master"))

    def apply_renumbering(self) -> None:
        for member in self.members:
            if member.number in self.pending_renumber:
                member.number = self.pending_renumber[member.number]
        self.pending_renumber.clear()
        self.members.sort(key=lambda m: m.number)

    def apply_sdm(self) -> None:
        """At boot, the template `sdm prefer` chose becomes the active one."""
        if self.sdm_pending:
            self.sdm_active = self.sdm_pending
        self.sdm_pending = None
