"""The bad-input corpus: broken copies of the demo city and the finding each must give.

Each case is a small YAML descriptor under ``tests/bad_input/<class>/<case>.yml``;
the directory names the class of mistake. A descriptor says which file of a
copy of ``inventories/demo`` to break and how, and what the validator must
answer. Keeping the breakage as data (not code) makes the corpus easy to grow
and lets the reliability report count classes and cases without running them.

Descriptor keys:

    description: what a technician did wrong
    target: schools/curie.yml         # file of the city copy to break (or create)
    copy_from: schools/curie.yml      # optional: start the target from this file
    edits:                            # optional, applied in order to the parsed YAML
      - {set: stacks[0].members[0].priority, value: 16}
      - {delete: school.number}
      - {append: stacks[0].ports, value: {ports: Gi1/0/21, profile: printer}}
      - {rename: school.name, to: nmae}
    text: "raw file text"             # or: the file's whole content, as text
    hex: "00ff..."                    # or: the file's whole content, as bytes
    repeat: {line: "# padding\\n", bytes: 2200000}   # or: text appended to the file
    remove: true                      # or: the file (or directory) is deleted
    replace: [{old: "a: 1\n", new: "a: 1\na: 2\n"}]   # or: raw text substitutions, in order
                                      # (for what parsing would lose, e.g. a duplicate key)
    move_to: schools/curie.YML        # optional, last: the target is renamed to this
    link_out: true                    # optional, last: the target is moved out of the city
                                      # copy and a symbolic link to it left in its place
    expect:
      file: schools/curie.yml         # the file the finding names (default: target)
      school: curie                   # the school it names; null for a city-wide finding
      field: stacks[0].members[0].priority   # field path; "" when the whole file is wrong
      message: priority 16 is out of range 1-15   # text the message must contain
      playbook: no city.yml in        # optional: what the playbook prints instead, when
                                      # the inventory refuses the city before validation
      absent: ["1234"]                # optional: text that must appear nowhere (a secret)
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEMO = ROOT / "inventories" / "demo"

_TOKEN = re.compile(r"([^.\[\]]+)|\[(-?\d+)\]")
_OPERATIONS = ("set", "delete", "append", "rename")
_CONTENT_KEYS = ("edits", "text", "hex", "repeat", "remove", "replace", "move_to", "link_out")


class CorpusError(ValueError):
    """A descriptor that cannot be applied: the corpus itself is wrong."""


@dataclass(frozen=True)
class Expectation:
    file: str
    school: str | None
    field: str
    message: str
    playbook: str | None = None
    absent: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """One broken source of truth."""

    klass: str
    name: str
    path: Path
    description: str
    target: str
    spec: dict[str, Any] = field(repr=False)
    expect: Expectation = field(repr=False)

    @property
    def id(self) -> str:
        return f"{self.klass}/{self.name}"

    def apply(self, root: Path) -> None:
        """Break the city copy at ``root`` as the descriptor says."""
        target = root / self.target
        spec = self.spec
        if spec.get("remove"):
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
            return
        if "copy_from" in spec:
            shutil.copyfile(root / spec["copy_from"], target)
        if "text" in spec:
            target.write_text(spec["text"], encoding="utf-8")
        elif "hex" in spec:
            target.write_bytes(bytes.fromhex(spec["hex"]))
        elif "repeat" in spec:
            line = spec["repeat"]["line"]
            size = int(spec["repeat"]["bytes"])
            text = target.read_text(encoding="utf-8")
            text += line * (max(0, size - len(text.encode())) // len(line.encode()) + 1)
            target.write_text(text, encoding="utf-8")
        elif "replace" in spec:
            text = target.read_text(encoding="utf-8")
            for change in spec["replace"]:
                if change["old"] not in text:
                    raise CorpusError(f"{self.id}: {change['old']!r} is not in {self.target}")
                text = text.replace(change["old"], change["new"], 1)
            target.write_text(text, encoding="utf-8")
        if "edits" in spec:
            data = yaml.safe_load(target.read_text(encoding="utf-8"))
            for edit in spec["edits"]:
                data = apply_edit(data, edit)
            target.write_text(
                yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
        if "move_to" in spec:
            target.rename(root / spec["move_to"])
        if spec.get("link_out"):
            # beside the city copy, never inside it: the link must lead out of the city
            outside = root.parent / "outside" / target.name
            outside.parent.mkdir(exist_ok=True)
            target.rename(outside)
            target.symlink_to(outside, target_is_directory=outside.is_dir())

    def expected_line(self, root: Path) -> str:
        """The start of the finding's line as the validator prints it."""
        where = f"school {self.expect.school}" if self.expect.school else "city"
        field_part = f"{self.expect.field}: " if self.expect.field else ""
        return f"{root / self.expect.file}: {where}: {field_part}"


