# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lookup citynet.schools.intent: a device's intended state, from the design core."""

from __future__ import annotations

DOCUMENTATION = r"""
name: intent
short_description: The intended state of devices of the city, as computed by the design core
version_added: 0.1.0
description:
  - Returns, for each host name given, the device's intended state as plain data (VLANs, interfaces, port-channels,
    spanning tree and management for switches and cores; LAN, DHCP pool, DNS, cellular settings and the RutOS
    option set for backup routers). Secrets appear only as references, such as C(var=NAME) or C(env=NAME), unless
    O(resolve_secrets=true).
  - The city is designed once per process and reused while its files are unchanged, so roles read their part of the
    intent here instead of deriving it again.
options:
  _terms:
    description: Host names of devices of the city.
    required: true
    type: list
    elements: str
  city_dir:
    description: Directory of the city's source of truth (the inventory sets C(schools_city_dir)).
    required: true
    type: path
  resolve_secrets:
    description:
      - Add to C(uci_options) the secret options of C(uci_secrets) (a RutOS router's SIM PIN) with their value, read
        from the Ansible variable or controller environment variable they reference.
      - Only for a task that sends them and masks them, such as citynet.schools.uci with its O(citynet.schools.uci#module:secret)
        option set to the keys of C(uci_secrets); fails naming the host and the variable when one is not set.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Read the router's intended LAN address
  ansible.builtin.debug:
    msg: "{{ lookup('citynet.schools.intent', inventory_hostname, city_dir=schools_city_dir).lan.address }}"

- name: Apply a RutOS router's option set, its SIM PIN included and masked
  vars:
    router: "{{ lookup('citynet.schools.intent', inventory_hostname, city_dir=schools_city_dir, resolve_secrets=true) }}"
  citynet.schools.uci:
    options: "{{ router.uci_options }}"
    secret: "{{ router.uci_secrets.keys() | list }}"
"""

RETURN = r"""
_raw:
  description: One intent (a dictionary) per host name.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible_collections.citynet.schools.plugins.plugin_utils.concerns.backup_router import SIM_PIN
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import load_city
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms import platform
from ansible_collections.citynet.schools.plugins.plugin_utils.secrets import (
    SecretMissing,
    resolve,
)


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        city = load_city(self.get_option("city_dir"))
        out = []
        for name in terms:
            device = city.devices.get(name)
            if device is None:
                raise AnsibleLookupError(
                    f"{name} is not a device of the city in {self.get_option('city_dir')}"
                )
            intent = platform(device.platform).view(device.intent())
            if self.get_option("resolve_secrets") and intent.get("uci_secrets"):
                intent["uci_options"] = {
                    **intent["uci_options"],
                    **self._resolved(name, intent["uci_secrets"], variables or {}),
                }
            out.append(intent)
        return out

    def _resolved(self, host, refs, variables):
        try:
            return {
                key: resolve(ref, variables, self._templar.template, SIM_PIN.label, SIM_PIN.shape)
                for key, ref in refs.items()
            }
        except SecretMissing as exc:
            raise AnsibleLookupError(f"{host}: {exc}") from None
