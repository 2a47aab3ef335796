"""Quoting for uci batch and the shell."""

from __future__ import annotations

import shlex
import subprocess

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.uci.batch import (
    BatchCommand,
    UciValueError,
    batch_line,
    build_batch,
    check_value,
    quote,
)
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("plain", "'plain'"),
        ("it's", "'it'\\''s'"),
        ("", "''"),
        ('a b;c#d"e', "'a b;c#d\"e'"),
        ("''", "''\\'''\\'''"),
    ],
)
def test_quote(value, quoted):
    assert quote(value) == quoted


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\0"))


@given(text)
def test_quote_is_one_posix_shell_word(value):
    assert shlex.split(quote(value)) == [value]


def test_quote_survives_a_real_shell():
    value = 'it\'s $HOME `id` "x" \\ \n; # end'
    out = subprocess.run(
        ["/bin/sh", "-c", f"printf %s {quote(value)}"], capture_output=True, text=True, check=True
    )
    assert out.stdout == value


def test_batch_lines():
    batch = build_batch(
        [
            BatchCommand("set", "network.mob1s1a1", "interface"),
            BatchCommand("delete", "dhcp.@dnsmasq[0].server"),
            BatchCommand("add_list", "dhcp.@dnsmasq[0].server", "9.9.9.9"),
            BatchCommand("set", "simcard.@sim[0].pincode", "12'34"),
        ]
    )
    assert batch == (
        "set network.mob1s1a1='interface'\n"
        "delete dhcp.@dnsmasq[0].server\n"
        "add_list dhcp.@dnsmasq[0].server='9.9.9.9'\n"
        "set simcard.@sim[0].pincode='12'\\''34'\n"
    )


def test_value_needed_for_set():
    with pytest.raises(ValueError):
        batch_line(BatchCommand("set", "network.lan.ipaddr"))


@pytest.mark.parametrize("value", ["tab\there", "multi\nline", "cr\r"])
def test_whitespace_controls_are_allowed(value):
    assert check_value("k", value) == value


@pytest.mark.parametrize("value", ["nul\x00", "bell\x07", "esc\x1b[0m", "rs\x1e"])
def test_other_controls_are_refused(value):
    with pytest.raises(UciValueError, match="control character"):
        check_value("k", value)
