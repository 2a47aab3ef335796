"""Verify checks of the edge-security concern: what ``show ip dhcp snooping`` says.

They read the intent section ``edge_security`` (``dhcp_snooping``,
``snooping_vlans``, ``dhcp_trusted``, ``ports[].dhcp_rate``). The running
configuration's lines are compared by the configuration check; this one reads
the switch's own account of snooping, which also shows a VLAN listed but not
operational and a trust the switch does not apply. Drifts say what a
technician sees on site: which port or VLAN, and what clients suffer from it.
"""

from __future__ import annotations

from typing import Any

from ..errors import VlanSpecError
from ..net.interfaces import canonical_name
from ..net.vlan_ids import vlan_expand
from .report import Parsed, Report

COMMAND = "show ip dhcp snooping"


def _name(text: str) -> str:
    try:
        return canonical_name(text)
    except ValueError:
        return text


def _vlans(tokens: list[str]) -> set[int]:
    text = ",".join(t for t in tokens if t.lower() != "none")
    if not text:
        return set()
    try:
        return set(vlan_expand(text))
    except VlanSpecError:
        return set()


def _list(vlans: set[int]) -> str:
    return ",".join(str(v) for v in sorted(vlans))


def snooping(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Snooping on, on exactly the client VLANs, trusting exactly the uplinks and the router."""
    edge = intent.get("edge_security")
    if not edge:
        return
    rows = parsed.get(COMMAND, [])
    row = rows[0] if rows else {}
    enabled = row.get("enabled") == "enabled"
    if not edge["dhcp_snooping"]:
        if enabled:
            report.drifts.append("DHCP snooping is enabled, intended off")
        report.checks["dhcp snooping"] = 1
        return
    wanted = _vlans([edge["snooping_vlans"]])
    if not row:
        report.drifts.append("show ip dhcp snooping gave nothing to read")
        return
    if not enabled:
        report.drifts.append(
            f"DHCP snooping is disabled (intended on VLANs {_list(wanted)}): a rogue DHCP "
            "server plugged in a classroom would hand out addresses"
        )
    configured = _vlans(row.get("configured_vlans") or [])
    for vlan in sorted(wanted - configured):
        report.drifts.append(
            f"VLAN {vlan} is not snooped: a rogue DHCP server on that VLAN would be answered"
        )
    for vlan in sorted(configured - wanted):
        report.drifts.append(f"VLAN {vlan} is snooped, not intended")
    operational = _vlans(row.get("operational_vlans") or [])
    if enabled:
        for vlan in sorted((wanted & configured) - operational):
            report.drifts.append(f"VLAN {vlan} is snooped but not operational (does it exist?)")
    if row.get("option82") == "enabled":
        report.drifts.append(
            "DHCP snooping inserts option 82: requests relayed by the school's stacks may be "
            "dropped (intended: no ip dhcp snooping information option)"
        )
    table = list(
        zip(
            row.get("interface") or [],
            row.get("trusted") or [],
            row.get("rate_limit") or [],
            strict=False,
        )
    )
    trusted = {_name(i) for i, t, _r in table if t == "yes"}
    rates = {_name(i): r for i, _t, r in table}
    for port in edge["dhcp_trusted"]:
        if port not in trusted:
            report.drifts.append(
                f"{port} is not trusted for DHCP snooping: the DHCP answers it brings are "
                "dropped and the clients get no address"
            )
    for port in sorted(trusted - set(edge["dhcp_trusted"])):
        report.drifts.append(
            f"{port} is trusted for DHCP snooping, not intended: a DHCP server behind it "
            "would be answered"
        )
    limited = 0
    for port, settings in edge["ports"].items():
        rate = settings.get("dhcp_rate")
        if not rate:
            continue
        limited += 1
        found = rates.get(port, "unlimited")
        if found != str(rate):
            report.drifts.append(
                f"{port} limits DHCP to {found} packets/s, intended {rate}"
                if found != "unlimited"
                else f"{port} has no DHCP rate limit, intended {rate} packets/s"
            )
    report.checks["dhcp snooping"] = 1 + len(wanted) + len(edge["dhcp_trusted"]) + limited


CHECKS = (snooping,)
COMMANDS = (COMMAND,)
