"""Spanning tree: mode, bridge priorities, edge ports, BPDU, root and loop guard.

It owns only the spanning-tree lines of ports and port-channels; the ports
themselves belong to vlans. Spanning tree stays inside a school: its routing
stack is the root of every VLAN. Verify checks the root each VLAN elected,
not the configured priority alone: another bridge can still win the election.
"""

from __future__ import annotations

from typing import Any

from ..verify.report import Parsed, Report
from . import Concern, Scope
from .vlans import PHYSICAL, active_vlans


def _root(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Each VLAN's elected root is the school's routing stack (root priority + VLAN id)."""
    rows = parsed.get("show spanning-tree root", [])
    root_priority = intent["stp"]["root_priority"]
    found = {int(str(r.get("vlan_id", "")).removeprefix("VLAN") or 0): r for r in rows}
    checked = 0
    active = active_vlans(intent)
    for vlan in intent["vlans"]:
        if vlan["id"] not in active:
            continue
        row = found.get(vlan["id"])
        expected = root_priority + vlan["id"]
        if row is None:
            report.drift(
                f"VLAN {vlan['id']} has no spanning-tree root",
                f"le VLAN {vlan['id']} n'a pas de racine spanning-tree",
            )
        elif int(row.get("priority") or 0) != expected:
            report.drift(
                f"VLAN {vlan['id']}: root bridge priority {row.get('priority')}, intended "
                f"{expected} (the school's routing stack)",
                f"VLAN {vlan['id']} : priorité de la racine {row.get('priority')}, attendu "
                f"{expected} (la pile qui route l'école)",
            )
        checked += 1
    report.checks["spanning-tree root"] = checked


CONCERN = Concern(
    name="stp_hardening",
    title_fr="Spanning-tree",
    order=30,
    kinds=frozenset({"switch_stack", "core"}),
    platforms=frozenset({"cisco_ios"}),
    sections=("stp",),
    scopes={
        "cisco_ios": Scope(
            leaves=(r"spanning-tree ", r"errdisable recovery "),
            children=(
                (PHYSICAL, (r"spanning-tree ",)),
                (r"interface Port-channel\d+$", (r"spanning-tree ",)),
            ),
        )
    },
    role="stp_hardening",
    checks={"cisco_ios": (_root,)},
    commands={"cisco_ios": ("show spanning-tree root",)},
    description="spanning-tree mode, priorities, edge ports and guards, err-disable recovery",
)
