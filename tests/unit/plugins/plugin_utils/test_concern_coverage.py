"""Every line of every intended configuration belongs to exactly one concern.

A line no concern owns is never deployed nor verified (``ntp server`` lines
added to a stack's template once gave an empty plan and a compliant report);
a line two concerns own is sent twice and removed by either. These tests hold
the registry, the templates and the scopes to it, on the demo city and on a
generated one with every model, profile and router platform.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.concerns import (
    concerns_for,
    registry,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.blocks import parse_blocks
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.ownership import (
    problems,
    split,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import plan_device
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms import (
    registry as platforms,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms.hardware import (
    ROUTER_MODELS,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
    TEMPLATE_DIR,
    render_concerns,
    render_device,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance import (
    check_device,
)
from ansible_collections.citynet.schools.scripts.gen_city import write_city

ROOT = Path(__file__).resolve().parents[4]
DEMO = ROOT / "inventories" / "demo"


@pytest.fixture(scope="module")
def demo():
    return design_city(DEMO)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return design_city(write_city(12, tmp_path_factory.mktemp("city") / "city", seed=11))


def _without_bare_interfaces(blocks):
    # a port with no line of a concern's is listed by that concern's own rendering
    # (the layout's interface loop) and carries nothing: it is not a line to own
    return [
        (top, [c.strip() for c in ch])
        for top, ch in blocks
        if ch or not top.startswith("interface ")
    ]


def _assert_every_line_owned_once(city):
    checked = 0
    for device in city.devices.values():
        concerns = concerns_for(device.kind, device.platform)
        scoped = tuple(c for c in concerns if device.platform in c.scopes)
        if not scoped:
            continue
        text = render_device(device)
        parts = split(text, scoped, device.platform)
        assert parts.unowned == [], f"{device.hostname}: lines no concern owns"
        assert parts.shared == [], f"{device.hostname}: lines more than one concern owns"
        for item in scoped:
            alone = render_concerns(device, [item])
            assert _without_bare_interfaces(parse_blocks(alone)) == _without_bare_interfaces(
                parts.blocks[item.name]
            ), f"{device.hostname}: {item.name} owns other lines than its fragment renders"
        checked += 1
    return checked


def test_every_line_of_the_demo_city_is_owned_by_one_concern(demo):
    cisco = [d for d in demo.devices.values() if d.platform == "cisco_ios"]
    assert _assert_every_line_owned_once(demo) == len(cisco) >= 10


def test_every_line_of_a_generated_city_is_owned_by_one_concern(generated):
    assert _assert_every_line_owned_once(generated) > 12


def test_a_line_no_concern_owns_refuses_the_plan_and_fails_verify(demo):
    device = demo.devices["curie-sw1"]
    # lines of a kind the design never makes: no concern will ever own them
    intended = render_device(device).replace(
        "end\n", "alias exec ll show ip interface brief\nmacro global description lab\nend\n"
    )
    plan = plan_device(device.intent(), intended, intended)
    assert plan.refused == [
        "no concern owns 'alias exec ll show ip interface brief': it would never be deployed nor verified",
        "no concern owns 'macro global description lab': it would never be deployed nor verified",
    ]
    report = check_device(device.intent(), {}, intended, intended)
    assert (
        "the design cannot be verified line by line: no concern owns 'alias exec ll show ip interface brief': "
        "it would never be deployed nor verified"
    ) in report.drifts


def test_a_line_two_concerns_own_is_reported(demo):
    device = demo.devices["curie-sw1"]
    widened = []
    for item in concerns_for(device.kind, device.platform):
        if item.name == "vlans":
            scope = item.scopes["cisco_ios"]
            item = replace(
                item,
                scopes={
                    "cisco_ios": replace(scope, leaves=(*scope.leaves, r"spanning-tree mode "))
                },
            )
        widened.append(item)
    parts = split(render_device(device), tuple(widened), "cisco_ios")
    assert problems(parts) == ["more than one concern owns 'spanning-tree mode rapid-pvst'"]


def test_each_concern_has_its_fragment_and_role_and_each_section_exists(demo):
    roles = ROOT / "roles"
    for item in registry():
        for name in item.platforms:
            assert (TEMPLATE_DIR / item.fragment(name)).is_file(), (item.name, name)
            assert name in platforms(), (item.name, name)
        if item.role:
            assert (roles / item.role / "tasks" / "main.yml").is_file(), item.role
        assert set(item.checks) <= set(item.platforms) and set(item.commands) <= set(item.checks)
    for device in demo.devices.values():
        intent = device.intent()
        for item in concerns_for(device.kind, device.platform):
            assert set(item.sections) <= set(intent), (device.hostname, item.name)


def test_every_router_model_runs_a_registered_platform_with_a_router_concern():
    for model in ROUTER_MODELS.values():
        assert concerns_for("backup_router", model.platform), model.name


def test_the_schema_offers_exactly_the_router_platforms_of_the_registry():
    import yaml

    offered = set()
    for name in ("city", "school"):
        text = (TEMPLATE_DIR.parents[1] / "source" / "schemas" / f"{name}.schema.yml").read_text()
        schema = yaml.safe_load(text)
        stack = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                platform = node.get("platform")
                if isinstance(platform, dict) and "enum" in platform:
                    offered.add((name, tuple(sorted(platform["enum"]))))
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    registered = tuple(sorted(p for p in platforms() if concerns_for("backup_router", p)))
    assert offered == {("city", registered), ("school", registered)}
