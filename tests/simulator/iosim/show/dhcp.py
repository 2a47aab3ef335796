"""DHCP server state of the cellular router: bindings and pools.

Leases cannot be earned without clients, so they are seeded from the lab file
(`dhcp_leases`); pool statistics are computed from the configuration.
"""

from __future__ import annotations

import ipaddress

from ..device import Device
from ..hardware import mac_for
from ..vlanlist import format_vlan_list, parse_vlan_list

# Characters of a client identifier printed on one line of `show ip dhcp binding`.
_CLIENT_ID_WIDTH = 20


def pools(device: Device) -> list[dict]:
    """Pools with their subnet, excluded count and leases falling inside them."""
    excluded: list[tuple[ipaddress.IPv4Address, ipaddress.IPv4Address]] = []
    for node in device.config:
        parts = node.text.split()
        if node.text.startswith("ip dhcp excluded-address "):
            first = ipaddress.IPv4Address(parts[3])
            last = ipaddress.IPv4Address(parts[4]) if len(parts) > 4 else first
            excluded.append((first, last))
    result = []
    for node in device.config:
        if not node.text.startswith("ip dhcp pool "):
            continue
        name = node.text.split()[3]
        network = next(
            (c.text.split() for c in node.children if c.text.startswith("network ")), None
        )
        record: dict = {
            "name": name,
            "network": None,
            "total": 0,
            "excluded": 0,
            "leased": 0,
            "first": None,
            "last": None,
        }
        if network:
            net = ipaddress.IPv4Network(f"{network[1]}/{network[2]}", strict=False)
            hosts = list(net.hosts())
            record.update(network=net, total=len(hosts), first=hosts[0], last=hosts[-1])
            record["excluded"] = sum(1 for h in hosts if any(a <= h <= b for a, b in excluded))
            record["leased"] = sum(
                1 for lease in device.spec.dhcp_leases if ipaddress.IPv4Address(lease.ip) in net
            )
            free = [h for h in hosts if not any(a <= h <= b for a, b in excluded)]
            record["index"] = free[0] if free else hosts[0]
        result.append(record)
    return result


def show_ip_dhcp_binding(device: Device) -> str:
    """`show ip dhcp binding` of IOS (Cisco IOS IP Addressing Services Command
    Reference, `show ip dhcp binding`, the example quoted by the collection's
    plugins/plugin_utils/verify/templates/cisco_ios_show_ip_dhcp_binding.textfsm):

        10.0.0.1        0063.6973.636f.2d30.    Mar 29 2005 04:36 AM    Automatic
                        3036.302e.3437.6165.
                        30

    a client identifier longer than its column goes on under it, 20 characters
    a line, as in the reference's example.
    """
    out = [
        "Bindings from all pools not associated with VRF:",
        "IP address          Client-ID/              Lease expiration        Type",
        "                    Hardware address/",
        "                    User name",
    ]
    for lease in device.spec.dhcp_leases:
        cid = lease.client_id
        parts = [cid[i : i + _CLIENT_ID_WIDTH] for i in range(0, len(cid), _CLIENT_ID_WIDTH)]
        out.append(f"{lease.ip:<20}{parts[0]:<24}{lease.expiration:<24}{lease.type}")
        out += [" " * 20 + part for part in parts[1:]]
    return "\n".join(out) + "\n"


def show_ip_dhcp_pool(device: Device, only: str | None = None) -> str:
    out: list[str] = []
    for pool in pools(device):
        if only is not None and pool["name"] != only:
            continue
        out += [
            "",
            f"Pool {pool['name']} :",
            " Utilization mark (high/low)    : 100 / 0",
            " Subnet size (first/next)       : 0 / 0 ",
            f" Total addresses                : {pool['total']}",
            f" Leased addresses               : {pool['leased']}",
            f" Excluded addresses             : {pool['excluded']}",
            " Pending event                  : none",
        ]
        if pool["network"] is not None:
            out += [
                " 1 subnet is currently in the pool :",
                " Current index        IP address range                    Leased/Excluded/Total",
                f" {pool['index']!s:<20} {pool['first']!s:<16} - {pool['last']!s:<16}"
                f" {pool['leased']:<5} / {pool['excluded']:<5} / {pool['total']}",
            ]
        else:
            out.append(" 0 subnet is currently in the pool :")
    return "\n".join(out) + "\n"


