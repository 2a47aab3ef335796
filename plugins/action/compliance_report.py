# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.compliance_report: per-school reports and one run summary."""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import load_city
from ansible_collections.citynet.schools.plugins.plugin_utils.private_dirs import (
    create_private_file,
    private_folder,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import write_files
from ansible_collections.citynet.schools.plugins.plugin_utils.reports.dashboard import (
    dashboard_files,
    last_backups,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance_page import (
    school_page,
)


def record_history(summary: dict, history_dir: str, keep: int) -> str:
    """Add the run's summary to the history kept between runs, and drop the oldest.

    Written in check mode too: the nightly verify is a check-mode job, and the history
    records what the devices were found to be, like a log, not a change to any of them.
    The name is the UTC time, so names sort as runs happened; two runs in the same
    second get a suffix (`_1`, sorting after the first) rather than overwrite each other.
    """
    # beside the backups in the state folder, and as private as they are: 0600 in 0700
    history_dir = str(
        private_folder(os.path.dirname(history_dir) or ".", os.path.basename(history_dir))
    )
    stamp = summary["generated"].replace(":", "")
    for attempt in range(1000):
        name = f"{stamp}.json" if attempt == 0 else f"{stamp}_{attempt}.json"
        path = os.path.join(history_dir, name)
        try:
            fd = create_private_file(path)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(summary, handle, indent=2, sort_keys=True)
        break
    kept = sorted(n for n in os.listdir(history_dir) if n.endswith(".json"))
    for old in kept[: max(len(kept) - max(keep, 1), 0)]:
        os.unlink(os.path.join(history_dir, old))
    return path


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        reports = [r for r in args["reports"] if "host" in r]
        by_school: dict[str, list[dict]] = {}
        for report in sorted(reports, key=lambda r: r["host"]):
            by_school.setdefault(report.get("school") or "_cores", []).append(report)
        files = {f"{code}/compliance.md": school_page(code, rs) for code, rs in by_school.items()}
        changed = write_files(files, args["build_dir"], check=bool(self._task.check_mode))
        drifts = [f"{r['host']}: {d}" for r in reports for d in r["drifts"]]
        # those a deploy preview (--check --diff) has shown as diffs already
        lines = [f"{r['host']}: {d}" for r in reports for d in r.get("configuration", [])]
        # a device that was verified but left no result must never read as compliant
        missing = sorted(set(args["expected"] or []) - {r["host"] for r in reports})
        drifts.extend(f"{host}: no verification result" for host in missing)
        summary = {
            "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "devices": len(reports),
            "compliant": sum(1 for r in reports if r["compliant"]),
            "drifts": drifts,
            "reports": reports,
            "unverified": missing,
        }
        # the dashboard shows this run's results; render keeps them (it reads the summary)
        dashboard = (
            dashboard_files(load_city(args["city_dir"]), summary, last_backups(args["backup_dir"]))
            if args["city_dir"]
            else {}
        )
        # not counted as a change: the dashboard carries the time of the verification, so it
        # is new after every run, while the devices and their findings may be the same
        write_files(dashboard, args["build_dir"], check=bool(self._task.check_mode))
        summary_file = args["summary_file"] or os.path.join(
            args["build_dir"], "compliance-summary.json"
        )
        if not self._task.check_mode:
            os.makedirs(os.path.dirname(os.path.abspath(summary_file)), exist_ok=True)
            with open(summary_file, "w", encoding="utf-8") as handle:
                json.dump(summary, handle, indent=2, sort_keys=True)
        if args["history_dir"]:
            result["history_file"] = record_history(
                summary, args["history_dir"], args["keep_history"]
            )
        result.update(
            changed=bool(changed),
            devices=len(reports),
            compliant=summary["compliant"],
            drifts=drifts,
            configuration_drifts=lines,
            summary_file=summary_file,
            dashboard=os.path.join(args["build_dir"], next(iter(dashboard))) if dashboard else "",
        )
        if drifts and args["fail_on_drift"]:
            # the drifts are in the result's ``drifts``: listing them in the message too
            # would print each of them twice more (the error line and the result)
            result.update(
                failed=True,
                msg=f"{len(drifts)} drift(s) from the design, listed in drifts and per school "
                f"in {args['build_dir']}/<school>/compliance.md",
            )
        return result
