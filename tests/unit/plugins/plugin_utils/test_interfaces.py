"""IOS interface names: spellings, numbering, ranges and order."""

from __future__ import annotations

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import PortSpecError
from ansible_collections.citynet.schools.plugins.plugin_utils.net.interfaces import (
    INTERFACE_TYPES,
    MAX_EXPANSION,
    canonical_name,
    interface_sort_key,
    port_expand,
    port_ranges,
    short_name,
    sorted_interfaces,
    split_name,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms.hardware import (
    SWITCH_MODELS,
)


@pytest.mark.parametrize(
    ("name", "long", "short"),
    [
        ("gi1/0/1", "GigabitEthernet1/0/1", "Gi1/0/1"),
        ("Gi1/0/1", "GigabitEthernet1/0/1", "Gi1/0/1"),
        ("GigabitEthernet1/0/1", "GigabitEthernet1/0/1", "Gi1/0/1"),
        ("gigabitethernet1/0/1", "GigabitEthernet1/0/1", "Gi1/0/1"),
        ("Gig1/0/1", "GigabitEthernet1/0/1", "Gi1/0/1"),
        ("Gi 1/0/1", "GigabitEthernet1/0/1", "Gi1/0/1"),
        ("  Gi1/0/1\n", "GigabitEthernet1/0/1", "Gi1/0/1"),
        ("Gi01/0/01", "GigabitEthernet1/0/1", "Gi1/0/1"),
        ("te1/1/1", "TenGigabitEthernet1/1/1", "Te1/1/1"),
        ("Ten1/1/1", "TenGigabitEthernet1/1/1", "Te1/1/1"),
        ("Twe1/0/1", "TwentyFiveGigE1/0/1", "Twe1/0/1"),
        ("TwentyFiveGigE1/0/1", "TwentyFiveGigE1/0/1", "Twe1/0/1"),
        ("Tw1/0/1", "TwoGigabitEthernet1/0/1", "Tw1/0/1"),
        ("Two1/0/1", "TwoGigabitEthernet1/0/1", "Tw1/0/1"),
        ("Fi1/0/1", "FiveGigabitEthernet1/0/1", "Fi1/0/1"),
        ("Hu1/0/49", "HundredGigE1/0/49", "Hu1/0/49"),
        ("Fo1/1/1", "FortyGigabitEthernet1/1/1", "Fo1/1/1"),
        ("Fa0/0/1", "FastEthernet0/0/1", "Fa0/0/1"),
        ("FastEthernet0", "FastEthernet0", "Fa0"),
        ("Gi0/0", "GigabitEthernet0/0", "Gi0/0"),
        ("Ap1/0/1", "AppGigabitEthernet1/0/1", "Ap1/0/1"),
        ("Cellular0/1/0", "Cellular0/1/0", "Ce0/1/0"),
        ("po1", "Port-channel1", "Po1"),
        ("Po1", "Port-channel1", "Po1"),
        ("Port-channel1", "Port-channel1", "Po1"),
        ("port-channel12", "Port-channel12", "Po12"),
        ("Port-Channel2", "Port-channel2", "Po2"),
        ("portchannel3", "Port-channel3", "Po3"),
        ("vlan10", "Vlan10", "Vl10"),
        ("Vl4094", "Vlan4094", "Vl4094"),
        ("Loopback0", "Loopback0", "Lo0"),
        ("Tu0", "Tunnel0", "Tu0"),
    ],
)
def test_every_spelling_maps_to_one_long_and_one_short_name(
    name: str, long: str, short: str
) -> None:
    assert canonical_name(name) == long
    assert short_name(name) == short
    assert canonical_name(short) == long
    assert short_name(long) == short


def test_type_table_short_and_long_forms_round_trip() -> None:
    for kind in INTERFACE_TYPES:
        number = "1" if kind.max_parts == 1 else "1/0/1"
        assert canonical_name(kind.short + number) == kind.long + number
        assert short_name(kind.long + number) == kind.short + number
        assert canonical_name((kind.long + number).upper()) == kind.long + number


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Foo1/0/1", "'Foo1/0/1' has an unknown interface type 'Foo'"),
        ("T1/0/1", "'T1/0/1' has an unknown interface type 'T'"),
        ("Ethernet1", "'Ethernet1' has an unknown interface type 'Ethernet'"),
        ("Gi-1/0/1", "'Gi-1/0/1' has an unknown interface type 'Gi-'"),
        ("1/0/1", "'1/0/1' is not an interface name"),
        ("", "'' is not an interface name"),
        ("/Gi1", "'/Gi1' is not an interface name"),
        ("Gi", "'Gi' has no interface number"),
        ("Vlan", "'Vlan' has no interface number"),
        (
            "Gi1//1",
            "'Gi1//1' has malformed interface numbering '1//1': "
            "GigabitEthernet takes 1 to 3 numbers joined by '/'",
        ),
        (
            "Gi1/0/1/2",
            "'Gi1/0/1/2' has malformed interface numbering '1/0/1/2': "
            "GigabitEthernet takes 1 to 3 numbers joined by '/'",
        ),
        (
            "Gi1/0/",
            "'Gi1/0/' has malformed interface numbering '1/0/': "
            "GigabitEthernet takes 1 to 3 numbers joined by '/'",
        ),
        (
            "Gi1/0/1-4",
            "'Gi1/0/1-4' has malformed interface numbering '1/0/1-4': "
            "GigabitEthernet takes 1 to 3 numbers joined by '/'",
        ),
        (
            "Gi1/0/1.100",
            "'Gi1/0/1.100' has malformed interface numbering '1/0/1.100': "
            "GigabitEthernet takes 1 to 3 numbers joined by '/'",
        ),
        (
            "Vlan1/2",
            "'Vlan1/2' has malformed interface numbering '1/2': Vlan takes one number",
        ),
        (
            "Po12345678901",
            "'Po12345678901' has malformed interface numbering '12345678901': "
            "Port-channel takes one number",
        ),
        ("Vlan0", "'Vlan0': VLAN 0 is out of range 1-4094"),
        ("Vlan4095", "'Vlan4095': VLAN 4095 is out of range 1-4094"),
        ("Po0", "'Po0': Port-channel numbers start at 1"),
    ],
)
def test_canonical_name_refusals_name_the_bad_part(name: str, message: str) -> None:
    for function in (canonical_name, short_name, split_name, interface_sort_key):
        with pytest.raises(PortSpecError) as caught:
            function(name)
        assert str(caught.value) == message


