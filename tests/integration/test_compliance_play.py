"""The compliance play of playbooks/schools.yml, run for real: each drift printed once,
and the dashboard refreshed with the results.

The play is taken from schools.yml as it is and run after a play that gives
two local hosts the verification results the verify role would leave them (one
drifting stack, one compliant router), so the run's output and the page it
writes are the ones a verify run prints and writes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PLAY = "Write the compliance reports of the run"
DRIFTS = {
    "VLAN 30 (PEDAGO) is missing": "le VLAN 30 (PEDAGO) est absent",
    "no default route": "aucune route par défaut",
}


def _results_play() -> dict:
    drifting = {
        "host": "curie-sw1",
        "school": "curie",
        "compliant": False,
        "checks": {"vlans": 8, "default route": 1},
        "drifts": list(DRIFTS),
        "notes": [],
        "french": DRIFTS,
        "concerns": ["vlans", "routing"],
    }
    compliant = {**drifting, "host": "curie-4g", "compliant": True, "drifts": [], "concerns": []}
    return {
        "name": "Leave the results the verify role leaves",
        "hosts": "curie-sw1:curie-4g",
        "gather_facts": False,
        "tasks": [
            {
                "name": "Set the result",
                "ansible.builtin.set_fact": {
                    "verify_started": True,
                    "verify_result": {
                        "report": "{{ reports[inventory_hostname] }}",
                    },
                },
                "vars": {"reports": {"curie-sw1": drifting, "curie-4g": compliant}},
            }
        ],
    }


def test_a_verify_run_prints_each_drift_once_and_fails(tmp_path):
    plays = yaml.safe_load((ROOT / "playbooks" / "schools.yml").read_text(encoding="utf-8"))
    report_play = next(play for play in plays if play.get("name") == PLAY)
    playbook = tmp_path / "verify.yml"
    playbook.write_text(yaml.safe_dump([_results_play(), report_play]), encoding="utf-8")
    inventory = tmp_path / "hosts.ini"
    inventory.write_text(
        "curie-sw1 ansible_connection=local\ncurie-4g ansible_connection=local\n"
        "localhost ansible_connection=local\n",
        encoding="utf-8",
    )
    build = tmp_path / "build"
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("ansible-playbook")),
            "-i",
            str(inventory),
            str(playbook),
            "-e",
            "schools_mode=verify",
            "-e",
            f"schools_build_dir={build}",
            "-e",
            f"schools_city_dir={ROOT / 'inventories' / 'demo'}",
            "-e",
            f"schools_backup_dir={tmp_path / 'backups'}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = run.stdout + run.stderr
    assert run.returncode != 0, "a drift fails the run"
    for drift in DRIFTS:
        assert out.count(drift) == 1, (drift, out[-3000:])
    assert "2 drift(s) from the design" in out
    page = (build / "curie" / "compliance.md").read_text(encoding="utf-8")
    assert "| curie-sw1 | écarts | 2 | 9 |" in page
    assert "| curie-4g | conforme | 0 | 9 |" in page
    assert "### VLAN, ports et agrégats (1)\n\n- le VLAN 30 (PEDAGO) est absent" in page
    assert "### Routage (1)\n\n- aucune route par défaut" in page
    # the dashboard is refreshed with the results: the drifts under curie-sw1, once each
    dashboard = (build / "dashboard.html").read_text(encoding="utf-8")
    assert f"the dashboard in {build / 'dashboard.html'}" in out
    block = dashboard.split('<div class="ecarts" data-device="curie-sw1">')[1].split("</div>")[0]
    for french in DRIFTS.values():
        assert dashboard.count(french) == 1 and french in block
    assert dashboard.count('<div class="ecarts"') == 1
    assert '<tr class="equipement" data-device="curie-4g" data-state="conforme">' in dashboard
    assert '<tr class="equipement" data-device="jaures-sw1" data-state="non-verifie">' in dashboard
