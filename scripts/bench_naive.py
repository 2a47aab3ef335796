"""The naive baseline: one ``ansible.builtin.template`` task per device.

This is how such a collection is often written: a static inventory of the
devices, each device's intent in its own host_vars file, and a play that
renders the device's Jinja2 template with the template module. It renders
the same templates from the same intent (computed once by the design core
while the baseline is set up, outside the timing), so what is measured is
only what the per-host task costs, and its outputs must equal the render
action's.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / ".collections") not in sys.path:
    sys.path.insert(0, str(ROOT / ".collections"))

from ansible_collections.citynet.schools.plugins.plugin_utils.concerns import (  # noqa: E402
    concerns_for,
)
from ansible_collections.citynet.schools.plugins.plugin_utils.design.city import design_city  # noqa: E402
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms import platform  # noqa: E402
from ansible_collections.citynet.schools.plugins.plugin_utils.render import files as render  # noqa: E402
from ansible_collections.citynet.schools.plugins.plugin_utils.render.compose import (  # noqa: E402
    compose,
)

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

PLAYBOOK = """---
- name: Naive baseline, one template task per device
  hosts: all
  gather_facts: false
  tasks:
    - name: Render the device configuration
      ansible.builtin.template:
        src: "{{ naive_template_dir }}/{{ naive_template }}"
        dest: "{{ naive_build_dir }}/{{ inventory_hostname }}.cfg"
        trim_blocks: true
        lstrip_blocks: true
        mode: "0644"
"""


# The platforms' template filters, for the template module: a filter_plugins folder
# beside the playbook is loaded by Ansible, so the baseline renders the same templates.
FILTERS = f"""import sys

sys.path.insert(0, {str(ROOT / ".collections")!r})
from ansible_collections.citynet.schools.plugins.plugin_utils.platforms import template_filters


class FilterModule:
    def filters(self):
        return template_filters()
"""


def template_vars(device: object) -> dict[str, object]:
    """What ``render.render_device`` hands the template, as plain host variables."""
    intent = platform(device.platform).view(device.intent())  # type: ignore[attr-defined]
    # every secret the device's concerns declare shows as the mask, as in render_device
    concerns = concerns_for(device.kind, device.platform)  # type: ignore[attr-defined]
    shown = {name: render.MASK for concern in concerns for name in concern.secrets}
    return {"d": intent, "header": render.HEADER, "secrets": shown}


def device_template(device: object, templates: Path) -> str:
    """The device's composed template, written once per platform and set of concerns."""
    target = platform(device.platform)  # type: ignore[attr-defined]
    names = [c.name for c in concerns_for(device.kind, device.platform)]  # type: ignore[attr-defined]
    name = f"{device.platform}-{'-'.join(names)}.j2"  # type: ignore[attr-defined]
    path = templates / name
    if not path.exists():
        # the partials the concerns' templates include (`{% include "<platform>/_x.j2" %}`)
        partials = templates / device.platform  # type: ignore[attr-defined]
        partials.mkdir(exist_ok=True)
        # The template module's Jinja2 environment drops an included file's last newline
        # (keep_trailing_newline is off, the render's is on): one more keeps the same text.
        for partial in (render.TEMPLATE_DIR / device.platform).glob("_*.j2"):  # type: ignore[attr-defined]
            (partials / partial.name).write_text(
                partial.read_text(encoding="utf-8") + "\n", encoding="utf-8"
            )
        source = [
            (render.TEMPLATE_DIR / f"{device.platform}/{n}.j2").read_text(encoding="utf-8")  # type: ignore[attr-defined]
            for n in names
        ]
        layout = (render.TEMPLATE_DIR / target.layout).read_text(encoding="utf-8")
        path.write_text(compose(layout, source), encoding="utf-8")
    return name


def build_baseline(city_dir: Path, work: Path, build_dir: Path) -> tuple[Path, Path, int]:
    """Write the baseline's inventory, host_vars and playbook; return (inventory, playbook, hosts)."""
    city = design_city(city_dir)
    if city.issues:
        raise ValueError(f"{city_dir} has {len(city.issues)} finding(s)")
    host_vars = work / "host_vars"
    host_vars.mkdir(parents=True, exist_ok=True)
    templates = work / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (work / "filter_plugins").mkdir(exist_ok=True)
    (work / "filter_plugins" / "platform_filters.py").write_text(FILTERS, encoding="utf-8")
    names = []
    for name, device in city.devices.items():
        data = template_vars(device)
        data["naive_template"] = device_template(device, templates)
        (host_vars / f"{name}.yml").write_text(
            "---\n" + yaml.dump(data, Dumper=_Dumper, sort_keys=False), encoding="utf-8"
        )
        names.append(name)
    inventory = work / "hosts.yml"
    inventory.write_text(
        yaml.dump(
            {
                "all": {
                    "hosts": {n: None for n in names},
                    "vars": {
                        "ansible_connection": "local",
                        "ansible_python_interpreter": sys.executable,
                        "naive_template_dir": str(templates),
                        "naive_build_dir": str(build_dir),
                    },
                }
            },
            Dumper=_Dumper,
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    playbook = work / "naive.yml"
    playbook.write_text(PLAYBOOK, encoding="utf-8")
    build_dir.mkdir(parents=True, exist_ok=True)
    return inventory, playbook, len(names)


def compare_outputs(naive_dir: Path, ours_dir: Path) -> tuple[int, list[str]]:
    """(configs compared, host names whose naive output differs from the render action's)."""
    ours = {p.stem: p for p in ours_dir.rglob("*.cfg")}
    differ = []
    compared = 0
    for path in sorted(naive_dir.glob("*.cfg")):
        compared += 1
        other = ours.get(path.stem)
        if other is None or other.read_bytes() != path.read_bytes():
            differ.append(path.stem)
    return compared, differ
