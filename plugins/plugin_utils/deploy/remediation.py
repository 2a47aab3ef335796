"""What to send to a Cisco device: running vs intended, per concern, with hier_config.

Each deploy role owns one concern (stack provisioning, VLANs and ports,
spanning tree, the router). Both configurations are cut down to that
concern's lines, then hier_config computes the lines to add and to remove, so
removal of what is no longer intended is computed, never hand-written, and a
role never touches lines another concern owns. A plan that would cut the
management path is refused here, before anything is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import parse_blocks
from .guard import management_guard

try:
    from hier_config import Platform, WorkflowRemediation, get_hconfig

    HIER_CONFIG_IMPORT_ERROR: ImportError | None = None
except ImportError as _exc:  # pragma: no cover - reported when used
    HIER_CONFIG_IMPORT_ERROR = _exc

_PHYSICAL = re.compile(
    r"^interface (GigabitEthernet|TenGigabitEthernet|TwentyFiveGigE|HundredGigE|FortyGigabitEthernet|"
    r"TwoGigabitEthernet|FastEthernet)\S+$"
)


@dataclass(frozen=True)
class Scope:
    """Which lines of a configuration a concern owns."""

    leaves: tuple[str, ...] = ()  # top-level lines without children
    blocks: tuple[str, ...] = ()  # top-level lines owned with all their children
    port_children: tuple[str, ...] = ()  # children of physical interfaces

    def owns(self, pattern_list: tuple[str, ...], line: str) -> bool:
        return any(re.match(p, line) for p in pattern_list)


SCOPES: dict[str, Scope] = {
    "switch_stack": Scope(leaves=(r"^hostname ", r"^switch \d+ provision ")),
    "vlans": Scope(
        leaves=(r"^vtp mode ", r"^ip default-gateway "),
        blocks=(r"^vlan \d+$", r"^interface Vlan(?!1$)\d+$", r"^interface Port-channel\d+$"),
        port_children=(r"^description ", r"^switchport", r"^channel-group ", r"^shutdown$"),
    ),
    "stp_hardening": Scope(
        leaves=(r"^spanning-tree ", r"^errdisable recovery "),
        port_children=(r"^spanning-tree ",),
    ),
    "core_identity": Scope(leaves=(r"^hostname ",)),
    "backup_router": Scope(
        leaves=(
            r"^hostname ",
            r"^ip dhcp excluded-address ",
            r"^ip name-server ",
            r"^ip nat inside source list NAT-LAN ",
            r"^ip route 0\.0\.0\.0 0\.0\.0\.0 Cellular",
            r"^dialer-list 1 ",
        ),
        blocks=(
            r"^ip dhcp pool ",
            r"^controller Cellular ",
            r"^ip access-list standard NAT-LAN$",
            r"^interface (GigabitEthernet0/0/0|Cellular0/1/0)$",
        ),
    ),
}
SWITCH_CONCERNS = ("switch_stack", "vlans", "stp_hardening")
_STP_ON_PORT_CHANNELS = r"^spanning-tree "


def scoped_text(text: str, concern: str) -> str:
    """The lines of ``text`` that ``concern`` owns, as a configuration."""
    scope = SCOPES[concern]
    out: list[str] = []
    for top, children in parse_blocks(text):
        if _PHYSICAL.match(top) and scope.port_children:
            out.append(top)
            out.extend(c for c in children if scope.owns(scope.port_children, c.strip()))
        elif top.startswith("interface Port-channel") and concern in ("vlans", "stp_hardening"):
            # a port-channel's spanning-tree lines belong to stp_hardening, the rest to vlans
            stp = concern == "stp_hardening"
            out.append(top)
            out.extend(
                c for c in children if bool(re.match(_STP_ON_PORT_CHANNELS, c.strip())) == stp
            )
        elif scope.owns(scope.blocks, top):
            out.append(top)
            out.extend(children)
        elif not children and scope.owns(scope.leaves, top):
            out.append(top)
    return "\n".join(out) + "\n"


def _scope_for(concern: str, kind: str | None) -> str:
    """A core is not a stack: its switch_stack concern is only its host name."""
    return "core_identity" if (concern, kind) == ("switch_stack", "core") else concern


def remediation_lines(
    running: str, intended: str, concern: str, kind: str | None = None
) -> list[str]:
    """IOS lines (one-space indented children) taking ``running`` to ``intended`` for a concern."""
    if HIER_CONFIG_IMPORT_ERROR is not None:
        raise RuntimeError(
            f"citynet.schools needs hier_config on the controller: {HIER_CONFIG_IMPORT_ERROR}"
        )
    scope = _scope_for(concern, kind)
    run_text = scoped_text(running, scope)
    want_text = scoped_text(intended, scope)
    if SCOPES[scope].port_children:
        # a physical port cannot be removed: one the design does not use is kept as an
        # empty block, so its stale lines are negated instead of the interface itself
        present = {top for top, _children in parse_blocks(want_text)}
        unused = [
            top for top, _c in parse_blocks(run_text) if _PHYSICAL.match(top) and top not in present
        ]
        want_text += "".join(f"{top}\n" for top in unused)
    run = get_hconfig(Platform.CISCO_IOS, run_text)
    want = get_hconfig(Platform.CISCO_IOS, want_text)
    remediation = WorkflowRemediation(run, want).remediation_config
    lines = []
    for child in remediation.all_children_sorted():
        lines.append(" " * (child.depth() - 1) + child.text)
    return lines


@dataclass
class DevicePlan:
    """Lines to send per concern, and why the plan is refused if it is."""

    commands: dict[str, list[str]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.commands.values())


def plan_device(
    intent: dict[str, Any],
    intended: str,
    running: str,
    concerns: tuple[str, ...],
    allow_uplink_change: bool = False,
) -> DevicePlan:
    kind = intent.get("kind")
    plan = DevicePlan({c: remediation_lines(running, intended, c, kind) for c in concerns})
    if intent.get("kind") in ("switch_stack", "core"):
        plan.refused = management_guard(intent, running, plan.commands, allow_uplink_change)
    return plan
