"""A school drawn from its design: buildings, stacks and members, uplinks, the 4G router.

The technician arriving at a school wants the picture before the tables: which
box is in which building, which fibre goes to which core on which ports, where
the 4G router is plugged. Every value comes from the designed devices (the
same ones the configurations are rendered from), so the drawing cannot tell a
different story from the README.

The layout is computed here, in fixed steps from the design's order (buildings
as the school file lists them, stacks and members in order), never from a
measurement or a random seed: the same school always gives the same bytes, and
the file is a golden file like the others. The SVG has no identifier, style
sheet or script of its own, so that the dashboard can inline any number of
them in one page.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from itertools import pairwise

from ..design.city import City
from ..design.devices import RouterDesign, StackDesign
from ..net.interfaces import short_name
from .templating import environment

DIAGRAM_FILE = "diagramme.svg"

MARGIN = 20
TITLE_H = 30
CORE_W, CORE_H = 170, 44
CORE_GAP = 60  # between the cores and the buildings, where the uplinks run
LINK_ROOM = 120
BUILDING_W, BUILDING_GAP = 380, 50
BUILDING_HEAD = 34
STACK_PAD, STACK_HEAD = 10, 38
MEMBER_H, MEMBER_GAP = 26, 10
ROUTER_H, ROUTER_GAP = 44, 50
LEGEND_LINE = 18
MIN_WIDTH = 640


@dataclass
class Box:
    x: int
    y: int
    w: int
    h: int
    kind: str  # core, building, stack, member, router
    lines: list[str] = field(default_factory=list)
    tooltip: str = ""

    @property
    def cx(self) -> int:
        return self.x + self.w // 2


@dataclass
class Link:
    x1: int
    y1: int
    x2: int
    y2: int
    kind: str  # uplink, downlink, stack_cable, router
    tags: list[tuple[int, int, str]] = field(default_factory=list)  # x, y, text
    tooltip: str = ""


@dataclass
class Drawing:
    title: str
    width: int
    height: int
    boxes: list[Box]
    links: list[Link]
    legend: list[str]
    legend_y: int


def _ports(names: list[str]) -> str:
    return ", ".join(short_name(n) for n in names)


def _stack_box(device: StackDesign, x: int, y: int, w: int) -> tuple[Box, list[Box], list[Link]]:
    """The stack's frame, one box per member, and the stack cables between them."""
    members = device.intent()["members"]
    address = device.intent()["management"]["address"]
    height = STACK_HEAD + len(members) * (MEMBER_H + MEMBER_GAP) + STACK_PAD - MEMBER_GAP
    frame = Box(
        x,
        y,
        w,
        height,
        "stack",
        [device.hostname, f"gestion {address}"],
        tooltip=f"Pile {device.hostname} ({len(members)} membre{'s' if len(members) > 1 else ''})",
    )
    boxes = []
    mx, mw = x + 30, w - 40
    for index, member in enumerate(members):
        my = y + STACK_HEAD + index * (MEMBER_H + MEMBER_GAP)
        boxes.append(
            Box(
                mx,
                my,
                mw,
                MEMBER_H,
                "member",
                [f"{member['number']} · {member['model']} · {member['serial']}"],
                tooltip=f"Membre {member['number']}, rôle attendu {member['role']}",
            )
        )
    cables = []
    for upper, lower in pairwise(boxes):
        cables.append(
            Link(
                mx + 14,
                upper.y + MEMBER_H,
                mx + 14,
                lower.y,
                "stack_cable",
                tooltip="Câble de pile",
            )
        )
    if len(boxes) > 2:  # the ring closes from the last member back to the first
        first, last = boxes[0], boxes[-1]
        cables.append(
            Link(
                mx - 12,
                first.y + MEMBER_H // 2,
                mx - 12,
                last.y + MEMBER_H // 2,
                "stack_cable",
                tooltip="Câble de pile (fermeture de l'anneau)",
            )
        )
    return frame, boxes, cables


