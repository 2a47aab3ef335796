# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.sdm_check action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: sdm_check
short_description: Check the SDM template a routing switch stack needs before it is deployed
version_added: 0.1.0
description:
  - Reads C(show sdm prefer) of a switch stack whose intent has C(routing.sdm_template) (a Catalyst 2960-X on LAN
    Base routes only with C(lanbase-routing), active after a reload) and compares the active template with it.
  - When they differ and the reload is not allowed, fails naming the device, the active and the needed template and
    how to proceed; nothing has been sent to the device then.
  - When the reload is allowed, returns the commands that select the template; the caller saves, reloads, waits, and
    calls this again with O(after_reload) to check that the template is active.
options:
  sdm_prefer:
    description: The output of C(show sdm prefer).
    required: true
    type: str
  allow_reload:
    description: Allow selecting the template and reloading the stack for it.
    type: bool
    default: false
  after_reload:
    description: The stack has just been reloaded for the template; fail unless it is now active.
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
- name: Check the SDM template
  citynet.schools.sdm_check:
    city_dir: "{{ schools_city_dir }}"
    sdm_prefer: "{{ sdm.stdout[0] }}"
    allow_reload: "{{ schools_allow_reload | default(false) | bool }}"
  register: deploy_sdm
"""

RETURN = r"""
template:
  description: The SDM template the design needs (C(routing.sdm_template)); null when it needs none.
  returned: always
  type: str
  sample: lanbase-routing
active:
  description: The active template, as C(show sdm prefer) names it.
  returned: always
  type: str
  sample: default
pending:
  description: The template C(sdm prefer) chose for the next reload, if another one.
  returned: always
  type: str
reload_needed:
  description: Whether the template must be selected and the stack reloaded before the deploy.
  returned: always
  type: bool
commands:
  description: The commands selecting the template (empty when none is needed).
  returned: always
  type: list
  elements: str
  sample: ["configure terminal", "sdm prefer lanbase-routing", "end"]
preview:
  description: What a check-mode run would do, in words (empty when nothing).
  returned: always
  type: str
"""
