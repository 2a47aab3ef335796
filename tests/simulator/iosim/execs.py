"""Privileged EXEC commands: file operations, saves, reloads and stack commands.

Confirmation dialogues reproduce the device wording and defaults, because
automation answers them by matching the prompt text (`[confirm]`,
`[yes/no]`, `Destination filename [...]?`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .configedit import CommandError
from .grammar import Match
from .show import (
    dhcp,
    etherchannel,
    interfaces,
    misc,
    routing,
    running,
    sdm,
    stack,
    stp,
    version,
    vlan,
)
from .terminal import SessionEnd

if TYPE_CHECKING:
    from .session import Session

INVALID = "% Invalid input detected at '^' marker."
REPLACE_WARNING = (
    "This will apply all necessary additions and deletions\n"
    "to replace the current running configuration with the\n"
    "contents of the specified configuration file, which is\n"
    "assumed to be a complete configuration, not a partial\n"
    "configuration. Enter Y if you are sure you want to proceed. ? [no]: "
)


class _NullTerminal:
    """Swallows output: used to merge a file into the running configuration."""

    def send(self, text: str) -> None:
        return None

    def read_line(self, echo: bool = True) -> str | None:
        return None

    def close(self) -> None:
        return None


def flash_file(s: Session, url: str) -> Path | None:
    fs, _unused, name = url.partition(":")
    if fs not in ("flash", "bootflash") or not name.strip("/"):
        return None
    return s.device.flash / name.strip("/")


def read_url(s: Session, url: str) -> str | None:
    if url in ("nvram:startup-config", "startup-config"):
        return s.device.startup_path.read_text() if s.device.startup_path.exists() else None
    if url == "running-config":
        return s.device.render_body()
    path = flash_file(s, url)
    if path is None or not path.is_file():
        return None
    return path.read_text()


def merge_text(s: Session, text: str) -> None:
    """Apply configuration text line by line, as `copy X running-config` does."""
    from .session import Session

    merger = Session(s.device, _NullTerminal(), s.username)
    merger.privilege, merger.mode = 15, "config"
    faults = s.device.faults()
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("!"):
            continue
        if line.strip() == "end":
            break
        merger.config_command(line, faults)


def _terminal(s: Session, m: Match) -> None:
    words = m.canonical.split()
    if words[1] == "length":
        s.term_length = int(words[2])
    elif words[1] == "width":
        s.term_width = int(words[2])


def _enable(s: Session, m: Match) -> str | None:
    if s.privilege == 15:
        return None
    secret = s.device.spec.enable_secret
    if secret is None:
        s.privilege = 15
        return None
    for _unused in range(3):
        if s.ask("Password: ", echo=False) == secret:
            s.privilege = 15
            return None
    return "% Bad secrets\n"


def _disable(s: Session, m: Match) -> None:
    s.privilege = 1


def _logout(s: Session, m: Match) -> None:
    raise SessionEnd


def _configure(s: Session, m: Match) -> str:
    s.mode, s.targets = "config", []
    return "Enter configuration commands, one per line.  End with CNTL/Z.\n"


def _configure_replace(s: Session, m: Match) -> str | None:
    url = m.values["file"]
    text = read_url(s, url)
    if text is None:
        return f"%Error opening {url} (No such file or directory)\n"
    if not m.canonical.endswith(" force") and s.ask(REPLACE_WARNING).lower() not in ("y", "yes"):
        return None
    s.device.load_config_text(text)
    s.device.save()
    return "Total number of passes: 1\nRollback Done\n"


def _write(s: Session, m: Match) -> str:
    s.device.write_startup()
    _archive_on_write(s)
    return "Building configuration...\n[OK]\n"


def _archive_on_write(s: Session) -> None:
    node = s.device.find("archive")
    if node is not None and any(c.text == "write-memory" for c in node.children):
        _archive(s)


def _archive(s: Session) -> str | None:
    settings = misc.archive_settings(s.device)
    if settings is None:
        return "%Error: Archive path not configured\n"
    path = f"{settings[0]}-{len(s.device.archive_files)}"
    target = flash_file(s, path)
    if target is None:
        return f"%Error opening {path} (Invalid argument)\n"
    target.write_text(s.device.render_body())
    s.device.archive_files.append(path)
    s.device.save()
    return None


def _copy(s: Session, m: Match) -> str | None:
    words = m.canonical.split()
    source, destination = words[1], words[2]
    if source == destination:
        return "%Error: source and destination are the same\n"
    text = read_url(s, source)
    if text is None:
        return f"%Error opening {source} (No such file or directory)\n"
    size = len(text)
    copied = f"{size} bytes copied in 0.123 secs ({int(size / 0.123)} bytes/sec)\n"
    if destination == "startup-config":
        s.ask("Destination filename [startup-config]? ")
        s.device.startup_path.write_text(
            s.device.render_body() if source == "running-config" else text
        )
        if source == "running-config":
            _archive_on_write(s)
            return "Building configuration...\n[OK]\n"
        return copied
    if destination == "running-config":
        s.ask("Destination filename [running-config]? ")
        merge_text(s, text)
        s.device.save()
        return copied
    default = destination.partition(":")[2].strip("/")
    answer = s.ask(f"Destination filename [{default}]? ")
    name = answer or default
    target = flash_file(s, f"flash:{name}")
    if target is None:
        return f"%Error opening {destination} (Invalid argument)\n"
    if target.exists() and not s.confirm(
        "%Warning:There is a file already existing with this name \n"
        "Do you want to over write? [confirm]"
    ):
        return None
    target.write_text(text)
    return copied


def _dir(s: Session, m: Match) -> str:
    fs = m.values.get("fs", "flash:")
    if fs == "nvram:":
        size = len(read_url(s, "nvram:startup-config") or "")
        return (
            "Directory of nvram:/\n\n"
            f"  2045  -rw-        {size:>8}                    <no date>  startup-config\n\n"
            "2097152 bytes total (2093000 bytes free)\n"
        )
    return misc.dir_flash(s.device)


def _delete(s: Session, m: Match) -> str | None:
    url = m.values["file"]
    target = flash_file(s, url)
    name = url.partition(":")[2].strip("/")
    if not m.canonical.startswith("delete /force"):
        answer = s.ask(f"Delete filename [{name}]? ")
        name = answer or name
        target = flash_file(s, f"flash:{name}")
        if not s.confirm(f"Delete flash:/{name}? [confirm]"):
            return None
    if target is None or not target.is_file():
        return f"%Error deleting flash:/{name} (No such file or directory)\n"
    target.unlink()
    return None


def _reload(s: Session, m: Match) -> str | None:
    device = s.device
    startup = read_url(s, "nvram:startup-config")
    if startup != device.render_body():
        for _unused in range(3):
            answer = s.ask("System configuration has been modified. Save? [yes/no]: ").lower()
            if answer in ("yes", "y"):
                device.write_startup()
                s.send("Building configuration...\n[OK]\n")
                break
            if answer in ("no", "n"):
                break
            s.send("% Please answer 'yes' or 'no'.\n")
        else:
            return None
    if device.is_switch and len(device.stack.members) > 1:
        s.send("Reload command is being issued on Active unit, this will reload the whole stack\n")
    if not s.confirm("Proceed with reload? [confirm]"):
        return None
    s.term.send("\r\n")
    device.reload()
    raise SessionEnd


# The stack dialogs per software (ios-samples/dialogs/README.md, "Stack member
# priority" and "Stack member renumber"). Classic IOS (global configuration):
#     SW1(config)#switch 1 priority 15
#     Changing the Switch Priority of Switch Number 1 to 15
#     Do you want to continue?[confirm]
#     New Priority has been set successfully
# and `switch 2 renumber 3` asks the same [confirm], effective at the next reload.
# IOS-XE (exec): a warning, "Do you want to continue?[y/n]? [yes]:", then
# "New Priority has been set successfully"; the renumber warning says the old
# number's interface configuration stays as provisioned (its wording as in the
# Catalyst 9300 Stack Manager and High Availability Configuration Guide).
CLASSIC_CONFIRM = "Do you want to continue?[confirm]"
IOSXE_CONFIRM = "Do you want to continue?[y/n]? [yes]: "
PRIORITY_SET = "New Priority has been set successfully\n"
IOSXE_PRIORITY_WARNING = (
    "WARNING: Changing the switch priority may result in a configuration change for that switch.\n"
)
IOSXE_RENUMBER_WARNING = (
    "WARNING: Changing the switch number may result in a configuration change for that "
    "switch.\nThe interface configuration associated with the old switch number will "
    "remain as a provisioned configuration.\n"
)


def _stack_confirm(s: Session, classic_text: str, iosxe_warning: str) -> bool:
    """Ask the family's question: Enter or y confirms `[confirm]`; `[yes]` is the y/n default."""
    if s.device.stack_command_mode == "config":
        return s.confirm(classic_text + CLASSIC_CONFIRM)
    return s.ask(iosxe_warning + IOSXE_CONFIRM).lower() in ("", "y", "yes")


