"""Paths, commands and comparisons shared by the packaging tests.

The packaging tests run the project's tools as a user, AWX or an execution
environment would: as subprocesses, with an environment stripped of the
checkout's own Ansible settings (the Makefile exports ANSIBLE_CONFIG), so
that what they prove holds outside a developer's shell.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SITE_COLLECTIONS = next(
    Path(entry)
    for entry in sys.path
    if entry.endswith("site-packages") and (Path(entry) / "ansible_collections").is_dir()
)
GOLDEN_DEMO = ROOT / "tests" / "golden" / "demo"
DEMO_CITY = ROOT / "inventories" / "demo"
# Kept between runs (make clean removes it); ignored by git, ruff, ansible-lint
# and ansible-galaxy build.
CACHE_DIR = ROOT / "tests" / "output" / "packaging"

# plugins/<dir> -> ansible-doc plugin type; action plugins document themselves
# through their module, the utils are libraries.
DOC_TYPES = {
    "modules": "module",
    "inventory": "inventory",
    "lookup": "lookup",
    "filter": "filter",
    "test": "test",
    "connection": "connection",
    "callback": "callback",
    "become": "become",
    "cliconf": "cliconf",
    "terminal": "terminal",
    "vars": "vars",
}
NOT_PLUGINS = {"action", "module_utils", "plugin_utils", "doc_fragments"}


RECAP_LINE = re.compile(
    r"^(?P<host>\S+)\s+:\s+ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+"
    r"unreachable=(?P<unreachable>\d+)\s+failed=(?P<failed>\d+)\s+skipped=(?P<skipped>\d+)\s+"
    r"rescued=(?P<rescued>\d+)\s+ignored=(?P<ignored>\d+)",
    re.MULTILINE,
)


def galaxy_meta() -> dict:
    return yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any ANSIBLE_* setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", PY_COLORS="0")
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def collections_env(*paths: Path, **extra: str) -> dict[str, str]:
    """Collections from ``paths`` first, then those of the venv's ansible package."""
    search = os.pathsep.join([*(str(p) for p in paths), str(SITE_COLLECTIONS)])
    return clean_env(ANSIBLE_COLLECTIONS_PATH=search, **extra)


def run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: int = 300,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"{' '.join(str(c) for c in cmd)} exited {done.returncode}\n"
            f"--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
        )
    return done


def digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def recap(stdout: str) -> dict[str, dict[str, int]]:
    """The PLAY RECAP of an ansible-playbook run, per host."""
    return {
        m["host"]: {k: int(v) for k, v in m.groupdict().items() if k != "host"}
        for m in RECAP_LINE.finditer(stdout)
    }


def project_files() -> list[str]:
    """What a clone of the repository holds: tracked and untracked-but-not-ignored files."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted(
        {
            f
            for f in listed.split("\0")
            if f and (ROOT / f).is_file() and not (ROOT / f).is_symlink()
        }
    )


def copy_project(dest: Path, under: Sequence[str] = ()) -> Path:
    """A copy of the repository as AWX checks it out (optionally only some top folders)."""
    for rel in project_files():
        if under and rel.split("/", 1)[0] not in under:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    return dest


def playbook_cmd(*args: str | os.PathLike[str]) -> list[str]:
    return [str(VENV_BIN / "ansible-playbook"), *(str(a) for a in args)]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (parallel test runs share the caches)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def documented_plugins() -> dict[str, set[str]]:
    """ansible-doc type -> plugin names, from the files under plugins/."""
    found: dict[str, set[str]] = {}
    for folder in sorted((ROOT / "plugins").iterdir()):
        if not folder.is_dir() or folder.name in NOT_PLUGINS:
            continue
        assert folder.name in DOC_TYPES, f"plugins/{folder.name}: unknown plugin type"
        if folder.name in ("filter", "test"):
            # Jinja2 plugins: one documentation file per filter or test.
            names = {p.stem for p in folder.glob("*.yml")}
        else:
            names = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
        if names:
            found[DOC_TYPES[folder.name]] = names
    return found


def rendered_files(hosts: Sequence[str]) -> dict[str, str]:
    """What rendering exactly these devices writes (path -> sha256 of the demo's golden file):
    their configurations and, for every school one of them belongs to, its complete
    README, port labels and diagram."""
    golden = digest(GOLDEN_DEMO)
    files = set()
    for host in hosts:
        matches = [rel for rel in golden if rel.endswith(f"/{host}.cfg")]
        assert len(matches) == 1, host
        files.add(matches[0])
    schools = {rel.split("/")[0] for rel in files} - {"_cores"}
    for name in ("README.md", "port-labels.csv", "diagramme.svg"):
        files |= {f"{s}/{name}" for s in schools}
    return {rel: golden[rel] for rel in files}


def roles() -> list[str]:
    return sorted(p.name for p in (ROOT / "roles").iterdir() if (p / "tasks").is_dir())