def _edge_link(a: Box, b: Box, kind: str) -> Link:
    """A straight line between two boxes, from the sides facing each other."""
    if a.x + a.w <= b.x or b.x + b.w <= a.x:
        left, right = (a, b) if a.x < b.x else (b, a)
        return Link(left.x + left.w, left.y + left.h // 2, right.x, right.y + right.h // 2, kind)
    upper, lower = (a, b) if a.y < b.y else (b, a)
    x = (max(a.x, b.x) + min(a.x + a.w, b.x + b.w)) // 2
    return Link(x, upper.y + upper.h, x, lower.y, kind)


def school_drawing(city: City, code: str) -> Drawing:
    """The boxes, lines and legend of one school, placed."""
    school = city.schools[code]
    devices = city.devices_by_school[code]
    stacks = {d.stack.name: d for d in devices if isinstance(d, StackDesign)}
    routers = [d for d in devices if isinstance(d, RouterDesign)]
    cores = list(dict.fromkeys(link[0] for link in school.core_links))

    count = max(len(school.buildings), 1)
    inner = count * BUILDING_W + (count - 1) * BUILDING_GAP
    width = max(MIN_WIDTH, inner + 2 * MARGIN)
    boxes: list[Box] = []
    links: list[Link] = []
    legend: list[str] = []
    router_legend: list[str] = []

    core_y = MARGIN + TITLE_H
    core_boxes: dict[str, Box] = {}
    step = width // (len(cores) + 1) if cores else 0
    for index, core in enumerate(cores):
        box = Box(step * (index + 1) - CORE_W // 2, core_y, CORE_W, CORE_H, "core", [core, "cœur"])
        box.tooltip = f"Cœur de réseau {core}"
        core_boxes[core] = box
        boxes.append(box)

    top = core_y + CORE_H + LINK_ROOM if cores else core_y
    left = (width - inner) // 2
    frames: dict[str, Box] = {}
    building_boxes: list[Box] = []
    heights: list[int] = []
    router_of = {r.router.switch_stack: r for r in routers}
    for index, building in enumerate(school.buildings):
        bx = left + index * (BUILDING_W + BUILDING_GAP)
        y = top + BUILDING_HEAD
        building_box = Box(bx, top, BUILDING_W, 0, "building", [f"Bâtiment {building}"])
        building_boxes.append(building_box)
        for name, device in stacks.items():
            if device.stack.building != building:
                continue
            frame, members, cables = _stack_box(device, bx + 20, y, BUILDING_W - 40)
            frames[name] = frame
            boxes += [frame, *members]
            links += cables
            y += frame.h + 20
            router = router_of.get(name)
            if router is not None:
                intent = router.intent()
                y += ROUTER_GAP - 20
                box = Box(
                    bx + 60,
                    y,
                    BUILDING_W - 120,
                    ROUTER_H,
                    "router",
                    [router.hostname, f"{intent['model']} · {intent['lan']['address']}"],
                    tooltip=f"Routeur 4G de secours {router.hostname}",
                )
                boxes.append(box)
                port = intent["switch_port"]
                line = Link(box.cx, frame.y + frame.h, box.cx, box.y, "router")
                line.tags.append((box.cx + 6, frame.y + frame.h + 18, port["short"]))
                line.tooltip = f"Routeur 4G sur {port['host']} {port['short']}"
                links.append(line)
                router_legend.append(
                    f"{router.hostname} ↔ {port['host']} {port['short']} "
                    f"(port d'accès non tagué, VLAN {port['vlan']})"
                )
                y += ROUTER_H + 20
        heights.append(y - top)
    height_b = max(heights, default=BUILDING_HEAD) + 10
    for building_box in building_boxes:
        building_box.h = height_b
    boxes = building_boxes + boxes

    for name, device in stacks.items():
        frame = frames[name]
        ups = [c for c in device.stack.channels if c.direction == "up"]
        for index, channel in enumerate(ups):
            local = f"Po{channel.id} ({_ports(channel.ports)})"
            far = f"Po{channel.peer_channel} ({_ports(channel.peer_ports)})"
            if channel.peer_kind == "core" and channel.peer in core_boxes:
                core = core_boxes[channel.peer]
                sx = frame.x + frame.w * (index + 1) // (len(ups) + 1)
                line = Link(sx, frame.y, core.cx, core.y + core.h, "uplink")
                # the stack's end is named just above its building, clear of the titles
                tag_y = top - 8
                tag_x = sx + (core.cx - sx) * (frame.y - tag_y) // (frame.y - core.y - core.h)
                line.tags.append((tag_x + 6, tag_y, f"Po{channel.id}"))
                line.tags.append((core.cx + 6, core.y + core.h + 16, f"Po{channel.peer_channel}"))
                peer = channel.peer
            else:
                peer = f"{code}-{channel.peer}"
                if channel.peer not in frames:
                    continue
                line = _edge_link(frame, frames[channel.peer], "downlink")
                line.tags.append(
                    ((line.x1 + line.x2) // 2 - 20, (line.y1 + line.y2) // 2 - 6, "fibre")
                )
            line.tooltip = f"{device.hostname} {local} ↔ {peer} {far}"
            links.append(line)
            legend.append(line.tooltip)
    legend += router_legend

    legend_y = top + height_b + 30
    height = legend_y + LEGEND_LINE * (len(legend) + 1) + MARGIN
    return Drawing(
        title=f"Schéma de l'école {school.name} ({school.code})",
        width=width,
        height=height,
        boxes=boxes,
        links=links,
        legend=legend,
        legend_y=legend_y,
    )


# the SVGs of a designed city, kept while the city lives: a whole-city render writes each
# school's diagramme.svg and inlines the same drawing in the dashboard
# (by identity: a City compares by value and is not hashable)
_DRAWN: dict[int, dict[str, str]] = {}


def render_school_diagram(city: City, code: str) -> str:
    """The school's SVG, as written to ``<school>/diagramme.svg`` and inlined in the dashboard."""
    drawn = _DRAWN.get(id(city))
    if drawn is None:
        drawn = _DRAWN[id(city)] = {}
        weakref.finalize(city, _DRAWN.pop, id(city), None)
    if code not in drawn:
        drawing = school_drawing(city, code)
        drawn[code] = environment().get_template("diagram.svg.j2").render(d=drawing)
    return drawn[code]
