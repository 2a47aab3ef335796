"""playbooks/schools.yml in render mode, run for real with ansible-playbook."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    copy_demo,
    edit_yaml,
)

ROOT = Path(__file__).resolve().parents[2]


def _play(city: Path, build: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    cmd = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i",
        str(city / "schools.yml"),
        str(ROOT / "playbooks" / "schools.yml"),
        "-e",
        f"schools_build_dir={build}",
        *extra,
    ]
    return subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _recap_changed(stdout: str) -> int:
    return sum(int(n) for n in re.findall(r"changed=(\d+)", stdout))


def test_render_twice_is_unchanged(tmp_path):
    city, build = copy_demo(tmp_path), tmp_path / "build"
    # no backup yet: the dashboard is the golden one
    backups = ("-e", f"schools_backup_dir={tmp_path / 'backups'}")
    first = _play(city, build, *backups)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-2000:]
    files = _digest(build)
    for code in ("jaures", "curie", "hugo", "pasteur", "moulin", "ferry"):
        assert f"{code}/README.md" in files and f"{code}/port-labels.csv" in files
        assert f"{code}/diagramme.svg" in files
    assert "pasteur/pasteur-swa.cfg" in files and "pasteur/pasteur-swb.cfg" in files
    assert "_cores/core-a.cfg" in files
    exports = ["_exports/centreon-clapi.txt", "_exports/glpi-inventaire.csv"]
    exports.append("_exports/zabbix-hosts.yaml")
    assert [f for f in files if f.startswith("_exports/")] == exports
    golden = ROOT / "tests" / "golden" / "demo"
    # the dashboard before any verify run or backup is the golden one
    for rel in [*exports, "dashboard.html"]:
        assert (build / rel).read_bytes() == (golden / rel).read_bytes()
    assert _recap_changed(first.stdout) == 1
    second = _play(city, build, *backups)
    assert second.returncode == 0
    assert _recap_changed(second.stdout) == 0
    assert _digest(build) == files


def test_check_mode_writes_nothing_and_diff_shows_lines(tmp_path):
    city, build = copy_demo(tmp_path), tmp_path / "build"
    assert _play(city, build).returncode == 0
    edit_yaml(
        city / "schools" / "curie.yml",
        lambda d: d["stacks"][0]["ports"][0].update(profile="pc_admin"),
    )
    before = _digest(build)
    run = _play(city, build, "--check", "--diff")
    assert run.returncode == 0, run.stdout[-3000:]
    assert _digest(build) == before
    assert "+ switchport access vlan 20" in run.stdout
    assert "- switchport access vlan 30" in run.stdout


def test_broken_school_stops_before_anything_is_written(tmp_path):
    city, build = copy_demo(tmp_path), tmp_path / "build"
    edit_yaml(
        city / "schools" / "curie.yml", lambda d: d["stacks"][0]["members"][0].update(priority=16)
    )
    edit_yaml(
        city / "schools" / "hugo.yml", lambda d: d["stacks"][0]["ports"][0].update(profile="nope")
    )
    run = _play(city, build)
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert (
        "schools/curie.yml: school curie: stacks[0].members[0].priority: priority 16 is out of range 1-15"
        in out
    )
    assert "schools/hugo.yml: school hugo: stacks[0].ports[0].profile: unknown profile nope" in out
    assert "Traceback" not in out
    assert not build.exists()


def test_limit_still_validates_the_whole_city(tmp_path):
    city, build = copy_demo(tmp_path), tmp_path / "build"
    edit_yaml(
        city / "schools" / "curie.yml", lambda d: d["stacks"][0]["members"][0].update(priority=16)
    )
    run = _play(city, build, "--limit", "school_jaures")
    assert run.returncode != 0
    assert "schools/curie.yml: school curie: stacks[0].members[0].priority" in run.stdout
    assert not build.exists()


def test_skip_school_mode_renders_only_valid_schools(tmp_path):
    city, build = copy_demo(tmp_path), tmp_path / "build"
    edit_yaml(
        city / "schools" / "curie.yml", lambda d: d["stacks"][0]["members"][0].update(priority=16)
    )
    edit_yaml(city / "city.yml", lambda d: d["run"].update(on_invalid="skip_school"))
    run = _play(city, build)
    assert run.returncode != 0
    assert "priority 16 is out of range 1-15" in run.stdout
    files = _digest(build)
    assert not any(f.startswith("curie/") for f in files)
    assert not any(f.startswith("_cores/") for f in files), (
        "cores are held back while a school is invalid"
    )
    assert "jaures/jaures-sw1.cfg" in files
    glpi = (build / "_exports" / "glpi-inventaire.csv").read_text(encoding="utf-8")
    assert "jaures-sw1-1;" in glpi
    assert "curie-" not in glpi and "core-a" not in glpi, "only the devices rendered are exported"
    zabbix = (build / "_exports" / "zabbix-hosts.yaml").read_text(encoding="utf-8")
    assert "host: jaures-sw1\n" in zabbix and "host: curie-sw1\n" not in zabbix


def test_limit_renders_only_that_school(tmp_path):
    city, build = copy_demo(tmp_path), tmp_path / "build"
    run = _play(city, build, "--limit", "school_pasteur")
    assert run.returncode == 0, run.stdout[-3000:]
    # nor the city-wide exports and dashboard, which a partial run would shrink to one school
    assert sorted({f.split("/")[0] for f in _digest(build)}) == ["pasteur"]


def _plain(value):
    """ansible-inventory marks plugin-made strings unsafe ({'__ansible_unsafe': ...}) in its JSON."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_inventory_hosts_and_groups(tmp_path):
    city = copy_demo(tmp_path)
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")}
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("ansible-inventory")),
            "-i",
            str(city / "schools.yml"),
            "--list",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    data = yaml.safe_load(run.stdout)
    assert sorted(data["school_pasteur"]["hosts"]) == ["pasteur-4g", "pasteur-swa", "pasteur-swb"]
    assert sorted(data["cores"]["hosts"]) == ["core-a", "core-b"]
    assert "pasteur-swb" in data["building_pasteur_gymnase"]["hosts"]
    assert sorted(data["platform_teltonika_rutos"]["hosts"]) == [
        "curie-4g",
        "ferry-4g",
        "hugo-4g",
        "pasteur-4g",
    ]
    hostvars = _plain(data["_meta"]["hostvars"])
    assert hostvars["jaures-sw1"]["ansible_host"] == "10.32.8.1"  # the routing stack is its gateway
    assert hostvars["jaures-sw1"]["ansible_network_os"] == "cisco.ios.ios"
    # paramiko named for real devices too: network_cli warns when it has to fall back to it
    for host in ("jaures-sw1", "jaures-4g", "core-a"):
        assert hostvars[host]["ansible_network_cli_ssh_type"] == "paramiko", host
    assert hostvars["jaures-4g"]["schools_school"] == "jaures"


def test_documents_escape_table_and_formula_characters(tmp_path):
    """A description with a table pipe or a leading formula sign is written inert, through the real run."""
    city, build = copy_demo(tmp_path), tmp_path / "build"

    def label_ports(data):
        data["stacks"][0]["ports"][2]["description"] = "=HYPERLINK(1) | salle 12"
        data["school"]["address"] = "3 place | Marie *Curie*"

    edit_yaml(city / "schools" / "curie.yml", label_ports)
    run = _play(city, build)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    csv_text = (build / "curie" / "port-labels.csv").read_text(encoding="utf-8-sig")
    row = next(line for line in csv_text.splitlines() if ";GigabitEthernet1/0/15;" in line)
    assert row.endswith(";'=HYPERLINK(1) | salle 12"), row
    readme = (build / "curie" / "README.md").read_text(encoding="utf-8")
    port_row = next(
        line for line in readme.splitlines() if line.startswith("| GigabitEthernet1/0/15 |")
    )
    assert port_row.count(" | ") == 3 and "\\|" in port_row, port_row
    assert "3 place \\| Marie \\*Curie\\*" in readme
