"""send_plan's file form: what goes in the file, and that nothing is left behind on failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible.module_utils.connection import ConnectionError
from ansible_collections.citynet.schools.plugins.action.send_plan import (
    COPY_PROMPT,
    ActionModule,
)


class FakeConnection:
    """Records the commands and the file put; fails the copy when told to."""

    def __init__(self, fail_copy: bool = False) -> None:
        self.fail_copy = fail_copy
        self.commands: list[str] = []
        self.put: dict[str, str] = {}
        self.local: str | None = None

    def get(self, command: str, prompt: str | None = None, answer: str | None = None) -> str:
        self.commands.append(command)
        if command.startswith("copy "):
            assert prompt == COPY_PROMPT and answer == ""
            if self.fail_copy:
                raise ConnectionError("% Invalid input detected at '^' marker.")
        if command.startswith("delete ") and self.commands.count(command) == 1:
            raise ConnectionError("%Error deleting flash:/citynet-plan.cfg (No such file)")
        return ""

    def copy_file(self, source: str, destination: str, proto: str) -> None:
        assert proto == "scp"
        self.local = source
        self.put[destination] = Path(source).read_text(encoding="utf-8")
        assert Path(source).stat().st_mode & 0o077 == 0, "the local file is private"


LINES = ["interface GigabitEthernet1/0/1", "description Salle 12", "vlan 20"]


def test_the_file_holds_the_lines_and_is_copied_then_deleted():
    connection = FakeConnection()
    ActionModule._transfer(connection, LINES, "flash:citynet-plan.cfg")
    assert connection.put == {"flash:citynet-plan.cfg": "\n".join(LINES) + "\nend\n"}
    assert connection.commands == [
        "delete /force flash:citynet-plan.cfg",
        "copy flash:citynet-plan.cfg running-config",
        "delete /force flash:citynet-plan.cfg",
    ]
    assert connection.local is not None and not Path(connection.local).exists()


def test_a_failed_copy_still_deletes_the_file_and_fails():
    connection = FakeConnection(fail_copy=True)
    with pytest.raises(ConnectionError):
        ActionModule._transfer(connection, LINES, "flash:citynet-plan.cfg")
    assert connection.commands[-1] == "delete /force flash:citynet-plan.cfg"
    assert connection.local is not None and not Path(connection.local).exists()
