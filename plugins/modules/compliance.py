# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.compliance action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: compliance
short_description: Compare one device's observed state with its intent
version_added: 0.1.0
description:
  - Checks stack members (Ready, priorities, active member), VLANs, port-channels (LACP, members bundled),
    the spanning-tree root of every active VLAN (the school's routing stack), each port's switchport mode
    and VLANs, the routing table (gateways, uplinks, default routes), OSPF neighbours, the tracked IP SLA
    probes of the uplinks, the DHCP pools, and that the running configuration equals the design (no line
    to add or remove).
  - For cellular routers, counts the DHCP leases and checks the configuration. The SIM PIN is masked.
options:
  parsed:
    description: Show command (or state name) -> rows already parsed.
    type: dict
    default: {}
  outputs:
    description:
      - Show command -> its raw text, parsed here with ntc-templates or, for the commands
        ntc-templates lacks or misreads (show track, show ip sla summary, show ip dhcp pool,
        show ip dhcp binding), with the collection's own TextFSM templates.
    type: dict
    default: {}
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.controller
  - citynet.schools.controller.city
  - citynet.schools.controller.running_config
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Compare the device with the design
  citynet.schools.compliance:
    city_dir: "{{ schools_city_dir }}"
    outputs: {show vlan brief: "{{ shows.stdout[0] }}", show ip route: "{{ shows.stdout[1] }}"}
    running_config: "{{ running.stdout[0] }}"
  register: verify_result
"""

RETURN = r"""
report:
  description: Host, school, checks made (with item counts), drifts and facts.
  returned: always
  type: dict
  sample:
    host: jaures-sw1
    school: jaures
    compliant: false
    checks: {vlans: 8, port-channels: 2}
    drifts: ["GigabitEthernet1/0/5 is on VLAN 20, intended 30"]
"""
