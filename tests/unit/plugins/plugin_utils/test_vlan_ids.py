"""VLAN spec reading and IOS trunk-line writing."""

from __future__ import annotations

from itertools import pairwise

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import (
    CitynetError,
    VlanSpecError,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net.vlan_ids import (
    RESERVED_VLANS,
    vlan_expand,
    vlan_ranges,
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1-3,5,10-12", [1, 2, 3, 5, 10, 11, 12]),
        (7, [7]),
        ([1, "3-4"], [1, 3, 4]),
        (" 1 - 3 , 5 ", [1, 2, 3, 5]),
        ("5,1,3,1", [1, 3, 5]),
        ("1-4094", list(range(1, 4095))),
        ("4094", [4094]),
        ("20-20", [20]),
        ("010", [10]),
        ([10, "10", "9-11"], [9, 10, 11]),
        (["1-2,4", 6], [1, 2, 4, 6]),
        ((3, 2, 1), [1, 2, 3]),
        (iter([30, 20]), [20, 30]),
        ({5, 4}, [4, 5]),
    ],
)
def test_vlan_expand_reads_every_accepted_shape(spec: object, expected: list[int]) -> None:
    assert vlan_expand(spec) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("0", "VLAN 0 is out of range 1-4094"),
        ("4095", "VLAN 4095 is out of range 1-4094"),
        ("1-5000", "VLAN 5000 is out of range 1-4094"),
        ([4096], "VLAN 4096 is out of range 1-4094"),
        (0, "VLAN 0 is out of range 1-4094"),
        (-5, "VLAN -5 is out of range 1-4094"),
        ("abc", "'abc' is not a VLAN id or range"),
        ("10,abc", "'abc' is not a VLAN id or range"),
        ("-5", "'-5' is not a VLAN id or range"),
        ("1-", "'1-' is not a VLAN id or range"),
        ("1-2-3", "'1-2-3' is not a VLAN id or range"),
        ("1.5", "'1.5' is not a VLAN id or range"),
        ("\u0661", "'\u0661' is not a VLAN id or range"),
        ("30-20", "VLAN range 30-20 is reversed"),
        ("", "VLAN spec is empty"),
        ("   ", "VLAN spec is empty"),
        ([], "VLAN spec is empty"),
        ("1,,3", "VLAN spec '1,,3' has an empty item"),
        ("1,", "VLAN spec '1,' has an empty item"),
        ([5, " "], "VLAN list has an empty string item"),
        (True, "VLAN id must be an integer or a range string, got bool True"),
        ([1, False], "VLAN id must be an integer or a range string, got bool False"),
        (2.5, "VLAN id must be an integer or a range string, got float 2.5"),
        ([10.0], "VLAN id must be an integer or a range string, got float 10.0"),
        (None, "VLAN id must be an integer or a range string, got NoneType None"),
        ({"a": 1}, "VLAN id must be an integer or a range string, got dict {'a': 1}"),
        (b"12", "VLAN id must be an integer or a range string, got bytes b'12'"),
        ([[1, 2]], "VLAN id must be an integer or a range string, got list [1, 2]"),
    ],
)
def test_vlan_expand_refusals_name_the_bad_token(spec: object, message: str) -> None:
    with pytest.raises(VlanSpecError) as caught:
        vlan_expand(spec)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_vlan_errors_are_value_errors_of_the_core() -> None:
    with pytest.raises(CitynetError):
        vlan_expand("x")
    with pytest.raises(ValueError):
        vlan_ranges([0])


def test_reserved_vlans_are_the_ios_token_ring_fddi_defaults() -> None:
    assert frozenset({1002, 1003, 1004, 1005}) == RESERVED_VLANS
    assert isinstance(RESERVED_VLANS, frozenset)


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([1, 2, 3, 5], ["1-3,5"]),
        ([1, 2], ["1,2"]),
        ([1], ["1"]),
        ([5, 3, 4, 3], ["3-5"]),
        ([10, 11, 12, 20, 30, 31], ["10-12,20,30,31"]),
        ([], []),
        ((), []),
        ("", []),
        ("1-3,7", ["1-3,7"]),
        ([4094, "1-2"], ["1,2,4094"]),
    ],
)
def test_vlan_ranges_compresses_runs_of_three_or_more(ids: object, expected: list[str]) -> None:
    assert vlan_ranges(ids) == expected  # type: ignore[arg-type]


