"""Telemetry service against a real server and database: ingest, rejections, queries, streams, STALE."""

from __future__ import annotations

import time

import grpc
import pytest

from enginemind.client import ClientError
from enginemind.families.telemetry.client import Collector
from enginemind.v1 import telemetry_pb2 as pb
from tests.telemetry.helpers import fleet_packets, tclient, wait_for


def test_ingest_rejects_bad_packets_and_keeps_the_rest(backend):
    tc = tclient(backend)
    now = time.time()
    packets = fleet_packets(3, 10, now - 10)
    bad = {5: {"robot_id": "EP01", "data_type": "battery", "ts": now, "values": {"value": 55.0}},
           17: {"robot_id": "bad id!", "data_type": "imu", "ts": now, "values": {}},
           40: {"robot_id": "EP01", "data_type": "sonar", "ts": now, "values": {"d": 1.0}}}
    for i, p in sorted(bad.items()):
        packets.insert(i, p)
    ack = tc.ingest_all(packets)
    assert ack.final and ack.received == len(packets) and ack.rejected == 3
    assert ack.accepted == ack.stored == len(packets) - 3
    assert [r.index for r in ack.rejections] == [5, 17, 40]
    assert "fraction in 0..1" in ack.rejections[0].reason and "unknown" in ack.rejections[2].reason
    latest = tc.query(latest=True)
    assert {(p.robot_id, p.data_type) for p in latest} >= {("EP01", "imu"), ("EP03", "battery")}
    rng = tc.query(robot_id="EP02", data_type="imu", since=now - 10, limit=500)
    assert len(rng) == 100 and rng[0].values["az"] > 5
    with pytest.raises(ClientError) as err:
        tc.query(robot_id="", since=1.0)
    assert err.value.code == grpc.StatusCode.INVALID_ARGUMENT


def test_watch_telemetry_filters_heartbeats_and_stale(backend):
    tc = tclient(backend)
    watch = Collector(tc.watch("telemetry", robots=["EP02"], kinds=["battery"], heartbeat_s=0.2))
    preds = Collector(tc.watch("predictions", kinds=["diagnostic"], heartbeat_s=0.2))
    time.sleep(0.5)
    tc.ingest_all(fleet_packets(3, 3, time.time() - 3))
    wait_for(lambda: any(e.WhichOneof("body") == "telemetry" for e in watch.items), what="telemetry")
    # the robots stop sending: after stale_after_s (2 s) each gets a STALE diagnostic
    wait_for(lambda: len({e.diagnostic.robot_id for e in preds.items
                          if e.WhichOneof("body") == "diagnostic" and e.diagnostic.level == pb.SEVERITY_STALE}) == 3,
             timeout_s=10, what="STALE diagnostics")
    items, diag = watch.stop(), preds.stop()
    data = [e for e in items if e.WhichOneof("body") == "telemetry"]
    assert data and all(e.telemetry.robot_id == "EP02" and e.telemetry.data_type == "battery" for e in data)
    assert any(e.WhichOneof("body") == "heartbeat" for e in items)
    seqs = [e.seq for e in diag if e.WhichOneof("body") != "heartbeat"]
    assert seqs == sorted(seqs)
    status = tc.status()
    assert {r.robot_id for r in status.robots} == {"EP01", "EP02", "EP03"}
    assert all(r.level == pb.SEVERITY_STALE for r in status.robots)
    # a robot that sends again is OK again
    tc.ingest_all([{"robot_id": "EP01", "data_type": "battery", "ts": time.time(), "values": {"value": 0.5}}])
    assert {r.robot_id: r.level for r in tc.status().robots}["EP01"] == pb.SEVERITY_OK


def test_stalled_subscriber_is_conflated_and_does_not_slow_others(backend):
    tc = tclient(backend)
    other = tclient(backend)  # its own connection, like a second dashboard
    stalled = other.watch("telemetry", heartbeat_s=0.1)
    next(iter(stalled))  # open, then never read again
    live = Collector(tc.watch("telemetry", kinds=["imu"]))
    time.sleep(0.3)
    packets = fleet_packets(20, 60, time.time() - 60)  # ~74k packets
    t0 = time.monotonic()
    ack = tc.ingest_all(packets)
    assert ack.stored == len(packets)
    status = tc.status()
    assert status.pending <= 20 * 4 + 20  # at most one value per (robot, kind) per subscriber
    last = {p["robot_id"]: p["ts"] for p in packets if p["data_type"] == "imu"}
    wait_for(lambda: {e.telemetry.robot_id: e.telemetry.ts for e in live.items
                      if e.WhichOneof("body") == "telemetry"} == last, what="latest imu per robot")
    assert time.monotonic() - t0 < 60
    got = live.stop()
    assert sum(e.dropped for e in got) + sum(e.WhichOneof("body") == "telemetry" for e in got) >= 20 * 600
    stalled.cancel()
