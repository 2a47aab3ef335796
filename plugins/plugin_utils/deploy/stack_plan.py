"""A stack as it is (``show switch detail`` + ``show inventory``) against its intent.

Priorities are exec commands that never show in the running configuration,
and renumbering only takes effect at a reload, so the stack is compared
member by member here and the few exec commands needed are listed, each
guarded by the run's permissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class StackPlan:
    problems: list[str] = field(default_factory=list)  # the run must stop for this device
    priority_commands: list[str] = field(default_factory=list)
    renumber_commands: list[str] = field(default_factory=list)
    reload_needed: bool = False
    observed: list[dict[str, Any]] = field(default_factory=list)


def _serials(inventory: list[dict[str, Any]]) -> dict[int, tuple[str, str]]:
    """Member number -> (model, serial) from `show inventory` rows."""
    out: dict[int, tuple[str, str]] = {}
    for row in inventory:
        found = re.fullmatch(r"(?:Switch )?(\d+)", str(row.get("name", "")).strip())
        if found:
            out[int(found.group(1))] = (
                str(row.get("pid", "")).strip(),
                str(row.get("sn", "")).strip(),
            )
    return out


def plan_stack(
    intent_members: list[dict[str, Any]],
    switch_detail: list[dict[str, Any]],
    inventory: list[dict[str, Any]],
    allow_renumber: bool = False,
    allow_reload: bool = False,
) -> StackPlan:
    plan = StackPlan()
    serials = _serials(inventory)
    present = {
        int(row["switch"]): row
        for row in switch_detail
        if str(row.get("switch", "")).isdigit() and str(row.get("state", "")).lower() == "ready"
    }
    plan.observed = [
        {
            "number": number,
            "role": str(row.get("role", "")).lower(),
            "priority": int(row.get("priority") or 0),
            "model": serials.get(number, ("", ""))[0],
            "serial": serials.get(number, ("", ""))[1],
        }
        for number, row in sorted(present.items())
    ]
    by_serial = {
        serial: number for number, (_model, serial) in serials.items() if number in present
    }
    for member in intent_members:
        number, serial = member["number"], member["serial"]
        at = by_serial.get(serial)
        if at is None:
            plan.problems.append(
                f"member {number} ({member['model']}, serial {serial}) is missing from the stack"
            )
            continue
        if at != number:
            command = f"switch {at} renumber {number}"
            if not allow_renumber:
                plan.problems.append(
                    f"serial {serial} is member {at}, intended {number}: renumbering needs "
                    "schools_allow_renumber: true (and a reload)"
                )
                continue
            plan.renumber_commands.append(command)
            plan.reload_needed = True
        current = int(present[at].get("priority") or 0)
        if current != member["priority"]:
            plan.priority_commands.append(f"switch {at} priority {member['priority']}")
    for number, (_model, serial) in sorted(serials.items()):
        if number in present and serial not in {m["serial"] for m in intent_members}:
            plan.problems.append(
                f"an extra member {number} (serial {serial}) is in the stack but not in the design"
            )
    if plan.reload_needed and not allow_reload:
        plan.problems.append(
            "renumbering takes effect only at a reload; set schools_allow_reload: true to reload"
        )
    return plan
