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
            report.drift(
                "DHCP snooping is enabled, intended off",
                "le DHCP snooping est actif alors qu'il ne devrait pas l'être",
            )
        report.checks["dhcp snooping"] = 1
        return
    wanted = _vlans([edge["snooping_vlans"]])
    if not row:
        report.drift(
            "show ip dhcp snooping gave nothing to read",
            "`show ip dhcp snooping` n'a rien renvoyé de lisible",
        )
        return
    if not enabled:
        report.drift(
            f"DHCP snooping is disabled (intended on VLANs {_list(wanted)}): a rogue DHCP "
            "server plugged in a classroom would hand out addresses",
            f"le DHCP snooping est désactivé (attendu sur les VLAN {_list(wanted)}) : un "
            "serveur DHCP pirate branché dans une classe distribuerait des adresses",
        )
    configured = _vlans(row.get("configured_vlans") or [])
    for vlan in sorted(wanted - configured):
        report.drift(
            f"VLAN {vlan} is not snooped: a rogue DHCP server on that VLAN would be answered",
            f"le VLAN {vlan} n'est pas surveillé par le DHCP snooping : un serveur DHCP pirate "
            "y distribuerait des adresses",
        )
    for vlan in sorted(configured - wanted):
        report.drift(
            f"VLAN {vlan} is snooped, not intended",
            f"le VLAN {vlan} est surveillé par le DHCP snooping sans que ce soit prévu",
        )
    operational = _vlans(row.get("operational_vlans") or [])
    if enabled:
        for vlan in sorted((wanted & configured) - operational):
            report.drift(
                f"VLAN {vlan} is snooped but not operational (does it exist?)",
                f"le VLAN {vlan} est surveillé mais pas opérationnel (existe-t-il ?)",
            )
    if row.get("option82") == "enabled":
        report.drift(
            "DHCP snooping inserts option 82: requests relayed by the school's stacks may be "
            "dropped (intended: no ip dhcp snooping information option)",
            "le DHCP snooping insère l'option 82 : les requêtes relayées par les piles de "
            "l'école peuvent être rejetées (attendu : `no ip dhcp snooping information option`)",
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
            report.drift(
                f"{port} is not trusted for DHCP snooping: the DHCP answers it brings are "
                "dropped and the clients get no address",
                f"{port} n'est pas un port de confiance DHCP : les réponses DHCP qui en "
                "viennent sont rejetées et les postes n'obtiennent pas d'adresse",
            )
    for port in sorted(trusted - set(edge["dhcp_trusted"])):
        report.drift(
            f"{port} is trusted for DHCP snooping, not intended: a DHCP server behind it "
            "would be answered",
            f"{port} est un port de confiance DHCP sans que ce soit prévu : un serveur DHCP "
            "branché derrière distribuerait des adresses",
        )
    limited = 0
    for port, settings in edge["ports"].items():
        rate = settings.get("dhcp_rate")
        if not rate:
            continue
        limited += 1
        found = rates.get(port, "unlimited")
        if found != str(rate):
            if found != "unlimited":
                report.drift(
                    f"{port} limits DHCP to {found} packets/s, intended {rate}",
                    f"{port} limite le DHCP à {found} paquets/s, attendu {rate}",
                )
            else:
                report.drift(
                    f"{port} has no DHCP rate limit, intended {rate} packets/s",
                    f"{port} n'a pas de limite de débit DHCP, attendu {rate} paquets/s",
                )
    report.checks["dhcp snooping"] = 1 + len(wanted) + len(edge["dhcp_trusted"]) + limited


CHECKS = (snooping,)
COMMANDS = (COMMAND,)
