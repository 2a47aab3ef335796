"""The SDM template a routing 2960-X needs: `show sdm prefer` read, the deploy's decision,
the verify check and the stacks `show sdm prefer` is sent to."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.sdm import (
    check_after_reload,
    plan_sdm,
    read_sdm,
    refusal,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.checks_routing import (
    sdm_template,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance import (
    show_commands,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.report import Report
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import DEMO

# The format of public captures of Catalyst 2960 LAN Base switches (IOS 15.x): the
# active template, the resources, then the template `sdm prefer` chose, while another.
FACTORY = """\
 The current template is "default" template.
 The selected template optimizes the resources in
 the switch to support this level of features for
 0 routed interfaces and 1024 VLANs.

  number of unicast mac addresses:                  16K
  number of IPv4 IGMP groups + multicast routes:    1K
  number of IPv4 unicast routes:                    0
  number of IPv4/MAC qos aces:                      0.5K
  number of IPv4/MAC security aces:                 0.625k

"""
PENDING = FACTORY + ' On next reload, template will be "lanbase-routing" template.\n\n'
PREPARED = FACTORY.replace('"default"', '"lanbase-routing"').replace(" 0 routed", " 255 routed")
# a 3750 (desktop templates) prints the same two lines, with a two-word name
DESKTOP = """\
 The current template is "desktop default" template.
 The selected template optimizes the resources in
 the switch to support this level of features for
 8 routed interfaces and 1024 VLANs.

  number of unicast mac addresses:                  6K

 On next reload, template will be "desktop IPv4 and IPv6 routing" template.
"""


def test_parse_the_active_and_pending_templates():
    assert parse_show("cisco_ios", "show sdm prefer", FACTORY) == [
        {"current": "default", "next": ""}
    ]
    assert parse_show("cisco_ios", "show sdm prefer", PENDING) == [
        {"current": "default", "next": "lanbase-routing"}
    ]
    assert read_sdm(PENDING).active == "default"
    assert read_sdm(PENDING).pending == "lanbase-routing"
    assert read_sdm(PREPARED).active == "lanbase-routing"
    assert read_sdm(PREPARED).pending is None
    assert (read_sdm(DESKTOP).active, read_sdm(DESKTOP).pending) == (
        "desktop default",
        "desktop IPv4 and IPv6 routing",
    )
    assert read_sdm("% Invalid input detected at '^' marker.\n").active is None
    assert read_sdm("").active is None


def test_the_designed_template_active_goes_on():
    plan = plan_sdm("curie-sw1", "lanbase-routing", PREPARED, allow_reload=False)
    assert plan.problem is None and not plan.reload and plan.commands == []
    assert plan.preview == ""


def test_another_template_without_allow_reload_is_refused():
    plan = plan_sdm("curie-sw1", "lanbase-routing", FACTORY, allow_reload=False)
    assert not plan.reload and plan.commands == []
    assert plan.problem == refusal("curie-sw1", "default", "lanbase-routing")
    assert plan.problem == (
        "curie-sw1: plan refused, nothing was sent: the stack runs SDM template default, "
        "routing needs lanbase-routing, which takes effect only after a reload. Either have "
        "the technician run `sdm prefer lanbase-routing` in configuration mode and reload the "
        "stack, or rerun with -e schools_allow_reload=true to let the deploy do both"
    )
    # chosen but not yet reloaded: still not active, still refused
    pending = plan_sdm("curie-sw1", "lanbase-routing", PENDING, allow_reload=False)
    assert pending.problem is not None and "runs SDM template default" in pending.problem


def test_another_template_with_allow_reload_selects_and_reloads():
    plan = plan_sdm("curie-sw1", "lanbase-routing", FACTORY, allow_reload=True)
    assert plan.problem is None and plan.reload
    assert plan.commands == ["configure terminal", "sdm prefer lanbase-routing", "end"]
    assert "sdm prefer lanbase-routing" in plan.preview
    assert "reload the stack" in plan.preview


def test_an_unreadable_output_is_refused_even_with_allow_reload():
    plan = plan_sdm("curie-sw1", "lanbase-routing", "garbage\n", allow_reload=True)
    assert not plan.reload
    assert plan.problem is not None and "did not name the active SDM template" in plan.problem


def test_after_the_reload_the_template_must_be_active():
    assert check_after_reload("curie-sw1", "lanbase-routing", PREPARED) is None
    problem = check_after_reload("curie-sw1", "lanbase-routing", PENDING)
    assert problem is not None
    assert "after the reload the stack runs SDM template default, not lanbase-routing" in problem


def _routing_intent(template):
    return {
        "hostname": "curie-sw1",
        "routing": {"enabled": True, "sdm_template": template},
    }


def test_verify_reports_the_active_template():
    report = Report("curie-sw1", "curie")
    parsed = {"show sdm prefer": parse_show("cisco_ios", "show sdm prefer", FACTORY)}
    sdm_template(report, _routing_intent("lanbase-routing"), parsed)
    assert report.drifts == ["curie-sw1 runs SDM template default, intended lanbase-routing"]
    assert report.checks == {"sdm template": 1}
    report = Report("curie-sw1", "curie")
    parsed = {"show sdm prefer": parse_show("cisco_ios", "show sdm prefer", PREPARED)}
    sdm_template(report, _routing_intent("lanbase-routing"), parsed)
    assert report.drifts == [] and report.checks == {"sdm template": 1}
    # no template needed (an IOS-XE stack): nothing read, nothing counted
    report = Report("jaures-sw1", "jaures")
    sdm_template(report, _routing_intent(None), {})
    assert report.drifts == [] and report.checks == {}


def test_show_sdm_prefer_is_read_only_on_stacks_that_need_a_template():
    city = design_city(DEMO)
    asked = {
        name
        for name, device in city.devices.items()
        if device.platform == "cisco_ios"
        and "show sdm prefer" in show_commands(device.kind, device.platform, device)
    }
    needing = {
        name
        for name, device in city.devices.items()
        if (device.intent().get("routing") or {}).get("sdm_template")
    }
    assert asked == needing == {"curie-sw1", "ferry-sw1"}
    # without a device (the kind's commands), never
    assert "show sdm prefer" not in show_commands("switch_stack", "cisco_ios")
