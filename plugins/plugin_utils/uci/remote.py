"""The shell commands the action sends after the read, and how to read their answers.

They are plain POSIX sh around the `uci` CLI because a RutOS router has no
Python. Values never appear in them: the batch and the restored exports travel
on standard input. `uci batch` exits 0 even when a line fails (it only prints
"uci: ..." on stderr), so the batch wrapper hands its stderr back on stdout,
where ssh's own diagnostics cannot mix in.
"""

from __future__ import annotations

import shlex

from .probe import SEPARATOR

BATCH_COMMAND = (
    "uci_err=$(uci batch 2>&1 >/dev/null); uci_rc=$?; "
    'printf \'\\036batch %s\\n%s\' "$uci_rc" "$uci_err"; exit 0'
)


def batch_failure(rc: int, stdout: str) -> str | None:
    """None when the batch applied cleanly, else what went wrong."""
    if rc != 0:
        return f"the batch could not run (rc={rc})"
    _head, sep, rest = stdout.partition(SEPARATOR + "batch ")
    if not sep:
        return "the batch gave no answer"
    status, _newline, errors = rest.partition("\n")
    errors = errors.strip()
    if status.strip() != "0":
        return errors or f"uci batch exited with {status.strip()}"
    return errors or None


def commit_command(packages: list[str]) -> str:
    """Commit each config in turn, stopping at the first failure, marking successes."""
    steps = [
        f"uci commit {shlex.quote(p)} && printf '\\036committed %s\\n' {shlex.quote(p)}"
        for p in packages
    ]
    return " && ".join(steps)


def committed_packages(stdout: str) -> list[str]:
    done: list[str] = []
    for frame in stdout.split(SEPARATOR)[1:]:
        if frame.startswith("committed "):
            done.append(frame[len("committed ") :].strip())
    return done


def revert_command(packages: list[str]) -> str:
    steps = [f"uci revert {shlex.quote(p)} || uci_rc=1" for p in packages]
    return "uci_rc=0; " + "; ".join(steps) + "; exit $uci_rc"


def restore_command(package: str) -> str:
    """Replace a config by the export on stdin, then print the result for checking."""
    name = shlex.quote(package)
    return (
        f"uci -q revert {name}; uci import {name} && uci commit {name} && "
        f"printf '\\036' && uci export {name}"
    )


def restored_export(stdout: str) -> str | None:
    _head, sep, export = stdout.partition(SEPARATOR)
    return export if sep else None
