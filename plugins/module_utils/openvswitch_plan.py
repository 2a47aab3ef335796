# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What to send to OVSDB: wanted bridges and ports against a snapshot, as ovs-vsctl commands.

Only what a spec names is managed: a column or key left out of a spec is left
as it is on the switch, and a key set to ``None`` must be absent. The result is
empty when the switch is already as wanted, which is what makes the modules
idempotent and their check mode exact.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_db import OvsError

PORT_COLUMNS = ("tag", "trunks", "vlan_mode", "lacp", "bond_mode")
_PLAIN = re.compile(r"^[A-Za-z0-9_.-]+$")


class BridgeSpec:
    """A bridge as wanted; ``None`` leaves a setting alone."""

    def __init__(
        self,
        name: str,
        datapath_type: str | None = None,
        rstp_enable: bool | None = None,
        other_config: dict[str, str | None] | None = None,
        external_ids: dict[str, str | None] | None = None,
    ) -> None:
        self.name = name
        self.datapath_type = datapath_type
        self.rstp_enable = rstp_enable
        self.other_config = dict(other_config or {})
        self.external_ids = dict(external_ids or {})


class PortSpec:
    """A port as wanted on one bridge.

    ``interfaces`` of two or more make a bond; a single interface carries the
    port's own name. ``columns`` holds the managed Port columns (``None``
    clears one). ``create`` False refuses to add a missing port: spanning-tree
    settings alone must not create a port that no VLAN setting restricts.
    """

    def __init__(
        self,
        name: str,
        bridge: str,
        interfaces: list[str] | None = None,
        kind: str = "system",
        peer: str | None = None,
        columns: dict[str, Any] | None = None,
        other_config: dict[str, str | None] | None = None,
        external_ids: dict[str, str | None] | None = None,
        create: bool = True,
    ) -> None:
        self.name = name
        self.bridge = bridge
        self.interfaces = sorted(interfaces) if interfaces else [name]
        self.kind = kind
        self.peer = peer
        self.columns = dict(columns or {})
        self.other_config = dict(other_config or {})
        self.external_ids = dict(external_ids or {})
        self.create = create
        unknown = set(self.columns) - set(PORT_COLUMNS)
        if unknown:
            raise ValueError(f"unmanaged Port columns {sorted(unknown)}")
        if len(self.interfaces) == 1 and self.interfaces[0] != name:
            raise ValueError(f"a single-interface port carries its own name ({name})")
        if kind == "patch" and not peer:
            raise ValueError(f"patch port {name} needs a peer")


