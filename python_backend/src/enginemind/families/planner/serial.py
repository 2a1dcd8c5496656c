"""What the LM writes: plans as compact **intent lines**, compiled into steps by ``intents.compile_plan``.

One line per thing the mission asks (``put cup table``, ``give key alice``, ``open drawer``, ``wait 5``)
instead of one line per skill step: the move_to / grasp / open steps the schema needs are inserted by the
same deterministic compiler the rule planner uses, so the LM learns language -> intents only (about a third
of the tokens of the step form) and every decoded plan is valid by construction (the decoder only offers
lines whose compiled plan validates; ``allowed_lines``).

``canonical(ctx, intents, plan)`` gives the training target of an example: the intents that add steps
(a conditional that does not apply, or a fetch absorbed by the following put, is dropped) or, for a plan
without intents (a recorded execution, an operator correction), the shortest intent list whose compiled plan
is that plan (``decompile``); None when no intent list compiles to it.
"""

from __future__ import annotations

import copy
import re

from enginemind.families.planner.context import Context
from enginemind.families.planner.intents import Builder, Intent, compile_plan, dedupe
from enginemind.families.planner.plan import Plan, PlanParseError, format_number
from enginemind.families.planner.skills import HUMAN
from enginemind.families.planner.validate import apply, check_conditions, check_types, validate

VERBS = ("put", "give", "fetch", "open", "close", "push", "pour", "inspect", "go", "wait", "release")
"""Intent verbs of the LM's answer lines (``bring`` is written as ``put`` / ``give``)."""
MAX_REPEAT = 2
"""A line may appear at most this often in one plan (the corpus repeats a line at most twice)."""


def line(it: Intent) -> str:
    if it.kind == "wait":
        return f"wait {format_number(it.seconds or 1.0)}"
    kind = "put" if it.kind == "bring" else it.kind
    return " ".join(p for p in (kind, it.target, it.dest) if p)


def parse_line(text: str, ctx: Context) -> Intent:
    toks = text.split()
    if not toks or toks[0] not in VERBS:
        raise PlanParseError(f"{text!r}: an intent line starts with one of {', '.join(VERBS)}")
    if toks[0] == "wait":
        try:
            return Intent("wait", seconds=float(toks[1]) if len(toks) > 1 else 1.0)
        except ValueError:
            raise PlanParseError(f"{text!r}: wait takes a number of seconds") from None
    kind = toks[0]
    if kind == "put" and len(toks) > 2 and ctx.kind(toks[2]) == HUMAN:
        kind = "give"
    return Intent(kind, toks[1] if len(toks) > 1 else "", toks[2] if len(toks) > 2 else "")


def to_plan(lines: list[str], ctx: Context) -> Plan:
    """Compile intent lines into the step plan."""
    return compile_plan(ctx, [parse_line(t, ctx) for t in lines if t.strip()])


def candidates(ctx: Context, mission: str) -> list[str]:
    """Every type-correct intent line for this context (before the state check)."""
    objs, places, humans = list(ctx.objects), list(ctx.locations), list(ctx.humans)
    openable = [n for n in objs + places if ctx.openable(n)]
    nums = {float(n) for n in re.findall(r"\b(\d{1,4}(?:\.\d+)?)\b", mission)} | {1.0}
    out = [f"put {x} {d}" for x in objs for d in places + objs if d != x]
    out += [f"give {x} {h}" for x in objs for h in humans]
    out += [f"pour {x} {d}" for x in objs for d in places + objs if d != x]
    out += [f"push {x} {d}" for x in objs for d in places if d != x]
    out += [f"{v} {x}" for v in ("fetch", "release") for x in objs]
    out += [f"{v} {c}" for v in ("open", "close") for c in openable]
    out += [f"{v} {e}" for v in ("inspect", "go") for e in objs + places + humans]
    out += [f"wait {format_number(n)}" for n in sorted(nums)]
    return out


def allowed_lines(ctx: Context, prefix: list[str], cands: list[str], max_steps: int = 64) -> list[str]:
    """Candidate lines that may follow ``prefix``: the compiled plan still validates, the line adds steps and
    is not written a third time (no no-op lines and no endless repeats: decoding cannot loop).

    Incremental: the prefix is compiled once and each candidate's steps are checked on a copy of that state;
    a candidate that would merge with a trailing ``fetch`` of its target is compiled in full."""
    its = [parse_line(t, ctx) for t in prefix]
    head = Builder(ctx)
    for it in dedupe(its):
        head.add(it)
    base = len(head.steps)
    out = []
    for c in cands:
        if prefix.count(c) >= MAX_REPEAT:
            continue
        it = parse_line(c, ctx)
        if its and its[-1].kind == "fetch" and its[-1].target == it.target and it.kind in ("put", "give", "pour"):
            plan = to_plan(prefix + [c], ctx)
            if base < len(plan.steps) <= max_steps and validate(ctx, plan).valid:
                out.append(c)
            continue
        b = copy.copy(head)
        b.s, b.steps = copy.deepcopy(head.s), []
        b.add(it)
        if not b.steps or base + len(b.steps) > max_steps:
            continue
        s = copy.deepcopy(head.s)
        ok = True
        for st in b.steps:
            if check_types(ctx, st) or check_conditions(ctx, s, st):
                ok = False
                break
            apply(ctx, s, st)
        if ok:
            out.append(c)
    return out


def decompile(ctx: Context, plan: Plan) -> list[Intent] | None:
    """The shortest intent list (greedy) whose compiled plan equals ``plan``; None when there is none."""
    m = {"move_to": "go", "grasp": "fetch", "place": "put", "hand_over": "give"}
    its = [Intent("wait", seconds=s.args.get("seconds", 1.0)) if s.action == "wait"
           else Intent(m.get(s.action, s.action), s.target, s.destination) for s in plan.steps]
    keys = plan.keys()
    if compile_plan(ctx, its).keys() != keys:
        return None
    changed = True
    while changed:  # drop lines the compiler re-inserts, until none can go
        changed = False
        for i in range(len(its)):
            trial = its[:i] + its[i + 1:]
            if trial and compile_plan(ctx, trial).keys() == keys:
                its, changed = trial, True
                break
    return its


def canonical(ctx: Context, intents: tuple[Intent, ...] | list[Intent], plan: Plan) -> list[str] | None:
    """Training target lines of one example (see the module docstring)."""
    keep: list[Intent] = []
    n = 0
    for it in intents:
        if len(compile_plan(ctx, [*keep, it]).steps) > n:  # it adds steps (its condition holds there)
            keep.append(Intent(it.kind, it.target, it.dest, it.seconds))
            n = len(compile_plan(ctx, keep).steps)
    keep = [it for i, it in enumerate(keep)  # "pick up X and put it on D" is one line: put X D
            if not (it.kind == "fetch" and i + 1 < len(keep) and keep[i + 1].target == it.target
                    and keep[i + 1].kind in ("put", "bring", "give", "pour"))]
    if intents and compile_plan(ctx, keep).keys() == plan.keys():
        return [line(it) for it in keep]
    dec = decompile(ctx, plan)
    return None if dec is None else [line(it) for it in dec]

