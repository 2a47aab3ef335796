"""Address plan arithmetic: city space -> school block -> VLAN subnet -> hosts.

Each school gets the n-th block of the city space and each VLAN the n-th
subnet of its school block, so addresses follow from numbers kept in the
inventory instead of being typed by hand. The results match what
``ansible.utils.ipsubnet``/``nthhost``/``ipmath`` give for the same inputs, so
plans written with either agree; refusals raise ``AddressingError`` with the
numbers needed to fix the plan.

Networks must be written exactly (no host bits set): ``10.40.1.0/14`` is
almost always a typo, and ``ipsubnet`` would silently read it as an address.
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

from ansible_collections.citynet.schools.plugins.plugin_utils.errors import AddressingError

Network = IPv4Network | IPv6Network


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise AddressingError(f"{what} must be a string, got {type(value).__name__} {value!r}")
    return value


def _integer(value: object, what: str) -> int:
    # bool is an int subclass; True as a school number is a template bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise AddressingError(f"{what} must be an integer, got {type(value).__name__} {value!r}")
    return value


@lru_cache(maxsize=1024)
def _parse(text: str, strict: bool) -> Network:
    stripped = text.strip()
    try:
        return ip_network(stripped, strict=strict)
    except ValueError:
        pass
    try:
        loose = ip_network(stripped, strict=False)
    except ValueError:
        raise AddressingError(f"{text!r} is not an IP network") from None
    raise AddressingError(f"{text!r} has host bits set; the network is {loose}")


def _network(value: object, strict: bool = True) -> Network:
    return _parse(_text(value, "network"), strict)


def _address(network: Network, value: int) -> IPv4Address | IPv6Address:
    return IPv4Address(value) if network.version == 4 else IPv6Address(value)


def _nth_subnet(space: object, prefix: object, index: object, label: str) -> str:
    network = _network(space)
    length = _integer(prefix, "prefix length")
    number = _integer(index, label)
    bits = network.max_prefixlen
    if not 0 <= length <= bits:
        raise AddressingError(
            f"prefix length /{length} is out of range 0-{bits} for IPv{network.version}"
        )
    if length < network.prefixlen:
        raise AddressingError(f"a /{length} block does not fit in {network}")
    if number < 0:
        raise AddressingError(f"{label} {number} is negative")
    count = 1 << (length - network.prefixlen)
    if number >= count:
        raise AddressingError(
            f"{label} {number} needs {network} to hold {number + 1} blocks of /{length}; "
            f"it holds {count}"
        )
    start = int(network.network_address) + (number << (bits - length))
    return f"{_address(network, start)}/{length}"


def school_subnet(city_space: str, prefix: int, number: int) -> str:
    """The ``number``-th /``prefix`` block of the city space (0 is the first)."""
    return _nth_subnet(city_space, prefix, number, "school number")


def vlan_subnet(school_block: str, prefix: int, index: int) -> str:
    """The ``index``-th /``prefix`` subnet of a school block (0 is the first)."""
    return _nth_subnet(school_block, prefix, index, "subnet index")


def usable_bounds(network: Network) -> tuple[int, int]:
    """First and last usable address of a network, as integers.

    Network and last (broadcast) addresses are excluded except where that
    would leave nothing: a /31 (/127) is a point-to-point pair with both ends
    usable (RFC 3021, RFC 6164) and a /32 (/128) is its single host. IPv6
    follows the same rule, as ``ansible.utils.ipaddr('last_usable')`` does.
    """
    first = int(network.network_address)
    last = int(network.broadcast_address)
    if last - first >= 2:
        return first + 1, last - 1
    return first, last


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}es"


def host_address(subnet: str, offset: int, name: str = "host offset") -> str:
    """The host ``offset`` places into the usable range: 1 is the first, -1 the last.

    On a /24, 1 is .1 and -1 is .254 (the broadcast is never returned), which
    is how gateways (first) and backup routers (last) are placed. ``name`` is
    what a refusal calls the offset, so a plan can name the setting it came
    from (``gateway offset 254 is outside ...``).
    """
    network = _network(subnet)
    step = _integer(offset, name)
    first, last = usable_bounds(network)
    usable = last - first + 1
    if step == 0:
        raise AddressingError(
            f"{name} 0 names no host: offsets count from 1 (first usable address) "
            "or from -1 (last usable address)"
        )
    value = first + step - 1 if step > 0 else last + step + 1
    if not first <= value <= last:
        raise AddressingError(
            f"{name} {step} is outside the {_plural(usable, 'usable address')} of {network}"
        )
    return str(_address(network, value))


def dhcp_range(subnet: str, start: int, limit: int) -> tuple[str, str]:
    """First and last address of an OpenWrt-style pool (``start``, ``limit``).

    As in ``/etc/config/dhcp``: ``start`` is the offset of the first leased
    address from the network address and ``limit`` the number of addresses,
    so 100/150 on 10.0.0.0/24 leases .100 to .249. The pool must lie within
    the usable range, otherwise clients would be offered the network or
    broadcast address.
    """
    network = _network(subnet)
    offset = _integer(start, "DHCP pool start")
    size = _integer(limit, "DHCP pool size")
    base = int(network.network_address)
    first, last = usable_bounds(network)
    if size < 1:
        raise AddressingError(f"DHCP pool size {size} must be at least 1")
    if not first <= base + offset <= last:
        raise AddressingError(
            f"DHCP pool start {offset} is not a usable host offset of {network} "
            f"(usable offsets are {first - base}-{last - base})"
        )
    end = base + offset + size - 1
    if end > last:
        raise AddressingError(
            f"DHCP pool of {size} addresses from offset {offset} ends past the last usable "
            f"address {_address(network, last)} of {network} (offset {last - base})"
        )
    return str(_address(network, base + offset)), str(_address(network, end))


def netmask(subnet: str) -> str:
    """Dotted netmask (``255.255.255.0``), as IOS ``ip address`` wants it.

    Host bits are allowed: only the prefix length matters, so an interface
    address such as ``10.40.8.1/24`` works too.
    """
    return str(_network(subnet, strict=False).netmask)


def wildcard(subnet: str) -> str:
    """Wildcard mask (``0.0.0.255``), as IOS ACLs and OSPF want it."""
    return str(_network(subnet, strict=False).hostmask)
