"""The SDM template a routing 2960-X needs, read from ``show sdm prefer``.

A Catalyst 2960-X on LAN Base routes only with the ``lanbase-routing`` SDM
template, which takes effect after a reload (/work/shared/platform-notes.md,
"Catalyst 2960-X (and 2960-S) on LAN Base"; Catalyst 2960 configuration guide
15.0(2)SE, "Configuring SDM Templates"). The template is no configuration line,
so the deploy reads it before sending anything: when the active template is not
the designed one, the run either stops (nothing sent) or, allowed to reload,
selects it, reloads the stack and checks it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..verify.parsing import parse_show

ALLOW_RELOAD = "-e schools_allow_reload=true"


@dataclass(frozen=True)
class SdmState:
    active: str | None  # None: the output did not say
    pending: str | None = None  # chosen by `sdm prefer` for the next reload


def read_sdm(output: str) -> SdmState:
    """The active and pending templates of a `show sdm prefer` output."""
    rows = parse_show("cisco_ios", "show sdm prefer", output or "")
    if not rows:
        return SdmState(None)
    row = rows[0]
    return SdmState(row["current"].strip() or None, row.get("next", "").strip() or None)


@dataclass
class SdmPlan:
    needed: str
    state: SdmState
    reload: bool = False  # select the template and reload before the deploy
    problem: str | None = None  # the run must stop for this device; nothing was sent
    commands: list[str] = field(default_factory=list)

    @property
    def preview(self) -> str:
        """What a check-mode run says instead of doing it."""
        if not self.reload:
            return ""
        return (
            f"the active SDM template is {self.state.active}, routing needs {self.needed}: "
            f"this run would send {', '.join(self.commands)}, save, reload the stack, wait for it "
            f"and check that {self.needed} is active before the plan"
        )


def refusal(host: str, active: str | None, needed: str) -> str:
    """Why the plan is refused, and the two ways on."""
    return (
        f"{host}: plan refused, nothing was sent: the stack runs SDM template "
        f"{active or '(unreadable)'}, routing needs {needed}, which takes effect only after "
        f"a reload. Either have the technician run `sdm prefer {needed}` in configuration "
        f"mode and reload the stack, or rerun with {ALLOW_RELOAD} to let the deploy do both"
    )


def plan_sdm(host: str, needed: str, output: str, allow_reload: bool) -> SdmPlan:
    state = read_sdm(output)
    plan = SdmPlan(needed, state)
    if state.active == needed:
        return plan
    if state.active is None:
        plan.problem = (
            f"{host}: plan refused, nothing was sent: `show sdm prefer` did not name the "
            f"active SDM template (routing needs {needed})"
        )
        return plan
    if not allow_reload:
        plan.problem = refusal(host, state.active, needed)
        return plan
    plan.reload = True
    plan.commands = ["configure terminal", f"sdm prefer {needed}", "end"]
    return plan


def check_after_reload(host: str, needed: str, output: str) -> str | None:
    """None when the reload made the designed template active, else why the run stops."""
    state = read_sdm(output)
    if state.active == needed:
        return None
    return (
        f"{host}: after the reload the stack runs SDM template "
        f"{state.active or '(unreadable)'}, not {needed}; nothing of the plan was sent"
    )
