"""Show outputs parsed into rows: ntc-templates, or this package's own templates.

ntc-templates has no template for some commands the concerns read (``show
track``, ``show ip sla summary``, ``show ip dhcp pool``, ``show ip dhcp
snooping``) and one that fails on real output (``show ip dhcp binding`` stops at
the first lease with a date).
Those are parsed with the TextFSM templates of ``templates/`` beside this
module; rows are dicts with lower-case keys, as ``ntc_templates.parse`` returns
them, so a check reads both alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "templates"

# (platform, command) -> template file of templates/
CUSTOM: dict[tuple[str, str], str] = {
    ("cisco_ios", "show track"): "cisco_ios_show_track.textfsm",
    ("cisco_ios", "show ip sla summary"): "cisco_ios_show_ip_sla_summary.textfsm",
    ("cisco_ios", "show ip dhcp pool"): "cisco_ios_show_ip_dhcp_pool.textfsm",
    ("cisco_ios", "show ip dhcp binding"): "cisco_ios_show_ip_dhcp_binding.textfsm",
    ("cisco_ios", "show sdm prefer"): "cisco_ios_show_sdm_prefer.textfsm",
    ("cisco_ios", "show ip dhcp snooping"): "cisco_ios_show_ip_dhcp_snooping.textfsm",
}


def template_path(platform: str, command: str) -> Path | None:
    """This package's template for a command, or None when ntc-templates parses it."""
    name = CUSTOM.get((platform, command))
    return TEMPLATES / name if name else None


def parse_show(platform: str, command: str, output: str) -> list[dict[str, Any]]:
    """Rows of one show output, by this package's template or by ntc-templates."""
    path = template_path(platform, command)
    if path is None:
        from ntc_templates.parse import parse_output

        return parse_output(platform=platform, command=command, data=output)
    import textfsm

    with path.open(encoding="utf-8") as handle:
        fsm = textfsm.TextFSM(handle)
    header = [h.lower() for h in fsm.header]
    return [dict(zip(header, row, strict=True)) for row in fsm.ParseText(output)]
