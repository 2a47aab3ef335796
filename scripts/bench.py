#!/usr/bin/env python
"""The scale benchmark of citynet.schools (``make bench``).

In one run, side by side on the same synthetic cities (scripts/gen_city.py):

- the design core alone (load, validate, design, render, write) in a fresh
  Python process per run;
- ``ansible-playbook playbooks/schools.yml`` in render mode, and the same
  playbook with its render play calling the role once (the proposed change);
- a naive baseline rendering the same templates with one
  ``ansible.builtin.template`` task per device;
- the filters against ansible.utils / ansible.netcommon (scripts/bench_filters.py);
- one validation pass over a large city with known mistakes injected;
- the nightly verify on simulated devices, today's against the baseline's
  (scripts/bench_verify_scale.py).

Prints a table and writes bench-results.md and bench-results.json at the
repository root.

    .venv/bin/python scripts/bench.py [--sizes 10,100,1000] [--naive-sizes 10,100] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

import bench_first_deploy  # noqa: E402
import bench_naive  # noqa: E402
import bench_report  # noqa: E402
import bench_validation  # noqa: E402
import bench_verify_scale  # noqa: E402
from bench_proc import Measured, run_measured  # noqa: E402
from gen_city import write_city  # noqa: E402

PLAYBOOK = ROOT / "playbooks" / "schools.yml"
RENDER_ROLE = "citynet.schools.render"
LARGE = 1000  # from this size on, fewer playbook runs


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    env.pop("ANSIBLE_CALLBACKS_ENABLED", None)
    return env


def _ansible(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _record(run: Measured, what: str) -> dict[str, Any]:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {run.returncode}):\n{run.output_tail}")
    data = asdict(run)
    data.pop("output_tail")
    return data


def proposed_playbook(work: Path) -> Path | None:
    """playbooks/schools.yml with the render role's play calling the role once.

    The render role has an argument spec, which Ansible checks with one task
    per host of the play before the role's single run_once task: with two
    thousand hosts that check is most of the run. Calling the role through
    include_role with run_once checks it once. None when the playbook has no
    such play (it was changed already).
    """
    plays = yaml.safe_load(PLAYBOOK.read_text(encoding="utf-8"))
    changed = False
    for play in plays:
        roles = play.get("roles") or []
        names = [r if isinstance(r, str) else r.get("role", r.get("name")) for r in roles]
        if names == [RENDER_ROLE] and "tasks" not in play:
            del play["roles"]
            play["tasks"] = [
                {
                    "name": "Render every device of the play, once",
                    "ansible.builtin.include_role": {"name": RENDER_ROLE},
                    "run_once": True,
                }
            ]
            changed = True
    if not changed:
        return None
    target = work / "proposed" / "schools.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(plays, sort_keys=False), encoding="utf-8")
    return target


def _digest(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.env = _env()
        self.results: dict[str, Any] = {
            "cities": {},
            "core": {},
            "playbook": {},
            "proposed": {},
            "naive": {},
            "notes": [],
        }
        self.proposed = None if args.skip_proposed else proposed_playbook(work)
        if self.proposed is None and not args.skip_proposed:
            self.results["notes"].append(
                "playbooks/schools.yml no longer applies the render role through `roles:`; "
                "no proposed variant was measured."
            )

    def log(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)

    def city(self, n: int) -> Path:
        root = self.work / f"city-{n}"
        if not root.exists():
            write_city(n, root, seed=self.args.seed)
        return root

    def _core(self, city: Path, build: Path) -> dict[str, Any]:
        run = run_measured(
            [sys.executable, str(SCRIPTS / "bench_core_run.py"), str(city), str(build)],
            env=self.env,
            cwd=ROOT,
        )
        data = _record(run, "core run")
        data["phases"] = json.loads(run.output_tail.strip().splitlines()[-1])
        return data

    def _playbook(self, playbook: Path, city: Path, build: Path) -> dict[str, Any]:
        run = run_measured(
            [
                _ansible("ansible-playbook"),
                "-i",
                str(city / "schools.yml"),
                str(playbook),
                "-e",
                f"schools_build_dir={build}",
            ],
            env=self.env,
            cwd=ROOT,
            timeout=self.args.timeout,
        )
        return _record(run, f"ansible-playbook {playbook.name} on {city.name}")

    def _too_slow(self, n: int, runs: list[dict[str, Any]], label: str) -> bool:
        """A large city's playbook run is repeated only if the first one was quick enough."""
        if n < LARGE or not runs or runs[0]["wall_s"] <= self.args.large_budget:
            return False
        note = (
            f"{n} schools: one {label} run only (the first took {runs[0]['wall_s']:.0f} s, "
            f"over --large-budget {self.args.large_budget:g} s)"
        )
        if note not in self.results["notes"]:
            self.results["notes"].append(note)
        return True

    def _compare(self, n: int, core: dict[str, bytes], playbook: dict[str, bytes]) -> None:
        """Note any file the two write differently; the playbook's own extras once."""
        differ = sorted(name for name in core if playbook.get(name) != core[name])
        if differ:
            self.results["notes"].append(
                f"{n} schools: {len(differ)} file(s) the playbook writes differ from the "
                f"core's: {', '.join(differ[:5])}"
            )
        # the city's dashboard and exports, which the core run does not write
        extra = sorted({name.split("/")[0] for name in playbook if name not in core})
        note = f"the playbook also writes {', '.join(extra)} (not part of the core run)"
        if extra and note not in self.results["notes"]:
            self.results["notes"].append(note)

    def scale(self, n: int) -> None:
        city = self.city(n)
        core_runs, play_runs, prop_runs = [], [], []
        runs_play = self.args.large_runs if n >= LARGE else self.args.playbook_runs
        runs_core = self.args.large_core_runs if n >= LARGE else self.args.core_runs
        for rep in range(max(runs_core, runs_play)):
            build = self.work / "build"
            if rep < runs_core:
                shutil.rmtree(build, ignore_errors=True)
                core_runs.append(self._core(city, build / "core"))
                self.log(f"{n} schools: core {core_runs[-1]['wall_s']:.2f} s")
            if rep < runs_play and not (rep and self._too_slow(n, play_runs, "playbook")):
                play_runs.append(self._playbook(PLAYBOOK, city, build / "playbook"))
                self.log(f"{n} schools: playbook {play_runs[-1]['wall_s']:.2f} s")
                if rep == 0 and (build / "core").exists():
                    self._compare(n, _digest(build / "core"), _digest(build / "playbook"))
                if self.proposed is not None and not (
                    rep and self._too_slow(n, prop_runs, "proposed")
                ):
                    prop_runs.append(self._playbook(self.proposed, city, build / "proposed"))
                    self.log(f"{n} schools: proposed {prop_runs[-1]['wall_s']:.2f} s")
            shutil.rmtree(build, ignore_errors=True)
        phases = core_runs[0]["phases"]
        devices = phases["devices"]
        self.results["cities"][str(n)] = {
            "schools": n,
            "devices": devices,
            "files": phases["files"],
        }
        self.results["core"][str(n)] = bench_report.summary(core_runs, devices)
        self.results["core"][str(n)]["phases_first_run"] = phases
        self.results["playbook"][str(n)] = bench_report.summary(play_runs, devices)
        if prop_runs:
            self.results["proposed"][str(n)] = bench_report.summary(prop_runs, devices)

    def naive(self, n: int) -> None:
        city = self.city(n)
        work = self.work / f"naive-{n}"
        runs, compared, differ = [], 0, []
        for rep in range(self.args.naive_runs):
            shutil.rmtree(work, ignore_errors=True)
            build = work / "build"
            inventory, playbook, hosts = bench_naive.build_baseline(city, work, build)
            run = run_measured(
                [_ansible("ansible-playbook"), "-i", str(inventory), str(playbook)],
                env=self.env,
                cwd=ROOT,
                timeout=self.args.timeout,
            )
            runs.append(_record(run, f"naive baseline on {n} schools"))
            self.log(f"{n} schools: naive baseline {runs[-1]['wall_s']:.2f} s ({hosts} hosts)")
            if rep == 0:
                ours = self.work / "naive-ours"
                shutil.rmtree(ours, ignore_errors=True)
                self._core(city, ours)
                compared, differ = bench_naive.compare_outputs(build, ours)
                shutil.rmtree(ours, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        summary = bench_report.summary(runs, hosts)
        summary.update(compared=compared, differ=differ)
        self.results["naive"][str(n)] = summary

    def filters(self) -> None:
        out = self.work / "filters.json"
        run = run_measured(
            [sys.executable, str(SCRIPTS / "bench_filters.py"), "--json", str(out)],
            env=self.env,
            cwd=ROOT,
        )
        _record(run, "bench_filters.py")
        self.results["filters"] = json.loads(out.read_text(encoding="utf-8"))["results"]
        self.log("filters measured")

    def validation(self, n: int) -> None:
        check = bench_validation.inject_and_validate(
            self.city(n), self.work / "injected", self.args.mistakes
        )
        data = asdict(check)
        data["schools"] = n
        self.results["validation"] = data
        shutil.rmtree(self.work / "injected", ignore_errors=True)
        self.log(f"validation: {check.reported}/{check.injected} injected errors reported")

    def run(self) -> dict[str, Any]:
        start = time.perf_counter()
        load_before = os.getloadavg()
        self.results["machine"] = bench_report.machine()
        for n in self.args.sizes:
            self.scale(n)
        for n in self.args.naive_sizes:
            self.naive(n)
        self.filters()
        self.validation(max(self.args.sizes))
        if not self.args.skip_first_deploy:
            self.results["first_deploy"] = bench_first_deploy.run()
            self.log("first deploy of a blank 8-member stack measured")
        if self.args.verify_sizes:
            self.results["verify_scale"] = bench_verify_scale.run(self.args.verify_sizes)
            self.log("verify at city scale measured")
        walls = {k: bench_report._walls(self.results, k) for k in ("core", "playbook", "proposed")}
        self.results["scaling"] = {
            kind: {
                "100-1000": bench_report.exponent(points, 100, 1000),
                "10-1000": bench_report.exponent(points, 10, 1000),
            }
            for kind, points in walls.items()
            if points
        }
        self.results["runs"] = {
            "core": self.args.core_runs,
            "large_core": self.args.large_core_runs,
            "playbook": self.args.playbook_runs,
            "large": self.args.large_runs,
            "naive": self.args.naive_runs,
        }
        self.results["load_before"] = " ".join(f"{x:.2f}" for x in load_before)
        self.results["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        self.results["elapsed_s"] = round(time.perf_counter() - start, 1)
        self.results["goals_objects"] = bench_report.goals(self.results)
        if self.results["proposed"]:
            self.results["goals_proposed_objects"] = bench_report.goals(self.results, "proposed")
        return self.results


def _sizes(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=[10, 100, 1000])
    parser.add_argument("--naive-sizes", type=_sizes, default=[10, 100])
    parser.add_argument("--core-runs", type=int, default=5)
    parser.add_argument("--large-core-runs", type=int, default=3, help="core runs at 1000+")
    parser.add_argument("--playbook-runs", type=int, default=3)
    parser.add_argument("--large-runs", type=int, default=2, help="playbook runs at 1000+")
    parser.add_argument(
        "--large-budget",
        type=float,
        default=60,
        help="at 1000+ schools, repeat a playbook run only if the first took less (s)",
    )
    parser.add_argument("--naive-runs", type=int, default=1)
    parser.add_argument(
        "--verify-sizes",
        type=_sizes,
        default=list(bench_verify_scale.SIZES),
        help="simulated Cisco devices of the nightly verify's runs ('' to skip)",
    )
    parser.add_argument("--mistakes", type=int, default=50, help="errors injected")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900, help="per playbook run (s)")
    parser.add_argument("--skip-proposed", action="store_true")
    parser.add_argument(
        "--skip-first-deploy", action="store_true", help="no simulated first deploy (~5 min)"
    )
    parser.add_argument("--quick", action="store_true", help="10 and 100 schools, one run each")
    parser.add_argument("--out", type=Path, default=ROOT, help="where the results go")
    parser.add_argument("--work", type=Path, help="keep the cities and builds here")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.naive_sizes = [10, 100], [10]
        args.core_runs = args.large_core_runs = args.playbook_runs = args.large_runs = 1
        args.naive_runs = 1
        args.verify_sizes = args.verify_sizes[:1]
    counts = (args.core_runs, args.large_core_runs, args.playbook_runs, args.large_runs)
    if min(*counts, args.naive_runs) < 1:
        parser.error("every run count must be at least 1")
    if args.mistakes > max(args.sizes):
        parser.error("--mistakes must not exceed the largest size")

    work = args.work or Path(tempfile.mkdtemp(prefix="citynet-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = Bench(args, work).run()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(bench_report.console_table(results))
    goal_objects = results.pop("goals_objects")
    proposed_objects = results.pop("goals_proposed_objects", [])
    results["goals"] = [asdict(g) for g in goal_objects]
    results["goals_proposed"] = [asdict(g) for g in proposed_objects]
    report = bench_report.markdown(
        {**results, "goals_objects": goal_objects, "goals_proposed_objects": proposed_objects}
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench-results.md").write_text(report, encoding="utf-8")
    (args.out / "bench-results.json").write_text(
        json.dumps(results, indent=2, sort_keys=False) + "\n", encoding="utf-8"
    )
    print(f"\nResults written to {args.out / 'bench-results.md'} and bench-results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
