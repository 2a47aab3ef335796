"""The technician's compliance page of one school, in French.

A school's page opens on a table a technician reads at a glance (each device,
« conforme » or « écarts », how many), then lists every drift once, one line
each, under its device and its concern: a stack with two hundred drifts is two
hundred readable lines under a handful of headings, not one table cell.

The checks write each drift in English (for the IT team's run output and the
JSON summary) and in French (``french``); a drift without its French sentence
(a report written before the checks spoke French) is shown as written, as code,
so that nothing is lost or half-translated.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..concerns import registry
from ..render.escape import markdown_code, markdown_text
from .report import french_count

HEADER = (
    "Produit par citynet.schools en comparant les équipements à la conception : "
    "ne pas modifier à la main."
)
UNSORTED = "autre"
_TITLES = {
    "configuration": "Configuration en service",
    "verification": "Vérification",
    UNSORTED: "Autres écarts",
}


def concern_title(concern: str) -> str:
    """The French heading of a concern's drifts (also the dashboard's)."""
    for item in registry():
        if item.name == concern:
            return item.title_fr or f"`{concern}`"
    return _TITLES.get(concern, f"`{concern}`")


def french(report: dict[str, Any], english: str) -> str:
    """A drift or note as the technician reads it: its French sentence, else the original as code."""
    text = (report.get("french") or {}).get(english)
    if text is not None:
        return text
    return "message du contrôle : " + markdown_code(english)


def _plural(count: int, word: str) -> str:
    return f"{french_count(count)} {word}{'s' if count > 1 else ''}"


def drifts_by_concern(report: dict[str, Any]) -> dict[str, list[str]]:
    """The device's drifts under their concern, in the order found, each once.

    The compliance page and the dashboard both group with it, so a drift sits
    under the same heading in both.
    """
    concerns = list(report.get("concerns") or [])
    grouped: dict[str, list[str]] = {}
    seen: set[str] = set()
    for index, drift in enumerate(report["drifts"]):
        if drift in seen:
            continue
        seen.add(drift)
        concern = concerns[index] if index < len(concerns) else UNSORTED
        grouped.setdefault(concern, []).append(drift)
    return grouped


def school_page(code: str, reports: Iterable[dict[str, Any]]) -> str:
    """The Markdown page of one school (``_cores`` for the cores)."""
    reports = sorted(reports, key=lambda r: r["host"])
    title = "des cœurs de réseau" if code == "_cores" else f"de l'école {markdown_text(code)}"
    drifting = [r for r in reports if r["drifts"]]
    total = sum(len(unique(r["drifts"])) for r in reports)
    lines = [f"# Conformité {title}", "", HEADER, ""]
    summary = (
        f"{_plural(len(reports), 'équipement')} {'vérifiés' if len(reports) > 1 else 'vérifié'}"
    )
    if drifting:
        compliant = len(reports) - len(drifting)
        summary += (
            f" : {french_count(compliant) if compliant else 'aucun'} conforme"
            f"{'s' if compliant > 1 else ''}, "
            f"{french_count(len(drifting))} avec des écarts ({_plural(total, 'écart')} en tout)."
        )
    else:
        summary += " : tous conformes." if len(reports) > 1 else " : conforme."
    lines += [summary, ""]
    lines += ["| Équipement | État | Écarts | Points vérifiés |", "|---|---|---|---:|"]
    for r in reports:
        count = len(unique(r["drifts"]))
        state = "écarts" if count else "conforme"
        checked = french_count(sum(int(v) for v in (r.get("checks") or {}).values()))
        lines.append(
            f"| {markdown_text(r['host'])} | {state} | {french_count(count)} | {checked} |"
        )
    for r in drifting:
        lines += ["", f"## Écarts de {markdown_text(r['host'])}"]
        for concern, drifts in drifts_by_concern(r).items():
            lines += ["", f"### {concern_title(concern)} ({french_count(len(drifts))})", ""]
            lines += [f"- {french(r, d)}" for d in drifts]
    noted = [r for r in reports if r.get("notes")]
    if noted:
        lines += ["", "## Remarques", ""]
        for r in noted:
            lines += [f"- {markdown_text(r['host'])} : {french(r, n)}" for n in unique(r["notes"])]
    lines.append("")
    return "\n".join(lines)


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
