"""Line breaks and control characters in free text, and escaping in the technician's documents.

A character any consumer reads as a line break would add lines of its own to
a configuration (U+2028 in a description once removed a port's BPDU guard),
so every string of both documents is refused with the exact finding below.
Printable text that means something in Markdown or in a spreadsheet is
escaped instead, so the README's tables keep their columns and
port-labels.csv holds no formula.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from ansible_collections.citynet.schools.plugins.plugin_utils.render.escape import (
    markdown_text,
    spreadsheet_cell,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
    environment,
    render_port_labels,
    render_school_readme,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.source.free_text import (
    control_character_problem,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    city_after,
    messages,
    set_at,
)

WHY = "it would add lines of its own to a configuration or hide text in the technician's documents"

# Everything str.splitlines() splits on, a few other controls and format characters.
REFUSED = [
    ("\n", "U+000A"),
    ("\r", "U+000D"),
    ("\v", "U+000B"),
    ("\f", "U+000C"),
    ("\x1c", "U+001C"),
    ("\x1d", "U+001D"),
    ("\x1e", "U+001E"),
    ("\x85", "U+0085"),
    ("\u2028", "U+2028 LINE SEPARATOR"),
    ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
    ("\x00", "U+0000"),
    ("\t", "U+0009"),
    ("\x7f", "U+007F"),
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
]


@pytest.mark.parametrize(("char", "named"), REFUSED, ids=[n for _c, n in REFUSED])
def test_every_line_break_and_control_is_named(char, named):
    text = f"a{char}b"
    assert control_character_problem(text) == (
        f"{text!r} holds a line break or control character ({named}); {WHY}"
    )
    assert len(text.splitlines()) <= 2


@pytest.mark.parametrize(
    "text", ["Salle 3", "Bâtiment B, 1ᵉʳ étage", "Cour\u00a0: Nord", "pc_teaching"]
)
def test_printable_text_passes(text):
    assert control_character_problem(text) is None


_set = set_at

SCHOOL_CASES = [
    (
        "curie",
        ["stacks", 0, "ports", 0, "description"],
        "stacks[0].ports[0].description",
        "Salle\u2028end\u2028no spanning-tree bpduguard enable",
        "U+2028 LINE SEPARATOR",
    ),
    ("curie", ["school", "name"], "school.name", "Ecole\u2029Curie", "U+2029 PARAGRAPH SEPARATOR"),
    ("curie", ["school", "address"], "school.address", "3 place\n# Titre", "U+000A"),
    ("curie", ["school", "code"], "school.code", "curie\n", "U+000A"),
    ("pasteur", ["backup_router", "apn"], "backup_router.apn", "m2m\x85x", "U+0085"),
    (
        "pasteur",
        ["buildings", 0, "name"],
        "buildings[0].name",
        "a\u200bb",
        "U+200B ZERO WIDTH SPACE",
    ),
]


@pytest.mark.parametrize(
    ("code", "path", "field", "value", "named"), SCHOOL_CASES, ids=[c[2] for c in SCHOOL_CASES]
)
def test_school_free_text_with_a_line_break_is_a_finding(
    tmp_path: Path, code, path, field, value, named
):
    city, root = city_after(tmp_path, code, _set(path, value))
    assert code in city.invalid_schools
    assert (
        f"{root / 'schools' / f'{code}.yml'}: school {code}: {field}: "
        f"{value!r} holds a line break or control character ({named}); {WHY}"
    ) in messages(city)


CITY_CASES = [
    (["city", "name"], "city.name", "Demo\vVille", "U+000B"),
    (["vlans", 0, "name"], "vlans[0].name", "MGMT\fno vlan 10", "U+000C"),
    (["port_profiles", "printer", "label"], "port_profiles.printer.label", "I\x1dMP", "U+001D"),
    (
        ["port_profiles", "printer", "description"],
        "port_profiles.printer.description",
        "I\rx",
        "U+000D",
    ),
    (["backup_router", "apn"], "backup_router.apn", "internet\u2028x", "U+2028 LINE SEPARATOR"),
]


@pytest.mark.parametrize(
    ("path", "field", "value", "named"), CITY_CASES, ids=[c[1] for c in CITY_CASES]
)
def test_city_free_text_with_a_line_break_is_a_finding(tmp_path: Path, path, field, value, named):
    city, root = city_after(tmp_path, city_change=_set(path, value))
    assert city.plan is None
    assert (
        f"{root / 'city.yml'}: city: {field}: "
        f"{value!r} holds a line break or control character ({named}); {WHY}"
    ) in messages(city)


def test_a_key_with_a_line_break_is_a_finding(tmp_path: Path):
    def change(data):
        data["port_profiles"]["printer\u2028x"] = data["port_profiles"].pop("printer")

    city, root = city_after(tmp_path, city_change=change)
    assert (
        f"{root / 'city.yml'}: city: port_profiles: key 'printer\\u2028x' holds a line break or "
        f"control character (U+2028 LINE SEPARATOR); {WHY}"
    ) in messages(city)


# -- escaping ------------------------------------------------------------------------


def test_markdown_escapes_cells_and_markup():
    assert markdown_text("Salle | B") == "Salle \\| B"
    assert markdown_text("a\\b *c* [d](e) <f> `g` ~h~ _i_ &amp;") == (
        "a\\\\b \\*c\\* \\[d\\](e) \\<f\\> \\`g\\` \\~h\\~ \\_i\\_ \\&amp;"
    )
    assert markdown_text("pc_teaching") == "pc_teaching"  # inside a word, _ starts nothing
    assert markdown_text("12 rue\n# Titre") == "12 rue # Titre"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Salle 3", "Salle 3"),
        ("a=b", "a=b"),
        (7, 7),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(value, cell):
    assert spreadsheet_cell(value) == cell


def test_filters_are_registered_for_the_templates():
    env = environment()
    assert env.filters["md"] is markdown_text
    assert env.filters["csv_cell"] is spreadsheet_cell


def _described(value: str):
    return _set(["stacks", 0, "ports", 0, "description"], value)


def test_a_pipe_in_a_description_keeps_the_port_table_columns(tmp_path: Path):
    city, _root = city_after(tmp_path, "curie", _described("Salle | B | *C*"))
    assert "curie" in city.schools, messages(city)
    readme = render_school_readme(city, "curie")
    rows = [line for line in readme.splitlines() if "Salle" in line and line.startswith("| Gi")]
    assert rows, readme
    for row in rows:
        assert "Salle \\| B \\| \\*C\\*" in row
        unescaped = row.replace("\\|", "")
        assert unescaped.count("|") == 5  # four columns: Port, Profil, VLAN, Description


def test_a_formula_description_is_text_in_the_labels(tmp_path: Path):
    city, _root = city_after(tmp_path, "curie", _described("=1+1"))
    assert "curie" in city.schools, messages(city)
    text = render_port_labels(city, "curie")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    descriptions = [row[7] for row in rows[1:]]
    assert "'=1+1" in descriptions
    assert not any(d.startswith(("=", "+", "-", "@")) for d in descriptions)
