"""The device commands, run by a real POSIX shell against a scripted `uci` function."""

from __future__ import annotations

import subprocess

from ansible_collections.citynet.schools.plugins.plugin_utils.uci.probe import (
    parse_probe,
    probe_command,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.remote import (
    BATCH_COMMAND,
    batch_failure,
    commit_command,
    committed_packages,
    restore_command,
    restored_export,
    revert_command,
)

# A `uci` stand-in as a shell function: enough behaviour for each command shape.
FAKE_UCI = r"""
uci() {
    case "$*" in
        "-q show network") printf "network.lan=interface\nnetwork.lan.ipaddr='1.2.3.4'\n" ;;
        "-q show simcard") return 1 ;;
        "-q changes network") ;;
        "-q export network") printf 'package network\n\nconfig interface '"'lan'"'\n\n' ;;
        "batch") cat > "$BATCH_IN"; echo "uci: Invalid argument" >&2 ;;
        "commit dhcp") echo "uci: I/O error" >&2; return 1 ;;
        "commit "*) ;;
        "revert bad") return 1 ;;
        "revert "*|"-q revert "*) echo "revert $2 $3" >> "$LOG" ;;
        "import "*) cat > "$IMPORTED" ;;
        "export "*) cat "$IMPORTED" ;;
        *) echo "unexpected: $*" >&2; return 99 ;;
    esac
}
"""


def sh(command: str, tmp_path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "BATCH_IN": str(tmp_path / "batch"),
        "LOG": str(tmp_path / "log"),
        "IMPORTED": str(tmp_path / "imported"),
    }
    return subprocess.run(
        ["/bin/sh", "-c", FAKE_UCI + command],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_probe_reads_every_config_in_one_command(tmp_path):
    done = sh(probe_command(["network", "simcard"]), tmp_path)
    assert done.returncode == 0, done.stderr
    probes = parse_probe(done.stdout, ["network", "simcard"])
    network, simcard = probes["network"], probes["simcard"]
    assert network.show_rc == 0
    assert network.show == "network.lan=interface\nnetwork.lan.ipaddr='1.2.3.4'\n"
    assert network.changes == ""
    assert network.export == "package network\n\nconfig interface 'lan'\n\n"
    assert simcard.show_rc == 1


def test_batch_failure_comes_back_on_stdout(tmp_path):
    done = sh(BATCH_COMMAND, tmp_path, stdin="set network.nope.x='1'\n")
    assert done.returncode == 0
    assert (tmp_path / "batch").read_text() == "set network.nope.x='1'\n"
    assert batch_failure(done.returncode, done.stdout) == "uci: Invalid argument"


def test_batch_success_and_broken_answers():
    assert batch_failure(0, "\x1ebatch 0\n") is None
    assert batch_failure(0, "ssh noise\x1ebatch 0\n") is None
    assert batch_failure(0, "") == "the batch gave no answer"
    assert batch_failure(255, "") == "the batch could not run (rc=255)"
    assert batch_failure(0, "\x1ebatch 1\n") == "uci batch exited with 1"


def test_commit_stops_at_the_first_failure(tmp_path):
    done = sh(commit_command(["network", "dhcp", "simcard"]), tmp_path)
    assert done.returncode == 1
    assert committed_packages(done.stdout) == ["network"]
    assert "I/O error" in done.stderr


def test_revert_tries_every_config_and_reports_failure(tmp_path):
    assert sh(revert_command(["network", "dhcp"]), tmp_path).returncode == 0
    assert (tmp_path / "log").read_text() == "revert network \nrevert dhcp \n"
    assert sh(revert_command(["bad", "simcard"]), tmp_path).returncode == 1
    assert (tmp_path / "log").read_text().endswith("revert simcard \n")


def test_restore_imports_stdin_and_prints_the_result(tmp_path):
    export = "package simcard\n\nconfig sim\n\toption note 'it'\\''s'\n\n"
    done = sh(restore_command("simcard"), tmp_path, stdin=export)
    assert done.returncode == 0, done.stderr
    assert restored_export(done.stdout) == export
    assert restored_export("") is None
