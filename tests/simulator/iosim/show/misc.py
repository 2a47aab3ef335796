"""Small outputs: archive, neighbours, clock, boot, flash directory."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from ..device import Device
from ..hardware import short_name


def archive_settings(device: Device) -> tuple[str, int] | None:
    node = device.find("archive")
    if node is None:
        return None
    path = next((c.text.split()[1] for c in node.children if c.text.startswith("path ")), None)
    if path is None:
        return None
    maximum = next(
        (int(c.text.split()[1]) for c in node.children if c.text.startswith("maximum ")), 10
    )
    return path, maximum


def show_archive(device: Device) -> str:
    settings = archive_settings(device)
    if settings is None:
        return " Archive feature not enabled\n"
    path, maximum = settings
    files = device.archive_files[-maximum:]
    count = len(device.archive_files)
    out = [
        f"The maximum archive configurations allowed is {maximum}.",
        f"There are currently {len(files)} archive configuration"
        f"{'s' if len(files) != 1 else ''} saved.",
        f"The next archive file will be named {path}-{count}",
        " Archive #  Name",
    ]
    for i in range(1, maximum + 1):
        if i <= len(files):
            recent = " <- Most Recent" if i == len(files) else ""
            out.append(f"   {i:<9}{files[i - 1]}{recent}")
        else:
            out.append(f"   {i}")
    return "\n".join(out) + "\n"


def show_cdp_neighbors(device: Device) -> str:
    out = [
        "Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge",
        "                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone, ",
        "                  D - Remote, C - CVTA, M - Two-port Mac Relay ",
        "",
        "Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID",
    ]
    for n in device.spec.neighbors:
        local = _cdp_name(short_name(n.local))
        remote = _cdp_name(n.port)
        row = f"{local:<18}{152:<11}{n.capability:>10}  {n.platform[:9]:<10}{remote}"
        if len(n.device) > 16:
            out += [n.device, " " * 17 + row]
        else:
            out.append(f"{n.device:<17}{row}")
    out += ["", f"Total cdp entries displayed : {len(device.spec.neighbors)}"]
    return "\n".join(out) + "\n"


def _cdp_name(name: str) -> str:
    """CDP prints `Ten 1/1/1` style names."""
    for short, cdp in (
        ("Te", "Ten"),
        ("Gi", "Gig"),
        ("Twe", "Twe"),
        ("Hu", "Hun"),
        ("Fa", "Fas"),
        ("Po", "Por"),
    ):
        if name.startswith(short) and name[len(short) : len(short) + 1].isdigit():
            return f"{cdp} {name[len(short) :]}"
    return name


def show_lldp_neighbors(device: Device) -> str:
    out = [
        "Capability codes:",
        "    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device",
        "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other",
        "",
        "Device ID           Local Intf     Hold-time  Capability      Port ID",
    ]
    for n in device.spec.neighbors:
        caps = ",".join(c for c in ("B", "R") if c in n.capability.replace("S", "B"))
        out.append(f"{n.device[:20]:<20}{short_name(n.local):<15}{120:<11}{caps:<16}{n.port}")
    out += ["", f"Total entries displayed: {len(device.spec.neighbors)}"]
    return "\n".join(out) + "\n"


def show_clock() -> str:
    now = time.gmtime()
    millis = int(time.time() * 1000) % 1000
    return time.strftime(f"*%H:%M:%S.{millis:03d} UTC %a %b %d %Y", now) + "\n"


def show_boot(device: Device) -> str:
    return (
        "---------------------------\n"
        "Switch 1\n"
        "---------------------------\n"
        f"Current Boot Variables:\nBOOT variable = {device.software.running_image};\n\n"
        "Boot Variables on next reload:\n"
        f"BOOT variable = {device.software.running_image};\n"
        "Manual Boot = no\nEnable Break = no\n"
    )


def dir_flash(device: Device) -> str:
    out = ["Directory of flash:/", ""]
    total = 11353194496
    used = 0
    for path in sorted(Path(device.flash).iterdir()):
        if not path.is_file():
            continue
        stat = path.stat()
        used += stat.st_size
        stamp = time.strftime("%b %d %Y %H:%M:%S +00:00", time.gmtime(stat.st_mtime))
        out.append(f"{stat.st_ino % 1000000:>8}  -rw-  {stat.st_size:>15}  {stamp}  {path.name}")
    out += ["", f"{total} bytes total ({total - used - 1638400000} bytes free)"]
    return "\n".join(out) + "\n"


def show_snmp_user(device: Device) -> str:
    """`show snmp user`, one paragraph per user.

    Format: the example output of cisco.ios's snmp_server facts (ansible_collections/cisco/ios/
    plugins/module_utils/network/ios/facts/snmp_server/snmp_server.py: `User name: TESTU25` /
    `Engine ID: 000000090200000000000A0B` / `storage-type: nonvolatile        active
    access-list: 22` / `Authentication Protocol: MD5` / `Privacy Protocol: None` /
    `Group-name: TESTG`) and ntc-templates' cisco_ios_show_snmp_user.textfsm, which reads
    `storage-type: nonvolatile active` without an access list; "SHA" and "AES128" as the SNMP
    Configuration Guide's `show snmp user` example prints them. The blank line between users
    and the engine id (800000090300 and the base MAC here) are not verified on a capture.
    """
    engine = "800000090300" + hashlib.sha1(device.name.encode()).hexdigest()[:12].upper()
    out = []
    for name, user in device.snmp_users.items():
        out += [
            f"User name: {name}",
            f"Engine ID: {engine}",
            "storage-type: nonvolatile\tactive",
            f"Authentication Protocol: {user['auth']}",
            f"Privacy Protocol: {user['priv']}",
            f"Group-name: {user['group']}",
            "",
        ]
    return "\n".join(out) + ("\n" if out else "")
