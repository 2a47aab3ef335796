"""The benchmark's numbers turned into verdicts and tables.

Kept apart from the runs so that the goals are stated in one place, next to
how each is computed, and the Markdown and JSON results say the same thing.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

PLAYBOOK_OVER_CORE_MAX = 3.0
NAIVE_OVER_OURS_MIN = 30.0
EXPONENT_MAX = 1.1
MEMORY_MAX_MIB = 1024.0


@dataclass(frozen=True, slots=True)
class Goal:
    goal: str
    measured: str
    target: str
    met: bool | None  # None: could not be measured in this run


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = None
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    from ansible.release import __version__ as ansible_core

    try:
        ansible = metadata.version("ansible")
    except metadata.PackageNotFoundError:
        ansible = "not installed"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "ram_gib": ram_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "ansible_core": ansible_core,
        "ansible": ansible,
        "commit": commit or "unknown",
    }


def summary(runs: list[dict[str, Any]], devices: int) -> dict[str, Any]:
    """Medians of a set of runs of one command on one city."""
    wall = statistics.median(r["wall_s"] for r in runs)
    return {
        "runs": len(runs),
        "wall_s": round(wall, 3),
        "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
        "ms_per_device": round(wall / devices * 1000, 3),
        "devices_per_s": round(devices / wall, 1),
        "maxrss_mib": round(max(r["maxrss_mib"] for r in runs), 1),
        "tree_rss_mib": round(max(r["tree_rss_mib"] for r in runs), 1),
        "walls_s": [round(r["wall_s"], 3) for r in runs],
    }


def exponent(points: dict[int, float], low: int = 100, high: int = 1000) -> float | None:
    """Least-squares slope of log(time) against log(N) for low <= N <= high."""
    pairs = [(math.log(n), math.log(t)) for n, t in sorted(points.items()) if low <= n <= high]
    if len(pairs) < 2:
        return None
    xs = [x for x, _y in pairs]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(y for _x, y in pairs) / len(pairs)
    num = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    den = sum((x - mean_x) ** 2 for x in xs)
    return round(num / den, 3)


def _walls(results: dict[str, Any], kind: str) -> dict[int, float]:
    return {int(n): s["wall_s"] for n, s in results.get(kind, {}).items()}


def goals(results: dict[str, Any], playbook: str = "playbook") -> list[Goal]:
    """Every goal, judged on the wall-clock medians of ``playbook`` (or its proposed variant)."""
    core, play = results["core"], results.get(playbook, {})
    out: list[Goal] = []
    big = max((int(n) for n in play), default=None)
    if big is not None and str(big) in core:
        ratio = play[str(big)]["wall_s"] / core[str(big)]["wall_s"]
        out.append(
            Goal(
                f"playbook render of {big} schools vs the pure-Python core",
                f"{ratio:.2f}x",
                f"<= {PLAYBOOK_OVER_CORE_MAX:g}x",
                ratio <= PLAYBOOK_OVER_CORE_MAX,
            )
        )
    naive = results.get("naive", {})
    common = sorted((int(n) for n in naive if n in play), reverse=True)
    if common:
        n = str(common[0])
        speedup = naive[n]["ms_per_device"] / play[n]["ms_per_device"]
        out.append(
            Goal(
                f"per device, vs one template task per device ({n} schools)",
                f"{speedup:.1f}x faster",
                f">= {NAIVE_OVER_OURS_MIN:g}x",
                speedup >= NAIVE_OVER_OURS_MIN,
            )
        )
    for kind, label in (("core", "core"), (playbook, "playbook")):
        slope = exponent(_walls(results, kind))
        out.append(
            Goal(
                f"growth of the {label}'s time with N, 100 to 1000 (log-log slope)",
                "n/a" if slope is None else f"{slope:.2f}",
                f"<= {EXPONENT_MAX:g}",
                None if slope is None else slope <= EXPONENT_MAX,
            )
        )
    if big is not None:
        peak = play[str(big)]["tree_rss_mib"]
        out.append(
            Goal(
                f"peak memory of the playbook's process tree, {big} schools",
                f"{peak:.0f} MiB",
                f"< {MEMORY_MAX_MIB:.0f} MiB",
                peak < MEMORY_MAX_MIB,
            )
        )
    filters = [f for f in results.get("filters", []) if f.get("theirs_us") is not None]
    if filters:
        slower = [f["filter"] for f in filters if f["ours_us"] > f["theirs_us"]]
        worst = min(f["theirs_us"] / max(f["ours_us"], 0.01) for f in filters)
        out.append(
            Goal(
                "every filter at least as fast as its ansible.utils/netcommon counterpart",
                f"slowest ratio {worst:.1f}x"
                + (f"; slower: {', '.join(slower)}" if slower else ""),
                ">= 1x each",
                not slower,
            )
        )
    check = results.get("validation")
    if check:
        ok = check["reported"] == check["injected"] and not check["unexpected"]
        out.append(
            Goal(
                f"{check['injected']} injected errors in a {check['schools']}-school city, one pass",
                f"{check['reported']}/{check['injected']} reported, "
                f"{len(check['unexpected'])} unexpected, {check['seconds']:.2f} s",
                "all reported",
                ok,
            )
        )
    return out


def _verdict(met: bool | None) -> str:
    return "n/a" if met is None else "met" if met else "NOT MET"


def _cell(summary_: dict[str, Any] | None, key: str, fmt: str) -> str:
    if not summary_:
        return "-"
    return format(summary_[key], fmt)


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark of citynet.schools",
        "",
        "Written by `make bench` (scripts/bench.py); every number below comes from one run.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), "
        f"{m['ram_gib']} GiB RAM, {m['os']}",
        f"- Python {m['python']}, ansible-core {m['ansible_core']} (ansible {m['ansible']}), "
        f"commit {m['commit']}",
        f"- Load average before / after: {results['load_before']} / {results['load_after']}; "
        f"whole benchmark {results['elapsed_s']:.0f} s",
        "- Times are wall-clock medians of fresh processes (core: one Python process per run; "
        "playbook: `ansible-playbook -i <city>/schools.yml playbooks/schools.yml "
        "-e schools_build_dir=<empty dir>`, render mode). CPU is user+system time of the "
        "whole process tree (wait4).",
        "- Memory: *tree* is the peak, sampled every 100 ms, of the summed proportional set "
        "size (PSS, /proc/<pid>/smaps_rollup) of every process of the tree: a page shared "
        "after fork counts once in total; *largest* is the largest single process "
        "(`ru_maxrss` of wait4).",
        "",
        "## Scale",
        "",
        "| schools | devices | files | core s | core ms/dev | core CPU s | core MiB "
        "| playbook s | playbook ms/dev | devices/s | playbook CPU s | tree MiB | largest MiB "
        "| playbook/core | proposed s | proposed/core |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, city in sorted(results["cities"].items(), key=lambda kv: int(kv[0])):
        core = results["core"].get(n)
        play = results.get("playbook", {}).get(n)
        prop = results.get("proposed", {}).get(n)
        ratio = f"{play['wall_s'] / core['wall_s']:.2f}x" if core and play else "-"
        pratio = f"{prop['wall_s'] / core['wall_s']:.2f}x" if core and prop else "-"
        lines.append(
            f"| {n} | {city['devices']} | {city['files']} "
            f"| {_cell(core, 'wall_s', '.2f')} | {_cell(core, 'ms_per_device', '.2f')} "
            f"| {_cell(core, 'cpu_s', '.2f')} | {_cell(core, 'tree_rss_mib', '.0f')} "
            f"| {_cell(play, 'wall_s', '.2f')} | {_cell(play, 'ms_per_device', '.2f')} "
            f"| {_cell(play, 'devices_per_s', '.0f')} | {_cell(play, 'cpu_s', '.2f')} "
            f"| {_cell(play, 'tree_rss_mib', '.0f')} | {_cell(play, 'maxrss_mib', '.0f')} "
            f"| {ratio} | {_cell(prop, 'wall_s', '.2f')} | {pratio} |"
        )
    runs = results["runs"]
    lines += [
        "",
        f"Runs per size: core {runs['core']}, playbook {runs['playbook']} "
        f"(at 1000 schools and more: core {runs['large_core']}, playbook {runs['large']}, "
        "the second only if the first took under a minute), interleaved so that each ratio "
        "compares runs made moments apart. *Proposed* is playbooks/schools.yml with its render play "
        "calling the render role through `include_role` with `run_once: true` (a temporary "
        "copy; see below).",
        "",
        "## Naive baseline: one `ansible.builtin.template` task per device",
        "",
        "| schools | devices | naive s | naive ms/dev | playbook ms/dev | naive/playbook per device "
        "| proposed ms/dev | naive/proposed | identical configs |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for n, naive in sorted(results.get("naive", {}).items(), key=lambda kv: int(kv[0])):
        play = results.get("playbook", {}).get(n)
        prop = results.get("proposed", {}).get(n)
        speed = f"{naive['ms_per_device'] / play['ms_per_device']:.1f}x" if play else "-"
        pspeed = f"{naive['ms_per_device'] / prop['ms_per_device']:.1f}x" if prop else "-"
        same = f"{naive['compared'] - len(naive['differ'])}/{naive['compared']}"
        lines.append(
            f"| {n} | {results['cities'][n]['devices']} | {naive['wall_s']:.2f} "
            f"| {naive['ms_per_device']:.1f} | {_cell(play, 'ms_per_device', '.1f')} | {speed} "
            f"| {_cell(prop, 'ms_per_device', '.1f')} | {pspeed} | {same} |"
        )
    lines += [
        "",
        "Static YAML inventory, each device's intent in `host_vars/<host>.yml`, "
        "`ansible_connection: local`, the same templates; the configurations it writes are "
        "compared byte for byte with the render action's (README and port labels are not part "
        "of the baseline, so it does less work than the playbook).",
        "",
        "## Filters against their counterparts (microseconds per call, through Ansible's templating)",
        "",
        "| filter | counterpart | ours us | theirs us | theirs/ours |",
        "|---|---|---:|---:|---:|",
    ]
    for f in results.get("filters", []):
        theirs = "-" if f["theirs_us"] is None else f"{f['theirs_us']:.1f}"
        ratio = "-" if f["theirs_over_ours"] is None else f"{f['theirs_over_ours']:.1f}x"
        lines.append(
            f"| {f['filter']} | {f['counterpart']} | {f['ours_us']:.1f} | {theirs} | {ratio} |"
        )
    scaling = results["scaling"]
    lines += [
        "",
        "## Growth with the number of schools",
        "",
        "Least-squares slope of log(wall time) against log(N); 1.0 is linear.",
        "",
        "| measure | 100 to 1000 | 10 to 1000 |",
        "|---|---:|---:|",
    ]
    for kind, values in scaling.items():
        low, wide = (
            "n/a" if values[k] is None else f"{values[k]:.2f}" for k in ("100-1000", "10-1000")
        )
        lines.append(f"| {kind} | {low} | {wide} |")
    lines += ["", "## Goals", "", "| goal | measured | target | playbooks/schools.yml | proposed |"]
    lines.append("|---|---|---|---|---|")
    proposed = {g.goal: g for g in results.get("goals_proposed_objects", [])}
    for g in results["goals_objects"]:
        p = proposed.get(g.goal)
        other = f"{_verdict(p.met)} ({p.measured})" if p and p.measured != g.measured else "-"
        lines.append(f"| {g.goal} | {g.measured} | {g.target} | {_verdict(g.met)} | {other} |")
    if results.get("first_deploy"):
        import bench_first_deploy

        lines += [
            "",
            *bench_first_deploy.markdown(results["first_deploy"]).rstrip("\n").split("\n"),
        ]
    if results.get("verify_scale"):
        import bench_verify_scale  # scripts/ is on the path of bench.py, which imports this

        lines += ["", bench_verify_scale.markdown(results["verify_scale"]).rstrip()]
    if results.get("notes"):
        lines += ["", "## Notes", ""]
        lines += [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


def console_table(results: dict[str, Any]) -> str:
    """The scale table and the goals, for the terminal."""
    rows = [
        f"{'N':>5} {'devices':>7} {'core s':>8} {'playbook s':>10} {'play/core':>9} "
        f"{'proposed s':>10} {'naive s':>8} {'tree MiB':>8}"
    ]
    for n, city in sorted(results["cities"].items(), key=lambda kv: int(kv[0])):
        core = results["core"].get(n)
        play = results.get("playbook", {}).get(n)
        prop = results.get("proposed", {}).get(n)
        naive = results.get("naive", {}).get(n)
        ratio = f"{play['wall_s'] / core['wall_s']:.2f}x" if core and play else "-"
        rows.append(
            f"{n:>5} {city['devices']:>7} {_cell(core, 'wall_s', '.2f'):>8} "
            f"{_cell(play, 'wall_s', '.2f'):>10} {ratio:>9} {_cell(prop, 'wall_s', '.2f'):>10} "
            f"{_cell(naive, 'wall_s', '.2f'):>8} {_cell(play, 'tree_rss_mib', '.0f'):>8}"
        )
    rows.append("")
    for g in results["goals_objects"]:
        rows.append(f"[{_verdict(g.met):>7}] {g.goal}: {g.measured} (target {g.target})")
    if results.get("verify_scale"):
        import bench_verify_scale

        rows += ["", bench_verify_scale.console(results["verify_scale"])]
    return "\n".join(rows)
