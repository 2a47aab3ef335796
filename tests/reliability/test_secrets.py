"""Known secrets planted, then looked for everywhere a run leaves text: none may be found.

SIM PINs come from an Ansible Vault file (jaures-4g, a simulated Cisco IR1101)
and from the controller's environment (curie-4g, a RutOS-like router), the
city's OSPF key (jaures-sw1's uplinks), the devices' login password and enable
secret, and the SNMPv3 keys the town hall's import files name (build/_exports),
from the same vault. The real
playbook runs with -vvv in render mode, as a check-mode diff, as a deploy, and
as a second deploy that changes both routers (so their backups are taken with
the PINs already set). Its output, its log file, every file under the build
and backup directories (compliance reports, backups, plan files) and any plan
directory left in the temporary directory are then searched for each secret.
The devices themselves must hold the PINs: the secrets were really used.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from ansible_collections.citynet.schools.tests.prerequisites import require_root, under_ci
from ansible_collections.citynet.schools.tests.reliability.playrun import (
    ROOT,
    ansible_bin,
    has_traceback,
    run_playbook,
)
from ansible_collections.citynet.schools.tests.unit.plugins.plugin_utils.citykit import (
    copy_demo,
    edit_yaml,
)

sys.path.insert(0, str(ROOT / "tests" / "deploy"))
sys.path.insert(0, str(ROOT / "tests" / "rutos"))
import simcity

PIN_VAULT = "73915046"  # jaures-4g, vault_sim_pin_jaures
PIN_ENV = "86420931"  # curie-4g, SIM_PIN_CURIE
OSPF_KEY = "Qv8-ospf-Kz3wT1"  # jaures-sw1's uplinks, vault_ospf_key
PASSWORD = "Lg7qZx4Wm-h8login"
ENABLE = "En5rTy2Kp-h8enable"
# the management plane's (city.yml management): every switch and core carries them
RADIUS_KEY = "Rd7-nps-Qw2xK9radius"
LOCAL_SECRET = "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"
SNMP_AUTH_KEY = "Sn4-auth-Jp8vL2"
SNMP_PRIV_KEY = "Sn6-priv-Hy3mT7"
SECRETS = {"SIM PIN (vault)": PIN_VAULT, "SIM PIN (environment)": PIN_ENV, "OSPF key": OSPF_KEY}
SECRETS |= {"RADIUS key": RADIUS_KEY, "local account hash": LOCAL_SECRET}
SECRETS |= {"SNMPv3 auth key": SNMP_AUTH_KEY, "SNMPv3 priv key": SNMP_PRIV_KEY}
SECRETS |= {"login password": PASSWORD, "enable secret": ENABLE}
ROUTERS = ["jaures-4g", "curie-4g"]
IS_ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    base = tmp_path_factory.mktemp("secrets")
    city = copy_demo(base)
    state = base / "sim"
    saved = simcity.PASSWORD, simcity.ENABLE
    simcity.PASSWORD, simcity.ENABLE = PASSWORD, ENABLE  # the simulated devices' accounts
    try:
        simcity.start(str(city), state)
    finally:
        simcity.PASSWORD, simcity.ENABLE = saved
    inventory = state / "molecule-inventory"
    _move_secrets_to_vault(inventory, base)
    target = None
    if under_ci():  # elsewhere the Cisco half still runs without root
        require_root("the RutOS-like router of this test (curie-4g)")
    if IS_ROOT:
        import harness

        target = harness.start(base / "rutos")
    try:
        yield base, city, state, inventory, target
    finally:
        if target is not None:
            import harness

            harness.stop(target)
        simcity.stop(state)


def _move_secrets_to_vault(inventory: Path, base: Path) -> None:
    """The simulators' inventory keeps how to reach them; the credentials go to a vault."""
    reach = inventory / simcity.SIMULATORS_FILE
    data = yaml.safe_load(reach.read_text(encoding="utf-8"))
    variables = data["all"]["vars"]
    for key in (
        "ansible_password",
        "ansible_become_password",
        "vault_sim_pin_jaures",
        "vault_ospf_key",
        "vault_radius_key",
        "vault_local_secret",
        "vault_snmp_auth_key",
        "vault_snmp_priv_key",
    ):
        variables.pop(key)
    reach.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    vault = inventory / "group_vars" / "all" / "vault.yml"
    vault.parent.mkdir(parents=True)
    vault.write_text(
        yaml.safe_dump(
            {
                "ansible_password": PASSWORD,
                "ansible_become_password": ENABLE,
                "vault_sim_pin_jaures": PIN_VAULT,
                "vault_ospf_key": OSPF_KEY,
                "vault_radius_key": RADIUS_KEY,
                "vault_local_secret": LOCAL_SECRET,
                "vault_snmp_auth_key": SNMP_AUTH_KEY,
                "vault_snmp_priv_key": SNMP_PRIV_KEY,
            }
        ),
        encoding="utf-8",
    )
    password_file = base / "vault-password"
    password_file.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
    password_file.chmod(0o600)
    subprocess.run(
        [
            ansible_bin("ansible-vault"),
            "encrypt",
            str(vault),
            "--vault-password-file",
            str(password_file),
        ],
        cwd=ROOT,
        env={**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")},
        check=True,
        capture_output=True,
        text=True,
    )
    assert vault.read_text(encoding="utf-8").startswith("$ANSIBLE_VAULT;")
    assert not any(value in vault.read_text(encoding="utf-8") for value in SECRETS.values())


def _play(setup, *extra: str, limit: bool = True) -> subprocess.CompletedProcess[str]:
    base, _city, _state, inventory, target = setup
    inventories = [inventory]
    hosts = ["jaures-4g", "jaures-sw1"]
    if target is not None:
        rutos = base / "rutos.yml"
        reach = dict(target.inventory_vars())
        reach["ansible_port"] = int(reach["ansible_port"])
        rutos.write_text(yaml.safe_dump({"all": {"hosts": {"curie-4g": reach}}}), encoding="utf-8")
        inventories.append(rutos)
        hosts.append("curie-4g")
    return run_playbook(
        inventories,
        "-vvv",
        "--vault-password-file",
        str(base / "vault-password"),
        "-e",
        f"schools_build_dir={base / 'build'}",
        "-e",
        f"schools_backup_dir={base / 'backups'}",
        *(["--limit", ",".join(hosts)] if limit else []),
        *extra,
        env={"SIM_PIN_CURIE": PIN_ENV, "ANSIBLE_LOG_PATH": str(base / "ansible.log")},
    )


def _plan_dirs() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("citynet-plan-*"))


