"""Verify checks of the DHCP service concern: the pools a stack serves, its leases.

They read the intent section ``dhcp_service`` (see docs/routed-design.md):
``mode``, ``relays`` and ``pools[]`` (``name``, ``network``, ``netmask``,
``first``, ``last``). In relay mode nothing beyond the running configuration
says whether relaying works (its ``ip helper-address`` lines are compared line
by line by the configuration check), so the number of relays is a fact.

IOS prints a pool's range as the hosts of its ``network``; the pool's
``first``-``last`` is cut out of it by ``ip dhcp excluded-address`` lines,
which the configuration check compares. So a pool is checked for its
existence and its network's range, and ``first``-``last`` appear in the drift
to say which pool was meant.
"""

from __future__ import annotations

from typing import Any

from .report import Parsed, Report
from .routes import network


def _service(intent: dict[str, Any]) -> dict[str, Any] | None:
    return intent.get("dhcp_service") or None


def pools(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Local mode: each pool exists and serves its network's range."""
    service = _service(intent)
    if service is None or service.get("mode") != "local":
        return
    found = {r["pool"]: r for r in parsed.get("show ip dhcp pool", []) if r.get("pool")}
    wanted = service.get("pools", [])
    for pool in wanted:
        row = found.get(pool["name"])
        if row is None:
            report.drift(
                f"DHCP pool {pool['name']} ({pool['first']}-{pool['last']}) is missing",
                f"pool DHCP {pool['name']} ({pool['first']}-{pool['last']}) absent",
            )
            continue
        net = network(pool["network"], pool["netmask"])
        hosts = f"{net.network_address + 1}-{net.broadcast_address - 1}"
        ranges = [
            f"{a}-{b}" for a, b in zip(row.get("start", []), row.get("end", []), strict=False)
        ]
        if ranges != [hosts]:
            report.drift(
                f"DHCP pool {pool['name']} serves {', '.join(ranges) or 'no network'}, "
                f"intended {hosts} ({net}, leases {pool['first']}-{pool['last']})",
                f"le pool DHCP {pool['name']} sert {', '.join(ranges) or 'aucun réseau'}, "
                f"attendu {hosts} ({net}, baux {pool['first']}-{pool['last']})",
            )
    report.checks["dhcp pools"] = len(wanted)


def relays(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Relay mode: the number of SVIs relaying DHCP, as a fact."""
    service = _service(intent)
    if service is None or service.get("mode") != "relay":
        return
    report.facts["dhcp_relays"] = len(service.get("relays", []))


def leases(report: Report, intent: dict[str, Any], parsed: Parsed) -> None:
    """Local mode: the number of leases the stack has given, as a fact."""
    service = _service(intent)
    if service is None or service.get("mode") != "local":
        return
    report.facts["dhcp_leases"] = len(parsed.get("show ip dhcp binding", []))


CHECKS = (pools, relays, leases)
COMMANDS = ("show ip dhcp pool", "show ip dhcp binding")
