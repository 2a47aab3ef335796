"""What to send to a Cisco device: running vs intended, per concern, with hier_config.

Each concern of the registry owns its lines of a configuration (its scope).
Both configurations are cut into those lines, then hier_config computes the
lines to add and to remove, so removal of what is no longer intended is
computed, never hand-written, and a concern never touches lines another one
owns. An intended line that no concern owns refuses the plan: it would
otherwise never be sent. A plan that would cut the management path is
refused too, before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..concerns import Concern, Unshown, concerns_for, registry
from .blocks import parse_blocks
from .guard import management_guard
from .ownership import Block, Split, blocks_text, owns_block, owns_children_of, problems, split

try:
    from hier_config import Platform, WorkflowRemediation, get_hconfig

    HIER_CONFIG_IMPORT_ERROR: ImportError | None = None
except ImportError as _exc:  # pragma: no cover - reported when used
    HIER_CONFIG_IMPORT_ERROR = _exc

if TYPE_CHECKING:
    from hier_config import HConfig

PLATFORM = "cisco_ios"


def _platform_concerns(platform: str) -> tuple[Concern, ...]:
    return tuple(c for c in registry() if platform in c.scopes)


def scoped_text(text: str, name: str, platform: str = PLATFORM) -> str:
    """The lines of ``text`` that concern ``name`` owns, as a configuration."""
    return split(text, _platform_concerns(platform), platform).text(name)


def _view(
    running: Split, intended: Split, item: Concern, others: tuple[Concern, ...], platform: str
) -> tuple[str, str]:
    """Running and intended text of one concern, parents it does not own made harmless.

    A parent the concern holds only some children of (a physical port, a
    port-channel another concern creates) and that the design no longer has
    is not this concern's to remove: when another concern owns it, that one
    removes it and this one leaves it out; when none does (a physical port
    cannot be removed) it stays as an empty block, so only its stale lines
    are negated.
    """
    scope = item.scopes[platform]
    other_scopes = [c.scopes[platform] for c in others if c is not item]
    want = intended.blocks[item.name]
    present = {top for top, _children in want}
    run: list[Block] = []
    kept: list[Block] = []
    for top, children in running.blocks[item.name]:
        if top in present or owns_block(scope, top) or not owns_children_of(scope, top):
            run.append((top, children))
        elif not any(owns_block(other, top) for other in other_scopes):
            run.append((top, children))
            kept.append((top, []))
    return blocks_text(run), blocks_text(want + kept)


# Negations IOS takes without the value, shortened so that a plan never carries the value
# the device held: `no ip ospf message-digest-key key-id` (IP Routing: OSPF Command
# Reference) removes a key whatever it was, and the old key stays out of every output.
# `no banner login` (Configuration Fundamentals Command Reference) removes the banner whole.
# `no radius server NAME` (Security Command Reference) removes the server with its key.
_SHORT_NEGATIONS = (
    re.compile(r"^(no ip ospf message-digest-key \d+) .*$"),
    re.compile(r"^(no banner \S+) .*$", re.DOTALL),
    re.compile(r"^(no username \S+) .*$"),
    re.compile(r"^(no key) .*$"),  # a RADIUS server's key, under `radius server NAME`
    re.compile(r"^(no snmp-server user \S+ \S+ v3) .*$"),
)


def _shortened(text: str) -> str:
    for pattern in _SHORT_NEGATIONS:
        text = pattern.sub(r"\1", text)
    return text


def config_lines(config: HConfig, text: Callable[[str], str] = str) -> list[str]:
    """A configuration hier_config holds as IOS lines, children indented one space a level;
    ``text`` rewrites each line's own text (without its indentation)."""
    return [" " * (child.depth() - 1) + text(child.text) for child in config.all_children_sorted()]


def _remediation(run: HConfig, want: HConfig) -> list[str]:
    return config_lines(WorkflowRemediation(run, want).remediation_config, _shortened)


def _hconfigs(run_text: str, want_text: str) -> tuple[HConfig, HConfig]:
    return get_hconfig(Platform.CISCO_IOS, run_text), get_hconfig(Platform.CISCO_IOS, want_text)


_PROBE = re.compile(r"^ip sla (\d+)$")


