"""Analyses for the ``model`` and ``auto`` engines (evidence the matcher's global assignment consumes).

``auto``: per bone and role, the mean of the matcher's weight (structure-first solver refined by names) and
the model's probability. Roles both agree on keep a high weight; a role only one of them backs falls to
about half, so a disagreement lowers the confidence the review step shows.
"""

from __future__ import annotations

from typing import Any

from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import FINGERS, Evidence
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import solve
from enginemind.families.bonemap.rig.targets import Analysis, _top_roles, analyse


def model_analysis(sk: Skeleton, model: Any) -> Analysis:
    ev = model.evidence(sk)
    return Analysis(analyse_names(sk.names), ev, _top_roles(ev))


def _key(e: Evidence) -> tuple:
    return (e.kind, e.side, e.idx if e.kind in FINGERS else None)


def auto_analysis(sk: Skeleton, model: Any | None, model_weight: float = 0.5) -> Analysis:
    """Matcher evidence combined with the model's (matcher alone when ``model`` is None)."""
    sol = solve(sk)
    base = analyse(sk, unique=False, structure="solver", solution=sol)
    if model is None:
        return base
    mev = model.evidence(sk, sol)
    out: list[list[Evidence]] = []
    for evs_m, evs_d in zip(base.evidence, mev, strict=True):
        table: dict[tuple, list] = {}
        for e in evs_m:
            k = _key(e)
            if k not in table or table[k][0] < e.weight:
                table[k] = [e.weight, 0.0, e]
        for e in evs_d:
            k = _key(e)
            if k in table:
                table[k][1] = max(table[k][1], e.weight)
            else:
                table[k] = [0.0, e.weight, e]
        merged = [Evidence(e.kind, e.side, e.idx, (1 - model_weight) * wm + model_weight * wd)
                  for wm, wd, e in table.values()]
        out.append(sorted(merged, key=lambda e: -e.weight))
    return Analysis(base.infos, out, _top_roles(out))
