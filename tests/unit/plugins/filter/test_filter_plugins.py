"""The filter plugins: names, thin wrapping, error conversion, documentation files."""

from __future__ import annotations

import builtins
import inspect
from pathlib import Path
from unittest import mock

import pytest
import yaml
from ansible.errors import AnsibleFilterError
from ansible_collections.citynet.schools.plugins.filter import addressing, ports, vlans
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import (
    AddressingError,
    PortSpecError,
    VlanSpecError,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net import (
    addressing as core_addressing,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net import (
    interfaces as core_interfaces,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net import vlan_ids as core_vlan_ids

FILTER_DIR = Path(vlans.__file__).resolve().parent

FILTERS: dict[str, object] = {
    **vlans.FilterModule().filters(),
    **ports.FilterModule().filters(),
    **addressing.FilterModule().filters(),
}

# One good call per filter, with what the core function gives for it.
GOOD_CALLS: dict[str, tuple[tuple, object]] = {
    "vlan_ranges": (([1, 2, 3, 5],), core_vlan_ids.vlan_ranges([1, 2, 3, 5])),
    "vlan_expand": (("1-3,5",), core_vlan_ids.vlan_expand("1-3,5")),
    "port_expand": (("Gi1/0/1-2",), core_interfaces.port_expand("Gi1/0/1-2")),
    "port_ranges": ((["Gi1/0/2", "gi1/0/1"],), core_interfaces.port_ranges(["Gi1/0/2", "Gi1/0/1"])),
    "school_subnet": (
        ("10.40.0.0/14", 21, 1),
        core_addressing.school_subnet("10.40.0.0/14", 21, 1),
    ),
    "vlan_subnet": (("10.40.8.0/21", 24, 2), core_addressing.vlan_subnet("10.40.8.0/21", 24, 2)),
    "host_address": (("10.40.8.0/24", -1), core_addressing.host_address("10.40.8.0/24", -1)),
    "dhcp_range": (
        ("10.40.8.0/24", 100, 150),
        list(core_addressing.dhcp_range("10.40.8.0/24", 100, 150)),
    ),
    "netmask": (("10.40.8.0/21",), core_addressing.netmask("10.40.8.0/21")),
    "wildcard": (("10.40.8.0/21",), core_addressing.wildcard("10.40.8.0/21")),
}

BAD_CALLS: dict[str, tuple[tuple, type[Exception], str]] = {
    "vlan_ranges": (([1, 4095],), VlanSpecError, "VLAN 4095 is out of range 1-4094"),
    "vlan_expand": (("30-20",), VlanSpecError, "VLAN range 30-20 is reversed"),
    "port_expand": (("Gi1/0/4-1",), PortSpecError, "'Gi1/0/4-1': range 4-1 is reversed"),
    "port_ranges": ((["Xx1"],), PortSpecError, "'Xx1' has an unknown interface type 'Xx'"),
    "school_subnet": (
        ("10.40.0.0/14", 21, 300),
        AddressingError,
        "school number 300 needs 10.40.0.0/14 to hold 301 blocks of /21; it holds 128",
    ),
    "vlan_subnet": (
        ("10.40.8.0/21", 24, 8),
        AddressingError,
        "subnet index 8 needs 10.40.8.0/21 to hold 9 blocks of /24; it holds 8",
    ),
    "host_address": (
        ("10.40.8.0/24", 255),
        AddressingError,
        "host offset 255 is outside the 254 usable addresses of 10.40.8.0/24",
    ),
    "dhcp_range": (
        ("10.40.8.0/24", 100, 0),
        AddressingError,
        "DHCP pool size 0 must be at least 1",
    ),
    "netmask": (("nope",), AddressingError, "'nope' is not an IP network"),
    "wildcard": ((None,), AddressingError, "network must be a string, got NoneType None"),
}


def test_the_collection_offers_exactly_these_filters() -> None:
    assert set(FILTERS) == set(GOOD_CALLS) == set(BAD_CALLS)


@pytest.mark.parametrize("name", sorted(GOOD_CALLS))
def test_filter_returns_what_the_core_returns(name: str) -> None:
    args, expected = GOOD_CALLS[name]
    assert FILTERS[name](*args) == expected  # type: ignore[operator]


@pytest.mark.parametrize("name", sorted(BAD_CALLS))
def test_filter_turns_core_errors_into_filter_errors_with_the_same_message(name: str) -> None:
    args, core_error, message = BAD_CALLS[name]
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS[name](*args)  # type: ignore[operator]
    assert caught.value.message == message
    assert isinstance(caught.value.__cause__, core_error)


def test_port_ranges_filter_reads_a_lone_name_as_one_name() -> None:
    assert FILTERS["port_ranges"]("gi1/0/1") == ["Gi1/0/1"]  # type: ignore[operator]


def test_filters_read_no_documentation_when_called() -> None:
    """The filter path stays cheap: no file opened, no YAML parsed per call."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("documentation read during a filter call")

    with (
        mock.patch.object(builtins, "open", refuse),
        mock.patch.object(yaml, "safe_load", refuse),
        mock.patch.object(yaml, "load", refuse),
    ):
        for name, (args, expected) in GOOD_CALLS.items():
            assert FILTERS[name](*args) == expected, name  # type: ignore[operator]


def _docs(name: str) -> dict:
    return yaml.safe_load((FILTER_DIR / f"{name}.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(GOOD_CALLS))
def test_every_filter_has_a_documentation_file_matching_its_signature(name: str) -> None:
    docs = _docs(name)
    assert set(docs) == {"DOCUMENTATION", "EXAMPLES", "RETURN"}
    documentation = docs["DOCUMENTATION"]
    assert documentation["name"] == name
    assert documentation["short_description"]
    parameters = list(inspect.signature(FILTERS[name]).parameters)  # type: ignore[arg-type]
    options = documentation["options"]
    assert "_input" in options
    assert options["_input"]["required"] is True
    assert set(options) - {"_input"} == set(parameters[1:])
    positional = documentation.get("positional")
    if parameters[1:]:
        assert [p.strip() for p in positional.split(",")] == parameters[1:]
    else:
        assert positional is None
    for parameter in parameters[1:]:
        default = inspect.signature(FILTERS[name]).parameters[parameter].default  # type: ignore[arg-type]
        if default is inspect.Parameter.empty:
            assert options[parameter]["required"] is True
        else:
            assert options[parameter]["default"] == default
    assert f"citynet.schools.{name}" in docs["EXAMPLES"]
    assert "_value" in docs["RETURN"]
