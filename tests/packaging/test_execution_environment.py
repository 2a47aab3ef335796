"""The execution environment: `ansible-builder create` makes a context that holds everything the collection needs.

`ansible-builder build` needs a container engine, which these machines do
not have; its two dependency stages are replayed here instead, offline, on
the context `create` wrote: the galaxy stage (`ansible-galaxy collection
install -r requirements.yml` from the context) and the builder stage
(ansible-builder's own `introspect.py`, which merges the user's requirements
with those of every installed collection).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import sys
from importlib.metadata import (
    PackageNotFoundError,
    metadata,
    packages_distributions,
    requires,
    version,
)
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version
from packaging_support import ROOT, SITE_COLLECTIONS, VENV_BIN, collections_env, galaxy_meta, run

# What the collection uses through other collections rather than imports:
# a use found in plugins/, roles/ or playbooks/ -> what the image must hold.
INDIRECT_PYTHON = {
    r"ansible\.netcommon\.network_cli": {"paramiko"},
    r"ansible\.netcommon\.ntc_templates": {"ntc-templates", "textfsm"},
    # network_cli's copy_file over paramiko (send_plan's file form, net_put): `from scp import`
    r"\.copy_file\(": {"scp"},
}
INDIRECT_SYSTEM = {
    r"ansible\.builtin\.ssh": {"openssh-clients [platform:rpm]", "openssh-client [platform:dpkg]"},
}


def _ee_definition() -> dict:
    return yaml.safe_load((ROOT / "execution-environment.yml").read_text(encoding="utf-8"))


def third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> files of plugins/ importing it, outside the stdlib and Ansible."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in {
                    "__future__",
                    "ansible",
                    "ansible_collections",
                }:
                    continue
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def distributions_of(modules: set[str]) -> dict[str, str]:
    """Top-level module -> canonical name of the distribution providing it (in this venv)."""
    providers = packages_distributions()
    out = {}
    for module in modules:
        assert module in providers, f"{module} is imported by plugins/ but not installed"
        out[module] = canonicalize_name(providers[module][0])
    return out


def _requirement_names(lines: list[str]) -> set[str]:
    names = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(canonicalize_name(Requirement(line).name))
    return names


def _closure(names: set[str]) -> set[str]:
    """The distributions pip installs for ``names``, as this venv resolved them."""
    seen: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            reqs = requires(name) or []
        except PackageNotFoundError:
            continue
        for raw in reqs:
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                pending.append(canonicalize_name(req.name))
    return seen


def _uses(pattern: str) -> bool:
    for top in ("plugins", "roles", "playbooks"):
        for path in (ROOT / top).rglob("*"):
            if path.suffix in {".py", ".yml", ".yaml"} and re.search(
                pattern, path.read_text(encoding="utf-8")
            ):
                return True
    return False


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory, tarball: Path) -> Path:
    """`ansible-builder create` on a copy of the definition, with the session's tarball."""
    work = tmp_path_factory.mktemp("ee")
    shutil.copy2(ROOT / "execution-environment.yml", work)
    shutil.copy2(ROOT / "bindep.txt", work)
    sources = [entry["src"] for entry in _ee_definition()["additional_build_files"]]
    assert f"dist/{tarball.name}" in sources, "execution-environment.yml installs another version"
    (work / "dist").mkdir()
    shutil.copy2(tarball, work / "dist" / tarball.name)
    run(
        [
            VENV_BIN / "ansible-builder",
            "create",
            "-f",
            "execution-environment.yml",
            "-c",
            "context",
        ],
        cwd=work,
        env=collections_env(),
        timeout=120,
    )
    return work / "context"


def _containerfile(context: Path) -> str:
    for name in ("Containerfile", "Dockerfile"):
        if (context / name).is_file():
            return (context / name).read_text(encoding="utf-8")
    raise AssertionError(f"no Containerfile in {sorted(p.name for p in context.iterdir())}")


def _install_refs(context: Path) -> list[str]:
    match = re.search(r'^ARG ANSIBLE_INSTALL_REFS="([^"]*)"', _containerfile(context), re.M)
    assert match, "no ANSIBLE_INSTALL_REFS in the Containerfile"
    return match.group(1).split()


