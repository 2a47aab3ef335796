"""Filters over VLAN id lists: ``vlan_ranges`` and ``vlan_expand``.

Thin wrappers: the work and the checks live in ``plugin_utils.vlan_ids`` so
that the inventory plugin and the validator share them. Documentation is in
``vlan_ranges.yml`` and ``vlan_expand.yml`` beside this file, read only by
``ansible-doc``, never on a call.
"""

from __future__ import annotations

from collections.abc import Iterable

from ansible.errors import AnsibleFilterError
from ansible_collections.citynet.schools.plugins.plugin_utils.errors import CitynetError
from ansible_collections.citynet.schools.plugins.plugin_utils.net.vlan_ids import (
    FIRST_LINE_LEN,
    OTHER_LINE_LEN,
    vlan_expand,
    vlan_ranges,
)


def _vlan_ranges(
    ids: Iterable[int | str],
    first_line_len: int = FIRST_LINE_LEN,
    other_line_len: int = OTHER_LINE_LEN,
) -> list[str]:
    try:
        return vlan_ranges(ids, first_line_len, other_line_len)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def _vlan_expand(spec: str | int | Iterable[int | str]) -> list[int]:
    try:
        return vlan_expand(spec)
    except CitynetError as exc:
        raise AnsibleFilterError(str(exc)) from exc


class FilterModule:
    """VLAN list filters of citynet.schools."""

    def filters(self) -> dict[str, object]:
        return {"vlan_ranges": _vlan_ranges, "vlan_expand": _vlan_expand}
