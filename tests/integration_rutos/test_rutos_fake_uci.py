"""The target's `uci` against OpenWrt's documented CLI behaviour (no SSH needed)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.batch import (
    BatchCommand,
    build_batch,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.show import parse_show
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from uci_fake.cli import main

SEED = Path(__file__).resolve().parents[1] / "rutos" / "seed" / "etc" / "config"
LAUNCHER = Path(__file__).resolve().parents[1] / "rutos" / "bin" / "uci"


class Device:
    """A config and a delta directory, and the fake uci run in-process on them."""

    def __init__(self, root: Path) -> None:
        self.config = root / "config"
        self.delta = root / "delta"
        self.state = root / "state"
        shutil.copytree(SEED, self.config)
        self.delta.mkdir()
        self.state.mkdir()

    def env(self) -> dict[str, str]:
        return {
            "UCI_CONFIG_DIR": str(self.config),
            "UCI_SAVE_DIR": str(self.delta),
            "RUTOS_STATE_DIR": str(self.state),
        }

    def __call__(self, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), io.StringIO(stdin), out, err, self.env())
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def uci(tmp_path: Path) -> Device:
    return Device(tmp_path)


def test_show_package_uses_type_indexes_for_anonymous_sections(uci):
    code, out, err = uci("show", "dhcp")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == ["dhcp.@dnsmasq[0]=dnsmasq", "dhcp.@dnsmasq[0].domainneeded='1'"]
    assert "dhcp.lan=dhcp" in lines
    assert "dhcp.lan.ra_flags='managed-config' 'other-config'" in lines
    assert "simcard.@sim[1].position='2'" in uci("show", "simcard")[1].splitlines()


def test_anonymous_sections_get_openwrt_names(uci):
    # cfg + section count + hash of the type: the names a real router shows.
    assert uci("show", "dhcp.@dnsmasq[0]")[1].splitlines()[0] == "dhcp.cfg01411c=dnsmasq"
    assert uci("-X", "show", "simcard")[1].splitlines()[0] == "simcard.cfg01aa0e=sim"
    assert uci("get", "dhcp.cfg01411c.domain")[1] == "lan\n"


def test_get_values_sections_and_lists(uci):
    assert uci("get", "network.lan.ipaddr") == (0, "192.168.1.1\n", "")
    assert uci("get", "network.lan") == (0, "interface\n", "")
    assert uci("get", "dhcp.lan.ra_flags")[1] == "managed-config other-config\n"
    uci("add_list", "dhcp.lan.ra_flags=has space")
    assert uci("get", "dhcp.lan.ra_flags")[1] == "managed-config other-config 'has space'\n"
    assert uci("-d", ",", "show", "dhcp.lan.ra_flags")[1] == (
        "dhcp.lan.ra_flags='managed-config','other-config','has space'\n"
    )


def test_missing_entries_and_quiet_mode(uci):
    assert uci("get", "network.lan.nope") == (1, "", "uci: Entry not found\n")
    assert uci("-q", "get", "network.nope") == (1, "", "")
    assert uci("show", "nopkg") == (1, "", "uci: Entry not found\n")
    assert uci("set", "network.nope.ipaddr=1") == (1, "", "uci: Invalid argument\n")
    assert uci("get", "simcard.@sim[5].pincode") == (1, "", "uci: Entry not found\n")
    assert uci("get", "network.lan.ip.addr") == (1, "", "uci: Parse error\n")


def test_set_keeps_changes_pending_until_commit(uci):
    before = (uci.config / "network").read_bytes()
    assert uci("set", "network.lan.ipaddr=10.0.0.1") == (0, "", "")
    assert uci("set", "network.lan.proto=static") == (0, "", "")  # same value: no delta
    assert uci("get", "network.lan.ipaddr")[1] == "10.0.0.1\n"
    assert (uci.config / "network").read_bytes() == before
    assert (uci.delta / "network").read_text() == "network.lan.ipaddr='10.0.0.1'\n"
    assert uci("changes", "network")[1] == "network.lan.ipaddr='10.0.0.1'\n"


def test_changes_notation(uci):
    uci("add_list", "dhcp.@dnsmasq[0].server=9.9.9.9")
    uci("del_list", "dhcp.lan.ra_flags=other-config")
    uci("delete", "dhcp.wan")
    uci("set", "dhcp.guest=dhcp")
    uci("set", "dhcp.guest.note=it's")
    assert uci("changes", "dhcp")[1] == (
        "dhcp.cfg01411c.server+='9.9.9.9'\n"
        "dhcp.lan.ra_flags-='other-config'\n"
        "-dhcp.wan\n"
        "dhcp.guest='dhcp'\n"
        "dhcp.guest.note='it'\\''s'\n"
    )


def test_commit_writes_export_form_and_clears_the_delta(uci):
    uci("set", "network.lan.ipaddr=10.0.0.1")
    uci("add_list", "network.lan.dns=9.9.9.9")
    assert uci("commit", "network") == (0, "", "")
    text = (uci.config / "network").read_text()
    assert "\nconfig interface 'lan'\n\toption device 'br-lan'\n" in text
    assert "\toption ipaddr '10.0.0.1'\n" in text and "\tlist dns '9.9.9.9'\n" in text
    assert text.startswith("\nconfig interface 'loopback'\n") and text.endswith("'\n\n")
    assert "\nconfig device\n\toption name 'br-lan'\n" in text  # anonymous stays unnamed
    assert uci("changes", "network")[1] == ""
    assert (uci.delta / "network").read_text() == ""


def test_commit_without_changes_leaves_the_file_alone(uci):
    (uci.config / "custom").write_text("config  thing  one\n  option  a b # comment\n")
    assert uci("commit", "custom") == (0, "", "")
    assert (uci.config / "custom").read_text() == "config  thing  one\n  option  a b # comment\n"
    assert uci("show", "custom")[1] == "custom.one=thing\ncustom.one.a='b'\n"


def test_revert_drops_pending_changes(uci):
    uci("set", "network.lan.ipaddr=10.0.0.1")
    uci("set", "dhcp.lan.ignore=0")
    assert uci("revert", "network") == (0, "", "")
    assert (
        uci("changes", "network")[1] == ""
        and uci("get", "network.lan.ipaddr")[1] == "192.168.1.1\n"
    )
    assert uci("changes", "dhcp")[1] == "dhcp.lan.ignore='0'\n"
    assert uci("revert", "simcard") == (0, "", "")  # nothing pending: fine


def test_batch_reports_errors_but_exits_zero_and_carries_on(uci):
    batch = (
        "# comment\n"
        "set network.lan.ipaddr='10.1.1.1'\n"
        "set network.nope.x='1'\n"
        "bogus\n"
        "add_list dhcp.@dnsmasq[0].server='9.9.9.9'\n"
        "\n"
        "set network.lan.note='two\nlines'\n"
        "exit\n"
        "set network.lan.after='exit'\n"
    )
    code, out, err = uci("batch", stdin=batch)
    assert (code, out) == (0, "")
    assert err == "uci: Invalid argument\nUnknown command\n"
    assert uci("get", "network.lan.ipaddr")[1] == "10.1.1.1\n"
    assert uci("get", "network.lan.note")[1] == "two\nlines\n"
    assert uci("get", "dhcp.@dnsmasq[0].server")[1] == "9.9.9.9\n"
    assert uci("-q", "get", "network.lan.after")[0] == 1


def test_delete_options_list_items_and_missing_entries(uci):
    assert uci("delete", "dhcp.lan.ra_flags=0") == (0, "", "")
    assert uci("get", "dhcp.lan.ra_flags")[1] == "other-config\n"
    assert uci("delete", "network.lan.ip6assign") == (0, "", "")
    assert uci("delete", "network.lan.ip6assign") == (1, "", "uci: Entry not found\n")


def test_add_prints_the_new_name(uci):
    code, out, _err = uci("add", "simcard", "sim")
    assert code == 0 and out == "cfg03aa0e\n"
    assert "simcard.@sim[2]=sim" in uci("show", "simcard")[1]


def test_export_import_round_trip_is_byte_identical(uci):
    original = uci("export", "dhcp")[1]
    uci("set", "dhcp.lan.limit=10")
    uci("commit", "dhcp")
    assert uci("import", "dhcp", stdin=original) == (0, "", "")
    assert uci("export", "dhcp")[1] == original
    assert uci("changes", "dhcp")[1] == ""


def test_import_merge_leaves_changes_pending(uci):
    code, _out, _err = uci("-m", "import", "dhcp", stdin="config dhcp 'lan'\n\toption limit '20'\n")
    assert code == 0
    assert uci("changes", "dhcp")[1] == "dhcp.lan.limit='20'\n"


def test_parse_errors_name_line_and_reason(uci):
    (uci.config / "broken").write_text("config a b\n\toption x y\nnonsense here\n")
    code, _out, err = uci("show", "broken")
    assert code == 1
    assert err.startswith("uci: Parse error (invalid command) at line 3")


def test_rejected_keys_fail_like_an_invalid_section(uci):
    (uci.state / "uci-reject").write_text("dhcp.lan.limit\n")
    assert uci("set", "dhcp.lan.limit=5") == (1, "", "uci: Invalid argument\n")
    assert uci("set", "dhcp.lan.start=5") == (0, "", "")


def test_commit_failure_hook(uci):
    (uci.state / "uci-commit-fail").write_text("dhcp\n")
    uci("set", "dhcp.lan.limit=5")
    assert uci("commit", "dhcp") == (1, "", "uci: I/O error\n")
    assert uci("changes", "dhcp")[1] == "dhcp.lan.limit='5'\n"


def test_the_launcher_runs_as_a_command(uci):
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(LAUNCHER), "get", "network.lan.proto"],
        capture_output=True,
        text=True,
        env=uci.env(),
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "static\n")


def test_seed_configs_parse_with_the_action_parser(uci):
    for name in ("network", "dhcp", "simcard"):
        state = parse_show(uci("show", name)[1], name)
        assert state.sections
    network = parse_show(uci("show", "network")[1], "network")
    mobile = next(s for s in network.sections if s.ref == "mob1s1a1")
    assert mobile.options["auto_apn"] == ("1",) and "apn" not in mobile.options


awkward = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\t\n"),
    max_size=20,
).filter(bool)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=awkward, items=st.lists(awkward, min_size=1, max_size=3))
def test_action_batches_arrive_intact(uci, value, items):
    """Whatever the action quotes, uci stores exactly, and `uci show` gives back."""
    batch = build_batch(
        [
            BatchCommand("set", "network.lan.note", value),
            BatchCommand("delete", "network.lan.ipaddr"),
            *[BatchCommand("add_list", "network.lan.extra", item) for item in items],
        ]
    )
    assert uci("batch", stdin=batch)[2] == ""
    lan = next(
        s for s in parse_show(uci("show", "network")[1], "network").sections if s.ref == "lan"
    )
    assert lan.options["note"] == (value,)
    assert lan.options["extra"] == tuple(items)
    assert "ipaddr" not in lan.options
    uci("revert", "network")
