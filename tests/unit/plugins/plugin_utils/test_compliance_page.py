"""The compliance page of a school: a summary table, then each drift once, under its device
and its concern, in French."""

from __future__ import annotations

from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance_page import (
    school_page,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.report import (
    Report,
    french_count,
)


def _report(host: str, drifts: list[tuple[str, str, str]], notes=()) -> dict:
    """A device's report as verify returns it: (concern, English, French) per drift."""
    report = Report(host, "curie", checks={"vlans": 8, "switchports": 28})
    for concern, english, french in drifts:
        report.drift(english, french)
        report.concerns.append(concern)
    for english, french in notes:
        report.note(english, french)
    return report.as_dict()


def _sw1() -> dict:
    drifts = [
        ("vlans", f"VLAN {n} (X) is missing", f"le VLAN {n} (X) est absent") for n in range(10, 210)
    ]
    drifts += [
        ("routing", "no default route", "aucune route par défaut"),
        ("stp_hardening", "VLAN 30 has no spanning-tree root", "le VLAN 30 n'a pas de racine"),
    ]
    return _report("curie-sw1", drifts)


def test_summary_table_gives_each_device_its_state_and_count():
    page = school_page("curie", [_sw1(), _report("curie-4g", [])])
    lines = page.splitlines()
    assert lines[0] == "# Conformité de l'école curie"
    assert "| Équipement | État | Écarts | Points vérifiés |" in lines
    # devices in name order, one row each
    assert "| curie-4g | conforme | 0 | 36 |" in lines
    assert "| curie-sw1 | écarts | 202 | 36 |" in lines
    assert "2 équipements vérifiés : 1 conforme, 1 avec des écarts (202 écarts en tout)." in lines


def test_drifts_are_grouped_by_device_then_concern_one_line_each():
    page = school_page("curie", [_sw1(), _report("curie-4g", [])])
    lines = page.splitlines()
    assert "## Écarts de curie-sw1" in lines
    assert "## Écarts de curie-4g" not in lines, "a compliant device has no drift section"
    vlans = lines.index("### VLAN, ports et agrégats (200)")
    routing = lines.index("### Routage (1)")
    stp = lines.index("### Spanning-tree (1)")
    assert vlans < routing < stp, "concerns in the order the checks found them"
    assert lines[vlans + 2] == "- le VLAN 10 (X) est absent"
    assert lines[routing + 2] == "- aucune route par défaut"
    # never several drifts in one line or table cell
    assert "<br>" not in page
    assert all(line.count("est absent") <= 1 for line in lines)
    assert sum(1 for line in lines if line.startswith("- ")) == 202


def test_each_drift_is_listed_once():
    twice = _report(
        "curie-sw1",
        [
            ("vlans", "VLAN 10 (X) is missing", "le VLAN 10 (X) est absent"),
            ("vlans", "VLAN 10 (X) is missing", "le VLAN 10 (X) est absent"),
        ],
    )
    page = school_page("curie", [twice])
    assert page.count("le VLAN 10 (X) est absent") == 1
    assert "| curie-sw1 | écarts | 1 |" in page
    assert "### VLAN, ports et agrégats (1)" in page


def test_the_page_is_french_and_a_message_without_french_stays_code():
    old = {
        "host": "curie-sw1",
        "school": "curie",
        "compliant": False,
        "checks": {"vlans": 1},
        "drifts": ["VLAN 10 (MGMT) is missing"],
        "notes": [],
    }
    page = school_page("curie", [old])
    assert "### Autres écarts (1)" in page
    assert "- message du contrôle : `VLAN 10 (MGMT) is missing`" in page
    assert "compliant" not in page and "Device" not in page and "drift" not in page


def test_notes_are_in_french_under_their_own_heading():
    noted = _report(
        "curie-sw1",
        [],
        notes=[("traffic is on the 4G backup router", "le trafic passe par le routeur 4G")],
    )
    page = school_page("curie", [noted])
    assert "## Remarques" in page
    assert "- curie-sw1 : le trafic passe par le routeur 4G" in page
    assert "1 équipement vérifié : conforme." in page


def test_the_cores_page_and_identifiers_are_escaped():
    page = school_page("_cores", [_report("core-a", [])])
    assert page.startswith("# Conformité des cœurs de réseau\n")
    assert "| core-a | conforme | 0 | 36 |" in page


def test_counts_are_written_as_french_typography_wants():
    assert french_count(7) == "7"
    assert french_count(1000) == "1\u00a0000"
    assert french_count(2150000) == "2\u00a0150\u00a0000"
