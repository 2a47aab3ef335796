# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.validate action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: validate
short_description: Validate a city's source of truth and report every finding at once
version_added: 0.1.0
description:
  - Checks C(city.yml) and every school file against the data model and its rules (VLAN ids,
    address plan, stacks, ports, LACP bundles, backup routers, secrets never in clear text).
  - Each finding names the file, the school and the field path and says what was expected.
  - With O(on_invalid=stop) any finding fails the task, so that the play stops before anything
    is written or sent. With O(on_invalid=skip_school) findings limited to some schools only warn;
    those schools have no hosts in the inventory and the cores are held back. City-wide findings
    always fail.
options:
  on_invalid:
    description: What a finding limited to some schools does.
    type: str
    choices: [stop, skip_school]
    default: stop
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
- name: Validate the source of truth
  citynet.schools.validate:
    city_dir: "{{ schools_city_dir }}"
    on_invalid: "{{ schools_on_invalid }}"
"""

RETURN = r"""
errors:
  description: "Every finding, as C(file: school <code>: field: message)."
  returned: always
  type: list
  elements: str
  sample:
    - "inventories/demo/schools/jaures.yml: school jaures: stacks[0].members[1].priority: 16 is above the maximum 15"
invalid_schools:
  description: Codes of the schools with findings.
  returned: always
  type: list
  elements: str
valid_schools:
  description: Codes of the schools without findings.
  returned: always
  type: list
  elements: str
cores_held:
  description: Whether the cores are held back (a school or the city plan is invalid).
  returned: always
  type: bool
"""
