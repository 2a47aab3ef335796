"""The designed OSPF authentication, in real FRR: the same key on both ends forms the
adjacency, a wrong key keeps it from forming.

Two namespaces joined by a veth /31, each running zebra and ospfd with the
configuration the twin writes from a routing intent (lab.routing.frr_conf), each
announcing a loopback /32: the neighbour's /32 appears as a ``proto ospf`` route
only over an adjacency.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.routing import (
    frr_conf,
    start_frr,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.lab.system import (
    read_pidfile,
    run,
    stop,
)
from ansible_collections.citynet.schools.tests.prerequisites import require, require_root

SIDES = (("10.255.0.0", "192.0.2.1"), ("10.255.0.1", "192.0.2.2"))  # link address, loopback


def _intent(link: str, loopback: str) -> dict:
    ospf_interface = {"network": "point-to-point", "hello": 1, "dead": 3, "key_id": 1}
    return {
        "ports": {"Port-channel1": {"address": link, "ospf": ospf_interface}},
        "ospf": {
            "router_id": loopback,
            "area": 0,
            "stub": None,
            "areas": [],
            "active": ["Port-channel1"],
            "networks": [
                {"network": "10.255.0.0", "wildcard": "0.0.0.1", "area": 0},
                {"network": loopback, "wildcard": "0.0.0.0", "area": 0},
            ],
            "redistribute_static": False,
            "default_originate": False,
        },
    }


@pytest.fixture
def pair(tmp_path):
    require_root("two network namespaces running FRR")
    require(Path("/usr/lib/frr/ospfd").exists(), "FRR (scripts/install-system-packages.sh)")
    tag = secrets.token_hex(3)
    names = [f"cnospf{tag}a", f"cnospf{tag}b"]
    base = Path(f"/tmp/cnospf{tag}")
    for netns in names:
        run(["ip", "netns", "add", netns])
    run(["ip", "link", "add", "po1", "netns", names[0], "type", "veth",
         "peer", "name", "po1", "netns", names[1]])  # fmt: skip
    for netns, (link, loopback) in zip(names, SIDES, strict=True):
        run(["ip", "-n", netns, "addr", "add", f"{link}/31", "dev", "po1"])
        run(["ip", "-n", netns, "link", "set", "po1", "up"])
        run(["ip", "-n", netns, "link", "set", "lo", "up"])
        run(["ip", "-n", netns, "addr", "add", f"{loopback}/32", "dev", "lo"])
    try:
        yield names, base
    finally:
        pids = [
            pid
            for netns in names
            for daemon in ("ospfd", "zebra")
            if (pid := read_pidfile(base / netns / f"{daemon}.pid"))
        ]
        stop(pids)
        for netns in names:
            run(["ip", "netns", "del", netns], check=False)
        shutil.rmtree(base, ignore_errors=True)


def _start(names: list[str], base: Path, keys: tuple[str, str]) -> None:
    for netns, (link, loopback), key in zip(names, SIDES, keys, strict=True):
        start_frr(netns, base / netns, frr_conf(netns, _intent(link, loopback), key))


def _ospf_routes(netns: str) -> set[str]:
    done = run(["ip", "-n", netns, "-j", "route", "show", "proto", "ospf"])
    return {r["dst"] for r in json.loads(done.stdout or "[]")}


def _learned_within(names: list[str], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if "192.0.2.2" in _ospf_routes(names[0]) and "192.0.2.1" in _ospf_routes(names[1]):
            return True
        time.sleep(0.5)
    return False


def test_the_same_key_on_both_ends_forms_the_adjacency(pair):
    names, base = pair
    _start(names, base, ("K3y-same-both", "K3y-same-both"))
    assert _learned_within(names, 20), "no adjacency with the same key on both ends"
    conf = (base / names[0] / "frr.conf").read_text(encoding="utf-8")
    assert " ip ospf authentication message-digest" in conf
    assert " ip ospf message-digest-key 1 md5 K3y-same-both" in conf


def test_a_wrong_key_keeps_the_adjacency_from_forming(pair):
    names, base = pair
    _start(names, base, ("K3y-one-side", "K3y-other-one"))
    # 12 s: four dead intervals, beyond the 10 s a matching pair takes (lab-notes)
    assert not _learned_within(names, 12), "an adjacency formed with different keys"
