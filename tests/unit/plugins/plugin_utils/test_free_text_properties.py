"""Property: no generated text in a free field adds a line to any rendered file.

Every string leaf of a school file and of the city plan gets generated
Unicode holding line breaks, controls and format characters of every kind.
The design either refuses it with a finding naming that field, or accepts it,
and then no rendered file has more lines (counted the widest way, with
``str.splitlines()``) than with a plain value in the same field; an empty
value may drop its line.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.issues import join_path
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import city_files
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    document_paths,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DEMO = Path(__file__).resolve().parents[4] / "inventories" / "demo"
PROFILE = settings(
    max_examples=40,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # CI replays the same examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _walk(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _string_fields(rel: str) -> list[tuple[str, tuple[Any, ...]]]:
    data = yaml.safe_load((DEMO / rel).read_text(encoding="utf-8"))
    return [(rel, p) for p in document_paths(data) if p and isinstance(_walk(data, p), str)]


FIELDS = _string_fields("city.yml") + _string_fields("schools/curie.yml")

SPECIAL = st.sampled_from(LINE_BREAKS) | st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
TEXT = st.one_of(
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=8), SPECIAL, st.text(max_size=8)),
    st.text(max_size=16),
)


def _design(base: Path, rel: str, path: tuple[Any, ...], value: str):
    root = base / "city"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(DEMO, root)
    target = root / rel
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    _walk(data, path[:-1])[path[-1]] = value
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return design_city(root), root


def _line_counts(city) -> dict[str, int]:
    return {name: len(text.splitlines()) for name, text in city_files(city).items()}


@PROFILE
@given(field=st.sampled_from(FIELDS), value=TEXT)
def test_free_text_is_refused_or_adds_no_line(tmp_path: Path, field, value):
    rel, path = field
    city, root = _design(tmp_path, rel, path, value)
    name = join_path(*path)
    school = None if rel == "city.yml" else Path(rel).stem
    # what YAML gives back is what the design saw (a NEL may have been folded)
    seen = _walk(yaml.safe_load((root / rel).read_text(encoding="utf-8")), path)
    if any(c in seen for c in LINE_BREAKS):
        assert any(
            i.file.endswith(rel) and i.school == school and i.path == name for i in city.issues
        ), [str(i) for i in city.issues]
    if city.issues:
        return
    plain, _root = _design(tmp_path / "plain", rel, path, "plain")
    if plain.issues:
        return
    counts, intended = _line_counts(city), _line_counts(plain)
    assert counts.keys() == intended.keys()
    # an empty value drops its line (no description at all): never more lines than intended
    assert all(counts[name] <= intended[name] for name in counts), (counts, intended)
