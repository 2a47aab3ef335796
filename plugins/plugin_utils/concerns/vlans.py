"""VLANs, access and trunk ports, port-channels and the management SVI.

The concern owns a physical port's switching lines (``no switchport`` for a
routed one) but not the port itself (a port cannot be removed: stale lines
are negated), and owns port-channels whole except their spanning-tree lines
(stp_hardening) and addresses (routing). SVIs are routing's: a gateway is a
routed interface.
"""

from __future__ import annotations

from typing import Any

from ..net.interfaces import canonical_name
from ..net.vlan_ids import vlan_expand
from ..render.escape import markdown_code
from ..verify.report import Parsed, Report
from . import Concern, Scope

PHYSICAL = (
    r"interface (GigabitEthernet|TenGigabitEthernet|TwentyFiveGigE|HundredGigE|"
    r"FortyGigabitEthernet|TwoGigabitEthernet|FastEthernet)\S+$"
)


def _name(text: str) -> str:
    try:
        return canonical_name(text)
    except ValueError:
        return text


def active_vlans(intent: dict[str, Any]) -> set[int]:
    """VLANs on some port that is not shut. Only those run a spanning-tree instance, and
    only their SVIs come up (IOS autostate: an SVI is up while a port of its VLAN is)."""
    out: set[int] = set()
    for port in intent["port_channels"] + intent["interfaces"]:
        if port["shutdown"] or port["mode"] == "routed" or port.get("channel_group"):
            continue
        if port["mode"] == "access":
            out.update(v for v in (port["access_vlan"], port["voice_vlan"]) if v)
        else:  # a trunk carries its allowed VLANs, its native one only if allowed too
            out.update(port["allowed_vlans"])
    return out


