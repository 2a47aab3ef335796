# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading and changing an OVSDB through ``ovs-vsctl``.

The state is read with one ``ovs-vsctl`` call (three ``list`` commands in JSON)
and changes are sent as one ``ovs-vsctl`` call whose commands are joined by
``--``: OVSDB applies them as a single transaction, so a bridge is never left
half configured, and ``ovs-vsctl`` waits until ``ovs-vswitchd`` has applied
them (unless the database has no switch daemon attached, see ``no_wait``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Runner = Callable[[list], "tuple[int, str, str]"]

BRIDGE_COLUMNS = (
    "_uuid",
    "name",
    "ports",
    "datapath_type",
    "rstp_enable",
    "other_config",
    "external_ids",
)
PORT_COLUMNS = (
    "_uuid",
    "name",
    "interfaces",
    "tag",
    "trunks",
    "vlan_mode",
    "lacp",
    "bond_mode",
    "other_config",
    "external_ids",
)
INTERFACE_COLUMNS = ("_uuid", "name", "type", "options")


class OvsError(Exception):
    """ovs-vsctl failed or printed something this code cannot read."""


def decode(value: Any) -> Any:
    """An OVSDB JSON datum as plain Python: sets as lists, maps as dicts, uuids as strings."""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
        kind, body = value
        if kind == "set":
            return [decode(item) for item in body]
        if kind == "map":
            return {decode(k): decode(v) for k, v in body}
        if kind in ("uuid", "named-uuid"):
            return body
    return value


def _optional(value: Any) -> Any:
    """An optional column (min 0, max 1): empty set -> None."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _rows(document: str) -> list[dict[str, Any]]:
    try:
        table = json.loads(document)
        headings = table["headings"]
        return [{headings[i]: decode(cell) for i, cell in enumerate(row)} for row in table["data"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise OvsError(f"cannot read ovs-vsctl output {document[:200]!r}: {exc}") from exc


def parse_snapshot(stdout: str) -> dict[str, dict[str, Any]]:
    """The output of ``snapshot_command`` as bridges, ports and interfaces keyed by name."""
    documents = [line for line in stdout.splitlines() if line.strip()]
    if len(documents) != 3:
        raise OvsError(f"expected 3 tables from ovs-vsctl, got {len(documents)}")
    bridge_rows, port_rows, iface_rows = (_rows(doc) for doc in documents)
    iface_by_uuid = {row["_uuid"]: row for row in iface_rows}
    port_by_uuid = {row["_uuid"]: row for row in port_rows}
    interfaces = {
        row["name"]: {"type": row["type"] or "system", "options": dict(row["options"])}
        for row in iface_rows
    }
    ports: dict[str, dict[str, Any]] = {}
    for row in port_rows:
        ports[row["name"]] = {
            "bridge": None,
            "interfaces": sorted(
                iface_by_uuid[u]["name"] for u in _as_list(row["interfaces"]) if u in iface_by_uuid
            ),
            "tag": _optional(row["tag"]),
            "trunks": sorted(_as_list(row["trunks"])),
            "vlan_mode": _optional(row["vlan_mode"]),
            "lacp": _optional(row["lacp"]),
            "bond_mode": _optional(row["bond_mode"]),
            "other_config": dict(row["other_config"]),
            "external_ids": dict(row["external_ids"]),
        }
    bridges: dict[str, dict[str, Any]] = {}
    for row in bridge_rows:
        names = sorted(port_by_uuid[u]["name"] for u in _as_list(row["ports"]) if u in port_by_uuid)
        for name in names:
            ports[name]["bridge"] = row["name"]
        bridges[row["name"]] = {
            "datapath_type": row["datapath_type"] or "system",
            "rstp_enable": bool(row["rstp_enable"]),
            "other_config": dict(row["other_config"]),
            "external_ids": dict(row["external_ids"]),
            "ports": names,
        }
    return {"bridges": bridges, "ports": ports, "interfaces": interfaces}


class Vsctl:
    """``ovs-vsctl`` against one database, through a runner (``AnsibleModule.run_command``)."""

    def __init__(
        self,
        run: Runner,
        db: str | None = None,
        timeout: int = 30,
        no_wait: bool = False,
        binary: str = "ovs-vsctl",
    ) -> None:
        self.run = run
        self.binary = binary
        self.db = db
        self.timeout = timeout
        self.no_wait = no_wait

    def base(self) -> list[str]:
        argv = [self.binary, f"--timeout={self.timeout}"]
        if self.db:
            argv.append(f"--db={self.db}")
        if self.no_wait:
            argv.append("--no-wait")
        return argv

    def _call(self, args: list[str]) -> str:
        argv = self.base() + args
        rc, out, err = self.run(argv)
        if rc != 0:
            detail = (err or out).strip() or "no output"
            raise OvsError(f"{' '.join(argv)} failed (rc={rc}): {detail}")
        return out

    def snapshot(self) -> dict[str, dict[str, Any]]:
        args = ["--format=json", "--data=json"]
        for table, columns in (
            ("Bridge", BRIDGE_COLUMNS),
            ("Port", PORT_COLUMNS),
            ("Interface", INTERFACE_COLUMNS),
        ):
            if len(args) > 2:
                args.append("--")
            args += ["--columns=" + ",".join(columns), "list", table]
        return parse_snapshot(self._call(args))

    def execute(self, commands: list[list[str]]) -> None:
        """All commands in one transaction."""
        if not commands:
            return
        args: list[str] = []
        for command in commands:
            if args:
                args.append("--")
            args.extend(command)
        self._call(args)


def command_text(command: list[str]) -> str:
    """A command as a person would type it after ``ovs-vsctl``."""
    return " ".join(part if part and " " not in part else json.dumps(part) for part in command)


# The options every Open vSwitch module takes to reach its database (documented
# once, in the citynet.schools.openvswitch doc fragment).
CONNECTION_ARGUMENTS: dict[str, dict[str, Any]] = {
    "db": {"type": "str"},
    "timeout": {"type": "int", "default": 30},
    "no_wait": {"type": "bool", "default": False},
}


def module_vsctl(module: Any) -> Vsctl:
    """The ``ovs-vsctl`` of a module's managed host, with the module's connection options."""
    params = module.params
    return Vsctl(
        module.run_command,
        db=params["db"],
        timeout=params["timeout"],
        no_wait=params["no_wait"],
        binary=module.get_bin_path("ovs-vsctl", required=True),
    )


def change_result(module: Any, commands: list[list[str]], **extra: Any) -> dict[str, Any]:
    """What a module returns for one transaction: the commands, and them as its diff."""
    texts = [command_text(c) for c in commands]
    result = {"changed": bool(commands), "commands": texts, **extra}
    if module._diff and commands:
        result["diff"] = {"prepared": "\n".join("ovs-vsctl " + t for t in texts) + "\n"}
    return result
