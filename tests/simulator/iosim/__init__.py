"""iosim: a Cisco IOS / IOS-XE device simulator over SSH, for the collection's tests.

from iosim import Simulator
with Simulator("lab.yml", tmp_path / "state") as sim:
    port = sim.ports["jaures-sw1"]
"""

from __future__ import annotations

from .api import Simulator, SimulatorProcess
from .lab import LabError, load_lab

__all__ = ["LabError", "Simulator", "SimulatorProcess", "load_lab"]
