"""`show switch` / `show switch detail` (StackWise and FlexStack layouts)."""

from __future__ import annotations

from ..device import Device


def show_switch(device: Device, detail: bool) -> str:
    stack = device.stack
    active = stack.active
    xe = device.software.flavor == "iosxe"
    out: list[str] = []
    if xe:
        out += [
            f"Switch/Stack Mac Address : {active.mac} - Local Mac Address",
            "Mac persistency wait time: Indefinite",
            "                                             H/W   Current",
            "Switch#   Role    Mac Address     Priority Version  State ",
            "-" * 85,
        ]
    else:
        out += [
            f"Switch/Stack Mac Address : {active.mac}",
            "                                           H/W   Current",
            "Switch#  Role   Mac Address     Priority Version  State ",
            "-" * 58,
        ]
    for m in stack.members:
        mark = "*" if m is active else " "
        if xe:
            out.append(
                f"{mark}{m.number:<8}{m.role:<9}{m.mac:<19}{m.priority:<7}{m.hw_version:<8}"
                f"Ready                              "
            )
        else:
            out.append(
                f"{mark}{m.number:<8}{m.role:<7}{m.mac:<19}{m.priority:<7}{m.hw_version:<8}"
                f"Ready               "
            )
    if detail:
        out += ["", "", "", *_stack_ports(device)]
    return "\n".join(out) + "\n"


def _stack_ports(device: Device) -> list[str]:
    members = [m.number for m in device.stack.members]
    ok = "OK" if device.software.flavor == "iosxe" else "Ok"
    out = [
        "         Stack Port Status             Neighbors     ",
        "Switch#  Port 1     Port 2           Port 1   Port 2 ",
        "-" * 56,
    ]
    for i, number in enumerate(members):
        if len(members) == 1:
            row = ("DOWN" if ok == "OK" else "Down",) * 2 + ("None", "None")
        else:
            after = members[(i + 1) % len(members)]
            before = members[(i - 1) % len(members)]
            row = (ok, ok, str(after), str(before))
        out.append(f"  {number:<8}{row[0]:>4}       {row[1]:>4}             {row[2]:<8} {row[3]}")
    return out
