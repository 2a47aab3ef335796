"""A routed school (school 2 of the demo addressing) and its show outputs.

School 2 takes block 10.32.16.0/21 and transit /29 10.31.0.16/29: its uplink
to core-a is 10.31.0.16/31 (core end .16, school end .17) on Port-channel1,
to core-b 10.31.0.18/31 on Port-channel2; the backup router is 10.32.22.2.
The show outputs are real formats, from ntc-templates test data or published
captures (cited on each), with the addresses of this school.
"""

from __future__ import annotations

import copy
from typing import Any

from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.report import Report

ROUTER = "10.32.22.2"


def _svi(vlan: int, subnet: str, mask: str) -> dict[str, Any]:
    base = subnet.split("/")[0].rsplit(".", 1)[0]
    return {
        "vlan": vlan,
        "interface": f"Vlan{vlan}",
        "description": f"vlan {vlan}",
        "address": f"{base}.1",
        "netmask": mask,
        "subnet": subnet,
    }


def _port(name: str, mode: str, vlans: list[int]) -> dict[str, Any]:
    return {
        "name": name,
        "mode": mode,
        "access_vlan": vlans[0] if mode == "access" else None,
        "voice_vlan": None,
        "native_vlan": None,
        "allowed_vlans": vlans if mode == "trunk" else [],
        "channel_group": None,
        "shutdown": False,
    }


INTENT: dict[str, Any] = {
    "hostname": "ferry-sw1",
    "school": "ferry",
    "kind": "switch_stack",
    "platform": "cisco_ios",
    # the ports that keep the SVIs up: a VLAN no port carries has its gateway down
    "port_channels": [],
    "interfaces": [
        _port("GigabitEthernet1/0/1", "trunk", [10, 99]),
        _port("GigabitEthernet1/0/2", "access", [20]),
    ],
    "routing": {
        "enabled": True,
        "protocol": "ospf",
        "sdm_template": None,
        "svis": [
            _svi(10, "10.32.16.0/24", "255.255.255.0"),
            _svi(20, "10.32.17.0/24", "255.255.255.0"),
            _svi(99, "10.32.22.0/24", "255.255.255.0"),
        ],
        "uplinks": [
            {
                "interface": "Port-channel1",
                "peer": "core-a",
                "address": "10.31.0.17",
                "peer_address": "10.31.0.16",
                "netmask": "255.255.255.254",
                "subnet": "10.31.0.16/31",
                "transit_vlan": None,
            },
            {
                "interface": "Port-channel2",
                "peer": "core-b",
                "address": "10.31.0.19",
                "peer_address": "10.31.0.18",
                "netmask": "255.255.255.254",
                "subnet": "10.31.0.18/31",
                "transit_vlan": None,
            },
        ],
        "ospf": {
            "process": 1,
            "router_id": "10.32.16.1",
            "area": 2,
            "hello": 1,
            "dead": 3,
            "networks": [],
            "active": ["Port-channel1", "Port-channel2"],
        },
        "static_routes": [
            {
                "prefix": "0.0.0.0",
                "netmask": "0.0.0.0",
                "next_hop": "10.31.0.16",
                "track": 1,
                "distance": None,
                "name": None,
            },
            {
                "prefix": "0.0.0.0",
                "netmask": "0.0.0.0",
                "next_hop": "10.31.0.18",
                "track": 2,
                "distance": None,
                "name": None,
            },
            {
                "prefix": "0.0.0.0",
                "netmask": "0.0.0.0",
                "next_hop": ROUTER,
                "track": None,
                "distance": 250,
                "name": "secours-4g",
            },
        ],
    },
    "dhcp_service": {
        "mode": "local",
        "relays": [],
        "pools": [
            {
                "name": "ADMINISTRATION",
                "vlan": 10,
                "network": "10.32.16.0",
                "netmask": "255.255.255.0",
                "first": "10.32.16.20",
                "last": "10.32.16.250",
                "excluded": [["10.32.16.1", "10.32.16.19"], ["10.32.16.251", "10.32.16.254"]],
                "router": "10.32.16.1",
                "dns_servers": ["10.10.0.53"],
                "domain": "ville.example",
                "lease_seconds": 86400,
            },
            {
                "name": "PEDAGOGIE",
                "vlan": 20,
                "network": "10.32.17.0",
                "netmask": "255.255.255.0",
                "first": "10.32.17.20",
                "last": "10.32.17.250",
                "excluded": [["10.32.17.1", "10.32.17.19"], ["10.32.17.251", "10.32.17.254"]],
                "router": "10.32.17.1",
                "dns_servers": ["10.10.0.53"],
                "domain": "ville.example",
                "lease_seconds": 86400,
            },
        ],
    },
    "failover": {
        "router_address": ROUTER,
        "distance": 250,
        "services": ["administration", "voice"],
        "probes": [
            {
                "id": 1,
                "target": "10.31.0.16",
                "source": "Port-channel1",
                "frequency": 5,
                "track": 1,
            },
            {
                "id": 2,
                "target": "10.31.0.18",
                "source": "Port-channel2",
                "frequency": 5,
                "track": 2,
            },
        ],
    },
}


def intent(change=None) -> dict[str, Any]:
    """A copy of the intent, changed in place by ``change`` if given."""
    data = copy.deepcopy(INTENT)
    if change:
        change(data)
    return data


