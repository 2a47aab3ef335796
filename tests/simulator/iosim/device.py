"""One simulated device: its configuration, hardware and on-disk state.

Everything a test may want to read or tamper with lives in plain files under
`<state>/<device>/` (running.cfg, startup.cfg, flash/, state.json,
faults.json). The device re-reads them whenever their content changed behind
its back, so a test can inject drift between two Ansible runs.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftree import Node, parse_config, render_body
from .defaults import SOFTWARE, Software, factory_config
from .faults import Faults, read_faults, write_faults
from .hardware import (
    SWITCH_MODELS,
    PortInfo,
    interface_sort_key,
    logical_kind,
    normalize_interface,
    provision_keyword_to_model,
    router_ports,
    subinterface_parent,
    switch_ports,
)
from .lab import DeviceSpec
from .stack import StackState
from .vlanlist import format_vlan_list, parse_vlan_list

NVRAM_SIZE = 2097152


def write_reachable(path: Path, targets: list[str] | None) -> None:
    """`null`: every IP SLA target answers; a list: only these do."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(targets) + "\n")
    tmp.replace(path)


class Device:
    def __init__(self, spec: DeviceSpec, state_root: Path) -> None:
        self.spec = spec
        self.dir = state_root / spec.name
        self.flash = self.dir / "flash"
        self.lock = threading.RLock()
        self.config: list[Node] = []
        self.stack = StackState()
        self.boot_time = time.time()
        self.profiles: dict[str, str] = {}
        self.archive_files: list[str] = []
        # SNMPv3 users: IOS keeps them out of the running configuration (SNMP Configuration
        # Guide, "SNMP Version 3"); `show snmp user` lists them. name -> group, protocols
        self.snmp_users: dict[str, dict[str, str]] = {}
        self.unreachable_until = 0.0
        self._running_seen: str | None = None
        self._state_seen: str | None = None
        self._closers: set[Callable[[], None]] = set()
        self._sessions_started = 0
        self._ports_cache: tuple[tuple[tuple[int, str], ...], list[PortInfo]] | None = None

    # ----- identity -------------------------------------------------------
    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def software(self) -> Software:
        return SOFTWARE[self.spec.family]

    @property
    def is_switch(self) -> bool:
        return self.spec.is_switch

    @property
    def stack_command_mode(self) -> str | None:
        """Where `switch N priority|renumber` is typed: by software, not by the catalogue.

        Classic IOS (15.2 on the 2960-X) takes them in global configuration,
        IOS-XE in exec mode (ios-samples/dialogs/README.md). Deciding it from
        the software rather than from the catalogue's `stack_command_mode`
        keeps the simulator a check on that field instead of a copy of it.
        """
        if not self.is_switch:
            return None
        return "config" if self.software.flavor == "ios" else "exec"

    @property
    def hostname(self) -> str:
        for node in self.config:
            if node.text.startswith("hostname "):
                return node.text.split(" ", 1)[1]
        return "Switch" if self.is_switch else "Router"

    @property
    def running_path(self) -> Path:
        return self.dir / "running.cfg"

    @property
    def startup_path(self) -> Path:
        return self.dir / "startup.cfg"

    @property
    def state_path(self) -> Path:
        return self.dir / "state.json"

    @property
    def faults_path(self) -> Path:
        return self.dir / "faults.json"

    def faults(self) -> Faults:
        return read_faults(self.faults_path)

    @property
    def reachable_path(self) -> Path:
        return self.dir / "reachable.json"

    def reachable(self) -> set[str] | None:
        """IP SLA targets that answer (None: every target), read at each use."""
        try:
            data = json.loads(self.reachable_path.read_text())
        except (OSError, ValueError):
            return None if self.spec.reachable is None else set(self.spec.reachable)
        return None if data is None else {str(ip) for ip in data}

    # ----- hardware -------------------------------------------------------
    def provisioned(self) -> dict[int, str]:
        """Member number -> model for every member IOS accepts configuration for."""
        models: dict[int, str] = {}
        for node in self.config:
            parts = node.text.split()
            if len(parts) == 4 and parts[0] == "switch" and parts[2] == "provision":
                model = provision_keyword_to_model(parts[3])
                if model:
                    models[int(parts[1])] = model
        for member in self.stack.members:
            models[member.number] = member.model
        return models

    def physical_ports(self) -> list[PortInfo]:
        if not self.is_switch:
            return router_ports(self.spec.model)
        layout = tuple(sorted(self.provisioned().items()))
        if self._ports_cache is None or self._ports_cache[0] != layout:
            self._ports_cache = (layout, switch_ports(dict(layout)))
        return self._ports_cache[1]

    def present_ports(self) -> list[PortInfo]:
        if self.is_switch:
            return switch_ports({m.number: m.model for m in self.stack.members})
        return router_ports(self.spec.model)

    def port_index(self) -> dict[str, int]:
        return {p.name: p.index for p in self.physical_ports()}

    def interface_key(self) -> Callable[[str], tuple[int, int, str]]:
        index = self.port_index()
        return lambda name: interface_sort_key(name, index)

    def interface_allowed(self, name: str) -> bool:
        """Whether `interface NAME` is accepted: existing port or creatable logical one."""
        parent = subinterface_parent(name)
        if parent is not None:
            return self.interface_allowed(parent)
        kind = logical_kind(name)
        if kind == "Port-channel" and not self.is_switch:
            return False
        if kind is not None:
            return True
        return name in self.port_index()

    # ----- configuration text ---------------------------------------------
    def _display_nodes(self) -> list[Node]:
        """Nodes as printed: unnamed VLANs compressed, VLANs hidden outside VTP transparent."""
        shows_vlans = any(n.text in ("vtp mode transparent", "vtp mode off") for n in self.config)
        plain: set[int] = set()
        out: list[Node] = []
        for node in self.config:
            if node.text.startswith("vlan "):
                if not shows_vlans:
                    continue
                vlan = int(node.text.split()[1])
                if not node.children:
                    plain.add(vlan)
                    continue
            out.append(node)
        if plain:
            out.append(Node("vlan " + format_vlan_list(plain)))
        return out

    def render_body(self) -> str:
        return render_body(self._display_nodes(), self.interface_key())

    def running_text(self) -> str:
        body = self.render_body()
        return f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}"

    def startup_text(self) -> str | None:
        try:
            body = self.startup_path.read_text()
        except OSError:
            return None
        return f"Using {len(body)} out of {NVRAM_SIZE} bytes\n{body}"

    def load_config_text(self, text: str) -> None:
        """Make `text` the running configuration (boot, drift, configure replace)."""
        nodes = parse_config(text)
        normalized: list[Node] = []
        for node in nodes:
            if node.text.startswith("interface "):
                name = normalize_interface(node.text.split(" ", 1)[1]) or node.text[10:]
                node.text = "interface " + name
            if node.text.startswith("snmp-server user "):
                # a configuration text that carries a user (a saved copy): the user is
                # taken as typed, and stays out of the running configuration
                self.add_snmp_user(node.text)
                continue
            if node.text.startswith("vlan "):
                vlans = parse_vlan_list(node.text.split()[1]) or set()
                for vlan in sorted(vlans):
                    normalized.append(Node(f"vlan {vlan}", [c.copy() for c in node.children]))
                continue
            normalized.append(node)
        self.config = normalized
        self.ensure_hardware()

    def add_snmp_user(self, line: str) -> None:
        """`snmp-server user NAME GROUP v3 [auth sha K [priv aes 128 K]]`, keys not kept."""
        words = line.split()
        auth = priv = "None"
        if "auth" in words:
            auth = words[words.index("auth") + 1].upper()
        if "priv" in words:
            at = words.index("priv")
            cipher = words[at + 1]
            priv = (cipher + words[at + 2]).upper() if cipher == "aes" else cipher.upper()
        self.snmp_users[words[2]] = {"group": words[3], "auth": auth, "priv": priv}

    def ensure_hardware(self) -> None:
        """Add what IOS always shows: provision lines, every port, Vlan1 on switches."""
        if self.is_switch:
            have = {n.text.split()[1] for n in self.config if n.text.startswith("switch ")}
            for member in self.stack.members:
                if str(member.number) not in have:
                    keyword = SWITCH_MODELS[member.model].provision
                    self.config.append(Node(f"switch {member.number} provision {keyword}"))
        existing = {n.text for n in self.config}
        for port in self.physical_ports():
            if f"interface {port.name}" not in existing:
                self.config.append(Node(f"interface {port.name}"))
        if self.is_switch and "interface Vlan1" not in existing:
            self.config.append(Node("interface Vlan1"))
        if not any(n.text.startswith("version ") for n in self.config):
            self.config.append(Node(self.software.version_line))

    # ----- persistence ----------------------------------------------------
    def initialize(self, fresh: bool = False) -> None:
        if fresh and self.dir.exists():
            shutil.rmtree(self.dir)
        self.flash.mkdir(parents=True, exist_ok=True)
        if self.state_path.exists():
            self._read_state()
        else:
            if self.is_switch:
                self.stack = StackState.from_spec(self.spec)
            self.boot_time = time.time()
            self._write_state()
        if not self.faults_path.exists():
            write_faults(self.faults_path, self.spec.faults)
        if not self.reachable_path.exists():
            write_reachable(self.reachable_path, self.spec.reachable)
        if self.log_path.exists():
            ids = [line.split(" ", 1)[0] for line in self.log_path.read_text().splitlines()]
            self._sessions_started = max((int(i) for i in ids if i.isdigit()), default=0)
        if self.running_path.exists():
            self.refresh()
            return
        text = self.spec.startup_config
        if text is None:
            text = factory_config(self.spec.family, self.spec.name)
        self.load_config_text(text)
        self.save()
        self.startup_path.write_text(self.render_body())
        if self.software.flavor == "iosxe":
            conf = self.flash / "packages.conf"
            if not conf.exists():
                conf.write_text("#! /usr/binos/bin/packages_conf.sh\n")

    def _state_dict(self) -> dict[str, Any]:
        return {
            "stack": self.stack.to_dict(),
            "boot_time": self.boot_time,
            "profiles": self.profiles,
            "archive_files": self.archive_files,
            "snmp_users": self.snmp_users,
        }

    def _write_state(self) -> None:
        text = json.dumps(self._state_dict(), indent=2) + "\n"
        if text == self._state_seen:
            return
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(text)
        tmp.replace(self.state_path)
        self._state_seen = text

    def _read_state(self) -> None:
        text = self.state_path.read_text()
        data = json.loads(text)
        self.stack = StackState.from_dict(data.get("stack", {}))
        self.boot_time = float(data.get("boot_time", time.time()))
        self.profiles = {str(k): str(v) for k, v in data.get("profiles", {}).items()}
        self.archive_files = [str(f) for f in data.get("archive_files", [])]
        self.snmp_users = {str(k): dict(v) for k, v in data.get("snmp_users", {}).items()}
        self._state_seen = text

    def save(self) -> None:
        """Persist after every change, so tests see each step of a session."""
        body = self.render_body()
        if body != self._running_seen:
            tmp = self.running_path.with_suffix(".tmp")
            tmp.write_text(body)
            tmp.replace(self.running_path)
            self._running_seen = body
        self._write_state()

    def refresh(self) -> None:
        """Pick up files edited by someone else since we last wrote or read them."""
        try:
            state = self.state_path.read_text()
            if state != self._state_seen:
                self._read_state()
        except (OSError, ValueError):
            pass
        try:
            text = self.running_path.read_text()
        except OSError:
            return
        if text != self._running_seen:
            self.load_config_text(text)
            self._running_seen = text

    def write_startup(self) -> None:
        self.startup_path.write_text(self.render_body())

    # ----- sessions and reload --------------------------------------------
    @property
    def log_path(self) -> Path:
        return self.dir / "commands.log"

    def new_session_id(self) -> int:
        with self.lock:
            self._sessions_started += 1
            return self._sessions_started

    def log_command(self, session: int, status: str, text: str) -> None:
        """One line per command received: `<session> <ok|dropped|stalled> <prompt><command>`."""
        with self.log_path.open("a") as log:
            log.write(f"{session} {status} {text}\n")

    def register_session(self, closer: Callable[[], None]) -> None:
        with self.lock:
            self._closers.add(closer)

    def unregister_session(self, closer: Callable[[], None]) -> None:
        with self.lock:
            self._closers.discard(closer)

    def reload(self) -> None:
        """Reboot: elect roles, apply renumbering and the SDM template, load startup, drop every session."""
        with self.lock:
            if self.is_switch:
                self.stack.apply_renumbering()
                self.stack.apply_sdm()
                self.stack.elect(self.spec.family)
            self.boot_time = time.time()
            startup = self.startup_path.read_text() if self.startup_path.exists() else ""
            self.load_config_text(startup or f"hostname {self.hostname}\n")
            self.save()
            self.unreachable_until = time.time() + self.spec.reload_seconds
            closers = list(self._closers)
        for close in closers:
            close()

    def uptime_seconds(self) -> int:
        return max(0, int(time.time() - self.boot_time))

    def find(self, header: str) -> Node | None:
        for node in self.config:
            if node.text == header:
                return node
        return None

    def interfaces(self) -> list[Node]:
        key = self.interface_key()
        nodes = [n for n in self.config if n.text.startswith("interface ")]
        return sorted(nodes, key=lambda n: key(n.text[10:]))
