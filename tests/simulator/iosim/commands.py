"""The command allowlist of each CLI mode.

Anything not listed here is answered with IOS's `% Invalid input` error, which
is what makes the simulator useful: a typo or an unsupported command in a
rendered configuration fails here as it would on a switch. The action name
says which handler runs the command (None: a plain configuration line).
"""

from __future__ import annotations

from .grammar import Entry, compile_entries

_TERMINAL = [
    ("terminal length <n>", "terminal"),
    ("terminal width <n>", "terminal"),
    ("terminal no monitor", "terminal"),
    ("terminal monitor", "terminal"),
    ("show privilege", "show_privilege"),
    ("show version", "show_version"),
    ("show clock", "show_clock"),
    ("exit", "logout"),
    ("logout", "logout"),
    ("quit", "logout"),
]

USER_EXEC = compile_entries([*_TERMINAL, ("enable [<n>]", "enable")])

# Stack member commands: privileged EXEC on IOS-XE stacks, global configuration
# on classic IOS stacks (ios-samples/dialogs/README.md; Catalyst 2960-X Stack
# Manager and 3750-X/3560-X Software Configuration Guides for classic IOS,
# Catalyst 9300 Stack Manager and High Availability Configuration Guide for
# IOS-XE). A router has neither. In the other mode a device knows no such
# command: `switch` is no exec keyword on classic IOS, and IOS-XE's global
# `switch N` only takes `provision`, so the parser stops where it stops there.
_STACK = [
    ("switch <member> priority <prio>", "switch_priority"),
    ("switch <member> renumber <member>", "switch_renumber"),
]

_PRIV_EXEC = [
    *_TERMINAL,
    ("enable [<n>]", "enable"),
    ("disable", "disable"),
    ("configure terminal", "configure"),
    ("configure replace <file> [force]", "configure_replace"),
    ("show running-config", "show_running"),
    ("show running-config interface <iface>", "show_running_interface"),
    ("show startup-config", "show_startup"),
    ("show inventory", "show_inventory"),
    ("show switch", "show_switch"),
    ("show switch detail", "show_switch"),
    ("show vlan", "show_vlan"),
    ("show vlan brief", "show_vlan_brief"),
    ("show vlan id <vlan>", "show_vlan_id"),
    ("show interfaces switchport", "show_interfaces_switchport"),
    ("show interfaces <iface> switchport", "show_interfaces_switchport"),
    ("show interfaces status", "show_interfaces_status"),
    ("show interfaces status err-disabled", "show_interfaces_status_errdisabled"),
    ("show interfaces <iface> status", "show_interfaces_status"),
    ("show etherchannel summary", "show_etherchannel_summary"),
    ("show spanning-tree", "show_spanning_tree"),
    ("show spanning-tree root", "show_spanning_tree_root"),
    ("show spanning-tree vlan <vlan>", "show_spanning_tree"),
    ("show ip interface brief", "show_ip_interface_brief"),
    ("show ip dhcp binding", "show_ip_dhcp_binding"),
    ("show ip dhcp pool [<word>]", "show_ip_dhcp_pool"),
    # Cisco Catalyst 2960-X / 9300 Security Configuration Guide, "Configuring DHCP
    # Features", "Monitoring DHCP Snooping Information"; format in show/dhcp.py
    ("show ip dhcp snooping", "show_ip_dhcp_snooping"),
    ("show ip route", "show_ip_route"),
    ("show ip ospf neighbor", "show_ip_ospf_neighbor"),
    ("show track", "show_track"),
    ("show track <n>", "show_track"),
    ("show ip sla statistics", "show_ip_sla_statistics"),
    ("show ip sla statistics <n>", "show_ip_sla_statistics"),
    ("show ip sla summary", "show_ip_sla_summary"),
    ("show archive", "show_archive"),
    ("show cdp neighbors", "show_cdp_neighbors"),
    ("show lldp neighbors", "show_lldp_neighbors"),
    ("show snmp user", "show_snmp_user"),
    ("show flash:", "dir"),
    ("show boot", "show_boot"),
    ("dir [<fs>]", "dir"),
    ("delete [/force] <file>", "delete"),
    ("copy running-config|startup-config|<file> running-config|startup-config|<file>", "copy"),
    ("write [memory]", "write"),
    ("reload", "reload"),
    ("archive config", "archive_config"),
    ("cellular <slot> lte profile create <n> <line>", "cellular"),
    ("cellular <slot> lte sim unlock <word>", "cellular"),
    ("cellular <slot> lte sim <line>", "cellular"),
    ("clear counters", "noop"),
]
PRIV_EXEC = compile_entries(_PRIV_EXEC)
PRIV_EXEC_STACK = compile_entries([*_PRIV_EXEC, *_STACK])
# `show sdm prefer` as a classic IOS switch (2960-X) answers it (show/sdm.py); the
# IOS-XE stacks and the routers are not simulated for it and refuse it.
PRIV_EXEC_CLASSIC_SWITCH = compile_entries([*_PRIV_EXEC, ("show sdm prefer", "show_sdm_prefer")])

