"""Every action checks its arguments against its module stub's DOCUMENTATION, and nothing else.

Each action is driven as test_uci_action.py drives uci, without a play: an
unknown option and a value of the wrong type must fail before the action
reads or writes anything, with Ansible's message naming the option, and the
defaults the action works with must be the documented ones.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from ansible.errors import AnsibleActionFail
from ansible_collections.citynet.schools.plugins.plugin_utils import argspec

if TYPE_CHECKING:
    from conftest import AnsibleCLI

COLLECTION = "ansible_collections.citynet.schools.plugins"


@dataclass(frozen=True)
class Case:
    action: str
    valid: dict[str, Any]  # the required options, nothing else
    # an option and a value it cannot be converted from; None when every value converts (a path)
    wrong: tuple[str, Any] | None
    defaults: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.action


CASES = [
    Case(
        "compliance",
        {"city_dir": "/city", "running_config": ""},
        ("outputs", "show vlan brief"),
        {"parsed": {}, "outputs": {}},
    ),
    Case(
        "compliance_report",
        {"reports": [], "build_dir": "/build"},
        ("fail_on_drift", "sometimes"),
        {
            "fail_on_drift": True,
            "summary_file": None,
            "expected": None,
            "city_dir": None,
            "backup_dir": None,
        },
    ),
    Case(
        "deploy_plan",
        {"city_dir": "/city", "running_config": ""},
        ("keep_backups", "ten"),
        {"keep_backups": 10, "allow_uplink_change": False, "backup_dir": None},
    ),
    Case(
        "host_key",
        {"known_hosts": "/known_hosts"},
        ("timeout", "soon"),
        {"enrol": False, "timeout": 10.0, "host": None, "port": None},
    ),
    Case(
        "render",
        {"city_dir": "/city", "build_dir": "/build"},
        ("hosts", {"jaures-sw1": True}),
        {"hosts": None, "backup_dir": None},
    ),
    Case(
        "school_lock",
        {"school": "jaures", "lock_dir": "/locks"},
        ("timeout", "soon"),
        {"state": "present", "timeout": 600.0, "poll": 2.0, "device": None},
    ),
    Case("send_plan", {"src": "/plans/jaures-sw1.vlans.cfg"}, None),
    Case(
        "sdm_check",
        {"city_dir": "/city", "sdm_prefer": ""},
        ("after_reload", "at once"),
        {"allow_reload": False, "after_reload": False},
    ),
    Case(
        "stack_plan",
        {"city_dir": "/city", "switch_detail": [], "inventory": []},
        ("allow_reload", "after lunch"),
        {"allow_renumber": False, "allow_reload": False},
    ),
    Case(
        "uci",
        {"options": {}},
        ("backup_keep", "many"),
        {"sections": {}, "secret": [], "reload": {}, "backup_keep": 10},
    ),
    Case(
        "validate",
        {"city_dir": "/city"},
        ("on_invalid", ["stop"]),
        {"on_invalid": "stop"},
    ),
]


class _Reached(Exception):
    """The action got past its argument check with these arguments."""

    def __init__(self, args: dict[str, Any]) -> None:
        super().__init__(args)
        self.arguments = args


def _action(name: str, args: dict[str, Any]) -> tuple[ModuleType, Any]:
    module = importlib.import_module(f"{COLLECTION}.action.{name}")
    task = SimpleNamespace(
        args=args,
        check_mode=False,
        diff=False,
        async_val=0,
        action=f"citynet.schools.{name}",
        environment=None,
    )
    connection = SimpleNamespace(
        _shell=SimpleNamespace(tmpdir=None), _play_context=SimpleNamespace(no_log=False)
    )
    action = module.ActionModule(task, connection, SimpleNamespace(), loader=None, templar=None)
    action._load_name = f"citynet.schools.{name}"
    return module, action


def _run(name: str, args: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The arguments the action goes on with; it is stopped right after its check."""
    module, action = _action(name, args)
    real = module.documented_args

    def stop_after_check(self: Any) -> dict[str, Any]:
        raise _Reached(real(self))

    monkeypatch.setattr(module, "documented_args", stop_after_check)
    with pytest.raises(_Reached) as reached:
        action.run(task_vars={"inventory_hostname": "jaures-sw1"})
    return reached.value.arguments


def _refusal(name: str, args: dict[str, Any]) -> str:
    _module, action = _action(name, args)
    with pytest.raises(AnsibleActionFail) as failure:
        action.run(task_vars={"inventory_hostname": "jaures-sw1"})
    return failure.value.message


