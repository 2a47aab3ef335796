"""A stack as it is (``show switch detail`` + ``show inventory``) against its intent.

Priorities never show in the running configuration, and renumbering only
takes effect at a reload, so the stack is compared member by member here and
the few commands needed are listed, each guarded by the run's permissions.

Those commands are typed in global configuration on classic IOS and in exec
mode on IOS-XE (the catalogue's ``stack_command_mode``), and each asks for a
confirmation whose wording differs by family; the list handed to
``cisco.ios.ios_command`` carries the mode changes and the answers, so one
task sends them to either family and a preview can show exactly that list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..platforms.hardware import stack_command_mode

# The confirmation each family asks before a priority or renumber takes effect
# (ios-samples/dialogs/README.md): classic IOS "Do you want to continue?[confirm]",
# answered by Enter; IOS-XE "Do you want to continue?[y/n]? [yes]:", answered "y".
# network_cli answers the first pattern that matches, with the answer at its index.
CONFIRM_PROMPTS: tuple[str, ...] = (
    r"Do you want to continue\?\s*\[confirm\]",
    r"Do you want to continue\?\s*\[y/n\]\?\s*\[yes\]:",
)
CONFIRM_ANSWERS: tuple[str, ...] = ("", "y")


@dataclass
class StackPlan:
    problems: list[str] = field(default_factory=list)  # the run must stop for this device
    priority_commands: list[str] = field(default_factory=list)
    renumber_commands: list[str] = field(default_factory=list)
    reload_needed: bool = False
    observed: list[dict[str, Any]] = field(default_factory=list)
    command_mode: str = "exec"  # "exec" (IOS-XE) or "config" (classic IOS)

    @property
    def stack_commands(self) -> list[str | dict[str, Any]]:
        """What `cisco.ios.ios_command` sends: each command with its dialog, in its mode."""
        asked: list[str | dict[str, Any]] = [
            {
                "command": command,
                "prompt": list(CONFIRM_PROMPTS),
                "answer": list(CONFIRM_ANSWERS),
            }
            for command in [*self.priority_commands, *self.renumber_commands]
        ]
        if not asked or self.command_mode == "exec":
            return asked
        return ["configure terminal", *asked, "end"]

    @property
    def preview(self) -> list[str]:
        """The lines a check-mode run shows instead of sending them."""
        return [c if isinstance(c, str) else c["command"] for c in self.stack_commands]


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
    try:
        plan.command_mode = stack_command_mode([m["model"] for m in intent_members])
    except ValueError as err:
        plan.problems.append(str(err))
        return plan
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
