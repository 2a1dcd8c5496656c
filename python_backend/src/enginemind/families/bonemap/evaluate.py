"""Metrics: development-set accuracy / null precision / zero-error rigs and latency, per engine."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from enginemind.families.bonemap.corpus.devset import DevRig, score_rig, summarize
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.targets import load_target


def evaluate_dev(mapper: Mapper, rigs: list[DevRig], engine: str, target: str = "ue5_manny",
                 repeats: int = 1) -> dict[str, Any]:
    """Map every dev rig ``repeats`` times with ``engine``; accuracy from the first run, latency from all."""
    t = load_target(target)
    rows, times = [], []
    for rig in rigs:
        for r in range(repeats):
            t0 = time.perf_counter()
            res = mapper.map(rig.skeleton, t, engine=engine)
            times.append(time.perf_counter() - t0)
            if r == 0:
                rows.append(score_rig(rig, res.mapping))
    out: dict[str, Any] = dict(summarize(rows))
    out["rows"] = rows
    out["p50_ms"] = float(np.percentile(times, 50) * 1000)
    out["p99_ms"] = float(np.percentile(times, 99) * 1000)
    return out


def evaluate_examples(mapper: Mapper, rigs: list[tuple[Any, dict[str, str | None]]], engine: str,
                      target: str = "ue5_manny") -> dict[str, float]:
    """Bone accuracy (all bones, nulls included) on labelled synthetic rigs."""
    t = load_target(target)
    ok = total = 0
    for sk, labels in rigs:
        res = mapper.map(sk, t, engine=engine)
        for bone, want in labels.items():
            total += 1
            ok += int(res.mapping.get(bone) == want)
    return {"accuracy": ok / max(1, total), "bones": float(total)}
