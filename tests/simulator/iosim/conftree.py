"""The hierarchical configuration: parsing IOS text into blocks and back.

A configuration is a list of top-level `Node`s; a block (interface, vlan,
pool, ...) is a node with children. Rendering re-orders everything the way
IOS does, so the printed text depends only on the content, never on the order
commands were typed: that is what makes `configure replace` byte-exact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .confrules import child_rank, top_rank
from .vlanlist import format_vlan_list, parse_vlan_list, wrap_allowed_vlans

_SKIP = re.compile(r"^(Building configuration\.\.\.|Current configuration :|Using \d+ out of \d+)")
_BANNER = re.compile(r"^banner (\S+) (\^C|\x03)")
ALLOWED = "switchport trunk allowed vlan "
ALLOWED_ADD = "switchport trunk allowed vlan add "


@dataclass(slots=True)
class Node:
    text: str
    children: list[Node] = field(default_factory=list)

    def copy(self) -> Node:
        return Node(self.text, [c.copy() for c in self.children])

    def child(self, predicate: Callable[[str], bool]) -> Node | None:
        for c in self.children:
            if predicate(c.text):
                return c
        return None

    def lines(self) -> list[str]:
        return [c.text for c in self.children]


def parse_config(text: str) -> list[Node]:
    """Parse IOS configuration text (with or without `show` headers)."""
    nodes: list[Node] = []
    stack: list[tuple[int, Node]] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip()
        i += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("!") or _SKIP.match(stripped):
            continue
        depth = len(raw) - len(raw.lstrip(" "))
        if depth == 0 and stripped == "end":
            continue
        banner = _BANNER.match(raw) if depth == 0 else None
        if banner:
            body = [raw]
            rest = raw[banner.end() :]
            if "^C" not in rest and "\x03" not in rest:
                while i < len(lines):
                    body.append(lines[i].rstrip("\r"))
                    i += 1
                    if "^C" in body[-1] or "\x03" in body[-1]:
                        break
            nodes.append(Node("\n".join(body).replace("\x03", "^C")))
            stack = []
            continue
        node = Node(stripped)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            stack[-1][1].children.append(node)
        else:
            nodes.append(node)
        stack.append((depth, node))
    for node in nodes:
        merge_allowed_continuations(node)
    return nodes


def merge_allowed_continuations(block: Node) -> None:
    """Fold `switchport trunk allowed vlan add` continuation lines into one set."""
    base: Node | None = None
    vlans: set[int] = set()
    keep: list[Node] = []
    for c in block.children:
        if c.text.startswith(ALLOWED_ADD) and base is not None:
            vlans |= parse_vlan_list(c.text[len(ALLOWED_ADD) :]) or set()
            continue
        if c.text.startswith(ALLOWED) and not c.text.startswith(ALLOWED_ADD):
            base = c
            listed = c.text[len(ALLOWED) :]
            vlans = set() if listed == "none" else parse_vlan_list(listed) or set()
        keep.append(c)
    if base is not None:
        base.text = canonical_allowed(vlans)
    block.children = keep


def canonical_allowed(vlans: set[int]) -> str:
    """The single-line internal form; rendering wraps it as IOS does."""
    return ALLOWED + (format_vlan_list(vlans) if vlans else "none")


def _render_children(children: Iterable[Node], context: str, depth: int) -> list[str]:
    out: list[str] = []
    ordered = sorted(
        enumerate(children), key=lambda item: (child_rank(context, item[1].text), item[0])
    )
    pad = " " * depth
    for _unused, c in ordered:
        if c.text.startswith(ALLOWED) and not c.text.startswith(ALLOWED_ADD):
            listed = c.text[len(ALLOWED) :]
            vlans = set() if listed == "none" else parse_vlan_list(listed) or set()
            out.extend(pad + line for line in wrap_allowed_vlans(vlans))
            continue
        out.append(pad + c.text)
        if c.children:
            out.extend(_render_children(c.children, context, depth + 1))
    return out


def block_context(header: str) -> str:
    for prefix, context in (
        ("interface ", "interface"),
        ("vlan ", "vlan"),
        ("ip dhcp pool ", "dhcp"),
        ("controller ", "controller"),
        ("ip access-list ", "acl"),
        ("line ", "line"),
        ("archive", "archive"),
        ("redundancy", "redundancy"),
        ("ip sla ", "ipsla"),
        ("track ", "track"),
        ("router ", "router"),
    ):
        if header.startswith(prefix):
            return context
    return "other"


def render_body(
    nodes: list[Node],
    interface_key: Callable[[str], tuple[int, int, str]],
    hidden: Callable[[Node], bool] = lambda n: False,
) -> str:
    """The configuration as `show running-config` prints it after its header."""
    entries = [
        (top_rank(n.text, interface_key), i, n) for i, n in enumerate(nodes) if not hidden(n)
    ]
    entries.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = ["!"]
    previous_group: int | None = None
    for rank, _unused, node in entries:
        group = rank[0]
        is_block = bool(node.children) or node.text.startswith(("interface ", "vlan "))
        if previous_group is not None and group != previous_group and out[-1] != "!":
            out.append("!")
        out.append(node.text)
        if is_block or node.children:
            out.extend(_render_children(node.children, block_context(node.text), 1))
            # `ip sla N` runs straight into its `ip sla schedule N` line
            if not node.text.startswith("ip sla "):
                out.append("!")
        previous_group = group
    if out[-1] != "!":
        out.append("!")
    out.append("end")
    return "\n".join(out) + "\n"


def find_block(nodes: list[Node], header: str) -> Node | None:
    for n in nodes:
        if n.text == header:
            return n
    return None
