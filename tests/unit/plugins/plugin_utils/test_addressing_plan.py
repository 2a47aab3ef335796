"""A school's addresses are placed once: every reader shows the same placement."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.design.devices import (
    RouterDesign,
    StackDesign,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
    render_school_readme,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import DEMO


def test_the_designs_and_the_readme_read_one_placement():
    city = design_city(DEMO)
    school = city.schools["pasteur"]
    addressing = school.addressing
    management = addressing.vlan("management")
    stacks = [d for d in city.devices_by_school["pasteur"] if isinstance(d, StackDesign)]
    # the routing stack is the management VLAN's gateway; the other stack takes offset + 1
    assert [d.management["address"] for d in stacks] == ["10.32.32.1", "10.32.32.3"]
    assert [d.management["gateway"] for d in stacks] == [None, management.gateway]
    assert management.gateway == "10.32.32.1"
    assert ("10.32.32.3", "the management address of stack swb") in management.reserved
    router = next(d for d in city.devices_by_school["pasteur"] if isinstance(d, RouterDesign))
    lan = addressing.router_lan
    assert lan is not None
    assert (router.lan["address"], router.lan["subnet"]) == (addressing.router_address, lan.subnet)
    assert router.lan["gateway"] == router.dhcp["router"] == lan.gateway == "10.32.32.65"
    assert (router.dhcp["first"], router.dhcp["last"]) == lan.pool
    readme = render_school_readme(city, "pasteur")
    for placed in addressing.vlans:
        if placed.subnet:
            assert f"| {placed.subnet} | {placed.gateway} |" in readme


def test_the_pool_and_fixed_hosts_are_never_handed_out_again():
    city = design_city(DEMO)
    lan = city.schools["curie"].addressing.router_lan
    assert lan is not None and lan.pool == ("10.32.16.84", "10.32.16.113")
    assert lan.outside_pool() == [
        ("10.32.16.65", "10.32.16.83"),
        ("10.32.16.114", "10.32.16.126"),
    ]
    free = list(lan.free_from_top())
    assert free[:2] == ["10.32.16.126", "10.32.16.125"]
    for held in ("10.32.16.65", "10.32.16.66", "10.32.16.100"):  # gateway, router, pool
        assert held not in free
