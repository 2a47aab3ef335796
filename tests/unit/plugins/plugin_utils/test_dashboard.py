"""The city's dashboard and the schools' diagrams, built from the demo city.

The browser test (tests/integration/test_dashboard_browser.py) loads the page;
these check what it is made of: each value escaped, each drift once under its
own device and concern, the backups read by name, the same bytes each time.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.net.interfaces import short_name
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import school_files
from ansible_collections.citynet.schools.plugins.plugin_utils.reports.dashboard import (
    dashboard_files,
    last_backups,
    read_summary,
    render_dashboard,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.reports.diagram import (
    render_school_diagram,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    DEMO,
    city_after,
    set_at,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'École <script>alert(1)</script> & « fils » "l\'autre"'


@pytest.fixture(scope="module")
def demo():
    return design_city(DEMO)


def _summary(*reports: dict[str, Any], unverified: list[str] | None = None) -> dict[str, Any]:
    return {
        "generated": "2026-03-02T01:15:00Z",
        "reports": list(reports),
        "unverified": unverified or [],
    }


def _report(host: str, drifts: list[str], concerns: list[str], french: dict[str, str]) -> dict:
    return {
        "host": host,
        "school": host.split("-")[0],
        "compliant": not drifts,
        "checks": {"vlans": 8},
        "drifts": drifts,
        "notes": [],
        "french": french,
        "concerns": concerns,
    }


class _Blocks(HTMLParser):
    """The text inside each element carrying ``data-device``, by device and class."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.text: dict[tuple[str, str], list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.stack.append((tag, found.get("data-device"), found.get("class")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for _tag, device, cls in self.stack:
            if device:
                self.text.setdefault((device, cls or ""), []).append(data)


def _by_device(html: str) -> dict[tuple[str, str], str]:
    parser = _Blocks()
    parser.feed(html)
    return {key: "".join(parts) for key, parts in parser.text.items()}


def test_without_results_every_device_is_unverified_and_every_school_listed(demo):
    html = render_dashboard(demo)
    for code, school in demo.schools.items():
        assert f'id="ecole-{code}"' in html
        assert school.name in html
    states = re.findall(r'<tr class="equipement" data-device="[^"]+" data-state="([^"]+)"', html)
    assert len(states) == len(demo.devices)
    assert set(states) == {"non-verifie"}
    assert "Aucune vérification enregistrée" in html


def test_the_same_inputs_give_the_same_bytes(demo):
    summary = _summary(_report("curie-sw1", ["a"], ["vlans"], {"a": "b"}))
    assert render_dashboard(demo, summary) == render_dashboard(demo, summary)
    assert render_school_diagram(demo, "pasteur") == render_school_diagram(demo, "pasteur")


def test_each_drift_shows_once_under_its_device_and_concern(demo):
    drift = "VLAN 30 (PEDAGO) is missing"
    other = "no default route"
    report = _report(
        "pasteur-swb",
        [drift, other, drift],
        ["vlans", "routing", "vlans"],
        {drift: "le VLAN 30 (PEDAGO) est absent", other: "aucune route par défaut"},
    )
    compliant = _report("pasteur-swa", [], [], {})
    html = render_dashboard(demo, _summary(report, compliant))
    blocks = _by_device(html)
    shown = blocks[("pasteur-swb", "ecarts")]
    assert shown.count("le VLAN 30 (PEDAGO) est absent") == 1
    assert re.search(r"VLAN, ports et agrégats \(1\)\s*le VLAN 30", shown)
    assert re.search(r"Routage \(1\)\s*aucune route par défaut", shown)
    assert html.count("le VLAN 30 (PEDAGO) est absent") == 1
    assert not [key for key in blocks if key[1] == "ecarts" and key[0] != "pasteur-swb"]
    rows = {key[0]: text for key, text in blocks.items() if key[1] == "equipement"}
    assert "écarts" in rows["pasteur-swb"] and "conforme" in rows["pasteur-swa"]
    assert "non vérifié" in rows["pasteur-4g"]
    assert re.search(r'data-school="pasteur" data-state="ecarts"', html)
    assert re.search(r'data-school="jaures" data-state="non-verifie"', html)
    assert "Dernière vérification : 02/03/2026 à 01:15 UTC." in html


def test_a_drift_without_its_french_sentence_shows_as_the_check_wrote_it(demo):
    english = "interface Gi1/0/1 <bad> & wrong"
    html = render_dashboard(demo, _summary(_report("curie-sw1", [english], ["edge"], {})))
    assert "message du contrôle : <code>interface Gi1/0/1 &lt;bad&gt; &amp; wrong</code>" in html


def test_a_device_verified_without_result_says_so(demo):
    html = render_dashboard(demo, _summary(unverified=["hugo-sw1"]))
    row = _by_device(html)[("hugo-sw1", "equipement")]
    assert "non vérifié" in row and "vérification sans résultat" in row


