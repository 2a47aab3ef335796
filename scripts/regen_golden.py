"""Regenerate tests/golden/<city>/ from inventories/<city>/ (run via `make golden`).

The golden files are every output of every demo device, the city's exports and dashboard; tests/unit fails on
any drift, so a change of rendering shows up as a reviewed diff of these files.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".collections"))

from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city  # noqa: E402
from ansible_collections.citynet.schools.plugins.plugin_utils.exports import export_files  # noqa: E402
from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (  # noqa: E402
    city_files,
    write_files,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.reports.dashboard import (  # noqa: E402
    dashboard_files,
)


def main(city: str = "demo") -> int:
    design = design_city(ROOT / "inventories" / city)
    if design.issues:
        for issue in design.issues:
            print(issue, file=sys.stderr)
        return 1
    target = ROOT / "tests" / "golden" / city
    shutil.rmtree(target, ignore_errors=True)
    # the dashboard as render writes it before any verify run or backup
    files = city_files(design) | export_files(design) | dashboard_files(design)
    write_files(files, target)
    print(f"{len(files)} golden files written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
