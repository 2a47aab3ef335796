"""`show version` and `show inventory` for Catalyst stacks and the IR1101."""

from __future__ import annotations

from ..device import Device
from ..hardware import SWITCH_MODELS, mac_colon
from ..stack import Member

_CRYPTO = """\
This product contains cryptographic features and is subject to United
States and local country laws governing import, export, transfer and
use. Delivery of Cisco cryptographic products does not imply
third-party authority to import, export, distribute or use encryption.
Importers, exporters, distributors and users are responsible for
compliance with U.S. and local country laws. By using this product you
agree to comply with applicable laws and regulations. If you are unable
to comply with U.S. and local laws, return this product immediately.

A summary of U.S. laws governing Cisco cryptographic products may be found at:
http://www.cisco.com/wwl/export/crypto/tool/stqrg.html

If you require further assistance please contact us by sending email to
export@cisco.com.
"""

_GPL = """\
Cisco IOS-XE software, Copyright (c) 2005-2023 by cisco Systems, Inc.
All rights reserved.  Certain components of Cisco IOS-XE software are
licensed under the GNU General Public License ("GPL") Version 2.0.  The
software code licensed under GPL Version 2.0 is free software that comes
with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such
GPL code under the terms of GPL Version 2.0.  For more details, see the
documentation or "License Notice" file accompanying the IOS-XE software,
or the applicable URL provided on the flyer accompanying the IOS-XE
software.
"""


def format_uptime(seconds: int) -> str:
    """IOS style: `1 year, 2 weeks, 3 days, 4 hours, 5 minutes` (zero units left out)."""
    minutes_total = seconds // 60
    parts = []
    for unit, size in (("year", 525600), ("week", 10080), ("day", 1440), ("hour", 60)):
        value, minutes_total = divmod(minutes_total, size)
        if value:
            parts.append(f"{value} {unit}{'s' if value != 1 else ''}")
    parts.append(f"{minutes_total} minute{'s' if minutes_total != 1 else ''}")
    return ", ".join(parts)


def xe_version_string(version: str) -> str:
    """17.9.4a -> 17.09.04a (the `Cisco IOS XE Software, Version` spelling)."""
    major, minor, patch = version.split(".")
    digits = "".join(c for c in patch if c.isdigit())
    return f"{major}.{int(minor):02d}.{int(digits):02d}{patch[len(digits) :]}"


def show_version(device: Device) -> str:
    sw = device.software
    uptime = format_uptime(device.uptime_seconds())
    host = device.hostname
    out: list[str] = []
    if sw.flavor == "iosxe":
        kind = "Catalyst L3 Switch Software" if device.is_switch else "IR1101 Software"
        out += [
            f"Cisco IOS XE Software, Version {xe_version_string(sw.version)}",
            f"Cisco IOS Software [{sw.train}], {kind} ({sw.image}), Version {sw.version}, "
            f"RELEASE SOFTWARE ({sw.release})",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
            "Compiled Fri 20-Oct-23 10:44 by mcpre",
            "",
            "",
            _GPL,
            "",
            f"ROM: {sw.rommon}",
            "BOOTLDR: System Bootstrap, Version 17.9.1r, RELEASE SOFTWARE (P)",
            "",
            f"{host} uptime is {uptime}",
            f"Uptime for this control processor is {uptime}",
            "System returned to ROM by Reload Command",
            f'System image file is "{sw.running_image}"',
            "Last reload reason: Reload Command",
            "",
            "",
            "",
            _CRYPTO,
            "",
        ]
    else:
        out += [
            f"Cisco IOS Software, C2960X Software ({sw.image}), Version {sw.version}, "
            f"RELEASE SOFTWARE ({sw.release})",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2022 by Cisco Systems, Inc.",
            "Compiled Wed 14-Sep-22 05:02 by mcpre",
            "",
            f"ROM: {sw.rommon}",
            "BOOTLDR: C2960X Boot Loader (C2960X-HBOOT-M) Version 15.2(3r)E1, RELEASE SOFTWARE "
            "(fc1)",
            "",
            f"{host} uptime is {uptime}",
            "System returned to ROM by power-on",
            f'System image file is "{sw.running_image}"',
            "",
            "",
            _CRYPTO,
        ]
    out += _switch_hardware(device) if device.is_switch else _router_hardware(device)
    return "\n".join(out) + "\n"