def atom(value: Any) -> str:
    """A value as ovs-vsctl reads it on its command line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(atom(item) for item in value) + "]"
    text = str(value)
    return text if _PLAIN.match(text) else json.dumps(text)


def _key(key: str) -> str:
    if not _PLAIN.match(key):
        raise ValueError(f"{key!r} is not a usable OVSDB map key")
    return key


def _map_changes(
    table: str, record: str, column: str, current: dict[str, str], wanted: dict[str, str | None]
) -> list[list[str]]:
    commands: list[list[str]] = []
    updates = []
    for key in sorted(wanted):
        value = wanted[key]
        if value is None:
            if key in current:
                commands.append(["remove", table, record, column, _key(key)])
        elif current.get(key) != str(value):
            updates.append(f"{column}:{_key(key)}={atom(str(value))}")
    if updates:
        commands.insert(0, ["set", table, record, *updates])
    return commands


def _normal(column: str, value: Any) -> Any:
    if column == "trunks":
        return sorted(int(v) for v in (value or []))
    return value


def _column_changes(
    record: str, current: dict[str, Any], wanted: dict[str, Any]
) -> list[list[str]]:
    sets, clears = [], []
    for column in PORT_COLUMNS:
        if column not in wanted:
            continue
        want = _normal(column, wanted[column])
        have = _normal(column, current.get(column))
        if want == have:
            continue
        if want is None:
            clears.append(["clear", "Port", record, column])
        else:
            sets.append(f"{column}={atom(want)}")
    return ([["set", "Port", record, *sets]] if sets else []) + clears


def plan_bridge(snapshot: dict[str, Any], spec: BridgeSpec) -> list[list[str]]:
    """Commands that make ``spec`` true (empty when it already is)."""
    current = snapshot["bridges"].get(spec.name)
    commands: list[list[str]] = []
    if current is None:
        commands.append(["add-br", spec.name])
        current = {
            "datapath_type": "system",
            "rstp_enable": False,
            "other_config": {},
            "external_ids": {},
        }
    sets = []
    if spec.datapath_type is not None and current["datapath_type"] != spec.datapath_type:
        sets.append(f"datapath_type={atom(spec.datapath_type)}")
    if spec.rstp_enable is not None and current["rstp_enable"] != spec.rstp_enable:
        sets.append(f"rstp_enable={atom(spec.rstp_enable)}")
    if sets:
        commands.append(["set", "Bridge", spec.name, *sets])
    commands += _map_changes(
        "Bridge", spec.name, "other_config", current["other_config"], spec.other_config
    )
    commands += _map_changes(
        "Bridge", spec.name, "external_ids", current["external_ids"], spec.external_ids
    )
    return commands


def _create_port(spec: PortSpec) -> list[list[str]]:
    if len(spec.interfaces) > 1:
        commands = [["add-bond", spec.bridge, spec.name, *spec.interfaces]]
    else:
        commands = [["add-port", spec.bridge, spec.name]]
    if spec.kind != "system":
        settings = [f"type={atom(spec.kind)}"]
        if spec.peer:
            settings.append(f"options:peer={atom(spec.peer)}")
        commands.append(["set", "Interface", spec.name, *settings])
    empty = {"tag": None, "trunks": [], "vlan_mode": None, "lacp": None, "bond_mode": None}
    commands += _column_changes(spec.name, empty, spec.columns)
    commands += _map_changes("Port", spec.name, "other_config", {}, spec.other_config)
    commands += _map_changes("Port", spec.name, "external_ids", {}, spec.external_ids)
    return commands


def plan_port(snapshot: dict[str, Any], spec: PortSpec) -> list[list[str]]:
    """Commands that make ``spec`` true (empty when it already is)."""
    current = snapshot["ports"].get(spec.name)
    if current is None:
        if not spec.create:
            raise OvsError(
                f"port {spec.name} is not on bridge {spec.bridge}; its VLANs must be configured first"
            )
        return _create_port(spec)
    if current["bridge"] != spec.bridge:
        raise OvsError(
            f"port {spec.name} is on bridge {current['bridge']}, not {spec.bridge}; "
            "remove it there first"
        )
    commands: list[list[str]] = []
    have, want = current["interfaces"], spec.interfaces
    if have != want:
        if len(have) > 1 and len(want) > 1:
            commands += [["add-bond-iface", spec.name, i] for i in want if i not in have]
            commands += [["del-bond-iface", spec.name, i] for i in have if i not in want]
        else:
            return [["del-port", spec.bridge, spec.name], *_create_port(spec)]
    if spec.kind != "system" or len(want) == 1:
        iface = snapshot["interfaces"].get(spec.name, {"type": "system", "options": {}})
        settings = []
        if iface["type"] != spec.kind:
            settings.append(f"type={atom(spec.kind)}")
        if spec.peer and iface["options"].get("peer") != spec.peer:
            settings.append(f"options:peer={atom(spec.peer)}")
        if settings:
            commands.append(["set", "Interface", spec.name, *settings])
    commands += _column_changes(spec.name, current, spec.columns)
    commands += _map_changes(
        "Port", spec.name, "other_config", current["other_config"], spec.other_config
    )
    commands += _map_changes(
        "Port", spec.name, "external_ids", current["external_ids"], spec.external_ids
    )
    return commands


def plan_port_absent(snapshot: dict[str, Any], bridge: str, name: str) -> list[list[str]]:
    current = snapshot["ports"].get(name)
    if current is None:
        return []
    if current["bridge"] != bridge:
        raise OvsError(f"port {name} is on bridge {current['bridge']}, not {bridge}")
    return [["del-port", bridge, name]]


def plan_bridge_absent(snapshot: dict[str, Any], name: str) -> list[list[str]]:
    return [["del-br", name]] if name in snapshot["bridges"] else []


def compact(commands: list[list[str]]) -> list[list[str]]:
    """Consecutive ``set`` commands on one record as one (same transaction, easier to read)."""
    out: list[list[str]] = []
    for command in commands:
        last = out[-1] if out else None
        if last and command[0] == "set" and last[0] == "set" and last[1:3] == command[1:3]:
            out[-1] = last + command[3:]
        else:
            out.append(list(command))
    return out
