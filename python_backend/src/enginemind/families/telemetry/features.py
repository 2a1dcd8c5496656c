"""Windows for the three tasks, built the same way from database history (training) and live packets.

collision / anomaly: IMU rows [ax, ay, az, gx, gy, gz] plus the latest speed, one row per IMU packet.
battery: battery rows [value (state of charge 0..1), current (A), voltage (V)], one row per battery packet.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

IMU_FIELDS = ("ax", "ay", "az", "gx", "gy", "gz")
MOTION_CHANNELS = (*IMU_FIELDS, "speed")
BATTERY_FIELDS = ("value", "current", "voltage")
EMPTY_SOC = 0.05
"""State of charge counted as empty for time-to-empty."""
FUTURE_S = 30.0
"""Battery labels: drain rate fitted over this many seconds after the window."""
NEAR_BEFORE_S = 0.3
"""A near_collision event this long before the window end still makes the window positive (the brake)."""


def channels(task: str) -> tuple[str, ...]:
    return BATTERY_FIELDS if task == "battery" else MOTION_CHANNELS


def motion_rows(imu_t: np.ndarray, imu: np.ndarray, vel_t: np.ndarray, speed: np.ndarray) -> np.ndarray:
    """IMU rows with the latest speed at or before each IMU time appended (N, 7)."""
    if len(vel_t):
        idx = np.clip(np.searchsorted(vel_t, imu_t, side="right") - 1, 0, len(vel_t) - 1)
        sp = np.where(np.searchsorted(vel_t, imu_t, side="right") > 0, speed[idx], 0.0)
    else:
        sp = np.zeros(len(imu_t))
    return np.concatenate([imu, sp[:, None]], axis=1)


def window_starts(n: int, window: int, stride: int) -> np.ndarray:
    return np.arange(0, max(0, n - window + 1), stride)


def stack_windows(rows: np.ndarray, starts: np.ndarray, window: int) -> np.ndarray:
    idx = starts[:, None] + np.arange(window)[None, :]
    return rows[idx].astype(np.float32)


def collision_labels(t_end: np.ndarray, events: Sequence[tuple[float, str]], horizon_s: float) -> np.ndarray:
    """1 where a near_collision event lies in [t_end - NEAR_BEFORE_S, t_end + horizon_s]."""
    te = np.array(sorted(t for t, name in events if name == "near_collision"))
    if not len(te):
        return np.zeros(len(t_end), dtype=np.float32)
    lo = np.searchsorted(te, t_end - NEAR_BEFORE_S, side="left")
    hi = np.searchsorted(te, t_end + horizon_s, side="right")
    return (hi > lo).astype(np.float32)


def anomaly_intervals(events: Sequence[tuple[float, str]], t_max: float) -> list[tuple[float, float]]:
    out, start = [], None
    for t, name in events:
        if name == "anomaly_start":
            start = t
        elif name == "anomaly_end" and start is not None:
            out.append((start, t))
            start = None
    if start is not None:
        out.append((start, t_max))
    return out


def anomaly_labels(t_start: np.ndarray, t_end: np.ndarray, intervals: list[tuple[float, float]]) -> np.ndarray:
    """1 where the window overlaps an injected anomaly."""
    y = np.zeros(len(t_end), dtype=np.float32)
    for a, b in intervals:
        y[(t_start <= b) & (t_end >= a)] = 1.0
    return y


def battery_labels(t: np.ndarray, soc: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Time to empty (s) at each window end, from a line fitted to the next FUTURE_S of state of charge.

    NaN where the history has too little future or the charge does not fall.
    """
    y = np.full(len(ends), np.nan, dtype=np.float64)
    for k, e in enumerate(ends):
        hi = np.searchsorted(t, t[e] + FUTURE_S, side="right")
        if hi - e < 5 or t[hi - 1] - t[e] < 0.8 * FUTURE_S:
            continue
        slope = np.polyfit(t[e:hi] - t[e], soc[e:hi], 1)[0]
        if slope < -1e-7:
            y[k] = max(0.0, (soc[e] - EMPTY_SOC) / -slope)
    return y


def auroc(y: np.ndarray, s: np.ndarray) -> float:
    """Area under the ROC curve (ties averaged); NaN when only one class is present."""
    y = np.asarray(y) > 0.5
    pos, neg = int(y.sum()), int((~y).sum())
    if pos == 0 or neg == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = np.asarray(s)[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    """Area under the precision-recall curve (step-wise, like scikit-learn's average_precision_score)."""
    y = np.asarray(y) > 0.5
    if not y.any():
        return float("nan")
    order = np.argsort(-np.asarray(s), kind="mergesort")
    hits = y[order]
    tp = np.cumsum(hits)
    precision = tp / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


def precision_recall_at(y: np.ndarray, s: np.ndarray, threshold: float) -> tuple[float, float]:
    y = np.asarray(y) > 0.5
    pred = np.asarray(s) >= threshold
    tp = float((pred & y).sum())
    return tp / max(1.0, float(pred.sum())), tp / max(1.0, float(y.sum()))
