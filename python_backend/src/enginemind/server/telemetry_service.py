"""Telemetry service: relay ingest (COPY in batches), live predictions/telemetry streams, queries.

The logic lives in enginemind.families.telemetry (store, schema, brain, hub); this servicer moves messages.
"""

from __future__ import annotations

import asyncio
import collections
import math
import sys
import time
from typing import Any

import grpc

from enginemind.errors import InvalidInput
from enginemind.families.telemetry import store
from enginemind.families.telemetry.brain import Brain
from enginemind.families.telemetry.hub import Hub
from enginemind.families.telemetry.schema import payload_json, split_payload, validate
from enginemind.server.context import App
from enginemind.server.spec import ServiceSpec
from enginemind.v1 import telemetry_pb2 as pb
from enginemind.v1 import telemetry_pb2_grpc as pb_grpc

BATCH_ROWS = 2000
"""Rows per COPY."""
FLUSH_S = 0.05
"""A partly filled batch is written after this long."""
MAX_INFLIGHT = 2
"""COPY batches in flight per stream before reading waits (backpressure to the relay)."""
MAX_REJECTIONS_PER_ACK = 100
MAX_PACKETS_PER_MESSAGE = 10_000
"""Packets one IngestRequest may carry (a larger message ends the stream with INVALID_ARGUMENT)."""
CHUNK = 128
"""Packets validated between two yields to the event loop (~10 ms: one big message never stalls other calls)."""
SWITCH_INTERVAL_S = 0.001
"""GIL switch interval of the server process while the telemetry service runs."""


def spec() -> ServiceSpec:
    """The ServiceSpec that the server adds (named by the family record)."""
    return ServiceSpec.of(pb, pb_grpc, "Telemetry", "telemetry", lambda app, shared: TelemetryService(app))


