"""What citynet.schools.send_plan types: a plan file's lines verbatim, banners apart."""

from __future__ import annotations

from pathlib import Path

from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.blocks import sendable
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.remediation import (
    plan_device,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import render_device

DEMO = Path(__file__).resolve().parents[4] / "inventories" / "demo"


def test_blank_switch_management_plane_plan():
    """A blank switch's management plane: every line typed once, the banner given apart."""
    device = design_city(DEMO).devices["moulin-sw1"]
    plan = plan_device(device.intent(), render_device(device), "hostname Switch\n")
    text = "\n".join(plan.commands["management_plane"]) + "\n"
    lines, banners = sendable(text)
    assert banners == {"banner login": device.intent()["management_plane"]["banner"]}
    assert not any("^C" in line or line.startswith("banner") for line in lines)
    # every non-banner line of the plan, in its order, without indentation
    expected = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("!")
    ]
    banner_at = expected.index("banner login ^C")
    del expected[banner_at : banner_at + 3]
    assert lines == expected
    assert "line vty 0 4" in lines and "transport input ssh" in lines


def test_lines_are_sent_as_written():
    """Nothing is templated or changed: a line holding Jinja delimiters stays as it is."""
    text = "interface Vlan10\n description {{ not a template }}\nno banner motd\n!\nend\n"
    assert sendable(text) == (
        ["interface Vlan10", "description {{ not a template }}", "no banner motd"],
        {},
    )


def test_banner_text_on_the_closing_line():
    text = "banner login ^C\nfirst line\nlast^C\nhostname x\n"
    assert sendable(text) == (["hostname x"], {"banner login": "first line\nlast"})


def test_empty_plan_sends_nothing():
    assert sendable("") == ([], {})
