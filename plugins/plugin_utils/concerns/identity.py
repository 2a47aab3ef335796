"""The device's name: the first line of every Cisco configuration.

Kept apart from the stack so that a core or a router, which have no stack,
own their host name without owning any stack line.
"""

from __future__ import annotations

from . import Concern, Scope

CONCERN = Concern(
    name="identity",
    title_fr="Nom de l'équipement",
    order=0,
    kinds=frozenset({"switch_stack", "core", "backup_router"}),
    platforms=frozenset({"cisco_ios"}),
    scopes={"cisco_ios": Scope(leaves=(r"hostname ",))},
    description="host name",
)
