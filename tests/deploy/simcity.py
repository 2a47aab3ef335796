"""The demo city's Cisco devices as simulated devices, and the inventory that reaches them.

The lab file is made from the design itself (members, models, serials), as
the devices would be delivered: factory priorities and a blank configuration,
so a deploy has real work to do. The override inventory only says how to
reach each simulated device; everything else comes from the city's own
inventory source, exactly as in production.

    python tests/deploy/simcity.py start --city inventories/demo --state DIR
    python tests/deploy/simcity.py stop --state DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / ".collections"))
sys.path.insert(0, str(ROOT / "tests" / "simulator"))

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city  # noqa: E402

USER, PASSWORD, ENABLE = "admin", "admin", "enable"
SIM_PIN = "4321"
OSPF_KEY = "Ospf-k3y-simcity"  # the simulated city's OSPF key (16 characters at most)
# the management plane's secrets (inventories/demo/city.yml, management)
RADIUS_KEY = "Radius-k3y-simcity"
LOCAL_SECRET = (
    "$9$simcitySalt012$TyczkdkhQXCKrWtmcvBfFEIY9fEmtzLJYhW0ZXakMEE"  # type 9 of Secours-simcity
)
SNMP_AUTH_KEY = "Snmp-auth-simcity"
SNMP_PRIV_KEY = "Snmp-priv-simcity"
SIMULATORS_FILE = "02-simulators.yml"


def _mac(name: str) -> str:
    digest = hashlib.sha1(name.encode()).hexdigest()[:12]
    return f"{digest[0:4]}.{digest[4:8]}.{digest[8:12]}"


def _ospf_neighbours(city: Any) -> dict[str, list[dict[str, str]]]:
    """Who each OSPF device sees on which link, from both ends of the design (the cabling)."""
    out: dict[str, list[dict[str, str]]] = {}
    devices = city.devices
    for name, device in devices.items():
        if device.kind != "core":
            continue
        routing = device.intent()["routing"]
        core_id = routing["ospf"]["router_id"]
        for link in routing["downlinks"]:
            stack = devices[link["peer"]].intent()["routing"]
            if stack["ospf"] is None:
                continue  # a statically routed school
            uplink = next(u for u in stack["uplinks"] if u["peer_address"] == link["address"])
            out.setdefault(name, []).append(
                {
                    "neighbor_id": stack["ospf"]["router_id"],
                    "address": link["peer_address"],
                    "interface": link["interface"],
                }
            )
            out.setdefault(link["peer"], []).append(
                {
                    "neighbor_id": core_id,
                    "address": link["address"],
                    "interface": uplink["interface"],
                }
            )
        inter = routing["interconnect"]
        if inter:
            other = next(
                d
                for d in devices.values()
                if d.kind == "core"
                and (d.intent()["routing"]["interconnect"] or {}).get("address")
                == inter["peer_address"]
            )
            out.setdefault(name, []).append(
                {
                    "neighbor_id": other.intent()["routing"]["ospf"]["router_id"],
                    "address": inter["peer_address"],
                    "interface": inter["interface"],
                }
            )
    return out


def lab_for(city_dir: str | Path, deployed: bool = False) -> dict[str, Any]:
    """The lab of the city's Cisco devices: factory priorities, or ``deployed`` ones."""
    city = design_city(city_dir)
    if city.issues:
        raise SystemExit("\n".join(str(i) for i in city.issues))
    neighbours = _ospf_neighbours(city)
    devices = []
    for name, device in city.devices.items():
        if device.platform != "cisco_ios":
            continue
        base = {"name": name, "username": USER, "password": PASSWORD, "enable_secret": ENABLE}
        if name in neighbours:
            base["ospf_neighbors"] = neighbours[name]
        if device.kind == "backup_router":
            devices.append({**base, "kind": "cellular_router", "model": device.router.model.name})
        elif device.kind == "core":
            member = {
                "number": 1,
                "model": device.core["model"],
                "serial": "FDO" + hashlib.sha1(name.encode()).hexdigest()[:8].upper(),
            }
            devices.append({**base, "kind": "catalyst_stack", "members": [member]})
        else:
            members = [
                {
                    "number": m["number"],
                    "model": m["model"],
                    "serial": m["serial"],
                    "priority": m["priority"] if deployed else 1,
                }
                for m in device.members
            ]
            stack = {**base, "kind": "catalyst_stack", "members": members}
            sdm = (device.intent().get("routing") or {}).get("sdm_template")
            if sdm:
                # a routing 2960-X arrives prepared as its school's README asks (`sdm prefer
                # lanbase-routing` and a reload): the deploy checks it and goes on; the refusal
                # and the reload from the factory template are tests/reliability/test_sdm_template.py's
                stack["sdm_template"] = sdm
            if not device.routes:
                # a layer-2 stack sees its school's routing stack as the root of every VLAN
                router = f"{device.school.code}-{device.school.routing.stack}"
                stack["stp_root"] = {
                    "priority": city.plan.stp["root_priority"],
                    "mac": _mac(router),
                }
            devices.append(stack)
    return {"devices": devices}


def known_hosts_lines(ports: dict[str, int], key_file: Path) -> str:
    """The simulators' key enrolled for each port, as playbooks/enrol_host_keys.yml writes it."""
    import paramiko

    key = paramiko.RSAKey(filename=str(key_file))
    return "".join(
        f"[127.0.0.1]:{port} {key.get_name()} {key.get_base64()}\n"
        for port in sorted(set(ports.values()))
    )


