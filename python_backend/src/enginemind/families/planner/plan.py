"""Plans as typed data: ``Step`` / ``Plan``, the one-line-per-step text grammar and the JSON form.

Text grammar (what the LM writes, one step per line)::

    step  := ACTION [TARGET [DESTINATION]] (KEY=NUMBER)*
    wait  := "wait" NUMBER                      (seconds)

ACTION is one of ``skills.ACTIONS``; names are context entities. Parsing never evaluates anything: text
becomes ``Step`` objects or a ``PlanParseError`` that says which line is wrong.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from enginemind.errors import InvalidInput
from enginemind.families.planner.skills import SKILLS

MAX_STEPS = 64
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")


class PlanParseError(InvalidInput):
    """A plan text or JSON that does not follow the grammar."""


@dataclass(frozen=True)
class Step:
    """One skill call."""

    action: str
    target: str = ""
    destination: str = ""
    args: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        if self.action == "wait":
            return f"wait {format_number(self.args.get('seconds', 1.0))}"
        parts = [self.action, self.target] + ([self.destination] if self.destination else [])
        parts += [f"{k}={format_number(v)}" for k, v in sorted(self.args.items())]
        return " ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"action": self.action, "target": self.target}
        if self.destination:
            d["destination"] = self.destination
        if self.args:
            d["args"] = dict(self.args)
        return d

    def key(self) -> tuple[str, str, str]:
        """Identity used for exact-match scoring (args excluded)."""
        return self.action, self.target, self.destination


def format_number(v: float) -> str:
    """A plan-text number: ``5`` for whole values, else the shortest ``%g`` form."""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...] = ()

    def text(self) -> str:
        return "\n".join(s.line() for s in self.steps)

    def to_list(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.steps]

    def keys(self) -> list[tuple[str, str, str]]:
        return [s.key() for s in self.steps]

    def actions(self) -> list[str]:
        return [s.action for s in self.steps]


def _value(key: str, raw: Any, where: str) -> float:
    try:
        v = float(raw)
    except (TypeError, ValueError):
        raise PlanParseError(f"{where}: argument {key}={raw!r} is not a number") from None
    if not math.isfinite(v):
        raise PlanParseError(f"{where}: argument {key} must be finite")
    return v


def _step(action: str, target: str, destination: str, args: dict[str, Any], where: str) -> Step:
    if action not in SKILLS:
        raise PlanParseError(f"{where}: unknown action {action!r}; actions are {', '.join(SKILLS)}")
    for n in (target, destination):
        if n and not _NAME.match(n):
            raise PlanParseError(f"{where}: {n!r} is not an entity name")
    return Step(action, target, destination, {str(k): _value(k, v, where) for k, v in args.items()})


def parse_text(text: str) -> Plan:
    """Parse the line grammar; blank lines are skipped."""
    steps = []
    for no, raw in enumerate(text.splitlines(), 1):
        toks = raw.strip().split()
        if not toks:
            continue
        where = f"line {no}"
        action, rest = toks[0], toks[1:]
        kv = {t.split("=", 1)[0]: t.split("=", 1)[1] for t in rest if "=" in t}
        names = [t for t in rest if "=" not in t]
        if action == "wait":
            if len(names) > 1:
                raise PlanParseError(f"{where}: wait takes one number of seconds")
            if names:
                kv["seconds"] = names[0]
            names = []
        if len(names) > 2:
            raise PlanParseError(f"{where}: {action} takes a target and at most one destination, got {names}")
        steps.append(_step(action, *(names + ["", ""])[:2], kv, where))
    if len(steps) > MAX_STEPS:
        raise PlanParseError(f"a plan has at most {MAX_STEPS} steps")
    return Plan(tuple(steps))


def parse_steps(items: Any) -> Plan:
    """Parse the JSON form: ``[{"action", "target", "destination"?, "args"?}]``."""
    if not isinstance(items, list) or len(items) > MAX_STEPS:
        raise PlanParseError(f"steps must be a list of at most {MAX_STEPS} objects")
    steps = []
    for i, it in enumerate(items, 1):
        where = f"step {i}"
        if not isinstance(it, dict) or set(it) - {"action", "target", "destination", "args"}:
            raise PlanParseError(f"{where}: must be an object with action, target, destination?, args?")
        args = it.get("args") or {}
        if not isinstance(args, dict):
            raise PlanParseError(f"{where}: args must be an object of numbers")
        vals = [it.get("action"), it.get("target") or "", it.get("destination") or ""]
        if not all(isinstance(v, str) for v in vals):
            raise PlanParseError(f"{where}: action, target and destination must be strings")
        steps.append(_step(vals[0], vals[1].lower(), vals[2].lower(), args, where))
    return Plan(tuple(steps))
