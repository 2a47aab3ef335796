# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.deploy_plan action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: deploy_plan
short_description: Back up, plan and guard the change of one Cisco device
version_added: 0.1.0
description:
  - Compares the device's running configuration with its intended configuration, concern by concern
    (C(switch_stack), C(vlans), C(stp_hardening) for switches and cores; C(backup_router) for Cisco cellular routers),
    with hier_config, so that what is no longer intended is removed without hand-written rules.
  - Refuses, before anything is sent, a plan that would cut the management path (management VLAN or SVI removed,
    an uplink shut, removed, moved to other ports or left without its channel-group).
  - When something is to change (and not in check mode), writes the running configuration to
    C(<backup_dir>/<school>/<device>/<timestamp>.cfg) and keeps the last O(keep_backups).
  - Writes one private file per concern for M(citynet.schools.send_plan) and returns the lines per concern; the SIM PIN is
    resolved from the school's reference (a vaulted variable or a controller environment variable) and masked in
    everything returned.
  - >-
    With C(--diff) (and C(--check) for a preview), returns one unified diff per concern that would change, as
    cisco.ios resource modules do - its lines of the running configuration (with their parents, such as
    C(interface X)) before, its lines of the intended configuration after - so that the default callback prints
    C(--- before: <host> running-config: <concern>) and C(+++ after: <host> intended: <concern>) hunks, C(-) for the
    lines that go and C(+) for those that come. A concern without change gets no diff. Secrets never show: the
    device's secrets are masked wherever they are, and the value of a secret-bearing line (OSPF key, RADIUS key,
    SIM PIN, SNMPv3 keys, local account hash) is masked whatever it is, an older value as C(********[other]).
options:
  backup_dir:
    description: Where backups are written on the controller; no backup when omitted.
    type: path
  keep_backups:
    description: How many backups to keep per device.
    type: int
    default: 10
  allow_uplink_change:
    description:
      - Allow changing an uplink - moving its member ports, shutting it, turning it from switched
        to routed or back, or changing its address - which cuts the device off until the other end
        matches (the move from a layer-2 uplink to a routed one is such a change).
    type: bool
    default: false
  plan_dir:
    description: Directory for the plan files (a new private temporary directory when omitted).
    type: path
  state_outputs:
    description:
      - Outputs of the show commands that read back what the running configuration never prints, by command
        (C(show snmp user), as IOS keeps SNMPv3 users out of C(show running-config)). Such a line is planned only
        when its output does not show it, or when the command was not read.
    type: dict
    default: {}
  resend_unshown:
    description:
      - Send those lines even when the device holds them, to rotate what no show command reveals (the SNMPv3 user's
        keys).
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.controller
  - citynet.schools.controller.city
  - citynet.schools.controller.running_config
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Read the running configuration
  cisco.ios.ios_command:
    commands: [show running-config]
  register: running

- name: Plan the change
  citynet.schools.deploy_plan:
    city_dir: "{{ schools_city_dir }}"
    running_config: "{{ running.stdout[0] }}"
    backup_dir: backups
  register: plan

- name: Apply the VLAN concern
  citynet.schools.send_plan:
    src: "{{ plan.files.vlans }}"
  when: plan.commands.vlans | length > 0
"""

RETURN = r"""
commands:
  description: Lines to send per concern (secrets masked).
  returned: always
  type: dict
  sample: {vlans: ["interface GigabitEthernet1/0/5", " no switchport voice vlan 40"], stp_hardening: []}
files:
  description: Plan file per concern, for the O(citynet.schools.send_plan#module:src) of M(citynet.schools.send_plan).
  returned: unless refused
  type: dict
concerns:
  description: >-
    The device's concerns in deploy order, from the concern registry, each with the role
    that applies it (null when the deploy role sends its planned lines itself) and whether
    its planned lines carry a secret (the task that sends them then hides its result).
  returned: always
  type: list
  elements: dict
  sample: [{name: identity, role: null, secret: false}, {name: routing, role: null, secret: true}]
refused:
  description: >-
    Why nothing may be sent: the plan would cut the management path, or an intended line
    belongs to no concern (it would never be deployed nor verified). The task fails when not empty.
  returned: always
  type: list
  elements: str
diff:
  description: >-
    With C(--diff), one entry per concern whose plan is not empty, in deploy order: that concern's
    lines of the running configuration (in the intended order, so that a line present on both sides
    is not shown as a change) and of the intended configuration, secrets masked.
  returned: in diff mode, when something is to change
  type: list
  elements: dict
  contains:
    before_header:
      description: "C(<host> running-config: <concern>)."
      type: str
    after_header:
      description: "C(<host> intended: <concern>)."
      type: str
    before:
      description: The concern's running lines, with their parents.
      type: str
    after:
      description: The concern's intended lines, with their parents.
      type: str
  sample:
    - before_header: "moulin-sw1 running-config: management_plane"
      after_header: "moulin-sw1 intended: management_plane"
      before: "logging trap notifications\nlogging source-interface Vlan10\n"
      after: "logging trap notifications\nlogging source-interface Vlan10\nlogging host 10.30.1.30\n"
backup_file:
  description: The backup written before the change.
  returned: when something is to change, not in check mode
  type: str
"""
