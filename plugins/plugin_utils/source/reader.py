"""Reading a city's source of truth from disk.

The loader only reads and parses files; it never judges their content, so a
file that is not a mapping is reported as a finding rather than raised, and
the remaining schools still get validated in the same pass.

Reading is also where a source of truth can hide data from the validator, so
every way of doing that is a finding here: a key written twice (YAML keeps the
last silently), a file in ``schools/`` that would not be read (``curie.YML``,
``curie.yml~``, a subfolder), a link leading outside the city folder, and
aliases that multiply a small file into millions of nodes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..issues import Issue, join_path

try:  # the C loader is several times faster on a thousand school files
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

CITY_FILE = "city.yml"
SCHOOLS_DIR = "schools"
SCHOOL_SUFFIXES = (".yml", ".yaml")
MAX_FILE_BYTES = 1024 * 1024
# Nodes that aliases may add to a file beyond those written in it. Merge keys
# and a few reused blocks stay far below; a kilobyte "billion laughs" file
# would otherwise expand to billions of nodes when validated.
MAX_ALIAS_NODES = 100_000
_MERGE_TAG = "tag:yaml.org,2002:merge"


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


class SourceProblems(Exception):
    """What the loader refuses in a document, as (field path, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _where, message in problems))


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _expanded_extra(root: Node) -> int:
    """How many nodes aliases add to the document, counted without expanding it.

    Each distinct node is sized once (children first), so the count costs the
    size of the file, not of its expansion; sizes are capped just above the
    limit. A node that contains itself through an alias is refused too: the
    validator would recurse without end.
    """
    cap = MAX_ALIAS_NODES * 2 + 2
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = min(cap, 1 + sum(sizes[id(child)] for child in _children(node)))
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise SourceProblems(
                [("", f"line {_line(node)}: a YAML alias refers to a block that contains it")]
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return max(0, sizes[id(root)] - len(sizes))


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _duplicate_keys(root: Node) -> list[tuple[str, str]]:
    """Keys written twice in one mapping, with the field path and both lines.

    A merge key (``<<: *defaults``) is not a duplicate: a key beside it is
    meant to override the merged one.
    """
    found: list[tuple[str, str]] = []
    seen: set[int] = set()
    stack: list[tuple[Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
        elif isinstance(node, MappingNode):
            first: dict[tuple[str, str], ScalarNode] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode) or key.tag == _MERGE_TAG:
                    continue
                ident = (key.tag, key.value)
                if ident in first:
                    found.append(
                        (
                            join_path(*path, key.value),
                            f"duplicate key '{key.value}' (lines {_line(first[ident])} and "
                            f"{_line(key)}); YAML would keep the second silently",
                        )
                    )
                else:
                    first[ident] = key
                stack.append((value, (*path, key.value)))
    return sorted(found)


class SourceLoader(_Loader):  # type: ignore[misc,valid-type]
    """The safe loader, refusing what it would otherwise accept silently.

    The checks run on the composed node graph, before anything is built:
    there aliases are still shared nodes, so a bomb costs no more than its
    own size to recognise.
    """

    def get_single_node(self) -> Node | None:
        node = super().get_single_node()
        if node is None:
            return None
        extra = _expanded_extra(node)
        if extra > MAX_ALIAS_NODES:
            raise SourceProblems(
                [
                    (
                        "",
                        f"YAML aliases expand the file by more than {MAX_ALIAS_NODES} values; "
                        "at most that many are allowed (write the data out instead)",
                    )
                ]
            )
        duplicates = _duplicate_keys(node)
        if duplicates:
            raise SourceProblems(duplicates)
        return node


def load_source(text: str) -> Any:
    """Parse one document of the source of truth (raises SourceProblems, yaml.YAMLError)."""
    loader = SourceLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


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
        data = load_source(text)
    except SourceProblems as exc:
        issues.extend(Issue(shown, school, p, m) for p, m in exc.problems)
        return None
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


def _outside(path: Path, home: Path) -> str | None:
    """Why ``path`` is refused when a link takes it out of the city folder ``home``."""
    target = path.resolve()
    if target.is_relative_to(home):
        return None
    return f"links to {target}, outside the city folder {home}; only files of the city are read"


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _is_school_file(path: Path) -> bool:
    return path.suffix in SCHOOL_SUFFIXES and not path.name.startswith(".") and path.is_file()


def school_paths(root: str | os.PathLike[str]) -> list[Path]:
    """The files of ``schools/`` that are read as schools; anything else is a finding."""
    folder = Path(root) / SCHOOLS_DIR
    if not folder.is_dir():
        return []
    return [p for p in _entries(folder) if _is_school_file(p)]


def _unexpected(entry: Path) -> str:
    """Why an entry of ``schools/`` is not read as a school, and what to do."""
    if entry.is_dir():
        return "a folder in schools/; school files are read from schools/ itself only"
    if entry.suffix.lower() in SCHOOL_SUFFIXES and not entry.name.startswith("."):
        if entry.suffix not in SCHOOL_SUFFIXES:
            return f"extension {entry.suffix} is not read; name the file {entry.stem}.yml"
        return "not a regular file; a school is a file named <code>.yml"
    return "not a school file and not read; a school is a file named <code>.yml or <code>.yaml"


def _entry_code(entry: Path) -> str:
    """The school an unread entry was most likely meant for: curie.yml~ -> curie."""
    return entry.name.lstrip(".").split(".")[0] or entry.name


def read_city(root: str | os.PathLike[str]) -> CitySource:
    """Read city.yml and every school file below ``root``.

    An entry of ``schools/`` that is not read becomes a school without data,
    so that school is refused and the cores it is plugged into are held.
    """
    base = Path(root)
    home = base.resolve()
    issues: list[Issue] = []
    city_path = base / CITY_FILE
    city = None
    outside = _outside(city_path, home)
    if outside:
        issues.append(Issue(display_path(city_path), None, "", outside))
    elif not city_path.is_file():
        issues.append(Issue(display_path(city_path), None, "", "city plan not found"))
    else:
        city = _read_mapping(city_path, None, issues)
    schools = []
    folder = base / SCHOOLS_DIR
    outside = _outside(folder, home) if folder.exists() or folder.is_symlink() else None
    if outside:
        issues.append(Issue(display_path(folder), None, "", outside))
    for path in [] if outside or not folder.is_dir() else _entries(folder):
        shown = display_path(path)
        refused = _outside(path, home)
        if refused is None and _is_school_file(path):
            schools.append(SchoolFile(shown, path.stem, _read_mapping(path, path.stem, issues)))
            continue
        code = path.stem if refused else _entry_code(path)
        issues.append(Issue(shown, code, "", refused or _unexpected(path)))
        schools.append(SchoolFile(shown, code, None))
    return CitySource(str(base), display_path(city_path), city, schools, issues)


def source_fingerprint(root: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: enough to know a cached design is stale.

    Every entry of ``schools/`` counts, read or not, so that renaming
    ``curie.YML`` to ``curie.yml`` is seen.
    """
    paths = [Path(root) / CITY_FILE, *_entries(Path(root) / SCHOOLS_DIR)]
    out = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)
