"""The Galaxy tarball: what it holds, that it installs offline, and that it renders the demo city."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

from packaging_support import (
    DEMO_CITY,
    GOLDEN_DEMO,
    ROOT,
    VENV_BIN,
    clean_env,
    collections_env,
    copy_project,
    digest,
    galaxy_meta,
    playbook_cmd,
    recap,
    run,
)

# What a collection user runs or reads; every such file of the checkout must be
# in the tarball, byte for byte.
SHIPPED_DIRS = ("plugins", "roles", "playbooks", "meta", "docs", "inventories", "changelogs")
SHIPPED_FILES = ("README.md", "requirements.txt", "bindep.txt", "LICENSE")
# Development-only content that must never reach Galaxy.
FORBIDDEN_PARTS = {
    ".venv",
    ".collections",
    ".git",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
    "tests",
    "build",
    "backups",
    "dist",
    "molecule",
    "scripts",
    ".ci",
}
# Everything at the top of the tarball; a new file or folder at the root of the
# checkout must be shipped on purpose (here) or left out (galaxy.yml build_ignore).
TOP_LEVEL = {
    *SHIPPED_DIRS,
    *SHIPPED_FILES,
    "awx",
    "execution-environment.yml",
    "MANIFEST.json",
    "FILES.json",
    "LICENSE",
    "COPYING",
}
MAX_TARBALL_BYTES = 512 * 1024
MAX_UNPACKED_BYTES = 3 * 1024 * 1024


def _members(tarball: Path) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(tarball) as tar:
        return {m.name: m for m in tar.getmembers()}


def _read(tarball: Path, name: str) -> bytes:
    with tarfile.open(tarball) as tar:
        handle = tar.extractfile(name)
        assert handle is not None, name
        return handle.read()


def test_tarball_holds_no_development_content(tarball: Path) -> None:
    members = _members(tarball)
    leaked = sorted(
        name
        for name in members
        if FORBIDDEN_PARTS & set(Path(name).parts) or name.endswith((".pyc", ".tar.gz"))
    )
    assert leaked == []
    assert {Path(name).parts[0] for name in members} - TOP_LEVEL == set()
    assert tarball.stat().st_size < MAX_TARBALL_BYTES, tarball.stat().st_size
    unpacked = sum(m.size for m in members.values() if m.isfile())
    assert unpacked < MAX_UNPACKED_BYTES, unpacked
    assert not any(m.issym() or m.islnk() for m in members.values())


def test_tarball_ships_every_runtime_file_unchanged(
    tarball: Path, tarball_sources: dict[str, str]
) -> None:
    files = json.loads(_read(tarball, "FILES.json"))["files"]
    shipped = {f["name"]: f["chksum_sha256"] for f in files if f["ftype"] == "file"}
    wanted = {
        rel: checksum
        for rel, checksum in tarball_sources.items()
        if rel.split("/", 1)[0] in SHIPPED_DIRS or rel in SHIPPED_FILES
    }
    assert len(wanted) > 50
    missing = [rel for rel in wanted if rel not in shipped]
    assert missing == []
    differing = [rel for rel, checksum in wanted.items() if shipped[rel] != checksum]
    assert differing == []


def test_manifest_matches_galaxy_yml(tarball: Path) -> None:
    info = json.loads(_read(tarball, "MANIFEST.json"))["collection_info"]
    meta = galaxy_meta()
    assert (info["namespace"], info["name"], info["version"]) == (
        meta["namespace"],
        meta["name"],
        meta["version"],
    )
    assert info["dependencies"] == meta["dependencies"]
    assert info["license"] == meta["license"]


def test_installed_collection_is_intact_and_found_first(installed: Path) -> None:
    env = collections_env(installed)
    listed = run(
        [VENV_BIN / "ansible-galaxy", "collection", "list", "citynet.schools", "--format", "json"],
        cwd=installed,
        env=env,
    )
    found = json.loads(listed.stdout)
    assert list(found) == [str(installed / "ansible_collections")], found
    verified = run(
        [VENV_BIN / "ansible-galaxy", "collection", "verify", "--offline", "citynet.schools"],
        cwd=installed,
        env=env,
    )
    assert "internally consistent" in verified.stdout


def test_installed_collection_renders_the_demo_like_the_checkout(
    installed: Path, demo_city: Path, tmp_path: Path
) -> None:
    from_tarball, from_checkout = tmp_path / "installed", tmp_path / "checkout"
    # The playbook by its FQCN, from a directory with no ansible.cfg: only the
    # installed collection and its dependencies from the venv can be found.
    env = collections_env(installed, PYTHONDONTWRITEBYTECODE="1")
    installed_run = run(
        playbook_cmd(
            "citynet.schools.schools",
            "-i",
            demo_city / "schools.yml",
            "-e",
            f"schools_build_dir={from_tarball}",
        ),
        cwd=tmp_path,
        env=env,
    )
    checkout_run = run(
        playbook_cmd(
            "-i",
            demo_city / "schools.yml",
            "playbooks/schools.yml",
            "-e",
            f"schools_build_dir={from_checkout}",
        ),
        cwd=ROOT,
        env=clean_env(ANSIBLE_CONFIG=str(ROOT / "ansible.cfg")),
    )
    golden = digest(GOLDEN_DEMO)
    assert digest(from_tarball) == golden
    assert digest(from_checkout) == golden
    # the render runs once for the play, so the recap names one device: the files prove the rest
    assert recap(installed_run.stdout) == recap(checkout_run.stdout)

    again = run(
        playbook_cmd(
            "citynet.schools.schools",
            "-i",
            demo_city / "schools.yml",
            "-e",
            f"schools_build_dir={from_tarball}",
        ),
        cwd=tmp_path,
        env=env,
    )
    assert all(counts["changed"] == 0 for counts in recap(again.stdout).values())
    assert digest(from_tarball) == golden
    # The run wrote nothing inside the installed collection.
    run(
        [VENV_BIN / "ansible-galaxy", "collection", "verify", "--offline", "citynet.schools"],
        cwd=tmp_path,
        env=env,
    )


def test_license_file_is_the_gpl_galaxy_yml_declares(tarball: Path) -> None:
    assert galaxy_meta()["license"] == ["GPL-3.0-or-later"]
    text = _read(tarball, "LICENSE").decode("utf-8")
    assert text.split()[:6] == ["GNU", "GENERAL", "PUBLIC", "LICENSE", "Version", "3,"]
    # the full text, with its "or any later version" clause, not a one-line notice
    assert "any later version" in text and "END OF TERMS AND CONDITIONS" in text
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_installed_playbook_writes_build_in_the_current_directory(
    installed: Path, demo_city: Path, tmp_path: Path
) -> None:
    """Without schools_build_dir the files go to ./build, and the run says so."""
    work = tmp_path / "work"
    work.mkdir()
    env = collections_env(installed, PYTHONDONTWRITEBYTECODE="1")
    result = run(
        playbook_cmd("citynet.schools.schools", "-i", demo_city / "schools.yml"),
        cwd=work,
        env=env,
    )
    assert digest(work / "build") == digest(GOLDEN_DEMO)
    assert (
        f"Rendered 6 school(s), 15 device(s): 37 file(s), 37 written (new or changed), "
        f"0 unchanged, in {work / 'build'}"
    ) in result.stdout
    assert "[WARNING]" not in result.stdout + result.stderr
    run(
        [VENV_BIN / "ansible-galaxy", "collection", "verify", "--offline", "citynet.schools"],
        cwd=work,
        env=env,
    )


# Cities a user may put beside the demo, named to miss any pattern that would
# stop at a prefix of "demo" or let one through.
OWN_CITIES = ("mycity", "d", "de", "dem", "demo2", "demo-copy", "demos", "dmo", "Demo", ".hidden")


def test_only_the_demo_city_ships(tmp_path: Path) -> None:
    """A city of one's own in inventories/ at build time stays out of the tarball."""
    project = copy_project(tmp_path / "checkout")
    for city in OWN_CITIES:
        (project / "inventories" / city / "schools").mkdir(parents=True)
        (project / "inventories" / city / "city.yml").write_text("name: Own\n", encoding="utf-8")
        (project / "inventories" / city / "schools" / "a.yml").write_text("{}\n", encoding="utf-8")
    (project / "inventories" / "notes.txt").write_text(
        "a file beside the cities\n", encoding="utf-8"
    )
    out = tmp_path / "dist"
    run(
        [VENV_BIN / "ansible-galaxy", "collection", "build", "--output-path", out, "."],
        cwd=project,
        env=collections_env(),
    )
    (built,) = out.glob("*.tar.gz")
    inventories = {
        Path(name).parts[1]
        for name in _members(built)
        if name.startswith("inventories/") and len(Path(name).parts) > 1
    }
    assert inventories == {"demo"}
    demo = {
        name
        for name in _members(built)
        if name.startswith("inventories/demo/") and _members(built)[name].isfile()
    }
    wanted = {
        f"inventories/{p.relative_to(DEMO_CITY.parent).as_posix()}"
        for p in DEMO_CITY.rglob("*")
        if p.is_file()
    }
    assert demo == wanted
