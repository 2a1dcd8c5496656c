"""End to end: history -> training job -> ONNX in the registry -> Brain Worker predictions -> hot-swap."""

from __future__ import annotations

import time

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from enginemind.families.telemetry.client import Collector
from enginemind.families.telemetry.export import IR_VERSION
from enginemind.v1 import telemetry_pb2 as pb
from tests.telemetry.helpers import fleet_packets, tclient, wait_for


def _train(client, config: dict) -> dict:  # type: ignore[no-untyped-def]
    job = client.submit_job("telemetry", config)
    done = client.wait_job(job.id, timeout_s=120)
    assert done.state == 3, f"job failed: {done.error}"
    return {e.metric.name: e.metric.value for e in client.watch_job(job.id) if e.WhichOneof("kind") == "metric"}


@pytest.mark.slow
def test_train_serve_and_hot_swap(backend, tmp_path):
    tc = tclient(backend)
    client = tc.client
    now = time.time()
    ack = tc.ingest_all(fleet_packets(8, 60, now - 200, seed=1, near_collision_rate=0.1))
    assert ack.rejected == 0 and ack.stored == ack.accepted
    metrics = _train(client, {"task": "collision", "epochs": 4, "hidden": 16, "set_production": True})
    assert metrics["val_auroc"] > 0.8 and 0 <= metrics["val_average_precision"] <= 1
    v1 = client.get_model("telemetry-collision", alias="production")
    assert v1.version == 1 and v1.metrics["auroc"] == pytest.approx(metrics["val_auroc"])
    path = client.download("telemetry-collision", tmp_path / "m.onnx", version=1)
    assert onnx.load(str(path)).ir_version == IR_VERSION
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert sess.run(None, {"window": np.zeros((3, 20, 7), np.float32)})[0].shape == (3, 1)
    wait_for(lambda: [m.version for m in tc.status().models if m.kind == "collision_risk"] == [1],
             what="brain loads v1")

    watch = Collector(tc.watch("predictions", kinds=["collision_risk"], heartbeat_s=0.5))
    time.sleep(0.3)
    live = fleet_packets(4, 4, time.time(), seed=9)
    tc.ingest_all(live)
    wait_for(lambda: sum(e.WhichOneof("body") == "prediction" for e in watch.items) >= 4, what="predictions")
    first = [e.prediction for e in watch.items if e.WhichOneof("body") == "prediction"]
    assert {p.model_version for p in first} == {1} and {p.robot_id for p in first} == {"EP01", "EP02", "EP03", "EP04"}
    assert all(0 <= p.score <= 1 and p.latency_us >= 0 and p.window_ms == 2000 for p in first)

    # a second version becomes production while packets keep flowing: the brain swaps without losing any
    _train(client, {"task": "collision", "epochs": 1, "hidden": 16})
    before = tc.status()
    streaming = fleet_packets(4, 30, time.time() + 10, seed=10)
    client.set_alias("telemetry-collision", 2, "production")
    ack = tc.ingest_all(streaming)
    assert ack.accepted == len(streaming)
    wait_for(lambda: any(e.prediction.model_version == 2 for e in watch.items if e.WhichOneof("body") == "prediction"),
             what="predictions from v2")
    after = tc.status()
    assert after.packets - before.packets == len(streaming)
    assert after.swaps == before.swaps + 1
    assert [(m.version, m.alias) for m in after.models if m.kind == "collision_risk"] == [(2, "production")]
    watch.stop()
    assert all(e.prediction.severity in (pb.SEVERITY_OK, pb.SEVERITY_WARN, pb.SEVERITY_ERROR)
               for e in watch.items if e.WhichOneof("body") == "prediction")
