"""Fixtures: a simulator serving the school lab from threads of the test process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for entry in (HERE, HERE.parent):  # test helpers, then the iosim package
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

from iosim import Simulator  # noqa: E402
from iosim_kit import school_lab, seed_host_key  # noqa: E402


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[Simulator]:
    with Simulator(school_lab(), seed_host_key(tmp_path / "state")) as sim:
        yield sim
