"""robot_telemetry storage on a real database: COPY, latest skip-scan, time ranges, series export."""

from __future__ import annotations

import time

import numpy as np

from enginemind.families.telemetry import history_export, store
from enginemind.families.telemetry.config import SimConfig, TelemetryTrainConfig
from enginemind.families.telemetry.data import load_windows
from enginemind.families.telemetry.sim import simulate


def _history(conn, robots: int = 4, seconds: float = 60.0, seed: int = 3) -> list[dict]:
    packets = [p for tick in simulate(SimConfig(robots=robots, hz=10, seed=seed, near_collision_rate=0.1),
                                      seconds, time.time() - seconds) for p in tick]
    assert store.copy_packets(conn, packets, batch=1000) == len(packets)
    return packets


def test_copy_and_queries(db_conn):
    packets = _history(db_conn)
    assert store.count(db_conn) == len(packets)
    latest = store.latest(db_conn)
    pairs = {(r["robot_id"], r["data_type"]) for r in latest}
    assert pairs == {(p["robot_id"], p["data_type"]) for p in packets}
    want = max((p for p in packets if p["robot_id"] == "EP02" and p["data_type"] == "imu"), key=lambda p: p["ts"])
    got = store.latest(db_conn, robot_id="EP02", data_type="imu")
    assert len(got) == 1 and abs(got[0]["ts"] - want["ts"]) < 1e-5
    assert got[0]["payload"]["ax"] == want["values"]["ax"]
    t_mid = packets[len(packets) // 2]["ts"]
    rows = store.time_range(db_conn, "EP01", t_mid, t_mid + 5, data_type="imu")
    assert 45 <= len(rows) <= 51 and all(t_mid - 1e-5 <= r["ts"] < t_mid + 5 for r in rows)
    assert [r["ts"] for r in rows] == sorted(r["ts"] for r in rows)


def test_a_row_is_inside_a_window_that_starts_at_its_own_time(db_conn):
    """Writes and query bounds round float seconds to microseconds the same way (to_timestamp does not)."""
    rng = np.random.default_rng(7)
    stamps = [1_795_998_568.0 + 0.005 * k + 0.001 * float(f) for k, f in enumerate(rng.random(200))]  # >= 4 ms apart
    store.copy_packets(db_conn, [{"robot_id": "EDGE", "data_type": "battery", "ts": t, "values": {"value": 0.5}}
                                 for t in stamps])
    for t in stamps:
        assert len(store.time_range(db_conn, "EDGE", t, t + 1e-3, data_type="battery")) == 1, t
        assert store.time_range(db_conn, "EDGE", t - 1e-3, t, data_type="battery") == [], t


def test_copy_escapes_text_and_series(db_conn):
    odd = {"robot_id": "R-1", "data_type": "event", "ts": time.time(), "values": {},
           "tags": {"event": "note", "text": 'tab\there, newline\nand back\\slash "quoted"'}}
    store.copy_packets(db_conn, [odd])
    row = store.latest(db_conn, robot_id="R-1")[0]
    assert row["payload"]["text"] == odd["tags"]["text"]
    _history(db_conn, robots=2, seconds=20)
    series = store.series(db_conn, "battery", ("value", "current"))
    t, vals = series["EP01"]
    assert vals.shape == (len(t), 2) and np.all(np.diff(t) > 0) and np.all((vals[:, 0] > 0) & (vals[:, 0] <= 1))


def test_windows_labels_and_export(db_conn, tmp_path):
    _history(db_conn, robots=3, seconds=60)
    w = load_windows(db_conn, TelemetryTrainConfig(task="collision", window=20, stride=1))
    assert w.x.shape[1:] == (20, 7) and 0.01 < w.y.mean() < 0.5
    # positive windows really contain the hard brake: their minimum forward acceleration is far lower
    assert w.x[w.y > 0.5, :, 0].min(axis=1).mean() < w.x[w.y < 0.5, :, 0].min(axis=1).mean() - 1.0
    b = load_windows(db_conn, TelemetryTrainConfig(task="battery", window=5, stride=1))
    assert np.all(b.y > 0) and np.median(b.y) > 600
    n = history_export.export_windows(db_conn, TelemetryTrainConfig(task="anomaly"), tmp_path / "w.h5")
    import h5py

    with h5py.File(tmp_path / "w.h5") as f:
        assert f["x"].shape[0] == n and f["y"].shape == (n,)
    rows = history_export.export_series(db_conn, "battery", None, ["EP01"], tmp_path / "b.csv")
    text = (tmp_path / "b.csv").read_text().splitlines()
    assert text[0] == "robot_id,time,value,current,voltage" and len(text) == rows + 1
    df = history_export.to_dataframe(db_conn, "imu", robots=["EP02"])
    assert list(df.columns[:2]) == ["robot_id", "time"] and len(df) == 600
