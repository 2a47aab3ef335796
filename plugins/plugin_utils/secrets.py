"""Secrets by reference: resolved on the controller at the last moment, masked everywhere else.

The source of truth only names where a secret lives (a vaulted Ansible
variable or a controller environment variable); actions call this to get the
value for the one configuration that must carry it, and mask it in anything
they return.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import Any

MASK = "********"


class SecretMissing(ValueError):
    """The referenced variable is not set, or holds what the line cannot carry."""


def resolve(
    ref: Mapping[str, str],
    variables: Mapping[str, Any],
    template: Callable[[Any], Any],
    label: str,
    shape: tuple[str, str] | None = None,
) -> str:
    """The value a reference names; ``label`` says what is missing when it is not set.

    ``shape`` is (regular expression, its wording): a value outside it (a space, a line
    break that would split the configuration line) is refused without being quoted.
    """
    value = None
    if "var" in ref and ref["var"] in variables:
        value = template(variables[ref["var"]])
    elif "env" in ref:
        value = os.environ.get(ref["env"])
    if value in (None, ""):
        where = (
            f"variable {ref['var']}" if "var" in ref else f"environment variable {ref.get('env')}"
        )
        raise SecretMissing(f"the {label} is not set: define the {where}")
    value = str(value)
    if shape and not re.fullmatch(shape[0], value):
        where = f"variable {ref['var']}" if "var" in ref else f"environment variable {ref['env']}"
        raise SecretMissing(f"the {label} in the {where} must be {shape[1]} (value not shown)")
    return value


def mask(text: str, secrets: Mapping[str, str] | None) -> str:
    for value in (secrets or {}).values():
        if value:
            text = text.replace(value, MASK)
    return text
