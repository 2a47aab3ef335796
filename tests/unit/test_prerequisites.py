"""The shared prerequisite gate: a skip on a developer's machine must be a failure under CI.

Both branches are checked on the exceptions pytest raises and on a whole pytest
run of a module that uses the gate at import time, as the suites do, so a CI
machine lacking root or a package cannot report a green run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.tests.prerequisites import (
    require,
    require_module,
    unavailable,
    under_ci,
)

MISSING = "citynet_no_such_module_anywhere"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("", False), ("false", False), ("0", False)],
)
def test_under_ci_reads_the_ci_variable(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("CI", value)
    assert under_ci() is expected


def test_without_ci_a_missing_prerequisite_skips_with_its_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs the moon"):
        unavailable("needs the moon")
    with pytest.raises(pytest.skip.Exception, match="needs the moon"):
        require(False, "needs the moon")
    with pytest.raises(pytest.skip.Exception, match=MISSING):
        require_module(MISSING)


def test_under_ci_a_missing_prerequisite_fails_with_its_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"CI=true.*needs the moon"):
        unavailable("needs the moon")
    with pytest.raises(pytest.fail.Exception, match="needs the moon"):
        require(False, "needs the moon")
    with pytest.raises(pytest.fail.Exception, match=MISSING):
        require_module(MISSING)


@pytest.mark.parametrize("ci", ["", "true"])
def test_a_met_prerequisite_lets_the_test_run(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    require(True, "never said")
    assert require_module("json").dumps([]) == "[]"


def _pytest_on(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    module = tmp_path / "test_gated.py"
    module.write_text(
        "from ansible_collections.citynet.schools.tests.prerequisites import require_module\n"
        f"require_module({MISSING!r})\n"
        "def test_needs_it():\n"
        "    pass\n",
        encoding="utf-8",
    )
    # a plain pytest: none of the plugins or options of the run around this one (ansible-test's)
    env = {k: v for k, v in os.environ.items() if k != "CI" and not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", os.devnull, module],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_whole_run_skips_locally_and_fails_under_ci(tmp_path: Path) -> None:
    local = _pytest_on(tmp_path, None)
    # the module is skipped whole: pytest's "no test ran", not a failure
    assert local.returncode == 5, local.stdout + local.stderr
    assert "1 skipped" in local.stdout, local.stdout
    ci = _pytest_on(tmp_path, "true")
    assert ci.returncode not in (0, 5), ci.stdout + ci.stderr
    assert "CI=true" in ci.stdout and MISSING in ci.stdout, ci.stdout
    assert "skipped" not in ci.stdout, ci.stdout
