"""Hardware catalogue: which interfaces each supported model has, and how it stacks.

The validator needs it to refuse a port that does not exist on a member's
model, the designer to list unassigned ports, and the device simulator to
build the same interface list a real switch shows. One table serves all three.
The deploy reads from it in which CLI mode a family takes its stack commands.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PortGroup:
    """A run of front-panel or module ports sharing a type and a slot."""

    kind: str  # long IOS interface type, e.g. "GigabitEthernet"
    slot: int
    first: int
    last: int
    uplink: bool = False

    def names(self, member: int) -> list[str]:
        return [f"{self.kind}{member}/{self.slot}/{n}" for n in range(self.first, self.last + 1)]


@dataclass(frozen=True, slots=True)
class SwitchModel:
    """A stackable (or standalone) switch model and its stacking technology."""

    name: str
    family: str
    provision: str  # the keyword of `switch N provision ...`
    stacking: str  # "stackwise", "flexstack" or "none"
    max_members: int
    port_groups: tuple[PortGroup, ...]
    # Where `switch N priority P` and `switch N renumber M` are typed: "exec" on IOS-XE
    # (Catalyst 9000, Stack Manager and High Availability Configuration Guide), "config"
    # (global configuration) on classic IOS (Catalyst 2960-X/2960-S FlexStack, as on the
    # 3750: Catalyst 3750-X and 3560-X Software Configuration Guide, "Managing Switch
    # Stacks"). Typed in the other mode a device answers `% Invalid input`, so the deploy
    # must know it per model; ios-samples/dialogs/README.md has both dialogs.
    stack_command_mode: str
    # How the model routes (docs/routed-design.md, ../platform-notes): "ospf" on the
    # Catalyst 9000 (OSPF for routed access with Network Essentials), "static" on a
    # 2960-X on LAN Base (static routes on SVIs only, at most 16, after `sdm prefer
    # lanbase-routing` and a reload: Catalyst 2960-X Software Configuration Guide,
    # "Configuring IP Unicast Routing").
    routing: str = "ospf"
    routed_ports: bool = True  # `no switchport` exists (not on 2960-X LAN Base)
    max_static_routes: int | None = None
    sdm_template: str | None = None  # SDM template routing needs, set before a reload
    # IP SLA and object tracking: documented for the Catalyst 9000 (IP SLAs Configuration
    # Guide, Cisco IOS XE); not listed for the 2960-X LAN Base feature set, so the design
    # does not count on it there and relies on the transit SVI going down with its bundle.
    ip_sla: bool = True
    # `ip ssh server algorithm kex|encryption|mac`: Secure Shell Configuration Guide, Cisco IOS
    # XE 17 (Catalyst 9000). Not in the 2960-X's 15.2(x)E command reference the design relies
    # on (older 15.2 releases refuse it), so that family keeps IOS's own algorithm list.
    ssh_algorithms: bool = True

    def interfaces(self, member: int) -> list[str]:
        names: list[str] = []
        for group in self.port_groups:
            names.extend(group.names(member))
        return names


@dataclass(frozen=True, slots=True)
class RouterModel:
    """A backup router model: its LAN and WAN interface names."""

    name: str
    platform: str
    lan_interface: str
    cellular_interface: str
    # The management plane of an IOS-XE router (unused elsewhere). `ip ssh server algorithm`:
    # Secure Shell Configuration Guide, Cisco IOS XE 17, which the IR1101 runs. Its vty lines:
    # `line vty 0 4` only, as the IR1101's factory configuration in tests/simulator/iosim
    # (not verified on a capture); a router printing more ranges gets a plan the guard
    # refuses (docs/management-plane.md).
    ssh_algorithms: bool = True
    vty_lines: tuple[str, ...] = ("0 4",)


def _gi(slot: int, last: int, first: int = 1, uplink: bool = False) -> PortGroup:
    return PortGroup("GigabitEthernet", slot, first, last, uplink)


def _te(slot: int, last: int, first: int = 1) -> PortGroup:
    return PortGroup("TenGigabitEthernet", slot, first, last, True)


SWITCH_MODELS: dict[str, SwitchModel] = {
    model.name: model
    for model in (
        SwitchModel(
            "C9300-24P",
            "c9300",
            "c9300-24p",
            "stackwise",
            8,
            (_gi(0, 24), _te(1, 8)),
            stack_command_mode="exec",
        ),
        SwitchModel(
            "C9300-48P",
            "c9300",
            "c9300-48p",
            "stackwise",
            8,
            (_gi(0, 48), _te(1, 8)),
            stack_command_mode="exec",
        ),
        SwitchModel(
            "C9200L-24P-4X",
            "c9200",
            "c9200l-24p-4x",
            "stackwise",
            8,
            (_gi(0, 24), _te(1, 4)),
            stack_command_mode="exec",
        ),
        SwitchModel(
            "C9200L-48P-4X",
            "c9200",
            "c9200l-48p-4x",
            "stackwise",
            8,
            (_gi(0, 48), _te(1, 4)),
            stack_command_mode="exec",
        ),
        SwitchModel(
            "WS-C2960X-24PS-L",
            "c2960x",
            "ws-c2960x-24ps-l",
            "flexstack",
            8,
            (_gi(0, 24), _gi(0, 28, first=25, uplink=True)),
            stack_command_mode="config",
            routing="static",
            routed_ports=False,
            max_static_routes=16,
            sdm_template="lanbase-routing",
            ip_sla=False,
            ssh_algorithms=False,
        ),
        SwitchModel(
            "WS-C2960X-48FPD-L",
            "c2960x",
            "ws-c2960x-48fpd-l",
            "flexstack",
            8,
            (_gi(0, 48), _te(0, 2)),
            stack_command_mode="config",
            routing="static",
            routed_ports=False,
            max_static_routes=16,
            sdm_template="lanbase-routing",
            ip_sla=False,
            ssh_algorithms=False,
        ),
        SwitchModel(
            "C9500-48Y4C",
            "c9500",
            "c9500-48y4c",
            "none",
            1,
            (
                PortGroup("TwentyFiveGigE", 0, 1, 48, True),
                PortGroup("HundredGigE", 0, 49, 52, True),
            ),
            stack_command_mode="exec",
        ),
    )
}

ROUTER_MODELS: dict[str, RouterModel] = {
    model.name: model
    for model in (
        RouterModel("IR1101-K9", "cisco_ios", "GigabitEthernet0/0/0", "Cellular0/1/0"),
        RouterModel("RUTX11", "teltonika_rutos", "br-lan", "mob1s1a1"),
        RouterModel("RUTX50", "teltonika_rutos", "br-lan", "mob1s1a1"),
        RouterModel("LINUX-DNSMASQ", "dnsmasq", "lan0", "wwan0"),
    )
}


def port_group(model: SwitchModel, name: str) -> PortGroup | None:
    """The group an interface of ``model`` belongs to (any member number), or None.

    The group says the port's speed and type, which every member of an LACP
    bundle must share.
    """
    for group in model.port_groups:
        if not name.startswith(group.kind):
            continue
        parts = name[len(group.kind) :].split("/")
        if (
            len(parts) == 3
            and parts[1] == str(group.slot)
            and parts[2].isdigit()
            and group.first <= int(parts[2]) <= group.last
        ):
            return group
    return None


def stack_command_mode(models: list[str]) -> str:
    """The one mode of a stack's member commands.

    A stack of mixed families is refused by the validator already; this says so
    again rather than pick one family's mode for the other's members.
    """
    unknown = sorted({name for name in models if name not in SWITCH_MODELS})
    if unknown or not models:
        raise ValueError(f"unknown access-switch model: {', '.join(unknown) or 'no member'}")
    families = sorted({SWITCH_MODELS[name].family for name in models})
    if len(families) > 1:
        raise ValueError(
            f"members of different families cannot stack together: {', '.join(families)}"
        )
    return SWITCH_MODELS[models[0]].stack_command_mode
