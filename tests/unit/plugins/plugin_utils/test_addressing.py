"""Address plan arithmetic: blocks, subnets, hosts, pools and masks."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import AddressingError
from ansible_collections.citynet.schools.plugins.plugin_utils.net.addressing import (
    dhcp_range,
    host_address,
    netmask,
    school_subnet,
    usable_bounds,
    vlan_subnet,
    wildcard,
)


@pytest.mark.parametrize(
    ("space", "prefix", "number", "expected"),
    [
        ("10.40.0.0/14", 21, 0, "10.40.0.0/21"),
        ("10.40.0.0/14", 21, 1, "10.40.8.0/21"),
        ("10.40.0.0/14", 21, 127, "10.43.248.0/21"),
        ("10.40.0.0/14", 14, 0, "10.40.0.0/14"),
        ("10.40.0.0/14", 32, 5, "10.40.0.5/32"),
        ("0.0.0.0/0", 8, 10, "10.0.0.0/8"),
        (" 10.40.0.0/14 ", 16, 3, "10.43.0.0/16"),
        ("10.40.0.0/255.252.0.0", 16, 1, "10.41.0.0/16"),
        ("2001:db8::/48", 56, 1, "2001:db8:0:100::/56"),
        ("2001:db8::/48", 64, 65535, "2001:db8:0:ffff::/64"),
    ],
)
def test_school_subnet(space: str, prefix: int, number: int, expected: str) -> None:
    assert school_subnet(space, prefix, number) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("10.40.0.0/14", 21, 300),
            "school number 300 needs 10.40.0.0/14 to hold 301 blocks of /21; it holds 128",
        ),
        (
            ("10.40.0.0/14", 21, 128),
            "school number 128 needs 10.40.0.0/14 to hold 129 blocks of /21; it holds 128",
        ),
        (("10.40.0.0/14", 21, -1), "school number -1 is negative"),
        (("10.40.0.0/14", 12, 0), "a /12 block does not fit in 10.40.0.0/14"),
        (("10.40.0.0/14", 33, 0), "prefix length /33 is out of range 0-32 for IPv4"),
        (("10.40.0.0/14", -1, 0), "prefix length /-1 is out of range 0-32 for IPv4"),
        (("2001:db8::/48", 129, 0), "prefix length /129 is out of range 0-128 for IPv6"),
        (
            ("10.40.1.0/14", 21, 0),
            "'10.40.1.0/14' has host bits set; the network is 10.40.0.0/14",
        ),
        (("city", 21, 0), "'city' is not an IP network"),
        (("10.40.0.0/33", 21, 0), "'10.40.0.0/33' is not an IP network"),
        (("", 21, 0), "'' is not an IP network"),
        ((None, 21, 0), "network must be a string, got NoneType None"),
        ((167772160, 21, 0), "network must be a string, got int 167772160"),
        (("10.40.0.0/14", "21", 0), "prefix length must be an integer, got str '21'"),
        (("10.40.0.0/14", 21, True), "school number must be an integer, got bool True"),
        (("10.40.0.0/14", 21, 1.0), "school number must be an integer, got float 1.0"),
    ],
)
def test_school_subnet_refusals(args: tuple, message: str) -> None:
    with pytest.raises(AddressingError) as caught:
        school_subnet(*args)
    assert str(caught.value) == message


def test_vlan_subnet() -> None:
    assert vlan_subnet("10.40.8.0/21", 24, 0) == "10.40.8.0/24"
    assert vlan_subnet("10.40.8.0/21", 24, 7) == "10.40.15.0/24"
    assert vlan_subnet("10.40.8.0/21", 26, 1) == "10.40.8.64/26"
    assert vlan_subnet("10.40.8.0/21", 30, 511) == "10.40.15.252/30"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("10.40.8.0/21", 24, 8),
            "subnet index 8 needs 10.40.8.0/21 to hold 9 blocks of /24; it holds 8",
        ),
        (("10.40.8.0/21", 24, -1), "subnet index -1 is negative"),
        (("10.40.8.0/21", 20, 0), "a /20 block does not fit in 10.40.8.0/21"),
        (("10.40.8.0/21", 24, "2"), "subnet index must be an integer, got str '2'"),
    ],
)
def test_vlan_subnet_refusals(args: tuple, message: str) -> None:
    with pytest.raises(AddressingError) as caught:
        vlan_subnet(*args)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("subnet", "offset", "expected"),
    [
        ("10.40.8.0/24", 1, "10.40.8.1"),
        ("10.40.8.0/24", 2, "10.40.8.2"),
        ("10.40.8.0/24", 254, "10.40.8.254"),
        ("10.40.8.0/24", -1, "10.40.8.254"),
        ("10.40.8.0/24", -254, "10.40.8.1"),
        ("10.40.8.0/30", 1, "10.40.8.1"),
        ("10.40.8.0/30", -1, "10.40.8.2"),
        ("10.40.8.0/31", 1, "10.40.8.0"),
        ("10.40.8.0/31", 2, "10.40.8.1"),
        ("10.40.8.0/31", -1, "10.40.8.1"),
        ("10.40.8.0/31", -2, "10.40.8.0"),
        ("10.40.8.7/32", 1, "10.40.8.7"),
        ("10.40.8.7/32", -1, "10.40.8.7"),
        ("2001:db8::/64", 1, "2001:db8::1"),
        ("2001:db8::/64", -1, "2001:db8::ffff:ffff:ffff:fffe"),
        ("2001:db8::/127", 1, "2001:db8::"),
    ],
)
def test_host_address(subnet: str, offset: int, expected: str) -> None:
    assert host_address(subnet, offset) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("10.40.8.0/24", 0),
            "host offset 0 names no host: offsets count from 1 (first usable address) "
            "or from -1 (last usable address)",
        ),
        (
            ("10.40.8.0/24", 255),
            "host offset 255 is outside the 254 usable addresses of 10.40.8.0/24",
        ),
        (
            ("10.40.8.0/24", -255),
            "host offset -255 is outside the 254 usable addresses of 10.40.8.0/24",
        ),
        (
            ("10.40.8.0/31", 3),
            "host offset 3 is outside the 2 usable addresses of 10.40.8.0/31",
        ),
        (
            ("10.40.8.0/32", 2),
            "host offset 2 is outside the 1 usable address of 10.40.8.0/32",
        ),
        (
            ("10.40.8.1/24", 1),
            "'10.40.8.1/24' has host bits set; the network is 10.40.8.0/24",
        ),
        (("10.40.8.0/24", True), "host offset must be an integer, got bool True"),
        (("10.40.8.0/24", "1"), "host offset must be an integer, got str '1'"),
    ],
)
def test_host_address_refusals(args: tuple, message: str) -> None:
    with pytest.raises(AddressingError) as caught:
        host_address(*args)
    assert str(caught.value) == message


def test_usable_bounds_exclude_network_and_broadcast_where_possible() -> None:
    def bounds(text: str) -> tuple[str, str]:
        network = ip_network(text)
        first, last = usable_bounds(network)
        return str(type(network.network_address)(first)), str(type(network.network_address)(last))

    assert bounds("10.0.0.0/24") == ("10.0.0.1", "10.0.0.254")
    assert bounds("10.0.0.0/30") == ("10.0.0.1", "10.0.0.2")
    assert bounds("10.0.0.0/31") == ("10.0.0.0", "10.0.0.1")
    assert bounds("10.0.0.0/32") == ("10.0.0.0", "10.0.0.0")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("10.40.8.0/24", 100, 150), ("10.40.8.100", "10.40.8.249")),
        (("10.40.8.0/24", 1, 254), ("10.40.8.1", "10.40.8.254")),
        (("10.40.8.0/24", 254, 1), ("10.40.8.254", "10.40.8.254")),
        (("10.40.8.0/23", 10, 400), ("10.40.8.10", "10.40.9.153")),
        (("10.40.8.0/31", 0, 2), ("10.40.8.0", "10.40.8.1")),
    ],
)
def test_dhcp_range_has_openwrt_start_and_limit(args: tuple, expected: tuple) -> None:
    assert dhcp_range(*args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("10.40.8.0/24", 0, 10),
            "DHCP pool start 0 is not a usable host offset of 10.40.8.0/24 "
            "(usable offsets are 1-254)",
        ),
        (
            ("10.40.8.0/24", 255, 1),
            "DHCP pool start 255 is not a usable host offset of 10.40.8.0/24 "
            "(usable offsets are 1-254)",
        ),
        (
            ("10.40.8.0/24", -5, 1),
            "DHCP pool start -5 is not a usable host offset of 10.40.8.0/24 "
            "(usable offsets are 1-254)",
        ),
        (
            ("10.40.8.0/24", 100, 156),
            "DHCP pool of 156 addresses from offset 100 ends past the last usable address "
            "10.40.8.254 of 10.40.8.0/24 (offset 254)",
        ),
        (
            ("255.255.255.0/24", 200, 2**40),
            f"DHCP pool of {2**40} addresses from offset 200 ends past the last usable address "
            "255.255.255.254 of 255.255.255.0/24 (offset 254)",
        ),
        (("10.40.8.0/24", 100, 0), "DHCP pool size 0 must be at least 1"),
        (("10.40.8.0/24", 100, -3), "DHCP pool size -3 must be at least 1"),
        (("10.40.8.0/24", "100", 10), "DHCP pool start must be an integer, got str '100'"),
        (("10.40.8.0/24", 100, None), "DHCP pool size must be an integer, got NoneType None"),
        (
            ("10.40.8.9/24", 100, 10),
            "'10.40.8.9/24' has host bits set; the network is 10.40.8.0/24",
        ),
    ],
)
def test_dhcp_range_refusals(args: tuple, message: str) -> None:
    with pytest.raises(AddressingError) as caught:
        dhcp_range(*args)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("subnet", "mask", "inverse"),
    [
        ("10.40.8.0/24", "255.255.255.0", "0.0.0.255"),
        ("10.40.8.0/21", "255.255.248.0", "0.0.7.255"),
        ("10.40.8.1/24", "255.255.255.0", "0.0.0.255"),
        ("10.40.8.1/32", "255.255.255.255", "0.0.0.0"),
        ("0.0.0.0/0", "0.0.0.0", "255.255.255.255"),
        ("10.40.8.4/30", "255.255.255.252", "0.0.0.3"),
    ],
)
def test_netmask_and_wildcard(subnet: str, mask: str, inverse: str) -> None:
    assert netmask(subnet) == mask
    assert wildcard(subnet) == inverse


def test_netmask_and_wildcard_refusals() -> None:
    for function in (netmask, wildcard):
        with pytest.raises(AddressingError) as caught:
            function("10.40.8.0/40")
        assert str(caught.value) == "'10.40.8.0/40' is not an IP network"
        with pytest.raises(AddressingError) as caught:
            function(24)  # type: ignore[arg-type]
        assert str(caught.value) == "network must be a string, got int 24"
