"""Our functions against ansible.netcommon / ansible.utils on the same inputs.

The installed collections' filter entry points are called directly (the
environment argument of ``pass_environment`` filters is unused by them), so
the comparison covers their argument handling too. Where the two are meant to
differ (we refuse what they let through), the test pins that down.
"""

from __future__ import annotations

import random
from ipaddress import ip_address, ip_network

import pytest
from ansible_collections.citynet.schools.tests.prerequisites import require_module

netcommon_parser = require_module(
    "ansible_collections.ansible.netcommon.plugins.filter.vlan_parser"
)
netcommon_expander = require_module(
    "ansible_collections.ansible.netcommon.plugins.filter.vlan_expander"
)
utils_ipsubnet = require_module("ansible_collections.ansible.utils.plugins.filter.ipsubnet")
utils_nthhost = require_module("ansible_collections.ansible.utils.plugins.filter.nthhost")
utils_ipmath = require_module("ansible_collections.ansible.utils.plugins.filter.ipmath")
utils_ipaddr = require_module("ansible_collections.ansible.utils.plugins.filter.ipaddr")

from ansible_collections.citynet.schools.plugins.plugin_utils.errors import (  # noqa: E402
    AddressingError,
    VlanSpecError,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net.addressing import (  # noqa: E402
    dhcp_range,
    host_address,
    netmask,
    school_subnet,
    vlan_subnet,
    wildcard,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net.vlan_ids import (  # noqa: E402
    vlan_expand,
    vlan_ranges,
)

ENV = None  # the jinja2 Environment their filters take first and ignore


def vlan_parser(ids: list[int], *lengths: int) -> list[str]:
    return netcommon_parser._vlan_parser(ENV, ids, *lengths)


def vlan_expander(text: str) -> list[int]:
    return netcommon_expander._vlan_expander(ENV, text)


def ipsubnet(value: str, query: str, index: int) -> str | bool:
    return utils_ipsubnet._ipsubnet(ENV, value, query, index)


def nthhost(value: str, query: int) -> str | bool:
    return utils_nthhost._nthhost(ENV, value, str(query))


def ipmath(value: str, amount: int) -> str:
    return utils_ipmath._ipmath(ENV, value, amount)


def ipaddr(value: str, query: str) -> str | None:
    return utils_ipaddr._ipaddr(ENV, value, query)


# --- vlan_ranges / vlan_parser -------------------------------------------------

FIXED_ID_SETS = [
    [1],
    [1, 2],
    [1, 2, 3],
    [4094],
    [1, 4094],
    [1, 2, 4, 5, 7, 8, 9],
    [100, 1688, 3002, 3003, 3004, 3005, 3102, 3103, 3104, 3105, 3802, 3900, 3998, 3999],
    list(range(1, 4095)),
    list(range(1, 4095, 2)),
    list(range(1000, 1100, 3)),
    [5, 3, 4, 3, 5, 1],
]


@pytest.mark.parametrize("ids", FIXED_ID_SETS)
@pytest.mark.parametrize("lengths", [(), (20, 20), (48, 44), (0, 0), (5, 3), (200, 10)])
def test_vlan_ranges_equals_vlan_parser(ids: list[int], lengths: tuple[int, ...]) -> None:
    assert vlan_ranges(ids, *lengths) == vlan_parser(ids, *lengths)


def test_vlan_ranges_equals_vlan_parser_on_seeded_random_sets() -> None:
    rng = random.Random(20240901)
    for _unused in range(150):
        # Clustered ids, so that runs of every length occur.
        ids = []
        for _unused in range(rng.randint(1, 30)):
            start = rng.randint(1, 4094)
            ids.extend(range(start, min(4094, start + rng.randint(0, 5)) + 1))
        lengths = (rng.randint(0, 60), rng.randint(0, 60))
        assert vlan_ranges(ids, *lengths) == vlan_parser(ids, *lengths), (ids, lengths)
        assert vlan_ranges(ids) == vlan_parser(ids), ids


def test_vlan_ranges_of_nothing_is_nothing_like_vlan_parser() -> None:
    assert vlan_ranges([]) == vlan_parser([]) == []


def test_vlan_ranges_refuses_what_vlan_parser_refuses() -> None:
    for ids in ([0, 5], [4095]):
        with pytest.raises(VlanSpecError):
            vlan_ranges(ids)
        with pytest.raises(Exception, match="Valid VLAN range is 1-4094"):
            vlan_parser(ids)


# --- vlan_expand / vlan_expander -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1,10-12,15,20-22",
        "5",
        "1-4094",
        "3,1,2",
        "4094,1",
        " 1 - 3 , 7 ",
        "100-100",
        "1,1,2",  # vlan_expander keeps the duplicate; compared as a set below
        "10-12,11-13",
    ],
)
def test_vlan_expand_equals_vlan_expander_on_inputs_both_accept(text: str) -> None:
    theirs = vlan_expander(text)
    assert vlan_expand(text) == sorted(set(theirs))


@pytest.mark.parametrize(
    ("text", "theirs"),
    [
        ("0", [0]),
        ("4095", [4095]),
        ("30-20", []),
        ("0-2", [0, 1, 2]),
    ],
)
def test_vlan_expand_refuses_what_vlan_expander_lets_through(text: str, theirs: list) -> None:
    assert vlan_expander(text) == theirs
    with pytest.raises(VlanSpecError):
        vlan_expand(text)


def test_vlan_expand_reads_back_vlan_parser_lines() -> None:
    rng = random.Random(7)
    for _unused in range(100):
        ids = rng.sample(range(1, 4095), rng.randint(1, 200))
        assert vlan_expand(",".join(vlan_parser(ids))) == sorted(ids)


