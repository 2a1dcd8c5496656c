"""Calibrated confidence: the fit, disagreement lowers confidence, the shipped map, and `auto`'s override rule."""

from __future__ import annotations

import random

import numpy as np
import pytest

from enginemind.families.bonemap.calibration import BASE, FEATURES, SIGN, Calibration, fit, patterns, shipped
from enginemind.families.bonemap.corpus.synth_names import make_rig
from enginemind.families.bonemap.predict import REVIEW, Mapper, cap_crossed
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


def test_an_update_on_few_real_rigs_keeps_the_prior_where_they_say_nothing():
    """The shipped map: fitted on synthetic rigs, then updated on real ones with the synthetic weights as the
    ridge's centre. A signal the update set never shows keeps its prior weight; one it contradicts moves."""
    prior = fit(_samples())
    rng = random.Random(4)  # real rigs: the solver's disagreements are right as often as its agreements
    rows = [(rng.uniform(0.3, 1.0), p, rng.random() < 0.9) for p in ("s+n0m0|0", "s-n0m0|0") for _ in range(300)]
    upd = fit(rows, prior=prior)
    w0, w1 = (dict(zip(c.features, c.weights, strict=True)) for c in (prior, upd))
    assert w1["d:forest"] == w0["d:forest"] and w1["n+"] == w0["n+"]  # nothing in the update set: kept
    assert w1["s-"] > w0["s-"]  # contradicted: moves towards the real evidence, never above 0
    assert w1["s-"] <= 0
    with pytest.raises(ValueError):
        fit(rows, features=BASE, prior=prior)  # a prior over other features


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
    want = cap_crossed(shipped().apply([raw.confidence[n] for n in sk.names], pats), pats)
    assert [res.confidence[n] for n in sk.names] == want
    assert len(pats) == len(sk) and all(p.startswith("s") and p.split("|")[1] in "01" for p in pats)


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


def test_shipped_map_has_the_doubt_signals_and_their_weights_never_raise_confidence():
    cal = shipped()
    assert cal.features == FEATURES and len(cal.weights) == len(FEATURES)
    w = dict(zip(cal.features, cal.weights, strict=True))
    assert all(w[f] <= 0 for f in FEATURES if SIGN.get(f) == -1)
    assert all(w[f] >= 0 for f in FEATURES if SIGN.get(f) == 1)
    assert w["mapped_logit"] > 0 and w["null_logit"] >= 0  # a higher raw score never lowers the confidence
    raws = np.linspace(0.05, 1.0, 40)
    for pat in ("s+n+m0|0|", "s-n0m0|0|rival,near", "s0n0m0|1|free:0.6", "s+n-m0|0|forest,nogeo"):
        vals = cal.apply(list(raws), [pat] * len(raws))
        assert all(b >= a for a, b in zip(vals, vals[1:], strict=False)), pat
    for sig in ("rival", "skip", "hier", "named", "forest", "nogeo"):  # each fitted signal lowers it
        if w[f"d:{sig}"] < 0:
            assert cal.value(0.95, f"s+n+m0|0|{sig}") < cal.value(0.95, "s+n+m0|0|")


def test_maps_fitted_before_the_doubt_signals_still_load():
    old = Calibration.from_dict({"features": list(BASE), "weights": [3.1, 1.4, 0.0, -1.4, 0.0, -0.9, 0, 0, 0, 0]})
    assert old.value(0.9, "s+n0m0|0|rival,skip") == old.value(0.9, "s+n0m0|0")  # signals ignored, no error
    with pytest.raises(ValueError):
        Calibration.from_dict({"features": ["bias", "logit"], "weights": [1.0, 1.0]})


