"""The compiled fast path and jsonschema must reach the same verdict on every document.

``structural_errors`` trusts the fast path (source/conformance.py) alone when
it accepts a document: were it looser than jsonschema, a broken file would pass
without a finding; were it stricter, every valid city would pay for jsonschema
and no test would notice. So both validators judge, for the city schema and
the school schema: the demo city's files, every bad-input case whose documents
reach schema validation, and generated mutations of the demo files that land
near the schema's edges (bounds, types, unknown and missing keys).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible_collections.citynet.schools.plugins.plugin_utils.source import schema
from ansible_collections.citynet.schools.plugins.plugin_utils.source.conformance import (
    SchemaCompiler,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.source.reader import read_city
from ansible_collections.citynet.schools.tests.bad_input.corpus import broken_copy, load_cases
from ansible_collections.citynet.schools.tests.prerequisites import under_ci
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    document_paths,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

DEMO = Path(__file__).resolve().parents[4] / "inventories" / "demo"
SCHOOLS = sorted(p.stem for p in (DEMO / "schools").glob("*.yml"))
CASES = load_cases()
PROFILE = settings(
    max_examples=400,
    deadline=None,
    # CI replays the same examples; local runs keep drawing new ones.
    derandomize=under_ci(),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _verdicts(name: str, document: Any) -> tuple[bool, bool]:
    """(fast path, jsonschema): True when the document conforms."""
    return schema._conforms(name)(document), schema._validator(name).is_valid(document)


def _assert_same_verdict(name: str, document: Any, where: str = "") -> bool:
    fast, full = _verdicts(name, document)
    if fast != full:
        errors = [e.message for e in schema._validator(name).iter_errors(document)]
        pytest.fail(
            f"{where} {name} schema: fast path says {'valid' if fast else 'invalid'}, jsonschema "
            f"{'valid' if full else 'invalid'} {errors[:5]}\n{yaml.safe_dump(document)[:3000]}"
        )
    return full


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- the demo city ------------------------------------------------------------


@pytest.mark.parametrize("name", ["city", *SCHOOLS])
def test_both_accept_the_demo_files(name: str) -> None:
    path = DEMO / "city.yml" if name == "city" else DEMO / "schools" / f"{name}.yml"
    kind = "city" if name == "city" else "school"
    assert _verdicts(kind, _load(path)) == (True, True)


def test_each_schema_refuses_the_other_kind_of_file() -> None:
    """The city and school checks are two schemas, not one reused for both."""
    city, school = _load(DEMO / "city.yml"), _load(DEMO / "schools" / f"{SCHOOLS[0]}.yml")
    assert _verdicts("school", city) == (False, False)
    assert _verdicts("city", school) == (False, False)


# -- the bad-input corpus -----------------------------------------------------


def _validated_documents(root: Path) -> Iterator[tuple[str, str, Any]]:
    """(file, schema, document) for each file design_city would hand to schema validation."""
    source = read_city(root)
    if source.city is not None:
        yield "city.yml", "city", source.city
    for school_file in source.schools:
        if school_file.data is not None:
            yield f"schools/{Path(school_file.path).name}", "school", school_file.data


def test_same_verdict_on_every_bad_input_case(tmp_path: Path) -> None:
    """Every document of every broken copy; most cases must reach the validators, many be refused."""
    reached = refused = 0
    for case in CASES:
        root = broken_copy(case, tmp_path / case.klass / case.name)
        for file, name, document in _validated_documents(root):
            valid = _assert_same_verdict(name, document, case.id)
            if file == case.target:
                reached += 1
                refused += not valid
    print(f"{reached} of {len(CASES)} cases reach schema validation, {refused} refused there")
    assert reached >= len(CASES) // 2, (reached, len(CASES))
    assert refused >= 20, refused


# -- generated mutations ------------------------------------------------------

# Values near the data model's edges: bounds of VLAN ids, priorities and bridge
# priorities, floats that equal integers, booleans (which are not integers),
# strings that look like addresses or lease times, secret references.
EDGES = st.sampled_from(
    [
        0, 1, -1, 2, 7, 8, 9, 15, 16, 23, 32, 33, 1001, 1002, 1005, 1006, 4094, 4095,
        4096, 8192, 61440, 65536, 3.0, 1.5, 4096.0, float("inf"), True, False, None,
        "", " ", "x", "1", "10", "12h", "12x", "10.0.0.1", "10.0.0.256", "1.2.3",
        "10.32.0.0/14", "10.32.0.0/144", "Gi1/0/1", "access", "trunk", "Access",
        "cisco_ios", "ipv4", "rapid-pvst", "stop", "primary", [], {}, [1], ["a"],
        {"var": "PIN"}, {"env": "PIN"}, {"var": 1}, {"var": "PIN", "env": "PIN"},
        {"vault": "PIN"}, "École", "a\nb", datetime.date(2025, 1, 1),
    ]
).map(copy.deepcopy)  # fmt: skip
# (a copy: a list or mapping drawn twice must not become one shared, then cyclic, object)
KEYS = st.one_of(
    st.sampled_from(["name", "vlan", "id", "mode", "extra", "nmae", "", "1"]),
    st.integers(-1, 2),
    st.none(),
    st.booleans(),
)


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def _nudged(draw: st.DrawFn, value: Any) -> Any:
    """A value close to ``value``: the neighbour of a number, a float of an int, a longer string."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return draw(st.sampled_from([value - 1, value + 1, float(value), -value, value * 4096]))
    if isinstance(value, str):
        return draw(
            st.sampled_from([value + "x", value.upper(), value[:-1], " " + value, "a" * 201])
        )
    if isinstance(value, list):
        return value[1:] if value and draw(st.booleans()) else [*value, *copy.deepcopy(value[:1])]
    if isinstance(value, dict) and value:
        dropped = draw(st.sampled_from(sorted(value, key=repr)))
        return {k: v for k, v in value.items() if k != dropped}
    return value


