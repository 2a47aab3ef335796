"""Properties of the VLAN, interface and addressing functions, on generated inputs."""

from __future__ import annotations

from ipaddress import IPv4Network, ip_address, ip_network

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import (
    AddressingError,
    PortSpecError,
    VlanSpecError,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net.addressing import (
    dhcp_range,
    host_address,
    school_subnet,
    vlan_subnet,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net.interfaces import (
    INTERFACE_TYPES,
    canonical_name,
    port_expand,
    port_ranges,
    short_name,
    sorted_interfaces,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net.vlan_ids import (
    vlan_expand,
    vlan_ranges,
)
from ansible_collections.citynet.schools.tests.prerequisites import require_module
from hypothesis import assume, given, settings
from hypothesis import strategies as st

PROFILE = settings(max_examples=150, deadline=None)

vlan_ids = st.integers(min_value=1, max_value=4094)
# Clustered ids: runs of 1, 2 and 3+ all occur often.
clustered_vlans = st.lists(
    st.tuples(vlan_ids, st.integers(min_value=0, max_value=6)), min_size=1, max_size=40
).map(
    lambda runs: [v for start, length in runs for v in range(start, min(start + length, 4094) + 1)]
)
line_lengths = st.integers(min_value=0, max_value=120)


# --- VLANs ----------------------------------------------------------------------


@PROFILE
@given(ids=clustered_vlans, first=line_lengths, other=line_lengths)
def test_vlan_ranges_lines_read_back_to_the_ids(ids: list[int], first: int, other: int) -> None:
    lines = vlan_ranges(ids, first, other)
    assert vlan_expand(",".join(lines)) == sorted(set(ids))
    assert vlan_expand(",".join(vlan_ranges(ids))) == sorted(set(ids))


@PROFILE
@given(ids=clustered_vlans, first=line_lengths, other=line_lengths)
def test_vlan_ranges_lines_keep_within_their_lengths(
    ids: list[int], first: int, other: int
) -> None:
    lines = vlan_ranges(ids, first, other)
    for index, line in enumerate(lines):
        # The first line is skipped when even its first token does not fit.
        on_first = index == 0 and len(line.split(",")[0]) <= first
        limit = first if on_first else other
        # Only a lone token longer than the limit may exceed it.
        assert len(line) <= limit or "," not in line
    assert all(lines)


@PROFILE
@given(ids=clustered_vlans, first=line_lengths, other=line_lengths)
def test_vlan_ranges_matches_vlan_parser(ids: list[int], first: int, other: int) -> None:
    plugin_utils = require_module(
        "ansible_collections.ansible.netcommon.plugins.plugin_utils.vlan_parser"
    )
    assert vlan_ranges(ids, first, other) == plugin_utils.vlan_parser(ids, first, other)
    assert vlan_ranges(ids) == plugin_utils.vlan_parser(ids)


vlan_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789-, \t4", max_size=30),
    st.lists(st.integers(min_value=-10, max_value=5000).map(str), max_size=5).map(",".join),
)


@PROFILE
@given(spec=vlan_text)
def test_vlan_expand_on_any_text_gives_valid_ids_or_a_vlan_error(spec: str) -> None:
    try:
        ids = vlan_expand(spec)
    except VlanSpecError as error:
        assert str(error)
        return
    assert ids == sorted(set(ids))
    assert all(isinstance(v, int) and 1 <= v <= 4094 for v in ids)


@PROFILE
@given(
    spec=st.one_of(
        st.none(),
        st.booleans(),
        st.floats(allow_nan=True),
        st.integers(),
        st.binary(max_size=5),
        st.lists(st.one_of(st.integers(), st.text(max_size=8), st.floats(), st.none()), max_size=5),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )
)
def test_vlan_expand_on_any_value_gives_valid_ids_or_a_vlan_error(spec: object) -> None:
    try:
        ids = vlan_expand(spec)  # type: ignore[arg-type]
    except VlanSpecError:
        return
    assert all(1 <= v <= 4094 for v in ids)


# --- interfaces -----------------------------------------------------------------

port_text = st.one_of(
    st.text(),
    st.text(alphabet="GgiTtePpoVvlan0123456789/-, .", max_size=25),
    st.from_regex(r"[A-Za-z-]{1,6}[0-9]{1,2}(/[0-9]{1,2}(-[0-9]{1,3})?){0,3}", fullmatch=True),
)


@PROFILE
@given(text=port_text)
def test_canonical_name_on_any_text_gives_a_stable_name_or_a_port_error(text: str) -> None:
    try:
        name = canonical_name(text)
    except PortSpecError as error:
        assert str(error)
        return
    assert canonical_name(name) == name
    assert canonical_name(short_name(text)) == name


@PROFILE
@given(text=port_text)
def test_port_expand_on_any_text_gives_canonical_names_or_a_port_error(text: str) -> None:
    try:
        names = port_expand(text)
    except PortSpecError as error:
        assert str(error)
        return
    assert all(canonical_name(name) == name for name in names)


physical = [kind for kind in INTERFACE_TYPES if kind.max_parts == 3]
interface_names = st.one_of(
    st.builds(
        lambda kind, member, slot, port: f"{kind.short}{member}/{slot}/{port}",
        st.sampled_from(physical),
        st.integers(1, 8),
        st.integers(0, 1),
        st.integers(1, 52),
    ),
    st.builds(lambda n: f"Po{n}", st.integers(1, 128)),
    st.builds(lambda n: f"vlan{n}", vlan_ids),
)


@PROFILE
@given(names=st.lists(interface_names, max_size=60))
def test_port_ranges_reads_back_to_sorted_unique_names(names: list[str]) -> None:
    items = port_ranges(names)
    assert port_expand(items) == sorted_interfaces(names)
    assert len(items) <= len(set(map(canonical_name, names)))


@PROFILE
@given(names=st.lists(interface_names, min_size=1, max_size=30))
def test_port_expand_keeps_order_and_duplicates(names: list[str]) -> None:
    assert port_expand(names + names) == [canonical_name(n) for n in names] * 2


# --- addressing -----------------------------------------------------------------

ipv4_spaces = st.builds(
    lambda address, prefix: ip_network((address, prefix), strict=False),
    st.integers(0, 2**32 - 1),
    st.integers(8, 24),
)


@PROFILE
@given(space=ipv4_spaces, extra=st.integers(0, 8), a=st.integers(0, 255), b=st.integers(0, 255))
def test_school_subnets_of_different_numbers_never_overlap(
    space: IPv4Network, extra: int, a: int, b: int
) -> None:
    prefix = space.prefixlen + extra
    count = 2**extra
    a, b = a % count, b % count
    block_a = ip_network(school_subnet(str(space), prefix, a))
    block_b = ip_network(school_subnet(str(space), prefix, b))
    assert block_a.subnet_of(space)
    assert block_a.prefixlen == prefix
    assert block_a.overlaps(block_b) == (a == b)
    with pytest.raises(AddressingError):
        school_subnet(str(space), prefix, count)


@PROFILE
@given(space=ipv4_spaces, extra=st.integers(0, 8), index=st.integers(0, 255))
def test_vlan_subnet_matches_ipsubnet(space: IPv4Network, extra: int, index: int) -> None:
    ipsubnet = require_module("ansible_collections.ansible.utils.plugins.filter.ipsubnet")
    prefix = space.prefixlen + extra
    index %= 2**extra
    assert vlan_subnet(str(space), prefix, index) == ipsubnet.ipsubnet(
        str(space), str(prefix), index
    )


subnets = st.builds(
    lambda address, prefix: ip_network((address, prefix), strict=False),
    st.integers(0, 2**32 - 1),
    st.integers(16, 32),
)


@PROFILE
@given(subnet=subnets, start=st.integers(-5, 70_000), limit=st.integers(-2, 70_000))
def test_dhcp_range_never_holds_the_network_or_broadcast_address(
    subnet: IPv4Network, start: int, limit: int
) -> None:
    try:
        first, last = dhcp_range(str(subnet), start, limit)
    except AddressingError:
        return
    low, high = ip_address(first), ip_address(last)
    assert low <= high
    assert low in subnet and high in subnet
    assert int(high) - int(low) + 1 == limit
    if subnet.prefixlen <= 30:
        assert low > subnet.network_address
        assert high < subnet.broadcast_address


@PROFILE
@given(subnet=subnets, offset=st.integers(-70_000, 70_000))
def test_host_address_is_usable_and_symmetric(subnet: IPv4Network, offset: int) -> None:
    assume(offset != 0)
    try:
        address = ip_address(host_address(str(subnet), offset))
    except AddressingError:
        return
    assert address in subnet
    if subnet.prefixlen <= 30:
        assert subnet.network_address < address < subnet.broadcast_address
        usable = subnet.num_addresses - 2
    else:
        usable = subnet.num_addresses
    mirror = offset - usable - 1 if offset > 0 else offset + usable + 1
    assert host_address(str(subnet), mirror) == str(address)
