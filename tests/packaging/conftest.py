"""Fixtures: the collection built into a tarball and installed in a fresh collections path.

Built once per test session from the working tree (about 3 s in all), so
every packaging test exercises exactly what `ansible-galaxy collection build`
makes of the current files.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from packaging_support import (  # noqa: E402
    DEMO_CITY,
    ROOT,
    VENV_BIN,
    collections_env,
    galaxy_meta,
    project_files,
    run,
)


@pytest.fixture(scope="session")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(
        [VENV_BIN / "ansible-galaxy", "collection", "build", "--output-path", out, "."],
        cwd=ROOT,
        env=collections_env(),
    )
    meta = galaxy_meta()
    built = out / f"{meta['namespace']}-{meta['name']}-{meta['version']}.tar.gz"
    assert built.is_file(), sorted(p.name for p in out.iterdir())
    return built


@pytest.fixture(scope="session")
def tarball_sources(tarball: Path) -> dict[str, str]:
    """The checkout's files (path -> sha256) as the tarball was built from them.

    Taken right after the build, so that files edited while the suite runs do
    not count as differences of the tarball.
    """
    return {rel: hashlib.sha256((ROOT / rel).read_bytes()).hexdigest() for rel in project_files()}


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, tarball: Path) -> Path:
    """A collections path holding only citynet.schools, installed offline from the tarball."""
    path = tmp_path_factory.mktemp("collections")
    done = run(
        [VENV_BIN / "ansible-galaxy", "collection", "install", "--offline", "-p", path, tarball],
        cwd=path,
        env=collections_env(path),
    )
    assert "citynet.schools:" in done.stdout, done.stdout
    return path


@pytest.fixture
def demo_city(tmp_path: Path) -> Path:
    """A copy of the demo city, as a user would start theirs."""
    return Path(shutil.copytree(DEMO_CITY, tmp_path / "city"))
