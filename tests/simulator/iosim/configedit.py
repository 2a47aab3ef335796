"""What a configuration command does to the configuration tree.

Generic IOS rules (a setting replaces its previous value, `no` removes by
prefix, some defaults are stored as their `no` form) live here once; the
commands with side effects of their own (VLAN auto-creation, port-channel
creation, trunk VLAN arithmetic, spanning-tree priority grouping, ACL
sequence numbers, ...) get small dedicated handlers.
"""

from __future__ import annotations

from .confrules import positive_is_default, setting_key, stores_negation
from .conftree import ALLOWED, Node, canonical_allowed
from .device import Device
from .hardware import (
    SWITCH_MODELS,
    logical_kind,
    member_of,
    normalize_interface,
    subinterface_parent,
)
from .vlanlist import ALL_VLANS, format_vlan_list, parse_vlan_list

RESERVED_VLANS = {1002, 1003, 1004, 1005}

INVALID_INPUT = "% Invalid input detected at '^' marker."


# A bare on/off line whose `no` form removes it alone, not the settings it prefixes.
_BARE_SWITCHES = ("no switchport port-security", "no ip dhcp snooping")


class CommandError(Exception):
    """An IOS error message; `caret` (column in the command) adds the `^` marker."""

    def __init__(self, message: str, caret: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.caret = caret


def _matches(context: str, existing: str, body: str) -> bool:
    if existing == body or existing.startswith(body + " "):
        return True
    key = setting_key(context, body)
    return key != body and setting_key(context, existing) == key and not existing.startswith("no ")


def set_line(children: list[Node], context: str, line: str) -> None:
    """Apply one plain configuration line to a list of sibling nodes."""
    if line.startswith("no "):
        body = line[3:]
        if stores_negation(context, body):
            key = setting_key(context, body)
            children[:] = [c for c in children if setting_key(context, c.text) != key]
            children.append(Node(line))
        else:
            children[:] = [c for c in children if not _matches(context, c.text, body)]
        return
    if line.startswith("default "):
        body = line[8:]
        children[:] = [c for c in children if not _matches(context, c.text, body)]
        return
    key = setting_key(context, line)
    if positive_is_default(context, line):
        children[:] = [c for c in children if setting_key(context, c.text) != key]
        return
    if any(c.text == line for c in children):
        return
    children[:] = [c for c in children if setting_key(context, c.text) != key]
    children.append(Node(line))


class ConfigEditor:
    """Applies canonical configuration lines of one session to its device."""

    def __init__(self, device: Device) -> None:
        self.device = device

    # ----- helpers --------------------------------------------------------
    def block(self, header: str, create: bool = True) -> Node | None:
        node = self.device.find(header)
        if node is None and create:
            node = Node(header)
            self.device.config.append(node)
        return node

    def ensure_vlan(self, vlan: int) -> bool:
        if vlan == 1 or self.device.find(f"vlan {vlan}") is not None:
            return False
        self.device.config.append(Node(f"vlan {vlan}"))
        return True

    # ----- global mode ----------------------------------------------------
    def _snmp_user(self, body: str, negate: bool) -> list[str]:
        """`snmp-server user NAME GROUP v3 auth sha K priv aes 128 K`: kept apart from the
        configuration, as IOS does (SNMP Configuration Guide, "SNMP Version 3": the user is
        not shown by `show running-config`, `show snmp user` lists it). The keys are not kept:
        no show command prints them."""
        words = body.split()
        if len(words) < 4:
            raise CommandError("% Incomplete command.")
        if negate:
            self.device.snmp_users.pop(words[2], None)
            return []
        self.device.add_snmp_user(body)
        return []

    def global_line(self, line: str, action: str | None, values: dict[str, str]) -> list[str]:
        negate = line.startswith(("no ", "default "))
        body = line.split(" ", 1)[1] if negate else line
        config = self.device.config
        if body.startswith("interface "):
            return self._interface_removal(line, body)
        if body.startswith("vlan ") and negate:
            return self._vlan_removal(body)
        if action == "stp_priority" or (
            body.startswith("spanning-tree vlan ") and " priority" in body
        ):
            self._stp_priority(body, negate)
            return []
        if action == "vtp_mode" and body == "vtp mode server":
            config[:] = [n for n in config if not n.text.startswith("vtp mode")]
            return []
        if action == "provision" or body.startswith("switch "):
            return self._provision(line, body, negate)
        if body.startswith("ip sla ") and not body.startswith("ip sla schedule ") and negate:
            # removing an operation removes its schedule with it
            number = body.split()[2]
            config[:] = [
                n
                for n in config
                if n.text not in (f"ip sla {number}",)
                and not n.text.startswith(f"ip sla schedule {number} ")
            ]
            return []
        if body == "ip routing" and self.device.is_switch:
            # a switch routes only when told: `ip routing` is printed (Catalyst
            # 9300 IOS-XE 16.6 sample cat_9k_2, after `switch 1 provision`), its
            # absence means off; routers route by default and print `no ip routing`
            config[:] = [n for n in config if n.text not in ("ip routing", "no ip routing")]
            if not negate:
                config.append(Node("ip routing"))
            return []
        if body.startswith("snmp-server user "):
            return self._snmp_user(body, negate)
        if action == "vlan_set" or body.startswith(
            ("ip dhcp snooping vlan ", "ip arp inspection vlan ")
        ):
            self._vlan_set(body, negate)
            return []
        if line in _BARE_SWITCHES:
            # `no ip dhcp snooping` turns snooping off; its VLAN list stays configured
            config[:] = [n for n in config if n.text != body]
            return []
        if body.startswith("hostname") and negate:
            config[:] = [n for n in config if not n.text.startswith("hostname ")]
            return []
        set_line(config, "global", line)
        return []

    def _interface_removal(self, line: str, body: str) -> list[str]:
        name = normalize_interface(body.split(" ", 1)[1]) if " " in body else None
        if name is None:
            raise CommandError("% Incomplete command.")
        if line.startswith("default "):
            node = self.device.find(f"interface {name}")
            if node is None:
                raise CommandError(INVALID_INPUT, len("default "))
            node.children = []
            return [f"Interface {name} set to default configuration"]
        kind = logical_kind(name)
        if subinterface_parent(name) is not None:
            kind = "subinterface"
        if kind is None:
            raise CommandError(f"% Removal of physical interfaces is not permitted ({name})")
        if kind == "Vlan" and name == "Vlan1":
            raise CommandError("% Interface Vlan1 may not be deleted")
        self.device.config[:] = [n for n in self.device.config if n.text != f"interface {name}"]
        if kind == "Port-channel":
            group = name[len("Port-channel") :]
            for node in self.device.interfaces():
                node.children = [
                    c for c in node.children if not c.text.startswith(f"channel-group {group} ")
                ]
        return []

    def _vlan_removal(self, body: str) -> list[str]:
        vlans = parse_vlan_list(body.split()[1]) or set()
        if 1 in vlans:
            raise CommandError("%Default VLAN 1 may not be deleted.")
        if vlans & RESERVED_VLANS:
            raise CommandError(f"%Default VLAN {min(vlans & RESERVED_VLANS)} may not be deleted.")
        headers = {f"vlan {v}" for v in vlans}
        self.device.config[:] = [n for n in self.device.config if n.text not in headers]
        return []

    def _vlan_set(self, body: str, negate: bool) -> None:
        """`ip dhcp snooping vlan 20,30` adds VLANs to the ones listed, `no` takes them out.

        IOS keeps one line listing every VLAN, in ranges (`ip dhcp snooping vlan
        20,30-32` after `... vlan 20` and `... vlan 30-32`, as the spanning-tree
        priority lines): the VLAN range arguments of the Catalyst 2960-X Security
        Configuration Guide's `ip dhcp snooping vlan` and `ip arp inspection vlan`.
        """
        words = body.split()
        prefix = " ".join(words[:-1])
        vlans = parse_vlan_list(words[-1]) or set()
        current: set[int] = set()
        keep: list[Node] = []
        for node in self.device.config:
            if node.text.startswith(prefix + " "):
                current |= parse_vlan_list(node.text.split()[-1]) or set()
            else:
                keep.append(node)
        current = current - vlans if negate else current | vlans
        if current:
            keep.append(Node(f"{prefix} {format_vlan_list(current)}"))
        self.device.config[:] = keep

    def _stp_priority(self, body: str, negate: bool) -> None:
        parts = body.split()
        vlans = parse_vlan_list(parts[2]) or set()
        priorities: dict[int, int] = {}
        keep: list[Node] = []
        for node in self.device.config:
            p = node.text.split()
            if node.text.startswith("spanning-tree vlan ") and len(p) == 5 and p[3] == "priority":
                for vlan in parse_vlan_list(p[2]) or set():
                    priorities[vlan] = int(p[4])
            else:
                keep.append(node)
        if negate:
            for vlan in vlans:
                priorities.pop(vlan, None)
        else:
            value = int(parts[4])
            if value % 4096 or value > 61440:
                raise CommandError(
                    "% Bridge Priority must be in increments of 4096.\n"
                    "% Allowed values are:\n"
                    "  0     4096  8192  12288 16384 20480 24576 28672\n"
                    "  32768 36864 40960 45056 49152 53248 57344 61440"
                )
            for vlan in vlans:
                priorities[vlan] = value
        groups: dict[int, set[int]] = {}
        for vlan, value in priorities.items():
            groups.setdefault(value, set()).add(vlan)
        for value, members in sorted(groups.items(), key=lambda g: min(g[1])):
            keep.append(Node(f"spanning-tree vlan {format_vlan_list(members)} priority {value}"))
        self.device.config[:] = keep

    def _provision(self, line: str, body: str, negate: bool) -> list[str]:
        parts = body.split()
        number = int(parts[1])
        if negate:
            if self.device.stack.member(number) is not None:
                raise CommandError(f"%Cannot remove provisioning of switch {number}: it is present")
            self.device.config[:] = [
                n
                for n in self.device.config
                if not n.text.startswith(f"switch {number} provision")
                and not (n.text.startswith("interface ") and member_of(n.text[10:]) == number)
            ]
            return []
        keyword = parts[3].lower()
        model = next((m for m in SWITCH_MODELS.values() if m.provision == keyword), None)
        if model is None:
            raise CommandError(INVALID_INPUT, len(line) - len(parts[3]))
        present = self.device.stack.member(number)
        if present is not None and present.model != model.name:
            raise CommandError(
                f"%Provisioned type {keyword} does not match switch {number} type "
                f"{SWITCH_MODELS[present.model].provision}"
            )
        set_line(self.device.config, "global", f"switch {number} provision {keyword}")
        self.device.ensure_hardware()
        return []

    # ----- sub-modes ------------------------------------------------------
    def interface_line(
        self, header: str, line: str, action: str | None, values: dict[str, str]
    ) -> list[str]:
        node = self.block(header)
        assert node is not None
        messages: list[str] = []
        negate = line.startswith(("no ", "default "))
        if action == "allowed_vlan" and not negate:
            self._allowed(node, line)
            return []
        if line in ("no switchport trunk allowed vlan", "default switchport trunk allowed vlan"):
            node.children = [c for c in node.children if not c.text.startswith(ALLOWED)]
            return []
        if action == "access_vlan" and not negate and self.device.is_switch:
            vlan = int(line.split()[-1])
            if self.ensure_vlan(vlan):
                messages.append(f"% Access VLAN does not exist. Creating vlan {vlan}")
        if line == "switchport port-security" and not any(
            c.text.startswith(("switchport mode access", "switchport mode trunk"))
            for c in node.children
        ):
            # port security needs a static access or trunk port; the refusal as IOS
            # prints it (public captures: `Switch(config-if)#switchport port-security` /
            # `Command rejected: GigabitEthernet1/0/1 is a dynamic port.`)
            raise CommandError(f"Command rejected: {header.split(' ', 1)[1]} is a dynamic port.")
        if line in _BARE_SWITCHES:
            # `no switchport port-security` turns port security off and keeps its
            # maximum and violation lines (Catalyst 2960-X Security Configuration Guide)
            node.children = [c for c in node.children if c.text != line[3:]]
            return messages
        if action == "channel_group" and not negate:
            group = int(line.split()[1])
            po = f"interface Port-channel{group}"
            if self.device.find(po) is None:
                # the bundle takes the layer of its first member: routed members
                # make a routed port-channel
                routed = any(c.text == "no switchport" for c in node.children)
                children = [Node("no switchport"), Node("no ip address")] if routed else []
                self.device.config.append(Node(po, children))
                messages.append(f"Creating a port-channel interface Port-channel {group}")
        if line == "no switchport":
            # a routed port keeps no layer-2 setting and shows ` no ip address`
            # until it has one (Catalyst 9300 IOS-XE sample cat_9k_2, see confrules)
            node.children = [c for c in node.children if not c.text.startswith("switchport ")]
            set_line(node.children, "interface", line)
            if not any(c.text.startswith(("ip address", "no ip address")) for c in node.children):
                node.children.append(Node("no ip address"))
            return messages
        if line == "switchport":
            node.children = [
                c
                for c in node.children
                if not c.text.startswith(("ip address", "no ip address", "ip ospf "))
            ]
        set_line(node.children, "interface", line)
        return messages

    def router_line(self, header: str, line: str) -> list[str]:
        """`router ospf`: `no passive-interface X` is stored under `passive-interface default`."""
        node = self.block(header)
        assert node is not None
        children = node.children
        default = any(c.text == "passive-interface default" for c in children)
        if line == "no passive-interface default":
            node.children = [c for c in children if "passive-interface" not in c.text]
            return []
        if line.startswith("no passive-interface "):
            body = line[3:]
            node.children = [c for c in children if c.text != body]
            if default and line not in (c.text for c in node.children):
                node.children.append(Node(line))
            return []
        if line.startswith("passive-interface ") and line != "passive-interface default":
            node.children = [c for c in children if c.text != "no " + line]
            if not default and line not in (c.text for c in node.children):
                node.children.append(Node(line))
            return []
        if line == "passive-interface default":
            node.children = [c for c in children if not c.text.startswith("passive-interface ")]
        set_line(node.children, "router", line)
        return []

    def _allowed(self, node: Node, line: str) -> None:
        rest = line[len(ALLOWED) :].split()
        current_line = next((c for c in node.children if c.text.startswith(ALLOWED)), None)
        if current_line is None:
            current: set[int] = set(ALL_VLANS)
        else:
            listed = current_line.text[len(ALLOWED) :]
            current = set() if listed == "none" else parse_vlan_list(listed) or set()
        if rest[0] == "all":
            new = set(ALL_VLANS)
        elif rest[0] == "none":
            new = set()
        elif rest[0] == "add":
            new = current | (parse_vlan_list(rest[1]) or set())
        elif rest[0] == "remove":
            new = current - (parse_vlan_list(rest[1]) or set())
        elif rest[0] == "except":
            new = set(ALL_VLANS) - (parse_vlan_list(rest[1]) or set())
        else:
            new = parse_vlan_list(rest[0]) or set()
        node.children = [c for c in node.children if not c.text.startswith(ALLOWED)]
        if new != set(ALL_VLANS):
            node.children.append(Node(canonical_allowed(new)))

    def vlan_line(self, header: str, line: str) -> list[str]:
        vlan = int(header.split()[1])
        if (vlan == 1 or vlan in RESERVED_VLANS) and line.startswith(
            ("name ", "state ", "shutdown", "no ")
        ):
            raise CommandError(f"%Default VLAN {vlan} may not have its name changed.")
        node = self.block(header)
        assert node is not None
        set_line(node.children, "vlan", line)
        return []

    def dhcp_line(self, header: str, line: str) -> list[str]:
        node = self.block(header)
        assert node is not None
        parts = line.split()
        if parts[0] == "lease" and len(parts) > 1 and parts[1].isdigit():
            days, hours, minutes = (int(p) for p in [*parts[1:], "0", "0"][:3])
            if minutes:
                line = f"lease {days} {hours} {minutes}"
            elif hours:
                line = f"lease {days} {hours}"
            else:
                line = f"lease {days}"
        set_line(node.children, "dhcp", line)
        return []

    def acl_line(self, header: str, line: str) -> list[str]:
        """Named ACL entries: IOS-XE numbers them (10, 20, ...) and prints the numbers."""
        node = self.block(header)
        assert node is not None
        numbered = self.device.software.flavor == "iosxe"
        standard = " standard " in header

        def body_of(text: str) -> str:
            first, _unused, rest = text.partition(" ")
            return rest if first.isdigit() else text

        def normal(text: str) -> str:
            parts = text.split()
            if standard and len(parts) >= 3 and parts[1] == "host":
                parts = [parts[0], *parts[2:]]
            if standard and len(parts) == 3 and parts[2] == "0.0.0.0":
                parts = parts[:2]
            return " ".join(parts)

        if line.startswith("no "):
            target = line[3:]
            if target.isdigit():
                node.children = [c for c in node.children if c.text.split()[0] != target]
            else:
                want = normal(body_of(target))
                node.children = [c for c in node.children if body_of(c.text) != want]
            return []
        first = line.split()[0]
        sequence = int(first) if first.isdigit() else None
        entry = normal(body_of(line))
        if any(body_of(c.text) == entry for c in node.children):
            return []
        if not numbered:
            node.children.append(Node(entry))
            return []
        used = [int(c.text.split()[0]) for c in node.children if c.text.split()[0].isdigit()]
        if sequence is None:
            sequence = (max(used) if used else 0) + 10
        elif sequence in used:
            raise CommandError("% Duplicate sequence number")
        node.children.append(Node(f"{sequence} {entry}"))
        return []

    def generic_line(self, header: str, context: str, line: str) -> list[str]:
        node = self.block(header)
        assert node is not None
        set_line(node.children, context, line)
        return []
