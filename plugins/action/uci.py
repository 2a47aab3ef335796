# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge UCI options on a RutOS (OpenWrt) router over its SSH shell.

The router has no Python, so this action runs on the controller and drives the
device's `uci` CLI through the host's connection: one read, one batch, one
commit, the reloads. Every step after the read can fail; the device is then put
back (pending changes reverted, or committed configs re-imported from the
export taken before the change) so a school is never left half-configured.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import CitynetError
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.backup import (
    prune_backups,
    write_backup,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.batch import build_batch
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.changes import (
    UciPlan,
    packages_of,
    plan_changes,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.masking import Redactor
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.probe import (
    PackageProbe,
    parse_probe,
    probe_command,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.reload import (
    reload_commands,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.remote import (
    BATCH_COMMAND,
    batch_failure,
    commit_command,
    committed_packages,
    restore_command,
    restored_export,
    revert_command,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.report import (
    change_view,
    diff_entries,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.show import parse_state


class _Failure(Exception):
    """Ends the run with ``failed``; the message is already masked."""

    def __init__(self, message: str, rollback: str | None = None) -> None:
        super().__init__(message)
        self.rollback = rollback


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def run(
        self, tmp: str | None = None, task_vars: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        del tmp
        args = documented_args(self)
        self._redact = Redactor()
        self._quiet = False
        result.update(
            changed=False, changes=[], backup_file=None, committed=[], reloaded=[], rollback=None
        )
        try:
            self._converge(args, result)
        except _Failure as failure:
            result.update(failed=True, msg=self._redact(str(failure)), rollback=failure.rollback)
            if failure.rollback == "reverted":
                result["changed"] = False  # nothing reached the committed config
        except CitynetError as error:
            result.update(failed=True, msg=self._redact(str(error)))
        return result

    # -- steps -------------------------------------------------------------

    def _converge(self, args: dict[str, Any], result: dict[str, Any]) -> None:
        options: dict[str, Any] = args["options"]
        sections: dict[str, Any] = args["sections"] or {}
        secrets: list[str] = args["secret"] or []
        self._quiet = bool(secrets)
        packages = packages_of(options, sections)
        if not packages:
            return
        check_mode = bool(self._task.check_mode)

        probes = self._read(packages)
        state = {name: parse_state(name, p.show, p.export) for name, p in probes.items()}
        plan = plan_changes(state, options, sections, secrets)
        self._redact.add(plan.secret_values)

        result["changes"] = [change_view(change) for change in plan.changes]
        result["changed"] = bool(plan.changes)
        if self._task.diff and plan.changes:
            result["diff"] = diff_entries(plan.changes)
        if not plan.changes or check_mode:
            return

        exports = {name: probes[name].export for name in packages}
        if args["backup_dir"]:
            backup_dir = Path(args["backup_dir"])
            try:
                result["backup_file"] = str(write_backup(backup_dir, exports))
                prune_backups(backup_dir, args["backup_keep"])
            except OSError as error:
                raise _Failure(f"cannot keep the backup in {backup_dir}: {error}") from None
        self._apply(plan, exports, args["reload"] or {}, result)

    def _read(self, packages: list[str]) -> dict[str, PackageProbe]:
        rc, stdout, stderr = self._device(probe_command(packages))
        if rc != 0:
            raise _Failure(f"reading the configuration failed (rc={rc}): {stderr.strip()}")
        probes = parse_probe(stdout, packages)
        for name, probe in probes.items():
            if probe.show_rc == 127:
                raise _Failure("the device has no uci command (is this a RutOS/OpenWrt router?)")
            if probe.show_rc != 0:
                raise _Failure(f"config '{name}' does not exist on the device (uci show failed)")
            if probe.changes.strip():
                raise _Failure(
                    f"config '{name}' has uncommitted changes on the device; "
                    f"commit or discard them (uci revert {name}) before converging"
                )
            if not probe.export.startswith(f"package {name}\n"):
                raise _Failure(f"config '{name}' could not be exported")
        return probes

    def _apply(
        self,
        plan: UciPlan,
        exports: dict[str, str],
        overrides: dict[str, Any],
        result: dict[str, Any],
    ) -> None:
        changed = plan.packages
        rc, stdout, _stderr = self._device(BATCH_COMMAND, stdin=build_batch(plan.commands))
        problem = batch_failure(rc, stdout)
        if problem is not None:
            self._revert(changed, f"uci batch failed on the device: {problem}")

        rc, stdout, stderr = self._device(commit_command(changed))
        committed = committed_packages(stdout)
        result["committed"] = committed
        if rc != 0 or committed != changed:
            failed = next((p for p in changed if p not in committed), changed[-1])
            reason = f"uci commit {failed} failed: {(stderr or stdout).strip()}"
            if not committed:
                self._revert(changed, reason)
            self._restore(committed, exports, changed, overrides, reason, result)

        for command in reload_commands(changed, self._reload_table(overrides)):
            rc, stdout, stderr = self._device(command)
            if rc != 0:
                output = (stderr or stdout).strip()
                reason = f"reload '{command}' failed (rc={rc}): {output}"
                self._restore(committed, exports, [], overrides, reason, result)
            result["reloaded"].append(command)

    # -- rollback ----------------------------------------------------------

    def _revert(self, packages: list[str], reason: str) -> None:
        rc, _stdout, stderr = self._device(revert_command(packages))
        if rc != 0:
            raise _Failure(
                f"{reason}; reverting the pending changes also failed: {stderr.strip()}",
                rollback="failed",
            )
        raise _Failure(
            f"{reason}; pending changes to {', '.join(packages)} were reverted, nothing was committed",
            rollback="reverted",
        )

    def _restore(
        self,
        committed: list[str],
        exports: dict[str, str],
        uncommitted: list[str],
        overrides: dict[str, Any],
        reason: str,
        result: dict[str, Any],
    ) -> None:
        """Put committed configs back from the exports; fails the task in every case."""
        pending = [p for p in uncommitted if p not in committed]
        if pending:
            self._device(revert_command(pending))
        broken: list[str] = []
        for package in committed:
            rc, stdout, _stderr = self._device(restore_command(package), stdin=exports[package])
            if rc != 0 or restored_export(stdout) != exports[package]:
                broken.append(package)
        if broken:
            where = result.get("backup_file") or "the backup"
            raise _Failure(
                f"{reason}; restoring {', '.join(broken)} failed, restore by hand from {where}",
                rollback="failed",
            )
        again = []
        for command in reload_commands(committed, self._reload_table(overrides)):
            rc, _stdout, _stderr = self._device(command)
            if rc != 0:
                again.append(command)
        note = f" (reload after restore failed: {', '.join(again)})" if again else ""
        raise _Failure(
            f"{reason}; {', '.join(committed) or 'nothing'} restored from the state saved "
            f"before the change{note}",
            rollback="restored",
        )

    # -- plumbing ----------------------------------------------------------

    @staticmethod
    def _reload_table(overrides: dict[str, Any]) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for package, commands in overrides.items():
            if commands is None:
                table[str(package)] = []
            elif isinstance(commands, str):
                table[str(package)] = [commands]
            else:
                table[str(package)] = [str(command) for command in commands]
        return table

    @contextlib.contextmanager
    def _censored(self) -> Iterator[None]:
        """Silence the connection's verbose echo of device output while secrets may pass.

        At -vvv the ssh connection prints every (rc, stdout, stderr); `uci show`
        and `uci export` output holds the current secret values in clear.
        """
        context = getattr(self._connection, "_play_context", None)
        if not self._quiet or context is None:
            yield
            return
        saved = context.no_log
        context.no_log = True
        try:
            yield
        finally:
            context.no_log = saved

    def _device(self, command: str, stdin: str | None = None) -> tuple[int, str, str]:
        with self._censored():
            answer = self._low_level_execute_command(
                command,
                sudoable=False,
                in_data=stdin.encode() if stdin is not None else None,
            )
        rc = answer.get("rc")
        # Unmasked on purpose: exports feed the backup and the restore. Every
        # message built from device output is masked once, in run().
        return (
            rc if isinstance(rc, int) else -1,
            answer.get("stdout", "") or "",
            answer.get("stderr", "") or "",
        )