@pytest.mark.parametrize("value", [5, None, ["Gi1/0/1"], b"Gi1/0/1"])
def test_canonical_name_refuses_non_strings(value: object) -> None:
    with pytest.raises(PortSpecError) as caught:
        canonical_name(value)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"interface name must be a string, got {type(value).__name__} {value!r}"
    )


def test_split_name_gives_long_type_and_numbers() -> None:
    assert split_name("gi1/0/1") == ("GigabitEthernet", (1, 0, 1))
    assert split_name("Po12") == ("Port-channel", (12,))
    assert split_name("Te2/1/4") == ("TenGigabitEthernet", (2, 1, 4))
    assert split_name("Gi0/0") == ("GigabitEthernet", (0, 0))


def test_sort_key_orders_numbers_numerically_and_types_by_table() -> None:
    names = ["Vlan10", "Po2", "Gi1/0/10", "Te1/1/1", "Gi2/0/1", "Gi1/0/9", "Po10", "Gi1/1/1"]
    assert sorted(names, key=interface_sort_key) == [
        "Gi1/0/9",
        "Gi1/0/10",
        "Gi1/1/1",
        "Gi2/0/1",
        "Te1/1/1",
        "Po2",
        "Po10",
        "Vlan10",
    ]
    assert interface_sort_key("gi1/0/1") == interface_sort_key("GigabitEthernet1/0/1")


def test_sorted_interfaces_canonicalises_and_removes_duplicates() -> None:
    assert sorted_interfaces(["Gi1/0/2", "gi1/0/1", "GigabitEthernet1/0/2", "Po1"]) == [
        "GigabitEthernet1/0/1",
        "GigabitEthernet1/0/2",
        "Port-channel1",
    ]


