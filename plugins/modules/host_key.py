# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the citynet.schools.host_key action (it runs on the controller)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: host_key
short_description: Refuse a device whose SSH host key is not the one enrolled for it, before any credential is sent
version_added: 0.1.0
description:
  - Opens an SSH connection to the device (O(host), O(port)), lets the key exchange happen and reads the host key
    the device offers, then closes the connection without attempting any authentication; no user name, password
    or key is sent.
  - Compares the key with the entries of O(known_hosts) for the device (plain or hashed names, C([host]:port) when
    the port is not 22), with paramiko's known_hosts parser. A device whose key is not enrolled fails (unless
    O(enrol)); a device whose key differs from the enrolled one always fails, naming the expected and the offered
    fingerprints (C(SHA256:...), as C(ssh-keygen -lf) prints them).
  - With O(enrol), an unknown device's key is appended to O(known_hosts) and its fingerprint returned, for the
    technician to compare with the device's console (C(show ip ssh), C(show crypto key mypubkey rsa)); an entry
    with another key is never replaced.
  - When the host's connection checks host keys (C(ansible_host_key_checking), else C(host_key_checking) of
    C(ansible.cfg)), the verified key is also made known to the files C(ansible.netcommon.network_cli) over
    paramiko reads (C(/etc/ssh/ssh_known_hosts), the controller user's C(~/.ssh/known_hosts)), appending it to
    the latter when neither holds it, so the login that follows checks the device against the same key.
options:
  host:
    description: Address of the device; the host's C(ansible_host) (else its inventory name) when omitted.
    type: str
  port:
    description: SSH port of the device; the host's C(ansible_port) (else 22) when omitted.
    type: int
  known_hosts:
    description:
      - The known_hosts file holding the enrolled keys; the roles and C(playbooks/enrol_host_keys.yml) pass
        C(schools_known_hosts), by default C(~/.ssh/known_hosts).
    type: path
    required: true
  enrol:
    description: Record the key of a device that has none enrolled, instead of failing.
    type: bool
    default: false
  timeout:
    description: Seconds to wait for the device's key exchange.
    type: float
    default: 10
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - citynet.schools.controller
attributes:
  check_mode:
    support: full
    details: The key is checked in check mode too, before a preview reads the device; O(enrol) writes in check mode too.
  diff_mode:
    support: none
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Refuse a device whose SSH host key is not enrolled, before any credential is sent
  citynet.schools.host_key:
    known_hosts: ~/.ssh/known_hosts

- name: Enrol the device's key and show its fingerprint
  citynet.schools.host_key:
    known_hosts: /var/lib/citynet/known_hosts
    enrol: true
"""

RETURN = r"""
status:
  description: C(trusted) (the enrolled key), C(enrolled) (recorded by this task), C(unknown) or C(changed) (the task failed).
  returned: when the device answered
  type: str
name:
  description: The device's name in known_hosts, C(host) or C([host]:port).
  returned: when the device answered
  type: str
key_type:
  description: Type of the offered key, e.g. C(ssh-rsa).
  returned: when the device answered
  type: str
fingerprint:
  description: SHA256 fingerprint of the offered key, as C(ssh-keygen -lf) prints it.
  returned: when the device answered
  type: str
  sample: SHA256:1nB7ET1yo8QKtyKC54ekSYo6qGq5pAHNUdCCmW94IPM
expected:
  description: Fingerprints enrolled for the device.
  returned: when the device answered
  type: list
  elements: str
known_hosts:
  description: The known_hosts file read (and written with O(enrol)).
  returned: always
  type: str
"""
