"""Verify checks of the routing concern: the routing table and OSPF adjacencies.

They read the intent section ``routing`` of a routing stack (see
docs/routed-design.md): ``enabled``, ``protocol``, ``svis[].subnet`` and
``.interface``, ``uplinks[].subnet``, ``.interface`` and ``.peer``,
``static_routes[]`` (``prefix``, ``netmask``, ``next_hop``, ``track``,
``distance``) and ``sdm_template`` (against ``show sdm prefer``, read only on
the devices that need a template). A stack with ``routing.enabled`` false (a layer-2 stack behind
the routing stack) checks nothing here and counts nothing.
"""

from __future__ import annotations

from typing import Any

from ..concerns.vlans import active_vlans
from .report import Parsed, Report
from .routes import DEFAULT, interface, network, routes, tracks


def _routing(intent: dict[str, Any]) -> dict[str, Any] | None:
    routing = intent.get("routing")
    return routing if routing and routing.get("enabled") else None


def connected_routes(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Every SVI subnet and uplink /31 is a connected route on its interface, but the SVI of
    a VLAN no port carries yet (down on a real switch too)."""
    routing = _routing(intent)
    if routing is None:
        return
    table = routes(parsed.get("show ip route", []))
    active = active_vlans(intent)
    svis = routing.get("svis", [])
    idle = [s["interface"] for s in svis if s["vlan"] not in active]
    if idle:  # no port of the VLAN yet: the gateway waits, down, for its first one
        report.facts["idle_gateways"] = idle
    wanted = [*(s for s in svis if s["vlan"] in active), *routing.get("uplinks", [])]
    for item in wanted:
        dest = network(item["subnet"], item.get("netmask"))
        rows = [r for r in table.get(dest, []) if r.get("protocol") == "C"]
        if not rows:
            report.drift(
                f"connected route {dest} ({item['interface']}) is missing",
                f"la route connectée {dest} ({item['interface']}) est absente",
            )
            continue
        on = {interface(r.get("nexthop_if", "")) for r in rows}
        if item["interface"] not in on:
            report.drift(
                f"{dest} is connected on {', '.join(sorted(on))}, intended {item['interface']}",
                f"{dest} est connecté sur {', '.join(sorted(on))}, attendu {item['interface']}",
            )
    report.checks["connected routes"] = len(wanted)


def default_route(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """A default route is installed, whatever its next hop (failover says which)."""
    if _routing(intent) is None:
        return
    if DEFAULT not in routes(parsed.get("show ip route", [])):
        report.drift("no default route", "aucune route par défaut")
    report.checks["default route"] = 1


def static_routes(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Each static route of the intent is installed with its next hop.

    A route that is not installed is not always a drift: a floating route (one
    with a ``distance``) stays out of the table while a better route to its
    prefix is installed (the 4G default while the cores answer). A tracked
    route out of the table while its track is Down has been withdrawn as
    designed; it is reported as such, since the uplink it follows is down.
    Without ``show track`` the state cannot be told and the route is missing.
    """
    routing = _routing(intent)
    if routing is None:
        return
    table = routes(parsed.get("show ip route", []))
    states = tracks(parsed.get("show track", []))
    wanted = routing.get("static_routes", [])
    for route in wanted:
        dest = network(route["prefix"], route["netmask"])
        rows = table.get(dest, [])
        if any(r.get("nexthop_ip") == route["next_hop"] for r in rows):
            continue
        name = f"static route {dest} via {route['next_hop']}"
        nom = f"la route statique {dest} par {route['next_hop']}"
        distance = route.get("distance")
        if distance and any(r.get("distance") and int(r["distance"]) < distance for r in rows):
            continue  # floating, behind a better route
        track = route.get("track")
        state = states.get(track) if track is not None else None
        if state is not None and state.get("state") == "Down":
            report.drift(
                f"{name} is withdrawn (track {track} down)",
                f"{nom} est retirée (track {track} tombé)",
            )
        else:
            report.drift(f"{name} is missing", f"{nom} est absente")
    report.checks["static routes"] = len(wanted)


def ospf_neighbours(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """OSPF: one neighbour in state FULL on each interface the design makes active: a
    school's uplinks, a core's downlinks to OSPF schools and its interconnect."""
    routing = _routing(intent)
    if routing is None or routing.get("protocol") != "ospf" or not routing.get("ospf"):
        return
    rows = parsed.get("show ip ospf neighbor", [])
    by_interface: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_interface.setdefault(interface(row.get("interface", "")), []).append(row)
    peers = {
        link["interface"]: link["peer"]
        for link in [*routing.get("uplinks", []), *routing.get("downlinks", [])]
    }
    if routing.get("interconnect"):
        peers[routing["interconnect"]["interface"]] = "the other core"
    pairs = {
        name: "l'autre cœur" if peer == "the other core" else peer for name, peer in peers.items()
    }
    uplinks = [
        {"interface": name, "peer": peers.get(name, "?"), "pair": pairs.get(name, "?")}
        for name in routing["ospf"]["active"]
    ]
    for uplink in uplinks:
        found = by_interface.get(uplink["interface"], [])
        if not found:
            report.drift(
                f"no OSPF neighbour on {uplink['interface']} (peer {uplink['peer']})",
                f"aucun voisin OSPF sur {uplink['interface']} (attendu : {uplink['pair']})",
            )
            continue
        for row in found:
            state = str(row.get("state", "")).split("/", maxsplit=1)[0].strip().upper()
            if state != "FULL":
                report.drift(
                    f"OSPF neighbour {row.get('neighbor_id')} on {uplink['interface']} "
                    f"is {state}, intended FULL",
                    f"le voisin OSPF {row.get('neighbor_id')} sur {uplink['interface']} "
                    f"est {state}, attendu FULL",
                )
        if len(found) > 1:
            report.drift(
                f"{len(found)} OSPF neighbours on {uplink['interface']}, intended one "
                f"(peer {uplink['peer']})",
                f"{len(found)} voisins OSPF sur {uplink['interface']}, un seul attendu "
                f"({uplink['pair']})",
            )
    report.checks["ospf neighbours"] = len(uplinks)


SDM_COMMAND = "show sdm prefer"


def needs_sdm_template(sections: dict[str, Any]) -> bool:
    """Whether a device's design needs an SDM template (a routing 2960-X): only those are
    asked `show sdm prefer`, which the IOS-XE stacks and the cores do not answer alike."""
    return bool((sections.get("routing") or {}).get("sdm_template"))


def sdm_template(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """The SDM template routing needs is the active one (it takes effect only at a reload)."""
    routing = _routing(intent)
    needed = routing.get("sdm_template") if routing else None
    if not needed or SDM_COMMAND not in parsed:
        return
    rows = parsed[SDM_COMMAND]
    active = str(rows[0].get("current", "")).strip() if rows else ""
    if active != needed:
        report.drift(
            f"{intent['hostname']} runs SDM template {active or '(unreadable)'}, intended {needed}",
            f"{intent['hostname']} tourne avec le gabarit SDM {active or '(illisible)'}, "
            f"attendu {needed}",
        )
    report.checks["sdm template"] = 1


CHECKS = (connected_routes, default_route, static_routes, ospf_neighbours, sdm_template)
COMMANDS = ("show ip route", "show ip ospf neighbor", "show track")
# read only on the devices whose intent sections satisfy the predicate
CONDITIONAL_COMMANDS = ((SDM_COMMAND, needs_sdm_template),)
