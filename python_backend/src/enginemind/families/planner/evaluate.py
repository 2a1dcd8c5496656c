"""Plan quality metrics: exact match, action F1, argument accuracy, validity (before any fallback)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from enginemind.families.planner.corpus import Example
from enginemind.families.planner.plan import Plan
from enginemind.families.planner.validate import validate


def action_f1(pred: Plan, gold: Plan) -> float:
    """F1 of the multiset of actions."""
    p, g = Counter(pred.actions()), Counter(gold.actions())
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    prec, rec = tp / sum(p.values()), tp / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def arg_accuracy(pred: Plan, gold: Plan) -> float:
    """Share of gold steps whose (target, destination) the prediction matches at the same position."""
    if not gold.steps:
        return float(not pred.steps)
    hits = sum(1 for a, b in zip(pred.steps, gold.steps, strict=False)
               if (a.target, a.destination) == (b.target, b.destination))
    return hits / max(len(gold.steps), len(pred.steps))


def score(pairs: Iterable[tuple[Example, Plan]]) -> dict[str, float]:
    rows = [(float(p.keys() == e.plan.keys()), action_f1(p, e.plan), arg_accuracy(p, e.plan),
             float(validate(e.context, p).valid)) for e, p in pairs]
    n = max(1, len(rows))
    return {"exact_match": sum(r[0] for r in rows) / n, "action_f1": sum(r[1] for r in rows) / n,
            "arg_accuracy": sum(r[2] for r in rows) / n, "valid": sum(r[3] for r in rows) / n}


def evaluate(planner: Any, examples: list[Example], progress: Callable[[int, int], None] | None = None
             ) -> dict[str, float]:
    """Decode every example with ``planner.plan(mission, ctx)`` and score it against the gold plan."""
    pairs = []
    for i, e in enumerate(examples, 1):
        pairs.append((e, planner.plan(e.mission, e.context)))
        if progress:
            progress(i, len(examples))
    return score(pairs)
