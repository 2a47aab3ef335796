"""awx/: job templates, surveys, schedules and their references, as `awx import` (awxkit) takes them.

No AWX server is reachable here, so the files are checked offline against
what the import needs: awxkit's own loader and resource registry (natural
keys), an import replayed in awxkit's own order (ApiV2._dependent_resources)
where every reference resolves, in one pass, to an object the files define
before it or to a credential type AWX ships, AWX's survey rules, and schedules
that dateutil (AWX's parser) reads. Each job template is then launched the way
AWX builds the command line, and the plays must pick the intended hosts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from awxkit.api.client import Connection
from awxkit.api.pages.api import EXPORTABLE_RESOURCES, ApiV2
from awxkit.api.pages.page import get_registered_page
from awxkit.api.resources import resources
from awxkit.yaml_file import Loader as AwxLoader
from dateutil.rrule import DAILY, rrulestr
from packaging_support import ROOT, clean_env, digest, playbook_cmd, rendered_files, run

AWX_DIR = ROOT / "awx"
RESOURCE_TYPES = {
    "organizations": "organization",
    "execution_environments": "execution_environment",
    "projects": "project",
    "inventory": "inventory",
    "inventory_sources": "inventory_source",
    "job_templates": "job_template",
    "schedules": "schedule",
    "credential_types": "credential_type",
    "credentials": "credential",
}
# The credential types AWX manages (awx/main/models/credential/__init__.py,
# ManagedCredentialType): present on every instance, never exported (awxkit's
# ApiV2._export skips "managed" ones), referred to by (name, kind).
BUILT_IN_CREDENTIAL_TYPES = {
    ("Machine", "ssh"),
    ("Source Control", "scm"),
    ("Vault", "vault"),
    ("Network", "net"),
    ("Container Registry", "registry"),
}
# What a credential stub may hold instead of a secret: nothing, or AWX's
# "Prompt on launch" marker for an input that accepts it.
STUB_VALUES = {"", "ASK"}
# AWX's survey question types and the Python type of their default.
SURVEY_TYPES = {
    "text": str,
    "textarea": str,
    "password": str,
    "multiplechoice": str,
    "multiselect": str,
    "integer": int,
    "float": (float, int),
}
# Inputs that hold secrets in AWX's managed credential types.
SECRET_KEYS = {
    "password",
    "ssh_key_data",
    "ssh_key_unlock",
    "become_password",
    "vault_password",
    "authorize_password",
    "secret",
    "token",
    "inputs",
}


def _load(path: Path) -> dict[str, Any]:
    """As `awx import -f yaml` (or the default json) reads its standard input."""
    with open(path, encoding="utf-8") as handle:
        if path.suffix == ".json":
            return json.load(handle)
        return yaml.load(handle, Loader=AwxLoader)


def _files() -> list[Path]:
    return sorted(p for p in AWX_DIR.iterdir() if p.suffix in (".yml", ".yaml", ".json"))


def _assets() -> dict[str, list[dict[str, Any]]]:
    merged: dict[str, list[dict[str, Any]]] = {}
    for path in _files():
        for resource, items in _load(path).items():
            merged.setdefault(resource, []).extend(items)
    return merged


def _freeze(key: Any) -> str:
    return json.dumps(key, sort_keys=True)


def _every_asset(assets: dict[str, list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """Top-level assets and the dependent ones AWX exports inside them (schedules)."""
    for items in assets.values():
        for item in items:
            yield item
            yield from item.get("related", {}).get("schedules", [])


def _references(value: Any, field: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(field, natural key) of every reference to another object, natural keys excluded."""
    if isinstance(value, dict):
        if "type" in value and field:
            yield field, value
            return
        for key, sub in value.items():
            # A survey's questions and a credential type's input fields have a
            # "type" too, but are no references.
            if key not in ("natural_key", "survey_spec", "inputs", "injectors"):
                yield from _references(sub, key)
    elif isinstance(value, list):
        for sub in value:
            yield from _references(sub, field)


def _job_templates() -> dict[str, dict[str, Any]]:
    return {jt["name"]: jt for jt in _assets()["job_templates"]}


