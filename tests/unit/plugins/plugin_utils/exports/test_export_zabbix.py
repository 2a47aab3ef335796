"""The Zabbix export against the rules Zabbix checks an import with (zabbix_import_7_0.schema.yml)."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.exports import (
    ZABBIX_FILE,
    export_files,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.exports.zabbix import zabbix_export

ROOT = Path(__file__).resolve().parents[5]
SCHEMA = yaml.safe_load((Path(__file__).parent / "zabbix_import_7_0.schema.yml").read_text("utf-8"))


@pytest.fixture(scope="module")
def city():
    return design_city(ROOT / "inventories" / "demo")


@pytest.fixture(scope="module")
def document(city):
    return yaml.safe_load(export_files(city)[ZABBIX_FILE])


def _errors(document) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    )


def test_the_written_file_is_a_valid_import(document):
    assert _errors(document) == []


def test_every_device_is_a_host_polled_in_snmpv3_authpriv(city, document):
    hosts = {h["host"]: h for h in document["zabbix_export"]["hosts"]}
    assert sorted(hosts) == sorted(city.devices)
    for host in hosts.values():
        (interface,) = host["interfaces"]
        assert interface["type"] == "SNMP"
        assert interface["details"] == {
            "version": "SNMPV3",
            "securityname": "supervision",
            "securitylevel": "AUTHPRIV",
            "authprotocol": "SHA1",
            "authpassphrase": "{$SNMP_AUTH}",
            "privprotocol": "AES128",
            "privpassphrase": "{$SNMP_PRIV}",
        }
    assert (
        hosts["jaures-sw1"]["interfaces"][0]["ip"]
        == city.devices["jaures-sw1"].management["address"]
    )
    assert hosts["jaures-4g"]["interfaces"][0]["ip"] == city.devices["jaures-4g"].lan["address"]
    assert hosts["core-a"]["interfaces"][0]["ip"] == "10.32.0.2"


def test_templates_tags_and_groups_follow_the_design(document):
    hosts = {h["host"]: h for h in document["zabbix_export"]["hosts"]}
    assert hosts["jaures-sw1"]["templates"][0] == {"name": "Cisco IOS by SNMP"}
    assert hosts["curie-4g"]["templates"][0] == {"name": "Network Generic Device by SNMP"}
    assert hosts["moulin-4g"]["templates"][0] == {"name": "Linux by SNMP"}
    assert hosts["pasteur-swb"]["tags"] == [
        {"tag": "role", "value": "switch_stack"},
        {"tag": "school", "value": "pasteur"},
        {"tag": "building", "value": "gymnase"},
    ]
    assert hosts["core-b"]["groups"] == [{"name": "Demo-Ville/Cores"}]
    declared = {g["name"] for g in document["zabbix_export"]["host_groups"]}
    used = {g["name"] for h in hosts.values() for g in h["groups"]}
    assert declared == used


def test_the_keys_are_secret_macros_without_a_value(document):
    (template,) = document["zabbix_export"]["templates"]
    assert [(m["macro"], m["type"], "value" in m) for m in template["macros"]] == [
        ("{$SNMP_AUTH}", "SECRET_TEXT", False),
        ("{$SNMP_PRIV}", "SECRET_TEXT", False),
    ]
    assert "vault_snmp_auth_key" in template["macros"][0]["description"]


def test_the_pre_5_4_protocol_name_is_refused(document):
    broken = copy.deepcopy(document)
    broken["zabbix_export"]["hosts"][0]["interfaces"][0]["details"]["authprotocol"] = "SHA"
    assert _errors(broken) == [
        "zabbix_export/hosts/0/interfaces/0/details/authprotocol: "
        "'SHA' is not one of ['MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512']"
    ]


def test_a_host_without_groups_or_with_an_unknown_key_is_refused(document):
    broken = copy.deepcopy(document)
    del broken["zabbix_export"]["hosts"][1]["groups"]
    broken["zabbix_export"]["hosts"][2]["community"] = "public"
    assert _errors(broken) == [
        "zabbix_export/hosts/1: 'groups' is a required property",
        "zabbix_export/hosts/2: Additional properties are not allowed ('community' was unexpected)",
    ]


def test_stable_uuids_so_a_second_import_updates(city):
    assert zabbix_export(city) == zabbix_export(city)
    groups = zabbix_export(city)["zabbix_export"]["host_groups"]
    assert len({g["uuid"] for g in groups}) == len(groups)
