# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.stack_plan: the stack as it is against its intended members."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.stack_plan import plan_stack
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import load_city


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        host = task_vars["inventory_hostname"]
        device = load_city(args["city_dir"]).devices.get(host)
        if device is None or device.kind != "switch_stack":
            raise AnsibleActionFail(
                f"{host} is not a switch stack of the city in {args['city_dir']}"
            )
        plan = plan_stack(
            device.intent()["members"],
            args["switch_detail"],
            args["inventory"],
            args["allow_renumber"],
            args["allow_reload"],
        )
        result.update(
            changed=False,
            priority_commands=plan.priority_commands,
            renumber_commands=plan.renumber_commands,
            reload_needed=plan.reload_needed,
            command_mode=plan.command_mode,
            stack_commands=plan.stack_commands,
            preview=plan.preview,
            observed=plan.observed,
            problems=plan.problems,
        )
        if plan.problems:
            result.update(
                failed=True,
                msg=f"{host}: stack differs from the design, nothing was sent: "
                + "; ".join(plan.problems),
            )
        return result
