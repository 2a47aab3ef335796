"""The school's 4G backup router: LAN, DHCP pool and lease, DNS, cellular, SIM PIN.

One concern on three platforms: IOS-XE cellular routers get lines planned
like any Cisco concern, RutOS routers UCI options read back by the uci
action, Linux hosts a dnsmasq file. The LAN and cellular interface names
come from the hardware catalogue, so a new router model needs no edit here.
"""

from __future__ import annotations

import re
from typing import Any

from ..platforms.hardware import ROUTER_MODELS
from ..render.escape import markdown_code
from ..verify.report import Parsed, Report
from . import Concern, Scope, Secret, SecretLine

# the LAN and cellular interfaces of every IOS router model of the catalogue
_IOS_INTERFACES = "|".join(
    re.escape(name)
    for name in sorted(
        {m.lan_interface for m in ROUTER_MODELS.values() if m.platform == "cisco_ios"}
        | {m.cellular_interface for m in ROUTER_MODELS.values() if m.platform == "cisco_ios"}
    )
)


def _ios_leases(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    report.facts["dhcp_leases"] = len(parsed.get("show ip dhcp binding", []))


def _rutos(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """UCI options read back by citynet.uci in check mode (values already masked), leases, mobile status."""
    for change in parsed.get("uci_changes", []):
        report.drift(
            f"{change['key']} is {change.get('before')!r}, intended {change.get('after')!r}",
            f"{markdown_code(change['key'])} vaut {markdown_code(repr(change.get('before')))}, "
            f"attendu {markdown_code(repr(change.get('after')))}",
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


# The PIN the SIM card asks for: IOS `lte sim authenticate 0 <pin>`, RutOS `simcard.@sim[0].pincode`.
SIM_PIN = Secret(
    "SIM PIN", lambda intent: intent["cellular"]["sim_pin"], (r"[0-9]{4,8}", "4 to 8 digits")
)

CONCERN = Concern(
    name="backup_router",
    title_fr="Routeur 4G de secours",
    order=40,
    kinds=frozenset({"backup_router"}),
    platforms=frozenset({"cisco_ios", "teltonika_rutos", "dnsmasq"}),
    sections=("lan", "dhcp", "dns_servers", "cellular", "switch_port", "routes", "nat", "refused"),
    scopes={
        "cisco_ios": Scope(
            leaves=(
                r"ip dhcp excluded-address ",
                r"ip name-server ",
                r"ip nat inside source list NAT-LAN ",
                r"ip route 0\.0\.0\.0 0\.0\.0\.0 Cellular",
                r"ip route \S+ \S+ \S+ name (ecole|mairie)$",
                r"dialer-list 1 ",
            ),
            blocks=(
                r"ip dhcp pool ",
                r"controller Cellular ",
                r"ip access-list standard NAT-LAN$",
                r"ip access-list extended SECOURS-4G-IN$",
                rf"interface ({_IOS_INTERFACES})$",
            ),
        )
    },
    role="backup_router",
    checks={"cisco_ios": (_ios_leases,), "teltonika_rutos": (_rutos,)},
    commands={"cisco_ios": ("show ip dhcp binding",)},
    secrets={"sim_pin": SIM_PIN},
    # `lte sim authenticate 0|7 PIN` (Cellular Modem configuration guide)
    secret_lines={"cisco_ios": (SecretLine(r"(\s*lte sim authenticate \d+ )(\S+)"),)},
    description="LAN, DHCP pool and lease, DNS, cellular profile and APN, SIM PIN",
)
