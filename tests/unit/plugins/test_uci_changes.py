"""Change computation: what differs, which batch commands, which errors."""

from __future__ import annotations

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.batch import (
    BatchCommand,
    UciValueError,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.changes import (
    UciPlanError,
    normalize_value,
    packages_of,
    plan_changes,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.keys import UciKeyError
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.show import parse_state

NETWORK = """\
network.lan=interface
network.lan.proto='static'
network.lan.ipaddr='192.168.1.1'
network.lan.dns='1.1.1.1'
network.mob1s1a1=interface
network.mob1s1a1.apn='old'
"""
NETWORK_EXPORT = """\
package network

config interface 'lan'
\toption proto 'static'
\toption ipaddr '192.168.1.1'
\toption dns '1.1.1.1'

config interface 'mob1s1a1'
\toption apn 'old'

"""
DHCP = """\
dhcp.@dnsmasq[0]=dnsmasq
dhcp.@dnsmasq[0].server='8.8.8.8' '8.8.4.4'
dhcp.@dnsmasq[1]=dnsmasq
dhcp.lan=dhcp
dhcp.lan.dhcp_option='6,1.1.1.1'
"""
DHCP_EXPORT = """\
package dhcp

config dnsmasq
\tlist server '8.8.8.8'
\tlist server '8.8.4.4'

config dnsmasq

config dhcp 'lan'
\tlist dhcp_option '6,1.1.1.1'

"""
SIMCARD = """\
simcard.@sim[0]=sim
simcard.@sim[0].pincode='1111'
simcard.@sim[1]=sim
"""
SIMCARD_EXPORT = "package simcard\n\nconfig sim\n\toption pincode '1111'\n\nconfig sim\n\n"


@pytest.fixture
def state():
    return {
        "network": parse_state("network", NETWORK, NETWORK_EXPORT),
        "dhcp": parse_state("dhcp", DHCP, DHCP_EXPORT),
        "simcard": parse_state("simcard", SIMCARD, SIMCARD_EXPORT),
    }


def test_equal_values_give_no_change(state):
    plan = plan_changes(
        state,
        {
            "network.lan.ipaddr": "192.168.1.1",
            "dhcp.@dnsmasq[0].server": ["8.8.8.8", "8.8.4.4"],
            "network.lan.gateway": None,
        },
    )
    assert plan.changes == [] and plan.commands == [] and plan.packages == []


def test_plain_value_is_set(state):
    plan = plan_changes(state, {"network.lan.ipaddr": "10.0.0.1"})
    (change,) = plan.changes
    assert (change.key, change.before, change.after) == (
        "network.lan.ipaddr",
        "192.168.1.1",
        "10.0.0.1",
    )
    assert plan.commands == [BatchCommand("set", "network.lan.ipaddr", "10.0.0.1")]


def test_list_order_matters_and_replaces_all_items(state):
    plan = plan_changes(state, {"dhcp.@dnsmasq[0].server": ["8.8.4.4", "8.8.8.8"]})
    assert plan.changes[0].before == ["8.8.8.8", "8.8.4.4"]
    assert plan.commands == [
        BatchCommand("delete", "dhcp.@dnsmasq[0].server"),
        BatchCommand("add_list", "dhcp.@dnsmasq[0].server", "8.8.4.4"),
        BatchCommand("add_list", "dhcp.@dnsmasq[0].server", "8.8.8.8"),
    ]


def test_new_list_needs_no_delete(state):
    plan = plan_changes(state, {"dhcp.@dnsmasq[1].server": ["9.9.9.9"]})
    assert plan.commands == [BatchCommand("add_list", "dhcp.@dnsmasq[1].server", "9.9.9.9")]
    assert plan.changes[0].before is None


def test_a_list_never_equals_a_plain_option(state):
    # uci show prints both alike; the export tells them apart.
    assert plan_changes(state, {"dhcp.lan.dhcp_option": ["6,1.1.1.1"]}).changes == []
    assert plan_changes(state, {"network.lan.dns": "1.1.1.1"}).changes == []
    to_plain = plan_changes(state, {"dhcp.lan.dhcp_option": "6,1.1.1.1"})
    assert to_plain.changes[0].before == ["6,1.1.1.1"]
    assert to_plain.commands == [BatchCommand("set", "dhcp.lan.dhcp_option", "6,1.1.1.1")]
    to_list = plan_changes(state, {"network.lan.dns": ["1.1.1.1"]})
    assert to_list.changes[0].before == "1.1.1.1"
    assert to_list.commands == [
        BatchCommand("delete", "network.lan.dns"),
        BatchCommand("add_list", "network.lan.dns", "1.1.1.1"),
    ]


def test_list_replacing_plain_value(state):
    plan = plan_changes(state, {"network.lan.dns": ["1.1.1.1", "9.9.9.9"]})
    assert plan.changes[0].before == "1.1.1.1"
    assert plan.commands[0] == BatchCommand("delete", "network.lan.dns")


@pytest.mark.parametrize("absent", [None, "", []])
def test_absent_deletes_an_existing_option(state, absent):
    plan = plan_changes(state, {"network.lan.dns": absent})
    assert plan.commands == [BatchCommand("delete", "network.lan.dns")]
    assert plan.changes[0].after is None


def test_negative_index_is_addressed_by_its_positive_rank(state):
    plan = plan_changes(state, {"simcard.@sim[-1].pincode": "2222"})
    assert plan.commands == [BatchCommand("set", "simcard.@sim[1].pincode", "2222")]
    assert plan.changes[0].key == "simcard.@sim[-1].pincode"


def test_missing_named_section_needs_a_declaration(state):
    with pytest.raises(UciPlanError, match="declare it under sections"):
        plan_changes(state, {"network.vpn.proto": "static"})
    plan = plan_changes(
        state, {"network.vpn.proto": "static"}, sections={"network.vpn": "interface"}
    )
    assert plan.commands == [
        BatchCommand("set", "network.vpn", "interface"),
        BatchCommand("set", "network.vpn.proto", "static"),
    ]
    assert plan.changes[0].section and plan.changes[0].before is None


def test_existing_section_of_the_right_type_is_left_alone(state):
    plan = plan_changes(state, {}, sections={"network.mob1s1a1": "interface"})
    assert plan.changes == []
    retype = plan_changes(state, {}, sections={"network.mob1s1a1": "alias"})
    assert retype.changes[0].before == "interface" and retype.changes[0].after == "alias"


def test_missing_anonymous_section_and_missing_config(state):
    with pytest.raises(UciPlanError, match="section '@sim\\[2\\]' does not exist"):
        plan_changes(state, {"simcard.@sim[2].pincode": "1"})
    with pytest.raises(UciPlanError, match="config 'firewall' does not exist"):
        plan_changes(state, {"firewall.@zone[0].name": "lan"})


def test_two_keys_for_one_option_are_refused(state):
    with pytest.raises(UciPlanError, match="name the same option"):
        plan_changes(state, {"simcard.@sim[0].pincode": "1", "simcard.@sim[-2].pincode": "2"})


def test_secret_values_are_collected_and_changes_marked(state):
    plan = plan_changes(
        state,
        {"simcard.@sim[0].pincode": "4321", "network.lan.ipaddr": "10.0.0.1"},
        secrets=["simcard.@sim[-2].pincode"],
    )
    secret = next(c for c in plan.changes if c.key.startswith("simcard"))
    assert secret.secret and not next(c for c in plan.changes if c.key.startswith("network")).secret
    assert sorted(plan.secret_values) == ["1111", "4321"]


def test_unchanged_secret_still_gets_collected(state):
    plan = plan_changes(
        state, {"simcard.@sim[0].pincode": "1111"}, secrets=["simcard.@sim[0].pincode"]
    )
    assert plan.changes == [] and plan.secret_values == ["1111", "1111"]


def test_secret_must_be_an_option_key(state):
    with pytest.raises(UciPlanError, match="not among the options"):
        plan_changes(state, {"network.lan.ipaddr": "1"}, secrets=["simcard.@sim[0].pincode"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("a", "a"), (5, "5"), ([1, "b"], ["1", "b"]), ("", None), ([], None), (None, None)],
)
def test_normalize_value(raw, expected):
    assert normalize_value("k", raw) == expected


@pytest.mark.parametrize("raw", [True, {"a": 1}, ["ok", None]])
def test_values_that_are_not_text_are_refused(raw):
    with pytest.raises(UciPlanError, match="give a string"):
        normalize_value("k", raw)


def test_control_characters_are_refused_without_echoing_the_value():
    with pytest.raises(UciValueError) as error:
        normalize_value("simcard.@sim[0].pincode", "12\x0034")
    assert "12" not in str(error.value)


@pytest.mark.parametrize(
    "key",
    ["network.lan", "network.lan.ip.addr", "net work.lan.x", "network.l-an.x", "network.@[x].y",
     "network.lan.ip-addr"],
)  # fmt: skip
def test_bad_keys_are_refused(state, key):
    with pytest.raises(UciKeyError):
        plan_changes(state, {key: "1"})


def test_packages_in_first_mention_order():
    assert packages_of(
        {"simcard.@sim[0].pincode": "1", "network.lan.ipaddr": "1", "simcard.@sim[1].x": "2"},
        {"dhcp.lan": "dhcp"},
    ) == ["dhcp", "simcard", "network"]
