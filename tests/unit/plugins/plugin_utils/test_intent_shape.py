"""Every device's intent has its declared shape, and nothing changes it after design.

The shapes are in design/intent_types.py; a key renamed or a type changed in
the design fails here, not in one template or one verify check.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.concerns import concerns_for
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.design.intent_types import (
    INTENT_TYPES,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import city_files
from ansible_collections.citynet.schools.scripts.gen_city import write_city
from typeguard import TypeCheckError, check_type

ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture(scope="module", params=["demo", "generated"])
def city(request, tmp_path_factory):
    if request.param == "demo":
        return design_city(ROOT / "inventories" / "demo")
    return design_city(write_city(12, tmp_path_factory.mktemp("city") / "city", seed=5))


def _check(device) -> None:
    """The kind's declared shape, and each other section against its concern's shape."""
    intent = device.intent()
    declared = INTENT_TYPES[device.kind].__annotations__
    for item in concerns_for(device.kind, device.platform):
        for section in item.sections:
            if section not in declared:
                assert section in item.shapes, f"{item.name}: section {section} has no shape"
                check_type(intent.pop(section), item.shapes[section])
    check_type(intent, INTENT_TYPES[device.kind])


def test_every_intent_has_its_declared_shape(city):
    kinds = set()
    for device in city.devices.values():
        _check(device)
        kinds.add(device.kind)
    assert kinds == set(INTENT_TYPES)


def test_a_wrong_shape_is_caught(city):
    stack = next(d for d in city.devices.values() if d.kind == "switch_stack")
    intent = copy.deepcopy(stack.intent())
    intent["interfaces"][0]["access_vlan"] = "30"
    with pytest.raises(TypeCheckError):
        check_type(intent, INTENT_TYPES["switch_stack"])
    intent = copy.deepcopy(stack.intent())
    intent["allowed_vlan_commands"] = []
    with pytest.raises(TypeCheckError):
        check_type(intent, INTENT_TYPES["switch_stack"])


def test_rendering_changes_no_intent(city):
    before = {name: copy.deepcopy(d.intent()) for name, d in city.devices.items()}
    city_files(city)
    assert {name: d.intent() for name, d in city.devices.items()} == before