def _vlans(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    rows = parsed.get("show vlan brief", [])
    found = {
        int(r["vlan_id"]): r.get("vlan_name", "")
        for r in rows
        if str(r.get("vlan_id", "")).isdigit()
    }
    for vlan in intent["vlans"]:
        if vlan["id"] not in found:
            report.drift(
                f"VLAN {vlan['id']} ({vlan['name']}) is missing",
                f"le VLAN {vlan['id']} ({vlan['name']}) est absent",
            )
        elif found[vlan["id"]] != vlan["name"]:
            report.drift(
                f"VLAN {vlan['id']} is named {found[vlan['id']]}, intended {vlan['name']}",
                f"le VLAN {vlan['id']} s'appelle {found[vlan['id']]}, attendu {vlan['name']}",
            )
    report.checks["vlans"] = len(intent["vlans"])


def _channels(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    rows = parsed.get("show etherchannel summary", [])
    found = {str(r.get("group")): r for r in rows}
    for po in intent["port_channels"]:
        number = po["name"].removeprefix("Port-channel")
        row = found.get(number)
        if row is None:
            report.drift(f"{po['name']} is missing", f"{po['name']} est absent")
            continue
        if str(row.get("bundle_protocol", "")).upper() != "LACP":
            report.drift(
                f"{po['name']} runs {row.get('bundle_protocol') or 'no protocol'}, intended LACP",
                f"{po['name']} fonctionne en {row.get('bundle_protocol') or 'aucun protocole'}, "
                "attendu LACP",
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
                report.drift(
                    f"{member} is not bundled in {po['name']}",
                    f"{member} n'est pas agrégé dans {po['name']}",
                )
    report.checks["port-channels"] = len(intent["port_channels"])


def _switchports(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    rows = parsed.get("show interfaces switchport", [])
    found = {_name(r["interface"]): r for r in rows if r.get("interface")}
    for intf in intent["interfaces"]:
        row = found.get(intf["name"])
        if intf["mode"] == "routed":
            # IOS lists a routed port as "Switchport: Disabled", or not at all
            if row is not None and str(row.get("switchport", "")).lower() == "enabled":
                report.drift(
                    f"{intf['name']} is a switchport ({row.get('admin_mode')}), intended routed",
                    f"{intf['name']} est un port commuté ({row.get('admin_mode')}), attendu routé",
                )
            continue
        if row is None:
            report.drift(
                f"{intf['name']} shows no switchport state",
                f"{intf['name']} ne montre aucun état de port commuté",
            )
            continue
        admin = str(row.get("admin_mode", ""))
        if intf["mode"] == "access":
            if "access" not in admin:
                report.drift(
                    f"{intf['name']} is {admin}, intended static access",
                    f"{intf['name']} est en mode `{admin}`, attendu accès statique",
                )
            elif str(row.get("access_vlan")) != str(intf["access_vlan"]):
                report.drift(
                    f"{intf['name']} is on VLAN {row.get('access_vlan')}, intended {intf['access_vlan']}",
                    f"{intf['name']} est sur le VLAN {row.get('access_vlan')}, "
                    f"attendu {intf['access_vlan']}",
                )
            voice = str(row.get("voice_vlan", "none"))
            want = str(intf["voice_vlan"]) if intf["voice_vlan"] else "none"
            if voice != want:
                report.drift(
                    f"{intf['name']} has voice VLAN {voice}, intended {want}",
                    f"{intf['name']} a le VLAN voix {_aucun(voice)}, attendu {_aucun(want)}",
                )
        else:
            if admin != "trunk":
                report.drift(
                    f"{intf['name']} is {admin or 'not a trunk'}, intended trunk",
                    f"{intf['name']} est en mode {('`' + admin + '`') if admin else 'autre que trunk'}, "
                    "attendu trunk",
                )
                continue
            if intf["native_vlan"] and str(row.get("native_vlan")) != str(intf["native_vlan"]):
                report.drift(
                    f"{intf['name']} has native VLAN {row.get('native_vlan')}, intended {intf['native_vlan']}",
                    f"{intf['name']} a le VLAN natif {row.get('native_vlan')}, "
                    f"attendu {intf['native_vlan']}",
                )
            trunking = ",".join(row.get("trunking_vlans") or [])
            allowed = [] if trunking.upper() in ("ALL", "") else vlan_expand(trunking)
            if allowed != intf["allowed_vlans"]:
                report.drift(
                    f"{intf['name']} allows VLANs {trunking or 'none'}, intended {','.join(map(str, intf['allowed_vlans']))}",
                    f"{intf['name']} laisse passer les VLAN {trunking or 'aucun'}, "
                    f"attendu {','.join(map(str, intf['allowed_vlans']))}",
                )
    report.checks["switchports"] = len(intent["interfaces"])


def _aucun(vlan: str) -> str:
    return "aucun" if vlan == "none" else vlan


def _description(intf: dict[str, Any], default: str) -> str:
    """The port's description as configured on the switch (verbatim, so as code), or a word."""
    return markdown_code(intf["description"]) if intf.get("description") else default


def _port_states(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Each port meant shut (a free port parked in its VLAN) is shut; no port is err-disabled.

    A free port left up lets anyone plug in; an err-disabled one (BPDU guard, port
    security, storm control) cut its device off. Neither shows in the configuration.
    """
    rows = parsed.get("show interfaces status", [])
    found = {_name(r["port"]): r for r in rows if r.get("port")}
    for intf in intent["interfaces"]:
        row = found.get(intf["name"])
        if row is None:
            continue  # a missing port is the switchports check's drift
        status = str(row.get("status", ""))
        if intf["shutdown"] and status != "disabled":
            report.drift(
                f"{intf['name']} ({intf.get('description') or 'free port'}) is {status}, "
                "intended shut down: anyone could plug in there",
                f"{intf['name']} ({_description(intf, 'port libre')}) est à l'état `{status}`, "
                "attendu éteint : n'importe qui pourrait s'y brancher",
            )
        elif status == "err-disabled":
            report.drift(
                f"{intf['name']} ({intf.get('description') or 'port'}) is err-disabled: its "
                "device is cut off (see show interfaces status err-disabled for the cause)",
                f"{intf['name']} ({_description(intf, 'port')}) est en err-disabled : son "
                "appareil est coupé (la cause : `show interfaces status err-disabled`)",
            )
    report.checks["port states"] = len(intent["interfaces"])


CONCERN = Concern(
    name="vlans",
    title_fr="VLAN, ports et agrégats",
    order=20,
    kinds=frozenset({"switch_stack", "core"}),
    platforms=frozenset({"cisco_ios"}),
    sections=("vlans", "port_channels", "interfaces", "management"),
    scopes={
        "cisco_ios": Scope(
            leaves=(r"vtp mode ",),
            blocks=(r"vlan \d+$", r"interface Port-channel\d+$"),
            children=(
                (
                    PHYSICAL,
                    (
                        r"description ",
                        r"switchport(?! port-security)",  # port security: edge_security's
                        r"no switchport$",
                        r"channel-group ",
                        r"shutdown$",
                    ),
                ),
            ),
        )
    },
    role="vlans",
    checks={"cisco_ios": (_vlans, _channels, _switchports, _port_states)},
    commands={
        "cisco_ios": (
            "show vlan brief",
            "show etherchannel summary",
            "show interfaces switchport",
            "show interfaces status",
        )
    },
    description="VLANs, access, trunk and routed ports, port-channels",
)
