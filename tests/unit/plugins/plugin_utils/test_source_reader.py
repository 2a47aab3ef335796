"""What reading a city refuses: secrets echoed, duplicate keys, unread entries, links out, bombs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.source.reader import (
    MAX_ALIAS_NODES,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.source.schema import secret_paths
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    copy_demo,
    messages,
)

HIDDEN = "(value not shown: a secret field)"


def _pin(value):
    def change(data):
        data["backup_router"]["sim_pin"] = value

    return change


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {"var": {"pin": 1357}},
            f"backup_router.sim_pin.var: expected a string, got dict {HIDDEN}",
        ),
        ({"var": [1357]}, f"backup_router.sim_pin.var: expected a string, got list {HIDDEN}"),
        (
            {"env": "1357"},
            "backup_router.sim_pin.env: does not match the expected form "
            f"^[A-Za-z_][A-Za-z0-9_]*$ {HIDDEN}",
        ),
        (
            {"1357": "x"},
            "backup_router.sim_pin: unknown key in a secret reference; expected one of: env, var",
        ),
    ],
)
def test_a_value_under_a_secret_field_is_never_quoted(tmp_path: Path, value, expected: str):
    city, root = city_after(tmp_path, "curie", _pin(value))
    lines = messages(city)
    assert f"{root / 'schools' / 'curie.yml'}: school curie: {expected}" in lines
    assert not any("1357" in line for line in lines)
    assert "curie" in city.invalid_schools


def test_secret_fields_come_from_the_schema():
    assert secret_paths("school") == {("backup_router", "sim_pin")}


def _write(root: Path, name: str, text: str) -> Path:
    path = root / "schools" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_duplicate_key_names_both_lines_and_the_field(tmp_path: Path):
    root = copy_demo(tmp_path)
    path = root / "schools" / "curie.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  number: 2\n", "  number: 2\n  number: 3\n"), encoding="utf-8")
    city = design_city(root)
    assert messages(city) == [
        f"{path}: school curie: school.number: duplicate key 'number' (lines 5 and 6); "
        "YAML would keep the second silently"
    ]
    assert "curie" in city.invalid_schools and city.cores_held


def test_a_merge_key_overridden_is_not_a_duplicate(tmp_path: Path):
    root = copy_demo(tmp_path)
    path = root / "schools" / "curie.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - {name: principal}\n", "  - &b {name: principal}\n"), encoding="utf-8"
    )
    assert messages(design_city(root)) == []


@pytest.mark.parametrize(
    ("name", "school", "message"),
    [
        ("curie.YML", "curie", "extension .YML is not read; name the file curie.yml"),
        (
            "curie.yml~",
            "curie",
            "not a school file and not read; a school is a file named <code>.yml or <code>.yaml",
        ),
        (
            ".curie.yml.swp",
            "curie",
            "not a school file and not read; a school is a file named <code>.yml or <code>.yaml",
        ),
    ],
)
def test_every_entry_of_schools_is_read_or_reported(
    tmp_path: Path, name: str, school: str, message: str
):
    root = copy_demo(tmp_path)
    source = root / "schools" / "curie.yml"
    target = root / "schools" / name
    source.rename(target)
    city = design_city(root)
    assert messages(city) == [f"{target}: school {school}: {message}"]
    assert school in city.invalid_schools and school not in city.schools
    assert city.cores_held, "the school's core uplinks must not vanish"


def test_a_subfolder_of_schools_is_reported(tmp_path: Path):
    root = copy_demo(tmp_path)
    (root / "schools" / "old").mkdir()
    city = design_city(root)
    assert messages(city) == [
        f"{root / 'schools' / 'old'}: school old: "
        "a folder in schools/; school files are read from schools/ itself only"
    ]


def test_a_school_file_linked_from_outside_the_city_is_refused(tmp_path: Path):
    root = copy_demo(tmp_path)
    outside = tmp_path / "elsewhere.yml"
    (root / "schools" / "curie.yml").rename(outside)
    (root / "schools" / "curie.yml").symlink_to(outside)
    city = design_city(root)
    assert messages(city) == [
        f"{root / 'schools' / 'curie.yml'}: school curie: links to {outside}, outside the "
        f"city folder {root}; only files of the city are read"
    ]
    assert "curie" in city.invalid_schools


def test_a_link_inside_the_city_is_read(tmp_path: Path):
    root = copy_demo(tmp_path)
    (root / "curie.yml").write_bytes((root / "schools" / "curie.yml").read_bytes())
    (root / "schools" / "curie.yml").unlink()
    (root / "schools" / "curie.yml").symlink_to(root / "curie.yml")
    assert messages(design_city(root)) == []


@pytest.mark.parametrize("link", ["city.yml", "schools"])
def test_the_city_plan_or_schools_folder_linked_from_outside_is_refused(tmp_path: Path, link):
    root = copy_demo(tmp_path)
    outside = tmp_path / f"elsewhere-{link}"
    (root / link).rename(outside)
    (root / link).symlink_to(outside)
    city = design_city(root)
    assert (
        f"{root / link}: city: links to {outside}, outside the city folder {root}; "
        "only files of the city are read"
    ) in messages(city)
    assert city.city_invalid


def _bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path):
    root = copy_demo(tmp_path)
    text = _bomb()
    assert len(text.encode()) < 1024
    path = _write(root, "curie.yml", text)
    start = time.perf_counter()
    city = design_city(root)
    elapsed = time.perf_counter() - start
    assert messages(city) == [
        f"{path}: school curie: YAML aliases expand the file by more than {MAX_ALIAS_NODES} "
        "values; at most that many are allowed (write the data out instead)"
    ]
    assert elapsed < 5, elapsed  # a generous bound: the benchmark of record is by hand


def test_an_alias_that_contains_itself_is_refused(tmp_path: Path):
    root = copy_demo(tmp_path)
    path = _write(root, "curie.yml", "school: &s\n  loop: [*s]\n")
    assert messages(design_city(root)) == [
        f"{path}: school curie: line 1: a YAML alias refers to a block that contains it"
    ]


def test_a_few_aliases_are_fine(tmp_path: Path):
    root = copy_demo(tmp_path)
    path = _write(root, "curie.yml", _bomb(3))
    assert not any("YAML aliases" in m for m in messages(design_city(root))), path
