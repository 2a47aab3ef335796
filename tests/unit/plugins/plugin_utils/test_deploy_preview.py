"""The deploy preview: per device and concern, the unified diff a technician reads under --check --diff.

The expected texts are what Ansible's default callback prints for the diffs
the preview returns (its own ``_get_diff``, colour off): a concern that would
change shows its running lines against its intended ones, ``-`` for a line
that goes, ``+`` for one that comes; a concern without change shows nothing,
and no secret (the device's or an older one it still runs) is ever printed.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import ansible.utils.color
import pytest
from ansible.plugins.callback import CallbackBase
from ansible_collections.citynet.schools.plugins.action.deploy_plan import ActionModule
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.preview import (
    aligned,
    concern_diffs,
    masked_config,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import plan_device
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device

DEMO = Path(__file__).resolve().parents[4] / "inventories" / "demo"

SECRETS = {
    "sim_pin": "73915046",
    "ospf_key": "Ospf-k3y-demo",
    "radius_key": "Radius-k3y-demo",
    "local_secret": "$9$demoSaltdemoSa$" + "A" * 43,
    "snmp_auth_key": "Snmp-auth-demo",
    "snmp_priv_key": "Snmp-priv-demo",
}
# what a device may still run from before: an older PIN, type 7 forms of older keys
OLD_VALUES = ("11112222", "0822455D0A16544541", "045802150C2E1D1C5A", "Old-auth-key")


@pytest.fixture(scope="module")
def demo():
    return design_city(DEMO)


@pytest.fixture(autouse=True)
def no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ansible.utils.color, "ANSIBLE_COLOR", False)


def _printed(diffs: list[dict[str, str]]) -> str:
    """The diffs as ansible-playbook --diff prints them."""
    return CallbackBase()._get_diff(diffs)


def _preview(demo, host: str, edits: list[tuple[str, str]] = ()) -> list[dict[str, str]]:
    """The preview of ``host`` running its intended configuration with ``edits`` made to it."""
    device = demo.devices[host]
    intended = render_device(device, SECRETS)
    running = intended
    for pattern, replacement in edits:
        running, count = re.subn(pattern, replacement, running, count=1)
        assert count == 1, f"{host} does not hold {pattern}"
    return concern_diffs(
        host, plan_device(device.intent(), intended, running), SECRETS, "cisco_ios"
    )


def _blank(demo, host: str) -> list[dict[str, str]]:
    device = demo.devices[host]
    plan = plan_device(device.intent(), render_device(device, SECRETS), "")
    return concern_diffs(host, plan, SECRETS, "cisco_ios")


def test_no_change_no_diff(demo):
    for host, device in demo.devices.items():
        if device.platform != "cisco_ios":
            continue
        assert _preview(demo, host) == [], host


def test_one_drift_shows_only_its_concern(demo):
    diffs = _preview(demo, "moulin-sw1", [(r"logging host 10\.30\.1\.30\n", "")])
    assert _printed(diffs) == (
        "--- before: moulin-sw1 running-config: management_plane\n"
        "+++ after: moulin-sw1 intended: management_plane\n"
        "@@ -27,6 +27,7 @@\n"
        "  10 permit 10.30.1.40\n"
        " logging trap notifications\n"
        " logging source-interface Vlan10\n"
        "+logging host 10.30.1.30\n"
        " snmp-server view SUPERVISION iso included\n"
        " snmp-server group SUPERVISION v3 priv read SUPERVISION access SNMP-POLLERS\n"
        " snmp-server location Ecole du Moulin / principal\n"
        "\n"
    )


def test_acl_entries_printed_without_sequence_numbers_are_not_a_change(demo):
    """A device may print `permit X` where the design writes `10 permit X`: hier_config
    numbers both, the plan sends nothing for them, and the preview shows nothing either."""
    drift = (r"logging host 10\.30\.1\.30\n", "")
    unnumbered = (r"(ip access-list standard MGMT-SSH\n) 10 (permit)", r"\1 \2")
    assert _printed(_preview(demo, "moulin-sw1", [drift, unnumbered])) == _printed(
        _preview(demo, "moulin-sw1", [drift])
    )


def test_a_port_drift_shows_under_its_interface(demo):
    edit = (
        r"(interface GigabitEthernet1/0/1\n description Poste pedagogique et telephone\n)"
        r" switchport access vlan 30\n",
        r"\1 switchport access vlan 20\n",
    )
    assert _printed(_preview(demo, "curie-sw1", [edit])) == (
        "--- before: curie-sw1 running-config: vlans\n"
        "+++ after: curie-sw1 intended: vlans\n"
        "@@ -33,7 +33,7 @@\n"
        "  switchport nonegotiate\n"
        " interface GigabitEthernet1/0/1\n"
        "  description Poste pedagogique et telephone\n"
        "- switchport access vlan 20\n"
        "+ switchport access vlan 30\n"
        "  switchport mode access\n"
        "  switchport voice vlan 40\n"
        "  switchport nonegotiate\n"
        "\n"
    )


def test_blank_device_shows_every_concern_added(demo):
    diffs = _blank(demo, "jaures-4g")
    assert [d["after_header"] for d in diffs] == [
        "jaures-4g intended: identity",
        "jaures-4g intended: backup_router",
        "jaures-4g intended: management_plane",
    ]
    assert all(d["before"] == "" for d in diffs)
    assert _printed(diffs[:2]) == (
        "--- before: jaures-4g running-config: identity\n"
        "+++ after: jaures-4g intended: identity\n"
        "@@ -0,0 +1 @@\n"
        "+hostname jaures-4g\n"
        "\n"
        "--- before: jaures-4g running-config: backup_router\n"
        "+++ after: jaures-4g intended: backup_router\n"
        "@@ -0,0 +1,37 @@\n"
        "+ip dhcp excluded-address 10.32.8.65 10.32.8.83\n"
        "+ip dhcp excluded-address 10.32.8.114 10.32.8.126\n"
        "+ip dhcp pool SECOURS-4G\n"
        "+ network 10.32.8.64 255.255.255.192\n"
        "+ default-router 10.32.8.65\n"
        "+ dns-server 9.9.9.9 149.112.112.112\n"
        "+ lease 0 12\n"
        "+ip name-server 9.9.9.9 149.112.112.112\n"
        "+controller Cellular 0/1/0\n"
        "+ profile id 1 apn internet.m2m pdn-type ipv4\n"
        "+ lte sim data-profile 1 attach-profile 1\n"
        "+ lte sim authenticate 0 ********\n"
        "+interface GigabitEthernet0/0/0\n"
        "+ description LAN secours 4G (VLAN 90)\n"
        "+ ip address 10.32.8.66 255.255.255.192\n"
        "+ ip access-group SECOURS-4G-IN in\n"
        "+ ip nat inside\n"
        "+interface Cellular0/1/0\n"
        "+ ip address negotiated\n"
        "+ ip nat outside\n"
        "+ dialer in-band\n"
        "+ dialer-group 1\n"
        "+ip access-list standard NAT-LAN\n"
        "+ 10 permit 10.32.9.0 0.0.0.127\n"
        "+ 20 permit 10.32.12.0 0.0.0.127\n"
        "+ 30 permit 10.32.8.64 0.0.0.63\n"
        "+ip access-list extended SECOURS-4G-IN\n"
        "+ 10 permit udp any any eq bootps\n"
        "+ 20 permit ip 10.32.9.0 0.0.0.127 any\n"
        "+ 30 permit ip 10.32.12.0 0.0.0.127 any\n"
        "+ 40 permit ip 10.32.8.64 0.0.0.63 any\n"
        "+ 50 permit ip 10.30.0.0 0.0.255.255 any\n"
        "+ip nat inside source list NAT-LAN interface Cellular0/1/0 overload\n"
        "+ip route 0.0.0.0 0.0.0.0 Cellular0/1/0 20\n"
        "+ip route 10.32.8.0 255.255.248.0 10.32.8.65 name ecole\n"
        "+ip route 10.30.0.0 255.255.0.0 10.32.8.65 name mairie\n"
        "+dialer-list 1 protocol ip permit\n"
        "\n"
    )
    plane = _printed(diffs[2:]).splitlines()
    # the lines carrying the local account's hash, the RADIUS key and the SNMPv3 keys; the
    # SNMPv3 user, which IOS never prints, is planned (no `show snmp user` read) and shown
    assert "+username secours privilege 15 secret 9 ********" in plane
    assert plane.count("+ key ********") == 2
    assert plane[-2:] == [
        "+snmp-server user supervision SUPERVISION v3 auth sha ******** priv aes 128 ********",
        "",
    ]


def test_secrets_are_masked_the_devices_and_older_ones(demo):
    edits = [
        (r"md5 Ospf-k3y-demo", "md5 7 0822455D0A16544541"),
        (r" key Radius-k3y-demo", " key 7 045802150C2E1D1C5A"),
    ]
    assert _printed(_preview(demo, "jaures-sw1", edits)) == (
        "--- before: jaures-sw1 running-config: routing\n"
        "+++ after: jaures-sw1 intended: routing\n"
        "@@ -2,7 +2,7 @@\n"
        " interface Port-channel1\n"
        "  ip address 10.31.0.9 255.255.255.254\n"
        "  ip ospf authentication message-digest\n"
        "- ip ospf message-digest-key 1 md5 7 ********[other]\n"
        "+ ip ospf message-digest-key 1 md5 ********\n"
        "  ip ospf network point-to-point\n"
        "  ip ospf dead-interval 3\n"
        "  ip ospf hello-interval 1\n"
        "\n"
        "--- before: jaures-sw1 running-config: management_plane\n"
        "+++ after: jaures-sw1 intended: management_plane\n"
        "@@ -33,7 +33,7 @@\n"
        " snmp-server location Ecole elementaire Jean Jaures / principal\n"
        " radius server NPS-1\n"
        "  address ipv4 10.30.1.20 auth-port 1812 acct-port 1813\n"
        "- key 7 ********[other]\n"
        "+ key ********\n"
        " radius server NPS-2\n"
        "  address ipv4 10.30.1.21 auth-port 1812 acct-port 1813\n"
        "  key ********\n"
        "\n"
    )
    pin = _printed(
        _preview(demo, "jaures-4g", [(r"authenticate 0 73915046", "authenticate 0 11112222")])
    )
    assert "- lte sim authenticate 0 ********[other]\n+ lte sim authenticate 0 ********\n" in pin


@pytest.mark.parametrize("host", ["jaures-4g", "jaures-sw1", "core-a"])
def test_no_secret_value_is_ever_printed(demo, host):
    drifted = [
        _blank(demo, host),
        _preview(
            demo,
            host,
            # a local account the design does not have, its password type 7
            [
                (
                    r"(snmp-server location [^\n]*\n)",
                    r"\1username tech privilege 15 password 7 Old-pass\n",
                )
            ],
        ),
    ]
    device = demo.devices[host]
    intended = render_device(device, SECRETS)
    old = (
        intended.replace(SECRETS["ospf_key"], "7 " + OLD_VALUES[1])
        .replace(SECRETS["radius_key"], "7 " + OLD_VALUES[2])
        .replace(SECRETS["sim_pin"], OLD_VALUES[0])
        .replace(SECRETS["snmp_auth_key"], OLD_VALUES[3])
        .replace(SECRETS["local_secret"], "$9$oldSaltoldSalt$" + "B" * 43)
    )
    drifted.append(
        concern_diffs(host, plan_device(device.intent(), intended, old), SECRETS, "cisco_ios")
    )
    text = "".join(_printed(d) for d in drifted)
    assert "-username tech privilege 15 password 7 ********[other]\n" in text
    shown = [*SECRETS.values(), *OLD_VALUES, "Old-pass", "oldSaltoldSalt"]
    assert [value for value in shown if value in text] == []


def test_masked_config_masks_only_secret_positions():
    text = (
        "snmp-server user u G v3 auth sha Snmp-auth-demo priv aes 128 Old-priv\n"
        "interface Vlan10\n"
        " description key 7 is not a key here\n"
        "radius server NPS-1\n"
        " key 0 Radius-k3y-demo\n"
        "enable secret 9 $9$whatever\n"
    )
    assert masked_config(text, SECRETS, "cisco_ios") == (
        "snmp-server user u G v3 auth sha ******** priv aes 128 ********[other]\n"
        "interface Vlan10\n"
        " description key 7 is not a key here\n"
        "radius server NPS-1\n"
        " key 0 ********\n"
        "enable secret 9 ********[other]\n"
    )


def test_running_order_is_not_a_change():
    """IOS may print blocks and children in an order of its own: only what differs shows, and
    a line the design replaces sits beside its replacement."""
    running = (
        "logging host 10.30.1.30\n"
        "line vty 0 4\n"
        " transport input ssh\n"
        " exec-timeout 5 0\n"
        " transport output none\n"
        "ntp server 10.30.1.99\n"
        "line con 0\n"
        " exec-timeout 5 0\n"
        "interface Port-channel9\n"
    )
    intended = (
        "line con 0\n"
        " exec-timeout 5 0\n"
        "line vty 0 4\n"
        " exec-timeout 5 0\n"
        " transport input ssh\n"
        "logging host 10.30.1.30\n"
        "ntp server 10.30.1.10\n"
        "interface Port-channel1\n"
        "interface Port-channel2\n"
    )
    assert _printed(
        [
            {
                "before": aligned(running, intended),
                "after": intended,
                "before_header": "r",
                "after_header": "i",
            }
        ]
    ) == (
        "--- before: r\n"
        "+++ after: i\n"
        "@@ -3,7 +3,7 @@\n"
        " line vty 0 4\n"
        "  exec-timeout 5 0\n"
        "  transport input ssh\n"
        "- transport output none\n"
        " logging host 10.30.1.30\n"
        "-ntp server 10.30.1.99\n"
        "-interface Port-channel9\n"
        "+ntp server 10.30.1.10\n"
        "+interface Port-channel1\n"
        "+interface Port-channel2\n"
        "\n"
    )


# --- the action: a diff only under --diff, and its other results as before ---------------------


def _action(host: str, running: str, *, diff: bool, tmp_path: Path) -> dict[str, Any]:
    args = {"city_dir": str(DEMO), "running_config": running, "plan_dir": str(tmp_path / host)}
    task = SimpleNamespace(
        args=args,
        check_mode=True,
        diff=diff,
        async_val=0,
        action="citynet.schools.deploy_plan",
        environment=None,
    )
    connection = SimpleNamespace(
        _shell=SimpleNamespace(tmpdir=None), _play_context=SimpleNamespace(no_log=False)
    )
    templar = SimpleNamespace(template=lambda value: value)
    action = ActionModule(task, connection, SimpleNamespace(), loader=None, templar=templar)
    action._load_name = "citynet.schools.deploy_plan"
    variables = {
        "inventory_hostname": host,
        "vault_sim_pin_jaures": SECRETS["sim_pin"],
        "vault_ospf_key": SECRETS["ospf_key"],
        "vault_radius_key": SECRETS["radius_key"],
        "vault_local_secret": SECRETS["local_secret"],
        "vault_snmp_auth_key": SECRETS["snmp_auth_key"],
        "vault_snmp_priv_key": SECRETS["snmp_priv_key"],
    }
    return action.run(task_vars=variables)


def test_action_returns_the_diff_only_in_diff_mode(demo, tmp_path):
    intended = render_device(demo.devices["jaures-4g"], SECRETS)
    running = intended.replace("authenticate 0 73915046", "authenticate 0 11112222")
    plain = _action("jaures-4g", running, diff=False, tmp_path=tmp_path)
    with_diff = _action("jaures-4g", running, diff=True, tmp_path=tmp_path)
    assert "diff" not in plain
    assert {k: v for k, v in with_diff.items() if k != "diff"} == plain
    assert [d["before_header"] for d in with_diff["diff"]] == [
        "jaures-4g running-config: backup_router"
    ]
    assert "73915046" not in _printed(with_diff["diff"])
    assert plain["commands"]["backup_router"][-1] == " lte sim authenticate 0 ********"
    assert sorted(plain["files"]) == ["backup_router", "identity", "management_plane"]
    unchanged = _action("jaures-4g", intended, diff=True, tmp_path=tmp_path)
    assert "diff" not in unchanged


def test_an_old_pin_never_rides_in_the_plan_result(demo, tmp_path):
    """The PIN being replaced is negated with its old value; the result masks it as well."""
    intended = render_device(demo.devices["jaures-4g"], SECRETS)
    running = intended.replace("authenticate 0 73915046", "authenticate 0 11112222")
    result = _action("jaures-4g", running, diff=False, tmp_path=tmp_path)
    sent = (tmp_path / "jaures-4g" / "jaures-4g.backup_router.cfg").read_text(encoding="utf-8")
    assert " no lte sim authenticate 0 11112222" in sent.splitlines()  # the device is told
    lines = result["commands"]["backup_router"]
    assert " no lte sim authenticate 0 ********[other]" in lines
    assert "11112222" not in repr(result)


def test_a_plan_removing_an_old_secret_hides_its_sending(demo, tmp_path):
    """A concern whose lines carry only a value the design does not know (an SNMP community
    left on a device) is still marked secret: the task sending it hides its result."""
    intended = render_device(demo.devices["curie-sw1"], SECRETS)
    running = intended.replace(
        "snmp-server location", "snmp-server community Old-community RO\nsnmp-server location", 1
    )
    assert running != intended
    result = _action("curie-sw1", running, diff=False, tmp_path=tmp_path)
    assert result["commands"]["management_plane"] == ["no snmp-server community ********[other] RO"]
    marked = {c["name"]: c["secret"] for c in result["concerns"]}
    assert marked["management_plane"] is True
    assert marked["vlans"] is False
    assert "Old-community" not in repr(result)


def test_every_rendered_secret_sits_on_a_declared_secret_line(demo):
    """A concern carrying a secret declares the line shape that holds it: masked as values
    unknown to the preview, no device's configuration keeps any of its secrets."""
    carried: set[str] = set()
    for host, device in demo.devices.items():
        if device.platform != "cisco_ios":
            continue
        text = render_device(device, SECRETS)
        carried |= {value for value in SECRETS.values() if value in text}
        masked = masked_config(text, {}, "cisco_ios")
        assert [value for value in SECRETS.values() if value in masked] == [], host
    assert carried == set(SECRETS.values())
