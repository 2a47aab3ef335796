"""Verify checks of the 4G failover concern: probes, tracks, where traffic goes.

They read the intent section ``failover`` (``router_address``,
``probes[]``: ``id``, ``target``, ``source``, ``track``) and, to name the core
a probe watches, ``routing.uplinks[]`` (``peer_address``, ``peer``).

Whether traffic is on the 4G backup router is a fact (``on_4g``): the default
route of the table goes via ``router_address``. Being on 4G is the design
working when a track is Down (the Down track is the drift that says why), so
it is then only a note. On 4G while no track is Down is a drift: the floating
default (distance 250) can only win when the tracked defaults to the cores
are out of the table, so something other than the probes removed them (a
route missing from the configuration, a track on the wrong probe). The other
way round, every track Down and traffic not on 4G is a drift too: the
school has lost the cores and the backup route is not taking over.
"""

from __future__ import annotations

from typing import Any

from .report import Parsed, Report
from .routes import DEFAULT, routes, tracks


def _failover(intent: dict[str, Any]) -> dict[str, Any] | None:
    return intent.get("failover") or None


def _peer(intent: dict[str, Any], target: str) -> str | None:
    for uplink in (intent.get("routing") or {}).get("uplinks", []):
        if uplink.get("peer_address") == target:
            return uplink.get("peer")
    return None


def _probe(probe: dict[str, Any]) -> str:
    return f"probe {probe['target']} via {probe['source']}"


def _sonde(probe: dict[str, Any]) -> str:
    return f"sonde vers {probe['target']} depuis {probe['source']}"


def track_states(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Each probe's track object exists, follows the probe's IP SLA and is Up."""
    failover = _failover(intent)
    if failover is None:
        return
    found = tracks(parsed.get("show track", []))
    probes = failover.get("probes", [])
    for probe in probes:
        name = f"track {probe['track']} ({_probe(probe)})"
        nom = f"le track {probe['track']} ({_sonde(probe)})"
        row = found.get(probe["track"])
        if row is None:
            report.drift(f"{name} is missing", f"{nom} est absent")
            continue
        if str(row.get("sla")) != str(probe["id"]):
            report.drift(
                f"{name} follows {'IP SLA ' + row['sla'] if row.get('sla') else 'no IP SLA'}, "
                f"intended IP SLA {probe['id']}",
                f"{nom} suit "
                + (f"l'IP SLA {row['sla']}" if row.get("sla") else "aucune IP SLA")
                + f", attendu l'IP SLA {probe['id']}",
            )
        if row.get("state") != "Up":
            peer = _peer(intent, probe["target"])
            why = f"the uplink to {peer}" if peer else f"{probe['target']}"
            pourquoi = f"le lien montant vers {peer}" if peer else f"{probe['target']}"
            report.drift(
                f"{name} is {row.get('state') or 'in no state'}: {why} is not answering",
                f"{nom} est {row.get('state') or 'sans état'} : {pourquoi} ne répond pas",
            )
    report.checks["tracks"] = len(probes)


def sla_operations(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Each probe's IP SLA operation exists, is active and probes the intended target."""
    failover = _failover(intent)
    if failover is None:
        return
    found = {
        int(r["id"]): r
        for r in parsed.get("show ip sla summary", [])
        if str(r.get("id", "")).isdigit()
    }
    probes = failover.get("probes", [])
    for probe in probes:
        name = f"IP SLA {probe['id']} ({_probe(probe)})"
        nom = f"l'IP SLA {probe['id']} ({_sonde(probe)})"
        row = found.get(probe["id"])
        if row is None:
            report.drift(f"{name} is missing", f"{nom} est absente")
            continue
        if row.get("destination") != probe["target"]:
            report.drift(
                f"IP SLA {probe['id']} probes {row.get('destination')}, intended {probe['target']}",
                f"l'IP SLA {probe['id']} sonde {row.get('destination')}, attendu {probe['target']}",
            )
        if row.get("status") != "*":
            status = {"^": "inactive", "~": "pending"}.get(row.get("status", ""), "not active")
            statut = {"^": "inactive", "~": "en attente"}.get(row.get("status", ""), "pas active")
            report.drift(
                f"{name} is {status}, intended active (scheduled)",
                f"{nom} est {statut}, attendu active (planifiée)",
            )
    report.checks["ip sla operations"] = len(probes)


def backup_route(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Fact on_4g; a drift when it disagrees with the tracks (see the module)."""
    failover = _failover(intent)
    if failover is None:
        return
    router = failover["router_address"]
    rows = routes(parsed.get("show ip route", [])).get(DEFAULT, [])
    on_4g = any(r.get("nexthop_ip") == router for r in rows)
    report.facts["on_4g"] = on_4g
    found = tracks(parsed.get("show track", []))
    states = [
        found[p["track"]].get("state") for p in failover.get("probes", []) if p["track"] in found
    ]
    down = [s for s in states if s != "Up"]
    if on_4g and not down:
        report.drift(
            f"traffic is on the 4G backup router ({router}) while no uplink probe is down",
            f"le trafic passe par le routeur 4G de secours ({router}) alors qu'aucune sonde "
            "des liens montants n'est tombée",
        )
    elif on_4g:
        report.note(
            f"traffic is on the 4G backup router ({router})",
            f"le trafic passe par le routeur 4G de secours ({router})",
        )
    elif states and len(down) == len(states):
        report.drift(
            f"every uplink probe is down and traffic is not on the 4G backup router ({router})",
            "toutes les sondes des liens montants sont tombées et le trafic ne passe pas par "
            f"le routeur 4G de secours ({router})",
        )
    report.checks["backup route"] = 1


CHECKS = (track_states, sla_operations, backup_route)
COMMANDS = ("show track", "show ip sla summary", "show ip route")
