"""One interface for every planner: ``plan_mission(mission, ctx, planner=...)`` -> ``PlanResult``.

rule: the rule/template planner. lm: the (LoRA) LM with grammar-constrained decoding. auto: the LM, and
the rule planner when the LM's plan fails validation. The mission text only ever becomes typed steps;
then the plan is validated and checked by the safety monitor, whatever planner made it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from enginemind.errors import InvalidInput
from enginemind.families.planner import rules
from enginemind.families.planner.context import Context
from enginemind.families.planner.intents import apply_modifiers, compile_plan, modifiers
from enginemind.families.planner.plan import Plan
from enginemind.families.planner.safety import LiveState, SafetyReport, check
from enginemind.families.planner.validate import validate

PLANNERS = ("rule", "lm", "auto")
MAX_MISSION_CHARS = 2000
_INJECTION = re.compile(
    r"\b(ignore|disregard|bypass|override|disable|skip|forget|turn off)\b[^.;]{0,40}"
    r"\b(safety|rules?|limits?|constraints?|instructions?|monitor|guardrails?|safety checks?)\b", re.I)


@dataclass
class PlanResult:
    valid: bool
    plan: Plan
    safety: SafetyReport
    planner: str
    latency_ms: float = 0.0
    errors: list[str] = field(default_factory=list)
    success_criteria: list[str] = field(default_factory=list)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    """Known knowledge patterns this plan contains (support / confidence from recorded executions)."""

    def to_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "steps": self.safety.plan.to_list(), "safety": self.safety.to_dict(),
                "planner": self.planner, "latency_ms": round(self.latency_ms, 1), "errors": self.errors,
                "success_criteria": self.success_criteria, "patterns": self.patterns}


def _refuse(reason: str, planner: str, t0: float) -> PlanResult:
    rep = SafetyReport("rejected", [reason], [], Plan())
    return PlanResult(False, Plan(), rep, planner, (time.perf_counter() - t0) * 1000, [reason])


def rule_plan(mission: str, ctx: Context) -> tuple[Plan, list[str]]:
    parsed = rules.parse(mission, ctx)
    if parsed.errors:
        return Plan(), parsed.errors
    return compile_plan(ctx, parsed.intents), []


def matched_patterns(plan: Plan, patterns: list[Any]) -> list[Any]:
    """Patterns whose action sequence occurs contiguously in ``plan``."""
    acts = plan.actions()
    return [p for p in patterns if any(tuple(acts[i:i + len(p.actions)]) == p.actions
                                       for i in range(len(acts) - len(p.actions) + 1))]


def _risky(plan: Plan, patterns: list[Any], min_confidence: float) -> list[Any]:
    return [p for p in matched_patterns(plan, patterns) if p.confidence < min_confidence]


def plan_mission(mission: str, ctx: Context, planner: str = "rule", lm: Any = None,
                 live: LiveState | None = None, patterns: list[Any] | None = None,
                 min_confidence: float = 0.5) -> PlanResult:
    """Plan, validate and safety-check a mission. Bad missions are refused with a reason, never raised."""
    t0 = time.perf_counter()
    if planner not in PLANNERS:
        raise InvalidInput(f"planner must be one of {', '.join(PLANNERS)}, got {planner!r}")
    if not isinstance(mission, str) or not mission.strip():
        return _refuse("the mission is empty: describe what the robot should do", planner, t0)
    if len(mission) > MAX_MISSION_CHARS:
        return _refuse(f"the mission is {len(mission)} characters long; at most {MAX_MISSION_CHARS} are planned",
                       planner, t0)
    if m := _INJECTION.search(mission):
        return _refuse(f"the mission asks to {m.group(0)!r}: safety rules cannot be changed from a mission text",
                       planner, t0)
    if planner == "lm" and lm is None:
        raise InvalidInput("planner 'lm' needs a trained LM (none loaded); use planner 'rule' or 'auto'")
    used, errors = planner, []
    if planner == "rule" or lm is None:
        plan, errors = rule_plan(mission, ctx)
        used = "rule" if planner == "rule" else "rule (no trained LM)"
    else:
        if hasattr(lm, "avoid"):  # knowledge patterns: the LM does not write sequences that mostly failed
            lm.avoid = [p for p in patterns or [] if p.confidence < min_confidence]
        plan = lm.plan(mission, ctx)
        used = "lm"
        if planner == "auto":
            lm_ok = validate(ctx, apply_modifiers(plan, modifiers(mission))).valid
            risky = _risky(plan, patterns or [], min_confidence)
            if not lm_ok or risky:
                rplan, rerrors = rule_plan(mission, ctx)
                if not rerrors and (not lm_ok or not _risky(rplan, patterns or [], min_confidence)):
                    why = "failed validation" if not lm_ok else "uses a sequence that mostly failed before"
                    plan, used = rplan, f"rule (lm plan {why})"
    plan = apply_modifiers(plan, modifiers(mission))
    v = validate(ctx, plan)
    errors = errors + v.errors
    if errors:
        rep = SafetyReport("rejected", errors, [], plan)
    else:
        rep = check(ctx, plan, live)
    matched = matched_patterns(plan, patterns or [])
    for p in matched:
        if p.confidence < min_confidence:
            rep.notes.append(f"{' -> '.join(p.actions)} succeeded in only {p.confidence:.0%} of {p.count} "
                             "recorded executions")
    return PlanResult(not errors, plan, rep, used, (time.perf_counter() - t0) * 1000, errors, v.success_criteria,
                      [p.to_dict() for p in matched])
