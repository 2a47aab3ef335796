"""The GLPI inventory read back as a French spreadsheet and the Data Injection plugin read it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.design.devices import StackDesign
from ansible_collections.citynet.schools.plugins.plugin_utils.exports import GLPI_FILE, export_files
from ansible_collections.citynet.schools.plugins.plugin_utils.exports.glpi import HEADERS
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import city_after

ROOT = Path(__file__).resolve().parents[5]


def read_back(text: str) -> list[dict[str, str]]:
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.fixture(scope="module")
def city():
    return design_city(ROOT / "inventories" / "demo")


@pytest.fixture(scope="module")
def rows(city):
    text = export_files(city)[GLPI_FILE]
    assert text.splitlines()[0] == "\ufeff" + ";".join(HEADERS)
    return read_back(text)


def test_one_row_per_stack_member_router_and_core(city, rows):
    expected = []
    for name, device in city.devices.items():
        if isinstance(device, StackDesign):
            expected += [f"{name}-{m['number']}" for m in device.members]
        else:
            expected.append(name)
    assert [row["Nom"] for row in rows] == expected
    members = [row for row in rows if row["Type"] == "Commutateur"]
    assert len(members) == sum(
        len(d.members) for d in city.devices.values() if isinstance(d, StackDesign)
    )


def test_serials_are_the_members_own_and_unique(city, rows):
    serials = [row["Numéro de série"] for row in rows if row["Numéro de série"]]
    assert len(serials) == len(set(serials))
    assert {
        s
        for d in city.devices.values()
        if isinstance(d, StackDesign)
        for s in (m["serial"] for m in d.members)
    } == set(serials)


def test_a_member_row_reads_as_the_rack_shows_it(rows):
    row = next(r for r in rows if r["Nom"] == "jaures-sw1-2")
    assert row == {
        "Nom": "jaures-sw1-2",
        "Numéro de série": "FOC2101X0AB",
        "Fabricant": "Cisco",
        "Modèle": "C9300-48P",
        "Type": "Commutateur",
        "Lieu": "École élémentaire Jean Jaurès > principal",
        "Adresse IP": "10.32.8.1",
        "Commentaires": "Pile jaures-sw1, membre 2 sur 2, priorité 14, rôle en attente (standby)",
    }
    core = next(r for r in rows if r["Nom"] == "core-b")
    assert (core["Lieu"], core["Adresse IP"], core["Type"]) == (
        "Centre Technique Municipal",
        "10.32.0.3",
        "Cœur de réseau",
    )


def test_a_formula_in_a_school_name_stays_text(tmp_path):
    def rename(data):
        data["school"]["name"] = '=HYPERLINK("http://x")'

    city = city_after(tmp_path, "jaures", rename)[0]
    assert [str(i) for i in city.issues] == []
    rows = read_back(export_files(city)[GLPI_FILE])
    places = {row["Lieu"] for row in rows if row["Nom"].startswith("jaures-")}
    assert places == {'\'=HYPERLINK("http://x") > principal'}