def _around(text: str, value: str, width: int = 100) -> str:
    """Where a secret was found, with the secret itself masked in the report."""
    at = text.index(value)
    return text[max(0, at - width) : at + len(value) + 40].replace(value, "<SECRET>")


def _places(base: Path, outputs: dict[str, str], plan_dirs: set[Path]) -> dict[str, str]:
    """Every text a run left: outputs, the log, build and backup trees, stray plan files."""
    places = dict(outputs)
    places["ansible.log"] = (base / "ansible.log").read_text(encoding="utf-8", errors="replace")
    for folder in [base / "build", base / "backups", *plan_dirs]:
        for path in sorted(folder.rglob("*")) if folder.exists() else []:
            if path.is_file():
                places[str(path.relative_to(base) if path.is_relative_to(base) else path)] = (
                    path.read_text(encoding="utf-8", errors="replace")
                )
    return places


@pytest.fixture(scope="module")
def scenario(setup):
    """Render, check-mode diff, deploy and a second deploy; every text they left, by place."""
    base, city, _state, _inventory, _target = setup
    plans_before = _plan_dirs()
    outputs = {}
    render = _play(setup, limit=False)
    outputs["render output"] = render.stdout + render.stderr
    assert render.returncode == 0, outputs["render output"][-3000:]
    # the town hall's import files are among the texts searched
    exports = base / "build" / "_exports"
    assert sorted(p.name for p in exports.iterdir()) == [
        "centreon-clapi.txt",
        "glpi-inventaire.csv",
        "zabbix-hosts.yaml",
    ]
    check = _play(setup, "-e", "schools_mode=deploy", "--check", "--diff")
    outputs["check-mode diff output"] = check.stdout + check.stderr
    assert check.returncode == 0, outputs["check-mode diff output"][-4000:]
    assert "lte sim authenticate 0 ********" in check.stdout, "the diff shows the line, masked"
    deploy = _play(setup, "-e", "schools_mode=deploy")
    outputs["deploy output"] = deploy.stdout + deploy.stderr
    assert deploy.returncode == 0, outputs["deploy output"][-4000:]

    def change(data):
        data["backup_router"]["apn"] = "internet.m2m.changed"
        data["backup_router"]["dhcp"] = {"lease_time": "6h"}

    edit_yaml(city / "city.yml", change)  # both routers change, their PINs already set
    again = _play(setup, "-e", "schools_mode=deploy", "--diff")
    outputs["second deploy output"] = again.stdout + again.stderr
    assert again.returncode == 0, outputs["second deploy output"][-4000:]
    for name, text in outputs.items():
        assert not has_traceback(text), name
    places = _places(base, outputs, _plan_dirs() - plans_before)
    figures = os.environ.get("CITYNET_RELIABILITY_DIR")
    if figures:  # scripts/reliability_report.py counts what was found where
        found = {
            "outputs and log": _found(places, _is_output),
            "backups": _found(places, _is_backup),
            "rendered files, reports and plan files": _found(
                places, lambda p: not _is_backup(p) and not _is_output(p)
            ),
        }
        Path(figures, "secrets-found.json").write_text(json.dumps(found, indent=2), "utf-8")
    return places


