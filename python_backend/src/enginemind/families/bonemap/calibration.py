"""Honest confidence: a calibration map fitted on labelled synthetic rigs.

A bone's calibrated confidence is the accuracy observed, on rigs the map was fitted on, for bones with the
same **agreement pattern** and a raw confidence in the same bin. The pattern says, per source, whether it
agrees with the final answer (``+``), disagrees (``-``) or has no opinion (``0``):

- ``s``: the structure solver's role for the bone (none: agrees with null, no opinion otherwise);
- ``n``: the role the bone's name says (before structure);
- ``m``: the skeleton model's most likely class (``auto`` / ``model`` only; ``0`` without a model).

The map is a logistic regression on the raw score's logit, whether the answer is null, and the pattern's
agreements / disagreements (``s+ s- n+ n- m+ m-``): a bone whose solver, name or model disagrees with the
answer gets the lower odds such bones had, whatever the raw assignment score says, while the raw score
still orders bones within a pattern (so the review step can rank them).

The shipped matcher map (``data/calibration_matcher.json``) is fitted on all 27 synthetic conventions
(seeds 40,000+, never used for evaluation), then updated on the committed real rigs (``REAL_RIGS``) with the
synthetic weights as the ridge's centre: ``python -m enginemind.families.bonemap.calibration`` from the
repository root. The leave-convention-out benchmark fits its own per fold on the training conventions only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from enginemind.families.bonemap.doubt import SIGNALS, doubts
from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import Role, name_evidence
from enginemind.families.bonemap.rig.solver.merge import oriented
from enginemind.families.bonemap.rig.solver.solve import Solution

SHIPPED = "calibration_matcher.json"


def same_role(a: Role | None, b: Role | None) -> bool:
    """The same role for agreement checks: twists, spine and neck by kind (their numbering is loose), the
    rest by kind and side."""
    if a is None or b is None:
        return a is b
    if a.kind.endswith("_twist") or a.kind in ("spine", "neck"):
        return a.kind == b.kind
    return (a.kind, a.side) == (b.kind, b.side)


def patterns(sk: Any, target: Any, match: list[int], sol: Solution | None,
             model_roles: list[Role | None] | None = None, scores: dict[int, dict[int, float]] | None = None,
             infos: list[Any] | None = None) -> list[str]:
    """Pattern ``s?n?m?|null|signals`` of every bone: its answer's agreement with the solver, the name and the
    model, then the doubt signals of ``doubt.py`` (``rival,free:0.42,...``; ``scores``: the assignment's;
    ``infos``: ``analyse_names(sk.names)`` when already computed)."""
    troles = target.analysis.roles
    infos = infos if infos is not None else analyse_names(sk.names)
    sroles = oriented(sol, [ni.side for ni in infos], sk) if sol is not None and sol.found else [None] * len(sk)
    heads, loud, named = [], [], 0
    for i, j in enumerate(match):
        ans = troles[j] if j >= 0 else None
        if j >= 0 and ans is None:  # a target bone without a role (helpers): judged by names only
            ans = Role("?")
        s = sroles[i]
        sc = ("+" if ans is None else "0") if s is None else ("+" if same_role(ans, s) else "-")
        ev = name_evidence(infos[i])
        named += bool(ev)
        top = max(ev, key=lambda e: e.weight) if ev else None
        nc = "0" if top is None else ("+" if same_role(ans, Role(top.kind, top.side, top.idx)) else "-")
        if model_roles is None:
            mc = "0"
        else:
            mr = model_roles[i]
            mc = "+" if same_role(ans, mr) else "-"
        heads.append(f"s{sc}n{nc}m{mc}|{int(j < 0)}")
        loud.append(nc == "-" and top is not None and top.weight >= LOUD)
    sig = doubts(sk, target, match, scores, sol, sroles, [h.startswith("s-") for h in heads])
    noname = round(max(0.0, 1.0 - named / max(1, len(sk)) / NONAME), 3)
    for d, flag in zip(sig, loud, strict=True):
        if flag:
            d["loud"] = 1.0
        if noname > 0:
            d["noname"] = noname
    return [h + "|" + ",".join(k if v == 1.0 else f"{k}:{v:g}" for k, v in sorted(d.items()))
            for h, d in zip(heads, sig, strict=True)]


LOUD = 0.9
"""A name whose best evidence weighs this much says its role clearly (``loud`` when it disagrees)."""
NONAME = 0.25
"""A rig with fewer than this share of bones whose names carry any evidence is nameless (``noname``)."""
BASE = ("bias", "logit", "null", "null_logit", "s+", "s-", "n+", "n-", "m+", "m-")
FEATURES = ("bias", "mapped_logit", "null", "null_logit", "s+", "s-", "n+", "n-", "m+", "m-") + \
    tuple(f"d:{k}" for k in SIGNALS) + ("null_hole", "null_free")
"""Maps fitted before the doubt signals (``BASE`` only) still load and apply. The raw score's logit has its own
weight for mapped and null answers, both >= 0: the confidence never falls as the raw score rises."""
SIGN = {"s+": 1, "n+": 1, "m+": 1, "s-": -1, "n-": -1, "m-": -1, "mapped_logit": 1, "null_logit": 1,
        **{f: -1 for f in FEATURES[10:]}}
"""+1: weight >= 0, -1: weight <= 0 (a disagreement or a doubt never raises a confidence), else free."""
L2 = 1.0
"""Ridge penalty of the fit (all weights but the bias)."""


def _x(raw: float, pattern: str, features: tuple[str, ...] = FEATURES) -> np.ndarray:
    c = min(0.995, max(0.005, raw))
    lg = float(np.log(c / (1 - c)))
    head, null_s, sig = (pattern.split("|") + ["", ""])[:3]
    null = float(null_s == "1")
    d = {}
    for tok in filter(None, sig.split(",")):
        k, _, v = tok.partition(":")
        d[k] = float(v) if v else 1.0
    vals = {"bias": 1.0, "logit": lg, "mapped_logit": (1 - null) * lg, "null": null, "null_logit": null * lg,
            "null_hole": null * d.get("hole", 0.0), "null_free": null * d.get("free", 0.0)}
    for k, v in (("s", "+"), ("s", "-"), ("n", "+"), ("n", "-"), ("m", "+"), ("m", "-")):
        vals[k + v] = float(f"{k}{v}" in head)
    for k in SIGNALS:
        vals[f"d:{k}"] = d.get(k, 0.0)
    return np.array([vals[f] for f in features])


@dataclass
class Calibration:
    """Calibrated confidence = sigmoid(weights . features(raw score, agreement pattern))."""

    weights: list[float]
    samples: int = 0
    accuracy: float = 0.0
    """Size and accuracy of the set it was fitted on."""
    features: tuple[str, ...] = FEATURES

    def value(self, raw: float, pattern: str) -> float:
        z = float(_x(raw, pattern, self.features) @ np.asarray(self.weights))
        return round(1.0 / (1.0 + float(np.exp(-z))), 4)

    def apply(self, raw: list[float], pats: list[str]) -> list[float]:
        return [self.value(c, p) for c, p in zip(raw, pats, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "weights": self.weights, "samples": self.samples,
                "accuracy": self.accuracy}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Calibration:
        feats = tuple(d.get("features", []))  # a map fitted before a newer signal applies without it
        if not feats or (feats != BASE and not set(feats) <= set(FEATURES)) or len(d["weights"]) != len(feats):
            raise ValueError("calibration map was fitted with other features")
        return cls([float(x) for x in d["weights"]], int(d.get("samples", 0)), float(d.get("accuracy", 0.0)),
                   feats)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), indent=1), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> Calibration:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def fit(samples: Iterable[tuple[float, str, bool]], iters: int = 40,
        features: tuple[str, ...] = FEATURES, prior: Calibration | None = None) -> Calibration:
    """Fit from (raw confidence, pattern, correct) triples: ridge logistic regression by projected Newton steps,
    with agreement weights (``s+ n+ m+``) >= 0, disagreement weights (``s- n- m-``) and doubt-signal weights
    <= 0, so a source that disagrees with the answer or a doubt never raises its confidence. ``prior``: the
    ridge pulls the weights towards this map's instead of towards 0 (a map fitted on many synthetic rigs,
    updated by fewer real ones: signals the real rigs rarely show keep their synthetic weight)."""
    rows = list(samples)
    if not rows:
        raise ValueError("no samples to fit a calibration map on")
    x = np.array([_x(c, p, features) for c, p, _ in rows])
    y = np.array([float(ok) for _, _, ok in rows])
    sign = np.array([0 if f == "null_logit" and "logit" in features else SIGN.get(f, 0) for f in features],
                    dtype=float)  # with BASE's shared ``logit``, ``null_logit`` is a free correction
    w = np.zeros(x.shape[1])
    w[0] = float(np.log((y.mean() + 1e-3) / (1 - y.mean() + 1e-3)))
    reg = np.full(x.shape[1], L2)
    reg[0] = 0.0
    centre = np.zeros(x.shape[1])
    if prior is not None:
        if tuple(prior.features) != tuple(features):
            raise ValueError("the prior map has other features")
        centre = np.asarray(prior.weights, dtype=float)
        w = centre.copy()

    def loss(v: np.ndarray) -> float:
        z = x @ v
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(reg * (v - centre) ** 2))

    fixed = np.zeros(len(w), dtype=bool)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        grad = x.T @ (p - y) + reg * (w - centre)
        fixed &= sign * -grad <= 0  # a clamped weight is released when the loss wants it inside its range
        free = ~fixed
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-6)
        step = np.zeros(len(w))
        step[free] = np.linalg.solve(hess[np.ix_(free, free)], grad[free])
        t, before = 1.0, loss(w)
        while True:  # backtracking on the projected step
            cand = w - t * step
            cand[sign * cand < 0] = 0.0
            if loss(cand) <= before or t < 1e-4:
                break
            t *= 0.5
        bad = (sign * (w - t * step) < 0) & free
        w, fixed = cand, fixed | bad
        if float(np.abs(t * step).max()) < 1e-7:
            break
    return Calibration([round(float(v), 5) for v in w], len(rows), round(float(y.mean()), 5), tuple(features))


def shipped() -> Calibration | None:
    """The matcher's shipped map, or None when the data file is absent."""
    f = resources.files("enginemind.families.bonemap") / "data" / SHIPPED
    if not f.is_file():
        return None
    return Calibration.from_dict(json.loads(f.read_text("utf-8")))


