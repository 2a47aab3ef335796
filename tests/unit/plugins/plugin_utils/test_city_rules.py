"""City-wide rules: the exact message, and nothing designed."""

from __future__ import annotations

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import city_files
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    messages,
    set_at,
)


def _vlan(index: int, key: str, value):
    def change(data):
        data["vlans"][index][key] = value

    return change


def _set(*path, value):
    return set_at(path, value)


CASES = [
    (
        "MST mode (rendered as per-VLAN priorities, so refused)",
        _set("stp", "mode", value="mst"),
        "stp.mode: 'mst' is not one of: rapid-pvst, pvst",
    ),
    (
        "gateway offset past any subnet",
        _set("addressing", "gateway_offset", value=2**70),
        "addressing.gateway_offset: 1180591620717411303424 is above the maximum 16777214",
    ),
    (
        "gateway offset past the smallest subnet",
        _set("addressing", "gateway_offset", value=100),
        "addressing.gateway_offset: gateway offset 100 is outside the 62 usable addresses of "
        "10.32.8.0/26 (VLAN 10 management)",
    ),
    (
        "management offset past its subnet",
        _set("addressing", "management_offset", value=2**24),
        "addressing.management_offset: 16777216 is above the maximum 16777214",
    ),
    (
        "VLAN index past any block",
        _vlan(1, "index", 2**40),
        "vlans[1].index: 1099511627776 is above the maximum 4194303",
    ),
    (
        "DHCP pool limit past any subnet",
        _set("vlans", 1, "dhcp", "limit", value=2**64),
        "vlans[1].dhcp.limit: 18446744073709551616 is above the maximum 16777214",
    ),
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
        "vlans[1].dhcp: pool of 200 addresses from host 10 ends at host 209, past the last usable host 126 of 10.32.9.0/25",
    ),
    (
        "pool contains the gateway",
        _vlan(1, "dhcp", {"start": 1, "limit": 20}),
        "vlans[1].dhcp: pool 10.32.9.1-10.32.9.20 contains the gateway 10.32.9.1",
    ),
    (
        "gateway offset past a subnet",
        _set("addressing", "gateway_offset", value=100),
        "addressing.gateway_offset: gateway offset 100 is outside the 62 usable addresses of "
        "10.32.8.0/26 (VLAN 10 management)",
    ),
    (
        "management offset past the subnet",
        _set("addressing", "management_offset", value=63),
        "addressing.management_offset: management offset 63 is outside the 62 usable addresses "
        "of 10.32.8.0/26 (VLAN 10 management)",
    ),
    (
        "management address on the gateway",
        _set("addressing", "management_offset", value=1),
        "addressing.management_offset: management offset 1 puts the first stack's management "
        "address on 10.32.8.1, already the gateway in 10.32.8.0/26 (VLAN 10 management)",
    ),
    (
        "management address in the management pool",
        _vlan(0, "dhcp", {"start": 2, "limit": 10}),
        "addressing.management_offset: management offset 2 puts the first stack's management "
        "address on 10.32.8.2, inside the DHCP pool 10.32.8.2-10.32.8.11 (VLAN 10 management)",
    ),
    (
        "core address outside the cores' management subnet",
        _set("cores", 0, "management_address", value="10.32.1.2"),
        "cores[0].management_address: 10.32.1.2 is not a usable host of 10.32.0.0/26 "
        "(VLAN 10 management of the cores, school block 0)",
    ),
    (
        "core address on the gateway",
        _set("cores", 0, "management_address", value="10.32.0.1"),
        "cores[0].management_address: 10.32.0.1 is already the gateway in 10.32.0.0/26 "
        "(VLAN 10 management of the cores, school block 0)",
    ),
    (
        "two cores on one address",
        _set("cores", 1, "management_address", value="10.32.0.2"),
        "cores[1].management_address: 10.32.0.2 is already the management address of core "
        "core-a in 10.32.0.0/26 (VLAN 10 management of the cores, school block 0)",
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
        data["school"]["number"] = 3000

    city, root = city_after(tmp_path, "curie", change)
    assert (
        f"{root / 'schools' / 'curie.yml'}: school curie: school.number: school number 3000 is "
        "past what the address plan holds: 1023 schools (city_space 10.32.0.0/11: 1023 blocks "
        "of /21; transit_space 10.31.0.0/16: 8190 school /29s)"
    ) in messages(city)


def test_a_small_transit_space_says_how_many_schools_it_holds(tmp_path):
    """A /20 of routed links holds 512 /29s: not number 0, not the cores' pair: 510 schools."""

    def small_transit(data):
        data["addressing"]["transit_space"] = "10.31.0.0/20"

    def far(data):
        data["school"]["number"] = 600

    city, root = city_after(tmp_path, "curie", far, city_change=small_transit)
    assert messages(city) == [
        f"{root / 'schools' / 'curie.yml'}: school curie: school.number: school number 600 is "
        "past what the address plan holds: 510 schools (city_space 10.32.0.0/11: 1023 blocks "
        "of /21; transit_space 10.31.0.0/20: 510 school /29s)"
    ]


def test_a_stack_past_the_management_subnet_is_a_finding(tmp_path):
    """Found by the property test: offset 62 fits a /26, but a school's second stack takes 63."""

    def offset_62(data):
        data["addressing"]["management_offset"] = 62

    city, root = city_after(tmp_path, city_change=offset_62)
    assert (
        f"{root}/schools/pasteur.yml: school pasteur: stacks[1]: management address "
        "(addressing.management_offset 62 + 1): host offset 63 is outside the 62 usable "
        "addresses of 10.32.32.0/26"
    ) in messages(city)
    assert "pasteur" in city.invalid_schools and "pasteur-swb" not in city.devices
    assert "hugo-sw1" in city.devices, "a school with one stack still fits"


def _slash25_without_pools(data):
    """Found by placing every gateway once: every VLAN a /25, no pool to catch the offset."""
    data["addressing"]["gateway_offset"] = 254
    indexes = {10: 0, 20: 2, 30: 3, 40: 8, 50: 10, 60: 12, 90: 14}
    for vlan in data["vlans"]:
        vlan.pop("dhcp", None)
        if vlan["id"] in indexes:
            vlan["prefix"], vlan["index"] = 25, indexes[vlan["id"]]


def test_a_gateway_past_every_subnet_is_a_finding_and_render_never_raises(tmp_path):
    city, root = city_after(tmp_path, city_change=_slash25_without_pools)
    assert (
        f"{root / 'city.yml'}: city: addressing.gateway_offset: gateway offset 254 is outside "
        "the 126 usable addresses of 10.32.9.128/25 (VLAN 30 teaching)"
    ) in messages(city)
    assert len(messages(city)) == 7, "one finding per VLAN with a subnet it does not fit"
    assert city.city_invalid and city.devices == {}
    assert city_files(city) == {}


def test_a_stack_on_the_gateway_is_a_finding_and_the_rest_renders(tmp_path):
    """The first stack fits the offsets; the second stack of pasteur lands on the gateway."""

    def gateway_3(data):
        data["addressing"]["gateway_offset"] = 3
        data["cores"][1]["management_address"] = "10.32.0.4"

    city, root = city_after(tmp_path, city_change=gateway_3)
    assert messages(city) == [
        f"{root}/schools/pasteur.yml: school pasteur: stacks[1]: management address 10.32.32.3 "
        "of stack swb is already the gateway in 10.32.32.0/26 (VLAN 10 management)"
    ]
    files = city_files(city)
    assert "hugo/README.md" in files and not any(f.startswith("pasteur/") for f in files)


def test_a_stack_in_the_management_pool_is_a_finding(tmp_path):
    city, root = city_after(tmp_path, city_change=_vlan(0, "dhcp", {"start": 3, "limit": 10}))
    assert messages(city) == [
        f"{root}/schools/pasteur.yml: school pasteur: stacks[1]: management address 10.32.32.3 "
        "of stack swb is inside the DHCP pool 10.32.32.3-10.32.32.12 (VLAN 10 management)"
    ]
