"""Metrics of a telemetry model on held-out windows: AUROC / AP / precision-recall, or MAE for battery."""

from __future__ import annotations

import numpy as np

from enginemind.families.telemetry import features as F

COLLISION_THRESHOLD = 0.5


def metrics(task: str, y: np.ndarray, score: np.ndarray, threshold: float = COLLISION_THRESHOLD) -> dict[str, float]:
    """Quality numbers for ``score`` (the serving output) against ground truth ``y``."""
    if task == "battery":
        err = np.abs(score - y)
        return {"mae_s": float(err.mean()), "median_ae_s": float(np.median(err)),
                "mape": float((err / np.maximum(y, 1.0)).mean()), "windows": float(len(y))}
    p, r = F.precision_recall_at(y, score, threshold)
    return {"auroc": F.auroc(y, score), "average_precision": F.average_precision(y, score),
            "precision": p, "recall": r, "threshold": float(threshold),
            "positive_rate": float((np.asarray(y) > 0.5).mean()), "windows": float(len(y))}


def collision_events(score: np.ndarray, t_end: np.ndarray, robot: np.ndarray, robots: list[str],
                     events: dict[str, list[tuple[float, str]]], threshold: float, horizon_s: float,
                     merge_s: float = 1.0) -> dict[str, float]:
    """Event-wise quality: share of near-collisions alarmed in time, lead time, false alarms per robot-hour.

    An alarm is a run of windows at or above ``threshold`` (runs closer than ``merge_s`` merge). An event is caught
    when an alarm starts in [event - horizon_s, event + NEAR_BEFORE_S]; lead time = event - that alarm's start.
    Alarms that catch no event are false alarms.
    """
    caught = total = false = 0
    leads: list[float] = []
    hours = 0.0
    for k, rid in enumerate(robots):
        mask = robot == k
        if not mask.any():
            continue
        t, s = t_end[mask], score[mask]
        order = np.argsort(t)
        t, s = t[order], s[order]
        hours += (t[-1] - t[0]) / 3600.0
        alarms: list[float] = []
        last = -np.inf
        for ti, si in zip(t, s, strict=True):
            if si >= threshold:
                if ti - last > merge_s:
                    alarms.append(float(ti))
                last = ti
        evs = [te for te, name in events.get(rid, []) if name == "near_collision" and t[0] <= te <= t[-1]]
        used = set()
        for te in evs:
            total += 1
            hits = [i for i, a in enumerate(alarms) if te - horizon_s <= a <= te + F.NEAR_BEFORE_S]
            if hits:
                caught += 1
                leads.append(te - alarms[hits[0]])
                used.update(hits)
        false += len(alarms) - len(used)
    return {"event_recall": caught / total if total else float("nan"), "events": float(total),
            "median_lead_s": float(np.median(leads)) if leads else float("nan"),
            "false_alarms_per_robot_hour": false / hours if hours > 0 else float("nan")}
