#!/usr/bin/env python
"""The first deploy of a blank 8-member stack, line by line and as files, side by side.

hugo-sw1 of the demo city is an 8-member stack of C9300-48P (384 access ports):
its first deploy plans more than 5,000 lines. The demo city is served by the
simulator (tests/deploy/simcity.py) with a per-prompt response delay, and
deployed twice from blank, each on a fresh simulator: once with every plan
typed (``schools_file_transfer_lines`` above the plan's size), once with the
role's file transfer (SCP to flash:, one ``copy`` per large concern). Both must
end equal to the design (the deploy role checks it after the change).

    .venv/bin/python scripts/bench_first_deploy.py [--json OUT]

The delay, and where it comes from, is part of the result (``delay``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(ROOT / "tests" / "deploy"))
sys.path.insert(0, str(ROOT / ".collections"))

HOST = "hugo-sw1"
# The deploy role alone on the stack (playbooks/schools.yml would also render the whole
# city and verify afterwards, the same in both ways).
PLAYBOOK = f"""---
- name: First deploy of {HOST}
  hosts: {HOST}
  gather_facts: false
  roles:
    - role: citynet.schools.deploy
"""
# Per prompt, the device's time to answer a configuration line. ansible/ansible#65695
# measured a line-by-line load over network_cli at 13,000 lines in 37 minutes (0.17 s a
# line, SR OS); docs/platforms/cisco_ios.md counted seven minutes for 4,000 IOS lines
# (0.1 s a line, most of it network_cli's buffer_read_timeout, 0.1 s by default). To keep
# this section within a few minutes the bench uses 20 ms per prompt and the simulator's
# 10 ms read timeout: about 0.03 s a line, below both, so line by line is measured at
# its most favourable and the ratio is a lower bound.
DELAY = {"command": 0.02, "per_kib": 0.0}
DELAY_SOURCE = (
    "20 ms per prompt plus network_cli's read wait set to 10 ms (the simulator's; "
    "production waits 0.1 s, network_cli's default buffer_read_timeout): about 0.03 s "
    "a line, below the public measures of line-by-line loads over network_cli "
    "(ansible/ansible#65695: 13,000 lines in 37 min, 0.17 s a line) and the 0.1 s a "
    "line this project's docs counted, so line by line is measured at its most "
    "favourable. The SCP transfer and the device's parsing of the copied file are not "
    "delayed beyond the per-prompt delay (no public figure found here): the file "
    "transfer's time is a lower bound too."
)
COPY = re.compile(r"^\d+ ok \S+#copy flash:\S+ running-config$", re.M)


def _plan_lines(city: Path) -> int:
    from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import (
        plan_device,
    )
    from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import (
        design_city,
    )
    from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
        render_device,
    )

    device = design_city(city).devices[HOST]
    plan = plan_device(device.intent(), render_device(device, None), "")
    return sum(len(lines) for lines in plan.commands.values())


def _deploy_once(work: Path, threshold: int) -> dict[str, Any]:
    import simcity

    state = work / f"sim-{threshold}"
    playbook = work / "deploy.yml"
    playbook.write_text(PLAYBOOK, encoding="utf-8")
    simcity.start(str(ROOT / "inventories" / "demo"), state, response_delay=DELAY)
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
    }
    command = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        str(state / "molecule-inventory"),
        str(playbook),
        "-e",
        f"schools_backup_dir={state / 'backups'}",
        "-e",
        f"schools_file_transfer_lines={threshold}",
        "-e",
        "ansible_command_timeout=600",
    ]
    try:
        start = time.perf_counter()
        run = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=1200
        )
        seconds = time.perf_counter() - start
        log = (state / "devices" / HOST / "commands.log").read_text(encoding="utf-8")
    finally:
        simcity.stop(state)
    if run.returncode != 0:
        raise RuntimeError(f"the deploy of {HOST} failed:\n{(run.stdout + run.stderr)[-3000:]}")
    return {
        "seconds": round(seconds, 1),
        "commands_received": log.count("\n"),
        "copies": len(COPY.findall(log)),
    }


def run() -> dict[str, Any]:
    """Both deploys, line by line first; their times, and what the device received."""
    work = Path(tempfile.mkdtemp(prefix="bench-first-deploy-"))
    try:
        lines = _plan_lines(ROOT / "inventories" / "demo")
        typed = _deploy_once(work, lines + 1)
        files = _deploy_once(work, 200)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for data in (typed, files):
        data["lines_per_s"] = round(lines / data["seconds"], 1)
    return {
        "host": HOST,
        "stack": "8 x C9300-48P, blank",
        "lines": lines,
        "delay": {**DELAY, "source": DELAY_SOURCE},
        "line_by_line": typed,
        "file_transfer": files,
        "ratio": round(typed["seconds"] / files["seconds"], 1),
    }


def markdown(result: dict[str, Any]) -> str:
    typed, files = result["line_by_line"], result["file_transfer"]
    rows = [
        "## First deploy of a blank 8-member stack",
        "",
        f"`{result['host']}` ({result['stack']}), the demo city on the simulator, "
        "the deploy role alone on it (read, plan, backup, rollback copy, send, read again, "
        "check, save), in a fresh simulator each time.",
        "",
        "| way | lines | seconds | lines/s | commands received | copies |",
        "|---|---:|---:|---:|---:|---:|",
        f"| line by line | {result['lines']} | {typed['seconds']} | {typed['lines_per_s']} "
        f"| {typed['commands_received']} | {typed['copies']} |",
        f"| file transfer (SCP + copy) | {result['lines']} | {files['seconds']} "
        f"| {files['lines_per_s']} | {files['commands_received']} | {files['copies']} |",
        "",
        f"Ratio: line by line takes {result['ratio']} times as long.",
        "",
        f"Delay per prompt: {result['delay']['command']} s, per KiB of output: "
        f"{result['delay']['per_kib']} s. {result['delay']['source']}",
    ]
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the result as JSON")
    args = parser.parse_args(argv)
    result = run()
    print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
