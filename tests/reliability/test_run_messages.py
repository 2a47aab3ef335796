"""What a run tells the person who started it, read from the real ansible-playbook's output.

A render says how many schools, devices and files it wrote, and where; it
prints no warning on a valid city. An invalid school is named by the inventory
with its findings, and a run in skip_school mode renders the others and says
how many it rendered.
"""

from __future__ import annotations

import re
from pathlib import Path

from ansible_collections.citynet.schools.tests.reliability.playrun import (
    ROOT,
    digest_tree,
    has_traceback,
    run_playbook,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    copy_demo,
    edit_yaml,
    set_at,
)

RENDERED = re.compile(
    r'"msg": "Rendered (\d+) school\(s\), (\d+) device\(s\): (\d+) file\(s\), (\d+) written '
    r'\(new or changed\), (\d+) unchanged, in (\S+)"'
)


def _render_summary(stdout: str) -> tuple[int, int, int, int, int, str]:
    found = RENDERED.findall(stdout)
    assert len(found) == 1, stdout[-3000:]
    schools, devices, files, written, unchanged, where = found[0]
    return int(schools), int(devices), int(files), int(written), int(unchanged), where


def test_render_says_what_it_wrote_and_where_without_warnings(tmp_path: Path):
    city = copy_demo(tmp_path)
    build = tmp_path / "build"
    first = run_playbook([city / "schools.yml"], "-e", f"schools_build_dir={build}")
    out = first.stdout + first.stderr
    assert first.returncode == 0, out[-3000:]
    assert "WARNING" not in out, out
    assert "Could not match supplied host pattern" not in out
    assert _render_summary(first.stdout) == (6, 15, 37, 37, 0, str(build))
    assert len(digest_tree(build)) == 37

    # a second render changes nothing, and says so
    (build / "curie" / "README.md").unlink()
    again = run_playbook([city / "schools.yml"], "-e", f"schools_build_dir={build}")
    assert again.returncode == 0, again.stdout[-3000:]
    assert _render_summary(again.stdout) == (6, 15, 37, 1, 36, str(build))


def test_render_of_one_school_counts_that_school(tmp_path: Path):
    city = copy_demo(tmp_path)
    build = tmp_path / "build"
    run = run_playbook(
        [city / "schools.yml"], "-e", f"schools_build_dir={build}", "--limit", "school_pasteur"
    )
    assert run.returncode == 0, run.stdout[-3000:]
    # two stacks and the router: three configurations, one README, one labels sheet, one diagram
    assert _render_summary(run.stdout) == (1, 3, 6, 6, 0, str(build))


def test_the_root_playbook_renders_into_build_of_the_current_directory():
    """`ansible-playbook schools.yml` at the root of the checkout, as the README says."""
    run = run_playbook(
        [ROOT / "inventories" / "demo" / "schools.yml"], playbook=ROOT / "schools.yml"
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    where = _render_summary(run.stdout)[-1]
    assert where == str(ROOT / "build")
    assert "WARNING" not in run.stdout + run.stderr


def test_invalid_school_is_named_and_the_others_rendered_in_skip_mode(tmp_path: Path):
    city = copy_demo(tmp_path)
    edit_yaml(city / "schools" / "curie.yml", set_at(["stacks", 0, "members", 0, "priority"], 16))
    build = tmp_path / "build"
    run = run_playbook(
        [city / "schools.yml"],
        "-e",
        f"schools_build_dir={build}",
        "-e",
        "schools_on_invalid=skip_school",
    )
    out = run.stdout + run.stderr
    assert not has_traceback(out)
    finding = (
        f"{city / 'schools' / 'curie.yml'}: school curie: stacks[0].members[0].priority: "
        "priority 16 is out of range 1-15"
    )
    warning = (
        "[WARNING]: citynet.schools: school curie is invalid and left out of the run "
        f"(1 finding(s)):\n  {finding}"
    )
    assert out.count(warning) == 1, out[-4000:]
    # the other five schools are rendered (cores held back), then the run fails naming curie
    assert run.returncode != 0
    schools, devices = _render_summary(run.stdout)[:2]
    assert (schools, devices) == (5, 11)
    assert not (build / "curie").exists()
    assert finding in out
