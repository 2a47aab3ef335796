"""Secrets by reference: resolved on the controller at the last moment, masked everywhere else.

The source of truth only names where a secret lives (a vaulted Ansible
variable or a controller environment variable); actions call this to get the
value for the one configuration that must carry it, and mask it in anything
they return.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

MASK = "********"


class SecretMissing(ValueError):
    """The referenced variable is not set."""


def resolve_sim_pin(
    ref: Mapping[str, str], variables: Mapping[str, Any], template: Callable[[Any], Any]
) -> str:
    value = None
    if "var" in ref and ref["var"] in variables:
        value = template(variables[ref["var"]])
    elif "env" in ref:
        value = os.environ.get(ref["env"])
    if value in (None, ""):
        where = (
            f"variable {ref['var']}" if "var" in ref else f"environment variable {ref.get('env')}"
        )
        raise SecretMissing(f"the SIM PIN is not set: define the {where}")
    return str(value)


def mask(text: str, secrets: Mapping[str, str] | None) -> str:
    for value in (secrets or {}).values():
        if value:
            text = text.replace(value, MASK)
    return text
