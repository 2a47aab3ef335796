"""Open vSwitch: the live twin's stand-in for a school's stack and cores.

Nothing in a city runs it: the lab playbook sets it on the twin's switches,
whose roles (switch_stack, vlans, stp_hardening) apply the same intent with
the citynet.schools.openvswitch_* modules. It renders no file and is neither
deployed nor verified by the school playbook.
"""

from __future__ import annotations

from . import Platform

PLATFORM = Platform(
    name="openvswitch",
    connection={"ansible_connection": "ansible.builtin.local"},
    layout="",
    deploy=None,
    verify=False,
    description="Open vSwitch in the live twin (roles only)",
)
