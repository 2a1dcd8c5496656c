"""Deterministic safety monitor: a plan against its constraints, the world and the robot's live state.

Verdicts: ``ok``; ``repaired`` (limits exceeded by step arguments were clamped: force, speed, speed near
humans, speed under a collision-risk warning); ``rejected`` (contradictory constraints, keep-out places or
zones on the route, battery too low for the route, stale telemetry, collision risk ERROR, battery
time-to-empty shorter than the mission). Same inputs, same verdict: no randomness, no model in the loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from enginemind.families.planner.context import Context
from enginemind.families.planner.plan import Plan, Step
from enginemind.families.planner.skills import SKILLS

DEFAULT_SPEED = 0.8
"""Base speed (m/s) of a move without a speed argument."""
DEFAULT_LEG_M = 3.0
"""Route length assumed for a move whose end points have no known position."""
STEP_S = 3.0
"""Duration estimate of one manipulation step, in seconds."""
STALE_S = 5.0
"""Telemetry older than this (seconds) is stale: the plan is rejected."""
SEV_WARN, SEV_ERROR = 1, 2
"""telemetry_pb2 Severity values (OK=0, WARN=1, ERROR=2, STALE=3; a test pins them to the proto)."""


@dataclass(frozen=True)
class LiveState:
    """Latest telemetry of one robot and the Brain Worker's latest predictions for it."""

    robot_id: str
    age_s: float
    """Seconds since the newest telemetry row."""
    battery: float | None = None
    speed: float | None = None
    pose: tuple[float, float] | None = None
    predictions: dict[str, tuple[str, float, int]] = field(default_factory=dict)
    """kind (collision_risk, battery_tte, anomaly) -> (label, score, severity)."""


@dataclass
class SafetyReport:
    verdict: str
    reasons: list[str]
    notes: list[str]
    plan: Plan
    duration_s: float = 0.0
    route_m: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {"verdict": self.verdict, "reasons": self.reasons, "notes": self.notes,
                "duration_s": round(self.duration_s, 1), "route_m": round(self.route_m, 2)}


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _seg_point_dist(a: tuple[float, float], b: tuple[float, float], p: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L2))
    return _dist((a[0] + t * dx, a[1] + t * dy), p)


def _crosses(zone, a: tuple[float, float], b: tuple[float, float]) -> bool:
    n = max(2, int(_dist(a, b) / 0.05) + 1)  # 5 cm samples: exact enough for room-scale zones
    return any(zone.contains((a[0] + (b[0] - a[0]) * k / (n - 1), a[1] + (b[1] - a[1]) * k / (n - 1)))
               for k in range(n))


def _contradictions(ctx: Context, plan: Plan) -> list[str]:
    c, acts = ctx.constraints, set(plan.actions())
    out = []
    if c.max_speed <= 0 and "move_to" in acts:
        out.append(f"constraints allow no motion (max_speed {c.max_speed:g} m/s) but the plan moves the robot")
    if c.max_force <= 0 and acts & {"grasp", "push", "open", "close", "place", "hand_over"}:
        out.append(f"constraints allow no force (max_force {c.max_force:g} N) but the plan handles objects")
    if c.safety_distance < 0 or c.human_speed < 0:
        out.append("safety_distance and human_speed cannot be negative")
    if not 0.0 <= c.min_battery <= 1.0 or c.battery_per_m < 0:
        out.append("min_battery must be in 0..1 and battery_per_m >= 0")
    for i, s in enumerate(plan.steps, 1):
        for name in (s.target, s.destination):
            if name and (name in c.keep_out or ctx.place_of(name) in c.keep_out) and s.action == "move_to":
                out.append(f"step {i} ({s.line()}): {name} is in a keep-out place; the mission cannot be done "
                           "without entering it")
    return out