def restart_changed_probes(lines: list[str], running: str, intended: str) -> list[str]:
    """An IP SLA operation that runs cannot be edited: delete it and configure it anew.

    Cisco's IP SLA command reference: once scheduled, an operation's configuration cannot be
    modified; it must be stopped or deleted (``no ip sla N``) and reconfigured. A plan that
    edits a running probe in place (a core's address changed) would be refused by the switch
    halfway, so such an edit becomes ``no ip sla N`` (which also removes its schedule), the
    whole intended operation and its schedule.
    """
    running_blocks = dict(parse_blocks(running))
    intended_blocks = dict(parse_blocks(intended))
    edited = {
        found.group(1)
        for line in lines
        if (found := _PROBE.match(line)) and line in running_blocks and line in intended_blocks
    }
    if not edited:
        return lines
    out: list[str] = []
    skipping = False
    for line in lines:
        if not line.startswith(" "):
            found = _PROBE.match(line)
            skipping = bool(found and found.group(1) in edited)
            if skipping or (line.startswith("ip sla schedule ") and line.split()[3] in edited):
                continue
        if not skipping:
            out.append(line)
    for number in sorted(edited, key=int):
        head = f"ip sla {number}"
        schedule = next(
            top for top in intended_blocks if top.startswith(f"ip sla schedule {number} ")
        )
        out += [f"no {head}", head, *intended_blocks[head], schedule]
    return out


def _need_hier_config() -> None:
    if HIER_CONFIG_IMPORT_ERROR is not None:
        raise RuntimeError(
            f"citynet.schools needs hier_config on the controller: {HIER_CONFIG_IMPORT_ERROR}"
        )


@dataclass
class DevicePlan:
    """Lines to send per concern, and why the plan is refused if it is."""

    commands: dict[str, list[str]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    # the part of ``refused`` that says an intended line has no single owner (verify reports it)
    unowned: list[str] = field(default_factory=list)
    # per concern, the running and the intended configuration as hier_config read and compared
    # them, the intended one with the unshown lines it sends: what a preview shows
    # (deploy/preview.py), never cut apart nor read again
    views: dict[str, tuple[HConfig, HConfig]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.commands.values())


def state_commands(kind: str, platform: str) -> list[str]:
    """The show commands the deploy reads beside the running configuration: those that read
    back the lines a device never prints (``show snmp user``)."""
    out: list[str] = []
    for item in concerns_for(kind, platform):
        out += [u.command for u in item.unshown.get(platform, ()) if u.command not in out]
    return out


def device_concerns(intent: dict[str, Any]) -> tuple[str, ...]:
    """The concerns the registry gives this device, in deploy order."""
    return tuple(c.name for c in concerns_for(intent["kind"], intent["platform"]))


def _without_unshown(
    text: str, owners: tuple[Concern, ...], platform: str
) -> tuple[str, list[tuple[str, Unshown, str]]]:
    """``text`` without the lines a device never prints, and those lines with their owner."""
    rules = [(c.name, u) for c in owners for u in c.unshown.get(platform, ())]
    if not rules:
        return text, []
    kept: list[str] = []
    taken: list[tuple[str, Unshown, str]] = []
    for line in text.splitlines():
        rule = next(((n, u) for n, u in rules if re.match(u.pattern, line)), None)
        if rule is None:
            kept.append(line)
        else:
            taken.append((rule[0], rule[1], line))
    return "\n".join(kept) + "\n", taken


def plan_device(
    intent: dict[str, Any],
    intended: str,
    running: str,
    concerns: Iterable[str] | None = None,
    allow_uplink_change: bool = False,
    shown: dict[str, list[dict[str, Any]]] | None = None,
    resend_unshown: bool = False,
) -> DevicePlan:
    """Each concern's lines for this device, or the reasons nothing may be sent.

    ``shown`` holds the parsed show outputs that read back what the running configuration
    never prints (``show snmp user``); such a line is planned when they do not show it,
    when they were not read, or always with ``resend_unshown`` (a rotated SNMPv3 key, which
    no show command reveals).
    """
    _need_hier_config()
    platform = intent.get("platform", PLATFORM)
    names = tuple(concerns) if concerns is not None else device_concerns(intent)
    owners = tuple(c for c in registry() if c.name in names and platform in c.scopes)
    if not owners:
        return DevicePlan()  # a platform without line scopes (UCI, files) is not planned here
    intended, unshown = _without_unshown(intended, owners, platform)
    # a text that does print such a line (a saved copy, a test's running text) holds it
    running, printed = _without_unshown(running, owners, platform)
    held = {line for _name, _rule, line in printed}
    want, run = split(intended, owners, platform), split(running, owners, platform)
    views = {item.name: _hconfigs(*_view(run, want, item, owners, platform)) for item in owners}
    plan = DevicePlan({name: _remediation(*view) for name, view in views.items()}, views=views)
    for name, rule, line in unshown:
        rows = (shown or {}).get(rule.command)
        if line in held and not resend_unshown:
            continue
        if resend_unshown or rows is None or not rule.holds(line, rows):
            plan.commands[name].append(line)
            plan.views[name][1].add_child(line)
    for name, lines in plan.commands.items():
        plan.commands[name] = restart_changed_probes(lines, running, intended)
    plan.unowned = problems(want)
    plan.refused = plan.unowned + management_guard(
        intent, running, plan.commands, allow_uplink_change
    )
    return plan
