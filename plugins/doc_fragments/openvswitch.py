# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the Open vSwitch modules reach the switch: one ovs-vsctl transaction per task."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  db:
    description:
      - OVSDB to talk to, as C(ovs-vsctl --db) takes it (C(unix:/path/db.sock)); the default
        database of C(ovs-vsctl) when omitted.
    type: str
  timeout:
    description: Seconds C(ovs-vsctl) may wait for the database and the switch daemon.
    type: int
    default: 30
  no_wait:
    description:
      - Do not wait for C(ovs-vswitchd) to apply the change (C(ovs-vsctl --no-wait)); for a
        database that no switch daemon serves yet.
    type: bool
    default: false
requirements:
  - ovs-vsctl (Debian package openvswitch-switch) on the managed host
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: posix
"""
