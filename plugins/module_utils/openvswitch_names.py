# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Open vSwitch port names for IOS interface names.

A stack is one bridge whose port names keep the member/slot/port numbering, so
a technician reading ``ovs-appctl rstp/show`` finds GigabitEthernet2/0/41 as
``gi2-0-41``. Port names are Linux interface names on the userspace datapath:
at most 15 characters, no ``/``. The same rule names the twin's veth ends, so
it lives here, where both the modules and the lab read it.

A port-channel is three OVS objects (see ``lag_names``): Open vSwitch refuses
RSTP on a bond, so the LACP bond sits in a small bridge of its own, patched
into the switch's bridge, where spanning tree runs on the patch port as IOS
runs it on the Port-channel interface.
"""

from __future__ import annotations

import re

MAX_NAME = 15  # IFNAMSIZ - 1

# Long IOS type -> short prefix used in port names. Short IOS spellings are
# accepted too (Gi, Te, Twe, Po ...).
_TYPES = (
    ("FastEthernet", "Fa", "fa"),
    ("GigabitEthernet", "Gi", "gi"),
    ("TwoGigabitEthernet", "Tw", "tw"),
    ("FiveGigabitEthernet", "Fi", "fi"),
    ("TenGigabitEthernet", "Te", "te"),
    ("TwentyFiveGigE", "Twe", "twe"),
    ("FortyGigabitEthernet", "Fo", "fo"),
    ("HundredGigE", "Hu", "hu"),
    ("AppGigabitEthernet", "Ap", "ap"),
    ("Port-channel", "Po", "po"),
)
_PREFIX = {}
for _long, _short, _ovs in _TYPES:
    _PREFIX[_long.lower()] = _ovs
    _PREFIX[_short.lower()] = _ovs

_IOS = re.compile(r"^([A-Za-z][A-Za-z-]*?)\s*([0-9]+(?:/[0-9]+){0,2})$")
_NETDEV = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def check_netdev_name(name: str) -> str:
    """Return the name if Linux accepts it as an interface name, else raise ValueError."""
    if not name or len(name) > MAX_NAME or not _NETDEV.match(name):
        raise ValueError(
            f"{name!r} is not a usable interface name "
            f"(at most {MAX_NAME} letters, digits, '-', '_' or '.')"
        )
    return name


def ovs_port_name(ios_name: str) -> str:
    """``GigabitEthernet1/0/5`` -> ``gi1-0-5``; ``Port-channel11`` -> ``po11``.

    Switch ports are member/slot/port (three numbers), port-channels one number.
    """
    match = _IOS.match(str(ios_name).strip())
    prefix = _PREFIX.get(match.group(1).lower()) if match else None
    numbers = match.group(2).split("/") if match else []
    if prefix is None or len(numbers) != (1 if prefix == "po" else 3):
        raise ValueError(f"{ios_name!r} is not an IOS switch port or port-channel name")
    return check_netdev_name(prefix + "-".join(numbers))


def lag_names(channel_port: str) -> dict[str, str]:
    """The OVS objects of one port-channel, from its port name (``po1``).

    ``port`` is the patch port on the switch's bridge (VLANs and spanning
    tree, as on the IOS Port-channel interface); ``bridge`` holds the LACP
    ``bond`` and the ``patch`` port that faces ``port``.
    """
    return {
        "port": check_netdev_name(channel_port),
        "bridge": check_netdev_name(channel_port + "-lag"),
        "bond": check_netdev_name(channel_port + "-lacp"),
        "patch": check_netdev_name(channel_port + "-patch"),
    }
