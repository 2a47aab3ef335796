"""The concern registry: each network concern declared once, in its own module.

A concern (the stack, VLANs and ports, spanning tree, the backup router...)
is one module of this package holding a ``CONCERN``: which device kinds it
applies to, which sections of the intent it computes, which lines of a
configuration it owns (per platform), how it is verified and which role
applies it. Its template fragment is ``render/templates/<platform>/<name>.j2``.
Rendering, planning, verifying and the deploy role all iterate this registry;
nothing else lists the concerns, so adding one is adding a module here.
Modules are found by walking the package, so the registry cannot forget one.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

# A verify check: (report, intent, parsed show outputs by command) -> None; it appends drifts.
Check = Callable[[Any, dict[str, Any], dict[str, list[dict[str, Any]]]], None]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which lines of an IOS-style configuration a concern owns.

    ``leaves`` are top-level lines without children; ``blocks`` are top-level
    lines owned with their existence and every child no other concern claims;
    ``children`` are (parent pattern, child patterns) pairs: only those children
    of a parent that may exist without this concern (a physical port, a
    port-channel another concern creates).
    """

    leaves: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()
    children: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret a concern's lines carry, by the name its fragment uses (``secrets.<name>``).

    ``ref`` finds the secret's reference in the device's intent (None when this
    device's lines do not carry it); ``label`` names it in a missing-secret message.
    Declared beside the concern's lines so that resolving and masking need no list
    of secrets elsewhere.
    """

    label: str
    ref: Callable[[dict[str, Any]], dict[str, str] | None]
    # (regular expression, its wording) the value must match: the line that carries it
    # must not be split or cut by what the variable holds
    shape: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class SecretLine:
    """Where a platform's configuration line carries a secret value.

    ``pattern`` captures the line up to the value (group 1) and the value (group 2);
    ``parent`` limits it to the children of matching top-level lines (None: any line).
    Declared by the concern whose lines they are, the design's own secrets and those a
    device may hold without the design (an ``enable secret``), so that a preview or a
    plan's result masks every value of such a line, an old one too, with no list of
    secret lines elsewhere.
    """

    pattern: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Unshown:
    """Lines a device takes but never prints in its running configuration.

    IOS keeps SNMPv3 users out of ``show running-config`` (SNMP Configuration Guide, "SNMP
    Version 3": the user is listed by ``show snmp user``), so comparing texts would send such
    a line on every run. The plan leaves these lines out of the comparison and sends one only
    when ``holds`` says the rows of ``command`` do not show it already.
    """

    pattern: str  # top-level lines of the intended configuration it covers
    command: str  # the show command that reads them back
    holds: Callable[[str, list[dict[str, Any]]], bool]  # (intended line, parsed rows) -> present


@dataclass(frozen=True, slots=True)
class Concern:
    name: str
    order: int  # position in a device's file and in a deploy
    kinds: frozenset[str]  # device kinds it applies to
    platforms: frozenset[str]  # platforms that render it (a fragment each)
    sections: tuple[str, ...] = ()  # intent sections this concern computes
    # Shapes (TypedDicts) of sections that design/intent_types.py does not declare:
    # a new concern declares its section's shape here, beside its scope and checks.
    shapes: dict[str, Any] = field(default_factory=dict)
    scopes: dict[str, Scope] = field(default_factory=dict)  # platform -> lines owned
    role: str | None = None  # role that applies it; None: the deploy role sends its plan
    checks: dict[str, tuple[Check, ...]] = field(default_factory=dict)  # platform -> verify checks
    commands: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # platform -> show commands read
    # platform -> (command, predicate on this concern's intent sections): a show command read
    # only on the devices it holds for (one a device of the same kind may not answer)
    conditional_commands: dict[str, tuple[tuple[str, Callable[[dict[str, Any]], bool]], ...]] = (
        field(default_factory=dict)
    )
    secrets: dict[str, Secret] = field(default_factory=dict)  # template name -> secret
    # platform -> the lines whose value is a secret, whatever value they hold
    secret_lines: dict[str, tuple[SecretLine, ...]] = field(default_factory=dict)
    unshown: dict[str, tuple[Unshown, ...]] = field(default_factory=dict)  # platform -> lines
    description: str = ""
    # its heading in the technician's compliance page (French); the name when empty
    title_fr: str = ""

    def applies_to(self, kind: str, platform: str) -> bool:
        return kind in self.kinds and platform in self.platforms

    def fragment(self, platform: str) -> str:
        return f"{platform}/{self.name}.j2"


@cache
def registry() -> tuple[Concern, ...]:
    """Every concern of this package, in deploy order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        concern = getattr(module, "CONCERN", None)
        if isinstance(concern, Concern):
            found.append(concern)
    found.sort(key=lambda c: (c.order, c.name))
    return tuple(found)


@cache
def concerns_for(kind: str, platform: str) -> tuple[Concern, ...]:
    """The concerns of one kind of device on one platform, in deploy order."""
    return tuple(c for c in registry() if c.applies_to(kind, platform))
