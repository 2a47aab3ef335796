"""UCI addresses as the task gives them: "config.section.option" and "config.section".

The device's `uci` accepts only a narrow alphabet in package, section and
option names, and answers a bad name with a bare "Parse error". Checking the
names here lets the action refuse a typo with a message that names the key,
before anything is sent to the router.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import CitynetError

# The rules of libuci's uci_validate_str: packages may also contain '-',
# section types any printable character but space and quotes are refused here
# because no RutOS type needs them.
_PACKAGE = re.compile(r"[A-Za-z0-9_-]+")
_NAME = re.compile(r"[A-Za-z0-9_]+")
_TYPE = re.compile(r"[A-Za-z0-9_-]+")
_EXTENDED = re.compile(r"@(?P<type>[A-Za-z0-9_-]*)\[(?P<index>-?[0-9]+)\]")


class UciKeyError(CitynetError):
    """A UCI key or section type that the device's uci would refuse."""


@dataclass(frozen=True, slots=True)
class SectionRef:
    """How a key names its section: by name, or by type and index (@type[N])."""

    name: str | None = None
    type: str | None = None  # None with an index means any type: @[N]
    index: int | None = None

    @property
    def anonymous(self) -> bool:
        return self.name is None

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        return f"@{self.type or ''}[{self.index}]"


@dataclass(frozen=True, slots=True)
class UciKey:
    """One parsed key; ``option`` is None for a section key."""

    text: str
    package: str
    section: SectionRef
    option: str | None = None


def parse_section_ref(text: str, key: str) -> SectionRef:
    if _NAME.fullmatch(text):
        return SectionRef(name=text)
    match = _EXTENDED.fullmatch(text)
    if match is None:
        raise UciKeyError(
            f"{key}: section {text!r} is neither a name (letters, digits, _) nor @type[N]"
        )
    return SectionRef(type=match["type"] or None, index=int(match["index"]))


def parse_key(text: str, *, option: bool) -> UciKey:
    """Split and check a key; ``option`` says whether it must name an option."""
    if not isinstance(text, str):
        raise UciKeyError(f"UCI key {text!r} must be a string")
    parts = text.split(".")
    expected = 3 if option else 2
    shape = "config.section.option" if option else "config.section"
    if len(parts) != expected:
        raise UciKeyError(f"{text}: expected {shape}")
    package, section = parts[0], parts[1]
    if not _PACKAGE.fullmatch(package):
        raise UciKeyError(f"{text}: config name {package!r} has characters uci refuses")
    ref = parse_section_ref(section, text)
    name = None
    if option:
        name = parts[2]
        if not _NAME.fullmatch(name):
            raise UciKeyError(f"{text}: option name {name!r} has characters uci refuses")
    return UciKey(text=text, package=package, section=ref, option=name)


def check_section_type(key: str, section_type: object) -> str:
    if not isinstance(section_type, str) or not _TYPE.fullmatch(section_type):
        raise UciKeyError(f"{key}: section type {section_type!r} has characters uci refuses")
    return section_type
