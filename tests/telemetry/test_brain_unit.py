"""Brain Worker with real exported ONNX models (no server): windows, batching, grading, diagnostics."""

from __future__ import annotations

import asyncio
import time

import numpy as np
import torch

from enginemind.families.telemetry.brain import Brain, grade
from enginemind.families.telemetry.client import to_proto
from enginemind.families.telemetry.export import export_onnx
from enginemind.families.telemetry.model import WindowNet
from enginemind.families.telemetry.slots import ModelSlot, ort_session
from enginemind.v1 import telemetry_pb2 as pb
from tests.telemetry.helpers import fleet_packets


def _slot(tmp_path, task: str, window: int, chans: int, threshold: float) -> ModelSlot:  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    path = export_onnx(WindowNet(task, window, chans, 8), tmp_path / f"{task}.onnx", {"threshold": str(threshold)})
    return ModelSlot(task=task, model=f"telemetry-{task}", version=3, alias="production", session=ort_session(path),
                     window=window, threshold=threshold, explain="test")


def test_brain_predicts_every_kind_in_batches(tmp_path):
    async def run() -> None:
        brain = Brain(db=None, artifacts_root=tmp_path)
        brain.slots = {"collision": _slot(tmp_path, "collision", 20, 7, 0.5),
                       "battery": _slot(tmp_path, "battery", 4, 3, 0.0),
                       "anomaly": _slot(tmp_path, "anomaly", 20, 7, 0.0)}  # threshold 0: everything anomalous
        sub = brain.predictions.subscribe([], [])
        packets = [to_proto(p) for p in fleet_packets(3, 6, time.time() - 6)]
        for p in packets:
            brain.on_packet(p, p.ts, time.perf_counter_ns())
            if p.robot_id == "EP03" and p.data_type == "pose":  # end of a tick, like the end of an ingest message
                brain.flush()
        items, _ = await sub.take(0.1)
        preds = [body for *_, body in items if isinstance(body, pb.AIPrediction)]
        kinds = {(p.robot_id, p.kind) for p in preds}
        assert kinds == {(r, k) for r in ("EP01", "EP02", "EP03") for k in ("collision_risk", "battery_tte", "anomaly")}
        assert all(p.model_version == 3 and p.latency_us >= 0 for p in preds)
        assert {p.window_ms for p in preds} == {2000, 4000}  # 20 IMU rows at 10 Hz, 4 battery rows at 1 Hz
        anomalies = [p for p in preds if p.kind == "anomaly"]
        assert all(p.label == "anomalous" and p.severity == pb.SEVERITY_WARN for p in anomalies)
        diags = [body for *_, body in items if isinstance(body, pb.Diagnostic)]
        assert {d.robot_id for d in diags} == {"EP01", "EP02", "EP03"}  # WARN from the anomaly model
        # 6 s at 10 Hz = 60 IMU rows per robot -> windows from row 20 on; battery 1 Hz -> 6 rows, window 4
        assert brain.predicted == 3 * (60 - 19) * 2 + 3 * (6 - 3)

    asyncio.run(run())


def test_grades():
    assert grade("collision", 0.9, 0.5) == ("risk", pb.SEVERITY_ERROR)
    assert grade("collision", 0.6, 0.5) == ("risk", pb.SEVERITY_WARN)
    assert grade("collision", 0.1, 0.5) == ("clear", pb.SEVERITY_OK)
    assert grade("battery", 60, 0) == ("low_battery", pb.SEVERITY_ERROR)
    assert grade("battery", 7200, 0) == ("ok", pb.SEVERITY_OK)


def test_robot_cap(tmp_path, monkeypatch):
    from enginemind.families.telemetry import brain as brain_mod

    monkeypatch.setattr(brain_mod, "MAX_ROBOTS", 2)
    brain = Brain(db=None, artifacts_root=tmp_path)

    async def run() -> None:
        for rid in ("A1", "A2"):
            assert brain.admit(rid) == ""
            brain.on_packet(pb.TelemetryPacket(robot_id=rid, data_type="battery", ts=1.0, values={"value": 0.5}),
                            1.0, 0)
        assert brain.admit("A1") == "" and "already tracks 2 robots" in brain.admit("A3")

    asyncio.run(run())


def test_live_windows_equal_training_windows(db_conn, tmp_path):
    from enginemind.families.telemetry import store
    from enginemind.families.telemetry.config import TelemetryTrainConfig
    from enginemind.families.telemetry.data import load_windows

    packets = fleet_packets(2, 5, time.time() - 5, seed=2)
    store.copy_packets(db_conn, packets)
    brain = Brain(db=None, artifacts_root=tmp_path)

    async def run() -> None:
        for p in packets:
            q = to_proto(p)
            brain.on_packet(q, q.ts, 0)

    asyncio.run(run())
    w = load_windows(db_conn, TelemetryTrainConfig(task="collision", window=20, stride=1))
    expect = w.x[w.robot == w.robots.index("EP01")][-1]
    assert np.allclose(brain.robots["EP01"].motion.window(20), expect, atol=1e-4)
    _, rows = store.series(db_conn, "battery", ("value", "current", "voltage"), ["EP01"])["EP01"]
    assert np.allclose(brain.robots["EP01"].battery.window(4), rows[-4:], atol=1e-4)
