"""The intent lookup as roles call it: secrets by reference, resolved only on request."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import AnsibleCLI

CITY = Path(__file__).resolve().parents[3] / "inventories" / "demo"
PIN_KEY = "simcard.@sim[0].pincode"
PIN = "73950264"


def _lookup(router: str, resolve: bool) -> str:
    return (
        f"lookup('citynet.schools.intent', '{router}', city_dir='{CITY}', "
        f"resolve_secrets={resolve}) | to_json"
    )


def _intent(output: str) -> dict:
    found = re.search(r'"msg": (".*")\n', output)
    assert found, output
    return json.loads(json.loads(found.group(1)))


def _hugo(ansible_cli: AnsibleCLI, tmp_path: Path, resolve: bool) -> tuple[dict, str]:
    """hugo-4g's intent with its PIN variable set, and what Ansible printed."""
    result = ansible_cli.adhoc(
        _lookup("hugo-4g", resolve), "-e", f"vault_sim_pin_hugo={PIN}", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return _intent(result.stdout), result.stdout


def test_a_router_intent_names_its_secret_without_its_value(
    ansible_cli: AnsibleCLI, tmp_path: Path
) -> None:
    intent, printed = _hugo(ansible_cli, tmp_path, resolve=False)
    assert intent["uci_secrets"] == {PIN_KEY: {"var": "vault_sim_pin_hugo"}}
    assert PIN_KEY not in intent["uci_options"]
    assert PIN not in printed


def test_resolving_reads_the_variable_or_the_environment(
    ansible_cli: AnsibleCLI, tmp_path: Path
) -> None:
    assert _hugo(ansible_cli, tmp_path, resolve=True)[0]["uci_options"][PIN_KEY] == PIN
    from_env = ansible_cli.adhoc(
        _lookup("curie-4g", True), cwd=tmp_path, env={"SIM_PIN_CURIE": "51820467"}
    )
    assert from_env.returncode == 0, from_env.stdout + from_env.stderr
    options = _intent(from_env.stdout)["uci_options"]
    assert options[PIN_KEY] == "51820467"
    assert options["network.lan.ipaddr"]  # the rest of the option set is still there


def test_an_unset_secret_fails_naming_the_router_and_the_variable(
    ansible_cli: AnsibleCLI, tmp_path: Path
) -> None:
    result = ansible_cli.adhoc(_lookup("hugo-4g", True), cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "hugo-4g: the SIM PIN is not set: define the variable vault_sim_pin_hugo" in output
    assert "Traceback" not in output
