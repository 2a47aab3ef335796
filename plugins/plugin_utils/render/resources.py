"""Intent in the shape of the cisco.ios resource modules.

The deploy roles hand these lists to ``cisco.ios.ios_l2_interfaces`` and
``ios_lag_interfaces`` (state replaced/overridden), and the tests check that
the same modules, in state parsed, read the rendered configuration back into
exactly these lists: the renderer and the resource modules agree.
"""

from __future__ import annotations

from typing import Any

from ..platforms.cisco_ios import ios_allowed_vlans


def l2_interfaces(intent: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for intf in [*intent["port_channels"], *intent["interfaces"]]:
        if intf["mode"] == "routed":
            continue  # a layer-3 port is not a layer-2 interface, and the parser leaves it out
        entry: dict[str, Any] = {"name": intf["name"], "mode": intf["mode"], "nonegotiate": True}
        if intf["mode"] == "access":
            entry["access"] = {"vlan": intf["access_vlan"]}
            if intf["voice_vlan"]:
                entry["voice"] = {"vlan": intf["voice_vlan"]}
        else:
            trunk: dict[str, Any] = {
                "allowed_vlans": [
                    t
                    for line in ios_allowed_vlans(intf["allowed_vlans"])
                    for t in line.removeprefix("add ").split(",")
                ]
            }
            if intf["native_vlan"]:
                trunk["native_vlan"] = intf["native_vlan"]
            entry["trunk"] = trunk
        spanning_tree: dict[str, Any] = {}
        if intf["portfast"] == "trunk":
            spanning_tree["portfast"] = {"trunk": True}
        if intf["guard"]:
            spanning_tree["guard"] = {intf["guard"]: True}
        if spanning_tree:
            entry["spanning_tree"] = spanning_tree
        out.append(entry)
    for sub in intent.get("routing", {}).get("subinterfaces", []):
        # a core's end of a transit VLAN: the tag on a routed sub-interface
        out.append(
            {"name": sub["interface"], "encapsulation": {"type": "dot1Q", "vlan_id": sub["vlan"]}}
        )
    return sorted(out, key=lambda e: e["name"])


def lag_interfaces(intent: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": po["name"], "members": [{"member": m, "mode": "active"} for m in po["members"]]}
        for po in intent["port_channels"]
    ]
