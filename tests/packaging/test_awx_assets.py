"""awx/: job templates, surveys, schedules and their references, as `awx import` (awxkit) takes them.

No AWX server is reachable here, so the files are checked offline against
what the import needs: awxkit's own loader and resource registry (natural
keys), AWX's survey rules, schedules that dateutil (AWX's parser) reads, and
references that resolve to an object of the files or to one that docs/awx.md
tells the administrator to create. Each job template is then launched the way
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
from awxkit.api.pages.api import EXPORTABLE_RESOURCES
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
}
# Created by hand in AWX (docs/awx.md), never exported with their inputs.
HAND_MADE_TYPES = {("credential", "Machine", "ssh"), ("credential", "Vault", "vault")}
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
            # A survey's questions have a "type" too, but are no references.
            if key not in ("natural_key", "survey_spec"):
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


def test_every_reference_resolves() -> None:
    assets = _assets()
    known = {_freeze(item["natural_key"]) for item in _every_asset(assets)}
    hand_made = []
    for item in _every_asset(assets):
        for field, ref in _references(item):
            if _freeze(ref) in known:
                continue
            ctype = ref.get("credential_type", {})
            assert (ref["type"], ctype.get("name"), ctype.get("kind")) in HAND_MADE_TYPES, (
                f"{item['name']}: {field} refers to {ref}, neither in awx/ nor made by hand"
            )
            hand_made.append(ref["name"])
    # The administrator creates these before the import: docs/awx.md names each.
    guide = (ROOT / "docs" / "awx.md").read_text(encoding="utf-8")
    assert hand_made
    for name in set(hand_made):
        assert f"`{name}`" in guide, name


def test_no_secret_in_the_files() -> None:
    assets = _assets()
    assert "credentials" not in assets, "credentials are made in AWX, never exported to files"

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
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
    assert yaml.safe_load(jt["extra_vars"]) == {"schools_mode": "verify"}
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
