"""What a suite needs from the machine: skipped with the reason on a developer's machine, failed under CI.

A developer without root or the Debian packages still gets the rest of the
suite; a CI machine that lacks them must not pass by skipping the tests that
needed them, so there (``CI=true``) the same reason is a failure.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import NoReturn

import pytest

_CI_VALUES = frozenset({"true", "1", "yes"})


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in _CI_VALUES


def unavailable(reason: str) -> NoReturn:
    """Skip (the whole module when called at import), or fail under CI."""
    if under_ci():
        pytest.fail(f"CI=true and this cannot run here: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require(condition: bool, reason: str) -> None:
    """``unavailable(reason)`` unless ``condition`` holds."""
    if not condition:
        unavailable(reason)


def require_root(what: str) -> None:
    require(os.geteuid() == 0, f"{what} needs root")


def require_module(name: str) -> ModuleType:
    """The module, imported; ``unavailable`` when it cannot be."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        unavailable(f"cannot import {name}: {error}")
