"""`show etherchannel summary`."""

from __future__ import annotations

from ..device import Device
from ..ifstate import bundled, interface_states

_FLAGS = """\
Flags:  D - down        P - bundled in port-channel
        I - stand-alone s - suspended
        H - Hot-standby (LACP only)
        R - Layer3      S - Layer2
        U - in use      f - failed to allocate aggregator

        M - not in use, minimum links not met
        u - unsuitable for bundling
        w - waiting to be aggregated
        d - default port

        A - formed by Auto LAG
"""

PROTOCOLS = {"active": "LACP", "passive": "LACP", "auto": "PAgP", "desirable": "PAgP", "on": "-"}


def channel_groups(device: Device) -> list[dict]:
    """One record per port-channel: name, group, flags, protocol and member flags."""
    states = {s.name: s for s in interface_states(device)}
    groups = []
    for state in states.values():
        if state.kind != "Port-channel":
            continue
        members = [states[m] for m in state.members]
        layer = "S" if state.switchport else "R"
        use = "U" if state.up else "D"
        protocols = {PROTOCOLS.get(m.channel_mode or "on", "-") for m in members}
        groups.append(
            {
                "group": int(state.name[len("Port-channel") :]),
                "name": state.short,
                "status": layer + use,
                "protocol": protocols.pop() if len(protocols) == 1 else "-",
                "members": [(m.short, "P" if bundled(m, state) else "D") for m in members],
            }
        )
    return sorted(groups, key=lambda g: g["group"])


def show_etherchannel_summary(device: Device) -> str:
    groups = channel_groups(device)
    out = [
        _FLAGS,
        "",
        f"Number of channel-groups in use: {len(groups)}",
        f"Number of aggregators:           {len(groups)}",
        "",
        "Group  Port-channel  Protocol    Ports",
        "------+-------------+-----------+-----------------------------------------------",
    ]
    for g in groups:
        cells = [f"{name}({flag})" for name, flag in g["members"]]
        head = f"{g['group']:<7}{g['name'] + '(' + g['status'] + ')':<16}{g['protocol']:<12}"
        rows = [cells[i : i + 3] for i in range(0, len(cells), 3)] or [[]]
        out.append(head + "".join(f"{c:<15}" for c in rows[0]))
        for row in rows[1:]:
            out.append(" " * 35 + "".join(f"{c:<15}" for c in row))
    return "\n".join(out) + "\n"
