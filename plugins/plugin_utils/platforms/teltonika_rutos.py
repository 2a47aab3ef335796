"""Teltonika RutOS routers: UCI options over SSH, no Python on the router.

The design says what the router must do; the option names and values UCI
wants (``dhcp.lan.leasetime``, ``pdptype ip``) are RutOS spelling, computed
here from the intent and handed to the uci action, which changes only the
options that differ and reads them back for verify.
"""

from __future__ import annotations

from typing import Any

from . import Platform

_PDP = {"ipv4": "ip", "ipv6": "ipv6", "ipv4v6": "ipv4v6"}
_REFUSAL = "firewall.citynet_refus_4g"  # the rule rejecting the services not allowed on 4G


def uci_options(intent: dict[str, Any]) -> dict[str, str | list[str]]:
    """The RutOS option set the uci action applies (secrets apart, by reference)."""
    lan, dhcp, cell = intent["lan"], intent["dhcp"], intent["cellular"]
    dns = intent["dns_servers"]
    mobile = cell["interface"]
    return {
        "network.lan.ipaddr": lan["address"],
        "network.lan.netmask": lan["netmask"],
        "network.lan.disabled": "0" if lan["enabled"] else "1",
        # a disabled LAN serves no leases: dnsmasq would otherwise keep answering on
        # the bridge as soon as anything brings it up
        "dhcp.lan.ignore": "0" if lan["enabled"] else "1",
        "dhcp.lan.start": str(dhcp["start"]),
        "dhcp.lan.limit": str(dhcp["limit"]),
        "dhcp.lan.leasetime": dhcp["lease_time"],
        # clients of the router's VLAN route through the school's stack, like every other VLAN
        "dhcp.lan.dhcp_option": [f"3,{lan['gateway']}", f"6,{','.join(dns)}"],
        "dhcp.@dnsmasq[0].server": list(dns),
        "dhcp.@dnsmasq[0].noresolv": "1",
        f"network.{mobile}.apn": cell["apn"],
        f"network.{mobile}.auto_apn": "0",
        f"network.{mobile}.pdptype": _PDP[cell["pdp_type"]],
        f"network.{mobile}.metric": str(cell["failover_metric"]),
        **_routes(intent["routes"]),
        # only the services allowed on 4G leave NATed; the others are rejected
        # (OpenWrt fw3 zone option masq_src, rule options src_ip/target)
        "firewall.@zone[1].masq_src": [n["subnet"] for n in intent["nat"]],
        **_refusal(intent["refused"]),
    }


def _route_section(k: int, route: dict[str, Any]) -> str:
    return f"network.citynet_{route['name']}{k}"


def uci_sections(intent: dict[str, Any]) -> dict[str, str]:
    """The named sections the design adds (config.section -> type), created before their options."""
    out = {_route_section(k, r): "route" for k, r in enumerate(intent["routes"])}
    if intent["refused"]:
        out[_REFUSAL] = "rule"
    return out


def _routes(routes: list[dict[str, Any]]) -> dict[str, str | list[str]]:
    """Static routes back to the school and the town hall (OpenWrt ``config route`` sections)."""
    out: dict[str, str | list[str]] = {}
    for k, route in enumerate(routes):
        section = _route_section(k, route)
        out[f"{section}.interface"] = "lan"
        out[f"{section}.target"] = route["prefix"]
        out[f"{section}.netmask"] = route["netmask"]
        out[f"{section}.gateway"] = route["next_hop"]
    return out


def _refusal(refused: list[dict[str, Any]]) -> dict[str, str | list[str]]:
    if not refused:
        return {}
    section = _REFUSAL
    return {
        f"{section}.name": "citynet-refus-4g",
        f"{section}.src": "lan",
        f"{section}.dest": "wan",
        f"{section}.proto": "all",
        f"{section}.src_ip": [n["subnet"] for n in refused],
        f"{section}.target": "REJECT",
    }


def uci_secrets(intent: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The options whose value is a secret, by reference: only the task that sends them
    resolves them, and the uci action masks them by name."""
    return {"simcard.@sim[0].pincode": dict(intent["cellular"]["sim_pin"])}


def uci_quote(value: str) -> str:
    """Single-quote a value for ``uci batch`` (and POSIX sh)."""
    return "'" + value.replace("'", "'\\''") + "'"


def uci_batch_lines(options: dict[str, str | list[str]]) -> list[str]:
    lines = []
    for key, value in options.items():
        if isinstance(value, list):
            lines.append(f"delete {key}")
            lines.extend(f"add_list {key}={uci_quote(item)}" for item in value)
        else:
            lines.append(f"set {key}={uci_quote(value)}")
    return lines


def _extras(intent: dict[str, Any]) -> dict[str, Any]:
    return {
        "uci_options": uci_options(intent),
        "uci_sections": uci_sections(intent),
        "uci_secrets": uci_secrets(intent),
    }


PLATFORM = Platform(
    name="teltonika_rutos",
    connection={"ansible_connection": "ansible.builtin.ssh", "ansible_shell_type": "sh"},
    layout="teltonika_rutos/layout.j2",
    deploy="roles",
    verify=True,
    description="Teltonika RutOS (OpenWrt) over SSH, UCI options",
    filters={"uci_batch": uci_batch_lines},
    extras=_extras,
)
