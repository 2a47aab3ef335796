#!/usr/bin/python
# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A switch's designed ports on an Open vSwitch bridge."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: openvswitch_ports
short_description: Designed access ports, trunks, LACP port-channels and edge ports on an Open vSwitch bridge
version_added: "0.1.0"
description:
  - Takes a switch's interfaces and port-channels as the design gives them (the C(interfaces),
    C(port_channels) and C(management) of C(lookup('citynet.schools.intent', host))) and sets
    them on an Open vSwitch bridge with one C(ovs-vsctl) transaction.
  - Port names keep the IOS member/slot/port numbering, C(GigabitEthernet1/0/5) becoming
    C(gi1-0-5) and C(Port-channel11) C(po11); they are Linux interface names (at most 15
    characters).
  - "An access port becomes C(vlan_mode=access tag=V); with a voice VLAN C(vlan_mode=native-untagged
    tag=V trunks=V,VOICE); a trunk C(vlan_mode=native-untagged tag=NATIVE trunks=ALLOWED). A shut
    down port is kept off the bridge: Open vSwitch has no persistent administrative shutdown."
  - A port-channel C(PoN) is an LACP bond C(poN-lacp) (C(lacp=active), C(bond_mode=balance-tcp))
    over its members in a bridge C(poN-lag) of its own, patched (C(poN-patch)) into the switch's
    bridge as the port C(poN), which carries the VLANs and spanning tree as the IOS
    Port-channel interface does. Open vSwitch refuses RSTP on a bond.
  - Portfast becomes C(other_config:rstp-port-admin-edge=true). BPDU guard, root guard and loop
    guard do not exist in Open vSwitch; the ports that have them in the design are listed in
    RV(unsupported).
  - Reads the database first and changes only what differs; a second run reports no change. In
    check mode nothing is sent and the commands that would be are returned (shown with C(--diff)).
options:
  bridge:
    description: The switch's bridge; it must exist (M(citynet.schools.openvswitch_bridge)).
    required: true
    type: str
  interfaces:
    description:
      - The design's interfaces. Keys read are C(name), C(mode), C(access_vlan), C(voice_vlan),
        C(native_vlan), C(allowed_vlans), C(channel_group), C(shutdown), C(portfast),
        C(bpdu_guard) and C(guard); other keys are ignored.
    type: list
    elements: dict
    default: []
  port_channels:
    description:
      - The design's port-channels. Keys read are C(name), C(members), C(mode), C(native_vlan),
        C(allowed_vlans), C(portfast) and C(guard); other keys are ignored.
    type: list
    elements: dict
    default: []
  management:
    description:
      - The design's management interface; its C(vlan) makes the bridge's internal port an
        access port of that VLAN (the switch's management SVI).
    type: dict
  only:
    description:
      - Interface and port-channel names (IOS or port names) to configure; every designed port
        when omitted. A port-channel brings its members. The lab twin maps only the ports it
        connects.
    type: list
    elements: str
  manage:
    description:
      - C(vlans) sets VLAN modes, tags and trunks, creates ports and the port-channels' bonds,
        and removes shut down ports. C(spanning_tree) sets the RSTP edge flags of existing ports.
    type: list
    elements: str
    choices: [vlans, spanning_tree]
    default: [vlans, spanning_tree]
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.openvswitch
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Access ports, trunks and LACP port-channels of a stack, as designed
  vars:
    intent: "{{ lookup('citynet.schools.intent', 'moulin-sw1', city_dir=schools_city_dir) }}"
  citynet.schools.openvswitch_ports:
    db: unix:/tmp/citynet-lab-moulin/moulin-sw1/db.sock
    bridge: sw1
    interfaces: "{{ intent.interfaces }}"
    port_channels: "{{ intent.port_channels }}"
    management: "{{ intent.management }}"
    only: [GigabitEthernet1/0/1, GigabitEthernet1/0/24, Port-channel1, Port-channel2]
    manage: [vlans]

- name: Edge ports for spanning tree
  citynet.schools.openvswitch_ports:
    bridge: sw1
    interfaces: "{{ intent.interfaces }}"
    port_channels: "{{ intent.port_channels }}"
    manage: [spanning_tree]
"""

RETURN = r"""
commands:
  description: The ovs-vsctl commands sent (or, in check mode, that would be sent), one transaction.
  returned: always
  type: list
  elements: str
  sample: ["add-port sw1 gi1-0-5", "set Port gi1-0-5 tag=30 vlan_mode=access"]
selected:
  description: Port names of the designed interfaces and port-channels handled.
  returned: always
  type: list
  elements: str
  sample: [gi1-0-1, gi1-0-24, po1, po2]
removed:
  description: Shut down ports kept off the bridge (removed if they were on it).
  returned: always
  type: list
  elements: str
unsupported:
  description: Designed settings Open vSwitch cannot apply, one sentence each.
  returned: always
  type: list
  elements: str
  sample: ["loop guard on po1, po2: not available in Open vSwitch"]
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_db import (
    CONNECTION_ARGUMENTS,
    OvsError,
    change_result,
    module_vsctl,
)
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_plan import (
    compact,
    plan_bridge,
    plan_port,
    plan_port_absent,
)
from ansible_collections.citynet.schools.plugins.module_utils.openvswitch_switchports import (
    MANAGE_CHOICES,
    switch_plan,
)


def main():
    module = AnsibleModule(
        argument_spec={
            "bridge": {"type": "str", "required": True},
            "interfaces": {"type": "list", "elements": "dict", "default": []},
            "port_channels": {"type": "list", "elements": "dict", "default": []},
            "management": {"type": "dict"},
            "only": {"type": "list", "elements": "str"},
            "manage": {
                "type": "list",
                "elements": "str",
                "choices": list(MANAGE_CHOICES),
                "default": list(MANAGE_CHOICES),
            },
            **CONNECTION_ARGUMENTS,
        },
        supports_check_mode=True,
    )
    p = module.params
    vsctl = module_vsctl(module)
    try:
        snapshot = vsctl.snapshot()
        bridge = snapshot["bridges"].get(p["bridge"])
        if bridge is None:
            raise OvsError(f"bridge {p['bridge']} does not exist; create it first")
        plan = switch_plan(
            p["bridge"],
            bridge["datapath_type"],
            p["interfaces"],
            p["port_channels"],
            only=p["only"],
            manage=tuple(p["manage"]),
            management=p["management"],
        )
        commands = []
        for spec in plan["bridges"]:
            commands += plan_bridge(snapshot, spec)
        for spec in plan["ports"]:
            commands += plan_port(snapshot, spec)
        for name in plan["absent"]:
            commands += plan_port_absent(snapshot, p["bridge"], name)
        commands = compact(commands)
        if commands and not module.check_mode:
            vsctl.execute(commands)
    except (OvsError, ValueError) as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(
        **change_result(
            module,
            commands,
            selected=plan["selected"],
            removed=plan["absent"],
            unsupported=plan["unsupported"],
        )
    )


if __name__ == "__main__":
    main()
