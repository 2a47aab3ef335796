"""One test per validation rule: the exact message, and the school left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    edit_yaml,
    messages,
    set_at,
)


def _school(tmp_path: Path, code: str, change) -> tuple[list[str], str]:
    city, root = city_after(tmp_path, code, change)
    assert code in city.invalid_schools
    assert code not in city.schools
    assert not any(
        getattr(d, "school", None) and d.school.code == code for d in city.devices.values()
    )
    return messages(city), str(root / "schools" / f"{code}.yml")


_set = set_at

CASES = [
    (
        "priority 16",
        "jaures",
        _set(["stacks", 0, "members", 1, "priority"], 16),
        "stacks[0].members[1].priority: priority 16 is out of range 1-15",
    ),
    (
        "priority 0",
        "jaures",
        _set(["stacks", 0, "members", 1, "priority"], 0),
        "stacks[0].members[1].priority: priority 0 is out of range 1-15",
    ),
    (
        "member number 9",
        "jaures",
        _set(["stacks", 0, "members", 1, "number"], 9),
        "stacks[0].members[1].number: member number 9 is out of range 1-8",
    ),
    (
        "duplicate member number",
        "jaures",
        _set(["stacks", 0, "members", 1, "number"], 1),
        "stacks[0].members[1].number: member number 1 is already used by members[0]",
    ),
    (
        "no clear highest priority",
        "jaures",
        _set(["stacks", 0, "members", 1, "priority"], 15),
        "stacks[0].members: two members share the highest priority 15; give the intended active "
        "member a priority strictly above the others",
    ),
    (
        "port missing on model",
        "curie",
        _set(["stacks", 0, "ports", 0, "ports"], "Gi1/0/1-30"),
        "stacks[0].ports[0].ports: GigabitEthernet1/0/29 does not exist on member 1 (WS-C2960X-24PS-L)",
    ),
    (
        "port on missing member",
        "curie",
        _set(["stacks", 0, "ports", 0, "ports"], "Gi2/0/1"),
        "stacks[0].ports[0].ports: GigabitEthernet2/0/1: stack sw1 has no member 2",
    ),
    (
        "port assigned twice",
        "curie",
        _set(["stacks", 0, "ports", 1, "ports"], "Gi1/0/12-14"),
        "stacks[0].ports[1].ports: GigabitEthernet1/0/12 is assigned twice (already Poste pédagogique et téléphone)",
    ),
    (
        "unknown profile",
        "curie",
        _set(["stacks", 0, "ports", 0, "profile"], "pc_teacher"),
        "stacks[0].ports[0].profile: unknown profile pc_teacher; known: camera, pc_admin, pc_teaching, "
        "printer, router_4g, unused, wifi_ap",
    ),
    (
        "LACP on one link",
        "curie",
        _set(["uplinks", 0, "ports"], ["Gi1/0/25"]),
        "uplinks[0].ports: an LACP bundle needs at least 2 member ports on stack sw1, got 1",
    ),
    (
        "uplink port used by a profile",
        "curie",
        _set(["uplinks", 0, "ports"], ["Gi1/0/1", "Gi1/0/26"]),
        "uplinks[0].ports[0]: GigabitEthernet1/0/1 is assigned twice (already Poste pédagogique et téléphone)",
    ),
    (
        "router port on the admin VLAN",
        "curie",
        _set(["stacks", 0, "ports", 5, "profile"], "pc_admin"),
        "backup_router.switch_port.port: GigabitEthernet1/0/24 is an access port on VLAN 20 "
        "(administration, a restricted VLAN) but the router's LAN is on VLAN 90 (backup): the router "
        "would never link with its clients; use a profile with vlan backup",
    ),
    (
        "router port tagged",
        "curie",
        _set(["stacks", 0, "ports", 5, "profile"], "wifi_ap"),
        "backup_router.switch_port.port: GigabitEthernet1/0/24 is a trunk (profile wifi_ap): the "
        "router's LAN is untagged, so the port must be an access port on VLAN 90 (backup)",
    ),
    (
        "router pool contains the gateway",
        "curie",
        _set(["backup_router", "dhcp"], {"start": 1, "limit": 50}),
        "backup_router.dhcp: DHCP pool 10.32.16.65-10.32.16.114 contains the router's LAN address "
        "10.32.16.66",
    ),
    (
        "router pool past the subnet",
        "curie",
        _set(["backup_router", "dhcp"], {"start": 40, "limit": 30}),
        "backup_router.dhcp: DHCP pool 10.32.16.104+30 ends past 10.32.16.64/26: host 69 > last "
        "usable host 62",
    ),
    (
        "malformed lease time",
        "curie",
        _set(["backup_router", "dhcp"], {"lease_time": "12 hours"}),
        "backup_router.dhcp.lease_time: '12 hours' does not match the expected form ^[0-9]+[smhdw]?$",
    ),
    (
        "malformed DNS server",
        "curie",
        _set(["backup_router", "dns_servers"], ["9.9.9.999"]),
        "backup_router.dns_servers[0]: '9.9.9.999' is not an IPv4 address",
    ),
    (
        "clear-text SIM PIN",
        "curie",
        _set(["backup_router", "sim_pin"], "1234"),
        "backup_router.sim_pin: a SIM PIN must never be written in clear text; give {var: NAME} (an "
        "Ansible Vault variable) or {env: NAME} (an environment variable)",
    ),
    (
        "code differs from file name",
        "curie",
        _set(["school", "code"], "curie2"),
        "school.code: code curie2 differs from the file name curie.yml",
    ),
    (
        "unknown key",
        "curie",
        _set(["school", "nmae"], "x"),
        "school: unknown key 'nmae'; expected one of: address, code, name, number",
    ),
    (
        "wrong type",
        "curie",
        _set(["school", "number"], "two"),
        "school.number: expected an integer, got str 'two'",
    ),
    (
        "unknown model",
        "curie",
        _set(["stacks", 0, "members", 0, "model"], "WS-C2960X-24"),
        "stacks[0].members[0].model: unknown access-switch model WS-C2960X-24; known: C9300-24P, "
        "C9300-48P, C9200L-24P-4X, C9200L-48P-4X, WS-C2960X-24PS-L, WS-C2960X-48FPD-L",
    ),
    (
        "uplink to an unknown core",
        "curie",
        _set(["uplinks", 0, "to", "core"], "core-c"),
        "uplinks[0].to.core: unknown core core-c; known: core-a, core-b",
    ),
    (
        "bundle ends of different sizes",
        "curie",
        _set(["uplinks", 0, "to", "ports"], ["Twe1/0/3", "Twe1/0/4", "Twe1/0/20"]),
        "uplinks[0].to.ports: the bundle has 2 port(s) on sw1 but 3 at the other end",
    ),
    (
        "mixed-speed bundle, stack end",
        "hugo",
        _set(["uplinks", 0, "ports"], ["Te1/1/1", "Gi1/0/45"]),
        "uplinks[0].ports: the bundle on stack sw1 mixes Te1/1/1 (TenGigabitEthernet, uplink "
        "port) and Gi1/0/45 (GigabitEthernet, front-panel port): the members of an LACP bundle "
        "must share speed and type",
    ),
    (
        "mixed-speed bundle, core end",
        "hugo",
        _set(["uplinks", 0, "to", "ports"], ["Twe1/0/5", "Hu1/0/51"]),
        "uplinks[0].to.ports: the bundle on core core-a mixes Twe1/0/5 (TwentyFiveGigE, uplink "
        "port) and Hu1/0/51 (HundredGigE, uplink port): the members of an LACP bundle must "
        "share speed and type",
    ),
    (
        "mixed-type bundle, same speed (SFP and copper)",
        "curie",
        _set(["uplinks", 0, "ports"], ["Gi1/0/25", "Gi1/0/23"]),
        "uplinks[0].ports: the bundle on stack sw1 mixes Gi1/0/25 (GigabitEthernet, uplink "
        "port) and Gi1/0/23 (GigabitEthernet, front-panel port): the members of an LACP bundle "
        "must share speed and type",
    ),
    (
        "mixed-speed bundle, far end of a stack-to-stack link",
        "pasteur",
        _set(["uplinks", 2, "to", "ports"], ["Te1/1/3", "Gi2/0/24"]),
        "uplinks[2].to.ports: the bundle on stack swa mixes Te1/1/3 (TenGigabitEthernet, uplink "
        "port) and Gi2/0/24 (GigabitEthernet, front-panel port): the members of an LACP bundle "
        "must share speed and type",
    ),
    (
        "integer lease time too short",
        "curie",
        _set(["backup_router", "dhcp"], {"lease_time": 60}),
        "backup_router.dhcp.lease_time: 60 is below the minimum 120",
    ),
    (
        "bad port range",
        "curie",
        _set(["stacks", 0, "ports", 0, "ports"], "Gi1/0/12-1"),
        None,  # message text belongs to port_expand; checked below by prefix
    ),
]


@pytest.mark.parametrize(("name", "code", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_message(tmp_path, name, code, change, expected):
    found, file = _school(tmp_path, code, change)
    prefix = f"{file}: school {code}: "
    assert all(m.startswith(prefix) for m in found), found
    if expected is None:
        assert found and "Gi1/0/12-1" in found[0]
    else:
        assert prefix + expected in found, found


def test_stack_split_over_buildings(tmp_path):
    def change(data):
        data["stacks"][0]["members"][1]["building"] = "gymnase"

    found, file = _school(tmp_path, "pasteur", change)
    assert found == [
        f"{file}: school pasteur: stacks[0].members: stack members are in different buildings "
        "(gymnase: member(s) 2; principal: member(s) 1). Stack cables are a few metres long and "
        "cannot join buildings: make one stack per building and join them with a fibre LACP uplink"
    ]


def test_clear_pin_is_never_echoed(tmp_path):
    found, _file = _school(tmp_path, "curie", _set(["backup_router", "sim_pin"], "987654"))
    assert not any("987654" in m for m in found)


def test_stack_without_path_to_a_core(tmp_path):
    def change(data):
        data["uplinks"] = [u for u in data["uplinks"] if u["stack"] != "swb"]

    found, file = _school(tmp_path, "pasteur", change)
    assert f"{file}: school pasteur: stacks[1]: stack swb has no uplink path to a core" in found


def test_every_error_reported_in_one_pass(tmp_path):
    def change(data):
        data["stacks"][0]["members"][0]["priority"] = 16
        data["stacks"][0]["ports"][0]["profile"] = "nope"
        data["backup_router"]["dns_servers"] = ["x"]

    found, _file = _school(tmp_path, "curie", change)
    assert len(found) == 3, found


def test_other_schools_still_designed(tmp_path):
    city, _root = city_after(tmp_path, "curie", _set(["stacks", 0, "members", 0, "priority"], 16))
    assert sorted(city.schools) == ["ferry", "hugo", "jaures", "moulin", "pasteur"]
    assert city.cores_held
    assert "core-a" not in city.devices


def test_core_channel_used_by_two_schools(tmp_path):
    city, root = city_after(tmp_path, "curie", _set(["uplinks", 0, "to", "channel"], 11))
    file = root / "schools" / "curie.yml"
    assert (
        f"{file}: school curie: uplinks[0].to.channel: port-channel 11 on core core-a is already used by school jaures"
        in messages(city)
        or (
            # files are read in name order: curie comes before jaures, so jaures is the one reported
            any(
                "port-channel 11 on core core-a is already used by school curie" in m
                for m in messages(city)
            )
        )
    )


def test_duplicate_school_number(tmp_path):
    city, root = city_after(tmp_path, "jaures", _set(["school", "number"], 2))
    file = root / "schools" / "jaures.yml"
    assert (
        f"{file}: school jaures: school.number: number 2 is already used by school curie"
        in messages(city)
    )


def test_serial_number_of_another_school(tmp_path):
    city, root = city_after(
        tmp_path, "ferry", _set(["stacks", 0, "members", 1, "serial"], "FOC1922S0AC")
    )
    file = root / "schools" / "ferry.yml"
    assert (
        f"{file}: school ferry: stacks[0].members[1].serial: serial number FOC1922S0AC is already "
        "used by school curie, stack sw1: each switch has its own serial number (printed on its label)"
    ) in messages(city)
    assert city.invalid_schools == {"ferry"}


@pytest.mark.parametrize(
    ("code", "pin", "holder"),
    [
        ("pasteur", {"var": "vault_sim_pin_hugo"}, "hugo"),
        ("moulin", {"env": "SIM_PIN_CURIE"}, "curie"),
    ],
)
def test_sim_pin_reference_of_another_school(tmp_path, code, pin, holder):
    city, root = city_after(tmp_path, code, _set(["backup_router", "sim_pin"], pin))
    kind, name = next(iter(pin.items()))
    assert (
        f"{root / 'schools' / f'{code}.yml'}: school {code}: backup_router.sim_pin: the SIM PIN "
        f"reference ({kind} {name}) is already used by school {holder}: each school's SIM card "
        "has its own PIN; give this school its own variable"
    ) in messages(city)


def test_same_pin_name_as_var_and_env_is_no_collision(tmp_path):
    """A vault variable and an environment variable of one name are two different secrets."""
    city, _root = city_after(
        tmp_path, "moulin", _set(["backup_router", "sim_pin"], {"var": "SIM_PIN_CURIE"})
    )
    assert not any("sim_pin" in m for m in messages(city))


def test_core_channel_collision_names_the_next_free_channel(tmp_path):
    def change(data):
        data["uplinks"][0]["to"] = {
            "core": "core-a",
            "channel": 11,
            "ports": ["Twe1/0/1", "Twe1/0/2"],
        }

    city, root = city_after(tmp_path, "moulin", change)
    file = root / "schools" / "moulin.yml"
    found = messages(city)
    # core-a holds 11 to 16 once moulin's own link (15) is left out: 17 comes next
    assert (
        f"{file}: school moulin: uplinks[0].to.channel: port-channel 11 on core core-a is already "
        "used by school jaures; the next free port-channel on core-a is 17"
    ) in found
    assert (
        f"{file}: school moulin: uplinks[0].to.ports[0]: Twe1/0/1 on core core-a is already used "
        "by school jaures; free ports of that type on core-a: Twe1/0/9, Twe1/0/10"
    ) in found


def test_next_free_channel_skips_the_interconnect(tmp_path):
    def change(data):
        data["uplinks"][0]["to"]["channel"] = 99

    _city, root = city_after(tmp_path, "jaures", change)
    edit = set_at(["uplinks", 0, "to", "channel"], 99)
    edit_yaml(root / "schools" / "curie.yml", edit)
    from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city

    found = messages(design_city(root))
    assert any(
        "port-channel 99 on core core-a is already used by school curie; the next free "
        "port-channel on core-a is 101" in m
        for m in found
    ), found


def test_core_port_spellings_collide(tmp_path):
    """Twe1/0/5 and TwentyFiveGigE1/0/5 are one port."""
    city, _root = city_after(
        tmp_path,
        "moulin",
        _set(["uplinks", 1, "to", "ports"], ["TwentyFiveGigE1/0/5", "Twe1/0/6"]),
    )
    assert any(
        "uplinks[1].to.ports[0]: TwentyFiveGigE1/0/5 on core core-b is already used by school hugo"
        in m
        for m in messages(city)
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "file is empty; expected a mapping"),
        ("- a\n- b\n", "file holds a list; expected a mapping"),
        ("school: [\n", "malformed YAML: line 2, column 1: did not find expected node content"),
    ],
)
def test_unreadable_school_file(tmp_path, content, expected):
    city, root = city_after(tmp_path)
    (root / "schools" / "curie.yml").write_text(content, encoding="utf-8")
    from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city

    city = design_city(root)
    assert messages(city) == [f"{root / 'schools' / 'curie.yml'}: school curie: {expected}"]
    assert "curie" in city.invalid_schools


def test_school_serving_its_own_dhcp_needs_the_city_dns_servers(tmp_path):
    """The city may relay without DNS servers; the one school that serves pools may not."""

    def city_change(data):
        del data["dhcp"]["dns_servers"]

    city, root = city_after(tmp_path, "hugo", _set(["dhcp"], {"mode": "local"}), city_change)
    file = root / "schools" / "hugo.yml"
    assert messages(city) == [
        f"{file}: school hugo: dhcp.mode: local mode needs dhcp.dns_servers in city.yml: "
        "the pools would give clients no DNS server"
    ]
    assert "hugo" in city.invalid_schools
    assert "jaures" in city.schools
