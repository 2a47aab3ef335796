"""The twin's shape, computed from the design, for every demo school (no root needed)."""

from __future__ import annotations

import ipaddress
import json
from collections import Counter

import pytest
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_names import (
    MAX_NAME,
    ovs_port_name,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.topology import (
    PREFIX,
    ansible_hosts,
    from_dict,
    linux_name,
    twin_topology,
)

from .conftest import SCHOOLS


def _twin(demo, code):
    return twin_topology(demo, code, code, f"/tmp/citynet-lab-{code}")


@pytest.mark.parametrize("code", SCHOOLS)
def test_every_name_fits_and_is_unique_in_its_namespace(demo, code):
    t = _twin(demo, code)
    assert len(set(t.namespaces)) == len(t.namespaces)
    assert all(ns.startswith(f"{PREFIX}{code}-") for ns in t.namespaces)
    names = Counter()
    for v in t.veths:
        names[(v.a_ns, v.a_if)] += 1
        names[(v.b_ns, v.b_if)] += 1
    for e in t.endpoints:
        if e.tagged:
            names[(e.netns, e.ifname)] += 1
    assert all(count == 1 for count in names.values()), [k for k, c in names.items() if c > 1]
    assert all(len(ifname) <= MAX_NAME for _ns, ifname in names)


@pytest.mark.parametrize("code", SCHOOLS)
def test_switch_ports_are_designed_ports_and_every_veth_lands_on_one(demo, code):
    t = _twin(demo, code)
    for switch in t.switches:
        intent = demo.devices[switch.host].intent()
        designed = {i["name"] for i in intent["interfaces"]} | {
            p["name"] for p in intent["port_channels"]
        }
        assert set(switch.ports) <= designed
        bundled = {
            m for p in intent["port_channels"] if p["name"] in switch.ports for m in p["members"]
        }
        mapped = {ovs_port_name(n) for n in switch.ports if not n.startswith("Port-channel")}
        mapped |= {ovs_port_name(n) for n in bundled} | {
            p.port for p in t.plumbing if p.switch == switch.host
        }
        ends = {v.a_if for v in t.veths if v.a_ns == switch.netns} | {
            v.b_if for v in t.veths if v.b_ns == switch.netns
        }
        routed = {linux_name(u["interface"]) for u in intent["routing"]["uplinks"]}
        assert ends == mapped | routed


@pytest.mark.parametrize("code", SCHOOLS)
def test_hosts_sit_on_their_profiles_ports_with_the_designed_vlans(demo, code):
    t = _twin(demo, code)
    for host in t.hosts:
        if host.profile == "(probe)":
            continue
        port = next(
            i for i in demo.devices[host.switch].intent()["interfaces"] if i["name"] == host.port
        )
        assert port["profile"] == host.profile
        untagged = [e for e in host.endpoints if not e.tagged]
        tagged = sorted(e.vlan for e in host.endpoints if e.tagged)
        if port["mode"] == "trunk":
            assert [e.vlan for e in untagged] == [port["native_vlan"]]
            assert tagged == sorted(set(port["allowed_vlans"]) - {port["native_vlan"]})
        else:
            assert [e.vlan for e in untagged] == [port["access_vlan"]]
            assert tagged == ([port["voice_vlan"]] if port["voice_vlan"] else [])
    per_profile = Counter((h.switch, h.profile) for h in t.hosts)
    assert max(per_profile.values()) <= 2


@pytest.mark.parametrize("code", SCHOOLS)
def test_expectations_come_from_the_design(demo, code):
    t = _twin(demo, code)
    router = demo.devices[f"{code}-4g"].intent()
    for e in t.endpoints:
        x = e.expect
        if x.addressing == "dhcp":
            net = ipaddress.IPv4Network(x.subnet)
            assert ipaddress.IPv4Address(x.first) in net and ipaddress.IPv4Address(x.last) in net
            if x.relay:  # relayed: the town hall's servers, through the VLAN's gateway
                stack = demo.devices[t.routing_stack].intent()
                assert x.servers == stack["dhcp_service"]["relays"][f"Vlan{e.vlan}"]
                assert ipaddress.IPv4Address(x.relay) in net and x.server in x.servers
            else:
                assert ipaddress.IPv4Address(x.server) in net
            if e.vlan == router["lan"]["vlan"]:
                assert (x.first, x.last, x.server) == (
                    router["dhcp"]["first"],
                    router["dhcp"]["last"],
                    router["lan"]["address"],
                )
                assert x.lease_seconds == router["dhcp"]["lease_seconds"]
                assert x.upstream == router["dns_servers"]
        elif x.addressing == "static":
            address = ipaddress.IPv4Interface(x.address)
            assert address.network == ipaddress.IPv4Network(x.subnet)
    statics = [e.expect.address for e in t.endpoints if e.expect.addressing in ("static", "switch")]
    assert len(statics) == len(set(statics))


def test_the_probe_crosses_the_bundle_between_stacks(demo):
    t = _twin(demo, "pasteur")
    probe = next(h for h in t.hosts if h.name == "probe")
    assert t.router.switch == "pasteur-swb" and probe.switch == "pasteur-swa"
    assert [(x.a_host, x.b_host) for x in t.lacp if x.a_host == "pasteur-swb"] == [
        ("pasteur-swb", "pasteur-swa")
    ]


def test_the_loop_uses_two_free_ports_of_one_access_profile(demo):
    t = _twin(demo, "jaures")
    assert t.loop.switch == "jaures-sw1"
    used = {h.port for h in t.hosts}
    assert not used & set(t.loop.ports)
    intent = {i["name"]: i for i in demo.devices["jaures-sw1"].intent()["interfaces"]}
    assert {intent[p]["profile"] for p in t.loop.ports} == {"pc_teaching"}
    assert [v.up for v in t.veths if v.purpose == "loop"] == [False]


def test_root_and_priorities_are_the_designed_ones(demo):
    t = _twin(demo, "pasteur")
    assert t.root == t.routing_stack == "pasteur-swa"
    assert {s.host: s.priority for s in t.switches} == {"pasteur-swa": 4096, "pasteur-swb": 61440}


@pytest.mark.parametrize("code", SCHOOLS)
def test_the_routed_city_around_the_school_comes_from_the_intents(demo, code):
    t = _twin(demo, code)
    stack = demo.devices[t.routing_stack].intent()["routing"]
    uplinks = [
        v for v in t.veths if v.purpose == "uplink" and v.a_ns == t.switch(t.routing_stack).netns
    ]
    assert [v.a_if for v in uplinks] == [linux_name(u["interface"]) for u in stack["uplinks"]]
    for up, veth in zip(stack["uplinks"], uplinks, strict=True):
        core = demo.devices[up["peer"]].intent()["routing"]
        down = next(d for d in core["downlinks"] if d["peer"] == t.routing_stack)
        assert (veth.b_ns, veth.b_if) == (t.node(up["peer"]).netns, linux_name(down["interface"]))
        assert down["address"] == up["peer_address"]
    assert {n.kind for n in t.nodes} == {"core", "internet", "townhall"}
    assert [v.purpose for v in t.veths].count("edge") == 2
    assert t.school_block == demo.devices[f"{code}-4g"].intent()["routes"][0]["subnet"]


def test_topology_survives_json_and_names_the_hosts(demo):
    t = twin_topology(demo, "moulin", "t42", "/tmp/citynet-lab-t42")
    assert from_dict(json.loads(json.dumps(t.to_dict()))) == t
    assert all(ns.startswith("citynet-lab-t42-") for ns in t.namespaces)
    hosts = {h["name"]: h["vars"] for h in ansible_hosts(t)}
    assert set(hosts) == {
        "lab-moulin-sw1",
        "lab-moulin-4g",
    }  # the cores are routers of the lab's own
    assert (
        hosts["lab-moulin-sw1"]["schools_ovs_db"] == "unix:/tmp/citynet-lab-t42/moulin-sw1/db.sock"
    )
    assert hosts["lab-moulin-4g"]["schools_platform"] == "dnsmasq"
    assert hosts["lab-moulin-4g"]["backup_router_cellular_interface"] == "wwan0"
    assert hosts["lab-moulin-sw1"]["schools_ovs_ports"][-1] == "GigabitEthernet1/0/24"


def test_an_unknown_school_has_no_twin(demo):
    with pytest.raises(ValueError, match="school nowhere is not a valid school"):
        twin_topology(demo, "nowhere", "x", "/tmp/x")
