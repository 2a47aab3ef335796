"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

The page is opened as the town hall opens it, from a file: it must load with
no console error and no request failing (nor any request leaving the file), list
every school of the demo city with its diagram, show a drift planted in the
verify results under its own device and no other, and filter the schools.

Needs the ``chromium`` package (scripts/install-system-packages.sh) and the
``playwright`` Python package (requirements-dev.txt); Playwright's own browser
download is not used. Skipped without them on a developer's machine, failed
under CI=true.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.reports.dashboard import (
    render_dashboard,
)
from ansible_collections.citynet.schools.tests.prerequisites import require, require_module

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "inventories" / "demo"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
require(CHROMIUM is not None, "the browser test needs Debian's chromium package")
sync_api = require_module("playwright.sync_api")

DRIFT = "VLAN 30 (PEDAGO) is missing"
DRIFT_FR = "le VLAN 30 (PEDAGO) est absent sur pasteur-swb"


def _summary() -> dict[str, Any]:
    """A verify run: pasteur-swb drifts, pasteur-swa is compliant, the others were not verified."""
    drifting = {
        "host": "pasteur-swb",
        "school": "pasteur",
        "compliant": False,
        "checks": {"vlans": 8},
        "drifts": [DRIFT, DRIFT],
        "notes": [],
        "french": {DRIFT: DRIFT_FR},
        "concerns": ["vlans", "vlans"],
    }
    compliant = {**drifting, "host": "pasteur-swa", "compliant": True, "drifts": [], "concerns": []}
    return {"generated": "2026-03-02T01:15:00Z", "reports": [drifting, compliant]}


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dashboard") / "dashboard.html"
    path.write_text(render_dashboard(design_city(DEMO), _summary()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Chromium refuses its sandbox to root (a CI container) without --no-sandbox.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield launched
        launched.close()


@pytest.fixture()
def loaded(browser: Any, page_file: Path) -> Iterator[tuple[Any, dict[str, list[str]]]]:
    page = browser.new_page()
    seen: dict[str, list[str]] = {"errors": [], "failed": [], "requests": []}
    page.on(
        "console",
        lambda message: message.type == "error" and seen["errors"].append(message.text),
    )
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("requestfailed", lambda request: seen["failed"].append(request.url))
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.goto(page_file.as_uri(), wait_until="load")
    yield page, seen
    page.close()


def test_loads_with_no_console_error_and_no_request_but_itself(loaded, page_file):
    page, seen = loaded
    assert seen["errors"] == []
    assert seen["failed"] == []
    assert seen["requests"] == [page_file.as_uri()]
    assert page.title() == "Réseau des écoles de Demo-Ville : tableau de bord"


def test_every_school_is_listed_with_its_diagram(loaded):
    page = loaded[0]
    city = design_city(DEMO)
    listed = page.locator("tr.ligne-ecole").evaluate_all("rows => rows.map(r => r.dataset.school)")
    assert listed == list(city.schools)
    for code, school in city.schools.items():
        section = page.locator(f"section#ecole-{code}")
        assert section.locator("h2").inner_text().startswith(school.name)
        svg = section.locator("svg.diagramme")
        assert svg.count() == 1
        box = svg.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100
        stacks = svg.locator("g[data-kind=stack]").evaluate_all(
            "groups => groups.map(g => g.dataset.host)"
        )
        designed = [d.hostname for d in city.devices_by_school[code] if hasattr(d, "stack")]
        assert sorted(stacks) == sorted(designed)


def test_the_planted_drift_shows_under_its_device_only(loaded):
    page = loaded[0]
    blocks = page.locator("div.ecarts")
    assert blocks.evaluate_all("divs => divs.map(d => d.dataset.device)") == ["pasteur-swb"]
    drifts = blocks.first.locator("li.ecart")
    assert drifts.all_inner_texts() == [DRIFT_FR]  # once, though the check found it twice
    assert "VLAN, ports et agrégats (1)" in blocks.first.inner_text()
    row = page.locator("tr.equipement[data-device=pasteur-swb]")
    assert row.get_attribute("data-state") == "ecarts"
    assert page.locator("tr.equipement[data-device=pasteur-swa]").get_attribute("data-state") == (
        "conforme"
    )
    assert page.locator("section#ecole-pasteur").get_attribute("data-state") == "ecarts"
    assert page.get_by_text(DRIFT_FR).count() == 1
    assert page.locator("section#ecole-jaures").get_by_text(DRIFT_FR).count() == 0


def test_the_filters_hide_the_other_schools(loaded):
    page, seen = loaded
    page.locator("#filtre-ecole").fill("pasteur")
    visible = page.locator("section.ecole:visible").evaluate_all(
        "sections => sections.map(s => s.dataset.school)"
    )
    assert visible == ["pasteur"]
    page.locator("#filtre-ecole").fill("")
    page.locator("#filtre-ecarts").check()
    visible = page.locator("section.ecole:visible").evaluate_all(
        "sections => sections.map(s => s.dataset.school)"
    )
    assert visible == ["pasteur"]
    page.locator("#filtre-ecarts").uncheck()
    assert page.locator("section.ecole:visible").count() == page.locator("section.ecole").count()
    assert seen["errors"] == []
