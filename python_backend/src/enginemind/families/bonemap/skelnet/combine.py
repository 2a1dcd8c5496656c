"""Analyses for the ``model`` and ``auto`` engines (evidence the matcher's global assignment consumes).

``auto`` keeps the matcher's answer except where the matcher is unsure and the model sure of another role:
a bone whose matcher confidence is below ``AutoRule.matcher_below`` while the model gives a different role
a probability of at least ``model_above`` takes the model's evidence, and the global assignment is solved
again. The rule is fitted on the model's own training conventions (``skelnet.calibrate``); the default
(``matcher_below`` 0) never overrides, so ``auto`` then equals the matcher and differs only in confidence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import Role
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import Solution
from enginemind.families.bonemap.rig.targets import Analysis, _top_roles
from enginemind.families.bonemap.skelnet.features import CLASSES


@dataclass(frozen=True)
class AutoRule:
    """When the skeleton model overrides the matcher in ``auto``."""

    matcher_below: float = 0.0
    """Only bones whose matcher confidence is below this (0 = never override)."""
    model_above: float = 1.0
    """... and whose model probability for another role is at least this."""

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> AutoRule:
        return cls(**{k: float(v) for k, v in (d or {}).items() if k in ("matcher_below", "model_above")})


def model_roles(probs: np.ndarray) -> list[Role | None]:
    """The model's most likely role per bone (None for the null class)."""
    out: list[Role | None] = []
    for c in probs.argmax(1):
        kind, side, idx = CLASSES[int(c)]
        out.append(None if kind == "null" else Role(kind, side, idx))
    return out


def model_analysis(sk: Skeleton, model: Any, sol: Solution | None = None,
                   probs: np.ndarray | None = None) -> Analysis:
    from enginemind.families.bonemap.skelnet.infer import probs_to_evidence

    ev = probs_to_evidence(sk, probs if probs is not None else model.probs(sk, sol))
    return Analysis(analyse_names(sk.names), ev, _top_roles(ev))


def override(sk: Skeleton, base: Analysis, match: list[int], conf: list[float], target: Any,
             probs: np.ndarray, rule: AutoRule) -> Analysis | None:
    """``base`` with the model's evidence on the bones the rule hands to the model; None when there are none."""
    if rule.matcher_below <= 0.0:
        return None
    from enginemind.families.bonemap.calibration import same_role
    from enginemind.families.bonemap.skelnet.infer import probs_to_evidence

    troles = target.analysis.roles
    mroles = model_roles(probs)
    pmax = probs.max(1)
    picked = [i for i in range(len(sk)) if conf[i] < rule.matcher_below and pmax[i] >= rule.model_above and
              not same_role(troles[match[i]] if match[i] >= 0 else None, mroles[i])]
    if not picked:
        return None
    mev = probs_to_evidence(sk, probs)
    ev = list(base.evidence)
    for i in picked:
        ev[i] = mev[i]
    return Analysis(base.infos, ev, _top_roles(ev), base.reroot)
