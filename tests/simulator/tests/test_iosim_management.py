"""The management plane's lines: taken, stored, printed; SNMPv3 users kept out of the
running configuration and listed by `show snmp user`."""

from __future__ import annotations

import sys
from pathlib import Path

from iosim.device import Device
from iosim_kit import command_output, configure, make_device

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / ".collections"))

from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import (  # noqa: E402
    parse_show,
)

USER = "snmp-server user supervision SUPERVISION v3 auth sha Auth-k3y-sim priv aes 128 Priv-k3y-sim"


def _running(device: Device) -> list[str]:
    return command_output(device, "show running-config").splitlines()


def test_aaa_radius_and_ssh_lines_are_taken_and_printed(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = configure(
        device,
        "aaa new-model",
        "aaa group server radius RADIUS-MAIRIE",
        "server name NPS-1",
        "exit",
        "aaa authentication login default group RADIUS-MAIRIE local",
        "aaa authorization exec default group RADIUS-MAIRIE local if-authenticated",
        "aaa session-id common",
        "radius server NPS-1",
        "address ipv4 10.30.1.20 auth-port 1812 acct-port 1813",
        "key Radius-k3y-sim",
        "exit",
        "ip radius source-interface Vlan10",
        "ip ssh version 2",
        "ip ssh time-out 60",
        "ip ssh authentication-retries 2",
        "ip ssh server algorithm encryption aes256-ctr aes192-ctr aes128-ctr",
        "clock timezone CET 1 0",
        "clock summer-time CEST recurring last Sun Mar 2:00 last Sun Oct 3:00",
        "no ip http server",
        "no ip http secure-server",
        "lldp run",
        "no cdp run",
        "service timestamps log datetime msec localtime show-timezone",
        "logging trap notifications",
        "logging host 10.30.1.30",
        "ntp server 10.30.1.10",
    )
    assert "% Invalid" not in out and "% Incomplete" not in out, out
    lines = _running(device)
    for wanted in (
        "aaa new-model",
        "aaa group server radius RADIUS-MAIRIE",
        " server name NPS-1",
        "aaa authentication login default group RADIUS-MAIRIE local",
        "aaa session-id common",
        "radius server NPS-1",
        " address ipv4 10.30.1.20 auth-port 1812 acct-port 1813",
        " key Radius-k3y-sim",
        "ip radius source-interface Vlan10",
        "ip ssh authentication-retries 2",
        "no ip http server",
        "no ip http secure-server",
        "lldp run",
        "no cdp run",
        "service timestamps log datetime msec localtime show-timezone",
        "clock summer-time CEST recurring last Sun Mar 2:00 last Sun Oct 3:00",
    ):
        assert wanted in lines, wanted
    assert "no aaa new-model" not in lines
    assert "service timestamps log datetime msec" not in lines  # one setting, replaced


def test_prompts_of_the_radius_modes(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = configure(device, "aaa group server radius G", "exit", "radius server S", "exit")
    assert "(config-sg-radius)#" in out and "(config-radius-server)#" in out


def test_snmp_user_stays_out_of_the_running_configuration(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(
        device,
        "snmp-server view SUPERVISION iso included",
        "snmp-server group SUPERVISION v3 priv read SUPERVISION access SNMP-POLLERS",
        USER,
    )
    text = command_output(device, "show running-config")
    assert "snmp-server group SUPERVISION v3 priv read SUPERVISION access SNMP-POLLERS" in text
    assert "snmp-server user" not in text and "Auth-k3y-sim" not in text
    shown = command_output(device, "show snmp user")
    assert "Auth-k3y-sim" not in shown and "Priv-k3y-sim" not in shown
    rows = parse_show("cisco_ios", "show snmp user", shown)
    assert [
        (r["user_name"], r["group_name"], r["authentication_protocol"], r["privacy_protocol"])
        for r in rows
    ] == [("supervision", "SUPERVISION", "SHA", "AES128")]
    # kept across a fresh read of the device's files, removed by its `no` form
    again = Device(device.spec, tmp_path / "state")
    again.initialize()
    assert "User name: supervision" in command_output(again, "show snmp user")
    configure(device, "no snmp-server user supervision SUPERVISION v3")
    assert command_output(device, "show snmp user") == ""


def test_banner_typed_through_the_dialog_prints_on_lines_of_its_own(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = configure(device, "banner login @", "Acces reserve aux agents habilites.", "@")
    assert "Enter TEXT message" in out
    text = command_output(device, "show running-config")
    assert "banner login ^C\nAcces reserve aux agents habilites.\n^C\n" in text
