"""Saving, copying, replacing, reloading and stack commands."""

from __future__ import annotations

from pathlib import Path

from iosim_kit import command_output, configure, make_device, run_session


def test_copy_running_startup_asks_for_the_destination(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(device, "interface Gi1/0/1", "description saved")
    out = run_session(device, ["copy running-config startup-config", ""])
    assert (
        "jaures-sw1#copy running-config startup-config\n"
        "Destination filename [startup-config]? \nBuilding configuration...\n[OK]\n"
    ) in out
    assert device.startup_path.read_text() == device.running_path.read_text()
    startup = command_output(device, "show startup-config")
    assert startup.startswith("Using ") and " description saved\n" in startup


def test_write_memory(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(device, "interface Gi1/0/2", "description written")
    out = run_session(device, ["write memory"])
    assert "jaures-sw1#write memory\nBuilding configuration...\n[OK]\n" in out
    assert " description written\n" in device.startup_path.read_text()


def test_configure_replace_restores_a_flash_copy_byte_for_byte(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(
        device,
        "vtp mode transparent",
        "vlan 10",
        "name MGMT",
        "interface Gi1/0/3",
        "description before",
        "switchport access vlan 10",
    )
    before = command_output(device, "show running-config")
    out = run_session(device, ["copy running-config flash:rollback.cfg", ""])
    assert "Destination filename [rollback.cfg]? \n" in out and "bytes copied in" in out
    configure(
        device,
        "no vlan 10",
        "interface Gi1/0/3",
        "description after",
        "shutdown",
        "interface Port-channel5",
        "hostname other",
    )
    assert command_output(device, "show running-config") != before
    out = run_session(device, ["configure replace flash:rollback.cfg force"])
    assert "Total number of passes: 1\nRollback Done\n" in out
    assert command_output(device, "show running-config") == before
    assert device.running_path.read_text() == (device.flash / "rollback.cfg").read_text()


def test_configure_replace_from_nvram_and_missing_file(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    saved = device.startup_path.read_text()
    configure(device, "interface Gi1/0/4", "description temporary")
    run_session(device, ["configure replace nvram:startup-config force"])
    assert device.running_path.read_text() == saved
    out = run_session(device, ["configure replace flash:none.cfg force"])
    assert "%Error opening flash:none.cfg (No such file or directory)" in out


def test_overwriting_a_flash_file_needs_confirmation(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    run_session(device, ["copy running-config flash:a.cfg", ""])
    configure(device, "interface Gi1/0/5", "description newer")
    out = run_session(device, ["copy running-config flash:a.cfg", "", "n"])
    assert "Do you want to over write? [confirm]" in out
    assert "newer" not in (device.flash / "a.cfg").read_text()
    run_session(device, ["copy running-config flash:a.cfg", "", ""])
    assert "newer" in (device.flash / "a.cfg").read_text()


def test_dir_and_delete(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    run_session(
        device, ["copy running-config flash:keep.cfg", "", "copy running-config flash:gone.cfg", ""]
    )
    listing = command_output(device, "dir flash:")
    assert listing.startswith("Directory of flash:/\n")
    assert "keep.cfg" in listing and "gone.cfg" in listing and "bytes total" in listing
    run_session(device, ["delete /force flash:gone.cfg"])
    assert not (device.flash / "gone.cfg").exists()
    out = run_session(device, ["delete flash:keep.cfg", "", ""])
    assert "Delete filename [keep.cfg]? " in out and "Delete flash:/keep.cfg? [confirm]" in out
    assert not (device.flash / "keep.cfg").exists()
    out = run_session(device, ["delete /force flash:gone.cfg"])
    assert "%Error deleting flash:/gone.cfg (No such file or directory)" in out


def test_switch_priority_applies_now_role_changes_at_reload(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["switch 2 priority 15", "y", "switch 1 priority 1", ""])
    assert (
        "Do you want to continue?[y/n]? [yes]: y\nNew Priority has been set successfully"
    ) in out
    assert [m.priority for m in device.stack.members] == [1, 15]
    assert device.stack.active.number == 1
    out = run_session(device, ["reload", ""])
    assert "System configuration has been modified. Save? [yes/no]: " not in out
    assert "Proceed with reload? [confirm]" in out
    assert device.stack.active.number == 2
    assert device.stack.member(1).role == "Standby"


def test_renumber_takes_effect_at_reload(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["switch 2 renumber 3", ""])
    assert "Do you want to continue?[y/n]? [yes]: " in out
    assert device.stack.member(2) is not None
    run_session(device, ["reload", ""])
    assert device.stack.member(2) is None and device.stack.member(3) is not None
    body = device.render_body()
    assert "switch 3 provision c9300-48p" in body and "interface GigabitEthernet3/0/1\n" in body
    assert "switch 2 provision c9300-48p" in body


def test_reload_loads_startup_and_asks_to_save_unsaved_changes(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    configure(device, "interface Gi1/0/6", "description unsaved")
    out = run_session(device, ["reload", "no", "", "show privilege"])
    assert "System configuration has been modified. Save? [yes/no]: " in out
    assert "Reload command is being issued on Active unit" in out
    assert "show privilege" not in out.split("Proceed with reload? [confirm]")[1]
    assert "unsaved" not in device.render_body()
    configure(device, "interface Gi1/0/6", "description kept")
    run_session(device, ["reload", "yes", ""])
    assert "kept" in device.render_body()


def test_reload_can_be_cancelled(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = run_session(device, ["reload", "n", "show privilege"])
    assert "Current privilege level is 15" in out


def test_archive(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    assert command_output(device, "show archive") == " Archive feature not enabled\n"
    configure(device, "archive", "path flash:cfg-archive", "maximum 5", "write-memory")
    run_session(device, ["archive config", "write memory"])
    out = command_output(device, "show archive")
    assert "There are currently 2 archive configurations saved." in out
    assert "flash:cfg-archive-1 <- Most Recent" in out
    assert (device.flash / "cfg-archive-0").exists()


def test_cellular_profile_creation_asks_for_confirmation(tmp_path: Path) -> None:
    device = make_device(tmp_path, name="jaures-4g")
    out = run_session(device, ["cellular 0/1/0 lte profile create 1 internet.m2m", ""])
    assert "Profile 1 written to modem" in out and device.profiles == {"1": "internet.m2m"}
    out = run_session(device, ["cellular 0/1/0 lte profile create 1 other.apn", "n"])
    assert "Profile 1 already exists" in out and device.profiles == {"1": "internet.m2m"}
    out = run_session(
        device, ["cellular 0/1/0 lte sim unlock 1234", "cellular 0/2/0 lte sim unlock 1"]
    )
    assert out.count("% Invalid input") == 1


def test_exec_copy_merges_into_running(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    (device.flash / "snippet.cfg").write_text(
        "interface GigabitEthernet1/0/7\n description merged\n!\nip default-gateway 10.0.0.1\nend\n"
    )
    run_session(device, ["copy flash:snippet.cfg running-config", ""])
    body = device.render_body()
    assert "interface GigabitEthernet1/0/7\n description merged\n" in body
    assert "ip default-gateway 10.0.0.1\n" in body


def test_show_running_config_layout(tmp_path: Path) -> None:
    device = make_device(tmp_path)
    out = command_output(device, "show running-config")
    header, _unused, body = out.partition("\n!\n")
    assert header.startswith("Building configuration...\n\nCurrent configuration : ")
    assert int(header.split(": ")[1].split()[0]) == len("!\n" + body)
    assert body.endswith("!\nend\n")
    lines = body.splitlines()
    ports = [line for line in lines if line.startswith("interface ")]
    assert ports[:2] == ["interface GigabitEthernet1/0/1", "interface GigabitEthernet1/0/2"]
    assert ports[48] == "interface TenGigabitEthernet1/1/1"
    assert ports[56] == "interface GigabitEthernet2/0/1"
    assert ports[-1] == "interface Vlan1"
    assert lines[lines.index("interface GigabitEthernet1/0/1") + 1] == "!"
