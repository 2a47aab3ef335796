"""The words a device is given: ASCII, folded from the city's French.

The source of truth and the technician's documents keep the city's French
with its accents (« Poste pédagogique et téléphone »). A switch gets the same
words without them: IOS stores a description as bytes and prints them back as
they came, so an accented letter reads as two garbled characters on a console,
in ``show interfaces description`` and in the SNMP ifAlias a supervision tool
reads. Folding keeps every letter readable (é -> e, œ -> oe) and the line the
same for the deploy, the verify and the golden files whatever the terminal.
"""

from __future__ import annotations

import unicodedata

# letters and signs NFKD does not decompose into ASCII
_SPELLED = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "\u2019": "'",
        "\u2018": "'",
        "«": '"',
        "»": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def device_text(text: str) -> str:
    """``text`` in ASCII: accents dropped, ligatures spelled out, anything else as ``?``."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    return "".join(
        char if char.isascii() else "?" for char in folded if unicodedata.category(char) != "Mn"
    )
