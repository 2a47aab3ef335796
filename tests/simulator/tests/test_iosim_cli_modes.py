"""Prompts, privilege levels and mode changes, as automation sees them."""

from __future__ import annotations

from pathlib import Path

from iosim_kit import make_device, run_session


def test_login_lands_in_user_mode_and_enable_asks_for_the_secret(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(
        device,
        ["show privilege", "enable", "enable", "show privilege", "disable", "show privilege"],
        privileged=False,
    )
    assert out.startswith("\njaures-sw1>show privilege\nCurrent privilege level is 1\n")
    assert "jaures-sw1>enable\nPassword: \njaures-sw1#show privilege\n" in out
    assert "Current privilege level is 15" in out
    assert out.endswith(
        "jaures-sw1#disable\njaures-sw1>show privilege\nCurrent privilege level is 1\njaures-sw1>"
    )


def test_wrong_secret_reprompts_then_fails(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["enable", "bad", "worse", "worst"], privileged=False)
    assert out.count("Password: ") == 3
    assert out.endswith("% Bad secrets\njaures-sw1>")


def test_without_enable_secret_login_is_privileged(tmp_path: Path) -> None:
    device = make_device(tmp_path, name="jaures-4g")
    out = run_session(device, ["show privilege"], privileged=False)
    assert "jaures-4g#show privilege\nCurrent privilege level is 15" in out


def test_user_mode_refuses_privileged_commands(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["configure terminal"], privileged=False)
    assert "jaures-sw1>configure terminal\n           ^\n% Invalid input detected" in out


def test_configuration_prompts(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    router = make_device(tmp_path / "r", name="jaures-4g")
    out = run_session(
        device,
        [
            "configure terminal",
            "interface Gi1/0/1",
            "vlan 10",
            "exit",
            "line vty 0 4",
            "archive",
            "end",
        ],
    )
    assert "Enter configuration commands, one per line.  End with CNTL/Z.\n" in out
    for prompt in (
        "jaures-sw1(config)#interface",
        "jaures-sw1(config-if)#vlan",
        "jaures-sw1(config-vlan)#exit",
        "jaures-sw1(config)#line",
        "jaures-sw1(config-line)#archive",
        "jaures-sw1(config-archive)#end",
    ):
        assert prompt in out
    assert out.endswith("jaures-sw1#")
    out = run_session(
        router,
        [
            "configure terminal",
            "ip dhcp pool P",
            "controller Cellular 0/1/0",
            "ip access-list standard ACL",
            "ip access-list extended EXT",
            "\x1a",
        ],
    )
    for prompt in (
        "jaures-4g(dhcp-config)#controller",
        "jaures-4g(config-controller)#ip",
        "jaures-4g(config-std-nacl)#ip",
        "jaures-4g(config-ext-nacl)#",
    ):
        assert prompt in out
    assert out.endswith("jaures-4g#")


def test_hostname_changes_the_prompt_at_once(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["configure terminal", "hostname ecole-x", "end"])
    assert "jaures-sw1(config)#hostname ecole-x\necole-x(config)#end\necole-x#" in out


def test_abbreviations_ambiguity_and_incomplete_commands(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(
        device,
        [
            "conf t",
            "int gi1/0/9",
            "desc short form",
            "sw mode acc",
            "s",
            "switchport access",
            "end",
            "sh run int gi1/0/9",
        ],
    )
    assert " description short form\n switchport mode access\nend" in out
    assert '% Ambiguous command:  "s"' in out
    assert "% Incomplete command." in out


def test_do_runs_exec_commands_from_configuration_mode(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["configure terminal", "do show privilege", "do show foo", "end"])
    assert "jaures-sw1(config)#do show privilege\nCurrent privilege level is 15\n" in out
    line = "jaures-sw1(config)#do show foo"
    marker = out.split(line + "\n", 1)[1].split("\n", 1)[0]
    assert marker.index("^") == len(line) - len("foo")


def test_output_modifiers(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(
        device,
        [
            "show running-config | include ^hostname",
            "show running-config | section line vty",
            "show running-config | begin ^line con",
            "show running-config | exclude interface|!",
        ],
    )
    assert "show running-config | include ^hostname\nhostname jaures-sw1\njaures-sw1#" in out
    assert (
        "| section line vty\nline vty 0 4\n login\n transport input ssh\n"
        "line vty 5 15\n login\n transport input ssh\njaures-sw1#"
    ) in out
    begin = out.split("| begin ^line con\n", 1)[1].split("jaures-sw1#", 1)[0]
    assert begin.startswith("line con 0\n stopbits 1\n") and begin.endswith("end\n")
    excluded = out.split("| exclude interface|!\n", 1)[1].split("jaures-sw1#", 1)[0]
    assert "interface" not in excluded and "hostname jaures-sw1" in excluded
