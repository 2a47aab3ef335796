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

Past ``transfer_lines`` lines, typing them one round trip at a time takes
minutes on a large stack: the lines then go as one file, put on flash: over
SCP with network_cli's ``copy_file`` (the call ansible.netcommon.net_put
ends in; net_put itself would first download the destination into the
playbook's directory to compare it, and render the file in text mode, both
wrong for a plan that may hold a secret), and applied with one
``copy flash:<file> running-config``. The file on flash: is deleted
whatever happens, and its text is never returned nor logged. Banners stay
typed with ``edit_banner`` (the file carries the other lines): a banner's
text has no prompt to wait for, and the file form gains nothing for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection, ConnectionError
from ansible.plugins.action import ActionBase
from ansible_collections.citynet.schools.plugins.plugin_utils.argspec import documented_args
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.blocks import sendable

# The banner text may hold any printable character but ^ (the city schema's banner
# pattern), so ^ always closes it; IOS takes any character as the delimiter
# (Configuration Fundamentals Command Reference, banner login).
BANNER_DELIMITER = "^"
# One name, reused by each concern in turn; the deploy role deletes it again after a failure.
TRANSFER_FILE = "flash:citynet-plan.cfg"
# IOS's question for `copy <file> running-config` (Configuration Fundamentals Command
# Reference, `copy`; the simulator's execs.py prints the same); Enter keeps the default.
COPY_PROMPT = r"Destination filename \[running-config\]\?"


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
        threshold = int(args.get("transfer_lines") or 0)
        result["transferred"] = bool(lines) and 0 < threshold <= len(lines)
        try:
            if result["transferred"]:
                self._transfer(connection, lines, args.get("transfer_file") or TRANSFER_FILE)
            elif lines:
                connection.edit_config(candidate=lines)
            if banners:
                connection.edit_banner(
                    candidate=json.dumps(banners), multiline_delimiter=BANNER_DELIMITER
                )
        except ConnectionError as exc:
            result.update(failed=True, msg=str(exc))
        return result

    @staticmethod
    def _transfer(connection: Connection, lines: list[str], destination: str) -> None:
        """Put the lines on flash: as one file, copy it into the running configuration, delete it.

        The local copy is private (0600) and removed at once; the copy on flash: is deleted
        even when the transfer or the copy failed (a dropped session leaves it to the deploy
        role's clean-up, which runs on a new session).
        """
        fd, local = tempfile.mkstemp(prefix="citynet-plan-", suffix=".cfg")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\nend\n")
            # a file left by a run that died; IOS answers %Error when there is none
            with contextlib.suppress(ConnectionError):
                connection.get(command=f"delete /force {destination}")
            connection.copy_file(source=local, destination=destination, proto="scp")
        finally:
            os.unlink(local)
        try:
            connection.get(
                command=f"copy {destination} running-config", prompt=COPY_PROMPT, answer=""
            )
        finally:
            # when the session is gone, the deploy role deletes it on a new one
            with contextlib.suppress(ConnectionError):
                connection.get(command=f"delete /force {destination}")