def _found(places: dict[str, str], where) -> list[str]:
    return sorted(
        f"{what} in {place}: ...{_around(text, value)}..."
        for place, text in places.items()
        if where(place)
        for what, value in SECRETS.items()
        if value in text
    )


def _is_output(place: str) -> bool:
    return place.endswith("output") or place == "ansible.log"


def _is_backup(place: str) -> bool:
    return place.startswith("backups/") and "/.plans/" not in place


def test_the_secrets_were_really_used(setup, scenario):
    base, _city, state, _inventory, target = setup
    running = (state / "devices" / "jaures-4g" / "running.cfg").read_text(encoding="utf-8")
    assert f"lte sim authenticate 0 {PIN_VAULT}" in running, "the vaulted PIN reached the IR1101"
    stack = (state / "devices" / "jaures-sw1" / "running.cfg").read_text(encoding="utf-8")
    assert stack.count(f" ip ospf message-digest-key 1 md5 {OSPF_KEY}\n") == 2, "both uplinks"
    assert stack.count(f" key {RADIUS_KEY}\n") == 2, "both RADIUS servers"
    assert f"username secours privilege 15 secret 9 {LOCAL_SECRET}\n" in stack
    # the SNMPv3 user never shows in a configuration: the device received its line
    received = (state / "devices" / "jaures-sw1" / "commands.log").read_text(encoding="utf-8")
    user = f"v3 auth sha {SNMP_AUTH_KEY} priv aes 128 {SNMP_PRIV_KEY}"
    assert user in received and user not in stack
    assert "internet.m2m.changed" in running, "the logins and enable worked twice"
    if target is not None:
        pin = target.uci("-q", "get", "simcard.@sim[0].pincode").stdout.strip()
        assert pin == PIN_ENV, "the environment's PIN reached the RutOS router"
    assert list((base / "backups").rglob("*.cfg")), "backups were taken"
    assert any(place.startswith("build/") for place in scenario)
    assert any(place.endswith("compliance-summary.json") for place in scenario)


def test_no_secret_in_any_output_or_log(scenario):
    found = _found(scenario, _is_output)
    assert found == [], "\n".join(found)


def test_no_secret_in_rendered_files_reports_or_plan_files(scenario):
    found = _found(
        scenario,
        lambda place: (
            not _is_backup(place) and not place.endswith("output") and place != "ansible.log"
        ),
    )
    assert found == [], "\n".join(found)


def test_backups_keep_the_pins_readable_by_their_owner_only(setup, scenario):
    """Backups hold the PIN on purpose (a device is restored from them): 0600 files in 0700 folders.

    Every folder between a backup and the backup root (the school's, the
    device's) is the backup code's own; the root is the operator's choice.
    """
    base, _city, _state, _inventory, target = setup
    root = base / "backups"
    files = [
        p
        for p in root.rglob("*")
        if p.is_file() and _is_backup(str(p.relative_to(base))) and ".locks" not in p.parts
    ]
    ios = [p for p in files if p.parent == root / "jaures" / "jaures-4g" and p.suffix == ".cfg"]
    assert ios and any(PIN_VAULT in scenario[str(p.relative_to(base))] for p in ios), files
    if target is not None:
        uci = [p for p in files if p.parent == root / "curie" / "curie-4g" and p.suffix == ".uci"]
        assert uci and any(PIN_ENV in scenario[str(p.relative_to(base))] for p in uci), files
    loose = sorted(
        f"{path.relative_to(base)}: {oct(path.stat().st_mode & 0o777)}, not {oct(mode)}"
        for backup in files
        for path, mode in _expected_modes(backup, root)
        if path.stat().st_mode & 0o777 != mode
    )
    assert loose == [], "\n".join(loose)


def _expected_modes(backup: Path, root: Path) -> list[tuple[Path, int]]:
    """The backup 0600, each folder from its own up to the root (excluded) 0700."""
    expected = [(backup, 0o600)]
    folder = backup.parent
    while folder != root:
        expected.append((folder, 0o700))
        folder = folder.parent
    return expected