def test_vlan_ranges_splits_lines_like_the_netcommon_example() -> None:
    ids = [100, 1688, 3002, 3003, 3004, 3005, 3102, 3103, 3104, 3105, 3802, 3900, 3998, 3999]
    assert vlan_ranges(ids, first_line_len=20, other_line_len=20) == [
        "100,1688,3002-3005",
        "3102-3105,3802,3900",
        "3998,3999",
    ]


def test_vlan_ranges_default_line_lengths_are_48_then_44() -> None:
    ids = list(range(1, 400, 2))  # 200 lone ids: no ranges, many lines
    lines = vlan_ranges(ids)
    assert len(lines[0]) <= 48
    assert all(len(line) <= 44 for line in lines[1:])
    # Each line is full: the next id would not have fitted.
    assert len(lines[0]) + 1 + len(lines[1].split(",")[0]) > 48
    for line, following in pairwise(lines[1:]):
        assert len(line) + 1 + len(following.split(",")[0]) > 44
    assert ",".join(lines).split(",") == [str(i) for i in ids]


def test_vlan_ranges_line_may_end_exactly_at_the_limit() -> None:
    # "1,3,5" is 5 characters: fits a limit of 5, not of 4.
    assert vlan_ranges([1, 3, 5], first_line_len=5) == ["1,3,5"]
    assert vlan_ranges([1, 3, 5], first_line_len=4, other_line_len=4) == ["1,3", "5"]


def test_vlan_ranges_token_longer_than_the_first_line_starts_the_second() -> None:
    # vlan_parser drops the empty first line; the token goes on a line of its own.
    assert vlan_ranges([1000, 1001, 1002, 2000], first_line_len=3, other_line_len=20) == [
        "1000-1002,2000"
    ]
    # A token that fits the first line stays there, even if short.
    assert vlan_ranges([7, 1000, 1001, 1002], first_line_len=3, other_line_len=20) == [
        "7",
        "1000-1002",
    ]
    assert vlan_ranges([1, 2, 3], first_line_len=0, other_line_len=0) == ["1-3"]
    assert vlan_ranges([1, 5, 9], first_line_len=0, other_line_len=0) == ["1", "5", "9"]


def test_vlan_ranges_large_first_line_keeps_everything_on_one_line() -> None:
    ids = list(range(1, 4095, 2))
    lines = vlan_ranges(ids, first_line_len=100_000)
    assert len(lines) == 1
    assert vlan_expand(lines[0]) == ids


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([0], "VLAN 0 is out of range 1-4094"),
        ([1, 4095], "VLAN 4095 is out of range 1-4094"),
        ([True], "VLAN id must be an integer or a range string, got bool True"),
        ([1.0], "VLAN id must be an integer or a range string, got float 1.0"),
        (["x"], "'x' is not a VLAN id or range"),
        (None, "VLAN id must be an integer or a range string, got NoneType None"),
    ],
)
def test_vlan_ranges_validates_ids_like_vlan_expand(ids: object, message: str) -> None:
    with pytest.raises(VlanSpecError) as caught:
        vlan_ranges(ids)  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"first_line_len": "48"}, "first_line_len must be an integer, got str '48'"),
        ({"other_line_len": 4.5}, "other_line_len must be an integer, got float 4.5"),
        ({"first_line_len": True}, "first_line_len must be an integer, got bool True"),
    ],
)
def test_vlan_ranges_refuses_non_integer_line_lengths(kwargs: dict, message: str) -> None:
    with pytest.raises(VlanSpecError) as caught:
        vlan_ranges([1], **kwargs)
    assert str(caught.value) == message
