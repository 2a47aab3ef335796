# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.school_lock action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: school_lock
short_description: Keep two runs from changing the same school's devices at once
version_added: 0.1.0
description:
  - Takes or releases the lock of one school, a file C(<lock_dir>/<school>.lock) on the controller naming the run that
    holds it (the C(ansible-playbook) process, its controller, user and start time) and the devices of that run still
    working on the school.
  - Every device of the same run shares the lock; the lock file goes when the run's last device releases it.
  - Another run waits up to O(timeout) seconds, then fails with a message naming the holder; nothing has been sent to
    the device at that point.
  - A lock left by a run whose process is gone (a crash, a killed job) is taken over, so it never blocks a school; a
    lock held from another controller is honoured until it is released or removed by hand.
  - Reading and rewriting the lock happens under C(fcntl.flock) of a guard file beside it, so concurrent workers and
    runs cannot both take it.
options:
  school:
    description: The school's code (C(_cores) for the city's cores).
    required: true
    type: str
  state:
    description: C(present) takes the lock for this device, C(absent) releases it.
    type: str
    choices: [present, absent]
    default: present
  lock_dir:
    description: Directory of the lock files on the controller (created private when missing).
    required: true
    type: path
  timeout:
    description: Seconds to wait for another run to release the school before failing.
    type: float
    default: 600
  poll:
    description: Seconds between two looks at a lock held by another run.
    type: float
    default: 2
  device:
    description: The device taking or releasing the lock; the inventory host when omitted.
    type: str
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.controller
attributes:
  check_mode:
    support: full
    details: The lock is taken in check mode too, so a preview never reads a device in the middle of another run's change.
  diff_mode:
    support: none
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Take the school's lock before anything is read or sent
  citynet.schools.school_lock:
    school: "{{ schools_school }}"
    lock_dir: "{{ playbook_dir }}/../backups/.locks"
    timeout: 600

- name: Release it at the end
  citynet.schools.school_lock:
    school: "{{ schools_school }}"
    lock_dir: "{{ playbook_dir }}/../backups/.locks"
    state: absent
"""

RETURN = r"""
lock_file:
  description: The school's lock file.
  returned: always
  type: str
holder:
  description: Who holds the lock after the task (run, user, controller, since when, devices).
  returned: when the lock is held
  type: str
joined:
  description: Whether this run already held the lock for another of its devices.
  returned: state=present
  type: bool
waited:
  description: Seconds waited for another run.
  returned: state=present
  type: float
took_over:
  description: The holder of a stale lock (its run is gone) that was taken over.
  returned: when a stale lock was taken over
  type: str
released:
  description: Whether the lock file was removed (the run's last device left).
  returned: state=absent
  type: bool
"""
