# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.send_plan action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: send_plan
short_description: Send the lines of a plan file to a Cisco IOS device, exactly as written
version_added: 0.1.0
description:
  - Reads the plan file O(src) on the controller (written by M(citynet.schools.deploy_plan)) and types its lines in
    configuration mode through the host's C(ansible.netcommon.network_cli) session, with the C(cisco.ios.ios) cliconf
    plugin (C(edit_config)), then each banner (C(banner login)) with C(edit_banner) and C(^) as its delimiter.
  - Nothing in the file is templated, compared or reordered; indentation is dropped, as IOS takes a child line in
    the mode its parent opened. Lines starting with C(!) and C(end) are not sent.
  - A line the device rejects fails the task with the device's message; the deploy role then rolls the device back.
  - The lines are never returned (a plan may hold a secret), only how many were sent.
  - From O(transfer_lines) lines on, the lines (banners apart) go as one file instead, put on the device over SCP
    with the network_cli connection's C(copy_file) (the call M(ansible.netcommon.net_put) makes) and applied with
    one C(copy <file> running-config); the file is deleted from the device afterwards, also when the copy failed.
    The device needs C(ip scp server enable) (the management plane sets it) and, with paramiko, the controller the
    C(scp) Python package.
options:
  src:
    description: Path of the plan file on the controller.
    type: path
    required: true
  transfer_lines:
    description:
      - Send the lines as one file from this many lines on; C(0) types them one by one whatever their number.
    type: int
    default: 0
  transfer_file:
    description: Where the file goes on the device (deleted after the copy).
    type: str
    default: flash:citynet-plan.cfg
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: In check mode nothing is sent; the task reports a change when the file holds lines.
  diff_mode:
    support: none
    details: M(citynet.schools.deploy_plan) shows the planned lines with C(--diff).
  platform:
    platforms: cisco_ios
    details: Needs C(ansible.netcommon.network_cli) with C(ansible_network_os=cisco.ios.ios).
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Plan the change
  citynet.schools.deploy_plan:
    city_dir: "{{ schools_city_dir }}"
    running_config: "{{ running.stdout[0] }}"
  register: plan

- name: Send the VLAN concern's lines
  citynet.schools.send_plan:
    src: "{{ plan.files.vlans }}"
  when: plan.commands.vlans | length > 0
"""

RETURN = r"""
lines:
  description: How many configuration lines the file holds (sent unless in check mode).
  returned: always
  type: int
  sample: 12
transferred:
  description: Whether the lines went as one file (SCP, then C(copy) into the running configuration).
  returned: when the lines were sent
  type: bool
  sample: true
banners:
  description: The banners the file sets, by command.
  returned: always
  type: list
  elements: str
  sample: [banner login]
"""