class Judge:
    """Bone correctness as in the benchmarks: spine / neck bones may land on any spine / neck bone, twist
    bones on any twist of that limb or null."""

    def __init__(self, target: Any) -> None:
        self.role = dict(zip(target.skeleton.names, target.analysis.roles, strict=True))

    def ok(self, pred: str | None, want: str | None) -> bool:
        if pred == want:
            return True
        rw, rp = self.role.get(want), self.role.get(pred)
        if rw and rp and rw.kind in ("spine", "neck") and rp.kind == rw.kind:
            return True
        return bool(rw and rw.kind.endswith("_twist") and (rp is None or (rp.kind, rp.side) == (rw.kind, rw.side)))


def collect(rigs: Iterable[tuple[Any, dict[str, str | None]]], run: Callable[[Any], tuple[Any, list[str]]],
            target: Any) -> list[tuple[float, str, bool]]:
    """(raw confidence, pattern, correct) for every bone of labelled rigs; ``run(sk)`` -> (result, patterns)."""
    judge = Judge(target)
    out = []
    for sk, labels in rigs:
        res, pats = run(sk)
        for i, name in enumerate(sk.names):
            out.append((res.confidence.get(name, 0.0), pats[i], judge.ok(res.mapping.get(name), labels.get(name))))
    return out