# --- school_subnet / vlan_subnet / ipsubnet ------------------------------------

SPACES = ["10.40.0.0/14", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "10.40.8.0/21"]


@pytest.mark.parametrize("space", SPACES)
def test_school_and_vlan_subnet_equal_ipsubnet(space: str) -> None:
    base = ip_network(space).prefixlen
    for prefix in sorted({base, base + 1, base + 3, min(base + 7, 30), 30, 31}):
        count = 2 ** (prefix - base)
        for number in sorted({0, min(1, count - 1), count // 2, count - 1}):
            theirs = ipsubnet(space, str(prefix), number)
            assert school_subnet(space, prefix, number) == theirs, (space, prefix, number)
            assert vlan_subnet(space, prefix, number) == theirs


@pytest.mark.parametrize(
    ("space", "prefix", "number"),
    [("2001:db8::/48", 64, 0), ("2001:db8::/48", 64, 65535), ("2001:db8:1::/56", 60, 7)],
)
def test_school_subnet_equals_ipsubnet_for_ipv6(space: str, prefix: int, number: int) -> None:
    assert school_subnet(space, prefix, number) == ipsubnet(space, str(prefix), number)


@pytest.mark.parametrize(("space", "prefix"), [("10.40.0.0/14", 21), ("10.40.8.0/21", 24)])
def test_school_subnet_refuses_where_ipsubnet_answers_false(space: str, prefix: int) -> None:
    count = 2 ** (prefix - ip_network(space).prefixlen)
    assert ipsubnet(space, str(prefix), count) is False
    with pytest.raises(AddressingError):
        school_subnet(space, prefix, count)


# --- host_address / nthhost, ipaddr('first_usable' / 'last_usable') -------------

SUBNETS = ["10.40.8.0/24", "10.40.8.0/21", "10.40.8.64/26", "10.40.8.4/30", "192.168.1.0/25"]


@pytest.mark.parametrize("subnet", SUBNETS)
def test_host_address_equals_nthhost(subnet: str) -> None:
    usable = ip_network(subnet).num_addresses - 2
    for offset in sorted({1, 2, usable // 2, usable - 1, usable}):
        assert host_address(subnet, offset) == nthhost(subnet, offset)
        # nthhost counts -1 as the broadcast address; ours is the last usable one.
        assert host_address(subnet, -offset) == nthhost(subnet, -offset - 1)


@pytest.mark.parametrize(
    "subnet", [*SUBNETS, "10.40.8.0/31", "2001:db8::/64", "2001:db8::/126", "2001:db8::/127"]
)
def test_host_address_ends_equal_ipaddr_usable_range(subnet: str) -> None:
    assert host_address(subnet, 1) == ipaddr(subnet, "first_usable")
    assert host_address(subnet, -1) == ipaddr(subnet, "last_usable")


@pytest.mark.parametrize("subnet", SUBNETS)
def test_host_address_equals_ipmath_from_the_network_address(subnet: str) -> None:
    network = str(ip_network(subnet).network_address)
    usable = ip_network(subnet).num_addresses - 2
    for offset in sorted({1, 2, usable}):
        assert host_address(subnet, offset) == ipmath(network, offset)


# --- dhcp_range / ipmath, ipaddr ------------------------------------------------


@pytest.mark.parametrize(
    ("subnet", "start", "limit"),
    [
        ("10.40.8.0/24", 100, 150),
        ("10.40.8.0/24", 1, 254),
        ("10.40.8.0/24", 254, 1),
        ("10.40.8.0/23", 10, 400),
        ("10.40.8.0/21", 20, 2000),
        ("10.40.8.64/26", 2, 61),
    ],
)
def test_dhcp_range_equals_ipmath_and_stays_usable(subnet: str, start: int, limit: int) -> None:
    network = str(ip_network(subnet).network_address)
    first, last = dhcp_range(subnet, start, limit)
    assert first == ipmath(network, start)
    assert last == ipmath(network, start + limit - 1)
    # Both ends are in the subnet and inside ansible.utils' usable range.
    assert ipaddr(first, subnet) == first
    assert ipaddr(last, subnet) == last
    first_usable, first_leased, last_leased, last_usable = (
        ip_address(a)
        for a in (ipaddr(subnet, "first_usable"), first, last, ipaddr(subnet, "last_usable"))
    )
    assert first_usable <= first_leased <= last_leased <= last_usable


@pytest.mark.parametrize(
    ("subnet", "start", "limit"),
    [("10.40.8.0/24", 0, 10), ("10.40.8.0/24", 100, 156), ("10.40.8.64/26", 1, 63)],
)
def test_dhcp_range_refuses_pools_reaching_network_or_broadcast(
    subnet: str, start: int, limit: int
) -> None:
    network = str(ip_network(subnet).network_address)
    ends = {ipmath(network, start), ipmath(network, start + limit - 1)}
    assert ends & {ipaddr(subnet, "network"), ipaddr(subnet, "broadcast")}
    with pytest.raises(AddressingError):
        dhcp_range(subnet, start, limit)


# --- netmask, wildcard / ipaddr('netmask'), ipaddr('hostmask') ------------------


@pytest.mark.parametrize(
    "subnet",
    [
        *SUBNETS,
        "10.40.8.1/24",
        "10.0.0.0/8",
        "10.40.8.1/32",
        "0.0.0.0/0",
        "10.40.8.0/31",
        "2001:db8::/64",
        "2001:db8::1/56",
    ],
)
def test_netmask_and_wildcard_equal_ipaddr(subnet: str) -> None:
    assert netmask(subnet) == ipaddr(subnet, "netmask")
    assert wildcard(subnet) == ipaddr(subnet, "hostmask")
