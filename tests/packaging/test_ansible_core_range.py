"""Both ends of the ansible-core range in meta/runtime.yml: the demo renders and every plugin documents itself.

The upper end is the project's venv. The lower end is the oldest ansible-core
the range allows, installed with the collection's runtime requirements in a
virtual environment cached under tests/output/packaging (built once, about
20 s; keyed by the version, the Python and requirements.txt).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from packaging_support import (
    CACHE_DIR,
    GOLDEN_DEMO,
    ROOT,
    VENV_BIN,
    collections_env,
    digest,
    documented_plugins,
    locked,
    roles,
    run,
)


def requires_ansible() -> SpecifierSet:
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    return SpecifierSet(runtime["requires_ansible"])


def lowest_allowed(spec: SpecifierSet) -> Version:
    lower = [Version(s.version) for s in spec if s.operator in (">=", "==", "~=")]
    assert lower, f"requires_ansible {spec} states no lower bound"
    return max(lower)


def runtime_requirements() -> list[str]:
    """requirements.txt without the `ansible` package itself (ansible-core is pinned instead)."""
    lines = []
    for raw in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and Requirement(line).name.lower() not in {"ansible", "ansible-core"}:
            lines.append(line)
    return lines


def test_range_is_a_closed_interval_holding_the_tested_version() -> None:
    spec = requires_ansible()
    assert Version(version("ansible-core")) in spec
    assert lowest_allowed(spec) in spec
    assert lowest_allowed(spec) <= Version(version("ansible-core"))


def _lower_venv() -> Path:
    low = lowest_allowed(requires_ansible())
    reqs = runtime_requirements()
    key = hashlib.sha256("\n".join([str(low), sys.version, *reqs]).encode()).hexdigest()[:12]
    venv = CACHE_DIR / f"ansible-core-{low}-py{sys.version_info[0]}{sys.version_info[1]}-{key}"
    with locked(CACHE_DIR / f"{venv.name}.lock"):
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
            installed = subprocess.run(
                [
                    str(venv / "bin" / "python"),
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--disable-pip-version-check",
                    f"ansible-core=={low}",
                    *reqs,
                ],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            assert installed.returncode == 0, (
                f"ansible-core {low}, the lower end of meta/runtime.yml, does not install on "
                f"Python {sys.version.split()[0]}:\n{installed.stderr[-3000:]}"
            )
            (venv / ".complete").write_text(f"ansible-core=={low}\n", encoding="utf-8")
    return venv / "bin"


@pytest.fixture(scope="module", params=["lowest", "tested"])
def ansible_bin(request: pytest.FixtureRequest) -> Path:
    bin_dir = _lower_venv() if request.param == "lowest" else VENV_BIN
    expected = (
        lowest_allowed(requires_ansible())
        if request.param == "lowest"
        else Version(version("ansible-core"))
    )
    shown = run([bin_dir / "ansible", "--version"], cwd=ROOT, env=collections_env()).stdout
    assert f"[core {expected}]" in shown, shown
    return bin_dir


def test_demo_renders(ansible_bin: Path, installed: Path, demo_city: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    done = run(
        [
            ansible_bin / "ansible-playbook",
            "citynet.schools.schools",
            "-i",
            demo_city / "schools.yml",
            "-e",
            f"schools_build_dir={build}",
        ],
        cwd=tmp_path,
        env=collections_env(installed, PYTHONDONTWRITEBYTECODE="1"),
    )
    assert "failed=0" in done.stdout
    assert digest(build) == digest(GOLDEN_DEMO)


@pytest.mark.parametrize("plugin_type", sorted(documented_plugins()))
def test_every_plugin_has_documentation(
    ansible_bin: Path, installed: Path, plugin_type: str
) -> None:
    env = collections_env(installed, PYTHONDONTWRITEBYTECODE="1")
    names = documented_plugins()[plugin_type]
    listed = run(
        [ansible_bin / "ansible-doc", "-t", plugin_type, "-l", "--json", "citynet.schools"],
        cwd=installed,
        env=env,
    )
    assert set(json.loads(listed.stdout)) == {f"citynet.schools.{n}" for n in names}
    shown = run(
        [
            ansible_bin / "ansible-doc",
            "-t",
            plugin_type,
            "--json",
            *sorted(f"citynet.schools.{n}" for n in names),
        ],
        cwd=installed,
        env=env,
    )
    docs = json.loads(shown.stdout)
    for name in names:
        doc = docs[f"citynet.schools.{name}"]["doc"]
        assert doc.get("short_description"), name
        assert doc.get("description"), name
        if plugin_type in ("module", "filter", "lookup", "test"):
            assert docs[f"citynet.schools.{name}"].get("examples"), name


def test_every_role_has_an_argument_spec(ansible_bin: Path, installed: Path) -> None:
    env = collections_env(installed, PYTHONDONTWRITEBYTECODE="1")
    fqcns = [f"citynet.schools.{r}" for r in roles()]
    shown = run(
        [ansible_bin / "ansible-doc", "-t", "role", "--json", *fqcns], cwd=installed, env=env
    )
    docs = json.loads(shown.stdout)
    for fqcn in fqcns:
        assert docs[fqcn]["entry_points"]["main"]["short_description"], fqcn
