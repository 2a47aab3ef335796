"""`show sdm prefer` of a classic IOS switch (Catalyst 2960-X LAN Base).

The SDM template is no configuration line: the stack keeps the active one
(elected at boot) and the one `sdm prefer` chose for the next reload
(``StackState.sdm_active`` / ``sdm_pending``).

Format, from public captures of Catalyst 2960 LAN Base switches (IOS 15.x):

    Switch#show sdm prefer
     The current template is "default" template.
     The selected template optimizes the resources in
     the switch to support this level of features for
     0 routed interfaces and 1024 VLANs.

      number of unicast mac addresses:                  8K
      ...
     On next reload, template will be "dual-ipv4-and-ipv6 default" template.

The last line appears only while `sdm prefer` has chosen a template other than
the active one; its wording is the same in captures of 2960 (LAN Base, IOS
15.0) and 3560/3750 switches (`On next reload, template will be "desktop vlan"
template.`), and the Catalyst 2960/2960-S/2960-C configuration guide, 15.0(2)SE,
"Configuring SDM Templates"
(http://cisco.com/en/US/docs/switches/lan/catalyst2960/software/release/15.0_2_se/configuration/guide/swsdm.html)
describes the default and lanbase-routing templates of LAN Base.

Not verified: no 2960-X capture of this command was at hand, so the resource
figures below (the routed interfaces and VLANs of the header, the table) are
those of the 2960 captures and the guide's tables as best known, not checked
against a 2960-X; nothing parses them (the collection reads the two template
lines only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..device import Device

# `sdm prefer` on classic IOS: the message public captures of Catalyst 2960
# LAN Base switches print (e.g. `Switch(config)#sdm prefer default`, on a switch
# whose `sdm prefer ?` offers `lanbase-routing`); the template applies at the
# next reload (Catalyst 2960-X Software Configuration Guide, SDM templates).
SDM_MESSAGE = (
    "Changes to the running SDM preferences have been stored, but cannot take effect "
    "until the next reload.\n"
    "Use 'show sdm prefer' to see what SDM preference is currently active."
)
SDM_TEMPLATES = ("default", "dual-ipv4-and-ipv6", "lanbase-routing", "qos")

# routed interfaces, VLANs, then the resource rows (see "Not verified" above)
_HEADER = {
    "default": (0, 1024),
    "lanbase-routing": (255, 1024),
    "dual-ipv4-and-ipv6": (0, 1024),
    "qos": (0, 1024),
}
_ROWS: dict[str, tuple[tuple[str, str], ...]] = {
    "default": (
        ("number of unicast mac addresses:", "16K"),
        ("number of IPv4 IGMP groups + multicast routes:", "1K"),
        ("number of IPv4 unicast routes:", "0"),
        ("number of IPv6 multicast groups:", "0"),
        ("number of directly-connected IPv6 addresses:", "0"),
        ("number of indirect IPv6 unicast routes:", "0"),
        ("number of IPv4 policy based routing aces:", "0"),
        ("number of IPv4/MAC qos aces:", "0.5K"),
        ("number of IPv4/MAC security aces:", "0.625k"),
        ("number of IPv6 policy based routing aces:", "0"),
        ("number of IPv6 qos aces:", "0"),
        ("number of IPv6 security aces:", "0"),
    ),
    "lanbase-routing": (
        ("number of unicast mac addresses:", "16K"),
        ("number of IPv4 IGMP groups + multicast routes:", "1K"),
        ("number of IPv4 unicast routes:", "4.25K"),
        ("  number of directly-connected IPv4 hosts:", "4K"),
        ("  number of indirect IPv4 routes:", "0.25K"),
        ("number of IPv6 multicast groups:", "0"),
        ("number of directly-connected IPv6 addresses:", "0"),
        ("number of indirect IPv6 unicast routes:", "0"),
        ("number of IPv4 policy based routing aces:", "0"),
        ("number of IPv4/MAC qos aces:", "0.5K"),
        ("number of IPv4/MAC security aces:", "0.625k"),
        ("number of IPv6 policy based routing aces:", "0"),
        ("number of IPv6 qos aces:", "0"),
        ("number of IPv6 security aces:", "0"),
    ),
}


def show_sdm_prefer(device: Device) -> str:
    active = device.stack.sdm_active
    pending = device.stack.sdm_pending
    routed, vlans = _HEADER.get(active, (0, 1024))
    out = [
        f' The current template is "{active}" template.',
        " The selected template optimizes the resources in",
        " the switch to support this level of features for",
        f" {routed} routed interfaces and {vlans} VLANs.",
        "",
    ]
    for label, value in _ROWS.get(active, _ROWS["default"]):
        out.append(f"  {label:<48}{value}")
    if pending and pending != active:
        out += ["", f' On next reload, template will be "{pending}" template.']
    return "\n".join(out) + "\n\n"
