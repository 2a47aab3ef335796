"""Lab file validation: mistakes are reported with the device and setting."""

from __future__ import annotations

import pytest
from iosim.lab import LabError, load_lab
from iosim_kit import school_lab


def test_school_lab_loads() -> None:
    lab = load_lab(school_lab())
    switch = lab.device("jaures-sw1")
    assert [m.number for m in switch.members] == [1, 2]
    assert switch.family == "c9300" and lab.device("jaures-4g").family == "ir1101"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"switch": {"colour": "blue"}}, "device jaures-sw1: unknown setting(s) colour"),
        ({"switch": {"members": []}}, "needs at least one member"),
        (
            {"switch": {"members": [{"number": 1, "model": "C9300-48P", "priority": 16}]}},
            "priority must be 1-15",
        ),
        (
            {
                "switch": {
                    "members": [
                        {"number": 1, "model": "C9300-48P"},
                        {"number": 2, "model": "WS-C2960X-24PS-L"},
                    ]
                }
            },
            "one family",
        ),
        ({"router": {"model": "RUTX11"}}, "not an IOS router model"),
        ({"switch": {"connected": ["Gx1"]}}, "not an interface name"),
        ({"switch": {"faults": {"explode": True}}}, "unknown fault setting"),
        ({"switch": {"response_delay": {"typing": 1}}}, "response_delay: a mapping"),
        ({"switch": {"response_delay": {"command": "slow"}}}, "seconds must be numbers"),
        ({"switch": {"response_delay": {"per_kib": -1}}}, "must not be negative"),
    ],
)
def test_mistakes_are_reported(change: dict, message: str) -> None:
    with pytest.raises(LabError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_lab(school_lab(**change))


def test_device_names_are_unique() -> None:
    lab = school_lab()
    lab["devices"][1]["name"] = "jaures-sw1"
    with pytest.raises(LabError, match="unique"):
        load_lab(lab)