# Format of ntc-templates tests/cisco_ios/show_ip_route/cisco_ios_show_ip_route1.raw
# (IOS 15 codes, L routes) with the load-balanced next hops of
# tests/cisco_ios/show_ip_route/cisco_ios_show_ip_route.raw ("[1/0] via" lines).
SHOW_IP_ROUTE = """\
Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR

Gateway of last resort is 10.31.0.18 to network 0.0.0.0

S*    0.0.0.0/0 [1/0] via 10.31.0.18
                [1/0] via 10.31.0.16
      10.0.0.0/8 is variably subnetted, 11 subnets, 4 masks
O IA     10.32.0.0/21 [110/2] via 10.31.0.16, 00:05:45, Port-channel1
C        10.31.0.16/31 is directly connected, Port-channel1
L        10.31.0.17/32 is directly connected, Port-channel1
C        10.31.0.18/31 is directly connected, Port-channel2
L        10.31.0.19/32 is directly connected, Port-channel2
C        10.32.16.0/24 is directly connected, Vlan10
L        10.32.16.1/32 is directly connected, Vlan10
C        10.32.17.0/24 is directly connected, Vlan20
L        10.32.17.1/32 is directly connected, Vlan20
C        10.32.22.0/24 is directly connected, Vlan99
L        10.32.22.1/32 is directly connected, Vlan99
"""

# ntc-templates tests/cisco_ios/show_ip_ospf_neighbor/cisco_ios_show_ip_ospf_neighbor.raw
# (point-to-point neighbours on Port-channel1 and 2), with the cores' addresses.
SHOW_IP_OSPF_NEIGHBOR = """\
Neighbor ID     Pri   State           Dead Time   Address         Interface
10.32.0.1         0   FULL/  -        00:00:02    10.31.0.16      Port-channel1
10.32.0.2         0   FULL/  -        00:00:03    10.31.0.18      Port-channel2
"""

# Format of the Cisco IOS IP Application Services command reference, "show
# track" (IOS XE 3SE) example "Track 3 / IP SLA 1 reachability", with the
# "Tracked by: Static IP Routing 0" of IOS captures of tracked static routes.
SHOW_TRACK = """\
Track 1
  IP SLA 1 reachability
  Reachability is Up
    2 changes, last change 00:56:15
  Latest operation return code: OK
  Latest RTT (millisecs) 1
  Tracked by:
    Static IP Routing 0
Track 2
  IP SLA 2 reachability
  Reachability is Up
    2 changes, last change 00:56:15
  Latest operation return code: OK
  Latest RTT (millisecs) 1
  Tracked by:
    Static IP Routing 0
"""

# IOS 15.4 capture of "show ip sla summary" (a wrapped "Last Run" column
# included), with the probes of this school.
SHOW_IP_SLA_SUMMARY = """\
IPSLAs Latest Operation Summary
Codes: * active, ^ inactive, ~ pending

ID           Type        Destination       Stats       Return      Last
                                           (ms)        Code        Run
-----------------------------------------------------------------------
*1           icmp-echo   10.31.0.16        RTT=1       OK          4 seconds ago
*2           icmp-echo   10.31.0.18        RTT=1       OK          14 seconds ag
                                                                   o
"""

# IOS capture of "show ip dhcp pool" (CollegeBoreal/INF1087-200-21H-02,
# N.DHCP/README.md), one block per pool of this school.
SHOW_IP_DHCP_POOL = """\

Pool ADMINISTRATION :
 Utilization mark (high/low)    : 100 / 0
 Subnet size (first/next)       : 0 / 0
 Total addresses                : 254
 Leased addresses               : 2
 Excluded addresses             : 2
 Pending event                  : none
 1 subnet is currently in the pool :
 Current index        IP address range                    Leased/Excluded/Total
 10.32.16.22          10.32.16.1       - 10.32.16.254     2     / 2     / 254

Pool PEDAGOGIE :
 Utilization mark (high/low)    : 100 / 0
 Subnet size (first/next)       : 0 / 0
 Total addresses                : 254
 Leased addresses               : 1
 Excluded addresses             : 1
 Pending event                  : none
 1 subnet is currently in the pool :
 Current index        IP address range                    Leased/Excluded/Total
 10.32.17.21          10.32.17.1       - 10.32.17.254     1     / 1     / 254
"""

# ntc-templates tests/cisco_ios/show_ip_dhcp_binding/cisco_ios_show_ip_dhcp_binding.raw,
# with automatic leases (dated expiration, client id wrapped) as IOS prints them.
SHOW_IP_DHCP_BINDING = """\
Bindings from all pools not associated with VRF:
IP address          Client-ID/              Lease expiration        Type
                    Hardware address/
                    User name
10.32.16.20         0063.6973.636f.2d31.    Mar 13 2027 01:56 AM    Automatic
                    3133.332e.3333.3737.
                    302f.30
10.32.16.21         01aa.aaaa.aaaa.aa       Mar 13 2027 02:10 AM    Automatic
10.32.17.20         01dd.dddd.dddd.dd       Infinite                Manual
"""

OUTPUTS = {
    "show ip route": SHOW_IP_ROUTE,
    "show ip ospf neighbor": SHOW_IP_OSPF_NEIGHBOR,
    "show track": SHOW_TRACK,
    "show ip sla summary": SHOW_IP_SLA_SUMMARY,
    "show ip dhcp pool": SHOW_IP_DHCP_POOL,
    "show ip dhcp binding": SHOW_IP_DHCP_BINDING,
}


def run(checks, commands, data: dict[str, Any], **changed: str) -> Report:
    """Parse the outputs of ``commands`` (``changed`` by command) and run ``checks``."""
    outputs = dict(OUTPUTS)
    outputs.update({k.replace("_", " "): v for k, v in changed.items()})
    parsed = {c: parse_show("cisco_ios", c, outputs[c]) for c in commands}
    report = Report(data["hostname"], data.get("school"))
    for check in checks:
        check(report, data, parsed)
    return report
