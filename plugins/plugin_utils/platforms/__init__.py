"""The platform registry: what the collection knows of each device platform, in one place.

A platform module of this package holds a ``PLATFORM``: the connection
settings the inventory gives its hosts, the layout its configuration files
follow and the filters its templates spell values with, how a change reaches
it (planned lines over the CLI, UCI options, or a file), and whether verify
can read it back. The hardware catalogue (``hardware.py``) says which models
run it; the concern registry says which concerns it renders. Modules are
found by walking the package, so nothing else lists the platforms.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Platform:
    name: str
    connection: dict[str, str]  # host variables the inventory sets
    layout: str  # template the concerns' fragments are composed into
    deploy: str | None  # "plans" (CLI lines per concern), "roles" (the concerns' roles), None
    verify: bool  # verify reads this platform back
    description: str = ""
    filters: dict[str, Callable[..., Any]] = field(default_factory=dict)  # template spelling
    extras: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # platform view of an intent

    def view(self, intent: dict[str, Any]) -> dict[str, Any]:
        """The intent with the platform's own spelling added (a new dict, the intent is kept)."""
        return {**intent, **self.extras(intent)} if self.extras else intent


@cache
def registry() -> dict[str, Platform]:
    found: dict[str, Platform] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        platform = getattr(module, "PLATFORM", None)
        if isinstance(platform, Platform):
            found[platform.name] = platform
    return dict(sorted(found.items()))


def platform(name: str) -> Platform:
    try:
        return registry()[name]
    except KeyError:
        raise KeyError(f"no platform named {name!r}") from None


def template_filters() -> dict[str, Callable[..., Any]]:
    """Every platform's template filters, for the one rendering environment."""
    out: dict[str, Callable[..., Any]] = {}
    for item in registry().values():
        out.update(item.filters)
    return out
