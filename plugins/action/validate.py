# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.validate: every finding of a city, before anything is touched."""

from __future__ import annotations

from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import load_city
from ansible_collections.citynet.schools.plugins.plugin_utils.issues import format_issues


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        on_invalid = args["on_invalid"]
        city = load_city(args["city_dir"])
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
