"""citynet.schools.uci against the RutOS-like target, through ansible-playbook and SSH."""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.citynet.schools.plugins.plugin_utils.uci.backup import split_backup
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.show import parse_show

PIN = "73950264"
OLD_PIN = "19283746"
PIN_KEY = "simcard.@sim[0].pincode"

# What the collection's design core asks of a school's backup router.
SCHOOL: dict[str, Any] = {
    "network.lan.ipaddr": "10.42.0.1",
    "network.lan.netmask": "255.255.255.0",
    "network.lan.disabled": "0",
    "dhcp.lan.ignore": "0",
    "dhcp.lan.start": "50",
    "dhcp.lan.limit": "200",
    "dhcp.lan.leasetime": "12h",
    "dhcp.lan.dhcp_option": ["6,9.9.9.9,149.112.112.112"],
    "dhcp.@dnsmasq[0].server": ["9.9.9.9", "149.112.112.112"],
    "dhcp.@dnsmasq[0].noresolv": "1",
    "network.mob1s1a1.apn": "internet.citynet.example",
    "network.mob1s1a1.auto_apn": "0",
    "network.mob1s1a1.pdptype": "ip",
    "network.mob1s1a1.metric": "2",
    PIN_KEY: PIN,
}
# The factory configs already hold netmask, leasetime and metric as wanted.
CHANGED_FROM_FACTORY = [
    key
    for key in SCHOOL
    if key not in ("network.lan.netmask", "dhcp.lan.leasetime", "network.mob1s1a1.metric")
]
PACKAGES = ["network", "dhcp", "simcard"]

RAW_COMMAND = re.compile(
    r"/bin/sh -c '(printf |uci_err=\$\(uci batch |uci commit |uci_rc=0; uci revert "
    r"|uci -q revert |/etc/init\.d/(network|dnsmasq) reload')"
)


def converge(options: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "sections": {"network.mob1s1a1": "interface"},
        "options": dict(SCHOOL if options is None else options),
        "secret": [PIN_KEY],
    }
    args.update(extra)
    return {"name": "converge", "citynet.schools.uci": args}


def exports(target) -> dict[str, str]:
    return {name: target.uci("export", name).stdout for name in PACKAGES}


def config_bytes(target) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(target.config_dir.iterdir())}


def pending(target) -> str:
    return "".join(target.uci("changes", name).stdout for name in PACKAGES)


def device_value(target, key: str) -> tuple[str, ...] | None:
    package, section_ref, option = key.split(".")
    state = parse_show(target.uci("-q", "show", package).stdout, package)
    section = next(s for s in state.sections if s.ref == section_ref)
    return section.options.get(option)


def assert_only_raw_commands(commands: list[str]) -> None:
    """No module was shipped or run: every SSH command is one the action builds."""
    assert commands
    for command in commands:
        assert RAW_COMMAND.match(command), command
        assert "python" not in command and "AnsiballZ" not in command and ".ansible" not in command


def test_converge_from_factory_then_nothing_to_do(target, ansible, tmp_path):
    before = exports(target)
    run = ansible.play(
        [
            {**converge(backup_dir=str(tmp_path / "backups")), "register": "first"},
            {**converge(backup_dir=str(tmp_path / "backups")), "name": "again"},
        ]
    )
    assert run.rc == 0, run.stdout + run.stderr
    assert PIN not in run.stdout + run.stderr
    first, second = run.results()

    assert first["changed"] is True
    assert [c["key"] for c in first["changes"]] == CHANGED_FROM_FACTORY
    assert first["committed"] == PACKAGES
    # simcard maps to the network reload too: it runs once.
    assert first["reloaded"] == ["/etc/init.d/network reload", "/etc/init.d/dnsmasq reload"]
    assert first["rollback"] is None
    for key, wanted in SCHOOL.items():
        expected = tuple(wanted) if isinstance(wanted, list) else (wanted,)
        assert device_value(target, key) == expected, key
    assert pending(target) == ""

    backup = tmp_path / "backups" / first["backup_file"].rsplit("/", 1)[1]
    assert first["backup_file"] == str(backup)
    assert backup.stat().st_mode & 0o777 == 0o600
    assert split_backup(backup.read_text()) == before

    assert second["changed"] is False
    assert second["changes"] == []
    assert second["backup_file"] is None
    assert target.reload_log() == ["network reload", "dnsmasq reload"]
    commands = target.commands()
    assert_only_raw_commands(commands)
    # First run: read, batch, commit, two reloads; second run: the read only.
    assert len(commands) == 6
    assert "uci batch" in commands[1] and "uci commit" in commands[2]
    assert commands[5].startswith("/bin/sh -c 'printf") and "uci -q show simcard" in commands[5]


def test_check_mode_reports_without_touching_the_device(target, ansible, tmp_path):
    files = config_bytes(target)
    run = ansible.play([converge(backup_dir=str(tmp_path / "backups"))], "--check", "--diff")
    assert run.rc == 0, run.stdout + run.stderr
    assert PIN not in run.stdout + run.stderr
    (result,) = run.results()
    assert result["changed"] is True
    assert [c["key"] for c in result["changes"]] == CHANGED_FROM_FACTORY
    lan = next(c for c in result["changes"] if c["key"] == "network.lan.ipaddr")
    assert lan == {"key": "network.lan.ipaddr", "before": "192.168.1.1", "after": "10.42.0.1"}
    disabled = next(c for c in result["changes"] if c["key"] == "network.lan.disabled")
    assert disabled["before"] is None
    assert result["backup_file"] is None and result["committed"] == []
    assert config_bytes(target) == files
    assert pending(target) == ""
    assert target.reload_log() == []
    assert not (tmp_path / "backups").exists()
    (command,) = target.commands()  # the read, nothing else
    assert "uci -q show network" in command and "uci batch" not in command


