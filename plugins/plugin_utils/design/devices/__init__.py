"""Each device's intended state, as plain data.

One class per kind of device; each configuration section is a cached
property, so a section is computed once however many renderers or roles read
it, and a role that needs only the VLANs never pays for the port map. The
cross-device facts (which school ports land on which core) are computed from
the whole city here, explicitly, and nowhere else.
"""

from __future__ import annotations

from .base import FLOATING_ROUTE_NAME
from .core import CoreDesign
from .router import RouterDesign
from .stack import StackDesign

Device = StackDesign | CoreDesign | RouterDesign

__all__ = ["FLOATING_ROUTE_NAME", "CoreDesign", "Device", "RouterDesign", "StackDesign"]