def test_values_from_the_source_of_truth_are_escaped(tmp_path):
    city = city_after(tmp_path, "curie", set_at(("school", "name"), HOSTILE))[0]
    assert not city.issues
    html = render_dashboard(city)
    assert "<script>alert" not in html
    assert (
        "École &lt;script&gt;alert(1)&lt;/script&gt; &amp; « fils » &#34;l&#39;autre&#34;" in html
    )
    svg = render_school_diagram(city, "curie")
    title = ET.fromstring(svg).find(f"{SVG}title")
    assert title is not None and HOSTILE in (title.text or "")
    # the page's only script is its own filter
    assert html.count("<script>") == 1


def test_last_backups_reads_the_newest_name_of_each_device(tmp_path, demo):
    cisco = tmp_path / "jaures" / "jaures-sw1"
    cisco.mkdir(parents=True)
    (cisco / "20260301T101500123.cfg").write_text("old", encoding="utf-8")
    (cisco / "20260302T083000456.cfg").write_text("new", encoding="utf-8")
    (cisco / "notes.txt").write_text("not a backup", encoding="utf-8")
    rutos = tmp_path / "pasteur" / "pasteur-4g"
    rutos.mkdir(parents=True)
    (rutos / "20260228T220000.123456Z-1.uci").write_text("x", encoding="utf-8")
    (tmp_path / ".locks").mkdir()
    found = last_backups(tmp_path)
    assert found == {
        "jaures-sw1": datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
        "pasteur-4g": datetime(2026, 2, 28, 22, 0, tzinfo=UTC),
    }
    assert last_backups(tmp_path / "absent") == {}
    html = render_dashboard(demo, None, found)
    assert "02/03/2026 à 08:30 UTC" in _by_device(html)[("jaures-sw1", "equipement")]
    jaures = html.split('id="ecole-jaures"')[1].split("</section>")[0]
    assert "Dernier déploiement ayant modifié un équipement : 02/03/2026 à 08:30 UTC" in jaures


def test_read_summary_tolerates_a_missing_or_broken_file(tmp_path):
    assert read_summary(tmp_path / "absent.json") is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert read_summary(broken) is None


def test_no_dashboard_for_an_invalid_city(tmp_path):
    city = city_after(tmp_path, city_change=set_at(("city", "name"), None))[0]
    assert city.city_invalid
    assert dashboard_files(city) == {}


def test_the_page_requests_nothing(demo):
    html = render_dashboard(demo)
    assert not re.search(r"""(?:src|href)=["'](?!#|data:|[a-z_-]+/[\w.-]+\.(?:md|svg)["'])""", html)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


@pytest.mark.parametrize("code", ["jaures", "pasteur", "ferry", "curie", "hugo", "moulin"])
def test_each_diagram_draws_the_design(demo, code):
    svg = render_school_diagram(demo, code)
    root = ET.fromstring(svg)  # well-formed XML
    text = " ".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))
    titles = " ".join(node.text or "" for node in root.iter(f"{SVG}title"))
    school = demo.schools[code]
    for building in school.buildings:
        assert f"Bâtiment {building}" in text
    for device in demo.devices_by_school[code]:
        intent = device.intent()
        assert device.hostname in text
        for member in intent.get("members", []):
            assert member["serial"] in text
        for channel in intent.get("port_channels", []):
            if channel["role"] == "uplink":
                number = channel["name"].removeprefix("Port-channel")
                ports = ", ".join(short_name(p) for p in channel["members"])
                assert f"{device.hostname} Po{number} ({ports})" in text
    for core, channel, _ports in school.core_links:
        ports = ", ".join(short_name(p) for p in channel.ports)
        assert f"{core} Po{channel.id} ({ports})" in text
    if school.router is not None:
        port = short_name(school.router.switch_port)
        assert f"{code}-{school.router.switch_stack} {port}" in text
        assert "Routeur 4G" in titles
    kinds = [node.get("data-kind") for node in root.iter(f"{SVG}g")]
    assert kinds.count("uplink") == len(school.core_links)
    members = sum(len(s.members) for s in school.stacks.values())
    assert kinds.count("member") == members


def test_readme_links_the_diagram(demo):
    files = school_files(demo, "pasteur")
    assert "- Schéma de l'école : [diagramme.svg](diagramme.svg)" in files["pasteur/README.md"]
    assert files["pasteur/diagramme.svg"] == render_school_diagram(demo, "pasteur")


def test_a_school_is_drawn_once_per_city(monkeypatch):
    """A whole-city render writes each diagramme.svg and inlines the same SVG in the dashboard."""
    from ansible_collections.citynet.schools.plugins.plugin_utils.reports import diagram

    drawn = []
    real = diagram.school_drawing

    def counting(city, code):
        drawn.append(code)
        return real(city, code)

    monkeypatch.setattr(diagram, "school_drawing", counting)
    city = design_city(DEMO)
    first = diagram.render_school_diagram(city, "curie")
    assert diagram.render_school_diagram(city, "curie") == first
    assert drawn == ["curie"]
    other = design_city(DEMO)
    assert diagram.render_school_diagram(other, "curie") == first
    assert drawn == ["curie", "curie"]
