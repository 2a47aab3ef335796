"""Every technician document of the demo city is in French, with its accents.

The documents are the school README, the port labels and the compliance page.
The compliance pages are written by the report writer from real verification
reports: each demo stack is checked as the simulator shows it with a blank
configuration and with a drifted one (the show outputs parsed as verify parses
them), each router and core against empty readings, so that most kinds of
drift and every concern show up on a page.

Identifiers stay as the devices and the source of truth spell them (hostnames,
profile and service names, route names such as ``ecole-curie``, configuration
lines): the Markdown documents show them as code spans, which the word checks
skip; in the labels spreadsheet the columns holding identifiers are named.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
from ansible_collections.citynet.schools.plugins.plugin_utils.design.device_text import (
    device_text,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
    LABELS_HEADERS,
    city_files,
    render_device,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance import (
    check_device,
    show_commands,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.compliance_page import (
    school_page,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.verify.parsing import parse_show

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "tests" / "simulator"))
sys.path.insert(0, str(ROOT / "tests" / "simulator" / "tests"))

import iosim_kit as support  # noqa: E402

# The words of the checked list, written without their accents (and their plurals).
UNACCENTED = re.compile(
    r"\b(ecoles?|batiments?|numeros?|eteinte?s?|pedagogiques?|reseaux?|priorites?|series?"
    r"|etiquettes?)\b",
    re.IGNORECASE,
)
# English words that have no French homograph, so one outside code is English left over.
ENGLISH = re.compile(
    r"\b(the|with|which|should|drifts?|devices?|missing|expected|intended|is|are|from|has|"
    r"not|none|unlimited|uplinks?|downlink|compliant|school|stack|members?|router|found|"
    r"running|withdrawn|neighbou?rs?|bundled|trusted|snooped|ready|other|"
    r"shows?|allows?|named|intended|probes?|follows?|answering|reload|highest|becomes)\b",
    re.IGNORECASE,
)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _prose(markdown: str) -> str:
    """The text a technician reads as words: code spans (identifiers, commands) left out."""
    return CODE_SPAN.sub(" ", markdown)


def _blank(device) -> str:
    """A stack as unpacked: its hostname and nothing of the design."""
    return f"hostname {device.hostname}\n"


def _drifted(device) -> str:
    """The designed configuration with a port moved and a VLAN renamed."""
    config = render_device(device)
    return config.replace("switchport access vlan 30", "switchport access vlan 20", 1).replace(
        "name PEDAGO", "name PEDA", 1
    )


def _stack_report(tmp_path: Path, device, config: str) -> dict:
    root = {"priority": 32768, "mac": "0011.2233.4455"}  # another switch is the root: a drift
    sim = support.design_stack(tmp_path, device, config, stp_root=root)
    parsed = {
        c: parse_show("cisco_ios", c, support.command_output(sim, c))
        for c in show_commands(device.kind, device.platform, device)
    }
    running = support.command_output(sim, "show running-config")
    return check_device(device.intent(), parsed, running, render_device(device)).as_dict()


def _other_report(device) -> dict:
    parsed = {
        "uci_changes": [{"key": "network.lan.ipaddr", "before": "192.168.1.1", "after": "x"}],
        "router_state": "",
    }
    return check_device(device.intent(), parsed, "", render_device(device)).as_dict()


@pytest.fixture(scope="module")
def demo():
    return design_city(ROOT / "inventories" / "demo")


@pytest.fixture(scope="module")
def pages(demo, tmp_path_factory) -> dict[str, str]:
    """The compliance page of every demo school and of the cores, from drifting devices."""
    by_school: dict[str, list[dict]] = {}
    for name, device in demo.devices.items():
        if device.kind == "switch_stack":
            for variant in (_blank, _drifted):
                report = _stack_report(tmp_path_factory.mktemp(name), device, variant(device))
                by_school.setdefault(device.school.code, []).append(report)
        else:
            report = _other_report(device)
            school = getattr(device, "school", None)
            by_school.setdefault(school.code if school else "_cores", []).append(report)
    return {code: school_page(code, reports) for code, reports in by_school.items()}


def _documents(demo, pages) -> dict[str, str]:
    files = city_files(demo)
    docs = {path: text for path, text in files.items() if path.endswith("/README.md")}
    docs |= {f"{code}/compliance.md": page for code, page in pages.items()}
    return docs


def test_every_school_has_each_technician_document(demo, pages):
    files = city_files(demo)
    for code in demo.schools:
        assert f"{code}/README.md" in files
        assert f"{code}/port-labels.csv" in files
        assert code in pages
    assert "_cores" in pages


def test_markdown_documents_have_no_unaccented_word(demo, pages):
    found = {
        path: sorted({m.group(0) for m in UNACCENTED.finditer(_prose(text))})
        for path, text in _documents(demo, pages).items()
    }
    assert {path: words for path, words in found.items() if words} == {}


def test_markdown_documents_have_no_english_outside_code(demo, pages):
    found = {
        path: sorted({m.group(0) for m in ENGLISH.finditer(_prose(text))})
        for path, text in _documents(demo, pages).items()
    }
    assert {path: words for path, words in found.items() if words} == {}


def test_the_checks_would_see_an_unaccented_or_english_word():
    """The checks above read prose and skip code, as they must."""
    assert UNACCENTED.search(_prose("Numero d'ecole : 2"))
    assert not UNACCENTED.search(_prose("la route `ecole-curie` est absente"))
    assert ENGLISH.search(_prose("VLAN 30 is missing"))
    assert not ENGLISH.search(_prose("le port `GigabitEthernet1/0/1` : `description the device`"))
    assert not ENGLISH.search(_prose("``a ` b is`` absent"))


def test_every_drift_of_the_pages_is_in_french(pages):
    """Each check wrote its drift in French: none is shown as the check's English message."""
    assert all("message du contrôle" not in page for page in pages.values())
    drifts = sum(page.count("\n- ") for page in pages.values())
    assert drifts > 100, "the drifting devices gave the pages something to say"
    # the configuration's difference is filed under each concern it touches, or noted when
    # the concern's checks already found the drift (routing: the routes are missing), so that
    # the same drift is not counted twice
    curie = pages["curie"]

    def section(title: str) -> str:
        start = curie.index(title)
        end = curie.find("\n#", start + 1)
        return curie[start : end if end > 0 else len(curie)]

    assert "la configuration en service diffère" in section("### Service DHCP (")
    assert "la configuration en service diffère" not in section("### Routage (")
    assert "la configuration en service diffère" in section("## Remarques")


