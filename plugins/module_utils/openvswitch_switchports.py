# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A switch's designed ports (as the intent gives them) as Open vSwitch bridges and ports.

The design speaks IOS: access ports with an optional voice VLAN, trunks with
a native VLAN, LACP port-channels, portfast and guards. Each maps to OVS as
closely as OVS allows, and what OVS cannot do is said, not hidden:

* access port          -> ``vlan_mode=access tag=V``
* access + voice VLAN  -> ``vlan_mode=native-untagged tag=V trunks=V,VOICE``
  (the PC untagged, the phone tagged, as a Catalyst treats it)
* trunk, native VLAN N -> ``vlan_mode=native-untagged tag=N trunks=<allowed>``
* port-channel         -> an LACP bond (``lacp=active``, ``bond_mode=balance-tcp``)
  in its own bridge, patched into the switch's bridge: OVS refuses RSTP on a
  bond, and IOS runs spanning tree on the Port-channel, not on its members;
  the patch port carries the Port-channel's VLANs and spanning-tree settings
* portfast             -> ``other_config:rstp-port-admin-edge=true``
* shutdown             -> the port is kept off the bridge (OVS has no
  persistent administrative shutdown; a port off the bridge forwards nothing)
* management SVI       -> the bridge's internal port as an access port of the
  management VLAN
* BPDU guard, root guard, loop guard, err-disable recovery -> not in OVS;
  reported in ``unsupported``.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_names import (
    lag_names,
    ovs_port_name,
)
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_plan import (
    BridgeSpec,
    PortSpec,
)

MANAGE_CHOICES = ("vlans", "spanning_tree")


def vlan_columns(port: dict[str, Any]) -> dict[str, Any]:
    """The Port columns of one designed interface or port-channel."""
    name = port.get("name")
    if port.get("mode") == "trunk":
        allowed = sorted(int(v) for v in port.get("allowed_vlans") or [])
        if not allowed:
            # An empty trunks column means every VLAN to OVS: never write it.
            raise ValueError(f"{name}: a trunk with no allowed VLAN cannot be modelled")
        native = port.get("native_vlan")
        if native is None:
            return {"vlan_mode": "trunk", "tag": None, "trunks": allowed}
        return {"vlan_mode": "native-untagged", "tag": int(native), "trunks": allowed}
    access = port.get("access_vlan")
    if access is None:
        raise ValueError(f"{name}: an access port without an access VLAN")
    voice = port.get("voice_vlan")
    if voice is not None:
        return {
            "vlan_mode": "native-untagged",
            "tag": int(access),
            "trunks": sorted({int(access), int(voice)}),
        }
    return {"vlan_mode": "access", "tag": int(access), "trunks": []}


def _edge(port: dict[str, Any]) -> dict[str, str | None]:
    return {"rstp-port-admin-edge": "true" if port.get("portfast") else None}