@pytest.mark.parametrize("case", CASES, ids=str)
def test_unknown_option_is_refused(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    message = _refusal(case.action, {**case.valid, "cty_dir": "/typo"})
    assert f"Unsupported parameters for (citynet.schools.{case.action}) module: cty_dir" in message
    assert (
        "Supported parameters include: " + ", ".join(sorted(argspec.argument_spec(case.action)))
        in message
    )


@pytest.mark.parametrize("case", [case for case in CASES if case.wrong], ids=str)
def test_wrong_type_is_refused(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    assert case.wrong is not None
    option, value = case.wrong
    message = _refusal(case.action, {**case.valid, option: value})
    assert option in message
    assert "convert" in message or "must be one of" in message


@pytest.mark.parametrize("case", CASES, ids=str)
def test_missing_required_option_is_refused(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    required = sorted(case.valid)
    message = _refusal(case.action, {})
    assert message == "missing required arguments: " + ", ".join(required)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_documented_defaults_are_applied(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    args = _run(case.action, dict(case.valid), monkeypatch)
    assert set(args) == set(argspec.argument_spec(case.action))
    for option, value in case.defaults.items():
        assert args[option] == value, option
        assert type(args[option]) is type(value), option


def test_given_values_are_converted_to_the_documented_type(monkeypatch):
    args = _run(
        "deploy_plan",
        {
            "city_dir": "/city",
            "running_config": "",
            "keep_backups": "3",
            "allow_uplink_change": "yes",
        },
        monkeypatch,
    )
    assert args["keep_backups"] == 3
    assert args["allow_uplink_change"] is True


def test_every_action_is_covered_and_declares_nothing_itself():
    """Options stated in the action (a _VALID_ARGS set) would be a second declaration to keep in step."""
    plugins = Path(argspec.__file__).resolve().parents[1]
    actions = {path.stem for path in (plugins / "action").glob("*.py") if path.stem != "__init__"}
    assert actions == {case.action for case in CASES}
    for name in actions:
        stub = importlib.import_module(f"{COLLECTION}.modules.{name}")
        assert yaml.safe_load(stub.DOCUMENTATION)["module"] == name
        assert not _action(name, {})[0].ActionModule._VALID_ARGS, name


def test_fragment_options_are_merged():
    """city_dir and running_config come from the controller fragment; its variables are named as Ansible names them."""
    spec = argspec.argument_spec("deploy_plan")
    assert spec["city_dir"] == {"type": "path", "required": True}
    assert spec["running_config"] == {"type": "str", "required": True}


def test_unknown_fragment_is_a_documentation_error(monkeypatch):
    stub = SimpleNamespace(
        DOCUMENTATION="module: x\noptions: {}\nextends_documentation_fragment: [citynet.schools.nowhere]\n"
    )
    monkeypatch.setattr(argspec.importlib, "import_module", _importer({"modules.x": stub}))
    with pytest.raises(argspec.DocumentationError, match=r"citynet\.schools\.nowhere"):
        argspec.documented_options("x")


def test_documented_choices_and_suboptions(monkeypatch):
    stub = SimpleNamespace(
        DOCUMENTATION="""
module: x
options:
  mode:
    description: How.
    type: str
    choices: {fast: Quick., safe: Careful.}
    default: safe
  limits:
    description: Bounds.
    type: dict
    suboptions:
      low: {description: Low., type: int, default: 1}
"""
    )
    monkeypatch.setattr(argspec.importlib, "import_module", _importer({"modules.x": stub}))
    assert argspec._spec(argspec.documented_options("x")) == {
        "mode": {"type": "str", "choices": ["fast", "safe"], "default": "safe"},
        "limits": {"type": "dict", "options": {"low": {"type": "int", "default": 1}}},
    }


def _importer(stubs: dict[str, Any]):
    real = importlib.import_module

    def import_module(name: str) -> Any:
        for suffix, stub in stubs.items():
            if name.endswith(f".plugins.{suffix}"):
                return stub
        return real(name)

    return import_module


def test_options_are_those_ansible_doc_shows(ansible_cli: AnsibleCLI, tmp_path: Path) -> None:
    """The fragments are merged as Ansible merges them, so the spec is what users read."""
    names = [f"citynet.schools.{case.action}" for case in CASES]
    shown = ansible_cli.run("ansible-doc", "-t", "module", "--json", *names, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    docs = json.loads(shown.stdout)
    for case in CASES:
        options = docs[f"citynet.schools.{case.action}"]["doc"]["options"]
        assert argspec.argument_spec(case.action) == argspec._spec(options), case.action
