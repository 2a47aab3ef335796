#!/usr/bin/env python
"""Time citynet.schools filters against their ansible.utils / ansible.netcommon counterparts.

Both sides go through Ansible's own filter path: a Templar (with the plugin
loader and collection finder Ansible itself uses) renders a template calling
the filter N times in a loop, and the cost of the same loop without the
filter is subtracted. What is measured per call is therefore everything a
playbook pays: plugin lookup, Ansible's argument and result wrapping, and the
filter itself (for the counterparts, their per-call documentation parsing and
argument validation).

Before timing, each pair is rendered once and both results must be equal, so
the comparison is between filters that compute the same thing.

    .venv/bin/python scripts/bench_filters.py [--calls N] [--repeat R] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _use_checkout_collection() -> None:
    """Make ``citynet.schools`` resolve to this checkout, before ansible reads its config."""
    paths = [str(ROOT / ".collections")]
    if current := os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        paths.append(current)
    os.environ["ANSIBLE_COLLECTIONS_PATH"] = os.pathsep.join(paths)


@dataclass(frozen=True)
class Case:
    name: str
    ours: str
    theirs: str | None  # None: no counterpart in ansible.utils / ansible.netcommon

    @property
    def counterpart(self) -> str:
        if self.theirs is None:
            return "-"
        return self.theirs.split("|", 1)[1].split("(")[0].strip() + (
            " x2" if self.theirs.count("|") > 1 else ""
        )


VARIABLES = {
    "ids": [1, 10, 11, 12, 20, 30, 31, 100, 101, 102, 103, 200, 300, 999, 1000, 1001],
    "spec": "1,10-12,20,30,31,100-103,200,300,999-1001",
    "ports": "Gi1/0/1-24, Te1/1/1-2",
    "names": [f"GigabitEthernet1/0/{n}" for n in range(1, 25)] + ["TenGigabitEthernet1/1/1"],
    "space": "10.40.0.0/14",
    "block": "10.40.8.0/21",
    "subnet": "10.40.8.0/24",
}

CASES = (
    Case("vlan_ranges", "ids | citynet.schools.vlan_ranges", "ids | ansible.netcommon.vlan_parser"),
    Case(
        "vlan_expand",
        "spec | citynet.schools.vlan_expand",
        "spec | ansible.netcommon.vlan_expander",
    ),
    Case("port_expand", "ports | citynet.schools.port_expand", None),
    Case("port_ranges", "names | citynet.schools.port_ranges", None),
    Case(
        "school_subnet",
        "space | citynet.schools.school_subnet(21, 5)",
        "space | ansible.utils.ipsubnet(21, 5)",
    ),
    Case(
        "vlan_subnet",
        "block | citynet.schools.vlan_subnet(24, 2)",
        "block | ansible.utils.ipsubnet(24, 2)",
    ),
    Case(
        "host_address",
        "subnet | citynet.schools.host_address(1)",
        "subnet | ansible.utils.nthhost(1)",
    ),
    Case(
        "dhcp_range",
        "subnet | citynet.schools.dhcp_range(100, 150)",
        "[subnet | ansible.utils.nthhost(100), subnet | ansible.utils.nthhost(249)]",
    ),
    Case("netmask", "subnet | citynet.schools.netmask", "subnet | ansible.utils.ipaddr('netmask')"),
    Case(
        "wildcard",
        "subnet | citynet.schools.wildcard",
        "subnet | ansible.utils.ipaddr('hostmask')",
    ),
)


class Renderer:
    """Renders trusted templates with one Templar, as a task would."""

    def __init__(self) -> None:
        from ansible.parsing.dataloader import DataLoader
        from ansible.plugins.loader import init_plugin_loader
        from ansible.template import Templar, trust_as_template

        init_plugin_loader()
        self._trust = trust_as_template
        self._templar = Templar(loader=DataLoader(), variables=VARIABLES)

    def value(self, expression: str) -> object:
        return self._templar.template(self._trust("{{ " + expression + " }}"))

    def seconds(self, body: str, calls: int, repeat: int) -> float:
        """Best wall time of rendering ``body`` ``calls`` times in one template."""
        template = self._trust(f"{{% for _ in range({calls}) %}}{body}{{% endfor %}}")
        self._templar.template(template)  # warm up: plugin loading, caches
        best = float("inf")
        for _attempt in range(repeat):
            start = time.perf_counter()
            self._templar.template(template)
            best = min(best, time.perf_counter() - start)
        return best


def _per_call_us(renderer: Renderer, expression: str, calls: int, repeat: int) -> float:
    loop = renderer.seconds(f"{{% set _r = {expression} %}}", calls, repeat)
    empty = renderer.seconds("{% set _r = 0 %}", calls, repeat)
    return max(loop - empty, 0.0) / calls * 1e6


def run(calls: int, repeat: int) -> list[dict[str, object]]:
    renderer = Renderer()
    rows: list[dict[str, object]] = []
    for case in CASES:
        ours_value = renderer.value(case.ours)
        row: dict[str, object] = {
            "filter": f"citynet.schools.{case.name}",
            "counterpart": case.counterpart,
            "ours_expression": case.ours,
            "theirs_expression": case.theirs,
            "ours_us": round(_per_call_us(renderer, case.ours, calls, repeat), 2),
            "theirs_us": None,
            "theirs_over_ours": None,
        }
        if case.theirs is not None:
            theirs_value = renderer.value(case.theirs)
            if theirs_value != ours_value:
                raise SystemExit(
                    f"{case.name}: results differ, ours {ours_value!r}, theirs {theirs_value!r}"
                )
            theirs_us = _per_call_us(renderer, case.theirs, calls, repeat)
            row["theirs_us"] = round(theirs_us, 2)
            row["theirs_over_ours"] = round(theirs_us / max(float(row["ours_us"]), 0.01), 1)
        rows.append(row)
    return rows


def _table(rows: list[dict[str, object]]) -> str:
    header = (
        f"{'filter':<32} {'counterpart':<32} {'ours us':>9} {'theirs us':>10} {'theirs/ours':>12}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        theirs = "-" if row["theirs_us"] is None else f"{row['theirs_us']:.1f}"
        ratio = "-" if row["theirs_over_ours"] is None else f"{row['theirs_over_ours']:.1f}x"
        lines.append(
            f"{row['filter']:<32} {row['counterpart']:<32} {row['ours_us']:>9.1f} "
            f"{theirs:>10} {ratio:>12}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500, help="filter calls per render")
    parser.add_argument("--repeat", type=int, default=3, help="renders per measure (best kept)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    args = parser.parse_args(argv)
    if args.calls < 1 or args.repeat < 1:
        parser.error("--calls and --repeat must be at least 1")

    _use_checkout_collection()
    rows = run(args.calls, args.repeat)
    print(_table(rows))

    if args.json is not None:
        from ansible.release import __version__ as ansible_core

        report = {
            "calls": args.calls,
            "repeat": args.repeat,
            "python": platform.python_version(),
            "ansible_core": ansible_core,
            "unit": "microseconds per call, through Ansible's templating filter path",
            "results": rows,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
