"""The Jinja environment of the HTML and SVG reports: autoescape on, always.

School names, building names and drifts come from the source of truth and from
the devices: any of them may hold ``<``, ``&`` or a quote. With autoescape on,
every value placed by a template is escaped by MarkupSafe unless the template
says otherwise (only the dashboard's inlined diagrams, themselves rendered by
this environment, are marked safe).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

TEMPLATE_DIR = Path(__file__).parent / "templates"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,
    )
