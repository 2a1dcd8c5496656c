"""Calibrated confidence: the fit, disagreement lowers confidence, the shipped map, and `auto`'s override rule."""

from __future__ import annotations

import random

import numpy as np
import pytest

from enginemind.families.bonemap.calibration import Calibration, fit, patterns, shipped
from enginemind.families.bonemap.corpus.synth_names import make_rig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.solver.solve import solve
from enginemind.families.bonemap.rig.targets import load_target
from enginemind.families.bonemap.skelnet.combine import AutoRule, override


def _samples(n: int = 4000, seed: int = 1) -> list[tuple[float, str, bool]]:
    """Raw scores that overstate accuracy; bones whose solver disagrees are right only half the time."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        raw = rng.uniform(0.3, 1.0)
        agree = rng.random() < 0.8
        p = (0.5 + 0.5 * raw) if agree else 0.5
        out.append((raw, ("s+" if agree else "s-") + "n0m0|0", rng.random() < p))
    return out


def test_fit_is_calibrated_and_disagreement_lowers_confidence():
    cal = fit(_samples())
    held = _samples(seed=2)
    conf = np.array(cal.apply([c for c, _, _ in held], [p for _, p, _ in held]))
    right = np.array([ok for _, _, ok in held])
    for lo, hi in ((0.5, 0.7), (0.7, 0.85), (0.85, 1.0)):  # accuracy per bin within a few points of confidence
        sel = (conf >= lo) & (conf < hi)
        assert sel.sum() > 100 and abs(conf[sel].mean() - right[sel].mean()) < 0.05
    assert cal.value(0.95, "s-n0m0|0") < cal.value(0.95, "s+n0m0|0") - 0.2
    assert cal.value(0.9, "s+n0m0|0") > cal.value(0.5, "s+n0m0|0")  # the raw score still ranks bones
    assert Calibration.from_dict(cal.to_dict()).value(0.7, "s+n0m0|0") == cal.value(0.7, "s+n0m0|0")


def test_disagreement_weights_are_never_positive():
    rng = random.Random(3)  # data where disagreeing bones happen to be right more often
    rows = [(rng.uniform(0.3, 1), p, rng.random() < (0.99 if p.startswith("s-") else 0.8))
            for p in ("s+n0m0|0", "s-n0m0|0") for _ in range(2000)]
    cal = fit(rows)
    assert cal.value(0.8, "s-n0m0|0") <= cal.value(0.8, "s+n0m0|0")


def test_shipped_map_and_mapper_return_calibrated_confidence():
    assert shipped() is not None
    t = load_target("ue5_manny")
    sk, _ = make_rig("mgear", 50_000, "noisy")
    mapper = Mapper()
    res = mapper.map(sk, t)
    raw, pats = Mapper(calibration=False).map_raw(sk, t)
    assert res.mapping == raw.mapping
    want = shipped().apply([raw.confidence[n] for n in sk.names], pats)
    assert [res.confidence[n] for n in sk.names] == want
    assert len(pats) == len(sk) and all(p.startswith("s") and p[-2] == "|" for p in pats)


def test_patterns_flag_a_solver_disagreement():
    t = load_target("ue5_manny")
    sk, _ = make_rig("ue", 50_001, "plain")
    a = Mapper(calibration=False)
    _, pats = a.map_raw(sk, t)
    match = list(Mapper(calibration=False)._assign(sk, t, "matcher")[0])
    hand = sk.index("hand_l") if "hand_l" in sk else next(i for i, n in enumerate(sk.names) if "hand_l" in n)
    forced = list(match)
    forced[hand] = t.skeleton.index("foot_l")  # an answer the solver disagrees with
    assert patterns(sk, t, forced, solve(sk))[hand].startswith("s-")
    assert pats[hand].startswith("s+")


@pytest.mark.parametrize("rule, changes", [(AutoRule(), False), (AutoRule(0.5, 0.97), True)])
def test_auto_rule_overrides_only_unsure_bones(rule, changes):
    from enginemind.families.bonemap.rig.matcher import assign
    from enginemind.families.bonemap.rig.targets import analyse
    from enginemind.families.bonemap.skelnet.features import CLASSES

    t = load_target("ue5_manny")
    sk, _ = make_rig("cat", 50_002, "noisy")
    sol = solve(sk)
    base = analyse(sk, unique=False, structure="solver", solution=sol)
    a = assign(sk, t, analysis=base)
    probs = np.zeros((len(sk), len(CLASSES)))
    probs[:, 0] = 0.99  # the model is sure every bone is null
    conf = [0.4 if k % 2 else 0.99 for k in range(len(sk))]
    an = override(sk, base, a.match, conf, t, probs, rule)
    if not changes:
        assert an is None
        return
    assert an is not None
    changed = [i for i in range(len(sk)) if an.evidence[i] != base.evidence[i]]
    assert changed and all(conf[i] < 0.5 and a.match[i] >= 0 for i in changed)
