"""Spanning-tree guards placed from a school's topology, and what the renderings make of it.

Also the renderings that must follow the data model exactly: the README's
models of a mixed stack, a backup router whose LAN is disabled, and a lease
time given as an integer number of seconds.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.citynet.schools.plugins.plugin_utils.platforms.teltonika_rutos import (
    uci_options,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
    render_device,
    render_school_readme,
    stack_models,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    messages,
)


def _guards(city: Any, hostname: str) -> dict[str, str | None]:
    return {po["name"]: po["guard"] for po in city.devices[hostname].port_channels}


def _ring(data: dict[str, Any]) -> None:
    """A third stack swc, joined to swa and to swb: swb and swc each reach swa two ways."""
    data["stacks"].append(
        {
            "name": "swc",
            "building": "gymnase",
            "members": [
                {"number": 1, "model": "C9200L-24P-4X", "serial": "JAE2405Q0G9", "priority": 15}
            ],
        }
    )
    data["uplinks"] += [
        {
            "stack": "swc",
            "channel": 1,
            "ports": ["Te1/1/1", "Te1/1/2"],
            "to": {"stack": "swa", "channel": 4, "ports": ["Te1/1/4", "Te2/1/4"]},
        },
        {
            "stack": "swb",
            "channel": 2,
            "ports": ["Te1/1/3", "Te1/1/4"],
            "to": {"stack": "swc", "channel": 2, "ports": ["Te1/1/3", "Te1/1/4"]},
        },
    ]


def test_root_guard_on_a_stack_reached_only_through_this_one(tmp_path):
    city, _root = city_after(tmp_path)
    assert _guards(city, "pasteur-swa") == {
        "Port-channel1": None,  # routed uplinks: no spanning tree there
        "Port-channel2": None,
        "Port-channel3": "root",  # swb reaches the routing stack (the root) through this link alone
    }
    assert _guards(city, "pasteur-swb") == {"Port-channel1": "loop"}


def test_no_root_guard_on_a_possible_path_to_the_root(tmp_path):
    city, _root = city_after(tmp_path, "pasteur", _ring)
    assert messages(city) == []
    # the root (swa) guards every downlink; swb reaches it directly or through swc, so
    # root guard on swc's end towards swb would isolate swb's path when swb's own link fails
    assert _guards(city, "pasteur-swa") == {
        "Port-channel1": None,
        "Port-channel2": None,
        "Port-channel3": "root",
        "Port-channel4": "root",
    }
    assert _guards(city, "pasteur-swb") == {"Port-channel1": "loop", "Port-channel2": "loop"}
    assert _guards(city, "pasteur-swc") == {"Port-channel1": "loop", "Port-channel2": "loop"}
    text = render_device(city.devices["pasteur-swc"])
    block = text.split("interface Port-channel2\n", 1)[1].split("!", 1)[0]
    assert " spanning-tree guard loop" in block
    assert "guard root" not in block


def test_stack_models_names_every_model_of_a_mixed_stack():
    assert stack_models([{"model": "C9300-48P"}]) == "C9300-48P"
    members = [{"model": m} for m in ("C9300-48P", "C9300-24P", "C9300-48P")]
    assert stack_models(members) == "2 \u00d7 C9300-48P, 1 \u00d7 C9300-24P"


def test_readme_lists_the_models_of_a_mixed_stack(tmp_path):
    def third_member(data: dict[str, Any]) -> None:
        data["stacks"][0]["members"].append(
            {"number": 3, "model": "C9300-48P", "serial": "FOC2301Y0P3", "priority": 5}
        )

    city, _root = city_after(tmp_path, "pasteur", third_member)
    assert messages(city) == []
    readme = render_school_readme(city, "pasteur")
    assert (
        "| pasteur-swa | pile de commutateurs (3 membres) | 2 \u00d7 C9300-24P, 1 \u00d7 C9300-48P |"
        in readme
    )


def _router_change(**router: Any):
    def change(data: dict[str, Any]) -> None:
        data["backup_router"].update(router)

    return change


def test_rutos_serves_no_dhcp_on_a_disabled_lan(tmp_path):
    city, _root = city_after(tmp_path, "curie", _router_change(lan_enabled=False))
    options = uci_options(city.devices["curie-4g"].intent())
    assert options["network.lan.disabled"] == "1"
    assert options["dhcp.lan.ignore"] == "1"


def test_rutos_serves_dhcp_on_an_enabled_lan(tmp_path):
    city, _root = city_after(tmp_path)
    options = uci_options(city.devices["curie-4g"].intent())
    assert options["network.lan.disabled"] == "0"
    assert options["dhcp.lan.ignore"] == "0"


def test_dnsmasq_serves_no_dhcp_on_a_disabled_lan(tmp_path):
    city, _root = city_after(tmp_path, "moulin", _router_change(lan_enabled=False))
    text = render_device(city.devices["moulin-4g"])
    assert "no-dhcp-interface=lan0\n" in text
    assert "dhcp-range=" not in text
    assert "dhcp-authoritative" not in text


def test_ios_router_shuts_a_disabled_lan(tmp_path):
    city, _root = city_after(tmp_path, "jaures", _router_change(lan_enabled=False))
    text = render_device(city.devices["jaures-4g"])
    lan = text.split("interface GigabitEthernet0/0/0\n", 1)[1].split("!", 1)[0]
    assert " shutdown\n" in lan


def test_integer_lease_time_is_seconds_on_every_platform(tmp_path):
    def lease(data: dict[str, Any]) -> None:
        data["backup_router"]["dhcp"]["lease_time"] = 3600

    # the city's default, and moulin's own override (a school file takes an integer too)
    city, _root = city_after(tmp_path, "moulin", lease, city_change=lease)
    assert messages(city) == []
    assert uci_options(city.devices["curie-4g"].intent())["dhcp.lan.leasetime"] == "3600"
    assert " lease 0 1\n" in render_device(city.devices["jaures-4g"])
    assert ",255.255.255.192,3600\n" in render_device(city.devices["moulin-4g"])
    readme = render_school_readme(city, "curie")
    assert ", bail 3600" in readme
