"""The device's current configuration, read from `uci show <config>`.

One `uci show` per config gives every section and value in a single round
trip, already naming anonymous sections the way keys do (@type[N]). Its quoting
is exact ('it'\\''s'), so values with quotes, spaces or newlines survive. It does
not say whether a single value is a plain option or a one-element list; the
export read in the same round trip does (see uci_export).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import CitynetError
from .export import list_options
from .keys import SectionRef


class UciShowError(CitynetError):
    """Output of `uci show` that does not have the expected shape."""


@dataclass(slots=True)
class UciSection:
    """A section as `uci show` lists it, with its options in file order."""

    # "lan" for a named section, "@dnsmasq[0]" for an anonymous one. Both stay
    # valid while sections are only appended, so batches address sections by it.
    ref: str
    type: str
    index: int  # N in @type[N]: rank among the sections of the same type
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lists: set[str] = field(default_factory=set)  # options that are `list`, not `option`

    @property
    def anonymous(self) -> bool:
        return self.ref.startswith("@")


@dataclass(slots=True)
class UciPackage:
    """One config package (network, dhcp, ...) in section order."""

    name: str
    sections: list[UciSection] = field(default_factory=list)

    def find(self, ref: SectionRef) -> UciSection | None:
        """The section a key names, resolved as libuci resolves it."""
        if ref.name is not None:
            for section in self.sections:
                if section.ref == ref.name:
                    return section
            return None
        candidates = [s for s in self.sections if ref.type is None or s.type == ref.type]
        index = ref.index if ref.index is not None else 0
        if index < 0:
            index += len(candidates)
        if 0 <= index < len(candidates):
            return candidates[index]
        return None


def _read_quoted(text: str, pos: int, where: str) -> tuple[str, int]:
    """Read one 'value' starting at the opening quote; return value and next position."""
    if text[pos] != "'":
        raise UciShowError(f"{where}: expected a quoted value")
    pos += 1
    chunks: list[str] = []
    while True:
        end = text.find("'", pos)
        if end < 0:
            raise UciShowError(f"{where}: unterminated quoted value")
        chunks.append(text[pos:end])
        if text.startswith("'\\''", end):
            chunks.append("'")
            pos = end + 4
            continue
        return "".join(chunks), end + 1


def _read_values(text: str, pos: int, where: str) -> tuple[tuple[str, ...], int]:
    values: list[str] = []
    while pos < len(text) and text[pos] != "\n":
        if values:
            if text[pos] != " ":
                raise UciShowError(f"{where}: expected a space between list values")
            pos += 1
        value, pos = _read_quoted(text, pos, where)
        values.append(value)
    return tuple(values), pos + 1


def parse_show(text: str, package: str) -> UciPackage:
    """Parse `uci show <package>` (extended names, default delimiter)."""
    result = UciPackage(name=package)
    by_ref: dict[str, UciSection] = {}
    per_type: dict[str, int] = {}
    pos = 0
    while pos < len(text):
        if text[pos] == "\n":
            pos += 1
            continue
        eq = text.find("=", pos)
        newline = text.find("\n", pos)
        if eq < 0 or (0 <= newline < eq):
            raise UciShowError(f"{package}: line without '=': {text[pos:newline]!r}")
        key = text[pos:eq]
        parts = key.split(".")
        if parts[0] != package or len(parts) not in (2, 3):
            raise UciShowError(f"{package}: unexpected key {key!r}")
        if len(parts) == 2:
            end = text.find("\n", eq)
            end = len(text) if end < 0 else end
            section_type = text[eq + 1 : end]
            index = per_type.get(section_type, 0)
            per_type[section_type] = index + 1
            section = UciSection(ref=parts[1], type=section_type, index=index)
            result.sections.append(section)
            by_ref[section.ref] = section
            pos = end + 1
            continue
        owner = by_ref.get(parts[1])
        if owner is None:
            raise UciShowError(f"{key}: option listed before its section")
        values, pos = _read_values(text, eq + 1, key)
        owner.options[parts[2]] = values
    return result


def parse_state(package: str, show: str, export: str) -> UciPackage:
    """`uci show` for the values, `uci export` (same state) for list-or-option."""
    state = parse_show(show, package)
    kinds = list_options(export)
    if len(kinds) != len(state.sections):
        raise UciShowError(f"{package}: uci show and uci export list different sections")
    for section, lists in zip(state.sections, kinds, strict=True):
        section.lists = lists
    return state
