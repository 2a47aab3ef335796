"""The stack: its members, their models and priorities.

Provisioning lines are configuration; priorities and renumbering are exec (or,
on classic IOS, global) commands that never show in the running
configuration, so the switch_stack role compares them with ``show switch
detail`` itself and verify checks them here.
"""

from __future__ import annotations

from typing import Any

from ..verify.report import Parsed, Report
from . import Concern, Scope


def _members(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    rows = parsed.get("show switch detail", [])
    found = {int(r["switch"]): r for r in rows if str(r.get("switch", "")).isdigit()}
    for member in intent["members"]:
        row = found.get(member["number"])
        if row is None or str(row.get("state", "")).lower() != "ready":
            report.drift(
                f"stack member {member['number']} is not Ready ({row.get('state') if row else 'absent'})",
                f"le membre {member['number']} de la pile n'est pas prêt "
                f"({row.get('state') if row else 'absent'})",
            )
            continue
        if int(row.get("priority") or 0) != member["priority"]:
            report.drift(
                f"stack member {member['number']} has priority {row.get('priority')}, intended {member['priority']}",
                f"le membre {member['number']} de la pile a la priorité {row.get('priority')}, "
                f"attendu {member['priority']}",
            )
        if member["role"] == "active" and str(row.get("role", "")).lower() not in (
            "active",
            "master",
        ):
            # priorities elect the active member only at the next reload: a note, not a drift
            report.note(
                f"stack member {member['number']} has the highest priority and becomes active at the "
                f"next reload (now {row.get('role')})",
                f"le membre {member['number']} de la pile a la plus haute priorité et deviendra "
                f"actif au prochain redémarrage (rôle actuel : {row.get('role')})",
            )
    for number in sorted(set(found) - {m["number"] for m in intent["members"]}):
        report.drift(
            f"stack member {number} is present but not in the design",
            f"le membre {number} de la pile est présent mais absent de la conception",
        )
    report.checks["stack members"] = len(intent["members"])


CONCERN = Concern(
    name="switch_stack",
    title_fr="Pile de commutateurs",
    order=10,
    kinds=frozenset({"switch_stack"}),
    platforms=frozenset({"cisco_ios"}),
    sections=("members",),
    scopes={"cisco_ios": Scope(leaves=(r"switch \d+ provision ",))},
    role="switch_stack",
    checks={"cisco_ios": (_members,)},
    commands={"cisco_ios": ("show switch detail",)},
    description="stack members, provisioning and priorities",
)
