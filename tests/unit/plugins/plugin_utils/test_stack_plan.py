"""Stack members as found against the design."""

from __future__ import annotations

import re

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.stack_plan import plan_stack
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms.hardware import (
    SWITCH_MODELS,
    stack_command_mode,
)

INTENT = [
    {"number": 1, "model": "C9300-48P", "serial": "FOC0000000A", "priority": 15, "role": "active"},
    {"number": 2, "model": "C9300-48P", "serial": "FOC0000000B", "priority": 14, "role": "standby"},
]


def _detail(*rows):
    return [
        {"switch": str(n), "role": role, "priority": str(p), "state": state}
        for n, role, p, state in rows
    ]


def _inventory(*rows):
    return [{"name": f"Switch {n}", "pid": "C9300-48P", "sn": sn} for n, sn in rows]


def test_priorities_to_set():
    plan = plan_stack(
        INTENT,
        _detail((1, "Active", 1, "Ready"), (2, "Standby", 14, "Ready")),
        _inventory((1, "FOC0000000A"), (2, "FOC0000000B")),
    )
    assert plan.problems == []
    assert plan.priority_commands == ["switch 1 priority 15"]
    assert plan.renumber_commands == [] and not plan.reload_needed


def test_missing_and_extra_members_are_named():
    plan = plan_stack(
        INTENT,
        _detail((1, "Active", 15, "Ready"), (3, "Member", 1, "Ready")),
        _inventory((1, "FOC0000000A"), (3, "FOC0000000Z")),
    )
    assert plan.problems == [
        "member 2 (C9300-48P, serial FOC0000000B) is missing from the stack",
        "an extra member 3 (serial FOC0000000Z) is in the stack but not in the design",
    ]


def test_member_not_ready_counts_as_missing():
    plan = plan_stack(
        INTENT,
        _detail((1, "Active", 15, "Ready"), (2, "Member", 14, "Provisioned")),
        _inventory((1, "FOC0000000A"), (2, "FOC0000000B")),
    )
    assert plan.problems == ["member 2 (C9300-48P, serial FOC0000000B) is missing from the stack"]


def test_renumbering_needs_permission_then_a_reload():
    detail = _detail((1, "Active", 15, "Ready"), (3, "Standby", 14, "Ready"))
    inventory = _inventory((1, "FOC0000000A"), (3, "FOC0000000B"))
    refused = plan_stack(INTENT, detail, inventory)
    assert refused.problems == [
        "serial FOC0000000B is member 3, intended 2: renumbering needs schools_allow_renumber: true (and a reload)"
    ]
    no_reload = plan_stack(INTENT, detail, inventory, allow_renumber=True)
    assert no_reload.renumber_commands == ["switch 3 renumber 2"]
    assert no_reload.problems == [
        "renumbering takes effect only at a reload; set schools_allow_reload: true to reload"
    ]
    allowed = plan_stack(INTENT, detail, inventory, allow_renumber=True, allow_reload=True)
    assert allowed.problems == [] and allowed.reload_needed


def test_classic_ios_inventory_names():
    plan = plan_stack(
        INTENT,
        _detail((1, "Master", 15, "Ready"), (2, "Member", 14, "Ready")),
        [
            {"name": "1", "pid": "WS-C2960X", "sn": "FOC0000000A"},
            {"name": "2", "pid": "WS-C2960X", "sn": "FOC0000000B"},
        ],
    )
    assert plan.problems == [] and plan.priority_commands == []


CLASSIC = [
    {"number": 1, "model": "WS-C2960X-48FPD-L", "serial": "FOC0000000A", "priority": 15},
    {"number": 2, "model": "WS-C2960X-48FPD-L", "serial": "FOC0000000B", "priority": 12},
]
FACTORY_DETAIL = _detail((1, "Master", 1, "Ready"), (2, "Member", 1, "Ready"))
FACTORY_INVENTORY = [
    {"name": "1", "pid": "WS-C2960X-48FPD-L", "sn": "FOC0000000A"},
    {"name": "2", "pid": "WS-C2960X-48FPD-L", "sn": "FOC0000000B"},
]
# The questions as the devices print them (ios-samples/dialogs/README.md)
DIALOGS = {
    "classic IOS": (
        "SW1(config)#switch 1 priority 15\nChanging the Switch Priority of Switch Number 1 to 15\n"
        "Do you want to continue?[confirm]",
        "",
    ),
    "IOS-XE": ("Switch#switch 2 priority 14\nDo you want to continue?[y/n]? [yes]: ", "y"),
    "IOS-XE renumber": (
        "Switch#switch 2 renumber 3\nWARNING: Changing the switch number may result in a "
        "configuration change for that switch.\nThe interface configuration associated with "
        "the old switch number will remain as a provisioned configuration.\n"
        "Do you want to continue?[y/n]? [yes]: ",
        "y",
    ),
}


