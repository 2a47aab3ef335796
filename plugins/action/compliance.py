# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.compliance: one device's observed state against its intent."""

from __future__ import annotations

from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.action_support import (
    city_device,
    device_secrets,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.plugins.plugin_utils.secrets import mask
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance import check_device
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        host = task_vars["inventory_hostname"]
        _city, device = city_device(args["city_dir"], host)
        secrets = device_secrets(host, device, task_vars, self._templar.template)
        parsed = dict(args["parsed"])
        for command, text in args["outputs"].items():
            parsed[command] = parse_show(device.platform, command, str(text))
        report = check_device(
            device.intent(),
            parsed,
            args.get("running_config") or "",
            render_device(device, secrets),
            secrets,
        ).as_dict()
        report["drifts"] = [mask(d, secrets) for d in report["drifts"]]
        report["notes"] = [mask(n, secrets) for n in report["notes"]]
        report["french"] = {mask(k, secrets): mask(v, secrets) for k, v in report["french"].items()}
        report["configuration"] = [mask(c, secrets) for c in report["configuration"]]
        result.update(changed=False, report=report)
        return result
