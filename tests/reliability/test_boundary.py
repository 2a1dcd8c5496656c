"""Bad input gets a status and a short message at the RPC boundary, never INTERNAL/UNKNOWN or an echo."""

from __future__ import annotations

import math

import grpc
import pytest
from google.protobuf import struct_pb2

from enginemind.client import ClientError
from enginemind.client.discovery import auth_metadata, read_token
from enginemind.server.convert import to_struct
from enginemind.v1 import jobs_pb2, jobs_pb2_grpc, session_pb2, session_pb2_grpc, telemetry_pb2, telemetry_pb2_grpc

INVALID = grpc.StatusCode.INVALID_ARGUMENT


def _code(fn) -> tuple[grpc.StatusCode, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.RpcError) as err:
        fn()
    return err.value.code(), err.value.details()


@pytest.fixture
def wire(shared_backend):  # type: ignore[no-untyped-def]
    """(channel, good metadata) of a running backend, for calls the Python client would never make."""
    info = shared_backend.client()
    token = read_token(shared_backend.data_dir / "token")
    with grpc.insecure_channel(info.target) as channel:
        yield channel, auth_metadata(token)
    info.close()


def test_malformed_payloads_are_invalid_argument_and_parsed_only_after_auth(wire) -> None:  # type: ignore[no-untyped-def]
    channel, md = wire
    raw = channel.unary_unary("/enginemind.v1.Jobs/Get")
    assert _code(lambda: raw(b"\x0a\xff\xff\xff\xff\x0f", metadata=md, timeout=10))[0] == INVALID
    assert _code(lambda: raw(b"\x0a\xff\xff", timeout=10))[0] == grpc.StatusCode.UNAUTHENTICATED  # no token
    twice = md + md
    code, details = _code(lambda: raw(jobs_pb2.GetJobRequest(id="j-1").SerializeToString(), metadata=twice,
                                      timeout=10))
    assert code == grpc.StatusCode.UNAUTHENTICATED and "exactly one" in details
    value = b"\x1a\x04leaf"  # Value{string_value: "leaf"}, then wrapped 150 times: deeper than protobuf parses
    for _ in range(150):
        inner = b"\x0a" + _varint(len(value)) + value  # ListValue{values: [value]}
        value = b"\x32" + _varint(len(inner)) + inner  # Value{list_value: ...}
    entry = b"\x0a\x01x\x12" + _varint(len(value)) + value
    config = b"\x0a" + _varint(len(entry)) + entry
    request = b"\x0a\x04demo\x12" + _varint(len(config)) + config  # SubmitJobRequest{family, config}
    submit = channel.unary_unary("/enginemind.v1.Jobs/Submit")
    assert _code(lambda: submit(request, metadata=md, timeout=10))[0] == INVALID


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def test_nul_nan_huge_and_unknown_values_are_refused_briefly(wire) -> None:  # type: ignore[no-untyped-def]
    channel, md = wire
    jobs = jobs_pb2_grpc.JobsStub(channel)
    session = session_pb2_grpc.SessionStub(channel)
    telemetry = telemetry_pb2_grpc.TelemetryStub(channel)
    calls = {
        "nul in a config string": lambda: jobs.Submit(jobs_pb2.SubmitJobRequest(
            family="demo", config=to_struct({"model_name": "a\0b"})), metadata=md, timeout=10),
        "nul in an id": lambda: jobs.Get(jobs_pb2.GetJobRequest(id="j-\0"), metadata=md, timeout=10),
        "nan in a config": lambda: jobs.Submit(jobs_pb2.SubmitJobRequest(
            family="demo", config=struct_pb2.Struct(fields={"lr": struct_pb2.Value(number_value=math.nan)})),
            metadata=md, timeout=10),
        "1e20 steps": lambda: jobs.Submit(jobs_pb2.SubmitJobRequest(family="demo", config=to_struct({"steps": 1e20})),
                                          metadata=md, timeout=10),
        "bad model name": lambda: jobs.Submit(jobs_pb2.SubmitJobRequest(
            family="demo", config=to_struct({"model_name": "../x"})), metadata=md, timeout=10),
        "nan since": lambda: telemetry.Query(telemetry_pb2.QueryRequest(robot_id="r1", since=math.nan),
                                             metadata=md, timeout=10),
        "unknown job state": lambda: jobs.List(jobs_pb2.ListJobsRequest(state=99), metadata=md, timeout=10),
        "empty api version": lambda: session.Handshake(session_pb2.HandshakeRequest(), metadata=md, timeout=10),
        "api version '1'": lambda: session.Handshake(session_pb2.HandshakeRequest(client_api_version="1"),
                                                     metadata=md, timeout=10),
        "non-ascii digits": lambda: session.Handshake(session_pb2.HandshakeRequest(client_api_version="١.0.0"),
                                                      metadata=md, timeout=10),
        "10 MB id": lambda: jobs.Get(jobs_pb2.GetJobRequest(id="x" * 10_000_000), metadata=md, timeout=30),
        "100k unknown keys": lambda: jobs.Submit(jobs_pb2.SubmitJobRequest(
            family="demo", config=to_struct({f"k{i}": 1 for i in range(100_000)})), metadata=md, timeout=30),
    }
    for what, call in calls.items():
        code, details = _code(call)
        assert code == INVALID, (what, code, details[:300])
        assert 0 < len(details) <= 1000, (what, len(details))
    assert "more" in _code(calls["100k unknown keys"])[1]


def test_job_paths_and_nproc_are_checked_at_submit(shared_backend) -> None:  # type: ignore[no-untyped-def]
    with shared_backend.client() as client:
        for family, config in (("restore", {"data": {"source": "folder", "path": "/etc"}}),
                               ("bonemap", {"base_model": "/"})):
            with pytest.raises(ClientError) as err:
                client.submit_job(family, config)
            assert err.value.code == INVALID and "outside the folders jobs may read" in err.value.details
            assert "No such" not in err.value.details and "passwd" not in err.value.details
        with pytest.raises(ClientError) as err:
            client.submit_job("bonemap", {"targets": ["no_such_rig"]})
        assert err.value.code == INVALID and "unknown target" in err.value.details
        with pytest.raises(ClientError) as err:  # the embedded worker has one slot
            client.submit_job("demo", {"steps": 1}, nproc=2)
        assert err.value.code == grpc.StatusCode.FAILED_PRECONDITION and "--slots 2" in err.value.details
        assert client.list_jobs().jobs == []
