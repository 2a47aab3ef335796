"""Reading `uci export`: list or option, and where each config starts."""

from __future__ import annotations

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.export import (
    export_lines,
    list_options,
    split_exports,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.show import (
    UciShowError,
    parse_state,
)

# A value with a quote, and a multi-line value whose lines look like commands.
DHCP = (
    "package dhcp\n"
    "\n"
    "config dnsmasq\n"
    "\tlist server '9.9.9.9'\n"
    "\toption note 'it'\\''s\n"
    "list fake '\\''x'\\''\n"
    "package evil\n"
    "config fake'\n"
    "\toption domain 'lan'\n"
    "\n"
    "config dhcp 'lan'\n"
    "\tlist dhcp_option '6,9.9.9.9'\n"
    "\toption start '100'\n"
    "\n"
)
NETWORK = "package network\n\nconfig interface 'lan'\n\toption ipaddr '10.0.0.1'\n\n"


def test_lines_inside_values_are_not_commands():
    tops = [line for line, top in export_lines(DHCP) if top]
    assert "list fake '\\''x'\\''\n" not in tops and "package evil\n" not in tops
    assert "\toption domain 'lan'\n" in tops


def test_list_options_per_section():
    assert list_options(DHCP) == [{"server"}, {"dhcp_option"}]
    assert list_options("package x\n\n") == []


def test_split_exports():
    assert split_exports(NETWORK + DHCP) == {"network": NETWORK, "dhcp": DHCP}


def test_parse_state_marks_lists():
    show = (
        "dhcp.@dnsmasq[0]=dnsmasq\n"
        "dhcp.@dnsmasq[0].server='9.9.9.9'\n"
        "dhcp.@dnsmasq[0].note='it'\\''s\nlist fake '\\''x'\\''\npackage evil\nconfig fake'\n"
        "dhcp.@dnsmasq[0].domain='lan'\n"
        "dhcp.lan=dhcp\n"
        "dhcp.lan.dhcp_option='6,9.9.9.9'\n"
        "dhcp.lan.start='100'\n"
    )
    state = parse_state("dhcp", show, DHCP)
    assert [s.lists for s in state.sections] == [{"server"}, {"dhcp_option"}]
    assert state.sections[0].options["note"] == ("it's\nlist fake 'x'\npackage evil\nconfig fake",)


def test_show_and_export_must_agree():
    with pytest.raises(UciShowError, match="different sections"):
        parse_state("network", "network.lan=interface\n", "package network\n\n")