_GLOBAL_CONFIG = [
    ("hostname <word>", "hostname"),
    ("version <word>", None),
    ("service <line>", None),
    ("platform <line>", None),
    ("boot-start-marker", None),
    ("boot-end-marker", None),
    ("boot system <line>", None),
    ("logging <line>", None),
    ("enable secret <line>", None),
    ("aaa new-model", None),
    # AAA and RADIUS: Security Configuration Guide (Cisco IOS XE 17, "Configuring RADIUS";
    # Catalyst 2960-X Security Configuration Guide, 15.2(x)E) and Security Command Reference:
    # `aaa group server radius` enters server-group configuration, `radius server` RADIUS
    # server configuration; their prompts are below (MODES).
    ("aaa authentication login <word> <line>", None),
    ("aaa authorization exec <word> <line>", None),
    ("aaa session-id common|unique", None),
    ("aaa group server radius <word>", "aaa_group"),
    ("radius server <word>", "radius_server"),
    ("ip radius source-interface <iface>", None),
    # `clock summer-time zone recurring [week day month hh:mm week day month hh:mm]`: Basic
    # System Management Command Reference
    ("clock summer-time <line>", None),
    ("clock timezone <line>", None),
    ("switch <member> provision <word>", "provision"),
    ("ip routing", None),
    ("ip name-server <line>", None),
    ("ip domain name <word>", None),
    ("ip domain lookup", None),
    ("ip domain-lookup", None),
    ("ip dhcp excluded-address <ip> [<ip>]", None),
    ("ip dhcp pool <word>", "dhcp_pool"),
    # DHCP snooping and dynamic ARP inspection: Cisco Catalyst 2960-X Security
    # Configuration Guide (Cisco IOS 15.2(2)E), "Configuring DHCP Features" (`ip dhcp
    # snooping`, `ip dhcp snooping vlan vlan-range`, `no ip dhcp snooping information
    # option`) and "Configuring Dynamic ARP Inspection" (`ip arp inspection vlan
    # vlan-range`); the same commands in the Catalyst 9300 Security Configuration
    # Guide (IOS-XE). A VLAN range adds to the VLANs already listed (configedit.py).
    ("ip dhcp snooping", None),
    ("ip dhcp snooping vlan <vlans>", "vlan_set"),
    ("ip dhcp snooping information option", None),
    ("ip arp inspection vlan <vlans>", "vlan_set"),
    ("ip default-gateway <ip>", None),
    ("ip forward-protocol nd", None),
    ("ip http server", None),
    ("ip http secure-server", None),
    ("ip http authentication local", None),
    ("ip nat inside source list <word> interface <iface> [overload]", None),
    ("ip route <ip> <ip> <line>", None),
    # IP SLA and object tracking: Cisco IOS IP SLAs Command Reference (`ip sla`,
    # `ip sla schedule`) and Cisco IOS IP Application Services Command Reference
    # (`track ip sla`); the lines and their printed form are the routed design's
    # (docs/routed-design.md, /work/shared/platform-notes.md "Failover by tracking").
    ("ip sla <n>", "ip_sla"),
    ("ip sla schedule <n> life forever start-time now", None),
    ("track <n> ip sla <n> reachability", "track"),
    ("track <n>", "track_number"),  # `no track N`; alone it is incomplete
    ("router ospf <n>", "router"),
    # Classic IOS only (2960-X LAN Base); the session refuses it elsewhere.
    ("sdm prefer <word>", "sdm"),
    ("dialer-list <n> protocol ip permit|deny", None),
    # Secure Copy configuration guide (Security Configuration Guide: Secure Shell,
    # "Configuring SCP"): `ip scp server enable`; the SSH server's exec channel takes
    # `scp -t`/`scp -f` only with it (server.py).
    ("ip scp server enable", None),
    ("ip ssh version <n>", None),
    ("ip ssh time-out <n>", None),
    # Secure Shell Configuration Guide (`ip ssh authentication-retries`; IOS XE 17:
    # `ip ssh server algorithm mac|encryption|kex ...`). A 2960-X is not asked the
    # algorithm lines (the catalogue's ssh_algorithms), so the simulator does not refuse them.
    ("ip ssh authentication-retries <n>", None),
    ("ip ssh server algorithm mac|encryption|kex <line>", None),
    ("ip access-list standard <word>", "acl_standard"),
    ("ip access-list extended <word>", "acl_extended"),
    ("access-list <n> permit|deny <line>", None),
    ("login on-success log", None),
    ("login on-failure log", None),
    ("login block-for <line>", None),
    ("vtp mode transparent|server|client|off", "vtp_mode"),
    ("vtp domain <word>", None),
    ("vtp version <n>", None),
    ("license boot level <line>", None),
    ("diagnostic bootup level minimal|complete", None),
    ("memory free low-watermark processor <n>", None),
    ("system mtu <n>", None),
    ("spanning-tree mode pvst|rapid-pvst|mst", None),
    ("spanning-tree extend system-id", None),
    ("spanning-tree loopguard default", None),
    ("spanning-tree portfast [edge] default", None),
    ("spanning-tree portfast [edge] bpduguard default", None),
    ("spanning-tree portfast [edge] bpdufilter default", None),
    ("spanning-tree vlan <vlans> priority <n>", "stp_priority"),
    ("spanning-tree vlan <vlans> hello-time|forward-time|max-age <n>", None),
    ("errdisable recovery cause <word>", None),
    ("errdisable recovery interval <n>", None),
    ("archive", "archive"),
    ("username <word> [privilege <n>] secret|password <line>", None),
    ("redundancy", "redundancy"),
    ("controller Cellular <slot>", "controller"),
    ("cdp run", None),
    ("lldp run", None),
    ("vlan <vlans>", "vlan"),
    ("interface <iface>", "interface"),
    ("snmp-server <line>", None),
    ("ntp server <line>", None),
    ("banner motd|login|exec <line>", "banner"),
    ("line con|aux <n>", "line"),
    ("line vty <n> [<n>]", "line"),
    ("port-channel load-balance <word>", None),
    ("udld enable|aggressive", None),
]
GLOBAL_CONFIG = compile_entries(_GLOBAL_CONFIG)
GLOBAL_CONFIG_STACK = compile_entries([*_GLOBAL_CONFIG, *_STACK])

