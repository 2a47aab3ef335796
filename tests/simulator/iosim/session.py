"""An interactive IOS session: modes, prompts, errors and command dispatch.

The session speaks to a `Terminal` (an SSH channel in production, a fake in
unit tests) and reproduces what automation parses: the prompt strings, the
echo of each command, IOS's error messages with the `^` marker placed under
the offending word, and confirmation dialogues.
"""

from __future__ import annotations

import re
import time

from . import commands
from .configedit import CommandError, ConfigEditor
from .conftree import Node
from .device import Device
from .execs import EXEC_HANDLERS
from .faults import Faults
from .filters import apply_modifier
from .grammar import Failure, Match, match, tokenize
from .hardware import normalize_interface, subinterface_parent
from .show.sdm import SDM_MESSAGE, SDM_TEMPLATES
from .terminal import CTRL_Z, SessionEnd, Terminal
from .vlanlist import parse_vlan_list

INVALID = "% Invalid input detected at '^' marker."
_BLOCK_ACTIONS = {
    "dhcp_pool": "dhcp-config",
    "controller": "config-controller",
    "acl_standard": "config-std-nacl",
    "acl_extended": "config-ext-nacl",
    "line": "config-line",
    "archive": "config-archive",
    "redundancy": "config-red",
    "ip_sla": "config-ip-sla",
    "track": "config-track",
    "router": "config-router",
    "aaa_group": "config-sg-radius",
    "radius_server": "config-radius-server",
}
_NAMED_BLOCKS = {"interface", "vlan", "stp_priority", *_BLOCK_ACTIONS}
_MODIFIER = re.compile(r"^\s*(\S+)\s*(.*)$")
_MODIFIERS = ("include", "exclude", "section", "begin", "count")


def _progress(failure: Failure, line: str) -> int:
    """How far into the line a failed parse got (incomplete or ambiguous: to the end)."""
    return failure.offset if failure.kind == "invalid" else len(line)


