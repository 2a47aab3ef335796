#!/usr/bin/env python
"""The nightly verify at city scale: simulated devices with a realistic response time.

A nightly verify (``playbooks/schools.yml -e schools_mode=verify``) reads
every Cisco device of the city and compares it with the design. Its cost is
the devices' answers (waited for, a fork at a time) and the controller's own
CPU per device. This module measures both on synthetic cities
(scripts/gen_city.py) whose Cisco devices are simulated
(tests/deploy/simcity.py: only cisco_ios devices are; RutOS and dnsmasq
routers are left out of the run), each simulator answering after a delay
per command and per KiB of output (iosim's ``response_delay``), and starting
as a deploy left it (its rendered configuration as startup configuration,
its stack members' intended priorities): the verify must find every device
compliant, or the run is refused as meaningless.

Each size runs the verify as of BASELINE_COMMIT (a ``git archive`` of that
commit: role, playbook, plugins and ansible.cfg of that day) and as the
working tree has it, on the same simulators, and projects both to a
1,000-school city on a 4-core controller.

    .venv/bin/python scripts/bench_verify_scale.py [--sizes 20,100,200] [--json FILE]

``run()`` and ``markdown()`` are what scripts/bench.py calls.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
for _path in (SCRIPTS, ROOT / ".collections", ROOT / "tests" / "deploy"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import simcity  # noqa: E402
from ansible_collections.citynet.schools.plugins.plugin_utils.action_support import (  # noqa: E402
    device_secrets,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import (  # noqa: E402
    design_city,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (  # noqa: E402
    render_device,
)
from bench_proc import tree_pss_kib  # noqa: E402
from gen_city import write_city  # noqa: E402

# The verify as the nightly job ran it before this benchmark existed.
BASELINE_COMMIT = "a80383930d53321507dee163ccb683da41476769"
# The forks of the nightly verify's AWX job template at BASELINE_COMMIT
# (awx/citynet-schools.yml; ansible.cfg's forks = 2 is a laptop's).
BASELINE_FORKS = 20
NIGHTLY_TEMPLATE = "citynet.schools nightly verify"
SIZES = (20, 100, 200)  # simulated Cisco devices, about
CISCO_PER_SCHOOL = 1.34  # Cisco devices per school of scripts/gen_city.py (134 in 100 schools)

# How long a device takes to answer.
DELAY = {"command": 0.3, "per_kib": 0.01}
DELAY_SOURCE = (
    "command: 0.3 s per command, from Netmiko's published performance runs "
    "(github.com/ktbyers/netmiko, tests/performance/netmiko_scrapli_performance.csv, "
    "2022-05-17, scrapli 2022.1.30): opening a session and sending one `show ip interface "
    "brief` took 0.23 s (Cisco 881, IOS), 0.28 s (C1111-4P, IOS-XE) and 0.32 s (a second "
    "IOS-XE router) longer than opening it alone. per_kib: 0.01 s per KiB of output "
    "(about 100 KiB/s over SSH) is an assumption: no public measurement of `show "
    "running-config`'s output rate on a Catalyst was found; a device's running "
    "configuration here is 6 to 25 KiB, so it adds 0.06 to 0.25 s per device."
)

# The projection's target: a 1,000-school city on one controller.
CITY_DEVICES = 2150  # Cisco and RutOS devices of gen_city's 1,000 schools (bench-results.md: 2,151)
CONTROLLER_CORES = 4
SLICES = 4
GOAL_ONE_JOB_S = 20 * 60
GOAL_SLICED_S = 5 * 60
SIM_PIN = simcity.SIM_PIN
# The slowest session opening of the Netmiko runs of DELAY_SOURCE (cisco1, 7.5 s):
# the simulator logs in at once, a real device does not.
REAL_LOGIN_S = 7.5


def _env(config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(ANSIBLE_CONFIG=str(config), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    env.pop("ANSIBLE_CALLBACKS_ENABLED", None)
    return env


def _cpu_s(pid: int) -> float:
    """User + system seconds of one process (all its threads), its children excluded."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _run(command: list[str], env: dict[str, str], cwd: Path, timeout: float) -> dict[str, Any]:
    """Run ansible-playbook: wall, CPU of its whole tree, and of its main process alone.

    The main process runs the strategy (which host runs which task next) in one
    thread for every fork: its CPU is the part no number of cores shares.
    """
    proc = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    start = time.perf_counter()
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.append(proc.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    main_cpu, peak_kib = 0.0, 0
    samples = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        try:
            main_cpu = _cpu_s(proc.pid)
            if samples % 5 == 0:
                peak_kib = max(peak_kib, tree_pss_kib(proc.pid))
        except OSError:
            pass
        samples += 1
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, 9)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    reader.join(timeout=5)
    text = b"".join(output).decode("utf-8", errors="replace")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "main_cpu_s": round(main_cpu, 2),
        "tree_mib": round(peak_kib / 1024),
        "returncode": os.waitstatus_to_exitcode(status),
        "output_tail": text[-3000:],
    }