INTERFACE_CONFIG = compile_entries(
    [
        ("description <line>", None),
        ("switchport", None),
        ("switchport mode access|trunk", None),
        ("switchport mode dynamic auto|desirable", None),
        ("switchport access vlan <vlan>", "access_vlan"),
        ("switchport voice vlan <vlan>|dot1p|none|untagged", None),
        ("switchport trunk native vlan <vlan>", None),
        ("switchport trunk allowed vlan <vlans>|all|none", "allowed_vlan"),
        ("switchport trunk allowed vlan add|remove|except <vlans>", "allowed_vlan"),
        ("switchport trunk encapsulation dot1q|isl|negotiate", None),
        ("switchport nonegotiate", None),
        # port security: Catalyst 2960-X Security Configuration Guide, "Configuring
        # Port-Based Traffic Control", port security (`switchport port-security`,
        # `... maximum value [vlan ...]`, `... violation {protect | restrict |
        # shutdown}`, `... aging {time t | type {absolute | inactivity}}`, `... mac-address`)
        ("switchport port-security", "port_security"),
        ("switchport port-security maximum <n> [vlan <rest>]", "port_security"),
        ("switchport port-security violation protect|restrict|shutdown", "port_security"),
        ("switchport port-security aging time <n>", "port_security"),
        ("switchport port-security aging type absolute|inactivity", "port_security"),
        ("switchport port-security mac-address <line>", "port_security"),
        ("switchport block unicast|multicast", None),
        ("switchport protected", None),
        ("spanning-tree portfast [edge] [trunk]", None),
        ("spanning-tree portfast disable|network", None),
        ("spanning-tree bpduguard enable|disable", None),
        ("spanning-tree bpdufilter enable|disable", None),
        ("spanning-tree guard loop|root|none", None),
        ("spanning-tree link-type point-to-point|shared", None),
        ("spanning-tree cost <n>", None),
        ("spanning-tree port-priority <n>", None),
        ("spanning-tree vlan <vlans> cost|port-priority <n>", None),
        ("channel-group <n> mode active|passive|on|auto|desirable", "channel_group"),
        ("channel-protocol lacp|pagp", None),
        ("lacp rate fast|normal", None),
        ("lacp port-priority <n>", None),
        ("shutdown", None),
        ("ip address <ip> <ip> [secondary]", None),
        ("ip address negotiated|dhcp", None),
        ("ip nat inside|outside", None),
        ("ip helper-address <ip>", None),
        # MD5 authentication of an interface (IP Routing: OSPF Command Reference, Cisco IOS XE:
        # `ip ospf authentication [message-digest | null]`; `ip ospf message-digest-key key-id
        # md5 [encryption-type] key`, whose `no` form takes the key id alone)
        ("ip ospf authentication message-digest|null", None),
        ("ip ospf authentication", None),
        ("ip ospf message-digest-key <n> md5 <word> [<word>]", None),
        # interface lines of the same guides: `ip dhcp snooping trust`, `ip dhcp
        # snooping limit rate rate` (1-2048 pps), `ip arp inspection trust`, `ip arp
        # inspection limit rate pps` (0-2048) or `none`, and IP source guard's `ip
        # verify source` ("Configuring IP Source Guard")
        ("ip dhcp snooping trust", None),
        ("ip dhcp snooping limit rate <rate>", None),
        ("ip arp inspection trust", None),
        ("ip arp inspection limit rate <arprate>|none", None),
        ("ip verify source [port-security]", None),
        ("ip ospf network point-to-point|broadcast", None),
        ("ip ospf hello-interval <n>", None),
        ("ip ospf dead-interval <n>", None),
        ("encapsulation dot1Q <vlan>", "encapsulation"),
        ("ip access-group <word> in|out", None),
        ("ip proxy-arp", None),
        ("ip redirects", None),
        ("ip unreachables", None),
        ("ip mtu <n>", None),
        ("ip tcp adjust-mss <n>", None),
        ("vrf forwarding <word>", None),
        ("dialer in-band", None),
        ("dialer idle-timeout <n> [<n>]", None),
        ("dialer watch-group <n>", None),
        ("dialer-group <n>", None),
        ("pulse-time <n>", None),
        ("speed auto|10|100|1000|10000", None),
        ("duplex auto|full|half", None),
        ("mtu <n>", None),
        ("power inline auto|never|static [<rest>]", None),
        # storm control, same guide: `storm-control {broadcast | multicast | unicast}
        # level level [level-low]` and `storm-control action {shutdown | trap}`
        ("storm-control broadcast|multicast|unicast level <level> [<level>]", None),
        ("storm-control action shutdown|trap", None),
        ("load-interval <n>", None),
        ("negotiation auto", None),
        ("cdp enable", None),
        ("lldp transmit|receive", None),
        ("keepalive [<n>]", None),
        ("udld port [aggressive]", None),
        ("service-policy input|output <word>", None),
        ("logging event link-status", None),
        ("snmp trap link-status", None),
    ]
)