def test_a_planted_structural_disagreement_lowers_confidence():
    """A hand answer moved onto the forearm's child (a bend bone): the solver disagrees, the chain skips a
    core bone and the forearm slot goes free; the calibrated confidence of the moved bone drops."""
    t = load_target("ue5_manny")
    sk, _ = make_rig("mixamo", 50_003, "plain")
    mapper = Mapper(calibration=False)
    match = list(mapper._assign(sk, t, "matcher")[0])
    from enginemind.families.bonemap.rig.matcher import confidences, score_table
    from enginemind.families.bonemap.rig.targets import analyse

    sol = solve(sk)
    scores = score_table(sk, analyse(sk, unique=False, structure="solver", solution=sol), t)
    fore = next(i for i, j in enumerate(match) if j == t.skeleton.index("lowerarm_l"))
    hand = next(i for i, j in enumerate(match) if j == t.skeleton.index("hand_l"))
    planted = list(match)
    planted[fore], planted[hand] = t.skeleton.index("hand_l"), -1  # the forearm bone answers "hand"
    cal = shipped()
    before = cal.apply(confidences(scores, match, 0.3), patterns(sk, t, match, sol, scores=scores))
    raw = confidences(scores, planted, 0.3)
    pats = patterns(sk, t, planted, sol, scores=scores)
    after = cal.apply(raw, pats)
    assert "skip" in pats[fore] and pats[fore].startswith("s-") and "near" in pats[hand]
    assert before[fore] > 0.95 and after[fore] < 0.8  # red in the review image
    for p in ("s+n+m0|0|", "s+n+m0|0|rival"):  # whatever the raw score, the planted signals cost confidence
        assert cal.value(raw[fore], pats[fore]) < cal.value(raw[fore], p)
        assert cal.value(0.95, pats[fore]) < min(cal.value(0.95, p), REVIEW)  # and the review asks about it


@pytest.mark.parametrize("mode", ["anonymous", "noisy"])
def test_signals_on_anonymous_and_trap_rigs_do_not_crash(mode):
    from enginemind.families.bonemap.corpus.synth_traps import make_trap_sample
    from enginemind.families.bonemap.rig.skeleton import Skeleton

    t = load_target("ue5_manny")
    sk, _ = make_rig("ue", 50_004, mode)
    res = Mapper().map(sk, t)
    assert all(0.0 <= c <= 1.0 for c in res.confidence.values())
    trap, labels, traps = make_trap_sample("mixamo", 40_001, t)
    assert traps and set(labels) == set(trap.names)
    assert all(0.0 <= c <= 1.0 for c in Mapper().map(trap, t).confidence.values())
    bare = Skeleton.from_dict({"bones": [{"name": f"bone_{k}", "parent": f"bone_{k - 1}" if k else None}
                                         for k in range(12)]})  # no positions, no meaning in the names
    assert len(Mapper().map(bare, t).confidence) == 12


def test_result_says_why_a_bone_is_unsure(tmp_path):
    from enginemind.families.bonemap.doubt import REASONS, explain

    assert explain("s-n-m0|0|rival,free:0.6") == [REASONS["s-"], REASONS["n-"], REASONS["rival"], REASONS["free"]]
    assert explain("s+n+m0|0|") == [] and explain("s+n0m0|0") == []
    from enginemind.families.bonemap.corpus.synth_traps import make_trap_rig

    t = load_target("ue5_manny")
    mapper = Mapper()
    res = next(r for k in range(20) if (r := mapper.map(make_trap_rig("ue", 40_000 + k, t)[0], t)).doubts)
    assert "doubts" in res.to_dict()
    assert all(res.confidence[b] < 0.95 and reasons and all(r in REASONS.values() for r in reasons)
               for b, reasons in res.doubts.items())
    import matplotlib.image as mpimg

    from enginemind.families.bonemap.review import render_review

    sk = next(s for k in range(20) if (s := make_trap_rig("ue", 40_000 + k, t)[0]) and mapper.map(s, t).doubts)
    res = mapper.map(sk, t)
    with_why = mpimg.imread(render_review(sk, res, tmp_path / "why.png"))
    res.doubts = {}
    without = mpimg.imread(render_review(sk, res, tmp_path / "plain.png"))
    assert with_why.shape[0] > without.shape[0]  # the footer says why the flagged bones are unsure


