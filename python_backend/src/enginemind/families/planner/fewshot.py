"""Knowledge patterns in the LM planner: worked examples for the prompt, and failure patterns avoided while
decoding.

- ``FewShot(pool, patterns)``: called with (mission, context), returns up to ``k`` worked examples (context,
  mission, intent lines) from recorded successful executions: the ones whose mission shares the most words
  with this mission, ties broken by how much frequent-pattern support their plan carries. ``PlanLM.shots``
  takes it.
- ``failing(patterns)``: the failure patterns (confidence < 0.5); ``PlanLM.avoid`` drops any line whose
  compiled plan would contain one of them, unless that leaves nothing to write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from enginemind.families.planner import serial
from enginemind.families.planner.context import Context
from enginemind.families.planner.corpus import Example
from enginemind.families.planner.executions import FAILURE_CONFIDENCE, Pattern
from enginemind.families.planner.plan import Plan

_WORD = re.compile(r"[a-z]+")


def _words(text: str, names: Sequence[str]) -> set[str]:
    skip = {w for n in names for w in n.split("_")} | {"the", "a", "and", "to", "it", "please"}
    return {w for w in _WORD.findall(text.lower()) if w not in skip}


def contains(plan: Plan, pattern: Pattern) -> bool:
    acts, n = plan.actions(), len(pattern.actions)
    return any(tuple(acts[i:i + n]) == pattern.actions for i in range(len(acts) - n + 1))


def failing(patterns: Sequence[Pattern]) -> list[Pattern]:
    return [p for p in patterns if p.confidence < FAILURE_CONFIDENCE]


class FewShot:
    """Worked examples for the prompt, picked from recorded successful executions (see the module docstring)."""

    def __init__(self, pool: Sequence[Example], patterns: Sequence[Pattern], k: int = 1) -> None:
        frequent = [p for p in patterns if p.confidence >= FAILURE_CONFIDENCE]
        self.k = k
        self.pool: list[tuple[set[str], float, Example, list[str]]] = []
        for e in pool:
            lines = serial.canonical(e.context, list(e.intents), e.plan)
            if lines:
                bonus = sum(p.support for p in frequent if contains(e.plan, p))
                self.pool.append((_words(e.mission, e.context.entities), bonus, e, lines))

    def __call__(self, mission: str, ctx: Context) -> list[tuple[Context, str, list[str]]]:
        words = _words(mission, ctx.entities)

        def rank(item: tuple[set[str], float, Example, list[str]]) -> tuple[float, float]:
            w, bonus, _, _ = item
            return len(words & w) / max(1, len(words | w)), bonus

        best = sorted(self.pool, key=rank, reverse=True)[: self.k]
        return [(e.context, e.mission, lines) for _, _, e, lines in best]

