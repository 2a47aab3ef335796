"""The filters as Ansible loads them: real ``ansible``, ``ansible-playbook`` and ``ansible-doc``.

Each run is isolated from the project's settings (see the ``ansible_cli`` fixture).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from conftest import AnsibleCLI

FILTER_DIR = Path(__file__).resolve().parents[4] / "plugins" / "filter"
FILTER_NAMES = sorted(path.stem for path in FILTER_DIR.glob("*.yml"))


def test_filters_load_through_ansible(ansible_cli: AnsibleCLI, tmp_path: Path) -> None:
    result = ansible_cli.adhoc("[1, 2, 3, 5] | citynet.schools.vlan_ranges", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r'"msg": \[\s*"1-3,5"\s*\]', result.stdout), result.stdout


def test_core_errors_reach_the_user_with_their_message(
    ansible_cli: AnsibleCLI, tmp_path: Path
) -> None:
    result = ansible_cli.adhoc("[1, 4095] | citynet.schools.vlan_ranges", cwd=tmp_path)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "citynet.schools.vlan_ranges" in output
    assert "VLAN 4095 is out of range 1-4094" in output
    assert "Traceback" not in output


def _documented_examples() -> list[tuple[str, str, object]]:
    """(filter, template, expected) for every example preceded by ``# -> value``."""
    examples: list[tuple[str, str, object]] = []
    for name in FILTER_NAMES:
        text = yaml.safe_load((FILTER_DIR / f"{name}.yml").read_text(encoding="utf-8"))["EXAMPLES"]
        for block in re.split(r"\n\s*\n", text):
            lines = block.strip().splitlines()
            if not lines or not lines[0].startswith("# -> "):
                continue
            expected = yaml.safe_load(lines[0].removeprefix("# -> "))
            (template,) = yaml.safe_load("\n".join(lines[1:])).values()
            examples.append((name, template, expected))
    return examples


def test_every_documented_example_gives_its_documented_result(
    ansible_cli: AnsibleCLI, tmp_path: Path
) -> None:
    examples = _documented_examples()
    assert {name for name, _unused, _unused in examples} == set(FILTER_NAMES)
    tasks = [
        {
            "name": f"{name} example {index}",
            "ansible.builtin.assert": {
                "that": ["actual == expected"],
                "fail_msg": "{{ actual }} != {{ expected }}",
            },
            "vars": {"actual": template, "expected": expected},
        }
        for index, (name, template, expected) in enumerate(examples)
    ]
    playbook = tmp_path / "examples.yml"
    playbook.write_text(
        yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]),
        encoding="utf-8",
    )
    result = ansible_cli.run(
        "ansible-playbook", "-i", "localhost,", "-c", "local", str(playbook), cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(
        rf"localhost\s+: ok={len(tasks)}\s+changed=0\s+unreachable=0\s+failed=0", result.stdout
    )


def test_ansible_doc_shows_every_filter(ansible_cli: AnsibleCLI, tmp_path: Path) -> None:
    """One ``ansible-doc`` run for all filters: it warns, and skips, any it cannot document."""
    names = [f"citynet.schools.{name}" for name in FILTER_NAMES]
    result = ansible_cli.run("ansible-doc", "-t", "filter", *names, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[WARNING]" not in result.stderr, result.stderr
    for name in FILTER_NAMES:
        assert f"FILTER citynet.schools.{name} (" in result.stdout
        assert f"plugins/filter/{name}.yml)" in result.stdout
    assert result.stdout.count("EXAMPLES") == len(FILTER_NAMES)


def test_ansible_doc_of_one_filter_exits_zero(ansible_cli: AnsibleCLI, tmp_path: Path) -> None:
    result = ansible_cli.run(
        "ansible-doc", "-t", "filter", "citynet.schools.vlan_ranges", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FILTER citynet.schools.vlan_ranges" in result.stdout


def test_ansible_doc_lists_the_filters(ansible_cli: AnsibleCLI, tmp_path: Path) -> None:
    result = ansible_cli.run(
        "ansible-doc", "-t", "filter", "--list", "citynet.schools", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    listed = set(re.findall(r"^citynet\.schools\.(\w+)", result.stdout, re.MULTILINE))
    assert set(FILTER_NAMES) <= listed
