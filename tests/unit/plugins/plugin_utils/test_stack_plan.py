"""Stack members as found against the design."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.stack_plan import plan_stack

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
