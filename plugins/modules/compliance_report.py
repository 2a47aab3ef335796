# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.compliance_report action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: compliance_report
short_description: Write per-school compliance pages and one summary for the run
version_added: 0.1.0
description:
  - Writes C(<build_dir>/<school>/compliance.md) (cores under C(_cores/)) and a machine-readable summary of every
    device, and fails listing each drift unless O(fail_on_drift=false).
  - With O(city_dir), also refreshes the city's dashboard C(<build_dir>/dashboard.html) with the run's results
    (each device's state and drifts, grouped by concern as in C(compliance.md)) and the backups of O(backup_dir).
options:
  reports:
    description: The C(report) of citynet.schools.compliance for each device.
    required: true
    type: list
    elements: dict
  summary_file:
    description: Path of the JSON summary (default C(<build_dir>/compliance-summary.json)).
    type: path
  history_dir:
    description:
      - Directory of the compliance history, kept between runs (the playbook gives
        C(<schools_state_dir>/.compliance)). Each run adds its summary there as
        C(<UTC time>.json), also in check mode, since the history records what was read and
        changes no device; the oldest beyond O(keep_history) are removed. Unset, no history is kept.
    type: path
  keep_history:
    description: How many summaries the history keeps (about a year of nightly runs by default).
    type: int
    default: 400
  expected:
    description: Hosts that were verified in this run; one without a report counts as a drift.
    type: list
    elements: str
  city_dir:
    description:
      - Directory of the city's source of truth; when given, the dashboard is written with the results.
    type: path
  backup_dir:
    description: The deploys' backup folder, read (file names only) for each device's last backup on the dashboard.
    type: path
  fail_on_drift:
    description: Fail when any device drifts from the design.
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.controller
  - citynet.schools.controller.build_dir
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Write the compliance reports
  citynet.schools.compliance_report:
    reports: "{{ groups['all'] | map('extract', hostvars, ['verify_result', 'report']) | select('defined') | list }}"
    build_dir: build
"""

RETURN = r"""
devices:
  description: Number of devices verified.
  returned: always
  type: int
compliant:
  description: Number of compliant devices.
  returned: always
  type: int
drifts:
  description: Every drift, prefixed by its device.
  returned: always
  type: list
  elements: str
configuration_drifts:
  description: >-
    The drifts that are lines of a running configuration differing from the design, prefixed by
    their device: a deploy previewed with C(--check --diff) has printed them as diffs already.
  returned: always
  type: list
  elements: str
dashboard:
  description: Path of the dashboard written with the results; empty without O(city_dir) or a valid city.
  returned: always
  type: str
summary_file:
  description: Path of the JSON summary.
  returned: always
  type: str
history_file:
  description: Path of this run's summary in the compliance history.
  returned: when O(history_dir) is set
  type: str
"""