class Session:
    def __init__(self, device: Device, terminal: Terminal, username: str = "admin") -> None:
        self.device = device
        self.term = terminal
        self.username = username
        self.mode = "exec"
        self._unsaved = False
        self.privilege = 15 if device.spec.enable_secret is None else 1
        self.targets: list[str] = []
        self.editor = ConfigEditor(device)
        self.commands_seen = 0
        self.term_length = 24
        self.term_width = 80
        self._holding_lock = False
        self._sent = 0  # bytes printed since the last prompt (the response delay's per_kib)
        self.id = device.new_session_id()

    # ----- prompts and I/O ------------------------------------------------
    def prompt(self) -> str:
        host = self.device.hostname
        if self.mode == "exec":
            return host + ("#" if self.privilege == 15 else ">")
        return host + commands.MODES[self.mode][0]

    def send(self, text: str) -> None:
        if text:
            self._sent += len(text) + 1
            self.term.send(text if text.endswith("\n") else text + "\n")

    def ask(self, question: str, echo: bool = True) -> str:
        """Print a question and wait for its answer, letting other sessions run meanwhile."""
        self.term.send(question)
        if self._holding_lock:
            self.device.lock.release()
        try:
            answer = self.term.read_line(echo=echo)
        finally:
            if self._holding_lock:
                self.device.lock.acquire()
                self.device.refresh()
        if answer is None:
            raise SessionEnd
        return answer.strip()

    def confirm(self, question: str) -> bool:
        """An IOS `[confirm]`: Enter or y proceeds, anything else aborts."""
        return self.ask(question).lower() in ("", "y", "yes")

    def error(self, failure: Failure | CommandError, line_offset: int = 0) -> None:
        if isinstance(failure, CommandError):
            if failure.caret is not None:
                pad = " " * (len(self.prompt()) + line_offset + failure.caret)
                self.send(f"{pad}^\n{failure.message}\n")
            else:
                self.send(failure.message + "\n")
            return
        if failure.kind == "incomplete":
            self.send("% Incomplete command.\n")
        elif failure.kind == "ambiguous":
            self.send(f'% Ambiguous command:  "{failure.token}"\n')
        else:
            pad = " " * (len(self.prompt()) + line_offset + failure.offset)
            self.send(f"{pad}^\n{INVALID}\n")

    # ----- main loop ------------------------------------------------------
    def run(self) -> None:
        with self.device.lock:
            self.device.refresh()
        self.term.send("\r\n" + self.prompt())
        try:
            while True:
                line = self.term.read_line()
                if line is None:
                    return
                if line != CTRL_Z and not line.strip():
                    self.term.send(self.prompt())
                    continue
                faults = self.device.faults()
                self.commands_seen += 1
                limit = faults.drop_after_commands
                if (limit is not None and self.commands_seen > limit) or faults.drops(line):
                    self.device.log_command(self.id, "dropped", self.prompt() + line)
                    return
                if faults.stalls(line):
                    self.device.log_command(self.id, "stalled", self.prompt() + line)
                    drain = getattr(self.term, "drain_forever", None)
                    if drain is not None:
                        drain()
                    return
                self.device.log_command(self.id, "ok", self.prompt() + line)
                with self.device.lock:
                    self._holding_lock = True
                    try:
                        # files edited behind the device's back are read in exec mode;
                        # inside a configuration session the device is the only writer
                        if self.mode == "exec":
                            self.device.refresh()
                        self.execute(line, faults)
                        if self.mode == "exec" and self._unsaved:
                            self.device.save()
                            self._unsaved = False
                    finally:
                        self._holding_lock = False
                delay = self.device.spec.response_delay.seconds(self._sent)
                self._sent = 0
                if delay:
                    time.sleep(delay)  # outside the lock: other sessions run meanwhile
                self.term.send(self.prompt())
        except SessionEnd:
            return
        finally:
            if self._unsaved:  # a dropped session keeps what it had applied, as a device does
                with self.device.lock:
                    self.device.save()
                self._unsaved = False
            self.term.close()

    def execute(self, line: str, faults: Faults) -> None:
        if line == CTRL_Z:
            if self.mode != "exec":
                self.mode, self.targets = "exec", []
            return
        if self.mode == "exec":
            self.exec_command(line)
        else:
            self.config_command(line, faults)

    # ----- exec mode ------------------------------------------------------
    def exec_command(self, line: str, offset: int = 0) -> None:
        command, bar_, modifier = line.partition("|")
        entries = commands.exec_grammar(self.privilege == 15, self.device.stack_command_mode)
        result = match(entries, command)
        if isinstance(result, Failure):
            self.error(result, offset)
            return
        filt: tuple[str, str] | None = None
        if bar_:
            parsed = _MODIFIER.match(modifier)
            kinds = [k for k in _MODIFIERS if parsed and k.startswith(parsed.group(1).lower())]
            if not parsed or len(kinds) != 1 or (not parsed.group(2) and kinds[0] != "count"):
                position = len(command) + 1 + (len(modifier) - len(modifier.lstrip()))
                self.error(Failure("invalid", position), offset)
                return
            try:
                re.compile(parsed.group(2))
            except re.error:
                self.error(Failure("invalid", len(command) + 1), offset)
                return
            filt = (kinds[0], parsed.group(2))
        assert isinstance(result, Match)
        handler = EXEC_HANDLERS[result.entry.action or "noop"]
        try:
            output = handler(self, result)
        except CommandError as err:
            self.error(err, offset)
            return
        if output is None:
            return
        if filt is not None:
            output = apply_modifier(output, *filt)
        self.send(output)

    # ----- configuration modes --------------------------------------------
    def config_command(self, line: str, faults: Faults) -> None:
        stripped = line.strip()
        words = stripped.split()
        if words[0].lower() == "end" and len(words) == 1:
            self.mode, self.targets = "exec", []
            return
        if words[0].lower() == "exit" and len(words) == 1:
            if self.mode == "config":
                self.mode = "exec"
            else:
                self.mode = "config"
            self.targets = []
            return
        if words[0].lower() == "do" and len(words) > 1:
            start = line.index(words[0]) + len(words[0])
            start += len(line[start:]) - len(line[start:].lstrip())
            self.exec_command(line[start:], start)
            return
        if faults.rejects(stripped):
            self.error(Failure("invalid", len(line) - len(line.lstrip())))
            return
        result, negate = self._match_config(line, self.mode)
        previous = (self.mode, self.targets)
        if isinstance(result, Failure) and self.mode != "config":
            fallback, fallback_negate = self._match_config(line, "config")
            if isinstance(fallback, Match):
                # IOS leaves the sub-mode for a global command typed there.
                self.mode, self.targets = "config", []
                result, negate = fallback, fallback_negate
            elif _progress(fallback, line) > _progress(result, line):
                result = fallback
        if isinstance(result, Failure):
            self.error(result)
            return
        canonical = (negate + " " + result.canonical) if negate else result.canonical
        try:
            messages = self.apply(canonical, result, negate, line)
        except CommandError as err:
            self.mode, self.targets = previous
            self.error(err)
            return
        self._unsaved = True  # written when the session leaves configuration mode
        for message in messages:
            self.send(message + "\n")

    def _match_config(self, line: str, mode: str) -> tuple[Match | Failure, str]:
        entries = commands.config_grammar(mode, self.device.stack_command_mode)
        tokens = tokenize(line)
        first = tokens[0].text.lower()
        for prefix in ("no", "default"):
            if first == prefix and len(tokens) > 1:
                body = line[tokens[1].offset :]
                result = match(entries, body, allow_partial=True)
                if isinstance(result, Failure):
                    result.offset += tokens[1].offset
                elif result.entry.action in _NAMED_BLOCKS and len(result.canonical.split()) < len(
                    result.entry.specs
                ):
                    # `no vlan`, `no interface`: IOS needs to know which one.
                    return Failure("incomplete"), prefix
                return result, prefix
        return match(entries, line), ""

    def apply(self, canonical: str, result: Match, negate: str, line: str) -> list[str]:
        action = result.entry.action
        mode = self.mode
        if mode == "config":
            return self._apply_global(canonical, result, negate, line)
        context = commands.MODES[mode][2]
        messages: list[str] = []
        for header in self.targets:
            if mode == "config-if":
                self._check_interface_line(header, canonical, line)
                messages += self.editor.interface_line(header, canonical, action, result.values)
            elif mode == "config-router":
                messages += self.editor.router_line(header, canonical)
            elif mode == "config-vlan":
                messages += self.editor.vlan_line(header, canonical)
            elif mode == "dhcp-config":
                messages += self.editor.dhcp_line(header, canonical)
            elif mode in ("config-std-nacl", "config-ext-nacl"):
                messages += self.editor.acl_line(header, canonical)
            else:
                messages += self.editor.generic_line(header, context, canonical)
        if action == "icmp_echo" and not negate:
            self.mode = "config-ip-sla-echo"
        return messages

    def _check_interface_line(self, header: str, canonical: str, line: str) -> None:
        """Layer-3 interface commands the platform refuses."""
        tokens = tokenize(line)
        name = header[len("interface ") :]
        if canonical == "no switchport" and self.device.is_switch and not self._iosxe():
            # LAN Base routes statically on SVIs only: no routed ports, so no `no
            # switchport` (/work/shared/platform-notes.md, "Catalyst 2960-X (and
            # 2960-S) on LAN Base"; the LAN Base note of the Catalyst 3750-X/3560-X
            # 15.0(2)EZ configuration guide, SDM templates chapter: "IPv4 static
            # routing on SVIs on switches running the LAN Base feature set"). The
            # 2960-X guide itself was not at hand to quote. The marker goes under
            # the keyword the parser does not take.
            raise CommandError(INVALID, tokens[1].offset)
        if canonical.startswith("encapsulation ") and subinterface_parent(name) is None:
            raise CommandError(INVALID, tokens[0].offset)

    def _iosxe(self) -> bool:
        return self.device.software.flavor == "iosxe"

    def _apply_global(self, canonical: str, result: Match, negate: str, line: str) -> list[str]:
        action = result.entry.action
        if action in ("switch_priority", "switch_renumber"):
            # classic IOS: a global configuration command that asks, like the exec one of IOS-XE
            if negate:  # a priority or number is set, never removed
                raise CommandError(INVALID, tokenize(line)[3].offset)
            output = EXEC_HANDLERS[action](self, result)
            return [output.rstrip("\n")] if output else []
        if action == "track_number" and not negate:
            raise CommandError("% Incomplete command.")
        if action == "sdm":
            template = canonical.split()[2]
            if self._iosxe() or not self.device.is_switch or template not in SDM_TEMPLATES:
                raise CommandError(INVALID, tokenize(line)[2].offset)
            # kept in state.json, active at the next reload (show/sdm.py)
            self.device.stack.sdm_pending = template
            self.device.save()
            return [SDM_MESSAGE]
        if negate or action not in ("interface", "vlan", "banner", *_BLOCK_ACTIONS):
            return self.editor.global_line(canonical, action, result.values)
        if action == "interface":
            name = result.values["iface"]
            if not self.device.interface_allowed(name) or not self._subinterface_allowed(name):
                raise CommandError(INVALID, int(result.values["iface_offset"]))
            self.editor.block(f"interface {name}")
            self.mode, self.targets = "config-if", [f"interface {name}"]
            return []
        if action == "vlan":
            vlans = sorted(parse_vlan_list(canonical.split()[1]) or set())
            self.targets = [f"vlan {v}" for v in vlans]
            for vlan in vlans:
                if vlan != 1 and vlan not in (1002, 1003, 1004, 1005):
                    self.editor.ensure_vlan(vlan)
            self.mode = "config-vlan"
            return []
        if action == "banner":
            return self._banner(canonical, line)
        if action == "controller":
            slot = canonical.split()[-1]
            name = normalize_interface("Cellular" + slot)
            if name is None or name not in self.device.port_index():
                raise CommandError(INVALID, len(line) - len(slot))
        header = canonical
        self.editor.block(header)
        self.mode, self.targets = _BLOCK_ACTIONS[action or ""], [header]
        return []

    def _subinterface_allowed(self, name: str) -> bool:
        """802.1Q sub-interfaces: IOS-XE only, on a routed parent (platform-notes.md, C9500)."""
        parent = subinterface_parent(name)
        if parent is None:
            return True
        if not self._iosxe():
            return False
        node = self.device.find(f"interface {parent}")
        if node is None:
            return False
        if not self.device.is_switch:
            return True
        return any(c.text == "no switchport" for c in node.children)

    def _banner(self, canonical: str, line: str) -> list[str]:
        parts = canonical.split(" ", 2)
        kind, rest = parts[1], parts[2]
        delimiter = rest[0]
        text = rest[1:]
        if delimiter in text:
            body = text[: text.index(delimiter)]
            lines = [body]
        else:
            self.send(f"Enter TEXT message.  End with the character '{delimiter}'.\n")
            lines = [text] if text else []
            while True:
                raw = self.term.read_line()
                if raw is None:
                    raise SessionEnd
                if delimiter in raw:
                    tail = raw[: raw.index(delimiter)]
                    if tail:
                        lines.append(tail)
                    break
                lines.append(raw)
        header = f"banner {kind} ^C"
        self.device.config[:] = [
            n for n in self.device.config if not n.text.startswith(f"banner {kind} ")
        ]
        self.device.config.append(Node("\n".join([header, *lines, "^C"])))
        return []
