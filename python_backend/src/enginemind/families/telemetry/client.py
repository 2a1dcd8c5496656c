"""Client side of the Telemetry service (used by the CLI, the simulator relay and the benchmarks)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import grpc

from enginemind.client import Client, ClientError
from enginemind.v1 import telemetry_pb2 as pb

BATCH = 500
"""Packets per Ingest message when a client sends a flat packet stream."""
Packet = pb.TelemetryPacket | dict[str, Any]


def _batched(items: Iterable[Packet], n: int) -> Iterator[list[Packet]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


def to_proto(p: dict[str, Any]) -> pb.TelemetryPacket:
    """A packet dict ``{robot_id, data_type, ts, values, tags}`` as a TelemetryPacket."""
    return pb.TelemetryPacket(robot_id=p["robot_id"], data_type=p["data_type"], ts=p.get("ts", 0.0),
                              values=p.get("values") or {}, tags=p.get("tags") or {})


class TelemetryClient:
    """Wraps a ``Client``'s channel and token."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.stub = client.telemetry

    def ingest_batches(self, batches: Iterable[Iterable[Packet]], timeout_s: float = 3600.0) -> Iterator[pb.IngestAck]:
        """Stream batches of packets (one message each, e.g. one per fleet tick); yields the server's acks."""
        def gen() -> Iterator[pb.IngestRequest]:
            for batch in batches:
                yield pb.IngestRequest(packets=[p if isinstance(p, pb.TelemetryPacket) else to_proto(p)
                                                for p in batch])

        try:
            yield from self.stub.Ingest(gen(), metadata=self.client.metadata, timeout=timeout_s)
        except grpc.RpcError as exc:
            raise ClientError.from_rpc(exc) from None

    def ingest(self, packets: Iterable[Packet], batch: int = BATCH) -> Iterator[pb.IngestAck]:
        """Stream packets in messages of up to ``batch`` packets; yields the server's acks."""
        return self.ingest_batches(_batched(packets, batch))

    def ingest_all(self, packets: Iterable[Packet], batch: int = BATCH) -> pb.IngestAck:
        """Stream packets and return the final ack (with every rejection gathered into it)."""
        return self.collect(self.ingest(packets, batch))

    @staticmethod
    def collect(acks: Iterable[pb.IngestAck]) -> pb.IngestAck:
        """The final ack with every rejection of the stream gathered into it."""
        final = pb.IngestAck()
        rejections = []
        for ack in acks:
            rejections.extend(ack.rejections)
            final = ack
        out = pb.IngestAck()
        out.CopyFrom(final)
        del out.rejections[:]
        out.rejections.extend(rejections)
        return out

    def watch(self, what: str = "predictions", robots: Iterable[str] = (), kinds: Iterable[str] = (),
              heartbeat_s: float = 0.0, timeout_s: float | None = None) -> grpc.Future:
        """A live stream of Envelopes (iterate it; ``.cancel()`` ends it)."""
        method = self.stub.WatchPredictions if what == "predictions" else self.stub.WatchTelemetry
        return method(pb.WatchRequest(robot_ids=list(robots), kinds=list(kinds), heartbeat_s=heartbeat_s),
                      metadata=self.client.metadata, timeout=timeout_s)

    def query(self, robot_id: str = "", data_type: str = "", latest: bool = False, since: float = 0.0,
              until: float = 0.0, limit: int = 0) -> list[pb.TelemetryPacket]:
        req = pb.QueryRequest(robot_id=robot_id, data_type=data_type, latest=latest, since=since, until=until,
                              limit=limit)
        return list(self.client.call(self.stub.Query, req).packets)

    def status(self) -> pb.TelemetryStatus:
        return self.client.call(self.stub.Status, pb.TelemetryStatusRequest())


class Collector:
    """Reads a watch stream in a thread and keeps every envelope (tests and tools)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.items: list[pb.Envelope] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for env in self.stream:
                self.items.append(env)
        except grpc.RpcError as exc:
            if exc.code() != grpc.StatusCode.CANCELLED:
                self.error = exc

    def stop(self) -> list[pb.Envelope]:
        self.stream.cancel()
        self.thread.join(5)
        return self.items
