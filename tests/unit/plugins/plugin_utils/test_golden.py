"""Every output of every demo device, the city's exports and dashboard equal their reviewed golden files."""

from __future__ import annotations

from pathlib import Path

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.exports import export_files
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import city_files
from ansible_collections.citynet.schools.plugins.plugin_utils.reports.dashboard import (
    dashboard_files,
)

ROOT = Path(__file__).resolve().parents[4]
GOLDEN = ROOT / "tests" / "golden" / "demo"


def test_demo_city_has_no_findings():
    city = design_city(ROOT / "inventories" / "demo")
    assert [str(i) for i in city.issues] == []


def test_outputs_match_golden_files():
    city = design_city(ROOT / "inventories" / "demo")
    files = city_files(city) | export_files(city) | dashboard_files(city)
    golden = {
        str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file()
    }
    assert sorted(files) == sorted(golden), "regenerate with `make golden` and review the diff"
    drifted = [rel for rel, content in files.items() if golden[rel] != content]
    assert drifted == [], "regenerate with `make golden` and review the diff"


def test_every_demo_device_and_school_has_outputs():
    city = design_city(ROOT / "inventories" / "demo")
    files = city_files(city)
    for name, device in city.devices.items():
        school = getattr(device, "school", None)
        folder = school.code if school else "_cores"
        assert f"{folder}/{name}.cfg" in files
    for code in city.schools:
        assert f"{code}/README.md" in files
        assert f"{code}/port-labels.csv" in files
        assert f"{code}/diagramme.svg" in files
