"""City-wide rules: the exact message, and nothing designed."""

from __future__ import annotations

import pytest
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    messages,
)


def _vlan(index: int, key: str, value):
    def change(data):
        data["vlans"][index][key] = value

    return change


CASES = [
    ("VLAN id 0", _vlan(0, "id", 0), "vlans[0].id: VLAN id 0 is out of range 1-4094"),
    ("VLAN id 4095", _vlan(0, "id", 4095), "vlans[0].id: VLAN id 4095 is out of range 1-4094"),
    ("reserved VLAN", _vlan(0, "id", 1003), "vlans[0].id: VLAN id 1003 is reserved (1002-1005)"),
    (
        "duplicate VLAN id",
        _vlan(1, "id", 10),
        "vlans[1].id: VLAN id 10 is already used by vlans[0]",
    ),
    (
        "duplicate VLAN name",
        _vlan(1, "name", "MGMT"),
        "vlans[1].name: VLAN name MGMT is already used by vlans[0]",
    ),
    (
        "overlapping VLAN subnets",
        _vlan(4, "index", 4),
        "vlans[4].index: subnet #4 of /24 overlaps vlans[3] (#8 of /25) in every school block",
    ),
    (
        "subnet index written as a float",
        _vlan(4, "index", 0.0),
        "vlans[4].index: expected an integer, got float 0.0",
    ),
    (
        "VLAN outside the school block",
        _vlan(4, "index", 8),
        "vlans[4].index: index 8 is outside the school block, which holds 8 subnets of /24 (0-7)",
    ),
    (
        "pool past the subnet",
        _vlan(1, "dhcp", {"start": 10, "limit": 200}),
        "vlans[1].dhcp: pool of 200 addresses from host 10 ends at host 209, past the last usable host 126 of 10.40.9.0/25",
    ),
    (
        "pool contains the gateway",
        _vlan(1, "dhcp", {"start": 1, "limit": 20}),
        "vlans[1].dhcp: pool 10.40.9.1-10.40.9.20 contains the gateway 10.40.9.1",
    ),
]


@pytest.mark.parametrize(("name", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_city_rule(tmp_path, name, change, expected):
    city, root = city_after(tmp_path, city_change=change)
    assert f"{root / 'city.yml'}: city: {expected}" in messages(city), messages(city)
    assert city.city_invalid
    assert city.devices == {}


def test_profile_with_unknown_vlan(tmp_path):
    def change(data):
        data["port_profiles"]["camera"]["vlan"] = "video"

    city, root = city_after(tmp_path, city_change=change)
    assert (
        f"{root / 'city.yml'}: city: port_profiles.camera.vlan: unknown VLAN service video; known: "
        "management, administration, teaching, voice, wifi, cameras, backup, parking"
        in messages(city)
    )


def test_two_primary_cores(tmp_path):
    def change(data):
        data["cores"][1]["role"] = "primary"

    city, root = city_after(tmp_path, city_change=change)
    assert (
        f"{root / 'city.yml'}: city: cores: exactly one core must be primary (the root bridge); found 2"
        in messages(city)
    )


def test_school_number_past_the_city_space(tmp_path):
    def change(data):
        data["school"]["number"] = 128

    city, root = city_after(tmp_path, "curie", change)
    assert (
        f"{root / 'schools' / 'curie.yml'}: school curie: school.number: school number 128 is past the last "
        "block of the city space 10.40.0.0/14 (127 school blocks of /21)" in messages(city)
    )


def test_a_stack_past_the_management_subnet_is_a_finding(tmp_path):
    """Found by the property test: offset 62 fits a /26, but a school's second stack takes 63."""

    def offset_62(data):
        data["addressing"]["management_offset"] = 62

    city, root = city_after(tmp_path, city_change=offset_62)
    assert (
        f"{root}/schools/pasteur.yml: school pasteur: stacks[1]: management address "
        "(addressing.management_offset 62 + 1): host offset 63 is outside the 62 usable "
        "addresses of 10.40.32.0/26"
    ) in messages(city)
    assert "pasteur" in city.invalid_schools and "pasteur-swb" not in city.devices
    assert "hugo-sw1" in city.devices, "a school with one stack still fits"
