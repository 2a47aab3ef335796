"""`show running-config [interface X]` and `show startup-config`."""

from __future__ import annotations

from ..conftree import render_body
from ..device import Device


def show_running(device: Device) -> str:
    return device.running_text()


def show_running_interface(device: Device, name: str) -> str | None:
    node = device.find(f"interface {name}")
    if node is None:
        return None
    body = render_body([node], device.interface_key())
    # IOS closes a single block with `end` directly, without the `!` separator.
    text = body.replace("!\nend\n", "end\n")
    return f"Building configuration...\n\nCurrent configuration : {len(text)} bytes\n{text}"


def show_startup(device: Device) -> str:
    text = device.startup_text()
    return text if text is not None else "startup-config is not present\n"