def test_secret_pin_never_shown_even_at_vvv(target, ansible, tmp_path):
    target.uci("set", f"{PIN_KEY}={OLD_PIN}")
    target.uci("commit", "simcard")
    run = ansible.play(
        [converge(backup_dir=str(tmp_path / "backups"))], "-vvv", "--diff", json_output=False
    )
    output = run.stdout + run.stderr
    assert run.rc == 0, output
    assert "SSH: EXEC" in output  # the verbose log really was on
    assert PIN not in output and OLD_PIN not in output
    assert "censored due to no log" in output
    assert "simcard.@sim[0].pincode='********'" in output
    assert "network.lan.ipaddr='10.42.0.1'" in output
    assert '"before": "********"' in output and '"after": "********"' in output
    assert device_value(target, PIN_KEY) == (PIN,)
    (backup,) = (tmp_path / "backups").iterdir()
    assert OLD_PIN in backup.read_text()  # the backup is a real, restorable one


def test_failed_batch_is_reverted(target, ansible):
    files = config_bytes(target)
    target.reject_uci_key("dhcp.lan.limit")
    run = ansible.play([converge()])
    (result,) = run.results()
    assert run.rc != 0
    assert result["failed"] is True and result["changed"] is False
    assert result["rollback"] == "reverted"
    assert "Invalid argument" in result["msg"] and "reverted" in result["msg"]
    assert result["committed"] == [] and result["reloaded"] == []
    assert PIN not in run.stdout
    assert config_bytes(target) == files
    assert pending(target) == ""
    assert target.reload_log() == []
    assert any("uci revert network" in c for c in target.commands())


def test_failed_reload_restores_the_backup(target, ansible, tmp_path):
    before = exports(target)
    target.fail_reload("dnsmasq")
    run = ansible.play([converge(backup_dir=str(tmp_path / "backups"))])
    (result,) = run.results()
    assert run.rc != 0
    assert result["failed"] is True and result["changed"] is True
    assert result["rollback"] == "restored"
    assert "/etc/init.d/dnsmasq reload" in result["msg"] and "restored" in result["msg"]
    assert result["committed"] == PACKAGES
    assert result["reloaded"] == ["/etc/init.d/network reload"]
    backup = split_backup((tmp_path / "backups").joinpath(result["backup_file"]).read_text())
    assert exports(target) == backup == before
    assert pending(target) == ""
    # Reloads of the new config, then of the restored one.
    assert target.reload_log() == ["network reload", "dnsmasq reload"] * 2


def test_reloads_follow_only_changed_configs(target, ansible):
    assert ansible.play([converge()]).rc == 0
    (target.state_dir / "reload.log").unlink()
    run = ansible.play([converge({**SCHOOL, "dhcp.lan.limit": "120"})])
    (result,) = run.results()
    assert result["changes"] == [{"key": "dhcp.lan.limit", "before": "200", "after": "120"}]
    assert result["committed"] == ["dhcp"]
    assert result["reloaded"] == ["/etc/init.d/dnsmasq reload"]
    assert target.reload_log() == ["dnsmasq reload"]


def test_sections_anonymous_indexes_and_awkward_values(target, ansible):
    awkward = 'it\'s "quoted"; #not a comment\n  second line \\ end'
    options = {
        "network.school_vpn.proto": "static",
        "network.school_vpn.ipaddr": "10.99.0.2",
        "network.school_vpn.description": awkward,
        "simcard.@sim[-1].deny_roaming": "1",
        "network.wan6.proto": None,
    }
    task = converge(options, sections={"network.school_vpn": "interface"}, secret=[])
    run = ansible.play([task, {**task, "name": "again"}])
    assert run.rc == 0, run.stdout
    first, second = run.results()
    assert first["changed"] is True and second["changed"] is False
    assert first["changes"][0] == {
        "key": "network.school_vpn",
        "before": None,
        "after": "interface",
    }
    assert target.uci("get", "network.school_vpn").stdout == "interface\n"
    assert device_value(target, "network.school_vpn.description") == (awkward,)
    assert device_value(target, "simcard.@sim[1].deny_roaming") == ("1",)
    assert device_value(target, "simcard.@sim[0].deny_roaming") == ("0",)
    assert device_value(target, "network.wan6.proto") is None


def test_pending_changes_on_the_device_are_not_committed(target, ansible):
    target.uci("set", "network.lan.ipaddr=192.168.7.1")
    files = config_bytes(target)
    run = ansible.play([converge()])
    (result,) = run.results()
    assert result["failed"] is True
    assert "uncommitted changes" in result["msg"] and "network" in result["msg"]
    assert config_bytes(target) == files
    assert target.uci("changes", "network").stdout == "network.lan.ipaddr='192.168.7.1'\n"
