"""Escaping values for the technician's documents, one function per format.

The validator already refuses line breaks and control characters, but a
perfectly printable value can still break a document: a ``|`` in a port
description adds a column to the README's port table, a ``*`` or a ``[``
starts emphasis or a link, and a description starting with ``=`` is a live
formula once port-labels.csv is opened in a spreadsheet. The templates stay
free of logic: they name the format with a filter (``| md`` in the README)
and the CSV writer uses the spreadsheet rule for every cell.
"""

from __future__ import annotations

import re
from typing import Any

# Characters that start Markdown (CommonMark and GitHub tables) inline markup or
# end a table cell; a backslash before any ASCII punctuation shows it as written.
# An underscore inside a word (pc_teaching) starts nothing and stays readable.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|~&]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")

# OWASP's CSV-injection rule: these first characters make a spreadsheet read a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def markdown_text(value: Any) -> str:
    """``value`` as literal text in a Markdown table cell, heading or list item."""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_code(value: Any) -> str:
    """``value`` verbatim as a Markdown code span, whatever backticks it holds.

    CommonMark closes a code span on a run of backticks as long as the one that
    opened it, so the fence is one backtick longer than the longest run inside,
    padded with a space when the text starts or ends with a backtick.
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows as text, never as a formula.

    Numbers stay numbers; a string that would start a formula gets a leading
    single quote, which spreadsheets read as "this is text" and do not show.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


FILTERS = {"md": markdown_text, "code": markdown_code, "csv_cell": spreadsheet_cell}
