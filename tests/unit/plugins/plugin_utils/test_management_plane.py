"""The management plane: rendered on every switch and core, secrets by reference, the SNMPv3
user read back from `show snmp user`, and no plan that shuts the controller out."""

from __future__ import annotations

import re

import pytest
from ansible.errors import AnsibleActionFail
from ansible_collections.citynet.schools.plugins.plugin_utils.action_support import (
    device_secrets,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.concerns.management_plane import (
    user_holds,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.guard import ssh_guard
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import (
    plan_device,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.net.ios_type9 import type9
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device
from ansible_collections.citynet.schools.plugins.plugin_utils.secrets import MASK
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.checks_management import (
    snmp_user,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.report import Report
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    messages,
)

HASH = "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"
VARIABLES = {
    "vault_ospf_key": "Ospf-k3y-test",
    "vault_radius_key": "Radius-k3y-test",
    "vault_local_secret": HASH,
    "vault_snmp_auth_key": "Snmp-auth-test",
    "vault_snmp_priv_key": "Snmp-priv-test",
    "vault_sim_pin_jaures": "4321",  # jaures-4g's SIM card
}
USER_LINE = (
    "snmp-server user supervision SUPERVISION v3 auth sha Snmp-auth-test priv aes 128 "
    "Snmp-priv-test"
)
SHOWN = {
    "user_name": "supervision",
    "engine_id": "800000090300AABBCCDDEEFF",
    "storage_type": "nonvolatile",
    "access_list": "",
    "authentication_protocol": "SHA",
    "privacy_protocol": "AES128",
    "group_name": "SUPERVISION",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    city, _root = city_after(tmp_path_factory.mktemp("mgmt"))
    return city


def _drop(*path):
    def change(data):
        for key in path[:-1]:
            data = data[key]
        del data[path[-1]]

    return change


def _switches(city):
    return [d for d in city.devices.values() if d.kind in ("switch_stack", "core")]


def test_type9_matches_the_published_vector():
    # hashcat's example for mode 9300, "Cisco-IOS $9$ (scrypt)", password "hashcat"
    assert type9("hashcat", "2MJBozw/9R3UsU") == HASH
    made = type9("another password")
    assert re.fullmatch(r"\$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}", made)
    assert type9("another password", made[3:17]) == made
    with pytest.raises(ValueError):
        type9("x", "short")


def test_every_switch_and_core_has_the_management_plane_secrets_masked(demo):
    for device in _switches(demo):
        text = render_device(device)
        lines = text.splitlines()
        for wanted in (
            "aaa new-model",
            "aaa authentication login default group RADIUS-MAIRIE local",
            "aaa authorization exec default group RADIUS-MAIRIE local if-authenticated",
            f"username secours privilege 15 secret 9 {MASK}",
            "ip ssh version 2",
            "no ip http server",
            "no ip http secure-server",
            " transport input ssh",
            " access-class MGMT-SSH in",
            " 10 permit 10.30.0.0 0.0.255.255",
            f" key {MASK}",
            f"snmp-server user supervision SUPERVISION v3 auth sha {MASK} priv aes 128 {MASK}",
            "lldp run",
            "no cdp run",
            "ntp server 10.30.1.10",
            "logging host 10.30.1.30",
        ):
            assert wanted in lines, (device.hostname, wanted)
        assert not any(v in text for v in VARIABLES.values()), device.hostname
        source = device.management["interface"]
        assert f"ip radius source-interface {source}" in lines
        assert f"logging source-interface {source}" in lines
        models = {m["model"] for m in getattr(device, "members", [])} or {device.core["model"]}
        algorithms = "ip ssh server algorithm encryption aes256-ctr aes192-ctr aes128-ctr" in lines
        assert algorithms == (not any(m.startswith("WS-C2960X") for m in models)), device.hostname


def test_the_resolved_secrets_reach_the_lines(demo):
    device = demo.devices["jaures-sw1"]
    secrets = device_secrets("jaures-sw1", device, VARIABLES, lambda v: v)
    text = render_device(device, secrets)
    assert f"username secours privilege 15 secret 9 {HASH}" in text
    assert USER_LINE in text
    assert " key Radius-k3y-test" in text
    assert MASK not in text


@pytest.mark.parametrize(
    ("variable", "bad", "wording"),
    [
        ("vault_radius_key", "two words here", "8 to 64 printable characters"),
        ("vault_radius_key", "short", "8 to 64 printable characters"),
        ("vault_snmp_auth_key", "seven77", "8 to 64 printable characters"),
        ("vault_snmp_priv_key", "has?help-mark", "8 to 64 printable characters"),
        ("vault_local_secret", "Password-in-clear", "an IOS type 9 hash"),
    ],
)
def test_a_secret_the_line_cannot_carry_is_refused_unshown(demo, variable, bad, wording):
    with pytest.raises(AnsibleActionFail) as caught:
        device_secrets("jaures-sw1", demo.devices["jaures-sw1"], {**VARIABLES, variable: bad}, str)
    assert variable in str(caught.value) and wording in str(caught.value)
    assert bad not in str(caught.value)


def _plan(device, running, shown=None, resend=False):
    secrets = device_secrets(device.hostname, device, VARIABLES, lambda v: v)
    intended = render_device(device, secrets)
    return plan_device(device.intent(), intended, running, shown=shown, resend_unshown=resend)


def _running(device):
    """The device after a deploy: the rendered text without the user, which IOS never prints."""
    secrets = device_secrets(device.hostname, device, VARIABLES, lambda v: v)
    text = render_device(device, secrets)
    return "\n".join(x for x in text.splitlines() if not x.startswith("snmp-server user "))


def test_the_snmp_user_is_sent_only_when_show_snmp_user_lacks_it(demo):
    device = demo.devices["jaures-sw1"]
    running = _running(device)
    assert USER_LINE not in running
    held = _plan(device, running, {"show snmp user": [SHOWN]})
    assert not held.changed
    missing = _plan(device, running, {"show snmp user": []})
    assert missing.commands["management_plane"] == [USER_LINE]
    regrouped = _plan(device, running, {"show snmp user": [{**SHOWN, "group_name": "OTHER"}]})
    assert regrouped.commands["management_plane"] == [USER_LINE]
    weaker = _plan(device, running, {"show snmp user": [{**SHOWN, "privacy_protocol": "DES"}]})
    assert weaker.commands["management_plane"] == [USER_LINE]
    rotated = _plan(device, running, {"show snmp user": [SHOWN]}, resend=True)
    assert rotated.commands["management_plane"] == [USER_LINE]
    unread = _plan(device, running)
    assert unread.commands["management_plane"] == [USER_LINE]


def test_user_holds_reads_the_line_it_compares():
    assert user_holds(USER_LINE + "\n"[:0], [SHOWN])
    assert not user_holds(
        "snmp-server user other SUPERVISION v3 auth sha k priv aes 128 k", [SHOWN]
    )


def test_a_factory_switch_gets_the_whole_plane_and_the_plan_is_allowed(demo):
    device = demo.devices["jaures-sw1"]
    factory = (
        "service timestamps log datetime msec\nhostname jaures-sw1\nno aaa new-model\n"
        "ip http server\nip http secure-server\nline con 0\n stopbits 1\n"
        "line vty 0 4\n login\n transport input ssh\nline vty 5 15\n login\n"
        " transport input ssh\n"
    )
    plan = _plan(device, factory, {"show snmp user": []})
    lines = plan.commands["management_plane"]
    assert plan.refused == []
    assert "no service timestamps log datetime msec" in lines
    assert "aaa new-model" in lines and "no ip http server" in lines
    assert USER_LINE in lines
    assert not any(x.strip().startswith(("login", "stopbits")) for x in lines)


def _refusals(demo, lines, running=""):
    return ssh_guard(demo.devices["jaures-sw1"].intent(), running, lines)


def test_a_plan_that_takes_ssh_off_the_vty_lines_is_refused(demo):
    assert _refusals(demo, ["line vty 0 4", " transport input telnet"])
    assert _refusals(demo, ["line vty 5 15", " no transport input ssh"])
    assert _refusals(demo, ["line vty 0 4", " transport input ssh"]) == []


def test_an_access_class_that_leaves_the_controller_out_is_refused(demo):
    acl = ["ip access-list standard MGMT-SSH", " 10 permit 10.99.0.0 0.0.255.255"]
    found = _refusals(demo, [*acl, "line vty 0 4", " access-class MGMT-SSH in"])
    assert found and "10.30.0.0/16" in found[0]
    good = ["ip access-list standard MGMT-SSH", " 10 permit 10.30.0.0 0.0.255.255"]
    assert _refusals(demo, [*good, "line vty 0 4", " access-class MGMT-SSH in"]) == []
    # an access list the plan does not touch is read from the running configuration
    running = "ip access-list standard OLD\n 10 permit 10.0.0.0 0.255.255.255\n"
    assert _refusals(demo, ["line vty 0 4", " access-class OLD in"], running) == []
    removed = ["ip access-list standard OLD", " no 10"]
    assert _refusals(demo, [*removed, "line vty 0 4", " access-class OLD in"], running)


def test_aaa_without_the_local_fallback_is_refused(demo):
    assert _refusals(demo, ["aaa authentication login default group RADIUS-MAIRIE"])
    assert _refusals(demo, ["aaa authorization exec default group RADIUS-MAIRIE"])
    assert _refusals(demo, ["aaa authentication login default group RADIUS-MAIRIE local"]) == []


def test_a_plan_that_repairs_the_door_is_allowed_one_that_shuts_it_is_refused(demo):
    device = demo.devices["jaures-sw1"]
    drifted = _running(device).replace(
        " 10 permit 10.30.0.0 0.0.255.255", " 10 permit 10.30.1.0 0.0.0.255"
    )
    drifted = drifted.replace(" transport input ssh", " transport input telnet")
    shown = {"show snmp user": [SHOWN]}
    repair = plan_device(device.intent(), _running(device), drifted, shown=shown)
    assert repair.refused == []
    assert " transport input ssh" in repair.commands["management_plane"]
    assert " 10 permit 10.30.0.0 0.0.255.255" in repair.commands["management_plane"]
    # the same comparison the other way round: the design would be the drifted text
    shut = plan_device(device.intent(), drifted, _running(device), shown=shown)
    assert any("take SSH off" in r for r in shut.refused)
    assert (
        "access list MGMT-SSH on the vty lines would refuse the controller's networks (10.30.0.0/16)"
        in shut.refused
    )


def test_verify_names_a_missing_or_weaker_snmp_user(demo):
    intent = demo.devices["jaures-sw1"].intent()
    report = Report("jaures-sw1", "jaures")
    snmp_user(report, intent, {"show snmp user": []})
    assert report.drifts == [
        "SNMPv3 user supervision is missing: the supervision cannot poll this device"
    ]
    report = Report("jaures-sw1", "jaures")
    snmp_user(report, intent, {"show snmp user": [{**SHOWN, "privacy_protocol": "DES"}]})
    assert report.drifts == ["SNMPv3 user supervision: privacy is DES, the design says AES128"]
    report = Report("jaures-sw1", "jaures")
    snmp_user(report, intent, {"show snmp user": [SHOWN]})
    assert report.drifts == [] and report.checks["snmp user"] == 1


def test_a_city_without_management_renders_none_of_it(tmp_path):
    city, _root = city_after(tmp_path, city_change=_drop("management"))
    assert messages(city) == []
    for device in _switches(city):
        text = render_device(device)
        assert "aaa new-model" not in text and "snmp-server" not in text
        assert device.intent()["management_plane"]["enabled"] is False


def test_the_access_networks_default_to_the_town_hall(tmp_path):
    city, _root = city_after(tmp_path, city_change=_drop("management", "access_networks"))
    text = render_device(city.devices["jaures-sw1"])
    assert " 10 permit 10.30.0.0 0.0.255.255" in text.splitlines()


def test_ios_defaults_are_not_rendered(tmp_path):
    def defaults(data):
        data["management"]["ssh"] = {"timeout": 120, "retries": 3, "exec_timeout": 10}
        data["management"]["syslog"]["level"] = "informational"

    city, _root = city_after(tmp_path, city_change=defaults)
    lines = render_device(city.devices["jaures-sw1"]).splitlines()
    assert not any(
        x.startswith(("ip ssh time-out", "ip ssh authentication-retries", "logging trap"))
        for x in lines
    )
    assert not any("exec-timeout" in x for x in lines)


def test_a_school_may_set_its_own_banner_and_nothing_else(tmp_path):
    def banner(data):
        data["management"] = {
            "banner": "Ecole Jean Jaures : acces reserve au service informatique."
        }

    city, _root = city_after(tmp_path, "jaures", banner)
    assert messages(city) == []
    lines = render_device(city.devices["jaures-sw1"]).splitlines()
    assert "Ecole Jean Jaures : acces reserve au service informatique." in lines
    other = render_device(city.devices["curie-sw1"]).splitlines()
    assert "Ecole Jean Jaures : acces reserve au service informatique." not in other

    def ntp(data):
        data["management"] = {"ntp_servers": ["10.0.0.1"]}

    refused, _root = city_after(tmp_path / "ntp", "jaures", ntp)
    assert any("management" in m and "ntp_servers" in m for m in messages(refused))


def test_the_ios_backup_router_gets_the_plane_from_its_lan(demo):
    """The IR1101 (jaures-4g) gets the switches' lines; its own traffic leaves from its LAN."""
    device = demo.devices["jaures-4g"]
    lan = device.lan["interface"]
    assert lan == "GigabitEthernet0/0/0"
    lines = render_device(device).splitlines()
    for wanted in (
        "aaa new-model",
        "aaa authentication login default group RADIUS-MAIRIE local",
        f"username secours privilege 15 secret 9 {MASK}",
        "ip ssh version 2",
        "ip ssh server algorithm encryption aes256-ctr aes192-ctr aes128-ctr",
        "no ip http server",
        f"ip radius source-interface {lan}",
        f"logging source-interface {lan}",
        "logging host 10.30.1.30",
        "ntp server 10.30.1.10",
        f"snmp-server user supervision SUPERVISION v3 auth sha {MASK} priv aes 128 {MASK}",
        # beside the stack it is plugged into
        "snmp-server location Ecole elementaire Jean Jaures / principal",
        "banner login ^C",
        "lldp run",
        "no cdp run",
    ):
        assert wanted in lines, wanted
    vty = [line for line in lines if line.startswith("line vty ")]
    assert vty == ["line vty 0 4"]  # the IR1101's only vty range (hardware catalogue)
    at = lines.index("line vty 0 4")
    assert lines[at + 1 : at + 4] == [
        " access-class MGMT-SSH in",
        " exec-timeout 5 0",
        " transport input ssh",
    ]
    # the town hall's answers come in through the LAN's inbound list
    assert " 50 permit ip 10.30.0.0 0.0.255.255 any" in lines


def test_the_router_plan_is_allowed_and_idempotent(demo):
    device = demo.devices["jaures-4g"]
    factory = (
        "hostname jaures-4g\nno aaa new-model\nip http server\nip http secure-server\n"
        "line con 0\n stopbits 1\nline vty 0 4\n login\n transport input ssh\n"
    )
    plan = _plan(device, factory, {"show snmp user": []})
    assert plan.refused == []
    assert "aaa new-model" in plan.commands["management_plane"]
    assert not _plan(device, _running(device), {"show snmp user": [SHOWN]}).changed


def test_routers_of_other_platforms_have_no_management_plane(demo):
    """RutOS and dnsmasq routers are managed by their own roles (docs/management-plane.md)."""
    others = [
        d for d in demo.devices.values() if d.kind == "backup_router" and d.platform != "cisco_ios"
    ]
    assert {d.platform for d in others} == {"teltonika_rutos", "dnsmasq"}
    for device in others:
        assert "management_plane" not in device.intent(), device.hostname


def test_a_school_banner_reaches_its_router(tmp_path):
    def banner(data):
        data["management"] = {"banner": "Ecole Jean Jaures : acces reserve."}

    city, _root = city_after(tmp_path, "jaures", banner)
    assert "Ecole Jean Jaures : acces reserve." in render_device(city.devices["jaures-4g"])
