"""Factory configuration and software identity of each simulated platform."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Software:
    flavor: str  # "iosxe" or "ios"
    version_line: str  # first config line
    version: str  # as printed by `show version`
    image: str  # software image name
    train: str
    running_image: str
    rommon: str
    release: str = "fc3"


SOFTWARE: dict[str, Software] = {
    "c9300": Software(
        "iosxe",
        "version 17.9",
        "17.9.4a",
        "CAT9K_IOSXE",
        "Cupertino",
        "flash:packages.conf",
        "IOS-XE ROMMON",
    ),
    "c9200": Software(
        "iosxe",
        "version 17.9",
        "17.9.4a",
        "CAT9K_LITE_IOSXE",
        "Cupertino",
        "flash:packages.conf",
        "IOS-XE ROMMON",
    ),
    "c9500": Software(
        "iosxe",
        "version 17.9",
        "17.9.4a",
        "CAT9K_IOSXE",
        "Cupertino",
        "flash:packages.conf",
        "IOS-XE ROMMON",
    ),
    "c2960x": Software(
        "ios",
        "version 15.2",
        "15.2(7)E8",
        "C2960X-UNIVERSALK9-M",
        "",
        "flash:/c2960x-universalk9-mz.152-7.E8.bin",
        "Bootstrap program is C2960X boot loader",
        "fc1",
    ),
    "ir1101": Software(
        "iosxe",
        "version 17.9",
        "17.9.4a",
        "ARMV8EB_LINUX_IOSD-UNIVERSALK9_IAS-M",
        "Cupertino",
        "bootflash:ir1101-universalk9.17.09.04a.SPA.bin",
        "IOS-XE ROMMON",
    ),
}

_SWITCH_XE = """\
service timestamps debug datetime msec
service timestamps log datetime msec
service call-home
platform punt-keepalive disable-kernel-core
hostname {hostname}
boot-start-marker
boot-end-marker
no aaa new-model
login on-success log
spanning-tree mode rapid-pvst
spanning-tree extend system-id
redundancy
 mode sso
interface Vlan1
 no ip address
 shutdown
ip forward-protocol nd
ip http server
ip http authentication local
ip http secure-server
line con 0
 stopbits 1
line vty 0 4
 login
 transport input ssh
line vty 5 15
 login
 transport input ssh
"""

_SWITCH_CLASSIC = """\
no service pad
service timestamps debug datetime msec
service timestamps log datetime msec
no service password-encryption
hostname {hostname}
boot-start-marker
boot-end-marker
no aaa new-model
spanning-tree mode pvst
spanning-tree extend system-id
interface Vlan1
 no ip address
 shutdown
ip http server
ip http secure-server
line con 0
line vty 0 4
 login
line vty 5 15
 login
"""

_ROUTER_XE = """\
service timestamps debug datetime msec
service timestamps log datetime msec
platform punt-keepalive disable-kernel-core
hostname {hostname}
boot-start-marker
boot-end-marker
no aaa new-model
login on-success log
interface GigabitEthernet0/0/0
 no ip address
interface Cellular0/1/0
 ip address negotiated
 dialer in-band
 dialer idle-timeout 0
 pulse-time 1
interface Cellular0/1/1
 no ip address
 shutdown
interface Vlan1
 no ip address
ip forward-protocol nd
ip http server
ip http secure-server
line con 0
 stopbits 1
line vty 0 4
 login
 transport input ssh
"""


def factory_config(family: str, hostname: str) -> str:
    if family == "ir1101":
        template = _ROUTER_XE
    elif SOFTWARE[family].flavor == "ios":
        template = _SWITCH_CLASSIC
    else:
        template = _SWITCH_XE
    return SOFTWARE[family].version_line + "\n" + template.format(hostname=hostname)
