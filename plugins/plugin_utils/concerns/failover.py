"""4G failover of a school: its default routes via the cores, tracked, and the floating one via 4G.

Where the model has IP SLA, each uplink's core end is probed and the default
route through it is tracked, so a core that stops answering is left even if
the link stays up; on a 2960-X the default goes when the transit SVI goes
down with its bundle. The floating default via the backup router (distance
``failover.distance``) takes over when no default via a core is left.
"""

from __future__ import annotations

from typing import TypedDict

from ..verify import checks_failover
from . import Concern, Scope
from .routing import Route


class Probe(TypedDict):
    id: int
    target: str
    source: str
    frequency: int
    track: int
    peer: str


class Failover(TypedDict):
    router_address: str | None
    distance: int | None
    services: list[str]
    probes: list[Probe]
    routes: list[Route]


CONCERN = Concern(
    name="failover",
    title_fr="Bascule sur la 4G (sondes et suivi)",
    order=27,
    kinds=frozenset({"switch_stack"}),
    platforms=frozenset({"cisco_ios"}),
    sections=("failover",),
    shapes={"failover": Failover},
    scopes={
        "cisco_ios": Scope(
            leaves=(
                r"ip sla schedule ",
                r"ip route 0\.0\.0\.0 0\.0\.0\.0 \S+ (\d+ )?name (fibre-\S+|secours-4g)( track \d+)?$",
            ),
            blocks=(r"ip sla \d+$", r"track \d+ "),
        )
    },
    role=None,
    checks={"cisco_ios": checks_failover.CHECKS},
    commands={"cisco_ios": checks_failover.COMMANDS},
    description="default routes via the cores tracked by IP SLA, floating default via the 4G router",
)
