"""Hiding secret UCI values (SIM PIN, passwords) in everything the task reports.

Ansible prints results, diffs, warnings and error messages; device output can
echo a value back. Masking a value where it is known (a change marked secret)
and scrubbing every known secret string out of free text covers both paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

MASK = "********"

T = TypeVar("T")


def mask_value(value: T, secret: bool) -> T | str:
    """The value itself, or MASK when it is secret and present (absence is not secret)."""
    if not secret or value is None:
        return value
    return MASK


class Redactor:
    """Replaces every known secret string in a text, longest first."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def add(self, secrets: Iterable[str]) -> None:
        self._secrets = sorted(
            set(self._secrets) | {s for s in secrets if s}, key=len, reverse=True
        )

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text
