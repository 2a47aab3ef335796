"""OSPF authentication: on every interface that forms an adjacency, the key by reference only."""

from __future__ import annotations

import re

import pytest
from ansible.errors import AnsibleActionFail
from ansible_collections.citynet.schools.plugins.plugin_utils.action_support import (
    device_secrets,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import (
    plan_device,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.plugins.plugin_utils.secrets import MASK
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    messages,
)

KEY = "Ok-k3y.16chars!!"
# the demo city's management plane carries secrets of its own (every switch and core)
MANAGEMENT = {
    "vault_radius_key": "Radius-k3y-test",
    "vault_local_secret": "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6",
    "vault_snmp_auth_key": "Snmp-auth-test",
    "vault_snmp_priv_key": "Snmp-priv-test",
}
KEY_LINE = re.compile(r"^ ip ospf message-digest-key (\d+) md5 (\S+)$", re.M)


def _interfaces(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("interface "):
            current = line.split()[1]
            out[current] = []
        elif line.startswith(" ") and current:
            out[current].append(line.strip())
        else:
            current = None
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    city, _root = city_after(tmp_path_factory.mktemp("ospf"))
    return city


def test_every_adjacency_is_authenticated_and_nothing_else(demo):
    """Uplinks, downlinks, interconnect carry the key; gateways and static schools do not."""
    seen = 0
    for name, device in demo.devices.items():
        if device.kind == "backup_router":
            continue
        routing = device.intent()["routing"]
        ospf = routing["ospf"]
        active = set(ospf["active"]) if ospf else set()
        interfaces = _interfaces(render_device(device))
        for interface, lines in interfaces.items():
            authenticated = "ip ospf authentication message-digest" in lines
            keyed = [line for line in lines if line.startswith("ip ospf message-digest-key ")]
            assert authenticated == (interface in active), (name, interface)
            assert keyed == ([f"ip ospf message-digest-key 1 md5 {MASK}"] if authenticated else [])
            seen += authenticated
    assert seen >= 8  # 4 OSPF schools x 2 uplinks, and the cores' ends and interconnect


def test_the_resolved_key_is_what_the_device_receives(demo):
    device = demo.devices["jaures-sw1"]
    variables = {"vault_ospf_key": KEY, **MANAGEMENT}
    secrets = device_secrets("jaures-sw1", device, variables, lambda v: v)
    assert secrets is not None and secrets["ospf_key"] == KEY
    text = render_device(device, secrets)
    assert {m.group(2) for m in KEY_LINE.finditer(text)} == {KEY}
    assert MASK not in text


def test_a_static_school_carries_no_key_and_needs_none(demo):
    device = demo.devices["ferry-sw1"]  # a 2960-X: static routes
    assert device.intent()["routing"]["ospf"] is None
    assert "ospf_key" not in (device_secrets("ferry-sw1", device, MANAGEMENT, lambda v: v) or {})
    assert "message-digest" not in render_device(device)


def test_a_missing_key_names_the_variable(demo):
    with pytest.raises(AnsibleActionFail, match="jaures-sw1: the OSPF authentication key is not set: define the variable vault_ospf_key"):  # fmt: skip
        device_secrets("jaures-sw1", demo.devices["jaures-sw1"], {}, lambda v: v)


@pytest.mark.parametrize("bad", ["two words", "line\nbreak", "x" * 17, ""])
def test_a_key_the_line_cannot_carry_is_refused_without_being_shown(demo, bad):
    with pytest.raises(AnsibleActionFail) as caught:
        device_secrets("jaures-sw1", demo.devices["jaures-sw1"], {"vault_ospf_key": bad}, str)
    message = str(caught.value)
    assert "vault_ospf_key" in message
    if bad:
        assert "1 to 16 printable characters without spaces (value not shown)" in message
        assert bad not in message


def test_the_city_without_authentication_is_refused(tmp_path):
    def drop(data):
        del data["routing"]["ospf"]["authentication"]

    city, _root = city_after(tmp_path, city_change=drop)
    found = [m for m in messages(city) if "OSPF authentication is missing" in m]
    assert len(found) == 1, messages(city)
    assert "routing.ospf" in found[0]
    assert city.devices == {}


def test_a_key_change_removes_the_old_key_by_its_id_only(demo):
    """IOS keeps one key per id: the old one goes first, named by its id, never by its value."""
    device = demo.devices["jaures-sw1"]
    old = render_device(device, {"ospf_key": "Old-key-0ld"})
    new = render_device(device, {"ospf_key": KEY})
    plan = plan_device(device.intent(), new, old)
    lines = [line.strip() for line in plan.commands["routing"]]
    assert "Old-key-0ld" not in "\n".join(lines)
    removals = [i for i, line in enumerate(lines) if line == "no ip ospf message-digest-key 1"]
    additions = [i for i, line in enumerate(lines) if line == f"ip ospf message-digest-key 1 md5 {KEY}"]  # fmt: skip
    assert len(removals) == len(additions) == 2  # both uplinks
    assert all(r < a for r, a in zip(removals, additions, strict=True))
