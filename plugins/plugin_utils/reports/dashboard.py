"""The city's dashboard: one HTML file the town hall opens in any browser.

Per school: its devices (stack members, backup router, model, management
address), each device's compliance state from the last verify run (« conforme »,
« écarts », « non vérifié »), the drifts grouped by device and concern exactly as
the school's compliance.md groups them (the same functions), the last deploy and
the last backup, and the school's diagram inlined.

The file stands alone: CSS and SVG inline, a few lines of plain JavaScript to
filter the schools, no request to anything (it is opened from a file share or a
laptop without network). Every value is escaped by the template engine
(autoescape): a school name with ``<`` or ``&`` shows as written.

What it knows of deploys it reads from the backup folder: each deploy that
changes a device saves the device's configuration there first (Cisco devices as
``<stamp>.cfg``, RutOS routers as ``<stamp>.uci``), so the newest backup of a
device is also the date of the last deploy that changed it. Only the file
names are read, never the backups themselves (they hold secrets in clear).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..design.city import City
from ..design.devices import CoreDesign, Device, RouterDesign, StackDesign
from ..render.files import CORES_DIR, stack_models
from ..verify.compliance_page import concern_title, drifts_by_concern, unique
from ..verify.report import french_count
from .diagram import render_school_diagram
from .templating import environment

DASHBOARD_FILE = "dashboard.html"
SUMMARY_FILE = "compliance-summary.json"

HEADER = (
    "Produit par citynet.schools à partir de la source de vérité et des résultats "
    "de la dernière vérification : ne pas modifier à la main."
)

COMPLIANT, DRIFTING, UNVERIFIED = "conforme", "ecarts", "non-verifie"
STATE_LABELS = {COMPLIANT: "conforme", DRIFTING: "écarts", UNVERIFIED: "non vérifié"}

# deploy_plan's Cisco backups (UTC, milliseconds appended) and the uci backups' names
_CISCO_BACKUP = re.compile(r"(\d{8}T\d{6})\d{3}\.cfg")
_UCI_BACKUP = re.compile(r"(\d{8}T\d{6})\.\d{6}Z(?:-\d+)?\.uci")


def _backup_time(name: str) -> datetime | None:
    match = _CISCO_BACKUP.fullmatch(name) or _UCI_BACKUP.fullmatch(name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)


def last_backups(backup_dir: str | os.PathLike[str] | None) -> dict[str, datetime]:
    """The newest backup of each device (``<backup_dir>/<school>/<host>/<stamp>``), by host name.

    A folder that cannot be read (absent, another user's) gives nothing: the
    dashboard then says « aucune » rather than failing the run.
    """
    found: dict[str, datetime] = {}
    if not backup_dir:
        return found
    root = Path(backup_dir)
    try:
        schools = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    except OSError:
        return found
    for school in sorted(schools):
        try:
            hosts = [p for p in school.iterdir() if p.is_dir()]
        except OSError:
            continue
        for host in sorted(hosts):
            try:
                stamps = [t for t in map(_backup_time, os.listdir(host)) if t is not None]
            except OSError:
                continue
            if stamps:
                newest = max(stamps)
                found[host.name] = max(newest, found.get(host.name, newest))
    return found


def read_summary(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The last verify run's summary, or None when there is none (or it is not readable JSON)."""
    try:
        with open(path, encoding="utf-8") as handle:
            summary = json.load(handle)
    except (OSError, ValueError):
        return None
    return summary if isinstance(summary, dict) else None


def french_time(when: datetime | None) -> str:
    return when.astimezone(UTC).strftime("%d/%m/%Y à %H:%M UTC") if when else "aucune"


def _summary_time(summary: dict[str, Any] | None) -> str | None:
    stamp = (summary or {}).get("generated")
    try:
        when = datetime.strptime(str(stamp), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return french_time(when)


def _drift_text(report: dict[str, Any], english: str) -> dict[str, str]:
    """A drift as the template shows it: its French sentence, else the check's own words."""
    text = (report.get("french") or {}).get(english)
    return {"french": text} if text is not None else {"original": english}


def _device_view(
    device: Device, report: dict[str, Any] | None, unverified: set[str], backup: datetime | None
) -> dict[str, Any]:
    intent = device.intent()
    view: dict[str, Any] = {
        "host": device.hostname,
        "building": "-",
        "members": [],
        "backup": french_time(backup),
        "concerns": [],
        "notes": [],
        "drift_count": 0,
        "checked": 0,
        "failed_verify": device.hostname in unverified,
    }
    if isinstance(device, StackDesign):
        members = intent["members"]
        plural = "s" if len(members) > 1 else ""
        view.update(
            kind=f"pile de commutateurs ({len(members)} membre{plural})",
            model=stack_models(members),
            building=intent["building"],
            address=intent["management"]["address"],
            members=[
                f"{m['number']} : {m['model']}, n° de série {m['serial']}, rôle {m['role']}"
                for m in members
            ],
        )
    elif isinstance(device, RouterDesign):
        port = intent["switch_port"]
        view.update(
            kind="routeur 4G de secours",
            building=device.school.stacks[device.router.switch_stack].building,
            model=intent["model"],
            address=intent["lan"]["address"],
            members=[f"branché sur {port['host']} {port['short']} (VLAN {port['vlan']})"],
        )
    else:
        view.update(
            kind="cœur de réseau",
            model=intent.get("model") or "-",
            address=(intent.get("management") or {}).get("address") or "-",
        )
    if report is None:
        view["state"] = UNVERIFIED
    else:
        grouped = drifts_by_concern(report)
        view["concerns"] = [
            {
                "title": concern_title(concern),
                "drifts": [_drift_text(report, d) for d in drifts],
            }
            for concern, drifts in grouped.items()
        ]
        view["drift_count"] = sum(len(d) for d in grouped.values())
        view["notes"] = [_drift_text(report, n) for n in unique(report.get("notes") or [])]
        view["checked"] = sum(int(v) for v in (report.get("checks") or {}).values())
        view["state"] = DRIFTING if view["drift_count"] else COMPLIANT
    view["state_label"] = STATE_LABELS[view["state"]]
    return view


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{french_count(count)} {one if count <= 1 else (many or one + 's')}"


def _overall(devices: Iterable[dict[str, Any]]) -> str:
    states = {d["state"] for d in devices}
    if DRIFTING in states:
        return DRIFTING
    return UNVERIFIED if UNVERIFIED in states or not states else COMPLIANT


def _group(
    key: str,
    title: str,
    devices: list[dict[str, Any]],
    **extra: Any,
) -> dict[str, Any]:
    state = _overall(devices)
    return {
        "key": key,
        "title": title,
        "devices": devices,
        "state": state,
        "state_label": STATE_LABELS[state],
        "drifts": french_count(sum(d["drift_count"] for d in devices)),
        **extra,
    }


def dashboard_context(
    city: City,
    summary: dict[str, Any] | None = None,
    backups: dict[str, datetime] | None = None,
) -> dict[str, Any]:
    """Everything the template places, computed from the design, the summary and the backups."""
    backups = backups or {}
    reports = {
        r["host"]: r
        for r in (summary or {}).get("reports") or []
        if isinstance(r, dict) and "host" in r
    }
    unverified = set((summary or {}).get("unverified") or [])
    schools = []
    for code, school in city.schools.items():
        devices = [
            _device_view(d, reports.get(d.hostname), unverified, backups.get(d.hostname))
            for d in city.devices_by_school[code]
        ]
        stamps = [backups[d["host"]] for d in devices if d["host"] in backups]
        schools.append(
            _group(
                code,
                school.name,
                devices,
                code=code,
                number=school.number,
                address=school.address or "-",
                last_deploy=french_time(max(stamps) if stamps else None),
                diagram=Markup(render_school_diagram(city, code)),
            )
        )
    cores = [
        _device_view(d, reports.get(name), unverified, backups.get(name))
        for name, d in city.devices.items()
        if isinstance(d, CoreDesign)
    ]
    every = [d for s in schools for d in s["devices"]] + cores
    counts = {state: sum(1 for d in every if d["state"] == state) for state in STATE_LABELS}
    return {
        "header": HEADER,
        "city": city.plan.name if city.plan else "",
        "schools": schools,
        "cores": _group(CORES_DIR, "Cœurs de réseau", cores) if cores else None,
        "invalid": sorted(city.invalid_schools),
        "verified_at": _summary_time(summary),
        "totals": (
            f"{_plural(len(schools), 'école')}, {_plural(len(every), 'équipement')} : "
            f"{_plural(counts[COMPLIANT], 'conforme')}, "
            f"{french_count(counts[DRIFTING])} avec des écarts, "
            f"{_plural(counts[UNVERIFIED], 'non vérifié', 'non vérifiés')}."
        ),
    }


def render_dashboard(
    city: City,
    summary: dict[str, Any] | None = None,
    backups: dict[str, datetime] | None = None,
) -> str:
    """The dashboard's HTML; the same inputs always give the same bytes (no clock read here)."""
    context = dashboard_context(city, summary, backups)
    return environment().get_template("dashboard.html.j2").render(**context)


def dashboard_files(
    city: City,
    summary: dict[str, Any] | None = None,
    backups: dict[str, datetime] | None = None,
) -> dict[str, str]:
    """``{DASHBOARD_FILE: html}``, or nothing for a city with no valid design."""
    if city.city_invalid or city.plan is None or not city.schools:
        return {}
    return {DASHBOARD_FILE: render_dashboard(city, summary, backups)}