def test_files_load_and_hold_only_importable_resources() -> None:
    assert _files(), "awx/ holds no asset file"
    for path in _files():
        data = _load(path)
        assert isinstance(data, dict) and data, path
        assert set(data) <= set(EXPORTABLE_RESOURCES), (path, sorted(data))
        assert set(data) <= set(RESOURCE_TYPES), (path, sorted(data))
        assert all(isinstance(items, list) for items in data.values()), path


def _check_natural_key(key: dict[str, Any]) -> None:
    pattern = getattr(resources, key["type"], None)
    assert pattern is not None, f"awxkit knows no resource {key['type']}"
    page = get_registered_page(pattern.replace(r"\d+", "1"))
    allowed = set(page.NATURAL_KEY) | {"type"}
    assert set(key) <= allowed, (key["type"], sorted(set(key) - allowed))
    assert "name" in key, key
    for sub in key.values():
        if isinstance(sub, dict):
            _check_natural_key(sub)


def test_natural_keys_are_those_awxkit_resolves() -> None:
    assets = _assets()
    for resource, items in assets.items():
        for item in items:
            assert item["natural_key"]["type"] == RESOURCE_TYPES[resource], item["name"]
    for item in _every_asset(assets):
        _check_natural_key(item["natural_key"])
        assert item["natural_key"]["name"] == item["name"]
        for _field, ref in _references(item):
            _check_natural_key(ref)


def _api_root() -> ApiV2:
    """awxkit's view of an AWX server's /api/v2/, offline: every list endpoint it knows.

    ApiV2._dependent_resources, the order `awx import` creates objects in, needs the
    root's links to map its page classes back to resource names; no request is made.
    """
    connection = Connection("https://awx.invalid")
    links = {}
    for attribute in vars(type(resources)):
        name = attribute[1:]
        if not attribute.startswith("_") or attribute.startswith("__"):
            continue
        url = getattr(resources, name)
        if not isinstance(url, str) or "\\" in url:
            continue
        try:
            page = getattr(ApiV2(connection, json={name: url}), name)._create()
            assert page.__item_class__ is not None
        except Exception:  # not a list endpoint awxkit can create from
            continue
        links[name] = url
    links["inventory"] = resources.inventories
    return ApiV2(connection, json=links)


def _import_order() -> list[str]:
    return list(_api_root()._dependent_resources())