def parse_path(path: str) -> list[str | int]:
    """``stacks[0].members[1].priority`` -> ["stacks", 0, "members", 1, "priority"]."""
    parts: list[str | int] = []
    position = 0
    for match in _TOKEN.finditer(path):
        if match.start() not in (position, position + 1):
            raise CorpusError(f"cannot read path {path!r}")
        key, index = match.groups()
        parts.append(int(index) if index is not None else key)
        position = match.end()
    if not parts or position != len(path):
        raise CorpusError(f"cannot read path {path!r}")
    return parts


def _walk(data: Any, parts: list[str | int]) -> Any:
    for part in parts:
        data = data[part]
    return data


def apply_edit(data: Any, edit: dict[str, Any]) -> Any:
    """One edit of a parsed document; returns the (possibly replaced) document."""
    ops = [op for op in _OPERATIONS if op in edit]
    if len(ops) != 1:
        raise CorpusError(f"an edit needs exactly one of {', '.join(_OPERATIONS)}: {edit}")
    op = ops[0]
    parts = parse_path(edit[op])
    parent = _walk(data, parts[:-1])
    last = parts[-1]
    if op == "set":
        if isinstance(parent, list) and last == len(parent):
            parent.append(edit["value"])
        else:
            parent[last] = edit["value"]
    elif op == "delete":
        del parent[last]
    elif op == "append":
        parent[last].append(edit["value"])
    else:  # rename a mapping key, keeping its value and place
        if not isinstance(parent, dict):
            raise CorpusError(f"rename needs a mapping at {edit[op]}")
        items = [(edit["to"] if k == last else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
    return data


def _case(path: Path) -> Case:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(spec, dict):
        raise CorpusError(f"{path}: a descriptor is a mapping")
    unknown = set(spec) - {"description", "target", "copy_from", "expect", *_CONTENT_KEYS}
    if unknown:
        raise CorpusError(f"{path}: unknown key(s) {sorted(unknown)}")
    if sum(key in spec for key in ("text", "hex", "repeat", "remove", "replace")) > 1:
        raise CorpusError(f"{path}: text, hex, repeat, remove and replace exclude each other")
    if not any(key in spec for key in _CONTENT_KEYS):
        raise CorpusError(f"{path}: nothing is broken")
    for key in ("description", "target", "expect"):
        if key not in spec:
            raise CorpusError(f"{path}: missing {key}")
    raw = spec["expect"]
    expect = Expectation(
        file=raw.get("file", spec["target"]),
        school=raw["school"],
        field=raw.get("field", ""),
        message=raw["message"],
        playbook=raw.get("playbook"),
        absent=tuple(raw.get("absent", ())),
    )
    return Case(
        path.parent.name, path.stem, path, spec["description"], spec["target"], spec, expect
    )


def load_cases(folder: Path = HERE) -> list[Case]:
    """Every case of the corpus, by class then name."""
    return [_case(p) for p in sorted(folder.glob("*/*.yml"))]


def classes(cases: list[Case]) -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = {}
    for case in cases:
        out.setdefault(case.klass, []).append(case)
    return out


def representatives(cases: list[Case]) -> list[Case]:
    """One case per class: the first by name."""
    return [members[0] for members in classes(cases).values()]


def broken_copy(case: Case, base: Path) -> Path:
    """A fresh copy of the demo city at ``base/city`` with ``case`` applied."""
    root = base / "city"
    shutil.copytree(DEMO, root)
    case.apply(root)
    return root