VLAN_CONFIG = compile_entries(
    [
        ("name <word>", "vlan_name"),
        ("state active|suspend", None),
        ("shutdown", None),
        ("mtu <n>", None),
        ("remote-span", None),
    ]
)

DHCP_CONFIG = compile_entries(
    [
        ("network <ip> <ip>", None),
        ("default-router <line>", None),
        ("dns-server <line>", None),
        ("domain-name <word>", None),
        ("lease <n> [<n>] [<n>]", "lease"),
        ("lease infinite", None),
        ("option <n> <line>", None),
    ]
)

CONTROLLER_CONFIG = compile_entries(
    [
        ("lte <line>", None),
        ("profile id <n> apn <line>", None),
    ]
)

STD_ACL_CONFIG = compile_entries(
    [
        ("[<n>] permit|deny <ip> [<ip>]", "acl_entry"),
        ("[<n>] permit|deny host <ip>", "acl_entry"),
        ("[<n>] permit|deny any", "acl_entry"),
        ("remark <line>", "acl_entry"),
    ]
)

EXT_ACL_CONFIG = compile_entries(
    [
        ("[<n>] permit|deny <line>", "acl_entry"),
        ("remark <line>", "acl_entry"),
    ]
)

LINE_CONFIG = compile_entries(
    [
        ("transport input|output <line>", None),
        ("login [local]", None),
        ("exec-timeout <n> [<n>]", None),
        ("logging synchronous", None),
        ("password <line>", None),
        ("stopbits <n>", None),
        ("access-class <word> in", None),
        ("privilege level <n>", None),
        ("length <n>", None),
        ("session-timeout <n>", None),
    ]
)

ARCHIVE_CONFIG = compile_entries(
    [
        ("path <word>", None),
        ("maximum <n>", None),
        ("write-memory", None),
        ("time-period <n>", None),
    ]
)

REDUNDANCY_CONFIG = compile_entries([("mode sso|rpr", None)])

