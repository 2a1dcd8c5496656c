"""Inference with a trained skeleton model: per-bone role probabilities -> matcher evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from enginemind.errors import FailedPrecondition
from enginemind.families.bonemap.rig.roles import FINGERS, Evidence
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import Solution
from enginemind.families.bonemap.skelnet.features import CLASSES, featurize
from enginemind.families.bonemap.skelnet.train import META, WEIGHTS


class SkelModel:
    """A loaded SkelNet (CPU) with its metadata."""

    def __init__(self, model: Any, meta: dict[str, Any]) -> None:
        from enginemind.families.bonemap.calibration import Calibration
        from enginemind.families.bonemap.skelnet.combine import AutoRule

        self.model = model
        self.meta = meta
        self.auto_rule = AutoRule.from_dict(meta.get("auto_rule"))
        """When ``auto`` lets the model override the matcher (fitted with the model; default: never)."""
        self.calibration = {k: Calibration.from_dict(v) for k, v in (meta.get("calibration") or {}).items()}
        """Confidence maps of the ``auto`` and ``model`` engines fitted on the model's training conventions."""

    @classmethod
    def load(cls, folder: str | Path) -> SkelModel:
        import torch

        from enginemind.families.bonemap.skelnet.net import SkelNet

        folder = Path(folder)
        if not (folder / WEIGHTS).is_file() or not (folder / META).is_file():
            raise FailedPrecondition(f"{folder} holds no skeleton model ({WEIGHTS} + {META}); train one with "
                                     "`enginemind jobs submit bonemap_skeleton`")
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        if [tuple(c) for c in meta.get("classes", [])] != [tuple(c) for c in CLASSES]:
            raise FailedPrecondition("skeleton model was trained with another role table; retrain it")
        model = SkelNet(int(meta["hidden"]), int(meta["layers"]), 0.0)
        model.load_state_dict(torch.load(folder / WEIGHTS, map_location="cpu", weights_only=True))
        model.eval()
        return cls(model, meta)

    @classmethod
    def from_files(cls, files: dict[str, Path]) -> SkelModel:
        if WEIGHTS not in files:
            raise FailedPrecondition(f"registered skeleton model has no {WEIGHTS} artifact")
        return cls.load(files[WEIGHTS].parent)

    def probs(self, sk: Skeleton, sol: Solution | None = None) -> np.ndarray:
        """(bones, classes) probabilities."""
        import torch

        f = featurize(sk, sol)
        with torch.no_grad():
            logits = self.model(torch.from_numpy(f.grams), torch.from_numpy(f.num), torch.from_numpy(f.parent))
        return torch.softmax(logits, dim=1).numpy()

    def evidence(self, sk: Skeleton, sol: Solution | None = None, top: int = 3) -> list[list[Evidence]]:
        return probs_to_evidence(sk, self.probs(sk, sol), top)


def probs_to_evidence(sk: Skeleton, p: np.ndarray, top: int = 3) -> list[list[Evidence]]:
    """Top classes per bone as evidence; spine / neck runs get their relative position, twists their order."""
    out: list[list[Evidence]] = []
    best = p.argmax(1)
    for i in range(len(sk)):
        evs = []
        for c in np.argsort(-p[i])[:top]:
            kind, side, idx = CLASSES[int(c)]
            if kind == "null" or p[i, c] < 0.05:
                continue
            evs.append(Evidence(kind, side, idx, float(p[i, c])))
        out.append(evs)
    depth = sk.depths()
    for kind in ("spine", "neck"):
        run = sorted((i for i in range(len(sk)) if CLASSES[int(best[i])][0] == kind), key=lambda i: depth[i])
        for k, i in enumerate(run):
            r = k / (len(run) - 1) if len(run) > 1 else 0.0
            out[i] = [Evidence(e.kind, e.side, r if e.kind == kind else e.idx, e.weight) for e in out[i]]
    for i in range(len(sk)):
        out[i] = [Evidence(e.kind, e.side, 1.0, e.weight) if e.kind.endswith("_twist") else e for e in out[i]]
        out[i] = [e for e in out[i] if e.kind not in FINGERS or e.idx is not None]
    return out
