"""playbooks/schools.yml under ansible-runner, as AWX runs it: whole, sliced and limited.

The project is a copy of the repository as AWX checks it out (no
.collections link), the collection and its dependencies come from the
tarball installed in a fresh path (the execution environment's), and the
inventory is the plugin's source or, for sliced jobs, the script AWX writes
from what it imported.
"""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest
from awx_emulation import (
    imported,
    inventory_update,
    runner_run,
    script_data,
    sliced_hosts,
    write_script,
)
from packaging_support import (
    GOLDEN_DEMO,
    ROOT,
    clean_env,
    collections_env,
    copy_project,
    digest,
    playbook_cmd,
    recap,
    rendered_files,
    run,
)

SOURCE = "inventories/demo/schools.yml"
PLAYBOOK = "playbooks/schools.yml"
GOLDEN = digest(GOLDEN_DEMO)
# Files of the whole city (the exports, the dashboard): written only by a run of every
# device, so never by a slice; the nightly render without slices writes them.
PER_DEVICE = {
    rel: sha
    for rel, sha in GOLDEN.items()
    if not (rel.startswith("_exports/") or rel == "dashboard.html")
}


def _project_enables_script_inventories() -> bool:
    """AWX gives jobs their inventory as a script, parsed under the project's ansible.cfg."""
    config = configparser.ConfigParser()
    config.read(ROOT / "ansible.cfg")
    enabled = config.get(
        "inventory", "enable_plugins", fallback="host_list, script, auto, yaml, ini, toml"
    )
    return any(p.strip() in ("script", "ansible.builtin.script") for p in enabled.split(","))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("awx") / "project")


@pytest.fixture(scope="module")
def awx_env(installed: Path) -> dict[str, str]:
    return collections_env(installed, PYTHONDONTWRITEBYTECODE="1")


def _private_dir(tmp_path: Path, project: Path, name: str) -> Path:
    pdd = tmp_path / name
    pdd.mkdir()
    (pdd / "project").symlink_to(project, target_is_directory=True)
    return pdd


def _envvars(installed: Path, pdd: Path) -> dict[str, str]:
    """ANSIBLE_COLLECTIONS_PATH as AWX computes it: the project's requirements,
    the project's ansible.cfg collections_path, then the image's collections."""
    from packaging_support import SITE_COLLECTIONS

    return {
        "ANSIBLE_COLLECTIONS_PATH": ":".join(
            [
                str(pdd / "requirements_collections"),
                "./.collections",
                str(installed),
                str(SITE_COLLECTIONS),
            ]
        )
    }


def test_runner_renders_like_ansible_playbook(
    project: Path, installed: Path, awx_env: dict[str, str], tmp_path: Path
) -> None:
    pdd = _private_dir(tmp_path, project, "job")
    result = runner_run(
        pdd,
        PLAYBOOK,
        project / SOURCE,
        extravars={"schools_build_dir": str(tmp_path / "runner-build")},
        envvars=_envvars(installed, pdd),
        env=awx_env,
    )
    assert (result.rc, result.status) == (0, "successful"), result.stdout[-3000:]

    direct = run(
        playbook_cmd(
            "-i", ROOT / SOURCE, PLAYBOOK, "-e", f"schools_build_dir={tmp_path / 'direct-build'}"
        ),
        cwd=ROOT,
        env=clean_env(ANSIBLE_CONFIG=str(ROOT / "ansible.cfg")),
    )
    assert digest(tmp_path / "runner-build") == GOLDEN
    assert digest(tmp_path / "direct-build") == GOLDEN
    expected = recap(direct.stdout)
    assert recap(result.stdout) == expected
    # What AWX shows as the job's host summaries.
    assert result.stats() == expected


@pytest.mark.parametrize("slice_count", [3])
def test_sliced_job_renders_exactly_each_slice(
    project: Path, installed: Path, awx_env: dict[str, str], tmp_path: Path, slice_count: int
) -> None:
    assert _project_enables_script_inventories(), (
        "ansible.cfg [inventory] enable_plugins lacks ansible.builtin.script: "
        "an AWX job cannot read the inventory AWX writes for it"
    )
    stored = imported(inventory_update(project, SOURCE, awx_env, tmp_path / "output.json"))
    union: dict[str, str] = {}
    for number in range(1, slice_count + 1):
        hosts = sliced_hosts(stored, number, slice_count)
        # AWX's stride slicing puts the devices of one school in different slices.
        split = [
            name
            for name, group in stored.groups.items()
            if name.startswith("school_")
            and 0 < len(set(group["hosts"]) & set(hosts)) < len(group["hosts"])
        ]
        assert split, f"slice {number} holds no school in part: the case is not exercised"
        pdd = _private_dir(tmp_path, project, f"slice{number}")
        script = write_script(script_data(stored, number, slice_count), pdd / "inventory" / "hosts")
        build = tmp_path / f"build{number}"
        result = runner_run(
            pdd,
            PLAYBOOK,
            script,
            extravars={"schools_build_dir": str(build)},
            envvars=_envvars(installed, pdd),
            env=awx_env,
        )
        assert (result.rc, result.status) == (0, "successful"), result.stdout[-3000:]
        # one render task for the whole play: the recap names no host outside the slice
        assert set(result.stats()) <= set(hosts) | {"localhost"}
        written = digest(build)
        assert written == rendered_files(hosts), f"slice {number} of {slice_count}: {hosts}"
        union.update(written)
    assert union == PER_DEVICE


def test_limit_to_part_of_a_school_renders_its_whole_readme(
    project: Path, installed: Path, awx_env: dict[str, str], tmp_path: Path
) -> None:
    pdd = _private_dir(tmp_path, project, "limited")
    build = tmp_path / "build"
    result = runner_run(
        pdd,
        PLAYBOOK,
        project / SOURCE,
        extravars={"schools_build_dir": str(build)},
        envvars=_envvars(installed, pdd),
        cmdline=["--limit", "pasteur-swa,curie-4g,school_jaures"],
        env=awx_env,
    )
    assert (result.rc, result.status) == (0, "successful"), result.stdout[-3000:]
    hosts = ["pasteur-swa", "curie-4g", "jaures-sw1", "jaures-4g"]
    assert digest(build) == rendered_files(hosts)
    # The technician's page lists the devices the limit left out.
    readme = (build / "pasteur" / "README.md").read_text(encoding="utf-8")
    assert "pasteur-swb" in readme and "pasteur-4g" in readme
    assert "curie-sw1" in (build / "curie" / "README.md").read_text(encoding="utf-8")
