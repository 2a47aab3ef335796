"""Address plan filters: school and VLAN subnets, hosts, DHCP pools, masks.

Thin wrappers over ``plugin_utils.addressing``; each filter's documentation is
the ``<name>.yml`` file beside this one, read only by ``ansible-doc``, never on
a call.
"""

from __future__ import annotations

from ansible.errors import AnsibleFilterError
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import CitynetError
from ansible_collections.citynet.schools.plugins.plugin_utils.net.addressing import (
    dhcp_range,
    host_address,
    netmask,
    school_subnet,
    vlan_subnet,
    wildcard,
)


def _school_subnet(city_space: str, prefix: int, number: int) -> str:
    try:
        return school_subnet(city_space, prefix, number)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def _vlan_subnet(school_block: str, prefix: int, index: int) -> str:
    try:
        return vlan_subnet(school_block, prefix, index)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def _host_address(subnet: str, offset: int) -> str:
    try:
        return host_address(subnet, offset)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def _dhcp_range(subnet: str, start: int, limit: int) -> list[str]:
    try:
        # A list, not a tuple: it ends up in YAML facts and JSON results.
        return list(dhcp_range(subnet, start, limit))
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def _netmask(subnet: str) -> str:
    try:
        return netmask(subnet)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def _wildcard(subnet: str) -> str:
    try:
        return wildcard(subnet)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


class FilterModule:
    """Address plan filters of citynet.schools."""

    def filters(self) -> dict[str, object]:
        return {
            "school_subnet": _school_subnet,
            "vlan_subnet": _vlan_subnet,
            "host_address": _host_address,
            "dhcp_range": _dhcp_range,
            "netmask": _netmask,
            "wildcard": _wildcard,
        }
