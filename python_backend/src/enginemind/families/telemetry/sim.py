"""Relay simulator: a fleet of mobile robots emitting battery, IMU, pose, velocity and event packets.

Incidents come with ground truth as ``event`` packets: ``near_collision`` (a fast swerving approach, then a
hard brake and a jolt) and ``anomaly_start``/``anomaly_end`` (sensor faults: noise burst, stuck IMU, spikes).
Packets are plain dicts ``{robot_id, data_type, ts, values, tags}`` (see ``schema.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from enginemind.families.telemetry.config import SimConfig

G = 9.81
NEAR_APPROACH_S = 1.0
NEAR_BRAKE_S = 0.3
CAPACITY_AH = 20.0
EMPTY_SOC = 0.05

Packet = dict[str, Any]


class Fleet:
    """State of every robot; ``step(ts)`` advances one tick of 1/hz seconds and returns its packets."""

    def __init__(self, cfg: SimConfig) -> None:
        self.cfg = cfg
        self.rng = np.random.default_rng(cfg.seed)
        n = cfg.robots
        width = max(2, len(str(n)))
        self.ids = [f"{cfg.prefix}{i + 1:0{width}d}" for i in range(n)]
        r = self.rng
        self.x, self.y = r.uniform(-20, 20, n), r.uniform(-20, 20, n)
        self.yaw = r.uniform(-math.pi, math.pi, n)
        self.v = r.uniform(0.2, 0.8, n)
        self.v_target = self.v.copy()
        self.yaw_rate = np.zeros(n)
        self.soc = r.uniform(0.3, 1.0, n)
        self.base_current = r.uniform(3.0, 6.0, n)
        self.near_t = np.full(n, -1.0)   # seconds into a near-collision episode (-1: none)
        self.anom_t = np.full(n, -1.0)   # seconds left of an injected anomaly
        self.anom_kind = [""] * n
        self.stuck: list[np.ndarray | None] = [None] * n
        self.tick = 0
        self.battery_every = max(1, round(cfg.hz / cfg.battery_hz))

    def step(self, ts: float) -> list[Packet]:
        cfg, r, n = self.cfg, self.rng, self.cfg.robots
        dt = 1.0 / cfg.hz
        out: list[Packet] = []
        start_near = (self.near_t < 0) & (r.random(n) < cfg.near_collision_rate * dt)
        self.near_t[start_near] = 0.0
        change = r.random(n) < 0.2 * dt
        self.v_target[change] = r.uniform(0.1, 1.0, int(change.sum()))
        v_prev = self.v.copy()
        ax_extra = np.zeros(n)
        gz_extra = np.zeros(n)
        az_extra = np.zeros(n)
        for i in np.flatnonzero(self.near_t >= 0):
            t = self.near_t[i]
            if t < NEAR_APPROACH_S:  # fast approach while swerving
                self.v_target[i] = 1.6
                gz_extra[i] = 1.8 * math.sin(2 * math.pi * 2.0 * t)
            elif t < NEAR_APPROACH_S + NEAR_BRAKE_S:  # hard brake and a jolt
                if t - dt < NEAR_APPROACH_S:
                    out.append(self._event(i, ts, "near_collision", {"min_distance_m": float(r.uniform(0.05, 0.3))}))
                self.v_target[i] = 0.0
                ax_extra[i] = -6.0
                az_extra[i] = r.normal(0, 3.0)
            self.near_t[i] = t + dt if t + dt < NEAR_APPROACH_S + NEAR_BRAKE_S + 0.5 else -1.0
        accel = np.clip(self.v_target - self.v, -0.8, 0.8) * 2.0
        self.v = np.clip(self.v + accel * dt + ax_extra * dt, 0.0, 2.0)
        self.yaw_rate = 0.9 * self.yaw_rate + 0.1 * r.normal(0, 0.4, n)
        gz = self.yaw_rate + gz_extra
        self.yaw = (self.yaw + gz * dt + math.pi) % (2 * math.pi) - math.pi
        self.x += self.v * np.cos(self.yaw) * dt
        self.y += self.v * np.sin(self.yaw) * dt
        ax = (self.v - v_prev) / dt + r.normal(0, 0.05, n)
        ay = self.v * gz + r.normal(0, 0.05, n)
        az = G + az_extra + r.normal(0, 0.05, n)
        gx, gy = r.normal(0, 0.01, n), r.normal(0, 0.01, n)
        gz_meas = gz + r.normal(0, 0.01, n)
        imu = np.stack([ax, ay, az, gx, gy, gz_meas], axis=1)
        imu = self._anomalies(ts, dt, imu, out)
        current = self.base_current + 6.0 * self.v + r.normal(0, 0.1, n)
        self.soc = np.clip(self.soc - current * dt / (CAPACITY_AH * 3600), 0.0, 1.0)
        battery_tick = self.tick % self.battery_every == 0
        for i, rid in enumerate(self.ids):
            a = imu[i]
            # velocity first: the Brain pairs each IMU row with the latest speed at or before it, like training
            out.append(_pkt(rid, "velocity", ts, vx=self.v[i] * math.cos(self.yaw[i]),
                            vy=self.v[i] * math.sin(self.yaw[i]), speed=self.v[i], wz=gz[i]))
            out.append(_pkt(rid, "imu", ts, ax=a[0], ay=a[1], az=a[2], gx=a[3], gy=a[4], gz=a[5]))
            out.append(_pkt(rid, "pose", ts, x=self.x[i], y=self.y[i], yaw=self.yaw[i]))
            if battery_tick:
                soc = self.soc[i] + r.normal(0, 0.0003)
                out.append(_pkt(rid, "battery", ts, value=float(np.clip(soc, 0, 1)), current=current[i],
                                voltage=21.0 + 4.2 * self.soc[i] - 0.02 * current[i]))
        self.tick += 1
        return out

    def _anomalies(self, ts: float, dt: float, imu: np.ndarray, out: list[Packet]) -> np.ndarray:
        r, n = self.rng, self.cfg.robots
        start = (self.anom_t < 0) & (self.near_t < 0) & (r.random(n) < self.cfg.anomaly_rate * dt)
        for i in np.flatnonzero(start):
            self.anom_t[i] = r.uniform(1.0, 2.0)
            self.anom_kind[i] = str(r.choice(["noise", "stuck", "spikes"]))
            self.stuck[i] = imu[i].copy()
            out.append(self._event(i, ts, "anomaly_start", {}, anomaly=self.anom_kind[i]))
        for i in np.flatnonzero(self.anom_t >= 0):
            kind = self.anom_kind[i]
            if kind == "noise":
                imu[i] += r.normal(0, 1.5, 6)
            elif kind == "stuck":
                imu[i] = self.stuck[i]
            else:
                imu[i, r.integers(0, 6)] += r.choice([-1, 1]) * r.uniform(8, 20)
            self.anom_t[i] -= dt
            if self.anom_t[i] < 0:
                out.append(self._event(i, ts, "anomaly_end", {}, anomaly=kind))
        return imu

    def _event(self, i: int, ts: float, name: str, values: dict[str, float], **tags: str) -> Packet:
        return {"robot_id": self.ids[i], "data_type": "event", "ts": ts, "values": values,
                "tags": {"event": name, "truth": "1", **tags}}


def _pkt(robot_id: str, data_type: str, ts: float, **values: float) -> Packet:
    return {"robot_id": robot_id, "data_type": data_type, "ts": ts,
            "values": {k: round(float(v), 5) for k, v in values.items()}, "tags": {}}


def simulate(cfg: SimConfig, seconds: float, start_ts: float) -> Iterator[list[Packet]]:
    """Ticks of packets over ``seconds`` of simulated time starting at ``start_ts`` (no sleeping)."""
    fleet = Fleet(cfg)
    for k in range(int(round(seconds * cfg.hz))):
        yield fleet.step(start_ts + k / cfg.hz)