def calibration_rigs(conventions: Iterable[str], per: int, seed: int = 40_000, traps: int = 0
                     ) -> list[tuple[Any, dict]]:
    """Labelled synthetic rigs of ``conventions`` in all four modes, plus ``traps`` rigs per convention with
    structural traps (``corpus.synth_traps``); seeds from ``seed``: never evaluated."""
    from enginemind.families.bonemap.corpus.synth_names import MODES, make_rig
    from enginemind.families.bonemap.corpus.synth_traps import make_trap_rig

    convs = sorted(conventions)
    return [make_rig(c, seed + k, m) for c in convs for m in MODES for k in range(per)] + \
        [make_trap_rig(c, seed + k) for c in convs for k in range(traps)]


PER = 10
"""The shipped matcher map's fit set: 10 rigs per convention and mode (1,080) and 4 trap rigs per convention."""


def fit_matcher(conventions: Iterable[str], per: int = PER, seed: int = 40_000, traps: int | None = None
                ) -> Calibration:
    """The matcher's map fitted on rigs of ``conventions``: ``per`` rigs per convention and mode and ``traps``
    trap rigs per convention (default: one per ten plain rigs, ``0.4 * per``)."""
    traps = (4 * per + 5) // 10 if traps is None else traps
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.targets import load_target

    target = load_target("ue5_manny")
    mapper = Mapper(calibration=False)
    rigs = calibration_rigs(conventions, per, seed, traps)
    return fit(collect(rigs, lambda sk: mapper.map_raw(sk, target), target))


