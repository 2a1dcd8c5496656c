"""Executions, operator corrections and knowledge patterns in PostgreSQL (``0030_planner.sql``).

A recorded execution keeps the mission, the context, the executed plan, per-step results, success and an
optional operator correction (a corrected plan, validated before it is stored). Patterns are the frequent
contiguous action sub-sequences (length 2-4) of recorded plans:

- support    = share of *successful* executions whose plan contains the sequence;
- confidence = P(success | plan contains the sequence) over all executions that contain it.

Frequent sequences (support >= min_support) and failure patterns (confidence < 0.5) are listed.

Corrected plans count as successful plans of their mission (the operator says this is what should run).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from enginemind.errors import InvalidInput
from enginemind.families.planner.context import Context
from enginemind.families.planner.corpus import Example
from enginemind.families.planner.plan import Plan, parse_steps
from enginemind.families.planner.validate import validate

MAX_NOTE = 2000
FAILURE_CONFIDENCE = 0.5
"""Sequences below this confidence are kept whatever their support: they are failure patterns."""
STEP_STATUS = {"ok", "failed", "skipped"}


@dataclass(frozen=True)
class Pattern:
    actions: tuple[str, ...]
    support: float
    confidence: float
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"actions": list(self.actions), "support": round(self.support, 4),
                "confidence": round(self.confidence, 4), "count": self.count}


def _step_results(value: Any, n_steps: int) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > n_steps:
        raise InvalidInput(f"step_results must be a list with at most one entry per plan step ({n_steps})")
    out = []
    for i, r in enumerate(value, 1):
        if not isinstance(r, dict) or r.get("status") not in STEP_STATUS:
            raise InvalidInput(f"step_results[{i}] needs status ok | failed | skipped")
        out.append({"status": r["status"], "message": str(r.get("message", ""))[:500]})
    return out


def record(conn: Any, mission: str, context: Context, plan: Plan, success: bool, *, step_results: Any = None,
           correction: Plan | None = None, planner: str = "", note: str = "") -> int:
    """Store one execution; a correction must be a valid plan in the same context."""
    from psycopg.types.json import Jsonb

    if not mission.strip() or len(mission) > 2000:
        raise InvalidInput("an execution needs its mission text (1..2000 characters)")
    if not plan.steps:
        raise InvalidInput("an execution needs the executed plan (at least one step)")
    if correction is not None:
        v = validate(context, correction)
        if not v.valid:
            raise InvalidInput("the correction is not a valid plan: " + "; ".join(v.errors[:5]))
    row = conn.execute(
        "INSERT INTO planner_executions (robot_id, mission, context, planner, plan, step_results, success, "
        "correction, note) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
        (context.robot_id, mission, Jsonb(context.to_dict()), planner[:64], Jsonb(plan.to_list()),
         Jsonb(_step_results(step_results, len(plan.steps))), bool(success),
         Jsonb(correction.to_list()) if correction is not None else None, str(note)[:MAX_NOTE]),
    ).fetchone()
    conn.commit()
    return int(row["id"] if isinstance(row, dict) else row[0])


def _rows(conn: Any, limit: int) -> list[tuple[str, dict, list, bool, list | None]]:
    rows = conn.execute("SELECT mission, context, plan, success, correction FROM planner_executions "
                        "ORDER BY id DESC LIMIT %s", (limit,)).fetchall()
    return [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in rows]  # type: ignore[misc]


def mine_patterns(plans: list[tuple[list[str], bool]], min_support: float = 0.1, min_count: int = 2,
                  max_len: int = 4) -> list[Pattern]:
    """Frequent contiguous action sub-sequences of (actions, success) pairs, best first."""
    with_seq: Counter[tuple[str, ...]] = Counter()
    ok_seq: Counter[tuple[str, ...]] = Counter()
    n_ok = sum(1 for _, ok in plans if ok)
    for actions, ok in plans:
        seqs = {tuple(actions[i:i + n]) for n in range(2, max_len + 1) for i in range(len(actions) - n + 1)}
        for s in seqs:
            with_seq[s] += 1
            ok_seq[s] += ok
    out = [Pattern(s, ok_seq[s] / n_ok if n_ok else 0.0, ok_seq[s] / c, c) for s, c in with_seq.items()
           if c >= min_count and ((n_ok and ok_seq[s] / n_ok >= min_support) or ok_seq[s] / c < FAILURE_CONFIDENCE)]
    return sorted(out, key=lambda p: (-p.support, -p.confidence, -len(p.actions), p.actions))


def patterns(conn: Any, min_support: float = 0.1, min_count: int = 2, limit: int = 10_000) -> list[Pattern]:
    plans: list[tuple[list[str], bool]] = []
    for _, _, plan, success, correction in _rows(conn, limit):
        plans.append(([s["action"] for s in plan], bool(success)))
        if correction:
            plans.append(([s["action"] for s in correction], True))
    return mine_patterns(plans, min_support, min_count)


def training_examples(conn: Any, correction_repeat: int = 8, limit: int = 10_000) -> list[Example]:
    """Corrections (repeated) and successful plans as training missions; unusable rows are skipped."""
    out: list[Example] = []
    for mission, context, plan, success, correction in _rows(conn, limit):
        try:
            ctx = Context.from_dict(context)
            if correction:
                out += [Example(mission, ctx, parse_steps(correction), "correction")] * correction_repeat
            elif success:
                out.append(Example(mission, ctx, parse_steps(plan), "execution"))
        except InvalidInput:
            continue
    return out


def count(conn: Any) -> int:
    row = conn.execute("SELECT count(*) AS n FROM planner_executions").fetchone()
    return int(row["n"] if isinstance(row, dict) else row[0])