def test_side_and_rig_level_doubts():
    from enginemind.families.bonemap.doubt import doubts
    from enginemind.families.bonemap.rig.skeleton import Skeleton

    t = load_target("ue5_manny")
    sk, _ = make_rig("mixamo", 50_005, "plain")
    sol = solve(sk)
    match = list(Mapper(calibration=False)._assign(sk, t, "matcher")[0])
    hl, hr = (next(i for i, j in enumerate(match) if j == t.skeleton.index(n)) for n in ("hand_l", "hand_r"))
    swapped = list(match)
    swapped[hl], swapped[hr] = match[hr], match[hl]  # left hand answered as the right one and back
    roles = list(sol.roles)
    d = doubts(sk, t, swapped, None, sol, roles, [False] * len(sk))
    assert "side" in d[hl] and "side" in d[hr]
    assert not any("side" in x for k, x in enumerate(d) if k not in (hl, hr))
    # parenting lost: the importer rebuilds the tree and warns; mapped bones get "forest", a bone with no
    # candidate target at all stays confidently null
    bones = [{"name": b.name, "parent": None, "position": list(b.position)} for b in sk.bones]
    bones.append({"name": "Prop_extra", "parent": None, "position": [0.0, 0.0, 0.0]})
    forest = Skeleton.from_dict({"bones": bones})
    assert any("rebuilt one tree" in w for w in forest.warnings)
    _, pats = Mapper(calibration=False).map_raw(forest, t)
    res = Mapper().map(forest, t)
    mapped = [i for i, n in enumerate(forest.names) if res.mapping[n] is not None]
    assert mapped and all("forest" in pats[i] for i in mapped)
    prop = forest.index("Prop_extra")
    assert res.mapping["Prop_extra"] is None and "forest" not in pats[prop] and res.confidence["Prop_extra"] > 0.95


def test_a_real_body_without_names_is_sent_to_review():
    """The solver alone is wrong on real bodies far more often than on synthetic ones (the committed real rigs
    with their names replaced: 84 % right), so a nameless rig's bones come out unsure ('noname'), while the
    same rigs with their names keep their confidence."""
    from pathlib import Path

    from enginemind.families.bonemap.corpus.devset import anonymous, load_dev

    target = load_target("ue5_manny")
    mapper = Mapper()
    folder = Path(__file__).parent / "real_rigs_sim"
    named, nameless, flagged = [], [], []
    for rig in load_dev(folder)[:12]:
        anon = anonymous(rig)
        res, pats = Mapper(calibration=False).map_raw(anon.skeleton, target)
        assert all("noname" in p for p in pats)
        named += [c for b, c in mapper.map(rig.skeleton, target).confidence.items() if b in rig.mapping]
        conf = mapper.map(anon.skeleton, target).confidence
        nameless += list(conf.values())
        flagged += [c < REVIEW for b, c in conf.items() if anon.mapping.get(b)]
    assert np.mean(nameless) < np.mean(named) - 0.05
    assert np.mean(flagged) > 0.9


def test_the_confidence_bench_keeps_rig_folders_with_one_last_name_apart():
    """tools/bench/bonemap_confidence.py keyed its samples by the folder's last name, so several batches'
    ``labelled_fresh`` folders overwrote each other and only the last one was measured."""
    from tests.bonemap.helpers import load_bench

    bench = load_bench("bonemap_confidence")
    folders = ["/d/real_rigs113/labelled_fresh", "/d/real_rigs114/labelled_fresh", "/a/labelled", "/b/labelled"]
    got = bench.folder_labels(folders)
    assert len(set(got.values())) == len(folders)
    assert got["/d/real_rigs113/labelled_fresh"] == "real_rigs113" and got["/a/labelled"] == "a"