def _selection(
    interfaces: list[dict[str, Any]], channels: list[dict[str, Any]], only: list[str] | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    by_name = {ovs_port_name(i["name"]): i for i in interfaces}
    by_channel = {ovs_port_name(c["name"]): c for c in channels}
    if only is None:
        wanted = set(by_channel) | {n for n, i in by_name.items() if i.get("channel_group") is None}
    else:
        wanted = {ovs_port_name(name) for name in only}
        unknown = sorted(wanted - set(by_name) - set(by_channel))
        if unknown:
            raise ValueError(f"not in the design of this switch: {', '.join(unknown)}")
    chosen_channels = [c for n, c in by_channel.items() if n in wanted]
    members = {ovs_port_name(m) for c in chosen_channels for m in c.get("members", [])}
    bundled = []
    for name in sorted(wanted & set(by_name)):
        group = by_name[name].get("channel_group")
        if group is not None and name not in members:
            bundled.append(f"{name} (Port-channel{group})")
    if bundled:
        raise ValueError(
            "member ports of a port-channel come with it; select the port-channel instead of "
            + ", ".join(bundled)
        )
    chosen = [i for n, i in by_name.items() if n in wanted and i.get("channel_group") is None]
    return chosen, chosen_channels


def _guards(interfaces: list[dict[str, Any]], channels: list[dict[str, Any]]) -> list[str]:
    notes = []
    bpdu = [
        ovs_port_name(i["name"])
        for i in interfaces
        if i.get("bpdu_guard") and not i.get("shutdown")
    ]
    if bpdu:
        notes.append(
            f"BPDU guard on {len(bpdu)} edge port(s) ({', '.join(bpdu)}): Open vSwitch has no "
            "BPDU guard; an edge port that hears a BPDU loses its edge status and RSTP blocks "
            "the loop instead of err-disabling the port"
        )
    for guard in ("root", "loop"):
        ports = [ovs_port_name(c["name"]) for c in channels + interfaces if c.get("guard") == guard]
        if ports:
            notes.append(f"{guard} guard on {', '.join(ports)}: not available in Open vSwitch")
    return notes


def switch_plan(
    bridge: str,
    datapath_type: str,
    interfaces: list[dict[str, Any]],
    port_channels: list[dict[str, Any]],
    only: list[str] | None = None,
    manage: tuple[str, ...] = MANAGE_CHOICES,
    management: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Specs for the selected designed ports: bridges, ports, ports to remove, notes."""
    vlans, stp = "vlans" in manage, "spanning_tree" in manage
    chosen, channels = _selection(interfaces, port_channels, only)
    bridges: list[BridgeSpec] = []
    ports: list[PortSpec] = []
    absent: list[str] = []
    routed = [c for c in chosen + channels if c.get("mode") == "routed"]
    chosen = [i for i in chosen if i.get("mode") != "routed"]
    channels = [c for c in channels if c.get("mode") != "routed"]
    for iface in routed:  # a routed port is no port of the bridge (its address lives in Linux)
        if vlans:
            absent.append(ovs_port_name(iface["name"]))
    for iface in chosen:
        name = ovs_port_name(iface["name"])
        if iface.get("shutdown"):
            if vlans:
                absent.append(name)
            continue
        ports.append(
            PortSpec(
                name,
                bridge,
                columns=vlan_columns(iface) if vlans else None,
                other_config=_edge(iface) if stp else None,
                external_ids={"citynet-ios-name": iface["name"]} if vlans else None,
                create=vlans,
            )
        )
    for channel in channels:
        names = lag_names(ovs_port_name(channel["name"]))
        if vlans:
            bridges.append(
                BridgeSpec(
                    names["bridge"],
                    datapath_type=datapath_type,
                    rstp_enable=False,
                    other_config={"forward-bpdu": "true"},
                    external_ids={"citynet-lag-of": f"{bridge}/{names['port']}"},
                )
            )
            members = [ovs_port_name(m) for m in channel.get("members", [])]
            ports.append(
                PortSpec(
                    names["bond"],
                    names["bridge"],
                    interfaces=members,
                    columns={"lacp": "active", "bond_mode": "balance-tcp"},
                )
            )
            ports.append(
                PortSpec(names["patch"], names["bridge"], kind="patch", peer=names["port"])
            )
        ports.append(
            PortSpec(
                names["port"],
                bridge,
                kind="patch",
                peer=names["patch"],
                columns=vlan_columns(channel) if vlans else None,
                other_config=_edge(channel) if stp else None,
                external_ids={"citynet-ios-name": channel["name"]} if vlans else None,
                create=vlans,
            )
        )
    if vlans and management and management.get("vlan") is not None:
        ports.append(
            PortSpec(
                bridge,
                bridge,
                kind="internal",
                columns={"vlan_mode": "access", "tag": int(management["vlan"]), "trunks": []},
            )
        )
    return {
        "bridges": bridges,
        "ports": ports,
        "absent": absent,
        "unsupported": _guards(chosen, channels) if stp else [],
        "selected": sorted(ovs_port_name(i["name"]) for i in chosen)
        + sorted(ovs_port_name(c["name"]) for c in channels),
    }
