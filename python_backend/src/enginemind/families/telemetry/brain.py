"""Brain Worker: per-robot sliding windows -> onnxruntime models -> AIPrediction / Diagnostic on the hubs.

Runs inside the server's event loop. Packets are handled as they arrive; robots whose window changed are
batched into one onnxruntime call per model on the next loop turn. Models follow the registry's
``production`` alias (LISTEN on the model-alias channel); a new version is loaded and warmed up in a thread and then
swapped in with one assignment, so no packet is dropped or sees a half-loaded model.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from enginemind.families.telemetry.config import MODEL_NAMES
from enginemind.families.telemetry.features import BATTERY_FIELDS, IMU_FIELDS
from enginemind.families.telemetry.hub import Hub
from enginemind.families.telemetry.slots import ModelSlot, load_slot
from enginemind.v1 import telemetry_pb2 as pb

log = logging.getLogger(__name__)
OK, WARN, ERROR, STALE = pb.SEVERITY_OK, pb.SEVERITY_WARN, pb.SEVERITY_ERROR, pb.SEVERITY_STALE
PRED_KIND = {"collision": "collision_risk", "battery": "battery_tte", "anomaly": "anomaly"}
HISTORY = 128
"""Longest window a model may use (rows kept per robot and stream)."""
MAX_ROBOTS = 20000
"""Robots tracked at once (~10 KiB each); packets of further new robots are rejected."""


class Ring:
    """The last HISTORY rows of one robot stream without per-row allocation."""

    def __init__(self, chans: int) -> None:
        self.buf = np.zeros((2 * HISTORY, chans), dtype=np.float32)
        self.ts = np.zeros(2 * HISTORY)
        self.i = 0
        self.n = 0
        self.last_ts = 0.0
        self.last_ns = 0

    def push(self, row: list[float], ts: float, recv_ns: int) -> None:
        if self.i == len(self.buf):
            self.buf[:HISTORY] = self.buf[HISTORY:]
            self.ts[:HISTORY] = self.ts[HISTORY:]
            self.i = HISTORY
        self.buf[self.i] = row
        self.ts[self.i] = ts
        self.i += 1
        self.n += 1
        self.last_ts, self.last_ns = ts, recv_ns

    def span_ms(self, w: int) -> int:
        """Time covered by the last ``w`` rows (first to last plus one mean period), in ms."""
        first, last = self.ts[self.i - w], self.ts[self.i - 1]
        return int(round((last - first) * w / max(1, w - 1) * 1000))

    def window(self, w: int) -> np.ndarray | None:
        return self.buf[self.i - w:self.i] if self.n >= w else None


@dataclass
class Robot:
    motion: Ring = field(default_factory=lambda: Ring(len(IMU_FIELDS) + 1))
    battery: Ring = field(default_factory=lambda: Ring(len(BATTERY_FIELDS)))
    speed: float = 0.0
    last_seen: float = 0.0
    last_seen_mono: float = 0.0
    levels: dict[str, int] = field(default_factory=dict)
    level: int = OK


def grade(task: str, score: float, threshold: float) -> tuple[str, int]:
    """(label, severity) of one prediction, like a ROS DiagnosticStatus level."""
    if task == "collision":
        return ("risk", ERROR if score >= 0.8 else WARN) if score >= threshold else ("clear", OK)
    if task == "battery":
        return ("low_battery", ERROR) if score < 120 else ("low_battery", WARN) if score < 600 else ("ok", OK)
    return ("anomalous", WARN) if score >= threshold else ("normal", OK)


class Brain:
    """Owns robot state, model slots and the two hubs (predictions, telemetry)."""

    def __init__(self, db: Any, artifacts_root: Any, *, stale_after_s: float = 2.0) -> None:
        self.db = db
        self.artifacts_root = artifacts_root
        self.stale_after_s = stale_after_s
        self.predictions = Hub()
        self.telemetry = Hub()
        self.robots: dict[str, Robot] = {}
        self.slots: dict[str, ModelSlot] = {}
        self.packets = self.predicted = self.swaps = 0
        self._dirty: dict[str, set[str]] = {"motion": set(), "battery": set()}
        self._scheduled = False
        self._tasks: list[asyncio.Task[None]] = []
        self._reload_lock = asyncio.Lock()

    # ---- lifecycle -------------------------------------------------------------------------------------
    async def start(self) -> None:
        await self.reload_all()
        self._tasks = [asyncio.create_task(self._listen(), name="brain-listen"),
                       asyncio.create_task(self._stale_loop(), name="brain-stale")]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def reload_all(self) -> None:
        for task in MODEL_NAMES:
            await self.reload(task)

    async def reload(self, task: str) -> bool:
        """Load the production (else latest) version of ``task`` if it changed; True when swapped."""
        async with self._reload_lock:
            current = self.slots.get(task)
            try:
                slot = await asyncio.to_thread(load_slot, self.db, self.artifacts_root, task, current)
            except Exception as exc:  # noqa: BLE001 - keep serving the old model, say why
                log.warning("brain: could not load %s model: %s", task, exc)
                return False
            if slot is None or slot is current:
                return False
            self.slots[task] = slot  # the swap: the next batch uses the new session
            self.swaps += 1
            log.info("brain: %s now runs %s v%d (%s)", task, slot.model, slot.version, slot.alias)
            return True

    async def _listen(self) -> None:
        from enginemind.db.listen import MODEL_ALIAS_CHANNEL, listen_forever

        await listen_forever(self.db.url, MODEL_ALIAS_CHANNEL, self._on_alias, on_connect=self.reload_all,
                             max_backoff_s=10.0, name="brain alias listener")

    async def _on_alias(self, payload: str) -> None:
        model, _, alias = payload.partition(":")
        for task, name in MODEL_NAMES.items():
            if model == name and alias == "production":
                await self.reload(task)

    async def _stale_loop(self) -> None:
        while True:
            await asyncio.sleep(min(0.25, self.stale_after_s / 4))
            now = time.monotonic()
            for rid, robot in self.robots.items():
                if robot.level != STALE and now - robot.last_seen_mono > self.stale_after_s:
                    robot.level = STALE
                    self._diag(rid, robot, STALE, "link", f"no packets for {self.stale_after_s:g} s")

    # ---- packets ---------------------------------------------------------------------------------------
    def admit(self, robot_id: str) -> str:
        """Empty when the Brain can track ``robot_id``, else the rejection reason."""
        if robot_id in self.robots or len(self.robots) < MAX_ROBOTS:
            return ""
        return f"the server already tracks {MAX_ROBOTS} robots; check the relay's robot ids"

    def on_packet(self, p: pb.TelemetryPacket, ts: float, recv_ns: int) -> None:
        """Handle one valid packet (``ts`` resolved, ``recv_ns`` = perf_counter_ns at receipt)."""
        self.packets += 1
        rid, kind = p.robot_id, p.data_type
        robot = self.robots.get(rid)
        if robot is None:
            robot = self.robots[rid] = Robot()
        robot.last_seen, robot.last_seen_mono = ts, time.monotonic()
        if robot.level == STALE:
            robot.level = OK
            self._diag(rid, robot, self._worst(robot), "link", "receiving again")
        if self.telemetry.subscribers:
            self.telemetry.publish(rid, kind, "telemetry", p)
        v = p.values
        if kind == "imu":
            robot.motion.push([v["ax"], v["ay"], v["az"], v["gx"], v["gy"], v["gz"], robot.speed], ts, recv_ns)
            self._mark("motion", rid)
        elif kind == "velocity":
            robot.speed = v["speed"]
        elif kind == "battery":
            robot.battery.push([v["value"], v.get("current", 0.0), v.get("voltage", 0.0)], ts, recv_ns)
            self._mark("battery", rid)

    def _mark(self, stream: str, rid: str) -> None:
        self._dirty[stream].add(rid)
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def flush(self) -> None:
        """Run the models for every robot whose window changed since the last flush."""
        self._flush()

    def _flush(self) -> None:
        self._scheduled = False
        if not (self._dirty["motion"] or self._dirty["battery"]):
            return
        dirty, self._dirty = self._dirty, {"motion": set(), "battery": set()}
        for task, slot in list(self.slots.items()):
            stream = "battery" if task == "battery" else "motion"
            if dirty[stream]:
                self._predict(task, slot, stream, dirty[stream])

    def _predict(self, task: str, slot: ModelSlot, stream: str, rids: set[str]) -> None:
        ready, wins = [], []
        for rid in rids:
            ring = getattr(self.robots[rid], stream)
            win = ring.window(slot.window)
            if win is not None:
                ready.append(rid)
                wins.append(win)
        if not wins:
            return
        out = slot.run(np.stack(wins))
        now_ns = time.perf_counter_ns()
        for rid, score in zip(ready, out, strict=True):
            robot = self.robots[rid]
            ring = getattr(robot, stream)
            label, level = grade(task, float(score), slot.threshold)
            pred = pb.AIPrediction(
                robot_id=rid, ts=ring.last_ts, kind=PRED_KIND[task], label=label, score=float(score),
                model=slot.model, model_version=slot.version, window_ms=ring.span_ms(slot.window),
                latency_us=(now_ns - ring.last_ns) // 1000, severity=level, explanation=slot.explain)
            self.predicted += 1
            self.predictions.publish(rid, PRED_KIND[task], "prediction", pred)
            if robot.levels.get(task, OK) != level:
                robot.levels[task] = level
                if robot.level != STALE:
                    worst = self._worst(robot)
                    self._diag(rid, robot, worst, PRED_KIND[task], f"{PRED_KIND[task]} {label} ({score:.3g})")

    @staticmethod
    def _worst(robot: Robot) -> int:
        return max(robot.levels.values(), default=OK)

    def _diag(self, rid: str, robot: Robot, level: int, name: str, message: str) -> None:
        robot.level = level
        self.predictions.publish(rid, "diagnostic", "diagnostic", pb.Diagnostic(
            robot_id=rid, level=level, name=name, message=message, last_seen=robot.last_seen))

    # ---- status ----------------------------------------------------------------------------------------
    def status(self) -> pb.TelemetryStatus:
        return pb.TelemetryStatus(
            models=[pb.LoadedModel(kind=PRED_KIND[t], model=s.model, version=s.version, alias=s.alias)
                    for t, s in sorted(self.slots.items())],
            robots=[pb.Diagnostic(robot_id=rid, level=r.level, name="robot", last_seen=r.last_seen)
                    for rid, r in sorted(self.robots.items())],
            packets=self.packets, predictions=self.predicted, swaps=self.swaps,
            pending=self.predictions.pending_total() + self.telemetry.pending_total(),
            subscribers=len(self.predictions.subscribers) + len(self.telemetry.subscribers))