REAL_RIGS = ("tests/bonemap/real_rigs", "tests/bonemap/real_rigs_heldout", "tests/bonemap/real_rigs_sim",
             "tests/bonemap/real_rigs_late")
"""The committed real rigs (permissive licences, development-set format) the shipped map is updated on."""


def real_samples(folders: Iterable[str], nameless: bool = True) -> list[tuple[float, str, bool]]:
    """(raw confidence, pattern, right) for every labelled bone of the real rigs in ``folders`` (a bone is right
    when it takes its label or an ``acceptable`` alternative); ``nameless``: each rig also with its names replaced
    by ``bone_NNN`` (a real body without names: the solver alone, wrong far more often than on synthetic rigs)."""
    from enginemind.families.bonemap.corpus.devset import anonymous, load_dev
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.targets import load_target

    target = load_target("ue5_manny")
    mapper = Mapper(calibration=False)
    out = []
    for folder in folders:
        rigs = load_dev(folder)
        for rig in rigs + ([anonymous(r) for r in rigs] if nameless else []):
            out += rig_samples(rig, mapper, target)
    return out


def rig_samples(rig: Any, mapper: Any, target: Any) -> list[tuple[float, str, bool]]:
    """(raw confidence, pattern, right) for every labelled bone of one ``DevRig`` mapped by ``mapper``."""
    res, pats = mapper.map_raw(rig.skeleton, target)
    return [(res.confidence[b], pats[i], rig.is_right(b, res.mapping.get(b)))
            for i, b in enumerate(rig.skeleton.names) if b in rig.mapping]


def main(argv: list[str] | None = None) -> None:
    """Refit the shipped matcher map: on all synthetic conventions, then updated on the committed real rigs with
    the synthetic map as the ridge's centre (real rigs rank wrong bones by other signals than synthetic ones:
    measured in docs/benchmarks.md). Run from the repository root; ``argv``: other real-rig folders."""
    import sys

    from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS

    folders = (sys.argv[1:] if argv is None else argv) or list(REAL_RIGS)
    synthetic = fit_matcher(ALL_CONVENTIONS)
    rows = real_samples(folders)
    cal = fit(rows, prior=synthetic)
    path = Path(str(resources.files("enginemind.families.bonemap") / "data" / SHIPPED))
    print(f"synthetic map on {synthetic.samples} bones, updated on {len(rows)} bones of real rigs in {folders}")
    print(f"wrote {cal.save(path)}: weights {dict(zip(FEATURES, cal.weights, strict=True))}")


if __name__ == "__main__":
    main()