def _labels(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "a BOM, so that a spreadsheet reads UTF-8"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_port_labels_open_in_columns_with_french_headers(demo):
    files = city_files(demo)
    for code in demo.schools:
        rows = _labels(files[f"{code}/port-labels.csv"])
        assert tuple(rows[0]) == LABELS_HEADERS
        assert rows[0][0] == "École" and rows[0][4] == "Étiquette"
        assert len(rows) > 1 and all(len(row) == len(LABELS_HEADERS) for row in rows)
        assert {row[0] for row in rows[1:]} == {code}


def test_port_labels_golden_file_is_read_by_a_spreadsheet_reader():
    """The file as written on disk: bytes with a BOM, read back by ``utf-8-sig``."""
    data = (ROOT / "tests" / "golden" / "demo" / "curie" / "port-labels.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    first = rows[0]
    assert first["Port"] == "GigabitEthernet1/0/1"
    assert first["Description"] == "Poste pédagogique et téléphone"
    assert first["Étiquette"] == "PEDA"


def test_port_labels_have_no_unaccented_word_nor_english(demo):
    # École, Commutateur and Profil hold identifiers (school code, hostname, profile name)
    words = [
        LABELS_HEADERS.index(h) for h in ("Membre", "Port", "Étiquette", "VLAN", "Description")
    ]
    files = city_files(demo)
    for code in demo.schools:
        rows = _labels(files[f"{code}/port-labels.csv"])
        text = "\n".join(";".join(row[i] for i in words) for row in rows)
        assert not UNACCENTED.findall(text), code
        assert not ENGLISH.findall(text), code


def test_the_switch_gets_the_description_in_ascii(demo):
    """The README says « Poste pédagogique », the switch's line stays ASCII."""
    config = render_device(demo.devices["curie-sw1"])
    assert " description Poste pedagogique et telephone\n" in config
    assert config.isascii()
    assert device_text("Caméra vidéoprotection « cœur »") == 'Camera videoprotection " coeur "'
    assert device_text("Salle 12") == "Salle 12"
    assert device_text("教室") == "??"
