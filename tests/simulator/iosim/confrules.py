"""IOS ordering and identity rules for configuration lines.

IOS prints a configuration in its parser's order, not in typing order, and a
new value of a setting replaces the old one (`description`, `switchport access
vlan`, ...). These tables say, per block kind, which lines are "the same
setting" and where each line is printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# Top-level lines in print order, with their separator group: IOS prints a
# `!` line between groups (and after every block), not between related lines.
_TOP: list[tuple[str, int]] = [
    (r"^version ", 0),
    (r"^(no )?service ", 0),
    (r"^platform ", 0),
    (r"^hostname ", 1),
    (r"^boot-start-marker", 2),
    (r"^boot ", 2),
    (r"^boot-end-marker", 2),
    (r"^(no )?logging ", 3),
    (r"^enable ", 3),
    (r"^(no )?aaa ", 4),
    (r"^clock ", 4),
    (r"^switch \d+ provision ", 4),
    (r"^(no )?ip routing", 5),
    (r"^ip name-server ", 5),
    (r"^(no )?ip domain", 5),
    (r"^ip dhcp excluded-address ", 5),
    (r"^ip dhcp pool ", 6),
    # DHCP snooping and ARP inspection after the pools, the VLAN list before the
    # option-82 line and the bare switch: the order commonly seen in published IOS
    # running configurations; not verified on a capture of this collection.
    (r"^ip dhcp snooping vlan ", 6),
    (r"^(no )?ip dhcp snooping information ", 6),
    (r"^ip dhcp snooping", 6),
    (r"^ip arp inspection ", 6),
    (r"^(no )?login ", 7),
    (r"^vtp ", 8),
    (r"^license ", 9),
    (r"^memory ", 9),
    (r"^system mtu", 9),
    (r"^diagnostic ", 10),
    (r"^(no )?spanning-tree mode", 11),
    (r"^(no )?spanning-tree portfast", 11),
    (r"^(no )?spanning-tree loopguard", 11),
    (r"^(no )?spanning-tree extend", 11),
    (r"^(no )?spanning-tree vlan", 11),
    (r"^(no )?spanning-tree ", 11),
    (r"^(no )?errdisable ", 12),
    (r"^archive", 13),
    (r"^username ", 14),
    (r"^redundancy", 15),
    (r"^controller ", 16),
    (r"^(no )?(cdp|lldp) ", 17),
    (r"^vlan ", 18),
    # Track objects print before the interfaces: `show run | section sla` of a
    # public IOS capture lists `track 1 ip sla 1 reachability` / ` delay down 30
    # up 30` before `ip sla 1`.
    (r"^track ", 19),
    (r"^(class-map|policy-map) ", 19),
    (r"^interface ", 20),
    # `router ospf` right after the last interface, before `ip forward-protocol
    # nd`: a Catalyst 9300 IOS-XE 16.6 running configuration (public DNA Center
    # lab sample, hostname cat_9k_2: `interface Vlan1` / `router ospf 4` /
    # ` network 10.10.22.0 0.0.0.255 area 1` / `ip forward-protocol nd`).
    (r"^router ", 20),
    (r"^ip default-gateway ", 21),
    (r"^(no )?ip forward-protocol", 21),
    (r"^(no )?ip http ", 21),
    (r"^(no )?ip nat ", 21),
    (r"^(no )?ip route ", 21),
    (r"^(no )?ip ssh ", 21),
    (None, 21),  # anything not listed
    (r"^ip access-list ", 22),
    (r"^access-list ", 22),
    # `ip sla N` and its `ip sla schedule N ...` line, operation by operation,
    # with no `!` between them (the routed design's sample, docs/routed-design.md;
    # public captures of `show running-config` print consecutive operations the
    # same way). Their place after the access lists is not verified.
    (r"^ip sla ", 22),
    (r"^(no )?snmp-server ", 23),
    # `radius server NAME` blocks after the SNMP lines: the order of an IOS XE 17 running
    # configuration as remembered from the Security Configuration Guide's examples; not
    # verified on a capture here.
    (r"^radius server ", 23),
    (r"^control-plane", 24),
    (r"^banner ", 25),
    (r"^line ", 26),
    (r"^ntp ", 27),
]
_TOP_COMPILED = [(re.compile(p) if p else None, g) for p, g in _TOP]
_UNKNOWN = next(i for i, (p, _unused) in enumerate(_TOP) if p is None)
_LINE_KIND = {"con": 0, "aux": 1, "vty": 2}


def _number(text: str, index: int) -> int:
    parts = text.split()
    try:
        return int(parts[index])
    except (IndexError, ValueError):
        return 0


@lru_cache(maxsize=4096)
def _top_index(text: str) -> int:
    for i, (pattern, _unused) in enumerate(_TOP_COMPILED):
        if pattern is not None and pattern.match(text):
            return i
    return _UNKNOWN


def top_rank(text: str, interface_key: Callable[[str], tuple[int, int, str]]) -> tuple:
    """Sort key of a top-level line; its first item is the separator group."""
    index = _top_index(text.split("\n", 1)[0])
    group = _TOP[index][1]
    if text.startswith("switch "):
        return (group, index, _number(text, 1))
    if text.startswith("vlan "):
        first = text.split()[1].split(",")[0].split("-")[0]
        return (group, index, int(first) if first.isdigit() else 0)
    if text.startswith("interface "):
        return (group, index, *interface_key(text.split(" ", 1)[1]))
    if text.startswith(("track ", "router ospf ")):
        return (group, index, _number(text, 1 if text.startswith("track ") else 2))
    if text.startswith("ip sla schedule "):
        return (group, index, _number(text, 3), 1)
    if text.startswith("ip sla "):
        return (group, index, _number(text, 2), 0)
    if text.startswith("line "):
        parts = text.split()
        kind = _LINE_KIND.get(parts[1], 3) if len(parts) > 1 else 3
        return (group, index, kind, _number(text, 2))
    return (group, index)


# Print order of lines inside blocks (unknown lines come at rank 50, in typing order).
_CHILD: dict[str, list[str]] = {
    "interface": [
        r"^description ",
        # sub-interfaces: `encapsulation dot1Q` before `ip address` (ntc-templates
        # tests/cisco_ios/show_running-config_interface/cisco_ios_show_running-config_interface.raw)
        r"^encapsulation ",
        # a routed port: ` no switchport` right after the description, then the
        # address (Catalyst 9300 IOS-XE 16.6 sample cat_9k_2: `interface
        # TenGigabitEthernet1/1/1` / ` description P2P link cs3850` / ` no switchport`
        # / ` ip address 10.10.22.70 255.255.255.252`)
        r"^(no )?switchport$",
        r"^vrf forwarding ",
        r"^switchport access vlan ",
        r"^switchport trunk encapsulation ",
        r"^switchport trunk native vlan ",
        r"^switchport trunk allowed vlan ",
        r"^switchport mode ",
        r"^switchport nonegotiate",
        r"^switchport voice vlan ",
        # port security: maximum, violation, then the bare switch (Catalyst 2960-X
        # Security Configuration Guide, port security configuration example as shown
        # by `show running-config interface`); not verified on a capture here
        r"^switchport port-security maximum",
        r"^switchport port-security violation",
        r"^switchport port-security aging",
        r"^switchport port-security mac-address",
        r"^switchport port-security$",
        r"^switchport ",
        # ARP inspection trust/limit after the switchport lines, before storm control;
        # not verified on a capture
        r"^ip arp inspection ",
        r"^(no )?ip address",
        r"^ip helper-address ",
        r"^ip access-group ",
        r"^(no )?ip (redirects|unreachables|proxy-arp)",
        r"^ip nat ",
        # relative order of the `ip ospf` lines: not verified on a capture
        r"^ip ospf authentication",
        r"^ip ospf message-digest-key ",
        r"^ip ospf network ",
        r"^ip ospf hello-interval ",
        r"^ip ospf dead-interval ",
        r"^ip (?!verify source|dhcp snooping )",
        r"^shutdown",
        r"^dialer in-band",
        r"^dialer ",
        r"^pulse-time",
        r"^speed ",
        r"^duplex ",
        r"^(no )?negotiation ",
        r"^mtu ",
        r"^power inline",
        r"^storm-control ",
        r"^(no )?cdp ",
        r"^(no )?lldp ",
        r"^spanning-tree portfast",
        r"^spanning-tree bpduguard",
        r"^spanning-tree bpdufilter",
        r"^spanning-tree guard",
        r"^spanning-tree ",
        # IP source guard and DHCP snooping trust/rate after spanning tree, as in
        # published IOS access-port configurations; not verified on a capture
        r"^ip verify source",
        r"^ip dhcp snooping ",
        r"^channel-protocol",
        r"^channel-group ",
        r"^lacp ",
    ],
    "vlan": [r"^name ", r"^state ", r"^shutdown"],
    "dhcp": [
        r"^network ",
        r"^default-router ",
        r"^dns-server ",
        r"^domain-name ",
        r"^option ",
        r"^lease ",
    ],
    "line": [
        r"^session-timeout",
        r"^exec-timeout",
        r"^privilege",
        r"^password",
        r"^logging",
        r"^login",
        r"^length",
        r"^stopbits",
        r"^transport input",
        r"^transport output",
    ],
    "archive": [r"^path ", r"^maximum ", r"^write-memory", r"^time-period"],
    # public `show running-config` captures: ` icmp-echo ...` / ` request-data-size`
    # / ` tos` / ` threshold` / ` timeout` / ` frequency`
    "ipsla": [
        r"^icmp-echo ",
        r"^request-data-size ",
        r"^tos ",
        r"^threshold ",
        r"^timeout ",
        r"^frequency ",
    ],
    "track": [r"^delay "],
    "radius": [r"^address ", r"^key "],
    # IOS prints router-id, area settings, redistribution, passive interfaces,
    # networks, then default-information (order of IOS OSPF configurations).
    "router": [
        r"^router-id ",
        r"^area ",
        r"^redistribute ",
        r"^(no )?passive-interface default",
        r"^(no )?passive-interface ",
        r"^network ",
        r"^default-information ",
    ],
}
_CHILD_COMPILED = {k: [re.compile(p) for p in v] for k, v in _CHILD.items()}


@lru_cache(maxsize=8192)
def child_rank(context: str, text: str) -> tuple[int, int]:
    if context == "acl":
        # Named ACL entries print by sequence number.
        first = text.split()[0]
        return (0, int(first)) if first.isdigit() else (1, 0)
    if context == "router" and text.startswith("area "):
        # per area, its stub setting before its ranges
        return (1, _number(text, 1) * 2 + (" range " in text))
    for i, pattern in enumerate(_CHILD_COMPILED.get(context, [])):
        if pattern.match(text):
            return (i, 0)
    return (50, 0)


# Settings with one value per block: a new line replaces the line of the same key.
_KEYS: dict[str, list[str]] = {
    "global": [
        r"^hostname\b",
        r"^vtp mode\b",
        r"^vtp domain\b",
        r"^vtp version\b",
        r"^spanning-tree mode\b",
        r"^errdisable recovery interval\b",
        r"^ip default-gateway\b",
        r"^ip domain name\b",
        r"^ip domain-name\b",
        r"^ip name-server\b",
        r"^ip domain lookup\b",
        r"^ip domain-lookup\b",
        r"^ip http server\b",
        r"^ip http secure-server\b",
        r"^ip routing\b",
        r"^enable secret\b",
        r"^switch \d+ provision\b",
        r"^clock timezone\b",
        r"^system mtu\b",
        r"^service pad\b",
        r"^service password-encryption\b",
        r"^aaa new-model\b",
        r"^cdp run\b",
        r"^lldp run\b",
        r"^ip ssh version\b",
        r"^ip ssh time-out\b",
        r"^ip ssh authentication-retries\b",
        r"^ip ssh server algorithm (mac|encryption|kex)\b",
        r"^ip radius source-interface\b",
        r"^aaa authentication login \S+\b",
        r"^aaa authorization exec \S+\b",
        r"^aaa session-id\b",
        r"^clock summer-time\b",
        r"^logging trap\b",
        r"^logging source-interface\b",
        r"^snmp-server location\b",
        r"^snmp-server contact\b",
        r"^snmp-server group \S+ v3\b",
        r"^snmp-server view \S+ \S+\b",
        r"^service timestamps log\b",
        r"^ip forward-protocol nd\b",
        r"^ip sla schedule \d+\b",
    ],
    "interface": [
        r"^description\b",
        r"^switchport access vlan\b",
        r"^switchport mode\b",
        r"^switchport voice vlan\b",
        r"^switchport trunk native vlan\b",
        r"^switchport trunk encapsulation\b",
        r"^switchport trunk allowed vlan\b",
        r"^switchport nonegotiate\b",
        r"^switchport$",
        r"^spanning-tree portfast\b",
        r"^spanning-tree bpduguard\b",
        r"^spanning-tree bpdufilter\b",
        r"^spanning-tree guard\b",
        r"^spanning-tree link-type\b",
        r"^spanning-tree cost\b",
        r"^spanning-tree port-priority\b",
        r"^channel-group\b",
        r"^channel-protocol\b",
        r"^ip address(?!.* secondary$)",
        r"^encapsulation dot1Q\b",
        r"^ip ospf authentication\b",
        r"^ip ospf message-digest-key \d+\b",  # one key per key id
        r"^ip ospf network\b",
        r"^ip ospf hello-interval\b",
        r"^ip ospf dead-interval\b",
        r"^ip nat\b",
        r"^ip proxy-arp\b",
        r"^ip redirects\b",
        r"^ip unreachables\b",
        r"^ip mtu\b",
        r"^ip tcp adjust-mss\b",
        r"^vrf forwarding\b",
        r"^speed\b",
        r"^duplex\b",
        r"^mtu\b",
        r"^power inline\b",
        r"^load-interval\b",
        r"^negotiation\b",
        r"^cdp enable\b",
        r"^lldp transmit\b",
        r"^lldp receive\b",
        r"^keepalive\b",
        r"^shutdown\b",
        r"^dialer in-band\b",
        r"^dialer idle-timeout\b",
        r"^dialer watch-group\b",
        r"^dialer-group\b",
        r"^pulse-time\b",
        r"^lacp rate\b",
        r"^lacp port-priority\b",
        r"^udld port\b",
        r"^storm-control broadcast level\b",
        r"^storm-control multicast level\b",
        r"^storm-control action\b",
        r"^switchport port-security maximum\b",
        r"^switchport port-security violation\b",
        r"^switchport port-security aging time\b",
        r"^switchport port-security aging type\b",
        r"^ip dhcp snooping limit rate\b",
        r"^ip arp inspection limit rate\b",
    ],
    "vlan": [r"^name\b", r"^state\b", r"^shutdown\b", r"^mtu\b"],
    "dhcp": [r"^network\b", r"^default-router\b", r"^dns-server\b", r"^domain-name\b", r"^lease\b"],
    "line": [
        r"^exec-timeout\b",
        r"^transport input\b",
        r"^transport output\b",
        r"^login\b",
        r"^password\b",
        r"^privilege level\b",
        r"^length\b",
        r"^stopbits\b",
        r"^session-timeout\b",
        r"^access-class \S+ in\b",
        r"^logging synchronous\b",
    ],
    "archive": [r"^path\b", r"^maximum\b", r"^write-memory\b", r"^time-period\b"],
    "redundancy": [r"^mode\b"],
    "ipsla": [r"^icmp-echo\b", r"^frequency\b", r"^timeout\b", r"^threshold\b"],
    "track": [r"^delay\b"],
    "radius": [r"^address ipv4\b", r"^key\b"],
    "router": [
        r"^router-id\b",
        r"^area \d+ stub\b",
        r"^passive-interface default\b",
        r"^redistribute static\b",
        r"^default-information originate\b",
    ],
    "controller": [r"^lte sim data-profile\b", r"^lte sim max-retry\b", r"^lte failovertimer\b"],
}
_KEYS_COMPILED = {k: [re.compile(p) for p in v] for k, v in _KEYS.items()}

# Lines whose `no` form is what IOS stores and prints (their positive form is
# the default and is not printed). Not `lldp run`: LLDP is off by default on the Catalyst
# switches (System Management Configuration Guide, Catalyst 2960-X 15.2(x)E and Catalyst
# 9300 IOS XE 17, "Default LLDP Configuration": disabled), so `lldp run` is what is printed.
_STORED_NO: dict[str, list[str]] = {
    "global": [
        r"^ip domain lookup$",
        r"^ip domain-lookup$",
        r"^service pad$",
        r"^service config$",
        r"^cdp run$",
        r"^logging console$",
        r"^ip source-route$",
        r"^ip routing$",
        # on by default once snooping is on; `no ip dhcp snooping information option`
        # is what IOS prints when insertion is off
        r"^ip dhcp snooping information option$",
    ],
    "interface": [
        r"^switchport$",
        r"^ip address$",
        r"^cdp enable$",
        r"^ip proxy-arp$",
        r"^ip redirects$",
        r"^ip unreachables$",
        r"^negotiation auto$",
        r"^keepalive$",
        r"^lldp transmit$",
        r"^lldp receive$",
        r"^mop enabled$",
        r"^mop sysid$",
        r"^ip route-cache$",
    ],
}
# Lines whose `no` form IOS also prints, alongside a printed positive form.
_BOTH_FORMS: dict[str, list[str]] = {
    # `no aaa new-model` is printed by default (the factory configurations of defaults.py),
    # `aaa new-model` once AAA is on (Security Configuration Guide, "Configuring
    # Authentication", whose running-configuration examples start with `aaa new-model`).
    "global": [r"^ip http server$", r"^ip http secure-server$", r"^aaa new-model$"],
}
_STORED_NO_COMPILED = {k: [re.compile(p) for p in v] for k, v in _STORED_NO.items()}
_BOTH_COMPILED = {k: [re.compile(p) for p in v] for k, v in _BOTH_FORMS.items()}


@lru_cache(maxsize=8192)
def setting_key(context: str, text: str) -> str:
    """Identity of a line: lines with the same key are one setting."""
    body = text[3:] if text.startswith("no ") else text
    for pattern in _KEYS_COMPILED.get(context, []):
        match = pattern.match(body)
        if match:
            return match.group(0).strip()
    return body


def stores_negation(context: str, body: str) -> bool:
    return any(p.match(body) for p in _STORED_NO_COMPILED.get(context, [])) or any(
        p.match(body) for p in _BOTH_COMPILED.get(context, [])
    )


def positive_is_default(context: str, body: str) -> bool:
    return any(p.match(body) for p in _STORED_NO_COMPILED.get(context, []))
