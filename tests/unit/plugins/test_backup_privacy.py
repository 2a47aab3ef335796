"""Backups keep secrets in clear on purpose (a device is restored from them): only their owner may read them.

Both writers, deploy_plan's IOS backups under ``<backup_dir>/<school>/<device>/``
and the uci action's exports, must leave a 0600 file in 0700 folders, every
folder they create included, under a permissive umask too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from ansible_collections.citynet.schools.plugins.action.deploy_plan import ActionModule
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.backup import (
    prune_backups,
    write_backup,
)

RUNNING = "hostname jaures-4g\ncontroller Cellular 0/1/0\n lte sim authenticate 0 73915046\n"
EXPORT = "package simcard\n\nconfig sim\n\toption pincode '86420931'\n\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _folders(path: Path, top: Path) -> list[Path]:
    """The folders from ``path``'s own up to ``top``, both included."""
    assert path.is_relative_to(top)
    folders = []
    folder = path.parent
    while True:
        folders.append(folder)
        if folder == top:
            return folders
        folder = folder.parent


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def _ios_backup(backup_dir: Path, host: str, school: str | None, keep: int = 10) -> Path:
    device = SimpleNamespace(school=SimpleNamespace(code=school) if school else None)
    args = {"backup_dir": str(backup_dir), "keep_backups": keep}
    return Path(ActionModule._backup(host, device, RUNNING, args))


@pytest.mark.parametrize(("host", "school"), [("jaures-4g", "jaures"), ("core-a", None)])
def test_ios_backup_is_private_in_every_folder_it_creates(
    tmp_path: Path, umask: int, host: str, school: str | None
) -> None:
    created = tmp_path / "controller"  # neither it nor the backup root exists yet
    root = created / "backups"
    path = _ios_backup(root, host, school)
    assert path.parent == root / (school or "_cores") / host
    assert path.read_text(encoding="utf-8") == RUNNING, "kept whole, PIN included, to restore"
    assert _mode(path) == 0o600
    assert {str(f.relative_to(tmp_path)): _mode(f) for f in _folders(path, created)} == {
        str(f.relative_to(tmp_path)): 0o700 for f in _folders(path, created)
    }


def test_ios_backup_tightens_its_own_folders_not_the_operators(tmp_path: Path, umask: int) -> None:
    root = tmp_path / "backups"
    (root / "jaures" / "jaures-4g").mkdir(parents=True)
    for folder in (root, root / "jaures", root / "jaures" / "jaures-4g"):
        folder.chmod(0o755)  # as an older release, or the school lock, left them
    path = _ios_backup(root, "jaures-4g", "jaures")
    assert _mode(path) == 0o600
    assert _mode(root / "jaures" / "jaures-4g") == 0o700
    assert _mode(root / "jaures") == 0o700
    assert _mode(root) == 0o755, "the backup root is the operator's choice"


def test_ios_backups_are_pruned_to_the_newest(tmp_path: Path) -> None:
    folder = tmp_path / "backups" / "jaures" / "jaures-4g"
    folder.mkdir(parents=True)
    old = [folder / f"20250101T00000{n}000.cfg" for n in range(4)]
    for path in old:
        path.write_text("old\n", encoding="utf-8")
    (folder / "notes.txt").write_text("kept\n", encoding="utf-8")
    newest = _ios_backup(tmp_path / "backups", "jaures-4g", "jaures", keep=2)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [old[-1].name, newest.name, "notes.txt"]
    )


def test_uci_backup_is_private_in_every_folder_it_creates(tmp_path: Path, umask: int) -> None:
    created = tmp_path / "controller"
    directory = created / "backups" / "curie" / "curie-4g"
    path = write_backup(directory, {"simcard": EXPORT}, datetime(2025, 1, 14, tzinfo=UTC))
    assert path.parent == directory
    assert path.read_text(encoding="utf-8") == EXPORT, "kept whole, PIN included, to restore"
    assert _mode(path) == 0o600
    assert {str(f.relative_to(tmp_path)): _mode(f) for f in _folders(path, created)} == {
        str(f.relative_to(tmp_path)): 0o700 for f in _folders(path, created)
    }


def test_uci_backup_tightens_the_routers_folder(tmp_path: Path, umask: int) -> None:
    directory = tmp_path / "curie-4g"
    directory.mkdir()
    directory.chmod(0o755)
    path = write_backup(directory, {"simcard": EXPORT})
    assert (_mode(path), _mode(directory), _mode(tmp_path)) == (0o600, 0o700, _mode(tmp_path))
    assert prune_backups(directory, 1) == []