def override_inventory(ports: dict[str, int], known_hosts: Path | None = None) -> dict[str, Any]:
    """How to reach the simulated devices.

    citynet.schools.host_key checks each simulator's key for real, against
    ``known_hosts`` (the simulators' key enrolled per port, in the state
    directory). network_cli's own checking is asked off for the simulators
    only (their ports are reused between runs), and the check then leaves the
    controller user's ~/.ssh/known_hosts alone. ansible.netcommon 8.7.1's
    paramiko layer ignores these variables and records the key there anyway
    (tests/reliability/test_access.py saw it); every simulator of a machine
    serves the same key (iosim.server.machine_key), so it never conflicts.
    """
    extra = {"schools_known_hosts": str(known_hosts)} if known_hosts else {}
    return {
        "all": {
            "vars": {
                "ansible_user": USER,
                "ansible_password": PASSWORD,
                "ansible_become": True,
                "ansible_become_method": "ansible.netcommon.enable",
                "ansible_become_password": ENABLE,
                "ansible_network_cli_ssh_type": "paramiko",
                "ansible_host_key_checking": False,
                "ansible_paramiko_host_key_checking": False,
                # never write simulator keys into ~/.ssh/known_hosts (ports are reused)
                "ansible_paramiko_record_host_keys": False,
                "ansible_command_timeout": 20,
                # No ansible_connect_timeout: for network_cli it is how long an idle device
                # session lives, and a host waiting while the others finish a task (forks=2)
                # outlived 10 s; its next task then met the session closing ("connection reset
                # by peer"). ansible.cfg's 300 s applies, as on real devices.
                # After each prompt network_cli waits this long in case more output follows
                # (0.1 s by default: a blank 8-member stack's 4,000 lines took 7 minutes). The
                # simulator answers on loopback and writes its prompt last, after the output, so
                # 10 ms is ample; real devices keep the default.
                "ansible_buffer_read_timeout": 0.01,
                "vault_sim_pin_jaures": SIM_PIN,
                "vault_ospf_key": OSPF_KEY,
                "vault_radius_key": RADIUS_KEY,
                "vault_local_secret": LOCAL_SECRET,
                "vault_snmp_auth_key": SNMP_AUTH_KEY,
                "vault_snmp_priv_key": SNMP_PRIV_KEY,
                **extra,
            },
            "hosts": {
                name: {"ansible_host": "127.0.0.1", "ansible_port": port}
                for name, port in ports.items()
            },
        }
    }


def start(
    city_dir: str,
    state: Path,
    inventory_dir: Path | None = None,
    response_delay: dict[str, float] | None = None,
    startup_configs: dict[str, str] | None = None,
) -> dict[str, int]:
    """Serve the city's devices; ``response_delay`` (iosim's lab setting) is for benchmarks.

    ``startup_configs`` (device name -> configuration) starts those devices as a deploy
    left them (and every stack with its intended member priorities), for benchmarks of a
    nightly verify that need no deploy first.
    """
    state.mkdir(parents=True, exist_ok=True)
    lab_file = state / "lab.yml"
    lab = lab_for(city_dir, deployed=bool(startup_configs))
    for device in lab["devices"]:
        if response_delay:
            device["response_delay"] = dict(response_delay)
        if startup_configs and device["name"] in startup_configs:
            device["startup_config"] = startup_configs[device["name"]]
    lab_file.write_text(yaml.safe_dump(lab, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests" / "simulator")}
    log = (state / "iosim.log").open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "iosim",
            "--lab",
            str(lab_file),
            "--state-dir",
            str(state / "devices"),
        ],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    ports_file = state / "devices" / "ports.json"
    deadline = time.monotonic() + 30
    while not ports_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the simulator did not start; see {state / 'iosim.log'}")
        time.sleep(0.05)
    (state / "iosim.pid").write_text(str(process.pid), encoding="utf-8")
    ports = json.loads(ports_file.read_text(encoding="utf-8"))
    known_hosts = state / "known_hosts"
    known_hosts.write_text(
        known_hosts_lines(ports, state / "devices" / "ssh_host_rsa_key"), encoding="utf-8"
    )
    overrides = yaml.safe_dump(override_inventory(ports, known_hosts), sort_keys=False)
    (state / "inventory.yml").write_text(overrides, encoding="utf-8")
    # one inventory directory: the city's own source, then how to reach the simulators
    both = inventory_dir or state / "molecule-inventory"
    both.mkdir(parents=True, exist_ok=True)
    if inventory_dir is None:
        source = {"plugin": "citynet.schools.schools", "city_dir": str(Path(city_dir).resolve())}
        (both / "01-schools.yml").write_text(yaml.safe_dump(source), encoding="utf-8")
    (both / SIMULATORS_FILE).write_text(overrides, encoding="utf-8")
    return ports


def stop(state: Path, inventory_dir: Path | None = None) -> None:
    if inventory_dir is not None:
        (inventory_dir / SIMULATORS_FILE).unlink(missing_ok=True)
    pid_file = state / "iosim.pid"
    if not pid_file.exists():
        return
    pid = int(pid_file.read_text(encoding="utf-8"))
    try:
        os.kill(pid, signal.SIGTERM)
        for _unused in range(100):
            os.kill(pid, 0)
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    pid_file.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--city", default=str(ROOT / "inventories" / "demo"))
    parser.add_argument("--state", required=True, type=Path)
    parser.add_argument(
        "--inventory-dir",
        type=Path,
        help="write the simulators' inventory here (beside the city's source)",
    )
    args = parser.parse_args(argv)
    if args.action == "start":
        print(json.dumps(start(args.city, args.state, args.inventory_dir)))
    else:
        stop(args.state, args.inventory_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