IP_SLA_CONFIG = compile_entries([("icmp-echo <ip> source-interface <iface>", "icmp_echo")])

IP_SLA_ECHO_CONFIG = compile_entries(
    [
        ("frequency <n>", None),
        ("timeout <n>", None),
        ("threshold <n>", None),
    ]
)

TRACK_CONFIG = compile_entries([("delay down <n> up <n>", None)])

# Security Command Reference: `server name` in server-group RADIUS configuration;
# `address ipv4 ... [auth-port N] [acct-port N]` and `key` in RADIUS server configuration.
RADIUS_GROUP_CONFIG = compile_entries([("server name <word>", None)])
RADIUS_SERVER_CONFIG = compile_entries(
    [
        ("address ipv4 <ip> <line>", None),
        ("address ipv4 <ip>", None),
        ("key <line>", None),
    ]
)

ROUTER_CONFIG = compile_entries(
    [
        ("router-id <ip>", None),
        ("area <n> stub [no-summary]", None),
        ("area <n> range <ip> <ip>", None),
        ("passive-interface default", "passive"),
        ("passive-interface <iface>", "passive"),
        ("network <ip> <ip> area <n>", None),
        ("redistribute static", None),
        ("default-information originate", None),
    ]
)

# mode name -> (prompt suffix, grammar, block context)
MODES: dict[str, tuple[str, list[Entry], str]] = {
    "config": ("(config)#", GLOBAL_CONFIG, "global"),
    "config-if": ("(config-if)#", INTERFACE_CONFIG, "interface"),
    "config-vlan": ("(config-vlan)#", VLAN_CONFIG, "vlan"),
    "dhcp-config": ("(dhcp-config)#", DHCP_CONFIG, "dhcp"),
    "config-controller": ("(config-controller)#", CONTROLLER_CONFIG, "controller"),
    "config-std-nacl": ("(config-std-nacl)#", STD_ACL_CONFIG, "acl"),
    "config-ext-nacl": ("(config-ext-nacl)#", EXT_ACL_CONFIG, "acl"),
    "config-line": ("(config-line)#", LINE_CONFIG, "line"),
    "config-archive": ("(config-archive)#", ARCHIVE_CONFIG, "archive"),
    "config-red": ("(config-red)#", REDUNDANCY_CONFIG, "redundancy"),
    # IP SLA sub-modes: Cisco IOS IP SLAs Command Reference, command modes of
    # `icmp-echo` and `frequency` ("IP SLA configuration (config-ip-sla)", "ICMP
    # echo configuration (config-ip-sla-echo)"); the echo lines print under `ip sla N`.
    "config-ip-sla": ("(config-ip-sla)#", IP_SLA_CONFIG, "ipsla"),
    "config-ip-sla-echo": ("(config-ip-sla-echo)#", IP_SLA_ECHO_CONFIG, "ipsla"),
    # `track N ip sla M` enters tracking configuration mode: Cisco IOS IP
    # Application Services Command Reference, `track ip sla` ("enter tracking
    # configuration mode"); prompt as in a public IOS capture:
    # `R28(config)#track 10 ip sla 1 reachability` / `R28(config-track)#delay down 10 up 5`.
    "config-track": ("(config-track)#", TRACK_CONFIG, "track"),
    # Cisco IOS IP Routing: OSPF Command Reference, `router ospf`: "Router
    # configuration (config-router)".
    "config-router": ("(config-router)#", ROUTER_CONFIG, "router"),
    # Security Configuration Guide, "Configuring RADIUS" (IOS XE 17): `Device(config)# aaa
    # group server radius group1` / `Device(config-sg-radius)# server name ...`, and
    # `Device(config)# radius server ISE` / `Device(config-radius-server)# address ipv4 ...`.
    "config-sg-radius": ("(config-sg-radius)#", RADIUS_GROUP_CONFIG, "aaagroup"),
    "config-radius-server": ("(config-radius-server)#", RADIUS_SERVER_CONFIG, "radius"),
}


def exec_grammar(privileged: bool, stack_mode: str | None) -> list[Entry]:
    """The exec commands of a device, whose stack commands live in `stack_mode`."""
    if not privileged:
        return USER_EXEC
    if stack_mode == "exec":
        return PRIV_EXEC_STACK
    return PRIV_EXEC_CLASSIC_SWITCH if stack_mode == "config" else PRIV_EXEC


def config_grammar(mode: str, stack_mode: str | None) -> list[Entry]:
    """The commands of a configuration mode, whose stack commands live in `stack_mode`."""
    if mode == "config" and stack_mode == "config":
        return GLOBAL_CONFIG_STACK
    return MODES[mode][1]
