"""docs/data-model.md is generated from the schema and kept in step with it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def test_data_model_page_is_current():
    spec = importlib.util.spec_from_file_location(
        "gen_doc", ROOT / "scripts" / "gen_data_model_doc.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = module.render()
    assert (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8") == page, "run `make docs`"
    for field in ("`stacks[].members[].priority`", "`backup_router.sim_pin`", "`vlans[].id`"):
        assert field in page
