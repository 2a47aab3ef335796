"""The changes as the task result shows them: a list and a before/after diff.

Both are built from the same masked views, so a secret cannot reach the
output through one path while being hidden in the other. The diff uses the
`uci show` notation (key='value' 'value'), which an operator can paste back
into `uci set` / `uci add_list` by hand.
"""

from __future__ import annotations

from typing import Any

from .batch import quote
from .changes import UciChange, Value
from .masking import mask_value


def change_view(change: UciChange) -> dict[str, Any]:
    return {
        "key": change.key,
        "before": mask_value(change.before, change.secret),
        "after": mask_value(change.after, change.secret),
    }


def _show_line(change: UciChange, value: Value) -> str | None:
    if value is None:
        return None
    if change.section:
        return f"{change.key}={value}"
    shown = mask_value(value, change.secret)
    items = [shown] if isinstance(shown, str) else shown
    return f"{change.key}=" + " ".join(quote(item) for item in items)


def diff_entries(changes: list[UciChange]) -> list[dict[str, str]]:
    """One diff per config, holding only the changed keys."""
    entries: list[dict[str, str]] = []
    for package in dict.fromkeys(change.package for change in changes):
        before: list[str] = []
        after: list[str] = []
        for change in changes:
            if change.package != package:
                continue
            old = _show_line(change, change.before)
            new = _show_line(change, change.after)
            if old is not None:
                before.append(old)
            if new is not None:
                after.append(new)
        entries.append(
            {
                "before_header": f"{package} (uci, before)",
                "after_header": f"{package} (uci, after)",
                "before": "".join(line + "\n" for line in before),
                "after": "".join(line + "\n" for line in after),
            }
        )
    return entries
