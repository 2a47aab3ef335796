"""docs/: every link resolves, every page is reachable from the index, every role, platform and plugin has its place."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from packaging_support import ROOT, documented_plugins, roles

DOCS = ROOT / "docs"
REQUIRED_PLATFORMS = {"cisco_ios", "teltonika_rutos", "dnsmasq", "openvswitch"}
REQUIRED_PAGES = (
    "index.md",
    "data-model.md",
    "add-a-school.md",
    "add-a-platform.md",
    "add-a-concern.md",
    "awx.md",
)
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def _pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def _text_outside_code(path: Path) -> str:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return re.sub(r"`[^`\n]*`", "", text)


def _links(path: Path) -> Iterator[str]:
    text = _text_outside_code(path)
    yield from LINK.findall(text)
    yield from REFERENCE.findall(text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(m) for m in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", text, re.MULTILINE)}


def _internal(link: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", link)


def _resolve(source: Path, link: str) -> tuple[Path, str]:
    target, anchor = [*link.split("#", 1), ""][:2]
    path = source if not target else (source.parent / target).resolve()
    return path, anchor


@pytest.mark.parametrize(
    "page", [*_pages(), ROOT / "README.md"], ids=lambda p: str(p.relative_to(ROOT))
)
def test_internal_links_resolve(page: Path) -> None:
    broken = []
    for link in _links(page):
        if not _internal(link):
            continue
        target, anchor = _resolve(page, link)
        if not target.exists():
            broken.append(f"{link}: no {target}")
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            broken.append(f"{link}: no heading #{anchor} in {target.name}")
        elif ROOT not in target.parents and target != ROOT:
            broken.append(f"{link}: outside the repository")
    assert broken == []


def test_every_page_is_reachable_from_the_index() -> None:
    for name in REQUIRED_PAGES:
        assert (DOCS / name).is_file(), name
    seen: set[Path] = set()
    pending = [DOCS / "index.md"]
    while pending:
        page = pending.pop()
        if page in seen:
            continue
        seen.add(page)
        for link in _links(page):
            target = _resolve(page, link)[0]
            if _internal(link) and target.suffix == ".md" and DOCS in target.parents:
                pending.append(target)
    assert sorted(str(p.relative_to(DOCS)) for p in set(_pages()) - seen) == []


def _role_options(role: str) -> set[str]:
    specs = yaml.safe_load((ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text())
    return set(specs["argument_specs"]["main"].get("options") or {})


@pytest.mark.parametrize("role", roles())
def test_every_role_has_a_page_naming_its_options(role: str) -> None:
    page = DOCS / "roles" / f"{role}.md"
    assert page.is_file(), f"docs/roles/{role}.md"
    text = page.read_text(encoding="utf-8")
    assert f"citynet.schools.{role}" in text
    missing = sorted(o for o in _role_options(role) if f"`{o}`" not in text)
    assert missing == [], f"docs/roles/{role}.md does not describe {missing}"


def _schema_platforms() -> set[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "platform" and isinstance(value, dict) and "enum" in value:
                    found.update(value["enum"])
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in (ROOT / "plugins" / "plugin_utils" / "schemas").glob("*.yml"):
        walk(yaml.safe_load(schema.read_text(encoding="utf-8")))
    return found


def test_every_platform_has_a_page() -> None:
    platforms = REQUIRED_PLATFORMS | _schema_platforms()
    missing = sorted(p for p in platforms if not (DOCS / "platforms" / f"{p}.md").is_file())
    assert missing == []
    extra = sorted(p.stem for p in (DOCS / "platforms").glob("*.md") if p.stem not in platforms)
    assert extra == [], "pages of platforms the collection does not have"


def test_every_plugin_appears_in_the_docs() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in _pages())
    missing = sorted(
        f"{kind} citynet.schools.{name}"
        for kind, names in documented_plugins().items()
        for name in names
        if f"citynet.schools.{name}" not in text
    )
    assert missing == []
