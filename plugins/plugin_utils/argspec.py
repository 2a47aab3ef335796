"""Action arguments checked against the options their module stub documents.

An action plugin's options are declared once, in the DOCUMENTATION of the
doc-only module of the same name (with its documentation fragments), which is
what ansible-doc shows and validate-modules checks. Deriving the argument spec
from it, instead of restating the options in the action, keeps the two from
drifting apart and gives every action Ansible's own messages for an unknown
option, a missing one or a value of the wrong type.

ansible.utils' AnsibleArgSpecValidator reads a DOCUMENTATION string too, but
ignores extends_documentation_fragment, and the options these stubs share
(city_dir, running_config) come from fragments.
"""

from __future__ import annotations

import copy
import functools
import importlib
from collections.abc import Iterator, Mapping
from typing import Any

import yaml
from ansible.plugins.action import ActionBase

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# What an argument spec takes from an option's documentation; the rest
# (description, version_added) is for readers only.
_SPEC_KEYS = ("type", "required", "default", "choices", "elements", "aliases")

_COLLECTION_PACKAGE = __name__.rsplit(".plugins.", 1)[0]


class DocumentationError(Exception):
    """A stub's documentation cannot be turned into an argument spec: a bug of the collection."""


def _fragment_modules(slug: str) -> Iterator[tuple[str, str]]:
    """Where a fragment may live, as Ansible looks for it: the name itself, then with its last part as the variable."""
    candidates = [(slug, "DOCUMENTATION")]
    if "." in slug:
        head, variable = slug.rsplit(".", 1)
        candidates.append((head, variable.upper()))
    for name, variable in candidates:
        parts = name.split(".")
        if parts[:2] == ["ansible", "builtin"]:
            parts = parts[2:]
        if len(parts) == 1:
            yield f"ansible.plugins.doc_fragments.{parts[0]}", variable
        elif len(parts) == 3:
            namespace, collection, fragment = parts
            yield (
                f"ansible_collections.{namespace}.{collection}.plugins.doc_fragments.{fragment}",
                variable,
            )


def _fragment(slug: str) -> Mapping[str, Any]:
    for module_name, variable in _fragment_modules(slug.strip()):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        text = getattr(getattr(module, "ModuleDocFragment", None), variable, None)
        if text is not None:
            return yaml.load(text, Loader=_Loader) or {}
    raise DocumentationError(f"unknown documentation fragment {slug}")


def documented_options(module: str) -> dict[str, Any]:
    """The options of ``plugins/modules/<module>.py``, its fragments merged in as ansible-doc does."""
    stub = importlib.import_module(f"{_COLLECTION_PACKAGE}.plugins.modules.{module}")
    doc = yaml.load(stub.DOCUMENTATION, Loader=_Loader)
    fragments = doc.get("extends_documentation_fragment") or []
    if isinstance(fragments, str):
        fragments = fragments.split(",")
    options: dict[str, Any] = {}
    for slug in fragments:
        for name, option in (_fragment(slug).get("options") or {}).items():
            options[name] = {**options.get(name, {}), **option}
    for name, option in (doc.get("options") or {}).items():
        options[name] = {**options.get(name, {}), **option}
    return options


def _spec(options: Mapping[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    for name, option in options.items():
        entry = {key: option[key] for key in _SPEC_KEYS if key in option}
        if isinstance(entry.get("choices"), Mapping):  # choices documented one by one
            entry["choices"] = list(entry["choices"])
        if "suboptions" in option:
            entry["options"] = _spec(option["suboptions"])
        spec[name] = entry
    return spec


@functools.cache
def _cached_spec(module: str) -> dict[str, Any]:
    return _spec(documented_options(module))


def argument_spec(module: str) -> dict[str, Any]:
    """The argument spec ``plugins/modules/<module>.py`` documents (a copy: validation may annotate it)."""
    return copy.deepcopy(_cached_spec(module))


def documented_args(action: ActionBase) -> dict[str, Any]:
    """The task's arguments, validated against the action's documented options, defaults filled in.

    The module stub is the action plugin's namesake. An invalid argument fails
    the task (even in check mode) with Ansible's message naming the option,
    before the action has read or written anything.
    """
    package, module = type(action).__module__.rsplit(".", 1)
    if not package.endswith(".plugins.action"):
        raise DocumentationError(f"{type(action).__module__} is not an action plugin")
    _result, args = action.validate_argument_spec(argument_spec(module))
    return args