def _switch_priority(s: Session, m: Match) -> str | None:
    words = m.canonical.split()
    number, priority = int(words[1]), int(words[3])
    member = s.device.stack.member(number)
    if member is None:
        return f"Switch {number} not present in the stack\n"
    changing = f"Changing the Switch Priority of Switch Number {number} to {priority}\n"
    if not _stack_confirm(s, changing, IOSXE_PRIORITY_WARNING):
        return None
    member.priority = priority
    s.device.save()
    return PRIORITY_SET


def _switch_renumber(s: Session, m: Match) -> str | None:
    words = m.canonical.split()
    number, new = int(words[1]), int(words[3])
    stack_state = s.device.stack
    if stack_state.member(number) is None:
        return f"Switch {number} not present in the stack\n"
    if new != number and stack_state.member(new) is not None:
        return f"Switch {new} already exists in the stack\n"
    if not _stack_confirm(s, "", IOSXE_RENUMBER_WARNING):
        return None
    stack_state.pending_renumber[number] = new
    s.device.save()
    return None


def _cellular(s: Session, m: Match) -> str | None:
    words = m.canonical.split()
    slot = words[1]
    if f"Cellular{slot}" not in s.device.port_index():
        raise CommandError(INVALID, m.canonical.index(slot))
    if words[2:5] == ["lte", "profile", "create"]:
        profile, apn = words[5], words[6]
        if profile in s.device.profiles:
            question = (
                f"Profile {profile} already exists with following values:\n"
                f"PDP Type = IPv4v6\nAPN = {s.device.profiles[profile]}\n"
                "Do you want to overwrite? [confirm]"
            )
        else:
            question = (
                f"Profile {profile} will be created with the following values:\n"
                f"PDP Type = IPv4v6\nAPN = {apn}\nDo you want to proceed? [confirm]"
            )
        if not s.confirm(question):
            return None
        s.device.profiles[profile] = apn
        s.device.save()
        return f"Profile {profile} written to modem\n"
    return None


