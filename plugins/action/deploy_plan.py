# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.deploy_plan: back up, plan and guard one device's change."""

from __future__ import annotations

import os
import stat
import tempfile
import time

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.action_support import (
    city_device,
    device_secrets,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.concerns import concerns_for
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.preview import (
    concern_diffs,
    masked_config,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import plan_device
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show


def _prune(folder: str, keep: int) -> None:
    names = sorted(n for n in os.listdir(folder) if n.endswith(".cfg"))
    for name in names[: max(0, len(names) - keep)]:
        os.unlink(os.path.join(folder, name))


class ActionModule(ActionBase):
    """Runs on the controller; the running configuration comes from the device task before it."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        host = task_vars["inventory_hostname"]
        _city, device = city_device(args["city_dir"], host)
        if device.platform != "cisco_ios":
            raise AnsibleActionFail(
                f"{host} runs {device.platform}; deploy_plan plans Cisco IOS devices"
            )
        secrets = device_secrets(host, device, task_vars, self._templar.template)
        running = args.get("running_config") or ""
        intended = render_device(device, secrets)
        shown = {
            command: parse_show(device.platform, command, output or "")
            for command, output in (args.get("state_outputs") or {}).items()
        }
        plan = plan_device(
            device.intent(),
            intended,
            running,
            allow_uplink_change=bool(args.get("allow_uplink_change")),
            shown=shown,
            resend_unshown=bool(args.get("resend_unshown")),
        )
        # every secret position masked, an older value too (a PIN being replaced is negated
        # with its old value): the result is printed with -v and kept by AWX
        masked = {
            c: masked_config("\n".join(lines), secrets, device.platform).splitlines()
            for c, lines in plan.commands.items()
        }
        # the deploy role applies each concern in this order, with its role or as planned lines
        concerns = [
            {
                "name": c.name,
                "role": c.role,
                # whether its planned lines carry a secret, an old one too (masking changed them):
                # the task sending them hides its result
                "secret": masked.get(c.name, []) != plan.commands.get(c.name, []),
            }
            for c in concerns_for(device.kind, device.platform)
        ]
        result.update(
            changed=plan.changed, commands=masked, refused=plan.refused, concerns=concerns
        )
        if plan.refused:
            result.update(
                failed=True,
                msg=f"{host}: plan refused, nothing was sent: " + "; ".join(plan.refused),
            )
            return result
        result["files"] = self._write_plans(host, plan.commands, args.get("plan_dir"))
        if self._task.diff and plan.changed:
            # one unified diff per concern that changes: its running lines against its intended ones
            result["diff"] = concern_diffs(host, plan, secrets, device.platform)
        if plan.changed and not self._task.check_mode and args.get("backup_dir"):
            result["backup_file"] = self._backup(host, device, running, args)
        return result

    @staticmethod
    def _write_plans(
        host: str, commands: dict[str, list[str]], plan_dir: str | None
    ) -> dict[str, str]:
        """One file per concern for send_plan's src; private, as a router's plan holds its SIM PIN."""
        folder = plan_dir or tempfile.mkdtemp(prefix=f"citynet-plan-{host}-")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        os.chmod(folder, stat.S_IRWXU)
        files = {}
        for concern, lines in commands.items():
            path = os.path.join(folder, f"{host}.{concern}.cfg")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n" if lines else "")
            files[concern] = path
        return files

    @staticmethod
    def _backup(host, device, running: str, args) -> str:
        """The running configuration, SIM PIN included so the device can be restored: 0600 in 0700."""
        from ansible_collections.citynet.schools.plugins.plugin_utils.private_dirs import (
            create_private_file,
            private_folder,
        )

        school = getattr(device, "school", None)
        folder = str(private_folder(args["backup_dir"], school.code if school else "_cores", host))
        stamp = (
            time.strftime("%Y%m%dT%H%M%S", time.gmtime())
            + f"{time.time_ns() % 1_000_000_000:09d}"[:3]
        )
        path = os.path.join(folder, f"{stamp}.cfg")
        fd = create_private_file(path)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(running)
        _prune(folder, int(args["keep_backups"]))
        return path
