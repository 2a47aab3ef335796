"""Known mistakes in many school files, all reported by one validation pass.

A technician fixing a large city must see every mistake of the night's run
at once, not one per run. This copies a valid city, breaks a number of school
files in known ways (schema findings and rule findings alike, one per file)
and checks that one ``design_city`` call reports each of them at its exact
file and field, and nothing in the untouched schools.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / ".collections") not in sys.path:
    sys.path.insert(0, str(ROOT / ".collections"))

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city  # noqa: E402


@dataclass(frozen=True, slots=True)
class Mistake:
    """A way to break a school file and the finding it must produce."""

    name: str
    path: str  # field path of the expected finding
    words: str  # part of the expected message
    apply: Callable[[dict[str, Any]], None]


def _first_member(data: dict[str, Any]) -> dict[str, Any]:
    return data["stacks"][0]["members"][0]


def _first_ports(data: dict[str, Any]) -> dict[str, Any]:
    return data["stacks"][0]["ports"][0]


MISTAKES = (
    Mistake(
        "stack priority out of range",
        "stacks[0].members[0].priority",
        "priority 16 is out of range 1-15",
        lambda d: _first_member(d).update(priority=16),
    ),
    Mistake(
        "unknown port profile",
        "stacks[0].ports[0].profile",
        "unknown profile pc_teachnig",
        lambda d: _first_ports(d).update(profile="pc_teachnig"),
    ),
    Mistake(
        "misspelt key (schema)",
        "stacks[0].ports[0]",
        "unknown key 'vlna'",
        lambda d: _first_ports(d).update(vlna=30),
    ),
    Mistake(
        "port missing on the model",
        "stacks[0].ports[0].ports",
        "GigabitEthernet1/0/99 does not exist",
        lambda d: _first_ports(d).update(ports="Gi1/0/99"),
    ),
    Mistake(
        "malformed serial number (schema)",
        "stacks[0].members[0].serial",
        "does not match the expected form",
        lambda d: _first_member(d).update(serial="not a serial"),
    ),
)


@dataclass(frozen=True, slots=True)
class InjectedRun:
    injected: int
    reported: int  # injected mistakes found at their file and field
    missing: list[str]
    unexpected: list[str]  # findings in schools that were not touched
    findings: int
    seconds: float


def inject_and_validate(city_dir: Path, work: Path, count: int = 50) -> InjectedRun:
    """Break ``count`` school files of a copy of ``city_dir``; validate the copy once."""
    root = work / "city"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(city_dir, root)
    files = sorted((root / "schools").glob("*.yml"))
    if len(files) < count:
        raise ValueError(f"{city_dir} has {len(files)} schools, fewer than {count}")
    step = len(files) // count
    expected: dict[str, Mistake] = {}
    for k in range(count):
        path = files[k * step]
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        mistake = MISTAKES[k % len(MISTAKES)]
        mistake.apply(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        expected[path.stem] = mistake
    start = time.perf_counter()
    city = design_city(root)
    seconds = time.perf_counter() - start
    missing = [
        f"{code}: {m.path}: {m.words}"
        for code, m in expected.items()
        if not any(
            i.school == code and i.path == m.path and m.words in i.message for i in city.issues
        )
    ]
    unexpected = [str(i) for i in city.issues if i.school not in expected]
    return InjectedRun(
        injected=count,
        reported=count - len(missing),
        missing=missing,
        unexpected=unexpected,
        findings=len(city.issues),
        seconds=seconds,
    )