def check(ctx: Context, plan: Plan, live: LiveState | None = None) -> SafetyReport:
    c = ctx.constraints
    reasons: list[str] = _contradictions(ctx, plan)
    repairs: list[str] = []
    notes: list[str] = []
    speed_cap = c.max_speed
    if live is not None:
        reasons += _live_rejections(live)
        label, score, sev = live.predictions.get("collision_risk", ("", 0.0, 0))
        if sev == SEV_WARN:
            speed_cap = min(speed_cap, c.human_speed)
            notes.append(f"collision risk warning ({score:.2f}): speeds capped at {speed_cap:g} m/s")
    elif ctx.robot_id:
        notes.append(f"no telemetry for robot {ctx.robot_id!r}: live checks skipped")
    pos = live.pose if live is not None and live.pose is not None else ctx.robot_pos
    battery = live.battery if live is not None and live.battery is not None else ctx.battery
    steps: list[Step] = []
    route = duration = 0.0
    for i, s in enumerate(plan.steps, 1):
        args = dict(s.args)
        sk = SKILLS[s.action]
        force = args.get("force", sk.default_force)
        if force > c.max_force > 0:
            args["force"] = c.max_force
            repairs.append(f"step {i} ({s.line()}): force {force:g} N exceeds max_force {c.max_force:g} N; "
                           f"limited to {c.max_force:g} N")
        if s.action == "move_to":
            goal = ctx.positions.get(s.target) or ctx.positions.get(ctx.place_of(s.target))
            near_human = ctx.kind(s.target) == "human"
            if pos is not None and goal is not None:
                leg = _dist(pos, goal)
                for z in ctx.zones:
                    if _crosses(z, pos, goal):
                        reasons.append(f"step {i} ({s.line()}): the straight route crosses keep-out zone {z.name!r}")
                for h in ctx.humans:
                    hp = ctx.positions.get(h)
                    if hp is not None and _seg_point_dist(pos, goal, hp) < 2 * c.safety_distance:
                        near_human = True
            else:
                leg = DEFAULT_LEG_M
            cap = min(speed_cap, c.human_speed) if near_human else speed_cap
            speed = args.get("speed", min(DEFAULT_SPEED, cap))
            if speed > cap > 0:
                args["speed"] = cap
                why = "near a human" if near_human and cap < c.max_speed else "max_speed"
                repairs.append(f"step {i} ({s.line()}): speed {speed:g} m/s exceeds {why} limit {cap:g} m/s; "
                               f"limited to {cap:g} m/s")
                speed = cap
            route += leg
            duration += leg / max(speed, 1e-3)
            pos = goal if goal is not None else pos
        elif s.action == "wait":
            duration += args.get("seconds", 1.0)
        else:
            duration += STEP_S
        steps.append(Step(s.action, s.target, s.destination, args))
    if battery is not None:
        need = route * c.battery_per_m + c.min_battery
        if battery < need:
            reasons.append(f"battery {battery:.0%} is too low: the route ({route:.1f} m) needs about "
                           f"{route * c.battery_per_m:.0%} plus the {c.min_battery:.0%} reserve")
    if live is not None and "battery_tte" in live.predictions:
        _, tte, _ = live.predictions["battery_tte"]
        if tte < duration:
            reasons.append(f"predicted battery time-to-empty {tte:.0f} s is shorter than the mission "
                           f"(~{duration:.0f} s)")
    verdict = "rejected" if reasons else "repaired" if repairs else "ok"
    return SafetyReport(verdict, reasons + repairs, notes, Plan(tuple(steps)), duration, route)


def _live_rejections(live: LiveState) -> list[str]:
    out = []
    if live.age_s > STALE_S:
        out.append(f"telemetry of robot {live.robot_id!r} is {live.age_s:.0f} s old (stale): its state is unknown")
    label, score, sev = live.predictions.get("collision_risk", ("", 0.0, 0))
    if sev >= SEV_ERROR:
        out.append(f"the Brain Worker predicts a collision risk of {score:.2f} for robot {live.robot_id!r}")
    return out
