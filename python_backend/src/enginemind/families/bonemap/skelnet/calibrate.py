"""Fit what a trained skeleton model needs beyond its weights, on its own training conventions only:

- the ``auto`` rule (``combine.AutoRule``): the (matcher confidence, model probability) thresholds under
  which the model overrides the matcher, chosen on a small grid by the number of right bones on fresh
  synthetic rigs (seeds 40,000+); ties go to the more conservative rule, and "never" is kept unless another
  rule adds at least 0.1 % right bones, so on the rigs it was fitted on ``auto`` is never worse than the
  matcher;
- the calibration maps of the ``auto`` and ``model`` engines (``calibration.fit``, with the doubt signals of
  ``doubt.py``), on the same rigs plus structural-trap rigs (``corpus.synth_traps``) as the matcher's map.

The training job stores both in ``skelnet.json``; the leave-convention-out benchmark fits them per fold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from enginemind.families.bonemap.calibration import Judge, calibration_rigs, collect, fit
from enginemind.families.bonemap.skelnet.combine import AutoRule, override

MARGIN = 0.001
"""An override rule must add this share of right bones over "never" to be chosen."""
GRID = [AutoRule()] + [AutoRule(m, p) for m in (0.5, 0.7, 0.85, 0.95) for p in (0.9, 0.97, 0.99)]


def _right(res_match: list[int], sk: Any, labels: dict[str, str | None], target: Any, judge: Judge) -> int:
    tn = target.skeleton.names
    return sum(judge.ok(tn[j] if j >= 0 else None, labels.get(n)) for n, j in zip(sk.names, res_match, strict=True))


def fit_rule(model: Any, rigs: list[tuple[Any, dict]], target: Any, log: Callable[[str], None] = print) -> AutoRule:
    """The grid rule with the most right bones on ``rigs`` (ties: the earlier, more conservative rule)."""
    from enginemind.families.bonemap.rig.matcher import assign
    from enginemind.families.bonemap.rig.solver.solve import solve
    from enginemind.families.bonemap.rig.targets import analyse

    judge = Judge(target)
    cached = []
    for sk, labels in rigs:
        sol = solve(sk)
        base = analyse(sk, unique=False, structure="solver", solution=sol)
        a = assign(sk, target, analysis=base)
        cached.append((sk, labels, base, a, model.probs(sk, sol)))
    best, best_n, never_n = GRID[0], -1, 0
    for rule in GRID:
        n = 0
        for sk, labels, base, a, probs in cached:
            an = override(sk, base, a.match, a.confidence, target, probs, rule)
            match = a.match if an is None else assign(sk, target, analysis=an).match
            n += _right(match, sk, labels, target, judge)
        log(f"auto rule {rule}: {n} right bones")
        never_n = n if rule == GRID[0] else never_n
        if n > best_n:
            best, best_n = rule, n
    total = sum(len(sk) for sk, *_ in cached)
    if best_n - never_n < max(3, MARGIN * total):  # a gain within noise does not justify overriding
        return GRID[0]
    return best


def fit_model_extras(model: Any, conventions: Iterable[str], per: int = 2, seed: int = 40_000,
                     log: Callable[[str], None] = print) -> dict[str, Any]:
    """``{"auto_rule": ..., "calibration": {"auto": ..., "model": ...}}`` for ``skelnet.json``; sets them on
    ``model`` (a ``SkelModel``) too."""
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.targets import load_target

    target = load_target("ue5_manny")
    rigs = calibration_rigs(conventions, per, seed)
    model.auto_rule = fit_rule(model, rigs, target, log)
    mapper = Mapper(skel=model, calibration=False)
    model.calibration = {}
    cal_rigs = rigs + calibration_rigs(conventions, 0, seed, traps=max(1, (4 * per + 5) // 10))  # + trap rigs
    for engine in ("auto", "model"):
        model.calibration[engine] = fit(collect(cal_rigs, lambda sk, e=engine: mapper.map_raw(sk, target, e),
                                                target))
    log(f"auto rule {model.auto_rule}; calibrated on {len(rigs)} rigs of {len(set(conventions))} conventions")
    return {"auto_rule": model.auto_rule.to_dict(),
            "calibration": {k: v.to_dict() for k, v in model.calibration.items()}}
