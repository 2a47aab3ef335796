"""VLAN list parsing and IOS's compressed/wrapped printing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from iosim.vlanlist import format_vlan_list, parse_vlan_list, wrap_allowed_vlans


def test_ranges_start_at_three_consecutive_vlans() -> None:
    assert format_vlan_list({10, 11}) == "10,11"
    assert format_vlan_list({10, 11, 12, 20}) == "10-12,20"


def test_invalid_lists_are_refused() -> None:
    assert parse_vlan_list("0") is None
    assert parse_vlan_list("4095") is None
    assert parse_vlan_list("20-10") is None
    assert parse_vlan_list("10,,20") is None


@given(st.sets(st.integers(min_value=1, max_value=4094), min_size=1, max_size=300))
def test_format_then_parse_is_identity(vlans: set[int]) -> None:
    assert parse_vlan_list(format_vlan_list(vlans)) == vlans


@given(st.sets(st.integers(min_value=1, max_value=4094), min_size=1, max_size=400))
def test_wrapped_lines_fit_80_columns_and_add_up(vlans: set[int]) -> None:
    lines = wrap_allowed_vlans(vlans)
    assert all(len(" " + line) <= 80 for line in lines)
    assert lines[0].startswith("switchport trunk allowed vlan ")
    assert all(line.startswith("switchport trunk allowed vlan add ") for line in lines[1:])
    union: set[int] = set()
    for line in lines:
        union |= parse_vlan_list(line.split()[-1]) or set()
    assert union == vlans