def test_every_catalogue_interface_is_already_canonical() -> None:
    for model in SWITCH_MODELS.values():
        for member in range(1, model.max_members + 1):
            for name in model.interfaces(member):
                assert canonical_name(name) == name
                assert canonical_name(short_name(name)) == name


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("Gi1/0/1", ["GigabitEthernet1/0/1"]),
        ("Gi1/0/1-3", ["GigabitEthernet1/0/1", "GigabitEthernet1/0/2", "GigabitEthernet1/0/3"]),
        (
            "Gi1/0/1-2,Gi1/0/10",
            ["GigabitEthernet1/0/1", "GigabitEthernet1/0/2", "GigabitEthernet1/0/10"],
        ),
        (
            "Gi1/0/1, Te1/1/1-2",
            ["GigabitEthernet1/0/1", "TenGigabitEthernet1/1/1", "TenGigabitEthernet1/1/2"],
        ),
        ("Gi1/0/1 - 2", ["GigabitEthernet1/0/1", "GigabitEthernet1/0/2"]),
        ("Gi1/0/5-5", ["GigabitEthernet1/0/5"]),
        (
            "Gi1-3/0/1-2",
            [
                "GigabitEthernet1/0/1",
                "GigabitEthernet1/0/2",
                "GigabitEthernet2/0/1",
                "GigabitEthernet2/0/2",
                "GigabitEthernet3/0/1",
                "GigabitEthernet3/0/2",
            ],
        ),
        ("Po1-3", ["Port-channel1", "Port-channel2", "Port-channel3"]),
        ("vlan10-11", ["Vlan10", "Vlan11"]),
        ("Fa0/0/1-2", ["FastEthernet0/0/1", "FastEthernet0/0/2"]),
        ("Gi0/0/0", ["GigabitEthernet0/0/0"]),
        ("Gi0/1-2", ["GigabitEthernet0/1", "GigabitEthernet0/2"]),
        # Order kept, duplicates kept: the caller reports double assignment.
        (
            "Gi1/0/2,gi1/0/1,Gi1/0/2",
            ["GigabitEthernet1/0/2", "GigabitEthernet1/0/1", "GigabitEthernet1/0/2"],
        ),
        (
            ["Gi1/0/1-2", "Te1/1/1", "Gi1/0/1"],
            [
                "GigabitEthernet1/0/1",
                "GigabitEthernet1/0/2",
                "TenGigabitEthernet1/1/1",
                "GigabitEthernet1/0/1",
            ],
        ),
        (("Po1, Po2",), ["Port-channel1", "Port-channel2"]),
        ("", []),
        ("  ", []),
        ([], []),
    ],
)
def test_port_expand(spec: object, expected: list[str]) -> None:
    assert port_expand(spec) == expected  # type: ignore[arg-type]


def test_port_expand_a_whole_stack_member_major() -> None:
    names = port_expand("Gi1-4/0/1-48")
    assert len(names) == 4 * 48
    assert names[:2] == ["GigabitEthernet1/0/1", "GigabitEthernet1/0/2"]
    assert names[47:49] == ["GigabitEthernet1/0/48", "GigabitEthernet2/0/1"]
    assert names[-1] == "GigabitEthernet4/0/48"
    catalogue = SWITCH_MODELS["C9300-48P"]
    access = [name for m in range(1, 5) for name in catalogue.interfaces(m) if "/0/" in name]
    assert names == access


