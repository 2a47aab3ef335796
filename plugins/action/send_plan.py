# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for citynet.schools.send_plan: type a plan file's lines on a Cisco device, verbatim.

cisco.ios.ios_config with ``src`` would do it, but ansible.netcommon renders
the file as a Jinja template first (a line holding ``{{`` would be changed)
and every run prints a deprecation and an idempotency warning for it; the
plan is already exactly what the device must receive. The lines go through
the host's network_cli session to cisco.ios' cliconf (``edit_config``:
configure terminal, each line, end; ``edit_banner`` for banners), the same
code ios_config ends in.
"""

from __future__ import annotations

import json

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection, ConnectionError
from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.blocks import sendable

# The banner text may hold any printable character but ^ (the city schema's banner
# pattern), so ^ always closes it; IOS takes any character as the delimiter
# (Configuration Fundamentals Command Reference, banner login).
BANNER_DELIMITER = "^"


class ActionModule(ActionBase):
    """Reads the plan on the controller and sends it through the host's persistent session."""

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = documented_args(self)
        try:
            with open(args["src"], encoding="utf-8") as handle:
                lines, banners = sendable(handle.read())
        except OSError as exc:
            raise AnsibleActionFail(f"cannot read the plan file {args['src']}: {exc}") from exc
        if any(BANNER_DELIMITER in text for text in banners.values()):
            raise AnsibleActionFail(f"a banner of {args['src']} holds {BANNER_DELIMITER}")
        result.update(changed=bool(lines or banners), lines=len(lines), banners=sorted(banners))
        if self._task.check_mode or not result["changed"]:
            return result
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AnsibleActionFail(
                "send_plan needs a persistent network connection (ansible.netcommon.network_cli)"
            )
        connection = Connection(socket_path)
        try:
            if lines:
                connection.edit_config(candidate=lines)
            if banners:
                connection.edit_banner(
                    candidate=json.dumps(banners), multiline_delimiter=BANNER_DELIMITER
                )
        except ConnectionError as exc:
            result.update(failed=True, msg=str(exc))
        return result
