# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.validate: every finding of a city, before anything is touched."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import load_city
from ansible_collections.citynet.schools.plugins.plugin_utils.issues import format_issues


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(("city_dir", "on_invalid"))

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        city_dir = self._task.args.get("city_dir")
        on_invalid = self._task.args.get("on_invalid", "stop")
        if not city_dir:
            raise AnsibleActionFail("city_dir is required")
        if on_invalid not in ("stop", "skip_school"):
            raise AnsibleActionFail("on_invalid must be stop or skip_school")
        city = load_city(city_dir)
        errors = [str(issue) for issue in city.issues]
        result.update(
            changed=False,
            errors=errors,
            invalid_schools=sorted(city.invalid_schools),
            valid_schools=sorted(city.schools),
            cores_held=city.cores_held,
        )
        if errors and (on_invalid == "stop" or city.city_invalid):
            result.update(
                failed=True, msg=format_issues(city.issues) + "\nNothing was written or sent."
            )
        elif errors:
            result["warnings"] = [
                f"{len(city.invalid_schools)} school(s) skipped: {', '.join(sorted(city.invalid_schools))}"
                + ("; the cores are held back" if city.cores_held else "")
            ]
        return result
