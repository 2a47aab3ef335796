"""Error types of the design core.

Every error the core raises for bad input derives from ``CitynetError`` so that
callers (filters, the inventory plugin, the render action) can turn it into a
clean Ansible error without a traceback, and tests can assert on one type.
"""

from __future__ import annotations


class CitynetError(ValueError):
    """Bad input to the design core: the message says what and where."""


class VlanSpecError(CitynetError):
    """A VLAN id or VLAN range that cannot be read or is out of range."""


class PortSpecError(CitynetError):
    """An interface name or interface range that cannot be read."""


class AddressingError(CitynetError):
    """An address, subnet or pool that does not fit where it must."""
