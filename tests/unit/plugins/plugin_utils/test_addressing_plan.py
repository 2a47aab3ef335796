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
    assert [d.management["address"] for d in stacks] == ["10.40.32.2", "10.40.32.3"]
    assert {d.management["gateway"] for d in stacks} == {management.gateway} == {"10.40.32.1"}
    assert ("10.40.32.3", "the management address of stack swb") in management.reserved
    router = next(d for d in city.devices_by_school["pasteur"] if isinstance(d, RouterDesign))
    lan = addressing.router_lan
    assert lan is not None
    assert (router.lan["address"], router.lan["subnet"]) == (lan.gateway, lan.subnet)
    assert (router.dhcp["first"], router.dhcp["last"]) == lan.pool
    readme = render_school_readme(city, "pasteur")
    for placed in addressing.vlans:
        if placed.subnet:
            assert f"| {placed.subnet} | {placed.gateway} |" in readme


def test_the_pool_and_fixed_hosts_are_never_handed_out_again():
    city = design_city(DEMO)
    lan = city.schools["curie"].addressing.router_lan
    assert lan is not None and lan.pool == ("192.168.50.100", "192.168.50.199")
    assert lan.outside_pool() == [
        ("192.168.50.1", "192.168.50.99"),
        ("192.168.50.200", "192.168.50.254"),
    ]
    free = list(lan.free_from_top())
    assert free[:2] == ["192.168.50.254", "192.168.50.253"]
    assert "192.168.50.1" not in free and "192.168.50.150" not in free
