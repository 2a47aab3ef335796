#!/usr/bin/env python
"""Print the reliability figures: bad-input classes and cases, fault cases, secrets found.

Without options it counts what the suites cover (instantly, nothing is run).
With --run it also runs them (tests/reliability: the bad-input corpus, the
faults on the simulated devices, the secrets search, the lock and access
tests; several minutes) and prints what passed, so the figures quoted in the
README are measured, not claimed.

    python scripts/reliability_report.py            # coverage only
    python scripts/reliability_report.py --run      # coverage and results
    python scripts/reliability_report.py --run --json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / ".collections") not in sys.path:
    sys.path.insert(0, str(ROOT / ".collections"))

from ansible_collections.citynet.schools.tests.bad_input.corpus import (  # noqa: E402
    classes,
    load_cases,
)

SUITES = ["tests/reliability"]


def coverage() -> dict[str, Any]:
    cases = load_cases()
    by_class = classes(cases)
    from ansible_collections.citynet.schools.tests.reliability import (
        test_faults,
        test_secrets,
    )

    return {
        "bad_input_classes": len(by_class),
        "bad_input_cases": len(cases),
        "cases_per_class": {name: len(members) for name, members in by_class.items()},
        "fault_cases": [case[0] for case in test_faults.CASES],
        "secrets_planted": sorted(test_secrets.SECRETS),
    }


def _outcomes(junit: Path) -> dict[str, str]:
    """test id -> passed, failed, skipped or xfailed."""
    out: dict[str, str] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        status = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                status = "failed"
            elif child.tag == "skipped":
                status = "xfailed" if "xfail" in (child.get("type") or "") else "skipped"
        out[name] = status
    return out


def run_suites(extra: list[str], quick: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        junit = Path(folder) / "junit.xml"
        env = {**os.environ, "CITYNET_RELIABILITY_DIR": folder}
        if quick:
            env["CITYNET_BAD_INPUT_QUICK"] = "1"
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        # test paths given after -- replace the whole suite (e.g. one file)
        chosen = extra if any(a.startswith("tests/") for a in extra) else [*SUITES, *extra]
        subprocess.run(
            [*pytest, *chosen, f"--junitxml={junit}"],
            cwd=ROOT,
            env=env,
            check=False,
        )
        outcomes = _outcomes(junit)
        found_file = Path(folder) / "secrets-found.json"
        secrets_found = json.loads(found_file.read_text("utf-8")) if found_file.exists() else None

    def tally(word: str) -> Counter[str]:
        return Counter(status for name, status in outcomes.items() if word in name)

    def share(word: str) -> str:
        counts = tally(word)
        return f"{counts['passed']}/{sum(counts.values())}"

    results: dict[str, Any] = {
        "bad_input_refused_by_design_core": share("test_design_core_refuses"),
        "bad_input_refused_by_playbook": share("test_playbook_refuses_without_writing"),
        "bad_input_deploy_no_device_touched": share("test_deploy_mode_touches_no_device"),
        "fault_cases_survived": share("test_fault_leaves_no_half_change"),
        "two_runs_take_turns": share("test_two_runs_on_the_same_school_take_turns"),
        "lock": dict(tally("test_school_lock")),
        "access": dict(tally("test_access")),
        "all": dict(Counter(outcomes.values())),
    }
    if secrets_found is not None:
        results["secrets_found"] = {place: len(items) for place, items in secrets_found.items()}
        results["secrets_found_details"] = secrets_found
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--run", action="store_true", help="run the suites and print their results")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="run the playbook on one bad-input case per class, not on every case",
    )
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"coverage": coverage()}
    if args.run:
        report["results"] = run_suites(args.pytest_args, args.quick)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    cov = report["coverage"]
    print(f"Bad-input corpus: {cov['bad_input_classes']} classes, {cov['bad_input_cases']} cases")
    for name, count in cov["cases_per_class"].items():
        print(f"  {name:<24} {count}")
    print(f"Fault cases: {len(cov['fault_cases'])} ({', '.join(cov['fault_cases'])})")
    print(f"Secrets planted: {len(cov['secrets_planted'])} ({', '.join(cov['secrets_planted'])})")
    if args.run:
        for key, value in report["results"].items():
            if key == "secrets_found_details":
                for place, items in value.items():
                    for item in items:
                        print(f"  [{place}] {item.splitlines()[0][:160]}")
                continue
            print(f"{key.replace('_', ' ')}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