def test_context_names_every_third_party_import(context: Path) -> None:
    modules = third_party_imports()
    assert {"jsonschema", "jinja2", "yaml"} <= set(modules), modules
    user = (context / "_build" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    named = _requirement_names(user) | _requirement_names(_install_refs(context))
    missing = {
        f"{dist} (import {module} in {', '.join(sorted(modules[module]))})"
        for module, dist in distributions_of(set(modules)).items()
        if dist not in named
    }
    assert missing == set()


def test_context_holds_what_the_collection_uses_through_others(context: Path) -> None:
    python = _requirement_names(
        (context / "_build" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    )
    system = {
        line.strip()
        for line in (context / "_build" / "bindep.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    used = [p for p in (*INDIRECT_PYTHON, *INDIRECT_SYSTEM) if _uses(p)]
    assert used, "none of the indirect uses found: the patterns are stale"
    for pattern, needed in INDIRECT_PYTHON.items():
        if _uses(pattern):
            assert {canonicalize_name(n) for n in needed} <= python, pattern
    for pattern, needed in INDIRECT_SYSTEM.items():
        if _uses(pattern):
            assert needed <= system, pattern


def test_context_pins_the_tested_ansible(context: Path) -> None:
    refs = {Requirement(r).name: Requirement(r) for r in _install_refs(context)}
    assert str(refs["ansible-core"].specifier) == f"=={version('ansible-core')}"
    assert str(refs["ansible-runner"].specifier) == f"=={version('ansible-runner')}"
    interpreter = _ee_definition()["dependencies"]["python_interpreter"]
    match = re.fullmatch(r"python(\d+\.\d+)", interpreter["package_system"])
    assert match and interpreter["python_path"].endswith(f"python{match.group(1)}")
    requires_python = SpecifierSet(metadata("ansible-core")["Requires-Python"])
    assert Version(match.group(1)) in requires_python


def test_context_installs_the_collection_and_its_dependencies(context: Path, tarball: Path) -> None:
    wanted = yaml.safe_load((context / "_build" / "requirements.yml").read_text(encoding="utf-8"))
    collections = {c["name"]: c for c in wanted["collections"]}
    local = [c for c in collections.values() if c.get("type") == "file"]
    assert len(local) == 1
    assert (context / "_build" / local[0]["name"]).read_bytes() == tarball.read_bytes()
    dependencies = {
        name: c.get("version", "*") for name, c in collections.items() if c.get("type") != "file"
    }
    ranges = galaxy_meta()["dependencies"]
    assert set(dependencies) == set(ranges)
    for name, pin in dependencies.items():
        # pinned to the version tested (the `ansible` package of the venv), within the range
        # galaxy.yml declares to Galaxy
        namespace, collection = name.split(".")
        manifest = (
            SITE_COLLECTIONS / "ansible_collections" / namespace / collection / "MANIFEST.json"
        )
        tested = json.loads(manifest.read_text(encoding="utf-8"))["collection_info"]["version"]
        assert pin == f"=={tested}", (name, pin, tested)
        assert Version(tested) in SpecifierSet(ranges[name]), (name, tested, ranges[name])


def test_context_has_network_clis_own_ssh_client(context: Path) -> None:
    """Without ansible-pylibssh every network_cli run warns and falls back to paramiko."""
    assert _uses(r"ansible\.netcommon\.network_cli")
    user = (context / "_build" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = {
        canonicalize_name(Requirement(line).name): Requirement(line)
        for line in user
        if line.split("#", 1)[0].strip()
    }
    assert "ansible-pylibssh" in pins
    assert str(pins["ansible-pylibssh"].specifier).startswith("=="), "pinned, as the collections"


def _link_collections(root: Path, installed: Path) -> None:
    """root/ansible_collections/<ns>/<name> for citynet.schools and its dependencies, transitively."""
    pending = ["citynet.schools"]
    seen: set[str] = set()
    while pending:
        fqcn = pending.pop()
        if fqcn in seen:
            continue
        seen.add(fqcn)
        namespace, name = fqcn.split(".")
        for base in (installed, SITE_COLLECTIONS):
            source = base / "ansible_collections" / namespace / name
            if source.is_dir():
                break
        else:
            raise AssertionError(f"{fqcn} is not installed")
        link = root / "ansible_collections" / namespace / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(source, target_is_directory=True)
        manifest = json.loads((source / "MANIFEST.json").read_text(encoding="utf-8"))
        pending.extend(manifest["collection_info"].get("dependencies") or {})


def test_build_stages_resolve_everything_offline(context: Path, tmp_path: Path) -> None:
    build = context / "_build"
    image_collections = tmp_path / "usr-share-ansible-collections"
    galaxy = run(
        [
            VENV_BIN / "ansible-galaxy",
            "collection",
            "install",
            "--offline",
            "-r",
            "requirements.yml",
            "--collections-path",
            image_collections,
        ],
        cwd=build,
        env=collections_env(image_collections, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1"),
    )
    assert "citynet.schools:0" in galaxy.stdout, galaxy.stdout

    tree = tmp_path / "introspect"
    _link_collections(tree, image_collections)
    introspected = run(
        [
            VENV_BIN / "python",
            build / "scripts" / "introspect.py",
            "introspect",
            "--user-pip=requirements.txt",
            "--user-bindep=bindep.txt",
            tree,
        ],
        cwd=build,
        env=collections_env(),
    )
    data = yaml.safe_load(introspected.stdout.split("---", 1)[1])
    ours = [line for line in data["python"] if line.endswith("# from collection citynet.schools")]
    system = [line for line in data["system"] if "# from collection citynet.schools" in line]
    # The collection's own requirements.txt and bindep.txt reach any EE it is installed in.
    assert ours and system
    image = _closure(
        _requirement_names([line.split("  #", 1)[0] for line in data["python"]])
        | {"ansible-core", "ansible-runner"}
    )
    own = _closure(
        _requirement_names([line.split("  #", 1)[0] for line in ours]) | {"ansible-core"}
    )
    for module, dist in distributions_of(set(third_party_imports())).items():
        assert dist in image, f"the image would lack {dist} (import {module})"
        assert dist in own, f"requirements.txt does not bring {dist} (import {module})"
