"""No single client can stall the server: big ingest messages, bad packets, huge or abandoned skeleton imports."""

from __future__ import annotations

import concurrent.futures
import json
import threading
import time

import grpc
import pytest

from enginemind.client.discovery import auth_metadata, read_token
from enginemind.v1 import jobs_pb2, jobs_pb2_grpc, skeleton_pb2, skeleton_pb2_grpc, telemetry_pb2, telemetry_pb2_grpc

INVALID = grpc.StatusCode.INVALID_ARGUMENT


@pytest.fixture
def wire(shared_backend):  # type: ignore[no-untyped-def]
    with shared_backend.client() as client, grpc.insecure_channel(client.target) as channel:
        yield channel, auth_metadata(read_token(shared_backend.data_dir / "token"))


def _packets(n: int, t0: float) -> list[telemetry_pb2.TelemetryPacket]:
    return [telemetry_pb2.TelemetryPacket(robot_id=f"R{i % 20:02d}", data_type="battery", ts=t0 + i * 1e-4,
                                          values={"value": 0.5}) for i in range(n)]


def _ingest(channel: grpc.Channel, md, messages) -> telemetry_pb2.IngestAck:  # type: ignore[no-untyped-def]
    acks = list(telemetry_pb2_grpc.TelemetryStub(channel).Ingest(iter(messages), metadata=md, timeout=120))
    return acks[-1]


def _gltf(nodes: int) -> bytes:
    items = [{"name": f"b{i}", "translation": [0, 0.1, 0], **({"children": [i + 1]} if i + 1 < nodes else {})}
             for i in range(nodes)]
    return json.dumps({"asset": {"version": "2.0"}, "nodes": items}).encode()


def _list_latency(channel: grpc.Channel, md, n: int = 5) -> float:  # type: ignore[no-untyped-def]
    jobs = jobs_pb2_grpc.JobsStub(channel)
    worst = 0.0
    for _ in range(n):
        t0 = time.perf_counter()
        jobs.List(jobs_pb2.ListJobsRequest(), metadata=md, timeout=60)
        worst = max(worst, time.perf_counter() - t0)
        time.sleep(0.05)
    return worst


def test_one_bad_packet_is_rejected_alone_and_huge_messages_are_refused(wire) -> None:  # type: ignore[no-untyped-def]
    channel, md = wire
    packets = _packets(200, time.time() - 60)
    packets.insert(120, telemetry_pb2.TelemetryPacket(robot_id="R01", data_type="event", ts=time.time() - 30,
                                                      tags={"event": "near\0collision"}))
    ack = _ingest(channel, md, [telemetry_pb2.IngestRequest(packets=packets)])
    assert (ack.received, ack.rejected, ack.stored) == (201, 1, 200)
    assert ack.rejections[0].index == 120 and "NUL" in ack.rejections[0].reason
    with pytest.raises(grpc.RpcError) as err:
        _ingest(channel, md, [telemetry_pb2.IngestRequest(packets=_packets(10_001, time.time() - 50))])
    assert err.value.code() == INVALID and "at most 10,000 packets" in err.value.details()


def test_a_flood_of_big_ingest_messages_does_not_stall_jobs_list(wire) -> None:  # type: ignore[no-untyped-def]
    channel, md = wire
    t0 = time.time() - 3000
    messages = [telemetry_pb2.IngestRequest(packets=_packets(10_000, t0 + k)) for k in range(6)]
    flood = threading.Thread(target=_ingest, args=(channel, md, messages))
    flood.start()
    time.sleep(0.3)
    worst = _list_latency(channel, md, n=15)
    flood.join(120)
    assert worst < 0.5, f"Jobs.List took {worst * 1000:.0f} ms while a client flooded Ingest"


def test_bad_or_huge_skeleton_files_are_refused_before_parsing(wire) -> None:  # type: ignore[no-untyped-def]
    channel, md = wire
    skeleton = skeleton_pb2_grpc.SkeletonStub(channel)
    vrm = {"asset": {"version": "2.0"}, "nodes": [{"name": "hips"}],
           "extensions": {"VRM": {"humanoid": {"humanBones": {"hips": 0}}}}}
    cases = {
        "100k nodes": (_gltf(100_000), "big.gltf", "at most"),
        "rotation of 2": (json.dumps({"asset": {}, "nodes": [{"name": "a", "rotation": [0, 1]}]}).encode(),
                          "r.gltf", "rotation"),
        "5k deep JSON": (b'{"asset": {}, "nodes": ' + b"[" * 5000 + b"]" * 5000 + b"}", "deep.gltf", "nested"),
        "humanBones of the wrong type": (json.dumps(vrm).encode(), "x.vrm", "humanBones"),
    }
    for what, (data, name, expect) in cases.items():
        t0 = time.perf_counter()
        with pytest.raises(grpc.RpcError) as err:
            skeleton.ImportSkeleton(skeleton_pb2.ImportSkeletonRequest(data=data, filename=name), metadata=md,
                                    timeout=60)
        assert err.value.code() == INVALID and expect in err.value.details(), (what, err.value.details())
        assert time.perf_counter() - t0 < 10, what


def test_abandoned_imports_do_not_stall_database_calls(wire) -> None:  # type: ignore[no-untyped-def]
    channel, md = wire
    skeleton = skeleton_pb2_grpc.SkeletonStub(channel)
    request = skeleton_pb2.ImportSkeletonRequest(data=_gltf(1000), filename="slow.gltf")  # ~2 s of parsing each

    def abandon() -> None:
        try:
            skeleton.ImportSkeleton(request, metadata=md, timeout=0.3)
        except grpc.RpcError:
            pass

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: abandon(), range(8)))
    worst = _list_latency(channel, md)
    assert worst < 1.0, f"Jobs.List took {worst * 1000:.0f} ms behind abandoned imports"
