"""Refusing a plan that would cut a device off its management path.

A change that takes SSH off the vty lines, filters them so the controller is left out, or
makes logins depend on RADIUS alone, is refused in the same way (``ssh_guard``).
A change that removes the management VLAN or SVI, shuts an uplink or moves
its members, turns routing off, or readdresses or re-modes a routed uplink
(its other end, on a core, would no longer match) is refused before anything
is sent: the run could not reach the device afterwards to finish or roll back
the change.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from ..net.vlan_ids import vlan_expand
from .blocks import parse_blocks


def _interface_lines(lines: list[str]) -> dict[str, list[str]]:
    """Children per parent line in a remediation."""
    out: dict[str, list[str]] = {}
    parent = ""
    for line in lines:
        if line.startswith(" "):
            out.setdefault(parent, []).append(line.strip())
        else:
            parent = line
            out.setdefault(parent, [])
    return out


def _layers(running: str) -> tuple[set[str], set[str]]:
    """Interfaces that carry traffic now: those with an address, those switching (a trunk,
    or a bundle member)."""
    addressed: set[str] = set()
    switched: set[str] = set()
    for top, children in parse_blocks(running):
        if not top.startswith("interface "):
            continue
        lines = [c.strip() for c in children]
        name = top.removeprefix("interface ")
        if any(line.startswith("ip address ") for line in lines):
            addressed.add(name)
        if "no switchport" not in lines and any(
            line.startswith(("switchport mode trunk", "channel-group ")) for line in lines
        ):
            switched.add(name)
    return addressed, switched


def _channel_members(running: str) -> dict[int, set[str]]:
    members: dict[int, set[str]] = {}
    for top, children in parse_blocks(running):
        for child in children:
            found = re.match(r"^channel-group (\d+) ", child.strip())
            if found and top.startswith("interface "):
                members.setdefault(int(found.group(1)), set()).add(top.removeprefix("interface "))
    return members


_VTY = re.compile(r"^line vty \d+( \d+)?$")
_ACL_ENTRY = re.compile(
    r"^(?:(\d+) )?(permit|deny) (?:host (\S+)|(any)|(\S+)(?: (\S+))?)(?: log)?$"
)


def _acl_entries(running: str, planned: dict[str, list[str]], name: str) -> list[str]:
    """The entries of standard ACL ``name`` once the plan is applied (by sequence number)."""
    header = f"ip access-list standard {name}"
    entries: dict[str, str] = {}
    for top, children in parse_blocks(running):
        if top == header:
            for k, child in enumerate(children):
                text = child.strip()
                seq = text.split()[0] if text.split()[0].isdigit() else f"~{k}"
                entries[seq] = text
    if f"no {header}" in planned:
        entries = {}
    for k, text in enumerate(planned.get(header, [])):
        words = text.split()
        if words[0] == "no":
            entries.pop(words[1] if len(words) > 1 else "", None)
            entries = {s: e for s, e in entries.items() if e != " ".join(words[1:])}
        else:
            entries[words[0] if words[0].isdigit() else f"+{k}"] = text
    return list(entries.values())


def _permitted(entries: list[str], network: ipaddress.IPv4Network) -> bool:
    """Whether a permit entry covers the whole of ``network`` (a deny before it is not read:
    the design's own lists have none)."""
    for entry in entries:
        found = _ACL_ENTRY.match(entry)
        if not found or found.group(2) != "permit":
            continue
        if found.group(4):
            return True
        address = found.group(3) or found.group(5)
        wildcard = "0.0.0.0" if found.group(3) or not found.group(6) else found.group(6)
        try:
            allowed = ipaddress.IPv4Network(f"{address}/{wildcard}", strict=False)
        except ValueError:
            continue
        if network.subnet_of(allowed):
            return True
    return False


def ssh_guard(intent: dict[str, Any], running: str, lines: list[str]) -> list[str]:
    """Reasons the plan would shut the SSH door this very run comes through.

    The deploy and the team reach a device over SSH on its vty lines: a plan that takes SSH
    off them, filters them with an access list that leaves out the networks the controller
    runs in (management.access_networks), or makes logins depend on RADIUS alone (a dead
    RADIUS server would lock everyone out) is refused before anything is sent.
    """
    plane = intent.get("management_plane") or {}
    reasons: list[str] = []
    planned = _interface_lines(lines)
    networks = [
        ipaddress.IPv4Network(f"{a['network']}/{a['wildcard']}") for a in plane.get("access", [])
    ]
    for parent, children in planned.items():
        aaa = parent.startswith(
            ("aaa authentication login default ", "aaa authorization exec default ")
        )
        if aaa and "local" not in parent.split():
            reasons.append(
                f"'{parent}' has no local fallback: with RADIUS down nobody could log in"
            )
        if not _VTY.match(parent):
            continue
        given = [c.split() for c in children if c.startswith("transport input ")]
        taken = [c.split() for c in children if c.startswith("no transport input")]
        if (given and not {"ssh", "all"} & set(given[-1][2:])) or (
            not given and any(len(w) == 3 or "ssh" in w for w in taken)
        ):
            reasons.append(f"{parent}: the plan would take SSH off the lines this run uses")
    # the access lists on the vty lines once the plan is applied, and what they let in
    applied: dict[str, str] = {}
    for top, children in parse_blocks(running):
        if _VTY.match(top):
            for child in children:
                words = child.split()
                if words[0] == "access-class" and words[-1] == "in":
                    applied[top] = words[1]
    for parent, children in planned.items():
        if _VTY.match(parent):
            for child in children:
                words = child.split()
                if words[:2] == ["no", "access-class"]:
                    applied.pop(parent, None)
                elif words[0] == "access-class" and words[-1] == "in":
                    applied[parent] = words[1]
    for name in sorted(set(applied.values())):
        touched = any(applied.get(p) == name for p in planned) or (
            f"ip access-list standard {name}" in planned
        )
        if not touched:
            continue
        entries = _acl_entries(running, planned, name)
        outside = [str(n) for n in networks if not _permitted(entries, n)]
        if not networks or outside:
            reasons.append(
                f"access list {name} on the vty lines would refuse the controller's networks "
                f"({', '.join(outside) or 'none declared in management.access_networks'})"
            )
    return reasons


def management_guard(
    intent: dict[str, Any], running: str, commands: dict[str, list[str]], allow_uplink_change: bool
) -> list[str]:
    """Reasons the plan would cut the device off its management path (empty: safe)."""
    ssh = ssh_guard(intent, running, [line for v in commands.values() for line in v])
    mgmt = intent.get("management") or {}
    if not mgmt:
        return ssh
    vlan = mgmt["vlan"]
    reasons: list[str] = []
    uplinks = [po for po in intent["port_channels"] if po["role"] == "uplink"]
    current = _channel_members(running)
    watched: set[str] = {f"interface {mgmt['interface']}"}
    routing = intent.get("routing") or {}
    # routed ways out: transit SVIs of a 2960-X, a core's interconnect and edge
    watched.update(f"interface {u['interface']}" for u in routing.get("uplinks", []))
    for link in (routing.get("interconnect"), routing.get("edge")):
        if link:
            watched.add(f"interface {link['interface']}")
    addressed, switched = _layers(running)
    for po in uplinks:
        number = int(po["name"].removeprefix("Port-channel"))
        now = current.get(number, set())
        designed = set(po["members"])
        watched.add(f"interface {po['name']}")
        watched.update(f"interface {m}" for m in now | designed)
        if allow_uplink_change:
            continue
        # Adding designed members back to a bundle running on fewer links is a repair;
        # taking a running member out, or a designed one from another bundle, is a move.
        if now - designed:
            reasons.append(
                f"uplink {po['name']} would move from {', '.join(sorted(now))} to "
                f"{', '.join(po['members'])}; set schools_allow_uplink_change to allow it"
            )
        for other, ports in sorted(current.items()):
            taken = sorted(designed & ports) if other != number else []
            if taken:
                reasons.append(
                    f"uplink {po['name']} would take {', '.join(taken)} from "
                    f"Port-channel{other}; set schools_allow_uplink_change to allow it"
                )
    lines = [line for concern_lines in commands.values() for line in concern_lines]
    if routing.get("enabled") and "no ip routing" in lines:
        reasons.append("'no ip routing' would cut the routed management path")
    for parent, children in _interface_lines(lines).items():
        if parent in (f"no interface {mgmt['interface']}", f"no vlan {vlan}"):
            reasons.append(f"'{parent}' removes the management path")
        if parent.startswith("no interface Port-channel") and parent.removeprefix("no ") in watched:
            reasons.append(f"'{parent}' removes an uplink")
        if parent not in watched:
            continue
        name = parent.removeprefix("interface ")
        for child in children:
            if allow_uplink_change and name != mgmt["interface"]:
                break
            # changing the layer of a link that carries the device now, or its address
            remoded = (child == "switchport" and name in addressed) or (
                child == "no switchport" and name in switched
            )
            readdressed = child.startswith("ip address ") and name in addressed
            if (
                child == "shutdown"
                or remoded
                or readdressed
                or child.startswith(("no channel-group", "no ip address", "switchport mode access"))
            ):
                reasons.append(
                    f"'{child}' on {parent.removeprefix('interface ')} would cut the management path"
                )
            allowed = re.match(r"^switchport trunk allowed vlan (add |remove )?(.+)$", child)
            if allowed and allowed.group(1) == "remove " and vlan in vlan_expand(allowed.group(2)):
                reasons.append(
                    f"'{child}' on {parent.removeprefix('interface ')} removes management VLAN {vlan}"
                )
    return reasons + ssh