def _switch_hardware(device: Device) -> list[str]:
    sw = device.software
    active = device.stack.active
    others = [m for m in device.stack.members if m is not active]
    xe = sw.flavor == "iosxe"
    out: list[str] = []
    if xe:
        out += [
            "Technology Package License Information: ",
            "",
            "-" * 78,
            "Technology-package                                     Technology-package",
            "Current                        Type                       Next reboot  ",
            "-" * 78,
            "network-advantage       Smart License                    network-advantage   ",
            "dna-advantage           Subscription Smart License       dna-advantage       ",
            "",
            "",
            "Smart Licensing Status: Smart Licensing Using Policy",
            "",
            f"cisco {active.model} (X86) processor with 1338934K/6147K bytes of memory.",
            f"Processor board ID {active.serial}",
            "2048K bytes of non-volatile configuration memory.",
            "8388608K bytes of physical memory.",
            "1638400K bytes of Crash Files at crashinfo:.",
            "11264000K bytes of Flash at flash:.",
            "0K bytes of WebUI ODM Files at webui:.",
            "",
        ]
    else:
        out += [
            f"cisco {active.model} (APM86XXX) processor (revision B0) with 524288K bytes of "
            "memory.",
            f"Processor board ID {active.serial}",
            "Last reset from power-on",
            "1 Virtual Ethernet interface",
            "512K bytes of flash-simulated non-volatile configuration memory.",
        ]
    out += _member_block(active, xe)
    out += ["", ""]
    if xe:
        out += [
            "Switch Ports Model              SW Version        SW Image              Mode   ",
            "------ ----- -----              ----------        ----------            ----   ",
        ]
    else:
        out += [
            "Switch Ports Model                     SW Version            SW Image",
            "------ ----- -----                     ----------            ----------",
        ]
    for member in device.stack.members:
        mark = "*" if member is active else " "
        ports = len(SWITCH_MODELS[member.model].interfaces(member.number))
        if xe:
            out.append(
                f"{mark}{member.number:>5} {ports:<5} {member.model:<18} "
                f"{xe_version_string(sw.version):<17} {sw.image:<21} INSTALL"
            )
        else:
            out.append(
                f"{mark}{member.number:>5} {ports:<5} {member.model:<25} {sw.version:<21} "
                f"{sw.image}"
            )
    out += ["", ""]
    uptime = format_uptime(device.uptime_seconds())
    for member in others:
        out += [f"Switch {member.number:02d}", "---------"]
        out.append(f"Switch uptime                      : {uptime} ")
        if xe:
            out.append("")
        out += _member_block(member, xe)
        out.append("")
    out.append("Configuration register is " + ("0x102" if xe else "0xF"))
    return out


def _member_block(member: Member, xe: bool) -> list[str]:
    board = f"{member.serial[:3]}2{member.serial[4:]}"
    if xe:
        return [
            f"Base Ethernet MAC Address          : {mac_colon(member.mac)}",
            "Motherboard Assembly Number        : 73-17954-06",
            f"Motherboard Serial Number          : {board}",
            "Model Revision Number              : A0",
            "Motherboard Revision Number        : A0",
            f"Model Number                       : {member.model}",
            f"System Serial Number               : {member.serial}",
            "CLEI Code Number                   : ",
        ]
    return [
        f"Base ethernet MAC Address       : {mac_colon(member.mac)}",
        "Motherboard assembly number     : 73-14088-04",
        f"Motherboard serial number       : {board}",
        "Model revision number           : B0",
        "Motherboard revision number     : A0",
        f"Model number                    : {member.model}",
        f"System serial number            : {member.serial}",
        "Top Assembly Part Number        : 68-4715-03",
        "Top Assembly Revision Number    : B0",
        f"Version ID                      : {member.hw_version}",
    ]


def _router_hardware(device: Device) -> list[str]:
    spec = device.spec
    return [
        f"cisco {spec.model} (ARM64) processor (revision 1.2 GHz) with 711971K/3075K bytes "
        "of memory.",
        f"Processor board ID {spec.serial}",
        "Router operating mode: Autonomous",
        "1 Virtual Ethernet interface",
        "4 FastEthernet interfaces",
        "1 Gigabit Ethernet interface",
        "2 Cellular interfaces",
        "32768K bytes of non-volatile configuration memory.",
        "4038072K bytes of physical memory.",
        "3208191K bytes of Bootflash at bootflash:.",
        "",
        "Configuration register is 0x2102",
    ]


def inventory_items(device: Device) -> list[tuple[str, str, str, str, str]]:
    """(name, descr, pid, vid, sn) rows, in IOS order."""
    items: list[tuple[str, str, str, str, str]] = []
    if not device.is_switch:
        spec = device.spec
        items.append(("Chassis", "IR1101 Base Chassis", spec.model, "V03", spec.serial))
        items.append(("module 0", "IR1101 Base Module", spec.model, "V03", spec.serial))
        items.append(
            (
                "Modem 0 on Cellular0/1/0",
                "Sierra Wireless EM7455",
                "P-LTEA-EA",
                "V01",
                "356129070123456",
            )
        )
        return items
    xe = device.software.flavor == "iosxe"
    family = SWITCH_MODELS[device.stack.members[0].model].family
    if xe:
        chassis = f"c{family[1:3]}xx Stack"
        first = device.stack.members[0]
        items.append((chassis, chassis, first.model, first.hw_version, first.serial))
    for member in device.stack.members:
        if not xe:
            items.append(
                (str(member.number), member.model, member.model, member.hw_version, member.serial)
            )
            continue
        items.append(
            (
                f"Switch {member.number}",
                member.model,
                member.model,
                member.hw_version,
                member.serial,
            )
        )
        items.append(
            (
                f"Switch {member.number} - Power Supply A",
                f"Switch {member.number} - Power Supply A",
                "PWR-C1-715WAC",
                "V02",
                f"LIT{member.serial[3:]}A",
            )
        )
        uplinks = [g for g in SWITCH_MODELS[member.model].port_groups if g.uplink]
        if uplinks and family == "c9300":
            count = uplinks[0].last - uplinks[0].first + 1
            items.append(
                (
                    f"Switch {member.number} FRU Uplink Module 1",
                    f"{count}x10G Uplink Module",
                    f"C9300-NM-{count}X",
                    "V02",
                    f"FOC{member.serial[3:]}U",
                )
            )
    return items


def show_inventory(device: Device) -> str:
    out: list[str] = []
    for name, descr, pid, vid, sn in inventory_items(device):
        out.append(f'NAME: "{name}", DESCR: "{descr}"')
        out.append(f"PID: {pid:<18}, VID: {vid:<5}, SN: {sn}")
        out.append("")
    return "\n".join(out) + "\n"
