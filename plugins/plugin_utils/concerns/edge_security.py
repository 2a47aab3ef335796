"""Access-edge security: DHCP snooping, ARP inspection, source guard, storm control, port security.

Every school stack snoops DHCP on its client VLANs (those served by DHCP) and
trusts only the side the answers come from: a layer-2 uplink and the backup
router's port. ARP inspection and IP source guard are the city's choice
(``edge_security`` in city.yml, with a per-school exception); storm control
covers every access port in use, port security the ports whose profile asks
for it. BPDU guard stays stp_hardening's. The concern owns these lines of
ports and port-channels, not the ports themselves (vlans' and routing's).
Verify reads ``show ip dhcp snooping`` back: snooping on, the VLANs snooped,
the trusted ports. See docs/edge-security.md.
"""

from __future__ import annotations

from typing import TypedDict

from ..verify import checks_edge
from . import Concern, Scope
from .vlans import PHYSICAL


class StormControl(TypedDict):
    broadcast: str  # percent, as IOS prints it ("1.00")
    multicast: str | None
    action: str  # "trap" or "shutdown"


class PortSecurity(TypedDict):
    maximum: int
    violation: str  # "restrict", "protect" or "shutdown"


class EdgePort(TypedDict):
    dhcp_trust: bool
    arp_trust: bool
    dhcp_rate: int | None  # DHCP packets per second of an untrusted access port
    verify_source: bool  # IP source guard
    storm_control: StormControl | None
    port_security: PortSecurity | None


class EdgeSecurity(TypedDict):
    dhcp_snooping: bool
    snooping_vlans: str  # the client VLANs, as IOS lists them ("20,30,40,50")
    arp_inspection_vlans: str  # empty: no ARP inspection
    dhcp_trusted: list[str]
    arp_trusted: list[str]
    ports: dict[str, EdgePort]  # the ports with some line of this concern, by name


_PORT_LINES = (
    r"switchport port-security",
    r"ip arp inspection ",
    r"storm-control ",
    r"ip verify source",
    r"ip dhcp snooping ",
)

CONCERN = Concern(
    name="edge_security",
    title_fr="Protection des ports d'accès",
    order=28,
    kinds=frozenset({"switch_stack"}),
    platforms=frozenset({"cisco_ios"}),
    sections=("edge_security",),
    shapes={"edge_security": EdgeSecurity},
    scopes={
        "cisco_ios": Scope(
            leaves=(r"ip dhcp snooping", r"no ip dhcp snooping", r"ip arp inspection "),
            children=(
                (PHYSICAL, _PORT_LINES),
                (r"interface Port-channel\d+$", (r"ip arp inspection ", r"ip dhcp snooping ")),
            ),
        )
    },
    role=None,
    checks={"cisco_ios": checks_edge.CHECKS},
    commands={"cisco_ios": checks_edge.COMMANDS},
    description="DHCP snooping, ARP inspection, IP source guard, storm control, port security",
)
