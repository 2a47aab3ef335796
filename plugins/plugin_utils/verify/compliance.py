"""The device as it is, read from its `show` outputs, against its intent.

Verification must not trust the configuration alone: a port can be
configured right and still be err-disabled, a bundle configured and never
formed, a root bridge configured and another elected. Each check names what
was expected and what was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..deploy.remediation import SWITCH_CONCERNS, plan_device
from ..net.interfaces import canonical_name
from ..net.vlan_ids import vlan_expand

SWITCH_COMMANDS = (
    "show switch detail",
    "show vlan brief",
    "show etherchannel summary",
    "show spanning-tree root",
    "show interfaces switchport",
)
CORE_COMMANDS = SWITCH_COMMANDS[1:]
ROUTER_COMMANDS = ("show ip dhcp binding",)


@dataclass
class Report:
    host: str
    school: str | None
    checks: dict[str, int] = field(default_factory=dict)  # check -> items verified
    drifts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "school": self.school,
            "compliant": not self.drifts,
            "checks": self.checks,
            "drifts": self.drifts,
            "notes": self.notes,
            "facts": self.facts,
        }


def _name(text: str) -> str:
    try:
        return canonical_name(text)
    except ValueError:
        return text


def _members(report: Report, intent: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    found = {int(r["switch"]): r for r in rows if str(r.get("switch", "")).isdigit()}
    for member in intent["members"]:
        row = found.get(member["number"])
        if row is None or str(row.get("state", "")).lower() != "ready":
            report.drifts.append(
                f"stack member {member['number']} is not Ready ({row.get('state') if row else 'absent'})"
            )
            continue
        if int(row.get("priority") or 0) != member["priority"]:
            report.drifts.append(
                f"stack member {member['number']} has priority {row.get('priority')}, intended {member['priority']}"
            )
        if member["role"] == "active" and str(row.get("role", "")).lower() not in (
            "active",
            "master",
        ):
            # priorities elect the active member only at the next reload: a note, not a drift
            report.notes.append(
                f"stack member {member['number']} has the highest priority and becomes active at the "
                f"next reload (now {row.get('role')})"
            )
    for number in sorted(set(found) - {m["number"] for m in intent["members"]}):
        report.drifts.append(f"stack member {number} is present but not in the design")
    report.checks["stack members"] = len(intent["members"])


def _vlans(report: Report, intent: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    found = {
        int(r["vlan_id"]): r.get("vlan_name", "")
        for r in rows
        if str(r.get("vlan_id", "")).isdigit()
    }
    for vlan in intent["vlans"]:
        if vlan["id"] not in found:
            report.drifts.append(f"VLAN {vlan['id']} ({vlan['name']}) is missing")
        elif found[vlan["id"]] != vlan["name"]:
            report.drifts.append(
                f"VLAN {vlan['id']} is named {found[vlan['id']]}, intended {vlan['name']}"
            )
    report.checks["vlans"] = len(intent["vlans"])


def _channels(report: Report, intent: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    found = {str(r.get("group")): r for r in rows}
    for po in intent["port_channels"]:
        number = po["name"].removeprefix("Port-channel")
        row = found.get(number)
        if row is None:
            report.drifts.append(f"{po['name']} is missing")
            continue
        if str(row.get("bundle_protocol", "")).upper() != "LACP":
            report.drifts.append(
                f"{po['name']} runs {row.get('bundle_protocol') or 'no protocol'}, intended LACP"
            )
        bundled = {
            _name(port)
            for port, flags in zip(
                row.get("member_interface", []),
                row.get("member_interface_status", []),
                strict=False,
            )
            if "P" in str(flags)
        }
        for member in po["members"]:
            if member not in bundled:
                report.drifts.append(f"{member} is not bundled in {po['name']}")
    report.checks["port-channels"] = len(intent["port_channels"])


def _root(
    report: Report, intent: dict[str, Any], rows: list[dict[str, Any]], root_priority: int
) -> None:
    found = {int(str(r.get("vlan_id", "")).removeprefix("VLAN") or 0): r for r in rows}
    checked = 0
    local = {v["id"] for v in intent["vlans"] if v.get("local")}
    for vlan in intent["vlans"]:
        if vlan["id"] in local:
            continue
        row = found.get(vlan["id"])
        expected = root_priority + vlan["id"]
        if row is None:
            report.drifts.append(f"VLAN {vlan['id']} has no spanning-tree root")
        elif int(row.get("priority") or 0) != expected:
            report.drifts.append(
                f"VLAN {vlan['id']}: root bridge priority {row.get('priority')}, intended {expected} (the primary core)"
            )
        checked += 1
    report.checks["spanning-tree root"] = checked


def _switchports(report: Report, intent: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    found = {_name(r["interface"]): r for r in rows if r.get("interface")}
    for intf in intent["interfaces"]:
        row = found.get(intf["name"])
        if row is None:
            report.drifts.append(f"{intf['name']} shows no switchport state")
            continue
        admin = str(row.get("admin_mode", ""))
        if intf["mode"] == "access":
            if "access" not in admin:
                report.drifts.append(f"{intf['name']} is {admin}, intended static access")
            elif str(row.get("access_vlan")) != str(intf["access_vlan"]):
                report.drifts.append(
                    f"{intf['name']} is on VLAN {row.get('access_vlan')}, intended {intf['access_vlan']}"
                )
            voice = str(row.get("voice_vlan", "none"))
            want = str(intf["voice_vlan"]) if intf["voice_vlan"] else "none"
            if voice != want:
                report.drifts.append(f"{intf['name']} has voice VLAN {voice}, intended {want}")
        else:
            if admin != "trunk":
                report.drifts.append(f"{intf['name']} is {admin or 'not a trunk'}, intended trunk")
                continue
            if intf["native_vlan"] and str(row.get("native_vlan")) != str(intf["native_vlan"]):
                report.drifts.append(
                    f"{intf['name']} has native VLAN {row.get('native_vlan')}, intended {intf['native_vlan']}"
                )
            trunking = ",".join(row.get("trunking_vlans") or [])
            allowed = [] if trunking.upper() in ("ALL", "") else vlan_expand(trunking)
            if allowed != intf["allowed_vlans"]:
                report.drifts.append(
                    f"{intf['name']} allows VLANs {trunking or 'none'}, intended {','.join(map(str, intf['allowed_vlans']))}"
                )
    report.checks["switchports"] = len(intent["interfaces"])


def _rutos(report: Report, parsed: dict[str, Any]) -> None:
    """UCI options read back by citynet.uci in check mode (values already masked), leases, mobile status."""
    for change in parsed.get("uci_changes", []):
        report.drifts.append(
            f"{change['key']} is {change.get('before')!r}, intended {change.get('after')!r}"
        )
    report.checks["uci options"] = 1
    text = str(parsed.get("router_state", ""))
    leases, _sep, mobile = text.partition("### mobile")
    report.facts["dhcp_leases"] = len([line for line in leases.splitlines() if line.strip()])
    state = mobile.strip()
    report.facts["mobile_interface"] = (
        "unavailable"
        if state in ("", "unavailable")
        else ("up" if '"up": true' in state else "down")
    )


def check_device(
    intent: dict[str, Any],
    parsed: dict[str, list[dict[str, Any]]],
    running: str,
    intended_config: str,
    root_priority: int,
) -> Report:
    report = Report(intent["hostname"], intent.get("school"))
    kind = intent["kind"]
    if kind == "switch_stack":
        _members(report, intent, parsed.get("show switch detail", []))
    if kind in ("switch_stack", "core"):
        _vlans(report, intent, parsed.get("show vlan brief", []))
        _channels(report, intent, parsed.get("show etherchannel summary", []))
        _root(report, intent, parsed.get("show spanning-tree root", []), root_priority)
        _switchports(report, intent, parsed.get("show interfaces switchport", []))
        concerns = SWITCH_CONCERNS
    elif intent.get("platform") == "teltonika_rutos":
        _rutos(report, parsed)
        return report
    else:
        leases = parsed.get("show ip dhcp binding", [])
        report.facts["dhcp_leases"] = len(leases)
        concerns = ("backup_router",)
    plan = plan_device(intent, intended_config, running, concerns)
    lines = sum(len(v) for v in plan.commands.values())
    report.checks["configuration"] = 1
    if lines:
        report.drifts.append(
            f"the running configuration differs from the design by {lines} line(s): "
            + "; ".join(line.strip() for v in plan.commands.values() for line in v[:3])
        )
    return report
