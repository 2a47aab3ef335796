"""What the exports are made of: management.snmp as the plan gives it, valid devices only."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.exports import (
    CENTREON_FILE,
    GLPI_FILE,
    ZABBIX_FILE,
    export_files,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    messages,
)


def test_the_plan_fills_the_snmp_protocols(tmp_path):
    city = city_after(tmp_path)[0]
    assert city.plan is not None
    assert city.plan.management["snmp"] == {
        "servers": ["10.30.1.40"],
        "user": {
            "auth_protocol": "sha",
            "priv_protocol": "aes128",
            "name": "supervision",
            "auth_key": {"var": "vault_snmp_auth_key"},
            "priv_key": {"var": "vault_snmp_priv_key"},
        },
    }


def test_a_clear_text_key_is_refused_without_echoing_it(tmp_path):
    def clear(data):
        data["management"]["snmp"]["user"]["auth_key"] = "S3cretAuthKey!"

    city = city_after(tmp_path, city_change=clear)[0]
    found = messages(city)
    assert found and all("S3cretAuthKey!" not in m for m in found)
    assert any("management.snmp.user.auth_key" in m for m in found)
    assert export_files(city) == {}


def test_without_snmp_only_the_inventory_is_written(tmp_path):
    def without(data):
        del data["management"]

    city = city_after(tmp_path, city_change=without)[0]
    assert city.plan is not None and city.plan.management == {}
    assert sorted(export_files(city)) == [GLPI_FILE]


def test_an_invalid_school_and_the_held_cores_are_left_out(tmp_path):
    def bad(data):
        data["stacks"][0]["members"][0]["priority"] = 16

    city = city_after(tmp_path, "curie", bad)[0]
    assert city.invalid_schools == {"curie"}
    files = export_files(city)
    assert sorted(files) == [CENTREON_FILE, GLPI_FILE, ZABBIX_FILE]
    for text in files.values():
        assert "curie" not in text and "core-a" not in text
        assert "jaures-sw1" in text
