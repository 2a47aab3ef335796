"""A Linux host running dnsmasq as the backup router: a rendered file, not deployed here.

The collection writes its dnsmasq.conf; the live twin's backup_router role
applies it in a namespace. Production hosts of this kind are managed by the
town hall's own Linux tooling, so the school playbook neither deploys nor
verifies them.
"""

from __future__ import annotations

from . import Platform

PLATFORM = Platform(
    name="dnsmasq",
    connection={"ansible_connection": "ansible.builtin.ssh"},
    layout="dnsmasq/layout.j2",
    deploy=None,
    verify=False,
    description="Linux host with dnsmasq (file rendered; applied in the live twin)",
)
