"""The synthetic city generator: valid, varied, deterministic cities of any size.

The benchmarks and scale tests trust these cities to be what a real city
looks like; these tests hold the generator to it. The generated schools also
serve as a corpus for the compiled schema check, which must never accept a
document that jsonschema rejects.
"""

from __future__ import annotations

import copy
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.design.devices import (
    CoreDesign,
    RouterDesign,
    StackDesign,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms.hardware import (
    SWITCH_MODELS,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.source import schema
from ansible_collections.citynet.schools.scripts.gen_city import generate, write_city
from hypothesis import given, settings
from hypothesis import strategies as st

ACCESS_MODELS = {n for n, m in SWITCH_MODELS.items() if m.stacking != "none"}
ROUTER_MODELS = {"RUTX11", "RUTX50", "IR1101-K9", "LINUX-DNSMASQ"}


@pytest.fixture(scope="module", params=[10, 100])
def generated(request, tmp_path_factory) -> tuple[int, Path, Any]:
    n = request.param
    root = write_city(n, tmp_path_factory.mktemp(f"city{n}") / "city", seed=7)
    return n, root, design_city(root)


def _schools(root: Path) -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "schools").glob("*.yml"))
    ]


def test_generated_city_has_no_findings(generated):
    n, _root, city = generated
    assert [str(i) for i in city.issues] == []
    assert len(city.schools) == n
    assert not city.invalid_schools


def test_every_size_model_profile_and_platform_appears(generated):
    _n, root, city = generated
    stacks = [d for d in city.devices.values() if isinstance(d, StackDesign)]
    assert {len(d.stack.members) for d in stacks} >= set(range(1, 9))
    assert {m.model.name for d in stacks for m in d.stack.members} == ACCESS_MODELS
    used = {use.profile.name for d in stacks for use in d.stack.ports.values() if use.profile}
    plan_profiles = set(city.plan.profiles)
    assert plan_profiles <= used, f"profiles never used: {plan_profiles - used}"
    routers = [d for d in city.devices.values() if isinstance(d, RouterDesign)]
    assert {r.platform for r in routers} == {"cisco_ios", "teltonika_rutos", "dnsmasq"}
    assert {r.router.model.name for r in routers} == ROUTER_MODELS
    # the profile must be in the files, not only given by the router rule
    assigned = {
        item["profile"]
        for school in _schools(root)
        for stack in school["stacks"]
        for item in stack.get("ports", [])
    }
    assert assigned == plan_profiles


def test_about_one_school_in_ten_has_two_buildings(generated):
    n, root, city = generated
    two = [s for s in city.schools.values() if len(s.buildings) == 2]
    assert len(two) == n // 10
    for school in two:
        assert len(school.stacks) == 2
        annex = [st for st in school.stacks.values() if st.building != "principal"]
        assert len(annex) == 1
        up = [c for c in annex[0].channels if c.direction == "up"]
        assert [c.peer_kind for c in up] == ["stack"], "the annex reaches the cores through fibre"
        assert {m.building for m in annex[0].members} == {annex[0].building}
    raw = {s["school"]["code"]: s for s in _schools(root)}
    for school in two:
        assert len(raw[school.code]["buildings"]) == 2


def test_cores_come_in_pairs_with_room_for_every_school(generated):
    n, root, city = generated
    cores = [d for d in city.devices.values() if isinstance(d, CoreDesign)]
    pairs = math.ceil(n / 24)
    assert len(cores) == 2 * pairs
    assert [c.core["role"] for c in cores].count("primary") == 1
    plan = yaml.safe_load((root / "city.yml").read_text(encoding="utf-8"))
    assert len({c["building"] for c in plan["cores"]}) == len(plan["cores"])
    downlinks = Counter()
    for core in cores:
        channels = [p["name"] for p in core.port_channels if p["role"] == "downstream"]
        assert len(channels) == len(set(channels))
        downlinks[core.hostname] = len(channels)
    assert sum(downlinks.values()) == 2 * n, "every school lands on two cores"
    assert max(downlinks.values()) <= 24


def test_sim_pins_are_references_only(generated):
    _n, root, _city = generated
    for school in _schools(root):
        router = school.get("backup_router")
        if router is not None:
            assert set(router["sim_pin"]) in ({"var"}, {"env"})


def test_same_seed_same_bytes_other_seed_other_city():
    first, again = generate(30, seed=3), generate(30, seed=3)
    assert first == again
    other = generate(30, seed=4)
    assert other["city.yml"] == first["city.yml"]
    assert other != first


def test_write_city_refuses_a_directory_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="neither empty nor a generated city"):
        write_city(5, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_rewriting_a_smaller_city_leaves_no_stale_school(tmp_path):
    write_city(12, tmp_path / "c")
    write_city(5, tmp_path / "c")
    assert len(list((tmp_path / "c" / "schools").glob("*.yml"))) == 5
    assert design_city(tmp_path / "c").issues == []


def test_too_many_schools_for_the_core_management_subnet_is_refused():
    with pytest.raises(ValueError, match="core management subnet"):
        generate(4000)


# -- the compiled schema check, on generated documents ----------------------------------------


def _jsonschema_errors(name: str, data: Any) -> list[Any]:
    return list(schema._validator(name).iter_errors(data))


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    files = generate(60, seed=11)
    return [yaml.safe_load(text) for path, text in files.items() if path.startswith("schools/")]


def test_compiled_check_accepts_the_valid_generated_schools(corpus):
    conforms = schema._conforms("school")
    assert all(conforms(doc) for doc in corpus)


_REPLACEMENTS = (None, True, 0, -1, 1.5, 16, 600, "", "x" * 300, "Gi1/0/1", [], [1], {}, {"a": 1})


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*here, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*here, index)))
    return out


def _replaced(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    out = copy.deepcopy(doc)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


def test_compiled_check_never_accepts_what_jsonschema_rejects(corpus):
    """Every node of a few schools replaced by every awkward value, one at a time."""
    conforms = schema._conforms("school")
    checked = rejected = 0
    for doc in corpus[:4]:
        for path in _paths(doc):
            for value in _REPLACEMENTS:
                broken = _replaced(doc, path, value)
                errors = _jsonschema_errors("school", broken)
                checked += 1
                if errors:
                    rejected += 1
                    assert not conforms(broken), (path, value, errors[0].message)
    assert rejected > checked // 3  # the replacements do break most places


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_compiled_check_agrees_with_jsonschema_on_random_edits(corpus, data):
    json_values = st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-5, 5000)
        | st.floats(allow_nan=False)
        | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=6,
    )
    doc = data.draw(st.sampled_from(corpus))
    paths = _paths(doc)
    path = data.draw(st.sampled_from(paths))
    broken = _replaced(doc, path, data.draw(json_values))
    if schema._conforms("school")(broken):
        assert _jsonschema_errors("school", broken) == []
