"""Write docs/data-model.md from the schema files (run via `make docs`).

The schema is the single source of truth for validation and for this page; a
unit test fails when the committed page differs from what the schema gives.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".collections"))

from ansible_collections.citynet.schools.plugins.plugin_utils.source.schema import load_schema  # noqa: E402

OUTPUT = ROOT / "docs" / "data-model.md"


def _resolve(node: dict[str, Any], docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    doc_id, _hash, pointer = ref.partition("#")
    doc = docs["school"] if doc_id.endswith("school") else docs["city"]
    if not doc_id:
        doc = docs["_current"]
    target: Any = doc
    for part in pointer.strip("/").split("/"):
        target = target[part]
    merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return _resolve(merged, docs) if "$ref" in merged else merged


def _type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    kind = node.get("type", "")
    if kind == "array":
        items = node.get("items", {})
        return (
            f"list of {items.get('type', 'mapping')}"
            if "enum" not in items
            else "list of " + _type(items)
        )
    if isinstance(kind, list):
        return " or ".join(kind)
    return str(kind)


def _constraints(node: dict[str, Any]) -> str:
    parts = []
    for key, label in (
        ("minimum", "min"),
        ("maximum", "max"),
        ("pattern", "form"),
        ("default", "default"),
    ):
        if key in node:
            parts.append(f"{label} `{node[key]}`")
    return ", ".join(parts)


def _rows(
    node: dict[str, Any], path: str, required: bool, docs: dict[str, dict[str, Any]], out: list[str]
) -> None:
    node = _resolve(node, docs)
    if path:
        desc = " ".join(str(node.get("description", "")).split())
        out.append(
            f"| `{path}` | {_type(node)} | {'yes' if required else 'no'} | {desc} | {_constraints(node)} |"
        )
    if node.get("type") == "object":
        needed = set(node.get("required", []))
        for key, child in node.get("properties", {}).items():
            _rows(child, f"{path}.{key}" if path else key, key in needed, docs, out)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            _rows(extra, f"{path}.<name>", True, docs, out)
    elif node.get("type") == "array" and isinstance(node.get("items"), dict):
        _rows(node["items"], f"{path}[]", True, docs, out)


def render() -> str:
    docs = {"city": load_schema("city"), "school": load_schema("school")}
    lines = [
        "# Data model",
        "",
        "Generated from `plugins/plugin_utils/schemas/` by `scripts/gen_data_model_doc.py`: do not edit by hand.",
        "Every field below is checked before anything is written or sent; an error names the file,",
        "the school and the field path shown here.",
    ]
    for name, file in (
        ("city", "inventories/<city>/city.yml"),
        ("school", "inventories/<city>/schools/<code>.yml"),
    ):
        schema = docs[name]
        docs["_current"] = schema
        lines += ["", f"## {file}", "", " ".join(schema.get("description", "").split()), ""]
        lines += ["| Field | Type | Required | Meaning | Constraints |", "|---|---|---|---|---|"]
        rows: list[str] = []
        _rows(schema, "", True, docs, rows)
        lines += rows
    return "\n".join(lines) + "\n"


def main() -> int:
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
