"""Intents (what a mission asks) and their compiler into a canonical plan.

The rule planner parses text into intents; the corpus generator samples intents and renders them as text.
Both use ``compile_plan``, so the corpus' gold plans and the rule planner agree by construction. The
compiler inserts the steps the schema needs (move there first, open a closed container, grasp before
placing) and follows conditions against the simulated state ("if the drawer is closed, open it").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from enginemind.families.planner.context import Context
from enginemind.families.planner.plan import Plan, Step
from enginemind.families.planner.validate import SimState, apply

KINDS = ("fetch", "put", "bring", "give", "open", "close", "push", "pour", "wait", "inspect", "go", "release")


@dataclass(frozen=True)
class Intent:
    kind: str
    target: str = ""
    dest: str = ""
    seconds: float = 0.0
    cond: tuple[str, str] | None = None
    """(entity, 'open' | 'closed'): only when that entity is in that state when the intent is reached."""


@dataclass(frozen=True)
class Modifiers:
    """Numeric settings stated in the mission text, applied to every step they concern."""

    speed: float | None = None
    force: float | None = None


_SPEED = re.compile(r"(\d+(?:\.\d+)?)\s*(?:m/s|metres per second|meters per second)")
_FORCE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:n|newtons?)\b")


def modifiers(text: str) -> Modifiers:
    """'at 0.5 m/s', 'slowly', 'with 30 N', 'gently' (deterministic; numbers copied, never generated)."""
    t = text.lower()
    speed = force = None
    if m := _SPEED.search(t):
        speed = float(m.group(1))
    elif re.search(r"\b(slowly|carefully)\b", t):
        speed = 0.3
    elif re.search(r"\b(full speed|as fast as possible|quickly)\b", t):
        speed = 2.0
    if m := _FORCE.search(t):
        force = float(m.group(1))
    elif re.search(r"\bgently\b", t):
        force = 10.0
    return Modifiers(speed, force)


def apply_modifiers(plan: Plan, mod: Modifiers) -> Plan:
    out = []
    for s in plan.steps:
        args = dict(s.args)
        if mod.speed is not None and s.action in ("move_to", "push"):
            args["speed"] = mod.speed
        if mod.force is not None and s.action in ("grasp", "push", "place", "open", "close", "hand_over"):
            args["force"] = mod.force
        out.append(Step(s.action, s.target, s.destination, args))
    return Plan(tuple(out))


class Builder:
    """Emits the steps of intents on the simulated state (``compile_plan``; ``serial`` extends it line by line)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.s = SimState.start(ctx)
        self.steps: list[Step] = []

    def emit(self, action: str, target: str = "", dest: str = "", **args: float) -> None:
        step = Step(action, target, dest, {k: float(v) for k, v in args.items()})
        self.steps.append(step)
        apply(self.ctx, self.s, step)

    def goto(self, t: str) -> None:
        if not self.s.at(t):
            self.emit("move_to", t)

    def open_if_closed(self, c: str) -> None:
        if self.s.opened.get(c) == "closed" and not self.s.holding:
            self.goto(c)
            self.emit("open", c)

    def hold(self, x: str) -> None:
        if self.s.holding == x:
            return
        box = self.s.enclosed_by_closed(x)
        if box:
            self.open_if_closed(box)
        self.goto(x)
        self.emit("grasp", x)

    def add(self, it: Intent) -> None:
        """Emit the steps of one intent (none when its condition does not hold)."""
        b = self
        if it.cond and b.s.opened.get(it.cond[0], "") != it.cond[1]:
            return
        k, x, d = it.kind, it.target, it.dest
        if k == "fetch":
            b.hold(x)
        elif k in ("put", "bring", "give"):
            if self.ctx.kind(d) == "human":
                b.hold(x)
                b.goto(d)
                b.emit("hand_over", x, d)
                return
            if b.s.holding != x:
                b.open_if_closed(d)
            b.hold(x)
            b.goto(d)
            b.emit("place", x, d)
        elif k in ("open", "close"):
            if b.s.opened.get(x) != ("open" if k == "open" else "closed"):
                b.goto(x)
                b.emit(k, x)
        elif k == "push":
            b.goto(x)
            b.emit("push", x, d)
        elif k == "pour":
            b.hold(x)
            b.goto(d)
            b.emit("pour", x, d)
        elif k == "wait":
            b.emit("wait", seconds=it.seconds or 1.0)
        elif k == "inspect":
            b.goto(x)
            b.emit("inspect", x)
        elif k == "go":
            b.goto(x)
        elif k == "release":
            if b.s.holding == x:
                b.emit("release", x)


def compile_plan(ctx: Context, intents: list[Intent]) -> Plan:
    """Canonical plan for ``intents`` in ``ctx`` (may still be invalid: validate it)."""
    b = Builder(ctx)
    for it in dedupe(intents):
        b.add(it)
    return Plan(tuple(b.steps))


def dedupe(intents: list[Intent]) -> list[Intent]:
    """"pick up X and put it on D" is "put X on D": a fetch followed by a put / give / pour of X is dropped."""
    return [it for i, it in enumerate(intents)
            if not (it.kind == "fetch" and i + 1 < len(intents) and not it.cond
                    and intents[i + 1].kind in ("put", "bring", "give", "pour")
                    and intents[i + 1].target == it.target)]