class TelemetryService(pb_grpc.TelemetryServicer):
    def __init__(self, app: App) -> None:
        self.app = app
        self.brain = Brain(app.db, app.artifacts_root)
        app.extras["telemetry_brain"] = self.brain

    async def start(self) -> None:
        # COPY batches are formatted in worker threads; with the default 5 ms GIL switch interval such a
        # thread delays the event loop (and so live predictions) by up to 5 ms at a time.
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        await self.brain.start()

    async def stop(self) -> None:
        await self.brain.stop()

    async def Ingest(self, request_iterator, context: grpc.aio.ServicerContext):
        queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=64)

        async def read() -> None:
            try:
                async for request in request_iterator:
                    await queue.put((request, time.perf_counter_ns()))
            except Exception as exc:  # noqa: BLE001 - handed to the handler, which ends the stream with it
                await queue.put(exc)
                return
            await queue.put(None)

        reader = asyncio.create_task(read())
        rows: list[tuple[str, str, float, dict, dict]] = []
        flushes: collections.deque[tuple[asyncio.Future[int], int]] = collections.deque()
        counts = {"received": 0, "accepted": 0, "rejected": 0, "stored": 0}
        rejections: list[pb.Rejection] = []
        started = 0.0
        try:
            while True:
                if rows and queue.empty():
                    try:
                        item = await asyncio.wait_for(queue.get(), max(0.0, started + FLUSH_S - time.monotonic()))
                    except TimeoutError:
                        item = ""
                else:
                    item = await queue.get()
                if item is None:
                    break
                if isinstance(item, Exception):
                    raise item
                if item:
                    request, recv_ns = item
                    had_rows = bool(rows)
                    packets = request.packets
                    if len(packets) > MAX_PACKETS_PER_MESSAGE:
                        raise InvalidInput(f"an IngestRequest may carry at most {MAX_PACKETS_PER_MESSAGE:,} packets, "
                                           f"this one has {len(packets):,}; send them in several messages")
                    for i, packet in enumerate(packets):  # (slicing a repeated field copies all of it)
                        if i and i % CHUNK == 0:
                            await asyncio.sleep(0)  # let other calls run between chunks
                        self._accept(packet, recv_ns, counts, rejections, rows)
                    self.brain.flush()  # predict now for the whole message, before any database work
                    if rows and not had_rows:
                        started = time.monotonic()
                if rows and (len(rows) >= BATCH_ROWS or time.monotonic() - started >= FLUSH_S):
                    flushes.append((asyncio.ensure_future(self.app.run_db(_copy, rows)), len(rows)))
                    rows = []
                while flushes and (flushes[0][0].done() or len(flushes) > MAX_INFLIGHT):
                    counts["stored"] += await flushes.popleft()[0]
                    yield self._ack(counts, rejections)
                    rejections = []
                if len(rejections) >= MAX_REJECTIONS_PER_ACK:
                    yield self._ack(counts, rejections)
                    rejections = []
            if rows:
                flushes.append((asyncio.ensure_future(self.app.run_db(_copy, rows)), len(rows)))
            while flushes:
                counts["stored"] += await flushes.popleft()[0]
            yield self._ack(counts, rejections, final=True)
        finally:
            reader.cancel()
            for fut, _ in flushes:
                fut.cancel()

    def _accept(self, packet: pb.TelemetryPacket, recv_ns: int, counts: dict[str, int],
                rejections: list[pb.Rejection], rows: list[tuple[str, str, float, dict, dict]]) -> bool:
        index = counts["received"]
        counts["received"] += 1
        values, tags = dict(packet.values), dict(packet.tags)
        reason = _nul_reason(packet.robot_id, packet.data_type, values, tags)
        reason = reason or validate(packet.robot_id, packet.data_type, packet.ts, values, tags)
        reason = reason or self.brain.admit(packet.robot_id)
        if reason:
            counts["rejected"] += 1
            rejections.append(pb.Rejection(index=index, reason=reason))
            return False
        counts["accepted"] += 1
        if not packet.ts:
            packet.ts = time.time()
        self.brain.on_packet(packet, packet.ts, recv_ns)
        rows.append((packet.robot_id, packet.data_type, packet.ts, values, tags))  # JSON later, in the writer
        return True

    @staticmethod
    def _ack(counts: dict[str, int], rejections: list[pb.Rejection], final: bool = False) -> pb.IngestAck:
        return pb.IngestAck(rejections=rejections, final=final, **counts)

    async def WatchPredictions(self, request: pb.WatchRequest, context: grpc.aio.ServicerContext):
        async for env in _watch(self.brain.predictions, request):
            yield env

    async def WatchTelemetry(self, request: pb.WatchRequest, context: grpc.aio.ServicerContext):
        async for env in _watch(self.brain.telemetry, request):
            yield env

    async def Query(self, request: pb.QueryRequest, context: grpc.aio.ServicerContext):
        for name in ("since", "until"):
            value = getattr(request, name)
            if not math.isfinite(value) or abs(value) > 1e11:
                raise InvalidInput(f"{name} must be unix seconds (a finite number), got {value}")
        if request.limit < 0:
            raise InvalidInput(f"limit must be 0 (default) or more, got {request.limit}")
        if request.latest:
            rows = await self.app.run_db(store.latest, request.robot_id, request.data_type)
        else:
            rows = await self.app.run_db(store.time_range, request.robot_id, request.since, request.until,
                                         request.data_type, request.limit or 1000)
        return pb.QueryResponse(packets=[_packet(r) for r in rows])

    async def Status(self, request: pb.TelemetryStatusRequest, context: grpc.aio.ServicerContext):
        return self.brain.status()


def _nul_reason(robot_id: str, data_type: str, values: dict[str, float], tags: dict[str, str]) -> str:
    """A reason if any text of the packet holds a NUL character (PostgreSQL cannot store it), else ''."""
    texts = [robot_id, data_type, *values, *tags, *tags.values()]
    return "a text field holds a NUL character" if any("\x00" in t for t in texts) else ""


def _copy(conn: Any, rows: list[tuple[str, str, float, dict, dict]]) -> int:
    return store.copy_rows(conn, [(r, t, ts, payload_json(v, g)) for r, t, ts, v, g in rows])


def _packet(row: dict[str, Any]) -> pb.TelemetryPacket:
    values, tags = split_payload(row["payload"])
    return pb.TelemetryPacket(robot_id=row["robot_id"], data_type=row["data_type"], ts=row["ts"], values=values,
                              tags=tags)


async def _watch(hub: Hub, request: pb.WatchRequest):
    """Envelopes for one subscriber: conflated values in seq order, heartbeats when idle."""
    heartbeat = request.heartbeat_s or 1.0
    if not 0.05 <= heartbeat <= 60:
        raise InvalidInput("heartbeat_s must be in 0.05..60 seconds (0 means 1 s)")
    sub = hub.subscribe(request.robot_ids, request.kinds)
    try:
        while True:
            items, dropped = await sub.take(heartbeat)
            if not items:
                yield pb.Envelope(seq=hub.seq, server_ts=time.time(), heartbeat=pb.Heartbeat(last_seq=hub.seq))
                continue
            for seq, ts, field, body in items:
                yield pb.Envelope(seq=seq, server_ts=ts, dropped=dropped, **{field: body})
                dropped = 0
    finally:
        hub.unsubscribe(sub)
