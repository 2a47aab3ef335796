"""A writable copy of the demo city, edited per test, for rule and design tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import City, design_city

DEMO = Path(__file__).resolve().parents[4] / "inventories" / "demo"


def copy_demo(tmp_path: Path) -> Path:
    root = tmp_path / "city"
    shutil.copytree(DEMO, root)
    return root


def edit_yaml(path: Path, change: Callable[[Any], Any]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = change(data)
    path.write_text(
        yaml.safe_dump(data if result is None else result, sort_keys=False), encoding="utf-8"
    )


def city_after(
    tmp_path: Path,
    school: str | None = None,
    change: Callable[[Any], Any] | None = None,
    city_change: Callable[[Any], Any] | None = None,
) -> tuple[City, Path]:
    root = copy_demo(tmp_path)
    if school and change:
        edit_yaml(root / "schools" / f"{school}.yml", change)
    if city_change:
        edit_yaml(root / "city.yml", city_change)
    return design_city(root), root


def messages(city: City) -> list[str]:
    return [str(issue) for issue in city.issues]


def document_paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key and index path of a parsed YAML document, the root first."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from document_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from document_paths(value, (*prefix, index))


def set_at(path: Sequence[Any], value: Any) -> Callable[[Any], None]:
    """An edit for ``city_after`` / ``edit_yaml``: set the value at a key and index path."""

    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change
