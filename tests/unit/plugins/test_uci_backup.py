"""Backup files on the controller and reload selection."""

from __future__ import annotations

from datetime import UTC, datetime

from ansible_collections.citynet.schools.plugins.plugin_utils.uci.backup import (
    backup_name,
    prune_backups,
    split_backup,
    write_backup,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.reload import (
    reload_commands,
)

NETWORK = "package network\n\nconfig interface 'lan'\n\toption ipaddr '10.0.0.1'\n\n"
# A value that itself contains a line "package evil" after a blank line.
SIMCARD = "package simcard\n\nconfig sim\n\toption note 'x\n\npackage evil\nit'\\''s'\n\n"
WHEN = datetime(2025, 1, 14, 7, 15, 2, 123456, tzinfo=UTC)


def test_backup_is_the_concatenated_exports_private(tmp_path):
    path = write_backup(tmp_path / "rutx", {"network": NETWORK, "simcard": SIMCARD}, WHEN)
    assert path.name == "20250114T071502.123456Z.uci"
    assert path.read_text() == NETWORK + SIMCARD
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "rutx").stat().st_mode & 0o777 == 0o700


def test_backup_never_overwrites(tmp_path):
    first = write_backup(tmp_path, {"network": NETWORK}, WHEN)
    second = write_backup(tmp_path, {"network": "package network\n\n"}, WHEN)
    assert first != second and second.name == "20250114T071502.123456Z-1.uci"
    assert first.read_text() == NETWORK


def test_split_backup_respects_quoted_values():
    assert split_backup(NETWORK + SIMCARD) == {"network": NETWORK, "simcard": SIMCARD}


def test_prune_keeps_the_newest_and_other_files(tmp_path):
    names = [backup_name(WHEN.replace(second=s)) for s in range(5)]
    for name in names:
        (tmp_path / name).write_text("x")
    (tmp_path / "notes.txt").write_text("keep me")
    removed = prune_backups(tmp_path, 2)
    assert sorted(p.name for p in removed) == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[3:], "notes.txt"])
    assert prune_backups(tmp_path, 0) == []
    assert prune_backups(tmp_path / "missing", 1) == []


def test_default_reloads_run_once_in_config_order():
    assert reload_commands(["simcard", "dhcp", "network"]) == [
        "/etc/init.d/network reload",
        "/etc/init.d/dnsmasq reload",
    ]
    assert reload_commands(["wireless"]) == []


def test_reload_overrides_replace_or_disable():
    assert reload_commands(["network", "dhcp"], {"network": [], "dhcp": ["a", "b", "a"]}) == [
        "a",
        "b",
    ]
    assert reload_commands(["custom"], {"custom": ["/etc/init.d/custom restart"]}) == [
        "/etc/init.d/custom restart"
    ]