def show_ip_dhcp_snooping(device: Device) -> str:
    """`show ip dhcp snooping` of a Catalyst switch, from its configuration.

    Format: Cisco Catalyst 2960-X Security Configuration Guide, "Configuring DHCP
    Features", "Monitoring DHCP Snooping Information", and a public capture of an
    IOS 15 switch (the lines below, down to the interface table, column widths and
    the `  Custom circuit-ids:` line under each interface), also quoted in
    plugins/plugin_utils/verify/templates/cisco_ios_show_ip_dhcp_snooping.textfsm:

        Switch DHCP snooping is enabled
        Switch DHCP gleaning is disabled
        DHCP snooping is configured on following VLANs:
        10,20,30
        DHCP snooping is operational on following VLANs:
        10,20,30
        DHCP snooping is configured on the following L3 Interfaces:

        Insertion of option 82 is enabled
           circuit-id default format: vlan-mod-port
           remote-id: aabb.cc00.0300 (MAC)
        Option 82 on untrusted port is not allowed
        Verification of hwaddr field is enabled
        Verification of giaddr field is enabled
        DHCP snooping trust/rate is configured on the following Interfaces:

        Interface                  Trusted    Allow option    Rate limit (pps)
        -----------------------    -------    ------------    ----------------
        Ethernet0/3                yes        yes             unlimited
          Custom circuit-ids:

    `none` stands for an empty VLAN list (a published 2960 capture: "DHCP snooping
    is operational on following VLANs:" / "none"). A VLAN is operational when
    snooping is on and the VLAN exists. The table lists the interfaces with a trust
    or a rate limit, in the order `show running-config` prints the interfaces (the
    captures list a switch's ports so; where its port-channels go among them is not
    verified on a capture); "Allow option" follows trust.
    """
    enabled = device.find("ip dhcp snooping") is not None
    configured: set[int] = set()
    for node in device.config:
        if node.text.startswith("ip dhcp snooping vlan "):
            configured |= parse_vlan_list(node.text.split()[-1]) or set()
    existing = {v for v in configured if v == 1 or device.find(f"vlan {v}") is not None}
    operational = existing if enabled else set()
    insertion = device.find("no ip dhcp snooping information option") is None
    mac = device.stack.members[0].mac if device.is_switch else mac_for(device.spec.name)
    out = [
        f"Switch DHCP snooping is {'enabled' if enabled else 'disabled'}",
        "Switch DHCP gleaning is disabled",
        "DHCP snooping is configured on following VLANs:",
        format_vlan_list(configured) or "none",
        "DHCP snooping is operational on following VLANs:",
        format_vlan_list(operational) or "none",
        "DHCP snooping is configured on the following L3 Interfaces:",
        "",
        f"Insertion of option 82 is {'enabled' if insertion else 'disabled'}",
        "   circuit-id default format: vlan-mod-port",
        f"   remote-id: {mac} (MAC)",
        "Option 82 on untrusted port is not allowed",
        "Verification of hwaddr field is enabled",
        "Verification of giaddr field is enabled",
        "DHCP snooping trust/rate is configured on the following Interfaces:",
        "",
        "Interface                  Trusted    Allow option    Rate limit (pps)",
        "-----------------------    -------    ------------    ----------------",
    ]
    for node in device.interfaces():
        lines = [c.text for c in node.children]
        trusted = "ip dhcp snooping trust" in lines
        rate = next(
            (line.split()[-1] for line in lines if line.startswith("ip dhcp snooping limit rate ")),
            None,
        )
        if not trusted and rate is None:
            continue
        flag = "yes" if trusted else "no"
        out.append(f"{node.text[10:]:<27}{flag:<11}{flag:<16}{rate or 'unlimited'}")
        out.append("  Custom circuit-ids:")
    return "\n".join(out) + "\n"
