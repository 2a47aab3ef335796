"""The Centreon export against the CLAPI (v1) import format.

The objects, actions and parameter orders are those of Centreon's "Command Line
API (v1)" documentation (docs.centreon.com; objects Host groups, Host templates,
Hosts): ``HG;ADD;name;alias``, ``HTPL;ADD`` and ``HOST;ADD`` with
name;alias;address;templates;instance;hostgroups, ``HTPL;SETMACRO`` and
``HOST;SETMACRO`` with host;macro;value;is_password;description, ``HOST;SETPARAM``
with host;parameter;value. An import runs line by line (``centreon -i``) and a
line with a missing or extra field sets the wrong thing or fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.exports import (
    CENTREON_FILE,
    export_files,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.exports.centreon import clapi_text
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import city_after

ROOT = Path(__file__).resolve().parents[5]
# (object, action) -> number of parameters after them
ACTIONS = {
    ("HG", "ADD"): 2,
    ("HTPL", "ADD"): 6,
    ("HTPL", "SETMACRO"): 5,
    ("HOST", "ADD"): 6,
    ("HOST", "SETMACRO"): 5,
    ("HOST", "SETPARAM"): 3,
}
SNMP_VERSIONS = {"1", "2c", "3"}


def clapi_errors(text: str) -> list[str]:
    """What Centreon would refuse or misread, line by line; names must exist before use."""
    errors: list[str] = []
    groups: set[str] = set()
    templates: set[str] = set()
    hosts: set[str] = set()
    plugin_templates = {
        "Net-Cisco-Standard-SNMP-custom",
        "Net-Teltonika-SNMP-custom",
        "OS-Linux-SNMP-custom",
    }
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        fields = line.split(";")
        key = tuple(fields[:2])
        if key not in ACTIONS:
            errors.append(f"line {number}: unknown object or action {';'.join(key)}")
            continue
        params = fields[2:]
        if len(params) != ACTIONS[key]:
            errors.append(
                f"line {number}: {';'.join(key)} takes {ACTIONS[key]} parameters, not {len(params)}"
            )
            continue
        obj, action = key
        if (obj, action) == ("HG", "ADD"):
            groups.add(params[0])
        elif action == "ADD":
            for name in filter(None, params[3].split("|")):
                if name not in templates | plugin_templates:
                    errors.append(f"line {number}: unknown host template {name}")
            for name in filter(None, params[5].split("|")):
                if name not in groups:
                    errors.append(f"line {number}: unknown host group {name}")
            (templates if obj == "HTPL" else hosts).add(params[0])
        else:
            if params[0] not in (templates if obj == "HTPL" else hosts):
                errors.append(f"line {number}: {params[0]} is not defined yet")
            if action == "SETMACRO" and params[3] not in {"0", "1"}:
                errors.append(f"line {number}: is_password must be 0 or 1")
            if (
                action == "SETPARAM"
                and params[1] == "snmp_version"
                and params[2] not in SNMP_VERSIONS
            ):
                errors.append(f"line {number}: snmp_version {params[2]}")
    return errors


@pytest.fixture(scope="module")
def text():
    return export_files(design_city(ROOT / "inventories" / "demo"))[CENTREON_FILE]


def test_the_written_file_is_a_valid_clapi_import(text):
    assert clapi_errors(text) == []


def test_every_device_is_a_host_in_snmp_v3_grouped_by_school_and_building(text):
    lines = [line.split(";") for line in text.splitlines()]
    adds = {f[2]: f for f in lines if f[:2] == ["HOST", "ADD"]}
    city = design_city(ROOT / "inventories" / "demo")
    assert sorted(adds) == sorted(city.devices)
    assert adds["pasteur-swb"][4:] == [
        "10.32.32.3",
        "citynet-snmpv3|Net-Cisco-Standard-SNMP-custom",
        "Central",
        "school-pasteur|school-pasteur-gymnase",
    ]
    assert adds["moulin-4g"][5] == "citynet-snmpv3|OS-Linux-SNMP-custom"
    assert adds["core-b"][7] == "citynet-cores|citynet-cores-Centre-Technique-Municipal"
    versions = {f[2]: f[4] for f in lines if f[:4] == ["HOST", "SETPARAM", f[2], "snmp_version"]}
    assert versions == dict.fromkeys(city.devices, "3")


def test_the_snmp_options_are_a_password_macro_left_empty(text):
    (macro,) = [line.split(";") for line in text.splitlines() if "SETMACRO" in line]
    assert macro[:6] == ["HTPL", "SETMACRO", "citynet-snmpv3", "SNMPEXTRAOPTIONS", "", "1"]
    assert "--authpassphrase='<Ansible Vault vault_snmp_auth_key>'" in macro[6]


def test_a_shifted_or_unknown_line_is_refused(text):
    broken = text.replace("HG;ADD;school-jaures;", "HG;ADD;school-jaures;x;", 1)
    broken += "HOST;DELETE;core-a\nHOST;SETPARAM;nowhere;snmp_version;2\n"
    lines = text.splitlines()
    shifted = lines.index("HG;ADD;school-jaures;École élémentaire Jean Jaurès") + 1
    jaures = [n for n, line in enumerate(lines, 1) if line.startswith("HOST;ADD;jaures-")]
    assert len(jaures) == 2
    assert clapi_errors(broken) == [
        f"line {shifted}: HG;ADD takes 2 parameters, not 3",
        *(f"line {n}: unknown host group school-jaures" for n in jaures),
        f"line {len(lines) + 1}: unknown object or action HOST;DELETE",
        f"line {len(lines) + 2}: nowhere is not defined yet",
        f"line {len(lines) + 2}: snmp_version 2",
    ]


def test_free_text_cannot_split_a_line():
    assert clapi_text("École; 1\nbis") == "École, 1, bis"


def test_a_school_name_with_a_semicolon_stays_in_its_field(tmp_path):
    def rename(data):
        data["school"]["name"] = "École A;B"

    city = city_after(tmp_path, "jaures", rename)[0]
    assert [str(i) for i in city.issues] == []
    text = export_files(city)[CENTREON_FILE]
    assert clapi_errors(text) == []
    assert "HG;ADD;school-jaures;École A, B\n" in text
