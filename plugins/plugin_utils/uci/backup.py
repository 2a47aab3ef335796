"""Backups of the touched configs on the controller, one file per changing run.

A backup is the concatenated `uci export` of every config the task touches,
taken before the change. That stream is exactly what `uci import` reads
(each part starts with "package <name>"), so an operator can restore a router
by hand with `uci import < FILE`. It holds secrets in clear, hence a 0600
file in 0700 folders (private_dirs).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from ..private_dirs import create_private_file, private_folder
from .export import split_exports

_NAME = re.compile(r"\d{8}T\d{6}\.\d{6}Z(?:-\d+)?\.uci")


def backup_name(now: datetime, attempt: int = 0) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return f"{stamp}.uci" if attempt == 0 else f"{stamp}-{attempt}.uci"


def backup_text(exports: Mapping[str, str]) -> str:
    return "".join(exports.values())


def write_backup(directory: Path, exports: Mapping[str, str], now: datetime | None = None) -> Path:
    """Write without ever replacing an existing backup; returns the new file.

    ``directory`` holds one router's backups: it is made (with any missing
    parent) or tightened to 0700.
    """
    private_folder(directory.parent, directory.name)
    when = now or datetime.now(UTC)
    data = backup_text(exports).encode()
    for attempt in range(100):
        path = directory / backup_name(when, attempt)
        try:
            fd = create_private_file(path)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return path
    raise FileExistsError(f"no free backup name in {directory}")


def prune_backups(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups (0 keeps all); other files stay."""
    if keep <= 0 or not directory.is_dir():
        return []
    backups = sorted(p for p in directory.iterdir() if p.is_file() and _NAME.fullmatch(p.name))
    doomed = backups[:-keep]
    for path in doomed:
        path.unlink()
    return doomed


def split_backup(text: str) -> dict[str, str]:
    """Cut a backup back into per-config exports (for restoring by hand or in tests)."""
    return split_exports(text)
