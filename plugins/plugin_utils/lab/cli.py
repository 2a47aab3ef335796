"""Command line of the school twin, as ``playbooks/lab.yml`` runs it on the controller.

    python -m ansible_collections.citynet.schools.plugins.plugin_utils.lab.cli build \\
        --city-dir inventories/demo --school moulin [--lab-id ID] [--run-dir DIR] [--neighbour SCHOOL]
    ... hosts    --run-dir DIR     the twin's Ansible hosts (JSON), as build printed them
    ... route    --run-dir DIR     the twin's layer 3 from the intents (after the roles)
    ... check    --run-dir DIR     one PASS/FAIL line per check; exit status 1 on any FAIL
    ... teardown --run-dir DIR     remove everything; exit status 1 if anything is left

``build`` and ``hosts`` print JSON; ``check`` and ``teardown`` print lines.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ..design.city import design_city
from .system import LabError
from .topology import Topology, ansible_hosts, from_dict, twin_topology


def default_run_dir(lab_id: str) -> str:
    return f"/tmp/citynet-lab-{lab_id}"


def _topology(run_dir: str) -> Topology:
    path = Path(run_dir) / "topology.json"
    if not path.exists():
        raise LabError(f"no twin in {run_dir} (no topology.json): build it first")
    return from_dict(json.loads(path.read_text()))


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    lab_id = args.lab_id or args.school
    run_dir = args.run_dir or default_run_dir(lab_id)
    city = design_city(args.city_dir)
    if city.city_invalid or {args.school, args.neighbour} & city.invalid_schools:
        raise LabError(
            f"the design of {args.school} does not validate; run playbooks/schools.yml to see why"
        )
    topology = twin_topology(city, args.school, lab_id, run_dir, args.neighbour)
    started = time.monotonic()
    build(topology)
    hosts = ansible_hosts(topology)
    (Path(run_dir) / "hosts.json").write_text(json.dumps(hosts, indent=1))
    print(
        json.dumps(
            {
                "run_dir": run_dir,
                "hosts": hosts,
                "seconds": round(time.monotonic() - started, 1),
                "namespaces": len(topology.namespaces),
                "veths": len(topology.veths),
            }
        )
    )
    return 0


def cmd_hosts(args: argparse.Namespace) -> int:
    path = Path(args.run_dir) / "hosts.json"
    if not path.exists():
        raise LabError(f"no twin in {args.run_dir} (no hosts.json): build it first")
    print(json.dumps({"run_dir": args.run_dir, "hosts": json.loads(path.read_text())}))
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    from .routing import configure

    topology = _topology(args.run_dir)
    print("changed" if configure(topology) else "unchanged")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .checks import run_checks

    topology = _topology(args.run_dir)
    started = time.monotonic()
    failed = total = 0
    for check in run_checks(topology):
        print(check.line(), flush=True)
        failed += not check.passed
        total += 1
    print(f"{topology.school}: {total - failed} of {total} checks passed in "
          f"{time.monotonic() - started:.1f} s")  # fmt: skip
    return 1 if failed else 0


def cmd_teardown(args: argparse.Namespace) -> int:
    from .teardown import teardown

    result = teardown(args.run_dir)
    print(result.line())
    return 1 if result.left else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lab_cli", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build")
    build.add_argument("--city-dir", required=True)
    build.add_argument("--school", required=True)
    build.add_argument("--lab-id")
    build.add_argument("--run-dir")
    build.add_argument("--neighbour", help="a second school on the same cores (VLAN ids met twice)")
    for name in ("hosts", "route", "check", "teardown"):
        sub.add_parser(name).add_argument("--run-dir", required=True)
    args = parser.parse_args(argv)
    handler = {"build": cmd_build, "hosts": cmd_hosts, "route": cmd_route, "check": cmd_check,
               "teardown": cmd_teardown}  # fmt: skip
    try:
        return handler[args.command](args)
    except (LabError, ValueError) as exc:
        print(f"FAIL {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
