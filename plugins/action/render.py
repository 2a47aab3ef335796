# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.render: all of a play's outputs in one controller pass."""

from __future__ import annotations

import os

from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import load_city
from ansible_collections.citynet.schools.plugins.plugin_utils.exports import export_files
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
    city_files,
    write_files,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.reports.dashboard import (
    SUMMARY_FILE,
    dashboard_files,
    last_backups,
    read_summary,
)


class ActionModule(ActionBase):
    """One task renders every device of the play: a template task per host costs ~0.5 s each."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        build_dir = args["build_dir"]
        hosts = args["hosts"]
        city = load_city(args["city_dir"])
        # hosts of other inventory sources (a test platform, an AWX-added host) are not ours
        others = sorted(set(hosts or []) - set(city.devices))
        if hosts is not None:
            hosts = [h for h in hosts if h in city.devices]
        files = city_files(city, hosts)
        # The town hall's import files describe every valid device of the city: only a
        # play that renders all of them writes them (a limited run would shrink them).
        whole = hosts is None or set(city.devices) <= set(hosts)
        exports = export_files(city) if whole else {}
        files.update(exports)
        # the dashboard is city-wide too; it keeps the last verify run's results
        dashboard = (
            dashboard_files(
                city,
                read_summary(os.path.join(build_dir, SUMMARY_FILE)),
                last_backups(args["backup_dir"]),
            )
            if whole
            else {}
        )
        files.update(dashboard)
        before = {}
        if self._task.diff:
            for rel in files:
                try:
                    with open(os.path.join(build_dir, rel), encoding="utf-8") as handle:
                        before[rel] = handle.read()
                except OSError:
                    before[rel] = ""
        changed = write_files(files, build_dir, check=bool(self._task.check_mode))
        rendered = list(city.devices) if hosts is None else hosts
        schools = {
            getattr(getattr(city.devices[h], "school", None), "code", None) for h in rendered
        }
        result.update(
            changed=bool(changed),
            changed_files=changed,
            files=len(files),
            exports=sorted(exports),
            dashboard=next(iter(dashboard), ""),
            devices=len(rendered),
            schools=len(schools - {None}),
            not_in_city=others,
            build_dir=os.path.abspath(build_dir),
        )
        if self._task.diff and changed:
            result["diff"] = [
                {
                    "before_header": rel,
                    "after_header": rel,
                    "before": before[rel],
                    "after": files[rel],
                }
                for rel in changed
            ]
        return result
