"""The compliance history in the state folder: one summary per run, never overwritten, bounded."""

from __future__ import annotations

import json
from pathlib import Path

from ansible_collections.citynet.schools.plugins.action.compliance_report import record_history


def _summary(generated: str, drifts: list[str]) -> dict:
    return {"generated": generated, "devices": 1, "compliant": 0, "drifts": drifts, "reports": []}


def test_each_run_adds_one_file_named_by_its_time(tmp_path: Path) -> None:
    history = tmp_path / "state" / ".compliance"
    first = record_history(_summary("2026-12-01T02:30:00Z", ["a: x"]), str(history), 400)
    assert Path(first).name == "2026-12-01T023000Z.json"
    assert json.loads(Path(first).read_text(encoding="utf-8"))["drifts"] == ["a: x"]
    # as private as the backups beside it, whatever the umask
    assert Path(first).stat().st_mode & 0o777 == 0o600
    assert history.stat().st_mode & 0o777 == 0o700


def test_two_runs_in_the_same_second_keep_both(tmp_path: Path) -> None:
    """Two slices of one nightly verify may finish together: neither summary is lost."""
    one = record_history(_summary("2026-12-01T02:30:00Z", ["a: x"]), str(tmp_path), 400)
    two = record_history(_summary("2026-12-01T02:30:00Z", ["b: y"]), str(tmp_path), 400)
    assert one != two
    assert sorted([one, two]) == [one, two], "the second sorts after the first: pruned last"
    kept = sorted(json.loads(p.read_text())["drifts"][0] for p in tmp_path.glob("*.json"))
    assert kept == ["a: x", "b: y"]


def test_the_oldest_go_beyond_the_limit(tmp_path: Path) -> None:
    for day in range(1, 6):
        record_history(_summary(f"2026-12-0{day}T02:30:00Z", []), str(tmp_path), 3)
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "2026-12-03T023000Z.json",
        "2026-12-04T023000Z.json",
        "2026-12-05T023000Z.json",
    ]
