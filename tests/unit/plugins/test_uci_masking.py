"""Masking of secret values in changes, diffs and messages."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.uci.changes import UciChange
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.masking import (
    MASK,
    Redactor,
    mask_value,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.report import (
    change_view,
    diff_entries,
)

PIN = UciChange(
    key="simcard.@sim[0].pincode",
    target="simcard.@sim[0].pincode",
    package="simcard",
    before="1111",
    after="2222",
    secret=True,
)
NEW_PIN = UciChange(
    key="simcard.@sim[1].pincode",
    target="simcard.@sim[1].pincode",
    package="simcard",
    before=None,
    after="3333",
    secret=True,
)
LAN = UciChange(
    key="network.lan.ipaddr",
    target="network.lan.ipaddr",
    package="network",
    before="192.168.1.1",
    after="10.0.0.1",
)
DNS = UciChange(
    key="dhcp.@dnsmasq[0].server",
    target="dhcp.@dnsmasq[0].server",
    package="dhcp",
    before=["8.8.8.8"],
    after=["9.9.9.9", "it's"],
)
SECTION = UciChange(
    key="network.vpn", target="network.vpn", package="network", before=None, after="interface",
    section=True,
)  # fmt: skip


def test_mask_value_hides_presence_not_absence():
    assert mask_value("1234", True) == MASK
    assert mask_value(["a", "b"], True) == MASK
    assert mask_value(None, True) is None
    assert mask_value("1234", False) == "1234"


def test_change_view():
    assert change_view(PIN) == {"key": "simcard.@sim[0].pincode", "before": MASK, "after": MASK}
    assert change_view(NEW_PIN)["before"] is None
    assert change_view(LAN) == {
        "key": "network.lan.ipaddr",
        "before": "192.168.1.1",
        "after": "10.0.0.1",
    }


def test_diff_per_config_in_show_notation():
    entries = diff_entries([SECTION, LAN, DNS, PIN, NEW_PIN])
    assert [e["before_header"] for e in entries] == [
        "network (uci, before)",
        "dhcp (uci, before)",
        "simcard (uci, before)",
    ]
    network, dhcp, simcard = entries
    assert network["before"] == "network.lan.ipaddr='192.168.1.1'\n"
    assert network["after"] == "network.vpn=interface\nnetwork.lan.ipaddr='10.0.0.1'\n"
    assert dhcp["after"] == "dhcp.@dnsmasq[0].server='9.9.9.9' 'it'\\''s'\n"
    assert simcard["before"] == f"simcard.@sim[0].pincode='{MASK}'\n"
    assert simcard["after"] == (
        f"simcard.@sim[0].pincode='{MASK}'\nsimcard.@sim[1].pincode='{MASK}'\n"
    )
    assert "1111" not in str(entries) and "2222" not in str(entries) and "3333" not in str(entries)


def test_redactor_replaces_longest_first_and_ignores_empty():
    redact = Redactor(["12", "1234", ""])
    assert redact("pin 1234 or 12") == f"pin {MASK} or {MASK}"
    assert bool(Redactor([""])) is False
    redact.add(["secret"])
    assert redact("a secret") == f"a {MASK}"
