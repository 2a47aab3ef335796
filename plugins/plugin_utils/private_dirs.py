"""Folders for the controller's backups, readable by their owner only.

A backup is a device's state in clear (a Cisco IR's running configuration
holds its SIM PIN, a RutOS export its ``option pincode``) so that the device
can be restored from it. That is deliberate; what keeps it safe is that only
the controller's user can read it: 0600 files in 0700 folders, whatever the
umask.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def _create_private(folder: Path) -> None:
    """Create ``folder`` and any missing parent, each 0700; a folder already there is left as it is."""
    missing = []
    while not os.path.lexists(folder):
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # a concurrent run made it, with this same mode
            continue
        path.chmod(PRIVATE_DIR)


def private_folder(root: str | Path, *parts: str) -> Path:
    """``root/parts...``: every folder made here 0700, and each of ``parts`` 0700 even if it was not.

    ``root`` is the folder the operator chose: tightened only if it is created
    here. The folders below it belong to the backups and are always 0700.
    """
    folder = Path(root)
    _create_private(folder)
    for part in parts:
        folder = folder / part
        _create_private(folder)
        folder.chmod(PRIVATE_DIR)
    return folder


def create_private_file(path: str | Path) -> int:
    """A new file (never an existing one), 0600 whatever the umask; returns its descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    except OSError:
        os.close(fd)
        raise
    return fd