def _answer(prompts: list[str], answers: list[str], text: str) -> str | None:
    """What network_cli answers: the answer of the first pattern found in the text."""
    for pattern, answer in zip(prompts, answers, strict=True):
        if re.search(pattern, text, re.I):
            return answer
    return None


def test_classic_ios_commands_go_in_global_configuration():
    plan = plan_stack(CLASSIC, FACTORY_DETAIL, FACTORY_INVENTORY)
    assert plan.problems == [] and plan.command_mode == "config"
    assert plan.preview == [
        "configure terminal",
        "switch 1 priority 15",
        "switch 2 priority 12",
        "end",
    ]
    first = plan.stack_commands[1]
    assert isinstance(first, dict)
    assert first["command"] == "switch 1 priority 15"
    assert _answer(first["prompt"], first["answer"], DIALOGS["classic IOS"][0]) == ""


def test_iosxe_commands_are_exec_commands():
    detail = _detail((1, "Active", 1, "Ready"), (2, "Standby", 1, "Ready"))
    plan = plan_stack(
        INTENT,
        detail,
        _inventory((1, "FOC0000000A"), (2, "FOC0000000B")),
        allow_renumber=True,
        allow_reload=True,
    )
    assert plan.command_mode == "exec"
    assert plan.preview == ["switch 1 priority 15", "switch 2 priority 14"]
    assert all(isinstance(c, dict) for c in plan.stack_commands)


def test_the_prompt_patterns_answer_every_family_and_nothing_else():
    plan = plan_stack(CLASSIC, FACTORY_DETAIL, FACTORY_INVENTORY)
    item = plan.stack_commands[1]
    assert isinstance(item, dict)
    for family, (text, expected) in DIALOGS.items():
        assert _answer(item["prompt"], item["answer"], text) == expected, family
    assert _answer(item["prompt"], item["answer"], "Do you want to go ahead?[y/n]? [yes]: ") is None
    assert _answer(item["prompt"], item["answer"], "New Priority has been set successfully") is None


def test_nothing_to_change_sends_no_mode_change():
    detail = _detail((1, "Master", 15, "Ready"), (2, "Member", 12, "Ready"))
    plan = plan_stack(CLASSIC, detail, FACTORY_INVENTORY)
    assert plan.stack_commands == [] and plan.preview == []


def test_renumbering_a_classic_stack_goes_in_the_same_configuration_session():
    detail = _detail((1, "Master", 15, "Ready"), (3, "Member", 1, "Ready"))
    inventory = [
        {"name": "1", "pid": "WS-C2960X-48FPD-L", "sn": "FOC0000000A"},
        {"name": "3", "pid": "WS-C2960X-48FPD-L", "sn": "FOC0000000B"},
    ]
    plan = plan_stack(CLASSIC, detail, inventory, allow_renumber=True, allow_reload=True)
    assert plan.preview == [
        "configure terminal",
        "switch 3 priority 12",
        "switch 3 renumber 2",
        "end",
    ]


def test_a_stack_of_two_families_is_refused_before_any_command():
    mixed = [CLASSIC[0], INTENT[1]]
    plan = plan_stack(mixed, FACTORY_DETAIL, FACTORY_INVENTORY)
    assert plan.problems == ["members of different families cannot stack together: c2960x, c9300"]
    assert plan.stack_commands == []


def test_every_stackable_model_says_its_stack_command_mode():
    modes = {
        name: model.stack_command_mode
        for name, model in SWITCH_MODELS.items()
        if model.stacking != "none"
    }
    assert modes == {
        "C9300-24P": "exec",
        "C9300-48P": "exec",
        "C9200L-24P-4X": "exec",
        "C9200L-48P-4X": "exec",
        "WS-C2960X-24PS-L": "config",
        "WS-C2960X-48FPD-L": "config",
    }
    with pytest.raises(ValueError, match=r"^unknown access-switch model: WS-C3750X$"):
        stack_command_mode(["WS-C3750X"])
