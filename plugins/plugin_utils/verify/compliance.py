"""The device as it is, read from its `show` outputs, against its intent.

Verification must not trust the configuration alone: a port can be
configured right and still be err-disabled, a bundle configured and never
formed, a root bridge configured and another elected. Each concern of the
registry brings its own checks and the show commands they read; the running
configuration is then compared concern by concern, as the deploy plans it.
"""

from __future__ import annotations

from typing import Any

from ..concerns import concerns_for
from ..deploy.remediation import plan_device
from .report import Parsed, Report

__all__ = ["Report", "check_device", "show_commands"]


def show_commands(kind: str, platform: str, device: Any = None) -> list[str]:
    """The show commands verify reads on one kind of device, in the concerns' order.

    With the device (its design: each concern's intent sections are its attributes),
    a concern's conditional commands are added where their predicate holds for it.
    """
    out: list[str] = []
    for item in concerns_for(kind, platform):
        wanted = list(item.commands.get(platform, ()))
        conditional = item.conditional_commands.get(platform, ())
        if device is not None and conditional:
            sections = {s: getattr(device, s, None) for s in item.sections}
            wanted += [command for command, holds in conditional if holds(sections)]
        out.extend(c for c in wanted if c not in out)
    return out


def check_device(
    intent: dict[str, Any], parsed: Parsed, running: str, intended_config: str
) -> Report:
    report = Report(intent["hostname"], intent.get("school"))
    kind, platform = intent["kind"], intent["platform"]
    concerns = concerns_for(kind, platform)
    for item in concerns:
        for check in item.checks.get(platform, ()):
            check(report, intent, parsed)
    if not any(platform in item.scopes for item in concerns):
        return report
    plan = plan_device(intent, intended_config, running, shown=parsed)
    lines = sum(len(v) for v in plan.commands.values())
    report.checks["configuration"] = 1
    if lines:
        report.drifts.append(
            f"the running configuration differs from the design by {lines} line(s): "
            + "; ".join(line.strip() for v in plan.commands.values() for line in v[:3])
        )
    for problem in plan.unowned:
        report.drifts.append(f"the design cannot be verified line by line: {problem}")
    return report
