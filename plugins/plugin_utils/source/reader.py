"""Reading a city's source of truth from disk.

The loader only reads and parses files; it never judges their content, so a
file that is not a mapping is reported as a finding rather than raised, and
the remaining schools still get validated in the same pass.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..issues import Issue

try:  # the C loader is several times faster on a thousand school files
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

CITY_FILE = "city.yml"
SCHOOLS_DIR = "schools"
MAX_FILE_BYTES = 1024 * 1024


@dataclass(slots=True)
class SchoolFile:
    """A school file as read from disk."""

    path: str
    code: str  # the file name without .yml: the school's expected code
    data: dict[str, Any] | None


@dataclass(slots=True)
class CitySource:
    """Everything read from ``inventories/<city>/``."""

    root: str
    city_path: str
    city: dict[str, Any] | None
    schools: list[SchoolFile] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        return source_fingerprint(self.root)


def display_path(path: str | os.PathLike[str]) -> str:
    """Paths relative to the working directory read best in messages."""
    text = os.fspath(path)
    try:
        rel = os.path.relpath(text)
    except ValueError:  # pragma: no cover - other drive on Windows
        return text
    return text if rel.startswith("..") else rel


def _read_mapping(path: Path, school: str | None, issues: list[Issue]) -> dict[str, Any] | None:
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            issues.append(
                Issue(shown, school, "", f"file is {size} bytes; at most {MAX_FILE_BYTES} allowed")
            )
            return None
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        issues.append(Issue(shown, school, "", f"file is not UTF-8 text ({exc.reason})"))
        return None
    except OSError as exc:
        issues.append(Issue(shown, school, "", f"cannot read file: {exc.strerror}"))
        return None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        issues.append(Issue(shown, school, "", f"malformed YAML: {where}{problem}"))
        return None
    if data is None:
        issues.append(Issue(shown, school, "", "file is empty; expected a mapping"))
        return None
    if not isinstance(data, dict):
        kind = type(data).__name__
        issues.append(Issue(shown, school, "", f"file holds a {kind}; expected a mapping"))
        return None
    return data


def school_paths(root: str | os.PathLike[str]) -> list[Path]:
    folder = Path(root) / SCHOOLS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def read_city(root: str | os.PathLike[str]) -> CitySource:
    """Read city.yml and every school file below ``root``."""
    base = Path(root)
    issues: list[Issue] = []
    city_path = base / CITY_FILE
    if not city_path.is_file():
        issues.append(Issue(display_path(city_path), None, "", "city plan not found"))
        city = None
    else:
        city = _read_mapping(city_path, None, issues)
    schools = []
    for path in school_paths(base):
        code = path.stem
        schools.append(SchoolFile(display_path(path), code, _read_mapping(path, code, issues)))
    return CitySource(str(base), display_path(city_path), city, schools, issues)


def source_fingerprint(root: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: enough to know a cached design is stale."""
    paths = [Path(root) / CITY_FILE, *school_paths(root)]
    out = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)
