"""Plan validation: every action exists, arguments type-check, and the pre/post-condition chain holds.

The world is simulated step by step from the context state (where the robot is, what it holds, where
objects are, what is open). A plan is valid only when every step's pre-conditions hold when it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from enginemind.families.planner.context import Context
from enginemind.families.planner.plan import Plan, Step
from enginemind.families.planner.skills import ANY, HUMAN, LOCATION, OBJECT, OPENABLE, SKILLS


@dataclass
class SimState:
    """What the validator tracks while stepping through a plan."""

    robot_at: str = ""
    holding: str = ""
    place: dict[str, str] = field(default_factory=dict)
    """object -> place it is on/in ('robot' while held)."""
    opened: dict[str, str] = field(default_factory=dict)
    """openable -> 'open' | 'closed'."""

    @classmethod
    def start(cls, ctx: Context) -> SimState:
        place = {k: ctx.place_of(k) for k in ctx.state if ctx.place_of(k)}
        if ctx.holding:
            place[ctx.holding] = "robot"
        opened = {k: v for k, v in ctx.state.items() if v in ("open", "closed")}
        return cls("", ctx.holding, place, opened)

    def where(self, name: str) -> str:
        """Place that stands for ``name`` when asking 'is the robot there'."""
        seen = set()
        while name in self.place and name not in seen and self.place[name] != "robot":
            seen.add(name)
            name = self.place[name]
        return name

    def at(self, name: str) -> bool:
        if self.place.get(name) == "robot":
            return True
        return bool(self.robot_at) and self.where(self.robot_at) == self.where(name)

    def enclosed_by_closed(self, name: str) -> str:
        """The closed container ``name`` is inside, or ''."""
        p = self.place.get(name, "")
        return p if p and self.opened.get(p) == "closed" else ""


@dataclass
class Validation:
    valid: bool
    errors: list[str]
    success_criteria: list[str]
    final: SimState


def _type_ok(ctx: Context, name: str, kind: str) -> bool:
    k = ctx.kind(name)
    if kind == ANY:
        return bool(k)
    if kind == OPENABLE:
        return bool(k) and k != HUMAN and ctx.openable(name)
    if kind == LOCATION:  # a place or a container object (put the cup on the tray)
        return k in (LOCATION, OBJECT)
    return k == kind


def check_types(ctx: Context, step: Step) -> list[str]:
    """Argument errors of one step (names, entity types, numeric args)."""
    sk = SKILLS[step.action]
    errs = []
    if sk.target and not step.target:
        errs.append(f"{step.action} needs a target ({sk.target})")
    elif not sk.target and step.target:
        errs.append(f"{step.action} takes no target")
    elif step.target and not ctx.kind(step.target):
        errs.append(f"{step.target!r} is not a known object, location or human")
    elif step.target and not _type_ok(ctx, step.target, sk.target):
        errs.append(f"{step.action} needs a target of type {sk.target}, {step.target!r} is a {ctx.kind(step.target)}")
    if sk.destination_required and not step.destination:
        errs.append(f"{step.action} needs a destination ({sk.destination})")
    if step.destination and not sk.destination:
        errs.append(f"{step.action} takes no destination")
    elif step.destination and not ctx.kind(step.destination):
        errs.append(f"{step.destination!r} is not a known object, location or human")
    elif step.destination and not _type_ok(ctx, step.destination, sk.destination):
        errs.append(f"{step.action} needs a destination of type {sk.destination}, {step.destination!r} is a "
                    f"{ctx.kind(step.destination)}")
    if step.destination and step.destination == step.target:
        errs.append(f"{step.action} cannot use {step.target!r} as its own destination")
    for k, v in step.args.items():
        if k not in sk.args:
            errs.append(f"{step.action} has no argument {k!r} (allowed: {', '.join(sk.args) or 'none'})")
        elif not sk.args[k][0] <= v <= sk.args[k][1]:
            errs.append(f"{k}={v:g} is outside {sk.args[k][0]:g}..{sk.args[k][1]:g}")
    return errs


def check_conditions(ctx: Context, s: SimState, step: Step) -> list[str]:
    """Pre-condition failures of ``step`` in state ``s`` (empty: it may run)."""
    a, t, d = step.action, step.target, step.destination
    errs = []
    if a in ("grasp", "open", "close", "push") and s.holding:
        errs.append(f"the hand already holds {s.holding}")
    if a in ("grasp", "open", "close", "push") and not s.at(t):
        errs.append(f"the robot is not at {t} (move_to {t} first)")
    if a == "grasp" and s.enclosed_by_closed(t):
        errs.append(f"{t} is inside {s.enclosed_by_closed(t)}, which is closed")
    if a in ("place", "release", "pour", "hand_over") and s.holding != t:
        errs.append(f"the robot does not hold {t}" + (f" (it holds {s.holding})" if s.holding else ""))
    if a in ("place", "pour", "hand_over") and d and not s.at(d):
        errs.append(f"the robot is not at {d} (move_to {d} first)")
    if a == "place" and d and s.opened.get(d) == "closed":
        errs.append(f"{d} is closed")
    if a == "open" and s.opened.get(t) == "open":
        errs.append(f"{t} is already open")
    if a == "close" and s.opened.get(t, "open") == "closed":
        errs.append(f"{t} is already closed")
    return errs


def apply(ctx: Context, s: SimState, step: Step) -> None:
    """Post-conditions of ``step``."""
    a, t, d = step.action, step.target, step.destination
    if a == "move_to":
        s.robot_at = t
    elif a == "grasp":
        s.holding, s.place[t] = t, "robot"
    elif a == "place":
        s.holding, s.place[t] = "", d
    elif a == "release":
        s.holding, s.place[t] = "", s.where(s.robot_at) if s.robot_at else ""
    elif a in ("open", "close"):
        s.opened[t] = "open" if a == "open" else "closed"
    elif a == "push" and d:
        s.place[t] = d
    elif a == "hand_over":
        s.holding, s.place[t] = "", d


def validate(ctx: Context, plan: Plan) -> Validation:
    """Check types and the pre/post chain; errors name the step and the reason."""
    s = SimState.start(ctx)
    errors: list[str] = []
    criteria: list[str] = []
    if not plan.steps:
        errors.append("the plan is empty")
    for i, step in enumerate(plan.steps, 1):
        errs = check_types(ctx, step)
        if not errs:
            errs = check_conditions(ctx, s, step)
        if errs:
            errors += [f"step {i} ({step.line()}): {e}" for e in errs]
        apply(ctx, s, step)
        sk = SKILLS[step.action]
        if sk.success:
            criteria.append(sk.success.format(target=step.target, destination=step.destination))
    return Validation(not errors, errors, criteria, s)
