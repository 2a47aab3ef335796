"""What the controller-side actions share: finding their device, resolving its secrets.

Kept apart from the design core (which knows nothing of Ansible) so that the
actions stay thin and phrase these failures the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ansible.errors import AnsibleActionFail

from .concerns import concerns_for
from .design.city import City, load_city
from .design.devices import Device
from .secrets import SecretMissing, resolve


def city_device(city_dir: str, host: str) -> tuple[City, Device]:
    city = load_city(city_dir)
    device = city.devices.get(host)
    if device is None:
        raise AnsibleActionFail(f"{host} is not a device of the city in {city_dir}")
    return city, device


def device_secrets(
    host: str, device: Device, variables: Mapping[str, Any], template: Callable[[Any], Any]
) -> dict[str, str] | None:
    """The secrets a device's configuration carries (a router's SIM PIN, an OSPF key), or None.

    Each concern declares the secrets its lines carry; only those whose reference this
    device's intent holds are resolved, so a device is never refused for a secret it does
    not use.
    """
    intent = device.intent()
    found: dict[str, str] = {}
    try:
        for concern in concerns_for(device.kind, device.platform):
            for name, secret in concern.secrets.items():
                ref = secret.ref(intent)
                if ref:
                    found[name] = resolve(ref, variables, template, secret.label, secret.shape)
    except SecretMissing as exc:
        raise AnsibleActionFail(f"{host}: {exc}") from None
    return found or None
