"""The routed design read back from the rendered files, for the demo city and 1,000 schools.

Every routed VLAN's gateway is on exactly one device, every DHCP pool a README
lists has a relay or a server that serves it, no core port carries a school
VLAN, and no two devices share a management address: checked on the files a
technician and the devices receive, not on the intent they were made from.
"""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.deploy.blocks import parse_blocks
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import City, design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
    render_device,
    render_school_readme,
)

ROOT = Path(__file__).resolve().parents[2]
_ROW = re.compile(r"^\| (\d+) \| [^|]+ \| [^|]+ \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|")


@pytest.fixture(scope="module", params=["demo", "generated-1000"])
def city(request, tmp_path_factory) -> City:
    if request.param == "demo":
        return design_city(ROOT / "inventories" / "demo")
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_city import write_city

    root = write_city(1000, tmp_path_factory.mktemp("routed") / "city")
    built = design_city(root)
    assert not built.issues, [str(i) for i in built.issues[:3]]
    assert len(built.schools) == 1000
    return built


@pytest.fixture(scope="module")
def files(city: City) -> dict[str, str]:
    return {name: render_device(device) for name, device in city.devices.items()}


def _addresses(text: str) -> list[tuple[str, str, str]]:
    """(interface, address, netmask) of every addressed interface of an IOS file."""
    out = []
    for top, children in parse_blocks(text):
        for child in children:
            found = re.match(r"^ ip address (\S+) (\S+)$", child)
            if top.startswith("interface ") and found:
                out.append((top.removeprefix("interface "), found.group(1), found.group(2)))
    return out


def test_every_gateway_is_on_exactly_one_device(city: City, files: dict[str, str]):
    held: dict[str, list[str]] = defaultdict(list)
    for name, text in files.items():
        if text.startswith("!"):  # IOS files only; RutOS and dnsmasq are checked below
            for interface, address, _mask in _addresses(text):
                held[address].append(f"{name} {interface}")
    checked = 0
    for school in city.schools.values():
        for placed in school.addressing.vlans:
            if placed.subnet is None or not placed.vlan.routed:
                continue
            assert len(held[placed.gateway]) == 1, (
                school.code,
                placed.vlan.id,
                held[placed.gateway],
            )
            assert held[placed.gateway][0] == (
                f"{school.code}-{school.routing.stack} Vlan{placed.vlan.id}"
            )
            checked += 1
    assert checked >= 7 * len(city.schools)


def test_every_pool_of_a_readme_is_served(city: City, files: dict[str, str]):
    servers = city.plan.dhcp["servers"]
    checked = 0
    for code, school in city.schools.items():
        readme = render_school_readme(city, code)
        stack = files[f"{code}-{school.routing.stack}"]
        blocks = dict(parse_blocks(stack))
        for line in readme.splitlines():
            row = _ROW.match(line)
            if not row or row.group(4).strip() == "-":
                continue
            vlan, subnet, pool, served = (
                row.group(1),
                row.group(2).strip(),
                row.group(4).strip(),
                row.group(5).strip(),
            )
            net = ipaddress.IPv4Network(subnet)
            if served.startswith("relais vers"):
                assert [c.strip() for c in blocks[f"interface Vlan{vlan}"] if "helper" in c] == [
                    f"ip helper-address {s}" for s in servers
                ], (code, vlan)
            elif served.startswith("la pile"):
                pools = [
                    children
                    for top, children in parse_blocks(stack)
                    if top.startswith("ip dhcp pool ")
                ]
                assert any(f" network {net.network_address} {net.netmask}" in c for c in pools)
            else:
                assert served.startswith("le routeur 4G"), (code, vlan, served)
                router = files[served.removeprefix("le routeur 4G ")]
                first = pool.split(" - ")[0]
                assert (
                    "ip dhcp pool" in router  # IOS
                    or f"dhcp-range={first}," in router  # dnsmasq
                    or "set dhcp.lan.start=" in router  # RutOS
                ), (code, vlan)
            checked += 1
    assert checked >= 4 * len(city.schools)  # four relayed or served pools, and the router's


def test_no_core_port_carries_a_school_vlan(city: City, files: dict[str, str]):
    for name in city.plan.cores:
        text = files[name]
        assert not re.search(r"^ switchport", text, re.M), name
        assert not re.search(r"^vlan \d+$", text, re.M), name
        assert not re.search(r"^interface Vlan\d+$", text, re.M), name
        subs = re.findall(r"^interface Port-channel\d+\.(\d+)$", text, re.M)
        assert len(subs) == len(set(subs)), f"{name}: a transit tag used twice"


def test_no_two_devices_share_a_management_address(city: City):
    seen: dict[str, str] = {}
    for name, device in city.devices.items():
        intent = device.intent()
        address = (intent.get("management") or {}).get("address") or intent["lan"]["address"]
        assert address not in seen, (name, seen.get(address))
        seen[address] = name
    assert len(seen) == len(city.devices)
