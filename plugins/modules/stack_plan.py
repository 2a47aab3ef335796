# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.stack_plan action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: stack_plan
short_description: Compare a switch stack's members with the design
version_added: 0.1.0
description:
  - Compares C(show switch detail) and C(show inventory), parsed with ntc-templates, with the intended members of the
    stack (number, model, serial, priority) and returns the commands that set priorities and, when allowed,
    renumber members, in the mode the family takes them (global configuration on classic IOS, exec on IOS-XE,
    from the hardware catalogue's C(stack_command_mode)) with the answers to their confirmation dialogs.
  - Fails, naming each problem, when a member is missing, an extra member is present, or a member sits at another
    number and renumbering (or the reload it needs) is not allowed.
options:
  switch_detail:
    description: C(show switch detail) parsed with ntc-templates.
    required: true
    type: list
    elements: dict
  inventory:
    description: C(show inventory) parsed with ntc-templates.
    required: true
    type: list
    elements: dict
  allow_renumber:
    description: Allow C(switch N renumber M).
    type: bool
    default: false
  allow_reload:
    description: Allow the reload that renumbering needs.
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.controller
  - citynet.schools.controller.city
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Compare the stack with the design
  citynet.schools.stack_plan:
    city_dir: "{{ schools_city_dir }}"
    switch_detail: "{{ detail.parsed }}"
    inventory: "{{ inventory.parsed }}"
  register: members
"""

RETURN = r"""
priority_commands:
  description: Commands setting member priorities (in the mode of RV(command_mode)).
  returned: always
  type: list
  elements: str
  sample: ["switch 2 priority 14"]
renumber_commands:
  description: Commands renumbering members (only when allowed; in the mode of RV(command_mode)).
  returned: always
  type: list
  elements: str
command_mode:
  description:
    - Where the stack commands are typed - C(exec) (IOS-XE, Catalyst 9200/9300) or C(config) (global configuration,
      classic IOS, Catalyst 2960-X FlexStack).
  returned: always
  type: str
  sample: config
stack_commands:
  description:
    - The commands for C(cisco.ios.ios_command), each with the patterns of its confirmation prompt and their answers,
      wrapped in C(configure terminal) / C(end) when RV(command_mode) is C(config); empty when nothing is to change.
  returned: always
  type: list
  elements: raw
preview:
  description: The lines of RV(stack_commands) as a check-mode run lists them instead of sending them.
  returned: always
  type: list
  elements: str
  sample: ["configure terminal", "switch 1 priority 15", "end"]
reload_needed:
  description: Whether a reload is needed for renumbering to take effect.
  returned: always
  type: bool
observed:
  description: The members as found (number, role, priority, model, serial).
  returned: always
  type: list
  elements: dict
problems:
  description: Why the stack cannot be brought to the design (the task fails when not empty).
  returned: always
  type: list
  elements: str
"""
