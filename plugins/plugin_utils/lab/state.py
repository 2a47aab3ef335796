"""Protocol state of the twin's switches, as the running Open vSwitch reports it.

RSTP from the database's ``rstp_status`` columns (what ``ovs-appctl rstp/show``
prints, as data), LACP from ``ovs-appctl lacp/show``, each switch reached
through its own database and control socket in its run directory.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_db import decode
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_names import lag_names

from .system import LabError, read_pidfile, run
from .topology import Switch


def vsctl(switch: Switch, *args: str) -> str:
    return run(["ovs-vsctl", "--timeout=10", f"--db=unix:{switch.run_dir}/db.sock", *args]).stdout


def _table(switch: Switch, table: str, columns: str, *records: str) -> list[dict]:
    out = vsctl(
        switch, "--format=json", "--data=json", f"--columns={columns}", "list", table, *records
    )
    data = json.loads(out)
    return [
        {h: decode(v) for h, v in zip(data["headings"], row, strict=True)} for row in data["data"]
    ]


@dataclass
class Rstp:
    bridge_id: str
    root_id: str
    priority: int | None  # configured (other_config:rstp-priority)
    ports: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (role, state)

    @property
    def is_root(self) -> bool:
        return bool(self.bridge_id) and self.bridge_id == self.root_id

    @property
    def root_port(self) -> str | None:
        return next((n for n, (role, _s) in self.ports.items() if role == "Root"), None)


def bridge_id_priority(bridge_id: str) -> int | None:
    """``1.000.6271b0393644`` -> 4096: the first hex digit is the priority / 4096."""
    head = bridge_id.split(".", 1)[0]
    return int(head, 16) * 4096 if re.fullmatch(r"[0-9a-fA-F]", head) else None


def rstp(switch: Switch) -> Rstp:
    (bridge,) = _table(switch, "Bridge", "rstp_status,other_config", switch.bridge)
    status = bridge["rstp_status"] or {}
    priority = bridge["other_config"].get("rstp-priority")
    state = Rstp(
        status.get("rstp_bridge_id", ""),
        status.get("rstp_root_id", ""),
        int(priority) if priority else None,
    )
    names = set(vsctl(switch, "list-ports", switch.bridge).split())
    for port in _table(switch, "Port", "name,rstp_status"):
        if port["name"] in names and port["rstp_status"]:
            s = port["rstp_status"]
            state.ports[port["name"]] = (s.get("rstp_port_role", ""), s.get("rstp_port_state", ""))
    return state


@dataclass
class LacpEnd:
    status: str
    members: dict[str, str]  # member -> "current attached" ...

    @property
    def negotiated(self) -> bool:
        return (
            "negotiated" in self.status
            and bool(self.members)
            and all("attached" in s and "current" in s for s in self.members.values())
        )


def lacp(switch: Switch, channel_port: str) -> LacpEnd:
    bond = lag_names(channel_port)["bond"]
    text = run(
        ["ovs-appctl", "--timeout=10", "-t", _ctl(switch), "lacp/show", bond], check=False
    ).stdout
    status = ""
    members: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip().startswith("status:"):
            status = line.split(":", 1)[1].strip()
        match = re.match(r"^(?:member|slave):? (\S+): (.*)$", line.strip())
        if match:
            members[match.group(1)] = match.group(2).strip()
    return LacpEnd(status, members)


def _ctl(switch: Switch) -> str:
    pid = read_pidfile(f"{switch.run_dir}/ovs-vswitchd.pid")
    if pid is None:
        raise LabError(f"{switch.host}: ovs-vswitchd is not running")
    return f"{switch.run_dir}/ovs-vswitchd.{pid}.ctl"


def add_access_port(switch: Switch, port: str, vlan: int) -> None:
    """A twin-only access port (a probe or the DHCP service), edge for RSTP."""
    vsctl(switch, "--may-exist", "add-port", switch.bridge, port, f"tag={vlan}",
          "other_config:rstp-port-admin-edge=true")  # fmt: skip
