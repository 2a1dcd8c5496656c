"""train(ctx, config) with a real database: battery and anomaly models, stop + resume from the checkpoint."""

from __future__ import annotations

import time

import numpy as np
import onnxruntime as ort
import psycopg
import pytest
from psycopg.rows import dict_row

from enginemind.errors import FailedPrecondition
from enginemind.families.telemetry import store
from enginemind.families.telemetry.config import TelemetryTrainConfig
from enginemind.families.telemetry.train import train
from enginemind.jobs.context import JobContext
from tests.telemetry.helpers import fleet_packets


class Recorder:
    def __init__(self, url: str, tmp, stop_after: int = 0) -> None:  # type: ignore[no-untyped-def]
        self.url, self.events, self.registered, self.stop_after = url, [], [], stop_after
        self.ctx = JobContext(job_id="t", work_dir=tmp, sink=lambda k, p: self.events.append((k, p)),
                              family="telemetry", register=self.register, connect=self.connect, _stop=self.should_stop,
                              progress_interval_s=0.0)

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True, row_factory=dict_row)

    def register(self, **kw):  # type: ignore[no-untyped-def]
        self.registered.append(kw)
        return {"version": len(self.registered)}

    def should_stop(self) -> bool:
        steps = [p["step"] for k, p in self.events if k == "progress"]
        return bool(self.stop_after) and bool(steps) and steps[-1] >= self.stop_after

    def metrics(self) -> dict[str, float]:
        return {p["name"]: p["value"] for k, p in self.events if k == "metric"}


@pytest.fixture
def history(db_conn):
    store.copy_packets(db_conn, fleet_packets(6, 90, time.time() - 100, seed=4))
    return db_conn


def test_battery_and_anomaly_models(history, database_url, tmp_path):
    rec = Recorder(database_url, tmp_path / "b")
    train(rec.ctx, TelemetryTrainConfig(task="battery", window=8, stride=1, epochs=3))
    m = rec.metrics()
    assert m["val_mape"] < 0.6 and m["val_mae_s"] > 0  # an untrained net is off by ~100% (MAPE ~1.0)
    assert m["val_prior_mape"] < 0.4  # the physics prior alone, reported next to it
    files = rec.registered[0]["files"]
    sess = ort.InferenceSession(str(files["model.onnx"]), providers=["CPUExecutionProvider"])
    out = sess.run(None, {"window": np.tile(np.array([0.5, 8.0, 23.0], np.float32), (1, 8, 1))})[0]
    assert out.shape == (1, 1) and 60 < out[0, 0] < 1e6
    rec = Recorder(database_url, tmp_path / "a")
    train(rec.ctx, TelemetryTrainConfig(task="anomaly", epochs=3))
    m = rec.metrics()
    assert m["val_auroc"] > 0.7 and m["val_threshold"] > 0
    assert rec.registered[0]["name"] == "telemetry-anomaly" and rec.registered[0]["family"] == "telemetry"


def test_stop_and_resume(history, database_url, tmp_path):
    cfg = TelemetryTrainConfig(task="collision", epochs=3, hidden=8, checkpoint_every=1000)
    first = Recorder(database_url, tmp_path, stop_after=5)
    train(first.ctx, cfg)
    assert not first.registered and (tmp_path / "checkpoint.pt").exists()
    second = Recorder(database_url, tmp_path)
    train(second.ctx, cfg)
    assert any(k == "log" and "resumed at step 5" in p["message"] for k, p in second.events)
    assert second.registered and second.metrics()["val_auroc"] > 0.5


def test_thin_history_says_what_to_do(database_url, tmp_path):
    rec = Recorder(database_url, tmp_path)
    with pytest.raises(FailedPrecondition, match="telemetry simulate"):
        train(rec.ctx, TelemetryTrainConfig(task="collision"))