def _resolve(node: Any, document: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """``node`` with its ``$ref`` followed, and the schema document it now lies in."""
    while isinstance(node, dict) and "$ref" in node:
        target, _hash, pointer = node["$ref"].partition("#")
        if target:  # citynet.schools/city or citynet.schools/school
            document = schema.load_schema(target.rsplit("/", 1)[1])
        node = document
        for part in pointer.split("/")[1:]:
            node = node[part]
    return node, document


def _schema_at(kind: str, path: tuple[Any, ...]) -> dict[str, Any] | None:
    """The schema node that judges the value at ``path``, or None where none applies."""
    node, document = _resolve(schema.load_schema(kind), schema.load_schema(kind))
    for part in path:
        if not isinstance(node, dict):
            return None
        if isinstance(part, int) and isinstance(node.get("items"), dict):
            node = node["items"]
        elif isinstance(part, str) and part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None
        node, document = _resolve(node, document)
    return node if isinstance(node, dict) else None


def _edges_of(node: dict[str, Any], value: Any) -> list[Any]:
    """Values on either side of each limit ``node`` sets: where a validator's off-by-one shows."""
    out: list[Any] = []
    for key in ("minimum", "maximum", "multipleOf"):
        if key in node:
            limit = node[key]
            out += [limit - 1, limit, limit + 1, float(limit), 2 * limit, -limit]
    for key in ("minLength", "maxLength"):
        if key in node:
            out += ["a" * n for n in (node[key] - 1, node[key], node[key] + 1) if n >= 0]
    for key in ("minItems", "maxItems"):
        if key in node and isinstance(value, list) and value:
            out += [[value[0]] * n for n in (node[key] - 1, node[key], node[key] + 1) if n >= 0]
    for key in ("minProperties", "maxProperties"):
        if key in node and isinstance(value, dict) and value:
            first = next(iter(value.items()))
            out += [{}, dict([first]), {**value, "extra": first[1]}]
    if "enum" in node:
        out += [*node["enum"], *(str(o).upper() for o in node["enum"]), [node["enum"][0]]]
    if node.get("format") == "ipv4":
        out += ["10.0.0.255", "10.0.0.256", "10.0.0", "010.0.0.1", 167772161]
    if "pattern" in node and isinstance(value, str):
        out += [value + "!", value + "\n", value.upper(), "", "-" + value]
    if isinstance(value, int) and not isinstance(value, bool):
        out += [float(value), str(value), value == 1, None]
    if isinstance(value, dict):
        for name in node.get("required", []):
            out.append({k: v for k, v in value.items() if k != name})
        out.append({**value, "unknown_key": 1})
    return [copy.deepcopy(v) for v in out]


@st.composite
def mutated(draw: st.DrawFn, document: Any, kind: str) -> Any:
    """``document`` after one to three edits, each a small step from valid.

    Half of the edits put, at a field that has limits, a value at the edge of
    that field's own schema (its bounds, lengths, options, required keys).
    """
    document = copy.deepcopy(document)
    for _unused in range(draw(st.integers(1, 3))):
        paths = [p for p in document_paths(document) if p]
        if draw(st.booleans()):
            limited = {}
            for path in paths:
                node = _schema_at(kind, path)
                if node is not None and (edges := _edges_of(node, _at(document, path))):
                    limited[path] = edges
            if limited:
                path = draw(st.sampled_from(sorted(limited, key=repr)))
                _at(document, path[:-1])[path[-1]] = draw(st.sampled_from(limited[path]))
                continue
        path = draw(st.sampled_from(paths))
        parent, last = _at(document, path[:-1]), path[-1]
        action = draw(st.sampled_from(["nudge", "nudge", "edge", "delete", "add_key", "move"]))
        if action == "nudge":
            parent[last] = _nudged(draw, parent[last])
        elif action == "edge":
            parent[last] = draw(EDGES)
        elif action == "delete":
            del parent[last]
        elif action == "add_key" and isinstance(parent[last], dict):
            parent[last][draw(KEYS)] = draw(EDGES)
        elif action == "move":  # a value valid elsewhere in the file, put here
            parent[last] = copy.deepcopy(_at(document, draw(st.sampled_from(paths))))
    return document


DOCUMENTS: dict[str, Any] = {"city": _load(DEMO / "city.yml")} | {
    code: _load(DEMO / "schools" / f"{code}.yml") for code in SCHOOLS
}


def _mutation_test(names: list[str], kind: str) -> Callable[..., None]:
    seen: dict[bool, int] = {True: 0, False: 0}

    @PROFILE
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(names))
        seen[_assert_same_verdict(kind, data.draw(mutated(DOCUMENTS[name], kind)))] += 1

    def test() -> None:
        check()
        # both verdicts were exercised, or the comparison proves little
        assert seen[True] >= 10 and seen[False] >= 10, seen

    return test


test_same_verdict_on_mutated_city_files = _mutation_test(["city"], "city")
test_same_verdict_on_mutated_school_files = _mutation_test(SCHOOLS, "school")


@pytest.mark.parametrize(
    "items",
    [
        ["bpduguard", "udld"],
        ["udld", "udld"],
        [1, 1.0],
        [True, 1],
        [False, 0, None, ""],
        [{"a": 1}, {"a": 1.0}],
        [{"a": True}, {"a": 1}],
        [[1, "x"], [1.0, "x"]],
        [["x"], "x"],
    ],
)
def test_unique_items_judged_as_jsonschema_does(items: list[Any]) -> None:
    document = {"$id": "u", "type": "array", "uniqueItems": True}
    fast = SchemaCompiler({"u": document}).document("u")
    assert fast(items) == Draft202012Validator(document).is_valid(items)
