"""Parsing `uci show` output and resolving section references."""

from __future__ import annotations

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.batch import quote
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.keys import SectionRef
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.show import (
    UciShowError,
    parse_show,
)
from hypothesis import given
from hypothesis import strategies as st

DHCP = """\
dhcp.@dnsmasq[0]=dnsmasq
dhcp.@dnsmasq[0].domain='lan'
dhcp.@dnsmasq[0].server='9.9.9.9' '149.112.112.112'
dhcp.lan=dhcp
dhcp.lan.interface='lan'
dhcp.lan.ra_flags='managed-config' 'other-config'
dhcp.wan=dhcp
dhcp.wan.ignore='1'
dhcp.@dnsmasq[1]=dnsmasq
dhcp.@dnsmasq[1].note='it'\\''s
two lines'
dhcp.@host[0]=host
dhcp.@host[0].tag=
"""


def test_sections_options_and_lists():
    state = parse_show(DHCP, "dhcp")
    assert [(s.ref, s.type, s.index) for s in state.sections] == [
        ("@dnsmasq[0]", "dnsmasq", 0),
        ("lan", "dhcp", 0),
        ("wan", "dhcp", 1),
        ("@dnsmasq[1]", "dnsmasq", 1),
        ("@host[0]", "host", 0),
    ]
    first = state.sections[0]
    assert first.options == {"domain": ("lan",), "server": ("9.9.9.9", "149.112.112.112")}
    assert state.sections[1].options["ra_flags"] == ("managed-config", "other-config")


def test_quoted_quote_and_newline_survive():
    state = parse_show(DHCP, "dhcp")
    assert state.sections[3].options["note"] == ("it's\ntwo lines",)


def test_empty_list_is_present_with_no_items():
    state = parse_show(DHCP, "dhcp")
    assert state.sections[4].options["tag"] == ()


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (SectionRef(name="lan"), "lan"),
        (SectionRef(type="dnsmasq", index=0), "@dnsmasq[0]"),
        (SectionRef(type="dnsmasq", index=-1), "@dnsmasq[1]"),
        (SectionRef(type="dhcp", index=1), "wan"),
        (SectionRef(index=2), "wan"),
        (SectionRef(index=-1), "@host[0]"),
    ],
)
def test_find_resolves_like_libuci(ref, expected):
    section = parse_show(DHCP, "dhcp").find(ref)
    assert section is not None and section.ref == expected


@pytest.mark.parametrize(
    "ref",
    [SectionRef(name="nope"), SectionRef(type="dnsmasq", index=2), SectionRef(type="x", index=-3)],
)
def test_find_misses(ref):
    assert parse_show(DHCP, "dhcp").find(ref) is None


def test_empty_package():
    assert parse_show("", "simcard").sections == []


@pytest.mark.parametrize(
    "text",
    [
        "network.lan.ipaddr='1.2.3.4'\n",  # option before its section
        "dhcp.lan=dhcp\n",  # other package
        "network.lan=interface\nnetwork.lan.ipaddr=1.2.3.4\n",  # unquoted
        "network.lan=interface\nnetwork.lan.ipaddr='1.2.3.4\n",  # unterminated
        "network.lan=interface\nnetwork.lan.x='a''b'\n",  # no space between items
        "garbage\n",
    ],
)
def test_malformed_output_is_refused(text):
    with pytest.raises(UciShowError):
        parse_show(text, "network")


values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@given(st.lists(values, min_size=1, max_size=4))
def test_any_list_round_trips_through_show_notation(items):
    text = "x.s=t\nx.s.o=" + " ".join(quote(item) for item in items) + "\n"
    assert parse_show(text, "x").sections[0].options["o"] == tuple(items)
