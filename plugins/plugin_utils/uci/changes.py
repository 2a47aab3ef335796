"""What must change on the device: the desired UCI values against `uci show`.

Only differing values become batch commands, so a second run finds nothing to
do and sends nothing. Lists are compared as lists, in order, and a list never
equals a plain option (init scripts read the two differently). Anonymous sections
are addressed in the batch by the @type[N] the device itself printed, so a key
given as @type[-1] cannot drift onto another section while the batch runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..errors import CitynetError
from .batch import BatchCommand, check_value
from .keys import UciKey, check_section_type, parse_key
from .show import UciPackage

Value = str | list[str] | None


class UciPlanError(CitynetError):
    """Desired values that cannot be applied to the device as it is."""


@dataclass(frozen=True, slots=True)
class UciChange:
    """One option or section whose value differs; values are unmasked here."""

    key: str  # as the task wrote it
    target: str  # as the batch addresses it
    package: str
    before: Value
    after: Value
    secret: bool = False
    section: bool = False  # a section created or given another type


@dataclass(slots=True)
class UciPlan:
    changes: list[UciChange] = field(default_factory=list)
    commands: list[BatchCommand] = field(default_factory=list)
    # Every value of a secret option, before and after: what output must never show.
    secret_values: list[str] = field(default_factory=list)

    @property
    def packages(self) -> list[str]:
        """Changed configs, in the order the task first touches them."""
        return list(dict.fromkeys(change.package for change in self.changes))


def _scalar(key: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UciPlanError(
            f"{key}: give a string (uci stores text: write '1' or '0' for a flag), not {type(value).__name__}"
        )
    return check_value(key, str(value))


def normalize_value(key: str, value: object) -> Value:
    """str, list of str or None; '' and [] mean "absent", as `uci set x=''` deletes."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        items = [_scalar(key, item) for item in value]
        return items or None
    text = _scalar(key, value)
    return text or None


def packages_of(options: Mapping[str, object], sections: Mapping[str, object]) -> list[str]:
    """The configs a task touches, in first-mention order (sections first)."""
    names = [parse_key(key, option=False).package for key in sections]
    names += [parse_key(key, option=True).package for key in options]
    return list(dict.fromkeys(names))


def _same(current: tuple[str, ...] | None, is_list: bool, desired: Value) -> bool:
    """Equal values of the same kind: a plain option never equals a list, even of one."""
    if desired is None or current is None:
        return desired is None and current is None
    if isinstance(desired, str):
        return not is_list and current == (desired,)
    return is_list and current == tuple(desired)


def _shown(current: tuple[str, ...] | None, is_list: bool) -> Value:
    if current is None:
        return None
    return list(current) if is_list or len(current) != 1 else current[0]


class _Resolver:
    """Maps keys to the device's sections, counting sections the plan creates."""

    def __init__(self, state: Mapping[str, UciPackage]) -> None:
        self.state = state
        self.created: dict[tuple[str, str], str] = {}

    def package(self, key: UciKey) -> UciPackage:
        package = self.state.get(key.package)
        if package is None:
            raise UciPlanError(f"{key.text}: config '{key.package}' does not exist on the device")
        return package

    def option(self, key: UciKey) -> tuple[str, tuple[str, ...] | None, bool]:
        """Batch target of an option key, its current values (None if absent), list or not."""
        package = self.package(key)
        section = package.find(key.section)
        option = key.option or ""
        if section is not None:
            target = f"{key.package}.{section.ref}.{option}"
            return target, section.options.get(option), option in section.lists
        name = key.section.name
        if name is not None and (key.package, name) in self.created:
            return f"{key.package}.{name}.{option}", None, False
        hint = " (declare it under sections to create it)" if name is not None else ""
        raise UciPlanError(
            f"{key.text}: section '{key.section}' does not exist in config '{key.package}'{hint}"
        )


def plan_changes(
    state: Mapping[str, UciPackage],
    options: Mapping[str, object],
    sections: Mapping[str, object] | None = None,
    secrets: Iterable[str] = (),
) -> UciPlan:
    """Compare and build the batch; raises UciPlanError before anything is sent."""
    plan = UciPlan()
    resolver = _Resolver(state)

    for key_text, wanted_type in (sections or {}).items():
        key = parse_key(key_text, option=False)
        if key.section.name is None:
            raise UciPlanError(f"{key_text}: only named sections can be declared under sections")
        section_type = check_section_type(key_text, wanted_type)
        section = resolver.package(key).find(key.section)
        if section is None:
            resolver.created[(key.package, key.section.name)] = section_type
        if section is None or section.type != section_type:
            target = f"{key.package}.{key.section.name}"
            plan.changes.append(
                UciChange(
                    key=key_text,
                    target=target,
                    package=key.package,
                    before=None if section is None else section.type,
                    after=section_type,
                    section=True,
                )
            )
            plan.commands.append(BatchCommand("set", target, section_type))

    resolved: dict[str, tuple[str, tuple[str, ...] | None, bool, Value]] = {}
    by_target: dict[str, str] = {}
    for key_text, raw in options.items():
        key = parse_key(key_text, option=True)
        target, current, is_list = resolver.option(key)
        if target in by_target:
            raise UciPlanError(
                f"{key_text} and {by_target[target]} name the same option ({target})"
            )
        by_target[target] = key_text
        resolved[key_text] = (target, current, is_list, normalize_value(key_text, raw))

    secret_targets: set[str] = set()
    for secret in secrets:
        key = parse_key(secret, option=True)
        target = resolver.option(key)[0]
        if target not in by_target:
            raise UciPlanError(f"secret names {secret}, which is not among the options")
        secret_targets.add(target)

    for key_text, (target, current, is_list, desired) in resolved.items():
        secret = target in secret_targets
        if secret:
            plan.secret_values.extend(current or ())
            if desired is not None:
                plan.secret_values.extend([desired] if isinstance(desired, str) else desired)
        if _same(current, is_list, desired):
            continue
        package = target.split(".", 1)[0]
        plan.changes.append(
            UciChange(
                key=key_text,
                target=target,
                package=package,
                before=_shown(current, is_list),
                after=desired,
                secret=secret,
            )
        )
        if isinstance(desired, str):
            plan.commands.append(BatchCommand("set", target, desired))
            continue
        if current is not None:
            plan.commands.append(BatchCommand("delete", target))
        for item in desired or ():
            plan.commands.append(BatchCommand("add_list", target, item))
    return plan