def _iface_or_invalid(s: Session, m: Match) -> str | None:
    name = m.values.get("iface")
    if name is None:
        return None
    if name not in s.device.port_index() and s.device.find(f"interface {name}") is None:
        raise CommandError(INVALID, int(m.values["iface_offset"]))
    return name


def _number(m: Match) -> int | None:
    return int(m.values["n"]) if "n" in m.values else None


def _show_switch(s: Session, m: Match) -> str:
    if not s.device.is_switch:
        raise CommandError(INVALID, m.canonical.index("switch"))
    return stack.show_switch(s.device, detail=m.canonical.endswith("detail"))


def _show_running_interface(s: Session, m: Match) -> str | None:
    name = _iface_or_invalid(s, m)
    return running.show_running_interface(s.device, name or "")


EXEC_HANDLERS: dict[str, Callable[[Session, Match], str | None]] = {
    "noop": lambda s, m: None,
    "terminal": _terminal,
    "enable": _enable,
    "disable": _disable,
    "logout": _logout,
    "configure": _configure,
    "configure_replace": _configure_replace,
    "write": _write,
    "copy": _copy,
    "dir": _dir,
    "delete": _delete,
    "reload": _reload,
    "switch_priority": _switch_priority,
    "switch_renumber": _switch_renumber,
    "archive_config": lambda s, m: _archive(s),
    "cellular": _cellular,
    "show_privilege": lambda s, m: f"Current privilege level is {s.privilege}\n",
    "show_clock": lambda s, m: misc.show_clock(),
    "show_boot": lambda s, m: misc.show_boot(s.device),
    "show_version": lambda s, m: version.show_version(s.device),
    "show_inventory": lambda s, m: version.show_inventory(s.device),
    "show_switch": _show_switch,
    "show_sdm_prefer": lambda s, m: sdm.show_sdm_prefer(s.device),
    "show_running": lambda s, m: running.show_running(s.device),
    "show_running_interface": _show_running_interface,
    "show_startup": lambda s, m: running.show_startup(s.device),
    "show_vlan": lambda s, m: vlan.show_vlan(s.device, s.term_width),
    "show_vlan_brief": lambda s, m: vlan.show_vlan_brief(s.device, s.term_width),
    "show_vlan_id": lambda s, m: vlan.show_vlan(s.device, s.term_width, int(m.values["vlan"])),
    "show_interfaces_switchport": lambda s, m: interfaces.show_interfaces_switchport(
        s.device, _iface_or_invalid(s, m)
    ),
    "show_interfaces_status": lambda s, m: interfaces.show_interfaces_status(
        s.device, _iface_or_invalid(s, m)
    ),
    "show_interfaces_status_errdisabled": lambda s, m: (
        interfaces.show_interfaces_status_errdisabled(s.device)
    ),
    "show_etherchannel_summary": lambda s, m: etherchannel.show_etherchannel_summary(s.device),
    "show_spanning_tree": lambda s, m: stp.show_spanning_tree(
        s.device, int(m.values["vlan"]) if "vlan" in m.values else None
    ),
    "show_spanning_tree_root": lambda s, m: stp.show_spanning_tree_root(s.device),
    "show_ip_interface_brief": lambda s, m: interfaces.show_ip_interface_brief(s.device),
    "show_ip_dhcp_binding": lambda s, m: dhcp.show_ip_dhcp_binding(s.device),
    "show_ip_dhcp_pool": lambda s, m: dhcp.show_ip_dhcp_pool(s.device, m.values.get("word")),
    "show_ip_dhcp_snooping": lambda s, m: dhcp.show_ip_dhcp_snooping(s.device),
    "show_ip_route": lambda s, m: routing.show_ip_route(s.device),
    "show_ip_ospf_neighbor": lambda s, m: routing.show_ip_ospf_neighbor(s.device),
    "show_track": lambda s, m: routing.show_track(s.device, _number(m)),
    "show_ip_sla_statistics": lambda s, m: routing.show_ip_sla_statistics(s.device, _number(m)),
    "show_ip_sla_summary": lambda s, m: routing.show_ip_sla_summary(s.device),
    "show_archive": lambda s, m: misc.show_archive(s.device),
    "show_cdp_neighbors": lambda s, m: misc.show_cdp_neighbors(s.device),
    "show_lldp_neighbors": lambda s, m: misc.show_lldp_neighbors(s.device),
    "show_snmp_user": lambda s, m: misc.show_snmp_user(s.device),
}