def test_port_expand_returns_a_fresh_list_each_call() -> None:
    first = port_expand("Gi1/0/1-2")
    first.append("mutated")
    assert port_expand("Gi1/0/1-2") == ["GigabitEthernet1/0/1", "GigabitEthernet1/0/2"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Gi1/0/4-1", "'Gi1/0/4-1': range 4-1 is reversed"),
        ("Gi3-1/0/1", "'Gi3-1/0/1': range 3-1 is reversed"),
        (
            "Gi0-2/0/1",
            "'Gi0-2/0/1': stack member range 0-2 includes 0; members are numbered from 1",
        ),
        (
            "Gi1/0-1/1",
            "'Gi1/0-1/1': only the stack member and the port number can be ranges",
        ),
        ("Gi1-2/1", "'Gi1-2/1': only the stack member and the port number can be ranges"),
        ("Gi1/0/1,,Gi1/0/2", "interface list 'Gi1/0/1,,Gi1/0/2' has an empty item"),
        ("Gi1/0/1,", "interface list 'Gi1/0/1,' has an empty item"),
        ("junk", "'junk' has an unknown interface type 'junk'"),
        ("Gi1/0/1,10", "'10' is not an interface name"),
        ("Gi1/0/1-", "'Gi1/0/1-' is not an interface name or range"),
        ("Gi1/0/1-2-3", "'Gi1/0/1-2-3' is not an interface name or range"),
        ("Gi1/0/x", "'Gi1/0/x' is not an interface name or range"),
        ("Gi", "'Gi' has no interface number"),
        (
            "Gi1/0/1/1-2",
            "'Gi1/0/1/1-2' has malformed interface numbering '1/0/1/1-2': "
            "GigabitEthernet takes 1 to 3 numbers joined by '/'",
        ),
        ("Vlan0-3", "'Vlan0-3': VLAN 0 is out of range 1-4094"),
        ("Vlan4090-4095", "'Vlan4090-4095': VLAN 4095 is out of range 1-4094"),
        ("Vlan1-5000", "'Vlan1-5000': VLAN 5000 is out of range 1-4094"),
        ("Po0-2", "'Po0-2': Port-channel numbers start at 1"),
        (
            "Gi1-8/0/1-1000",
            f"'Gi1-8/0/1-1000' expands to 8000 interfaces; the limit is {MAX_EXPANSION}",
        ),
        (["Gi1/0/1", 3], "interface list item must be a string, got int 3"),
        (["  "], "interface list has an empty string item"),
        (5, "interface spec must be a string or a list of strings, got int 5"),
        (None, "interface spec must be a string or a list of strings, got NoneType None"),
        (
            {"Gi1/0/1": 1},
            "interface spec must be a string or a list of strings, got dict {'Gi1/0/1': 1}",
        ),
    ],
)
def test_port_expand_refusals_name_the_bad_part(spec: object, message: str) -> None:
    with pytest.raises(PortSpecError) as caught:
        port_expand(spec)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_port_expand_limit_is_inclusive() -> None:
    assert len(port_expand(f"Gi1/0/1-{MAX_EXPANSION}")) == MAX_EXPANSION
    with pytest.raises(PortSpecError):
        port_expand(f"Gi1/0/1-{MAX_EXPANSION + 1}")


def test_port_ranges_compresses_runs_in_configuration_order() -> None:
    names = port_expand("Gi2/0/1-3,Gi1/0/1-24,Te1/1/1,Te1/1/3,Po1-2,Vlan10,Vlan11,Gi1/0/5")
    assert port_ranges(names) == [
        "Gi1/0/1-24",
        "Gi2/0/1-3",
        "Te1/1/1",
        "Te1/1/3",
        "Po1-2",
        "Vl10-11",
    ]
    assert port_ranges([]) == []
    assert port_ranges(["gi1/0/1", "Gi1/0/2"]) == ["Gi1/0/1-2"]
    assert port_ranges(["Gi1/0/1", "Gi1/1/2"]) == ["Gi1/0/1", "Gi1/1/2"]


def test_port_ranges_reads_back_to_the_sorted_unique_names() -> None:
    names = port_expand("Gi1/0/7,Gi1/0/1-3,Te1/1/2,Gi1/0/2,Gi2/0/48,Gi2/0/47")
    assert port_expand(port_ranges(names)) == sorted_interfaces(names)


def test_port_ranges_refuses_bad_names() -> None:
    with pytest.raises(PortSpecError) as caught:
        port_ranges(["Gi1/0/1", "Xx1"])
    assert str(caught.value) == "'Xx1' has an unknown interface type 'Xx'"
