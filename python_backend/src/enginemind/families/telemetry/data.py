"""Training windows of one task read from robot_telemetry (history written by relays or the simulator)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import psycopg

from enginemind.errors import FailedPrecondition
from enginemind.families.telemetry import features as F
from enginemind.families.telemetry import store
from enginemind.families.telemetry.config import TelemetryTrainConfig


@dataclass
class Windows:
    """X (N, W, C) float32, y (N,) labels or targets, robot (N,) index into robots, t_end (N,) unix seconds."""

    x: np.ndarray
    y: np.ndarray
    robot: np.ndarray
    t_end: np.ndarray
    robots: list[str]
    events: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    """Ground-truth event packets per robot (for event-wise evaluation)."""

    def data_hash(self) -> str:
        h = hashlib.sha256()
        for a in (self.x, self.y, self.t_end):
            h.update(np.ascontiguousarray(a).tobytes())
        return h.hexdigest()[:16]

    def split(self, val_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """Boolean masks (train, val) that hold out whole robots."""
        rng = np.random.default_rng(seed)
        order = rng.permutation(len(self.robots))
        n_val = max(1, int(round(len(order) * val_fraction))) if len(order) > 1 else 0
        val_ids = set(order[:n_val].tolist())
        val = np.isin(self.robot, list(val_ids))
        if not val.any() or val.all():  # one robot: split by time instead
            val = self.t_end >= np.quantile(self.t_end, 1 - val_fraction)
        return ~val, val


def load_windows(conn: psycopg.Connection, cfg: TelemetryTrainConfig) -> Windows:
    """Windows and labels for ``cfg.task``; FailedPrecondition when the history is too thin."""
    evs = store.events(conn, cfg.robots, cfg.since, cfg.until)
    xs, ys, rs, ts, names = [], [], [], [], []
    if cfg.task == "battery":
        series = store.series(conn, "battery", F.BATTERY_FIELDS, cfg.robots, cfg.since, cfg.until)
        for rid, (t, rows) in sorted(series.items()):
            starts = F.window_starts(len(t), cfg.window, cfg.stride)
            ends = starts + cfg.window - 1
            y = F.battery_labels(t, rows[:, 0], ends)
            keep = ~np.isnan(y)
            if keep.any():
                _append(xs, ys, rs, ts, names, rid, F.stack_windows(rows, starts[keep], cfg.window), y[keep],
                        t[ends[keep]])
    else:
        imu = store.series(conn, "imu", F.IMU_FIELDS, cfg.robots, cfg.since, cfg.until)
        vel = store.series(conn, "velocity", ("speed",), cfg.robots, cfg.since, cfg.until)
        for rid, (t, rows) in sorted(imu.items()):
            vt, vs = vel.get(rid, (np.zeros(0), np.zeros((0, 1))))
            motion = F.motion_rows(t, rows, vt, vs[:, 0])
            starts = F.window_starts(len(t), cfg.window, cfg.stride)
            if not len(starts):
                continue
            t_end, t_start = t[starts + cfg.window - 1], t[starts]
            robot_events = evs.get(rid, [])
            if cfg.task == "collision":
                y = F.collision_labels(t_end, robot_events, cfg.horizon_s)
            else:
                y = F.anomaly_labels(t_start, t_end, F.anomaly_intervals(robot_events, float(t[-1])))
            _append(xs, ys, rs, ts, names, rid, F.stack_windows(motion, starts, cfg.window), y, t_end)
    if not xs or sum(len(x) for x in xs) < 20:
        raise FailedPrecondition(
            f"not enough {cfg.task} history in robot_telemetry to train (need >= 20 windows of {cfg.window}); "
            "ingest more, e.g. `enginemind telemetry simulate --robots 20 --seconds 120 --history`")
    return Windows(np.concatenate(xs), np.concatenate(ys).astype(np.float32), np.concatenate(rs),
                   np.concatenate(ts), names, evs)


def _append(xs, ys, rs, ts, names, rid, x, y, t_end) -> None:  # type: ignore[no-untyped-def]
    names.append(rid)
    xs.append(x)
    ys.append(y)
    rs.append(np.full(len(x), len(names) - 1))
    ts.append(t_end)
