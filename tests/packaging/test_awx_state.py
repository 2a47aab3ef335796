"""The state folder under AWX: two jobs deploying the same school at once take turns.

AWX runs each job in its own private data directory, thrown away when the job
ends; what must outlive a job (backups, the schools' locks, the compliance
history) lives in the state folder (schools_state_dir), a path every job sees
(docs/awx.md). Here two ansible-runner jobs, each with its own private data
directory and build folder, share one state folder and deploy the same
simulated school (tests/deploy/simcity.py) at the same time, with the
collection installed from the tarball as in the execution environment: the
lock must make the second wait until the first is done, and the backups and
the history of both must be in the shared folder, none in the project.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from awx_emulation import RunnerResult, runner_result, runner_start
from packaging_support import DEMO_CITY, ROOT, SITE_COLLECTIONS, collections_env, copy_project

sys.path.insert(0, str(ROOT / "tests" / "deploy"))
import simcity

PLAYBOOK = "playbooks/schools.yml"
HOST = "curie-sw1"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("awx-state")
    city = Path(shutil.copytree(DEMO_CITY, base / "city"))
    sim = base / "sim"
    simcity.start(str(city), sim)
    try:
        yield base, sim / "molecule-inventory"
    finally:
        simcity.stop(sim)


def _job(
    base: Path, project: Path, installed: Path, inventory: Path, name: str, state: Path, **extra
):
    """One AWX job: its own private data directory and build folder, the shared state folder."""
    pdd = base / name
    pdd.mkdir()
    (pdd / "project").symlink_to(project, target_is_directory=True)
    process = runner_start(
        pdd,
        PLAYBOOK,
        inventory,
        extravars={
            "schools_mode": "deploy",
            "schools_state_dir": str(state),
            "schools_build_dir": str(pdd / "build"),
            **extra,
        },
        envvars={
            "ANSIBLE_COLLECTIONS_PATH": ":".join(
                [str(pdd / "requirements_collections"), str(installed), str(SITE_COLLECTIONS)]
            ),
            "ANSIBLE_NOCOLOR": "1",
        },
        cmdline=["--limit", HOST, "-v"],
        env=collections_env(installed, PYTHONDONTWRITEBYTECODE="1"),
    )
    return pdd, process


def _plan_status(result: RunnerResult) -> str:
    """``changed`` when the job's deploy found something to send to the device, else ``ok``."""
    found = re.search(
        r"TASK \[citynet\.schools\.deploy : Back up the running configuration[^\n]*\n"
        rf"(changed|ok): \[{HOST}\]",
        result.stdout,
    )
    assert found, result.stdout[-3000:]
    return found.group(1)


def _waited(result: RunnerResult) -> float:
    return max((float(w) for w in re.findall(r'"waited": ([0-9.]+)', result.stdout)), default=0.0)


def test_two_jobs_sharing_the_state_folder_take_turns_on_a_school(
    lab: tuple[Path, Path], installed: Path
) -> None:
    base, inventory = lab
    project = copy_project(base / "project")
    state = base / "state"  # the persistent volume every job mounts
    jobs = [_job(base, project, installed, inventory, n, state) for n in ("job-a", "job-b")]
    for _pdd, process in jobs:
        process.wait(timeout=900)
    results = [runner_result(pdd) for pdd, _process in jobs]
    assert [(r.rc, r.status) for r in results] == [(0, "successful")] * 2, "\n=====\n".join(
        r.stdout[-3000:] for r in results
    )
    waited = [_waited(r) for r in results]
    first, second = (0, 1) if waited[0] < waited[1] else (1, 0)
    assert waited[second] > 0, "the second job waited for the first"
    assert _plan_status(results[first]) == "changed", "the first job made the change"
    assert _plan_status(results[second]) == "ok", (
        "the second job found the change done: the jobs did not interleave"
    )

    # What outlives the jobs is in the shared folder, nothing in the jobs' own folders.
    assert (state / ".locks" / "curie.guard").is_file(), "the lock was taken in the shared folder"
    assert not (state / ".locks" / "curie.lock").exists(), "and released"
    backups = [p for p in state.rglob("*") if p.is_file() and HOST in p.parts]
    assert backups, sorted(str(p.relative_to(state)) for p in state.rglob("*"))
    history = sorted((state / ".compliance").glob("*.json"))
    assert len(history) == 2, history
    for entry in history:
        summary = json.loads(entry.read_text(encoding="utf-8"))
        assert [r["host"] for r in summary["reports"]] == [HOST]
        assert summary["drifts"] == []
    assert not (project / "backups").exists()
    for pdd, _process in jobs:
        assert not (pdd / "backups").exists()
        assert (pdd / "build" / "curie").is_dir(), "each job renders into its own folder"
