"""Inference: map a skeleton with the matcher, the skeleton model, the LM, or a combination ('auto'), then apply
stored corrections.

- matcher: ``matcher.assign`` over the structure-first solver refined by names (milliseconds).
- model: the skeleton model's evidence through the same global assignment.
- auto: the matcher's answer; where the matcher is unsure and the skeleton model sure of another role
  (``skelnet.combine.AutoRule``, fitted with the model) the model's evidence is used and the assignment
  solved again; with an LM, bones still below ``auto_threshold`` are asked to the LM, whose answer
  (constrained to the matcher's candidates, free target bones, or null) replaces the matcher's only when its
  probability is at least ``lm_min_prob`` and the result keeps the hierarchy consistent.
- confidence: matcher / model / auto scores go through a calibration map (``calibration.py``): the accuracy
  seen for bones whose solver, name and model agreed or disagreed with the answer in the same way.
  ``result.doubts`` says, for every bone under ``REVIEW``, why (``doubt.explain``).
- corrections (user feedback for this exact skeleton and target) override everything, confidence 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from enginemind.families.bonemap.config import MapConfig, check_engine
from enginemind.families.bonemap.rig.matcher import _chain_order, assign
from enginemind.families.bonemap.rig.retarget import MappingResult, build_result
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import Target, load_target, target_from_skeleton

TargetSpec = str | Target | Skeleton
REVIEW = 0.95
"""Bones under this confidence get their doubts in the result (the review image flags them too)."""
CROSS_CAP = 0.9
"""The most confidence a bone keeps when the structure alone gives it another role (``cross_check``): below
``REVIEW``, so the review asks about it. A declared rule, not fitted: the confidence maps are fitted on synthetic
rigs, whose names rarely mislead; on held-out real rigs (robots, mocap joint names) they did."""


def cross_check(sk: Skeleton, t: Target, match: list[int], sol: Any, null_score: float) -> list[int]:
    """Bones whose answer the structure-only assignment (``nameless``: the solver's roles, one-to-one, names
    ignored) replaces by another non-null role (side included: where the rest pose has no forward cue, the
    geometry's sides may be the wrong way round, which is worth a look too): names and structure disagree
    about them. Empty when the solver found no body (nothing to cross-check against)."""
    if sol is None or not sol.found:
        return []
    from enginemind.families.bonemap.calibration import same_role
    from enginemind.families.bonemap.rig.targets import analyse

    ns = assign(sk, t, null_score=null_score, analysis=analyse(sk, unique=False, structure="nameless", solution=sol))
    roles = t.analysis.roles
    return [i for i, (j, k) in enumerate(zip(match, ns.match, strict=True))
            if k >= 0 and roles[k] is not None and not same_role(roles[j] if j >= 0 else None, roles[k])]


def cap_crossed(conf: list[float], pats: list[str]) -> list[float]:
    """``conf`` capped at ``CROSS_CAP`` for bones whose pattern carries the ``cross`` signal."""
    return [min(c, CROSS_CAP) if "cross" in p.rpartition("|")[2].split(",") else c
            for c, p in zip(conf, pats, strict=True)]


def with_signal(pattern: str, signal: str) -> str:
    """A calibration pattern (``s+n0m0|0|rival,free:0.6``) with one more doubt signal at its end."""
    return pattern + ("," if not pattern.endswith("|") else "") + signal


def resolve_target(target: TargetSpec) -> Target:
    if isinstance(target, Target):
        return target
    if isinstance(target, Skeleton):
        return target_from_skeleton(target)
    return load_target(target)


class Mapper:
    """Maps skeletons; loads the LM lazily (only when an engine needs it)."""

    def __init__(self, config: MapConfig | None = None, lm: Any = None,
                 lm_loader: Callable[[], Any] | None = None, skel: Any = None,
                 skel_loader: Callable[[], Any] | None = None, calibration: Any = None):
        self.config = config or MapConfig()
        self._lm = lm
        self._lm_loader = lm_loader
        self._skel = skel
        self._skel_loader = skel_loader
        self._cal = calibration
        """The matcher's confidence map: None = the shipped one, False = raw scores, or a ``Calibration``."""

    @property
    def skel(self) -> Any:
        """The trained skeleton model (``skelnet``), or None when none was given."""
        if self._skel is None and self._skel_loader is not None:
            self._skel = self._skel_loader()
        return self._skel

    @property
    def lm(self) -> Any:
        if self._lm is None:
            if self._lm_loader is None:
                from enginemind.families.bonemap.model import BoneLM

                self._lm = BoneLM.load()
            else:
                self._lm = self._lm_loader()
        return self._lm

    def map(self, skeleton: Skeleton, target: TargetSpec = "ue5_manny", *, engine: str | None = None,
            corrections: dict[str, str | None] | None = None) -> MappingResult:
        engine = check_engine(engine or self.config.engine)
        t = resolve_target(target)
        if engine == "lm" and len(skeleton) > self.config.max_lm_bones:
            from enginemind.errors import InvalidInput

            raise InvalidInput(f"engine 'lm' answers one bone per LM call: {len(skeleton)} bones is more than "
                               f"max_lm_bones={self.config.max_lm_bones}; use engine 'auto' or 'matcher'")
        doubts: dict[str, list[str]] = {}
        warnings = list(skeleton.warnings)
        if engine == "lm":
            match, conf = self._lm_all(skeleton, t)
            origin = ["lm"] * len(match)
            scores: dict[int, dict[int, float]] = {}
        else:
            match, conf, pats, scores = self._assign(skeleton, t, engine, warnings)
            conf = self.calibrated(engine, conf, pats)
            doubts = _doubts(skeleton, conf, pats)
            origin = [engine if engine in ("model", "auto") else "matcher"] * len(match)
        if engine == "auto" and (self._lm is not None or self._lm_loader is not None):
            self._lm_auto(skeleton, t, match, conf, origin, scores)
        if corrections:
            _apply_corrections(skeleton, t, corrections, match, conf, origin)
        res = build_result(skeleton, t, match, conf, engine=engine, origin=origin, warnings=warnings)
        res.doubts = {b: r for b, r in doubts.items() if res.confidence.get(b, 1.0) < REVIEW}
        return res

    def map_raw(self, skeleton: Skeleton, target: TargetSpec = "ue5_manny", engine: str = "matcher"
                ) -> tuple[MappingResult, list[str]]:
        """Uncalibrated result and the agreement pattern per bone (what calibration maps are fitted on)."""
        t = resolve_target(target)
        match, conf, pats, _ = self._assign(skeleton, t, check_engine(engine))
        return build_result(skeleton, t, match, conf, engine=engine), pats

    def _calibration(self, engine: str) -> Any:
        if engine in ("model", "auto"):
            skel = self.skel
            return skel.calibration.get(engine) if skel is not None else self._calibration("matcher")
        if self._cal is None:
            from enginemind.families.bonemap.calibration import shipped

            self._cal = shipped() or False
        return self._cal or None

    def calibrated(self, engine: str, raw: list[float], pats: list[str]) -> list[float]:
        """The confidence ``map`` returns: the engine's confidence map applied to the raw scores, then capped at
        ``CROSS_CAP`` where names and structure disagree (``cross`` in the pattern)."""
        cal = self._calibration(engine)
        return cap_crossed(cal.apply(raw, pats) if cal is not None else list(raw), pats)

    def _assign(self, sk: Skeleton, t: Target, engine: str, warnings: list[str] | None = None
                ) -> tuple[list[int], list[float], list[str], dict[int, dict[int, float]]]:
        """(match, raw confidence, agreement patterns, scores) of the matcher / model / auto engines; the
        solver's warning (no body found) is appended to ``warnings``."""
        from enginemind.families.bonemap.calibration import patterns
        from enginemind.families.bonemap.rig.solver.merge import convention_warning, side_warning
        from enginemind.families.bonemap.rig.solver.solve import solve
        from enginemind.families.bonemap.rig.targets import analyse

        sol = solve(sk)
        if warnings is not None and (w := sol.warning()):
            warnings.append(w)
        skel = self.skel if engine in ("model", "auto") else None
        if engine == "model" and skel is None:
            from enginemind.errors import FailedPrecondition

            raise FailedPrecondition("engine 'model' needs a trained skeleton model: train one "
                                     "(enginemind jobs submit bonemap_skeleton) or use engine 'matcher'")
        probs = mroles = None
        if skel is not None:
            from enginemind.families.bonemap.skelnet.combine import model_roles

            probs = skel.probs(sk, sol)
            mroles = model_roles(probs)
        if engine == "model":
            from enginemind.families.bonemap.skelnet.combine import model_analysis

            a = assign(sk, t, null_score=self.config.null_score, analysis=model_analysis(sk, skel, sol, probs))
        else:
            base = analyse(sk, unique=False, structure="solver", solution=sol)
            a = assign(sk, t, null_score=self.config.null_score, analysis=base)
            if probs is not None:
                from enginemind.families.bonemap.skelnet.combine import override

                an = override(sk, base, a.match, a.confidence, t, probs, skel.auto_rule)
                if an is not None:
                    a = assign(sk, t, null_score=self.config.null_score, analysis=an)
        pats = patterns(sk, t, a.match, sol, mroles, a.scores, a.analysis.infos)
        if warnings is not None and (w := side_warning(sol, [ni.side for ni in a.analysis.infos], sk)):
            warnings.append(w)  # (held-out batch 76: a Spanish rig whose '.L' limbs are on its right)
        for i in cross_check(sk, t, a.match, sol, self.config.null_score):
            pats[i] = with_signal(pats[i], "cross")
        if (w := convention_warning(sol, [ni.side for ni in a.analysis.infos])) is not None:
            if warnings is not None:
                warnings.append(w)
            troles = t.analysis.roles
            for i, j in enumerate(a.match):
                if j >= 0 and troles[j] is not None and troles[j].side:  # (a reason in the review, not a cap:
                    # capping them changed the ranking of right and wrong bones by 0.01 AUROC on the real rigs)
                    pats[i] = with_signal(pats[i], "sides")
        return list(a.match), list(a.confidence), pats, a.scores

    # --- LM engines ------------------------------------------------------------------------------------
    def _lm_all(self, sk: Skeleton, t: Target) -> tuple[list[int], list[float]]:
        tnames = t.skeleton.names
        free = set(range(len(tnames)))
        match, conf = [-1] * len(sk), [0.0] * len(sk)
        for i in sk.depth_order():
            allowed = [None] + [tnames[j] for j in sorted(free)]
            ans, p = self.lm.answer(sk, i, t.name, allowed)
            if ans is not None:
                j = t.skeleton.index(ans)
                match[i] = j
                free.discard(j)
            conf[i] = round(p, 4)
        return match, conf

    def _lm_auto(self, sk: Skeleton, t: Target, match: list[int], conf: list[float], origin: list[str],
                 scores: dict[int, dict[int, float]]) -> None:
        """The LM re-ranks the matcher's own candidates (free, hierarchy-consistent) and null for unsure bones."""
        cfg = self.config
        tnames = t.skeleton.names
        unsure = [i for i in sk.depth_order() if conf[i] < cfg.auto_threshold][: cfg.max_lm_bones]
        for i in unsure:
            used = {j for j in match if j >= 0}
            cands = {j for j in scores.get(i, {}) if j not in used} | ({match[i]} if match[i] >= 0 else set())
            allowed = [None] + [tnames[j] for j in sorted(cands) if _consistent(sk, t, match, i, j)]
            if len(allowed) <= 1:
                continue
            ans, p = self.lm.answer(sk, i, t.name, allowed)
            j = t.skeleton.index(ans) if ans is not None else -1
            if p >= cfg.lm_min_prob and j != match[i]:
                match[i] = j
                conf[i] = round(min(conf[i] + 0.1, p * 0.9) if j >= 0 else p * 0.9, 4)
                origin[i] = "lm"
        _chain_order(sk, t, match)


def _doubts(sk: Skeleton, conf: list[float], pats: list[str]) -> dict[str, list[str]]:
    from enginemind.families.bonemap.doubt import explain

    return {sk.names[i]: r for i, p in enumerate(pats) if conf[i] < REVIEW and (r := explain(p))}


def _consistent(sk: Skeleton, t: Target, match: list[int], i: int, j: int) -> bool:
    """Target j keeps the hierarchy (below the nearest mapped ancestor's target)."""
    a = sk.nearest_ancestor(i, lambda a: match[a] >= 0)
    return a < 0 or t.skeleton.is_ancestor(match[a], j)


def _apply_corrections(sk: Skeleton, t: Target, corrections: dict[str, str | None], match: list[int],
                       conf: list[float], origin: list[str]) -> None:
    tindex = {n: k for k, n in enumerate(t.skeleton.names)}
    for bone, tgt in corrections.items():
        if bone not in sk or (tgt is not None and tgt not in tindex):
            continue
        i = sk.index(bone)
        j = tindex[tgt] if tgt is not None else -1
        if j >= 0:
            for k, m in enumerate(match):
                if m == j and k != i:
                    match[k], conf[k], origin[k] = -1, 0.5, "feedback"
        match[i], conf[i], origin[i] = j, 1.0, "feedback"


def map_skeleton(skeleton: Skeleton | dict[str, Any], target: TargetSpec = "ue5_manny", engine: str = "matcher",
                 **kwargs: Any) -> MappingResult:
    """One-shot helper: ``map_skeleton({"bones": [...]}, "ue5_manny").to_dict()``."""
    sk = skeleton if isinstance(skeleton, Skeleton) else Skeleton.from_dict(skeleton)
    return Mapper(MapConfig(engine=engine), **kwargs).map(sk, target)
