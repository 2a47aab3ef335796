#!/usr/bin/python
# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An Open vSwitch bridge: datapath, spanning tree, identity."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: openvswitch_bridge
short_description: An Open vSwitch bridge, its datapath, RSTP and identity, through ovs-vsctl
version_added: "0.1.0"
description:
  - Creates or removes an Open vSwitch bridge and sets its datapath type, Rapid Spanning Tree
    (enabled, bridge priority), C(other_config) and C(external_ids) keys, with one C(ovs-vsctl)
    transaction.
  - Reads the database first and changes only what differs, so a second run reports no change.
    In check mode nothing is sent and the commands that would be sent are returned (and shown
    with C(--diff)).
  - Only the settings given are managed; a key given as C(null) in O(other_config) or
    O(external_ids) is removed.
  - For the citynet.schools roles, a switch stack is one bridge (platform C(openvswitch)); its
    ports are set by M(citynet.schools.openvswitch_ports).
options:
  bridge:
    description: Name of the bridge (a Linux interface name, at most 15 characters).
    required: true
    type: str
  state:
    description: Whether the bridge should exist. C(absent) removes it with all its ports.
    type: str
    choices: [present, absent]
    default: present
  datapath_type:
    description:
      - Datapath of the bridge, C(netdev) for the userspace datapath (no kernel module),
        C(system) for the kernel one. Left as it is when omitted.
    type: str
  rstp_enable:
    description: Run Rapid Spanning Tree on the bridge. Left as it is when omitted.
    type: bool
  rstp_priority:
    description:
      - RSTP bridge priority (C(other_config:rstp-priority)), 0 to 61440 in steps of 4096 as on
        IOS. Left as it is when omitted.
    type: int
  other_config:
    description: Keys of the bridge's C(other_config) column; C(null) removes a key.
    type: dict
    default: {}
  external_ids:
    description: Keys of the bridge's C(external_ids) column; C(null) removes a key.
    type: dict
    default: {}
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.openvswitch
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: A stack's bridge on the userspace datapath, spanning tree on from the start
  citynet.schools.openvswitch_bridge:
    db: unix:/tmp/citynet-lab-moulin/moulin-sw1/db.sock
    bridge: sw1
    datapath_type: netdev
    rstp_enable: true
    external_ids:
      citynet-hostname: moulin-sw1

- name: The designed bridge priority
  citynet.schools.openvswitch_bridge:
    bridge: sw1
    rstp_enable: true
    rstp_priority: 61440
"""

RETURN = r"""
commands:
  description: The ovs-vsctl commands sent (or, in check mode, that would be sent), one transaction.
  returned: always
  type: list
  elements: str
  sample: ["add-br sw1", "set Bridge sw1 datapath_type=netdev rstp_enable=true"]
bridge:
  description: The bridge's settings as read after the change (before it, in check mode).
  returned: when the bridge exists
  type: dict
  sample: {"datapath_type": "netdev", "rstp_enable": true, "other_config": {"rstp-priority": "61440"}}
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_db import (
    CONNECTION_ARGUMENTS,
    OvsError,
    change_result,
    module_vsctl,
)
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_names import (
    check_netdev_name,
)
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_plan import (
    BridgeSpec,
    compact,
    plan_bridge,
    plan_bridge_absent,
)


def _strings(values):
    return {str(k): (None if v is None else str(v)) for k, v in values.items()}


def main():
    module = AnsibleModule(
        argument_spec={
            "bridge": {"type": "str", "required": True},
            "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            "datapath_type": {"type": "str"},
            "rstp_enable": {"type": "bool"},
            "rstp_priority": {"type": "int"},
            "other_config": {"type": "dict", "default": {}},
            "external_ids": {"type": "dict", "default": {}},
            **CONNECTION_ARGUMENTS,
        },
        supports_check_mode=True,
    )
    p = module.params
    try:
        check_netdev_name(p["bridge"])
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    other_config = _strings(p["other_config"])
    priority = p["rstp_priority"]
    if priority is not None:
        if not 0 <= priority <= 61440 or priority % 4096:
            module.fail_json(msg=f"rstp_priority {priority} is not 0-61440 in steps of 4096")
        other_config["rstp-priority"] = str(priority)
    vsctl = module_vsctl(module)
    try:
        before = vsctl.snapshot()
        if p["state"] == "absent":
            commands = plan_bridge_absent(before, p["bridge"])
        else:
            spec = BridgeSpec(
                p["bridge"],
                datapath_type=p["datapath_type"],
                rstp_enable=p["rstp_enable"],
                other_config=other_config,
                external_ids=_strings(p["external_ids"]),
            )
            commands = plan_bridge(before, spec)
        after = before
        commands = compact(commands)
        if commands and not module.check_mode:
            vsctl.execute(commands)
            after = vsctl.snapshot()
    except (OvsError, ValueError) as exc:
        module.fail_json(msg=str(exc))
    result = change_result(module, commands)
    bridge = after["bridges"].get(p["bridge"])
    if bridge is not None:
        result["bridge"] = {k: v for k, v in bridge.items() if k != "ports"}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
