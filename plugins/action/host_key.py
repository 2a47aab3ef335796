# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.host_key: a device is logged in to only with its enrolled key.

It needs no connection to the device: the check opens its own SSH transport,
reads the offered key during the key exchange and closes it before any
authentication, so a device that fails the check never receives a credential.
The logic is plugin_utils.host_keys; this is only its Ansible side.
"""

from __future__ import annotations

import os

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils import host_keys
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args


class ActionModule(ActionBase):
    """Runs on the controller; it must not use the host's connection (that would log in)."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def _host_var(self, task_vars, name, default):
        value = task_vars.get(name)
        if value is None:
            return default
        return self._templar.template(value)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = documented_args(self)
        device = task_vars.get("inventory_hostname", "")
        host = args["host"] or self._host_var(task_vars, "ansible_host", device)
        port = args["port"] or int(self._host_var(task_vars, "ansible_port", None) or 22)
        known_hosts = os.path.expanduser(args["known_hosts"])
        result["known_hosts"] = known_hosts
        try:
            verdict, key = host_keys.check(
                host_keys.load(known_hosts),
                str(host),
                int(port),
                lambda h, p, t: host_keys.offered_key(h, p, t, args["timeout"]),
            )
            result.update(
                status=verdict.status,
                name=verdict.name,
                key_type=verdict.key_type,
                fingerprint=verdict.fingerprint,
                expected=list(verdict.expected),
            )
            if verdict.status == "unknown" and args["enrol"]:
                result["changed"] = host_keys.record(known_hosts, str(host), int(port), key)
                result["status"] = "enrolled"
            elif not verdict.ok:
                result.update(failed=True, msg=host_keys.refusal(verdict, device, known_hosts))
                return result
            # network_cli's variables for it, else ansible.cfg; when in doubt, share: a
            # connection that checks keys and does not know the device would trust any key
            checking = self._host_var(
                task_vars,
                "ansible_host_key_checking",
                self._host_var(task_vars, "ansible_ssh_host_key_checking", C.HOST_KEY_CHECKING),
            )
            try:
                share = boolean(checking, strict=True)
            except TypeError:
                share = True
            if share and not args["enrol"]:
                host_keys.share_with_connection(str(host), int(port), key)
        except host_keys.Unreachable as exc:
            result.update(unreachable=True, msg=f"{device}: {exc}; nothing was sent to the device")
            return result
        except host_keys.HostKeyError as exc:
            raise AnsibleActionFail(f"{device}: {exc}; nothing was sent to the device") from exc
        result["msg"] = f"{device}: {verdict.name} {verdict.key_type} {verdict.fingerprint}"
        return result
