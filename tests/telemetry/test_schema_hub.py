"""Packet validation, metrics and the conflating hub (no server)."""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest

from enginemind.families.telemetry.features import auroc, average_precision
from enginemind.families.telemetry.hub import Hub
from enginemind.families.telemetry.schema import validate


@pytest.mark.parametrize(("robot", "kind", "ts", "values", "tags", "fragment"), [
    ("", "imu", 0, {}, {}, "robot_id"),
    ("EP01", "lidar", 0, {}, {}, "data_type 'lidar' is unknown"),
    ("EP01", "imu", 0, {"ax": 1.0}, {}, "missing value(s) ay, az, gx, gy, gz"),
    ("EP01", "battery", 0, {"value": 87.0}, {}, "fraction in 0..1"),
    ("EP01", "battery", 0, {"value": float("nan")}, {}, "finite"),
    ("EP01", "battery", 1.7e12, {"value": 0.5}, {}, "plausible unix time"),
    ("EP01", "event", 0, {}, {}, "tags['event']"),
])
def test_validation_reasons(robot, kind, ts, values, tags, fragment):
    assert fragment in validate(robot, kind, ts, values, tags)


def test_valid_packet():
    assert validate("EP01", "battery", time.time(), {"value": 0.5}, {}) == ""


def test_auroc_and_ap_match_known_values():
    y = np.array([0, 0, 1, 1])
    s = np.array([0.1, 0.4, 0.35, 0.8])
    assert auroc(y, s) == pytest.approx(0.75)
    assert average_precision(y, s) == pytest.approx(0.8333333, rel=1e-6)  # scikit-learn's documented example
    assert auroc(np.array([0, 1, 1]), np.array([0.5, 0.5, 0.5])) == pytest.approx(0.5)


def test_hub_conflates_for_a_stalled_subscriber_and_keeps_order():
    async def run():
        hub = Hub()
        fast = hub.subscribe([], [])
        only = hub.subscribe(["EP02"], ["battery_tte"])
        for i in range(1000):  # nobody reads for a while
            hub.publish(f"EP0{i % 3}", "collision_risk", "prediction", i)
            hub.publish("EP02", "battery_tte", "prediction", -i)
        assert len(fast.pending) == 4 and len(only.pending) == 1
        items, dropped = await fast.take(0.1)
        assert [body for *_, body in items] == [997, 998, 999, -999] and dropped == 2000 - 4
        assert [seq for seq, *_ in items] == sorted(seq for seq, *_ in items)
        items, dropped = await only.take(0.1)
        assert [body for *_, body in items] == [-999] and dropped == 999
        assert await fast.take(0.05) == ([], 0)  # timeout -> caller sends a heartbeat
        hub.unsubscribe(fast)
        hub.unsubscribe(only)
        assert hub.publish("EP01", "x", "prediction", 1) == 0

    asyncio.run(run())


def test_event_wise_collision_metrics():
    from enginemind.families.telemetry.evaluate import collision_events

    t = np.arange(0, 3600, 0.5)  # one robot-hour of windows, 2 Hz
    score = np.zeros_like(t)
    score[(t >= 99.5) & (t <= 100.5)] = 0.9   # alarm 0.5 s before the event at 100 s: caught, lead 0.5 s
    score[(t >= 2000) & (t <= 2001)] = 0.9    # an alarm with no event: false
    events = {"EP01": [(100.0, "near_collision"), (3000.0, "near_collision"), (50.0, "anomaly_start")]}
    m = collision_events(score, t, np.zeros(len(t), int), ["EP01"], events, 0.5, horizon_s=1.0)
    assert m["events"] == 2 and m["event_recall"] == 0.5
    assert m["median_lead_s"] == 0.5 and abs(m["false_alarms_per_robot_hour"] - 1.0) < 0.01
