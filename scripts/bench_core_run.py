#!/usr/bin/env python
"""One run of the design core alone, as the benchmark times it in a fresh process.

Load, validate, design and render a city and write its files, exactly what
the playbook's inventory plugin and render action do, without Ansible; then
print what each phase took as one JSON line.

    python scripts/bench_core_run.py CITY_DIR BUILD_DIR
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    city_dir, build_dir = argv
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT / ".collections"))
    from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city
    from ansible_collections.citynet.schools.plugins.plugin_utils.render.files import (
        city_files,
        write_files,
    )

    imported = time.perf_counter()
    city = design_city(city_dir)
    designed = time.perf_counter()
    files = city_files(city)
    rendered = time.perf_counter()
    written = write_files(files, build_dir)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "issues": len(city.issues),
                "devices": len(city.devices),
                "files": len(files),
                "written": len(written),
                "import_s": imported - start,
                "design_s": designed - imported,
                "render_s": rendered - designed,
                "write_s": done - rendered,
            }
        )
    )
    return 1 if city.issues else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
