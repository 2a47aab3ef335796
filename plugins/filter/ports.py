"""Filters over interface ranges: ``port_expand`` and ``port_ranges``.

Thin wrappers over ``plugin_utils.interfaces``; documentation is in
``port_expand.yml`` and ``port_ranges.yml`` beside this file, read only by
``ansible-doc``, never on a call.
"""

from __future__ import annotations

from collections.abc import Iterable

from ansible.errors import AnsibleFilterError
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import CitynetError
from ansible_collections.citynet.schools.plugins.plugin_utils.net.interfaces import (
    port_expand,
    port_ranges,
)


def _port_expand(spec: str | Iterable[str]) -> list[str]:
    try:
        return port_expand(spec)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def _port_ranges(names: str | Iterable[str]) -> list[str]:
    try:
        if isinstance(names, str):
            # A lone name, not a list of one-letter names.
            names = [names]
        return port_ranges(names)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


class FilterModule:
    """Interface range filters of citynet.schools."""

    def filters(self) -> dict[str, object]:
        return {"port_expand": _port_expand, "port_ranges": _port_ranges}