def _nested_references(ref: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A reference and the references inside its natural key (a credential's type)."""
    yield ref
    for value in ref.values():
        if isinstance(value, dict) and "type" in value:
            yield from _nested_references(value)


def _resolves(ref: dict[str, Any], known: set[str]) -> bool:
    if _freeze(ref) in known:
        return True
    return ref["type"] == "credential_type" and (ref["name"], ref.get("kind")) in (
        BUILT_IN_CREDENTIAL_TYPES
    )


def test_import_is_one_pass_in_awxkits_order() -> None:
    """Replay `awx import` (ApiV2.import_assets): lists in dependency order, then related sets.

    While a list is imported, a field that refers to another object is looked up
    by natural key among the objects made so far (_import_list); an unknown one
    becomes null, and the object is made wrong. Related sets (a job template's
    credentials, its schedules) are attached once every list is in (_assign_related).
    """
    assets = _assets()
    order = _import_order()
    assert set(assets) <= set(order), sorted(set(assets) - set(order))
    assert order.index("credential_types") < order.index("credentials")
    assert order.index("credentials") < order.index("job_templates")
    made: set[str] = set()
    deferred: list[tuple[str, str, dict[str, Any]]] = []
    for resource in order:
        for item in assets.get(resource, []):
            for field, value in item.items():
                if field in ("natural_key", "related"):
                    continue
                for _field, ref in _references({field: value}):
                    for inner in _nested_references(ref):
                        assert _resolves(inner, made), (
                            f"{item['name']}: {field} refers to {inner}, not made before it"
                        )
            made.add(_freeze(item["natural_key"]))
            for name, related in item.get("related", {}).items():
                for entry in related if isinstance(related, list) else []:
                    deferred.append((item["name"], name, entry))
    assert deferred, "no related set: the job templates' credentials are not checked"
    for owner, name, entry in deferred:
        if "natural_key" in entry:  # a create set: made now, its own references resolve
            for field, ref in _references(entry):
                for inner in _nested_references(ref):
                    assert _resolves(inner, made), f"{owner}: {name}.{field} -> {inner}"
            made.add(_freeze(entry["natural_key"]))
        else:  # an attach set: the object must exist
            for inner in _nested_references(entry):
                assert _resolves(inner, made), f"{owner}: {name} -> {inner}"


def test_every_credential_the_templates_use_is_a_stub_of_the_files() -> None:
    assets = _assets()
    stubs = {_freeze(c["natural_key"]): c for c in assets["credentials"]}
    for jt in assets["job_templates"]:
        for ref in jt["related"]["credentials"]:
            assert _freeze(ref) in stubs, (jt["name"], ref["name"])
    # The administrator fills each in after the import: docs/awx.md names each.
    guide = (ROOT / "docs" / "awx.md").read_text(encoding="utf-8")
    for credential in assets["credentials"]:
        assert f"`{credential['name']}`" in guide, credential["name"]
    for ctype in assets["credential_types"]:
        assert ctype["kind"] in ("cloud", "net"), "AWX makes custom types of these kinds only"
        fields = {f["id"] for f in ctype["inputs"]["fields"]}
        # a stub with no value must be accepted: nothing is required
        assert set(ctype["inputs"].get("required", [])) == set(), ctype["name"]
        assert all(f.get("secret") for f in ctype["inputs"]["fields"]), ctype["name"]
        used = set()
        for values in ctype["injectors"].values():
            for template in values.values():
                used.update(re.findall(r"\{\{\s*(\w+)\s*\}\}", template))
        assert used == fields, (ctype["name"], fields ^ used)


def test_no_secret_in_the_files() -> None:
    assets = _assets()
    for credential in assets["credentials"]:
        values = set(credential["inputs"].values())
        assert values <= STUB_VALUES, (credential["name"], "holds a value: stubs only")

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key == "inputs" and where.startswith(
                    ("awx.credentials", "awx.credential_types")
                ):
                    continue  # stubs (checked above) and the types' input schemas
                assert key not in SECRET_KEYS, f"{where}.{key}"
                walk(sub, f"{where}.{key}")
        elif isinstance(value, list):
            for index, sub in enumerate(value):
                walk(sub, f"{where}[{index}]")
        elif isinstance(value, str):
            assert "$ANSIBLE_VAULT" not in value and "PRIVATE KEY" not in value, where

    walk(assets, "awx")


def test_project_inventory_and_playbooks_exist_in_the_repository() -> None:
    assets = _assets()
    for source in assets["inventory_sources"]:
        assert source["source"] == "scm"
        path = ROOT / source["source_path"]
        assert path.is_file(), source["source_path"]
        assert (
            yaml.safe_load(path.read_text(encoding="utf-8"))["plugin"] == "citynet.schools.schools"
        )
        # The plugin lives in the image: the update must run in it.
        assert source["execution_environment"]["name"] == "citynet.schools EE"
    for jt in assets["job_templates"]:
        assert (ROOT / jt["playbook"]).is_file(), jt["playbook"]
        assert jt["execution_environment"]["name"] == "citynet.schools EE"
        yaml.safe_load(jt["extra_vars"])
    (project,) = assets["projects"]
    assert project["scm_type"] == "git" and project["scm_update_on_launch"] is True


def _validate_survey(spec: dict[str, Any]) -> None:
    """AWX's checks on a survey spec (api/views JobTemplateSurveySpec._validate_spec_data)."""
    for field, kind in (("name", str), ("description", str), ("spec", list)):
        assert isinstance(spec.get(field), kind), field
    assert spec["spec"], "a survey has questions"
    seen = set()
    for question in spec["spec"]:
        assert isinstance(question["type"], str) and question["type"] in SURVEY_TYPES
        assert isinstance(question["question_name"], str) and question["question_name"]
        assert isinstance(question["variable"], str) and question["variable"].isidentifier()
        assert isinstance(question["required"], bool)
        assert question["variable"] not in seen
        seen.add(question["variable"])
        default = question.get("default", "")
        if default != "":
            assert isinstance(default, SURVEY_TYPES[question["type"]]), question["variable"]
        for bound in ("min", "max"):
            assert question.get(bound) is None or isinstance(question[bound], int)
        if question["type"] in ("multiplechoice", "multiselect"):
            choices = question["choices"]
            if isinstance(choices, str):
                choices = [c for c in choices.splitlines() if c.strip()]
            assert choices, question["variable"]
            defaults = default.splitlines() if isinstance(default, str) else default
            if question["type"] == "multiplechoice":
                assert len(defaults) <= 1
            assert all(d in choices for d in defaults)


def _playbook_variables() -> str:
    text = ""
    for top in ("playbooks", "roles"):
        for path in sorted((ROOT / top).rglob("*.yml")):
            text += path.read_text(encoding="utf-8")
    return text


def test_surveys_are_valid_and_ask_school_and_mode() -> None:
    surveys = {
        jt["name"]: jt["related"]["survey_spec"]
        for jt in _job_templates().values()
        if jt["survey_enabled"]
    }
    assert list(surveys) == ["citynet.schools deploy"]
    for spec in surveys.values():
        _validate_survey(spec)
    questions = {q["variable"]: q for q in surveys["citynet.schools deploy"]["spec"]}
    assert questions["schools_mode"]["choices"] == ["deploy", "verify", "render"]
    assert questions["schools_limit"]["required"] is True
    # Every mode offered is one the playbook knows.
    playbooks = _playbook_variables()
    for mode in questions["schools_mode"]["choices"]:
        assert f"'{mode}'" in playbooks, mode


def test_nightly_schedule_runs_the_check_mode_verify() -> None:
    jt = _job_templates()["citynet.schools nightly verify"]
    assert jt["job_type"] == "check"
    assert yaml.safe_load(jt["extra_vars"]) == {
        "schools_mode": "verify",
        "schools_state_dir": "/var/lib/citynet/state",
    }
    (schedule,) = jt["related"]["schedules"]
    assert schedule["unified_job_template"] == jt["natural_key"]
    assert schedule["enabled"] is True
    text = schedule["rrule"]
    # AWX's form: one DTSTART (with a TZID or in UTC), one RRULE, space separated.
    match = re.fullmatch(r"DTSTART(?:;TZID=([\w/+-]+))?:(\d{8}T\d{6}Z?) (RRULE:\S+)", text)
    assert match, text
    if match.group(1):
        ZoneInfo(match.group(1))
    rule = rrulestr(text.replace(" RRULE:", "\nRRULE:"))
    assert rule._freq == DAILY and rule._interval == 1
    assert rule._dtstart.hour < 6, "the nightly run is at night"
    for jt_name, other in _job_templates().items():
        if jt_name != jt["name"]:
            assert other["related"]["schedules"] == [], "only the verify run is scheduled"


def _launch(jt: dict[str, Any], answers: dict[str, Any] | None = None) -> tuple[list[str], dict]:
    """The ansible-playbook options AWX builds for a launch (RunJob.build_args)."""
    extra = yaml.safe_load(jt["extra_vars"]) or {}
    if jt["survey_enabled"]:
        for question in jt["related"]["survey_spec"]["spec"]:
            value = (answers or {}).get(question["variable"], question.get("default", ""))
            if question["required"]:
                assert value != "", f"{question['variable']} must be answered"
            extra[question["variable"]] = value
    extra.update(awx_job_id=1, awx_job_template_name=jt["name"])
    args = []
    if jt["job_type"] == "check":
        args.append("--check")
    if jt["diff_mode"]:
        args.append("--diff")
    if jt["limit"]:
        args += ["--limit", jt["limit"]]
    if jt["become_enabled"]:
        args.append("--become")
    return args, extra


def _hosts_per_play(
    jt: dict[str, Any], tmp_path: Path, answers: dict | None = None
) -> dict[str, set]:
    args, extra = _launch(jt, answers)
    extravars = tmp_path / "extravars.json"
    extravars.write_text(json.dumps(extra), encoding="utf-8")
    listed = run(
        playbook_cmd(
            "-i",
            ROOT / "inventories/demo/schools.yml",
            jt["playbook"],
            *args,
            "-e",
            f"@{extravars}",
            "--list-hosts",
        ),
        cwd=ROOT,
        env=clean_env(ANSIBLE_CONFIG=str(ROOT / "ansible.cfg")),
    )
    plays: dict[str, set] = {}
    current = None
    for line in listed.stdout.splitlines():
        header = re.match(r"\s+play #\d+ \(.*?\): (.*?)\tTAGS", line)
        if header:
            current = header.group(1)
            plays[current] = set()
        elif current and re.match(r"^ {6}\S+$", line):
            plays[current].add(line.strip())
    return plays


DEMO_CISCO = {
    "core-a",
    "core-b",
    "jaures-sw1",
    "jaures-4g",
    "curie-sw1",
    "hugo-sw1",
    "pasteur-swa",
    "pasteur-swb",
    "moulin-sw1",
    "ferry-sw1",
}
# verify also reads the RutOS routers back (UCI options in check mode); only dnsmasq hosts are left out
DEMO_VERIFIED = DEMO_CISCO | {"curie-4g", "hugo-4g", "pasteur-4g", "ferry-4g"}


def _play(plays: dict[str, set], starts: str) -> set:
    (name,) = [p for p in plays if p.startswith(starts)]
    return plays[name]


def test_render_template_touches_no_device(tmp_path: Path) -> None:
    plays = _hosts_per_play(_job_templates()["citynet.schools render"], tmp_path)
    assert len(_play(plays, "Render")) == 15
    for name, hosts in plays.items():
        if name.startswith(("Deploy", "Verify")):
            assert hosts == set(), name


def test_nightly_verify_reads_every_managed_device_and_deploys_nothing(tmp_path: Path) -> None:
    plays = _hosts_per_play(_job_templates()["citynet.schools nightly verify"], tmp_path)
    assert _play(plays, "Verify") == DEMO_VERIFIED
    for name, hosts in plays.items():
        if name.startswith("Deploy"):
            assert hosts == set(), name


@pytest.mark.parametrize(
    ("school", "devices"),
    [
        ("school_jaures", ["jaures-sw1", "jaures-4g"]),
        ("school_jaures:cores", ["jaures-sw1", "jaures-4g", "core-a", "core-b"]),
    ],
)
def test_deploy_survey_school_scopes_the_run(tmp_path: Path, school: str, devices: list) -> None:
    """Answered with the mode render, the deploy template must touch only the school chosen."""
    jt = _job_templates()["citynet.schools deploy"]
    args, extra = _launch(jt, {"schools_limit": school, "schools_mode": "render"})
    extra["schools_build_dir"] = str(tmp_path / "build")
    extravars = tmp_path / "extravars.json"
    extravars.write_text(json.dumps(extra), encoding="utf-8")
    run(
        playbook_cmd(
            "-i",
            ROOT / "inventories/demo/schools.yml",
            jt["playbook"],
            *args,
            "-e",
            f"@{extravars}",
        ),
        cwd=ROOT,
        env=clean_env(ANSIBLE_CONFIG=str(ROOT / "ansible.cfg")),
    )
    assert digest(tmp_path / "build") == rendered_files(devices)


# docs/awx.md, "Forks, slices and timeouts": a real device's verify keeps a fork
# busy up to ~10 s (its SSH login, then its answers and ~1.5 s of the controller's
# CPU, measured by scripts/bench_verify_scale.py); a 1,000-school city has 2,151
# devices (bench-results.md).
DEVICE_SECONDS = 10
CITY_DEVICES = 2151


def test_job_templates_size_their_forks_slices_and_timeouts() -> None:
    jts = _job_templates()
    for jt in jts.values():
        # forks 0 leaves the count to the project's ansible.cfg: never by accident
        assert jt["forks"] > 0, jt["name"]
        assert jt["timeout"] > 0, jt["name"]
    deploy = jts["citynet.schools deploy"]
    playbook = (ROOT / "playbooks" / "schools.yml").read_text(encoding="utf-8")
    (batch,) = set(re.findall(r"schools_deploy_batch \| default\((\d+)\)", playbook))
    assert deploy["forks"] == int(batch), "one fork per device of a deploy batch"
    assert deploy["job_slice_count"] == 1, "slices run in parallel: cores first is lost"
    verify = jts["citynet.schools nightly verify"]
    slices = verify["job_slice_count"]
    assert slices > 1 and verify["allow_simultaneous"], "the slices run side by side"
    per_slice = -(-CITY_DEVICES // slices) * DEVICE_SECONDS / verify["forks"]
    assert per_slice * 3 <= verify["timeout"], f"{per_slice:.0f} s a slice: too little headroom"
    # one fork at a time, the city would not fit in the timeout: forks are what make it fit
    assert verify["timeout"] < CITY_DEVICES * DEVICE_SECONDS
