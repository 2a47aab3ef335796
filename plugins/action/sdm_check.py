# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.sdm_check: the stack's SDM template against its design."""

from __future__ import annotations

from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.action_support import city_device
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.sdm import (
    check_after_reload,
    plan_sdm,
    read_sdm,
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        host = task_vars["inventory_hostname"]
        _city, device = city_device(args["city_dir"], host)
        needed = (device.intent().get("routing") or {}).get("sdm_template")
        result.update(
            changed=False,
            template=needed,
            active=None,
            pending=None,
            reload_needed=False,
            commands=[],
            preview="",
        )
        if not needed:
            return result
        output = args["sdm_prefer"]
        if args["after_reload"]:
            problem = check_after_reload(host, needed, output)
            state = read_sdm(output)
            result.update(active=state.active, pending=state.pending)
        else:
            plan = plan_sdm(host, needed, output, bool(args["allow_reload"]))
            problem = plan.problem
            result.update(
                active=plan.state.active,
                pending=plan.state.pending,
                reload_needed=plan.reload,
                commands=plan.commands,
                preview=plan.preview,
            )
        if problem:
            result.update(failed=True, msg=problem)
        return result
