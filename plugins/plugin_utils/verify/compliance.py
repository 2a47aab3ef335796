"""The device as it is, read from its `show` outputs, against its intent.

Verification must not trust the configuration alone: a port can be
configured right and still be err-disabled, a bundle configured and never
formed, a root bridge configured and another elected. Each concern of the
registry brings its own checks and the show commands they read; the running
configuration is then compared concern by concern, as the deploy plans it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..concerns import concerns_for
from ..deploy.preview import masked_config
from ..deploy.remediation import plan_device
from ..render.escape import markdown_code
from .report import Parsed, Report, french_count

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
    intent: dict[str, Any],
    parsed: Parsed,
    running: str,
    intended_config: str,
    secrets: Mapping[str, str] | None = None,
) -> Report:
    """The device's drifts, per concern.

    The lines quoted from its plan are masked at every secret position (``secrets`` are the
    values the intended configuration holds): the report goes to the run's output, the JSON
    summary and the compliance history, and a drift may be an old key or a leftover SNMP
    community, which no list of the design's values would catch.
    """
    report = Report(intent["hostname"], intent.get("school"))
    kind, platform = intent["kind"], intent["platform"]
    concerns = concerns_for(kind, platform)
    for item in concerns:
        for check in item.checks.get(platform, ()):
            check(report, intent, parsed)
        _attribute(report, item.name)
    if not any(platform in item.scopes for item in concerns):
        return report
    plan = plan_device(intent, intended_config, running, shown=parsed)
    lines = sum(len(v) for v in plan.commands.values())
    report.checks["configuration"] = 1
    # one drift per concern whose lines differ, so the report files each under its concern;
    # a concern whose checks already found what is wrong gets its lines as a note: the same
    # drift read twice (a port not trusted, then its missing line) is printed and counted once
    found = set(report.concerns)
    for name, commands in plan.commands.items():
        if not commands:
            continue
        quoted = masked_config("\n".join(commands[:3]), secrets, platform).splitlines()
        shown = "; ".join(line.strip() for line in quoted)
        more = len(commands) - 3
        english = (
            f"the running configuration differs from the design by {len(commands)} line(s) "
            f"of {name} (of {lines} in all): {shown}"
        )
        if name not in found:
            report.configuration.append(english)
        (report.note if name in found else report.drift)(
            english,
            f"la configuration en service diffère de la conception de {french_count(len(commands))} "
            f"ligne{'s' if len(commands) > 1 else ''} (sur {french_count(lines)} en tout) : {markdown_code(shown)}"
            + (f" et {french_count(more)} autre{'s' if more > 1 else ''}" if more > 0 else ""),
        )
        _attribute(report, name)
    for problem in plan.unowned:
        report.drift(
            f"the design cannot be verified line by line: {problem}",
            f"la conception ne peut pas être vérifiée ligne à ligne : {markdown_code(problem)}",
        )
    _attribute(report, "configuration")
    return report


def _attribute(report: Report, concern: str) -> None:
    """File the drifts found since the last call under ``concern``."""
    report.concerns.extend([concern] * (len(report.drifts) - len(report.concerns)))