def baseline_tree(work: Path, commit: str = BASELINE_COMMIT) -> Path:
    """The collection as of ``commit``, laid out as a checkout (with its .collections link)."""
    target = work / "baseline"
    if not target.exists():
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        link = target / ".collections" / "ansible_collections" / "citynet"
        link.mkdir(parents=True)
        (link / "schools").symlink_to(Path("../../.."))
    return target


def _schools_for(devices: int) -> int:
    return max(2, round(devices / CISCO_PER_SCHOOL))


def _secrets(codes: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The city's secret references resolved as simcity's inventory resolves them.

    gen_city refers to the OSPF key as ``{var: vault_ospf_key}`` and to each SIM
    PIN either as a variable or an environment variable: both are given.
    """
    variables = {"vault_ospf_key": simcity.OSPF_KEY}
    env = {}
    for code in codes:
        variables[f"vault_sim_pin_{code.replace('-', '_')}"] = SIM_PIN
        env[f"SIM_PIN_{code.replace('-', '_').upper()}"] = SIM_PIN
    return variables, env


def deployed_configs(city_dir: Path, variables: dict[str, str]) -> dict[str, str]:
    """Each Cisco device's rendered configuration, secrets resolved: what a deploy leaves."""
    city = design_city(city_dir)
    out = {}
    for name, device in city.devices.items():
        if device.platform == "cisco_ios":
            secrets = device_secrets(name, device, variables, lambda value: value)
            out[name] = render_device(device, secrets)
    return out


def check_safety(inventory_dir: Path, hosts: list[str]) -> None:
    """Every host of the run points at the loopback simulator; refuse to run otherwise."""
    overrides = yaml.safe_load((inventory_dir / simcity.SIMULATORS_FILE).read_text("utf-8"))
    reach = overrides["all"]["hosts"]
    if sorted(reach) != sorted(hosts):
        raise SystemExit("the run's limit is not exactly the simulated hosts")
    wrong = [h for h, v in reach.items() if v.get("ansible_host") != "127.0.0.1"]
    if wrong:
        raise SystemExit(f"hosts not pointing at 127.0.0.1: {', '.join(wrong)}")


def _compliant(build: Path, hosts: list[str]) -> None:
    """The verify found every simulated device compliant (else its number means nothing)."""
    summary = json.loads((build / "compliance-summary.json").read_text(encoding="utf-8"))
    reports = {r["host"]: r for r in summary["reports"]}
    missing = sorted(set(hosts) - set(reports))
    drifting = sorted(h for h, r in reports.items() if r["drifts"])
    if missing or drifting:
        raise RuntimeError(f"verify not compliant: missing {missing[:5]}, drifting {drifting[:5]}")


class Variant:
    """One implementation of the verify: which tree, which configuration, which forks."""

    def __init__(self, name: str, tree: Path, forks: int, label: str) -> None:
        self.name, self.tree, self.forks, self.label = name, tree, forks, label

    def command(
        self, inventory: Path, hosts: list[str], state: Path, forks: int | None = None
    ) -> list[str]:
        return [
            str(Path(sys.executable).with_name("ansible-playbook")),
            "-i",
            str(inventory),
            str(self.tree / "playbooks" / "schools.yml"),
            "--forks",
            str(forks or self.forks),
            "-e",
            "schools_mode=verify",
            "-e",
            f"schools_build_dir={state / self.name / 'build'}",
            "-e",
            f"schools_state_dir={state / self.name / 'state'}",
            "--limit",
            ",".join(hosts),
        ]


def ansible_cfg_forks(tree: Path) -> int:
    for line in (tree / "ansible.cfg").read_text(encoding="utf-8").splitlines():
        key, _sep, value = line.partition("=")
        if key.strip() == "forks":
            return int(value.split("#")[0])
    return 5


def measure_size(
    target: int,
    variants: list[Variant],
    work: Path,
    timeout: float,
    log: Any,
    serial: bool,
    nightly: Variant | None = None,
) -> dict[str, Any]:
    """One city of about ``target`` devices: each variant's verify, then ``nightly`` (the
    current verify with its AWX job's forks: the memory an AWX node must hold)."""
    schools = _schools_for(target)
    city = write_city(schools, work / f"city-{schools}", seed=1)
    design = design_city(city)
    variables, env_secrets = _secrets(sorted(design.schools))
    os.environ.update(env_secrets)  # the env references, for the render below
    configs = deployed_configs(city, variables)
    state = work / f"state-{schools}"
    shutil.rmtree(state, ignore_errors=True)
    ports = simcity.start(str(city), state, response_delay=DELAY, startup_configs=configs)
    try:
        inventory = state / "molecule-inventory"
        (inventory / "03-secrets.yml").write_text(
            yaml.safe_dump({"all": {"vars": variables}}), encoding="utf-8"
        )
        hosts = sorted(ports)
        check_safety(inventory, hosts)
        sim_pid = int((state / "iosim.pid").read_text(encoding="utf-8"))
        kib = [len(c.encode()) / 1024 for c in configs.values()]
        row: dict[str, Any] = {
            "schools": schools,
            "devices": len(hosts),
            "config_kib": [round(min(kib), 1), round(max(kib), 1)],
        }
        measured = [*variants, *([nightly] if nightly else [])]
        for session, variant in enumerate(measured, start=1):
            env = {**_env(variant.tree / "ansible.cfg"), **env_secrets}
            sim_before = _cpu_s(sim_pid)
            run = _run(variant.command(inventory, hosts, state), env, variant.tree, timeout)
            sim_cpu = _cpu_s(sim_pid) - sim_before
            if run["returncode"] != 0:
                raise RuntimeError(
                    f"{variant.name} verify of {len(hosts)} devices failed "
                    f"(exit {run['returncode']}):\n{run.pop('output_tail')}"
                )
            run.pop("output_tail")
            _compliant(state / variant.name / "build", hosts)
            run["sim_cpu_s"] = round(sim_cpu, 2)
            run["forks"] = variant.forks
            run["devices_per_min"] = round(len(hosts) / run["wall_s"] * 60, 1)
            run["commands_per_device"] = commands_per_device(state, hosts, session)
            row[variant.name] = run
            log(
                f"verify {variant.name}, {len(hosts)} devices, {variant.forks} forks: "
                f"{run['wall_s']:.1f} s, controller CPU {run['cpu_s']:.1f} s "
                f"(main process {run['main_cpu_s']:.1f} s), simulator CPU {sim_cpu:.1f} s"
            )
        if serial:
            for variant in variants:
                row[variant.name]["serial"] = serial_seconds(variant, inventory, hosts, state, log)
        return row
    finally:
        simcity.stop(state)


SERIAL_DEVICES = 4


def commands_per_device(state: Path, hosts: list[str], session: int) -> float:
    """Commands the devices answered in their ``session``-th session (the simulator's log).

    Each answer costs the device's response delay: with the run's CPU, what a
    fork waits per device, whatever the load of the machine.
    """
    total = 0
    for host in hosts:
        log = state / "devices" / host / "commands.log"
        ids = [line.split(" ", 1)[0] for line in log.read_text(encoding="utf-8").splitlines()]
        total += ids.count(str(session))
    return round(total / len(hosts), 1)


def serial_seconds(
    variant: Variant, inventory: Path, hosts: list[str], state: Path, log: Any
) -> dict[str, float]:
    """A fork's seconds per device, the cores not in the way: one fork, 1 then 4 devices.

    With 20 forks on 2 shared cores a fork mostly waits for a core; one fork
    waits only for its device and its own CPU. The difference between the
    two runs, per added device, leaves out the run's fixed part.
    """
    env = _env(variant.tree / "ansible.cfg")  # os.environ holds the SIM PINs set above
    walls = []
    for count in (1, SERIAL_DEVICES):
        some = hosts[:count]
        run = _run(variant.command(inventory, some, state, forks=1), env, variant.tree, 600)
        if run["returncode"] != 0:
            raise RuntimeError(f"{variant.name} serial verify failed:\n{run['output_tail']}")
        _compliant(state / variant.name / "build", some)
        walls.append(run["wall_s"])
    per_device = (walls[1] - walls[0]) / (SERIAL_DEVICES - 1)
    log(f"verify {variant.name}, one fork: {per_device:.2f} s per device")
    return {
        "one_device_s": walls[0],
        "devices": SERIAL_DEVICES,
        "wall_s": walls[1],
        "per_device_s": round(per_device, 2),
    }


def _fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares line y = a + b·x: the fixed part and the part per device."""
    if len(points) == 1:
        x, y = points[0]
        return 0.0, y / x
    n = len(points)
    mx = sum(x for x, _y in points) / n
    my = sum(y for _x, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _y in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx
    return my - b * mx, b


def nightly_forks(tree: Path) -> int:
    """The forks of the nightly verify's AWX job template in ``tree`` (what a city runs)."""
    assets = yaml.safe_load((tree / "awx" / "citynet-schools.yml").read_text(encoding="utf-8"))
    job = next(j for j in assets["job_templates"] if j["name"] == NIGHTLY_TEMPLATE)
    return int(job["forks"])


def project(rows: list[dict[str, Any]], name: str, forks: int | None = None) -> dict[str, Any]:
    """The verify of CITY_DEVICES devices on a CONTROLLER_CORES-core controller.

    Per device, from the measured sizes (least-squares lines against the
    number of devices): the controller's CPU (whole tree), the main process's
    CPU (Ansible's strategy: one thread, which more cores do not share) and
    the wall time a fork spends on a device: the commands each device answered
    (the simulator's log) times the response delay, plus its CPU, done in that
    fork. (The one-fork runs of serial_seconds measure the same directly, but
    on a loaded machine they also wait for a core: shown, not used.)
    A run takes the longest of three limits, plus its fixed part:

    - CPU:     devices * cpu_per_device / cores
    - main:    devices * main_cpu_per_device
    - latency: devices * device_seconds / forks

    Four slices: each runs a quarter of the devices and its own fixed part,
    on a node of its own (AWX spreads slices over its execution nodes).
    """
    runs = [(r["devices"], r[name]) for r in rows if name in r]
    cpu_fixed, cpu_dev = _fit([(d, r["cpu_s"]) for d, r in runs])
    main_fixed, main_dev = _fit([(d, r["main_cpu_s"]) for d, r in runs])
    wall_fixed, _wall_dev = _fit([(d, r["wall_s"]) for d, r in runs])
    _big_devices, big = max(runs, key=lambda item: item[0])
    forks = forks or big["forks"]
    kib = sum(sum(r["config_kib"]) / 2 for r in rows) / len(rows)
    commands = sum(r[name]["commands_per_device"] for r in rows) / len(rows)
    device_wait = commands * DELAY["command"] + kib * DELAY["per_kib"]
    device_s = device_wait + max(cpu_dev, 0.0)
    fixed = max(wall_fixed, 0.0)

    def limits(devices: float) -> dict[str, float]:
        return {
            "cpu": devices * max(cpu_dev, 0.0) / CONTROLLER_CORES,
            "main": devices * max(main_dev, 0.0),
            "latency": devices * device_s / forks,
        }

    one = limits(CITY_DEVICES)
    sliced = limits(CITY_DEVICES / SLICES)
    return {
        "cpu_per_device_s": round(cpu_dev, 3),
        "cpu_fixed_s": round(cpu_fixed, 1),
        "main_cpu_per_device_s": round(main_dev, 3),
        "main_fixed_s": round(main_fixed, 1),
        "device_seconds_per_fork": round(device_s, 2),
        "commands_per_device": round(commands, 1),
        "forks_cpu_bound": math.ceil(
            CONTROLLER_CORES * (device_s + REAL_LOGIN_S) / max(cpu_dev, 0.01)
        ),
        "device_wait_s": round(device_wait, 2),
        "fixed_s": round(fixed, 1),
        "forks": forks,
        "one_job": {k: round(v, 1) for k, v in one.items()},
        "one_job_s": round(fixed + max(one.values()), 1),
        "bound_one": max(one, key=lambda k: one[k]),
        "sliced": {k: round(v, 1) for k, v in sliced.items()},
        "sliced_s": round(fixed + max(sliced.values()), 1),
        "bound_sliced": max(sliced, key=lambda k: sliced[k]),
    }


def run(
    sizes: tuple[int, ...] = SIZES,
    work: Path | None = None,
    timeout: float = 900,
    baseline: str = BASELINE_COMMIT,
) -> dict[str, Any]:
    """Measure the baseline and the working tree's verify at each size; project both."""
    started = time.perf_counter()
    load_before = os.getloadavg()
    own = work is None
    work = work or Path(tempfile.mkdtemp(prefix="citynet-verify-"))

    def log(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)

    try:
        current = Variant("current", ROOT, ansible_cfg_forks(ROOT), "working tree")
        variants = [
            Variant("baseline", baseline_tree(work, baseline), BASELINE_FORKS, baseline[:12]),
            current,
        ]
        # the largest city once more with the forks of the current nightly AWX job, when
        # ansible.cfg's differ: its memory is what the job's node must hold
        nightly = Variant("nightly", ROOT, nightly_forks(ROOT), "working tree, nightly forks")
        rows = [
            measure_size(
                n,
                variants,
                work,
                timeout,
                log,
                serial=n == min(sizes),
                nightly=nightly if n == max(sizes) and nightly.forks != current.forks else None,
            )
            for n in sizes
        ]
        # projected with the forks the nightly AWX job runs, measured with the variant's own;
        # read before the work folder (which holds the baseline's tree) goes
        projection = {v.name: project(rows, v.name, nightly_forks(v.tree)) for v in variants}
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    return {
        "sizes": rows,
        "variants": {v.name: {"label": v.label, "forks": v.forks} for v in variants},
        "baseline_commit": baseline,
        "delay": DELAY,
        "delay_source": DELAY_SOURCE,
        "projection": projection,
        "target": {
            "devices": CITY_DEVICES,
            "cores": CONTROLLER_CORES,
            "slices": SLICES,
            "goal_one_job_s": GOAL_ONE_JOB_S,
            "goal_sliced_s": GOAL_SLICED_S,
        },
        "machine_cores": os.cpu_count(),
        "load_before": " ".join(f"{x:.2f}" for x in load_before),
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s ({seconds / 60:.1f} min)"


def markdown(result: dict[str, Any]) -> str:
    """The section of bench-results.md: the measured table, then the projection and its inputs."""
    names = list(result["variants"])
    target = result["target"]
    lines = [
        "## Nightly verify at city scale (simulated devices)",
        "",
        "`ansible-playbook playbooks/schools.yml -e schools_mode=verify --limit <simulated hosts>` "
        "on synthetic cities (scripts/gen_city.py) whose Cisco devices are simulated "
        "(tests/deploy/simcity.py; RutOS and dnsmasq routers are not simulated and not in the "
        "run), each started with its rendered configuration and intended stack priorities, "
        "so the verify finds every device compliant (checked at every run). Every host "
        "points at 127.0.0.1 and the run is limited to them (checked before it starts). "
        f"Written by scripts/bench_verify_scale.py; whole section {result['elapsed_s']:.0f} s, "
        f"load average before / after {result['load_before']} / {result['load_after']}.",
        "",
        f"- Device response time (iosim `response_delay`): {result['delay']['command']} s per "
        f"command, {result['delay']['per_kib']} s per KiB of output. {result['delay_source']}",
        f"- *baseline*: the verify as of commit {result['baseline_commit'][:12]} (a `git archive` "
        "of it: role, playbook, plugins, ansible.cfg), with the forks of its nightly AWX job "
        f"template ({result['variants']['baseline']['forks']}); *current*: the working tree, "
        f"with ansible.cfg's forks ({result['variants']['current']['forks']}). Each is "
        "projected with the forks of its own nightly AWX job template (the projection's "
        "*forks*).",
        f"- The simulator runs on the same {result['machine_cores']} cores as the controller: "
        "its CPU is shown apart, and the wall times include waiting for it. The projection "
        "uses the controller's CPU only.",
        "- Controller CPU: user+system time of the whole ansible-playbook process tree "
        "(wait4); *main*: the ansible-playbook process alone (the strategy's loop, one thread).",
        "",
        "| devices | schools | variant | forks | wall s | devices/min | controller CPU s "
        "| main CPU s | CPU s/device | simulator CPU s | tree MiB |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["sizes"]:
        for name in [*names, "nightly"]:
            r = row.get(name)
            if not r:
                continue
            shown = "current, nightly job's forks" if name == "nightly" else name
            lines.append(
                f"| {row['devices']} | {row['schools']} | {shown} | {r['forks']} "
                f"| {r['wall_s']:.1f} | {r['devices_per_min']:.0f} | {r['cpu_s']:.1f} "
                f"| {r['main_cpu_s']:.1f} | {r['cpu_s'] / row['devices']:.2f} "
                f"| {r['sim_cpu_s']:.1f} | {r['tree_mib']} |"
            )
    if any("nightly" in row for row in result["sizes"]):
        lines += [
            "",
            "*current, nightly job's forks*: the largest city verified once more with the forks "
            "of the current nightly AWX job template, for the memory its node must hold (*tree "
            "MiB*: the whole process tree's proportional set size at its peak). Not used by "
            "the projection.",
        ]
    lines += [
        "",
        f"### Projection: {target['devices']} devices (1,000 schools), "
        f"{target['cores']}-core controller",
        "",
        "Per device, least-squares lines over the sizes above: controller CPU (*cpu*) and the "
        "main process's CPU (*main*, which more cores do not share). A fork's seconds per "
        "device (*latency*): the commands each device answered in the run (the simulator's "
        "log, *commands*) times the delay per command, plus its output's KiB times the delay "
        "per KiB (*device wait*), plus its CPU. A run takes its fixed part (the intercept of "
        "the wall-time line) plus the longest of devices * cpu / cores, devices * main and "
        f"devices * latency / forks. {target['slices']} slices: a quarter of the devices "
        f"each, each on a {target['cores']}-core node of its own, each with the whole fixed "
        "part. *One fork, measured*: runs with one fork on 1 and "
        f"{SERIAL_DEVICES} devices of the smallest city, the difference per added device "
        "(on a loaded machine it also waits for a core: shown as a check, not used). The "
        f"simulator logs in at once; a real device's SSH login (up to {REAL_LOGIN_S:g} s, "
        "the slowest *connect* of Netmiko's runs cited above) adds to the latency: "
        "*forks for CPU-bound* is the number of forks that keeps the cores busy even then, "
        "cores * (latency + login) / cpu.",
        "",
        "| variant | CPU s/device | main s/device | commands | device wait s | latency s "
        "| one fork, measured s | forks | fixed s | one job: cpu / main / latency s | one job "
        "| goal | 4 slices: cpu / main / latency s | 4 slices | goal | forks for CPU-bound |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---|---|---:|",
    ]
    for name in names:
        p = result["projection"][name]
        one_ok = "met" if p["one_job_s"] <= target["goal_one_job_s"] else "NOT MET"
        sliced_ok = "met" if p["sliced_s"] < target["goal_sliced_s"] else "NOT MET"
        one = p["one_job"]
        sl = p["sliced"]
        serial = next(
            (r[name]["serial"] for r in result["sizes"] if "serial" in r.get(name, {})), None
        )
        measured = f"{serial['per_device_s']:.2f}" if serial else "-"
        lines.append(
            f"| {name} | {p['cpu_per_device_s']:.3f} | {p['main_cpu_per_device_s']:.3f} "
            f"| {p['commands_per_device']:.1f} | {p['device_wait_s']:.2f} "
            f"| {p['device_seconds_per_fork']:.2f} | {measured} | {p['forks']} "
            f"| {p['fixed_s']:.1f} "
            f"| {one['cpu']:.0f} / {one['main']:.0f} / {one['latency']:.0f} "
            f"| {_minutes(p['one_job_s'])}, {p['bound_one']}-bound "
            f"| {one_ok} (<= {target['goal_one_job_s'] // 60} min) "
            f"| {sl['cpu']:.0f} / {sl['main']:.0f} / {sl['latency']:.0f} "
            f"| {_minutes(p['sliced_s'])}, {p['bound_sliced']}-bound "
            f"| {sliced_ok} (< {target['goal_sliced_s'] // 60} min) "
            f"| {p['forks_cpu_bound']} |"
        )
    return "\n".join(lines) + "\n"


def console(result: dict[str, Any]) -> str:
    rows = [f"{'devices':>7} {'variant':>8} {'forks':>5} {'wall s':>7} {'CPU s':>7} {'sim s':>6}"]
    for row in result["sizes"]:
        for name in result["variants"]:
            r = row[name]
            rows.append(
                f"{row['devices']:>7} {name:>8} {r['forks']:>5} {r['wall_s']:>7.1f} "
                f"{r['cpu_s']:>7.1f} {r['sim_cpu_s']:>6.1f}"
            )
    for name, p in result["projection"].items():
        rows.append(
            f"projection {name}: one job {p['one_job_s']:.0f} s ({p['bound_one']}-bound), "
            f"{result['target']['slices']} slices {p['sliced_s']:.0f} s ({p['bound_sliced']}-bound)"
        )
    return "\n".join(rows)


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(sorted({int(part) for part in text.split(",") if part.strip()}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=SIZES, help="simulated devices, about")
    parser.add_argument("--work", type=Path, help="keep the cities and simulators' state here")
    parser.add_argument("--timeout", type=float, default=900, help="per playbook run (s)")
    parser.add_argument("--baseline", default=BASELINE_COMMIT, help="commit of the baseline")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    result = run(args.sizes, args.work, args.timeout, args.baseline)
    print(console(result))
    print()
    print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
