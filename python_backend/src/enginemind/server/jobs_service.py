"""Jobs service: submit, inspect, cancel and watch jobs (logic lives in enginemind.jobs.store)."""

from __future__ import annotations

import asyncio
import os

import grpc

from enginemind.config import from_dict, to_dict
from enginemind.errors import InvalidInput, NotFound
from enginemind.families import get_family
from enginemind.jobs import artifacts, store
from enginemind.jobs.validate import check_config
from enginemind.server.context import App
from enginemind.server.convert import STATE_NAME, event_to_proto, from_struct, job_to_proto
from enginemind.server.events import EventHub
from enginemind.storage import ARTIFACT_URL_ENV
from enginemind.v1 import jobs_pb2, jobs_pb2_grpc

WATCH_POLL_S = 1.0
"""Fallback poll interval of Watch streams in case a NOTIFY is missed."""
CHUNK = 1 << 20
"""GetArtifact chunk size."""
MAX_ID = 64
"""Longest job id accepted (ids are 'j-' and 16 hex digits)."""


def _job_id(job_id: str) -> str:
    if not job_id or len(job_id) > MAX_ID:
        raise InvalidInput(f"a job id has 1..{MAX_ID} characters, got {len(job_id):,}; see `enginemind jobs list`")
    return job_id


class JobsService(jobs_pb2_grpc.JobsServicer):
    def __init__(self, app: App, hub: EventHub) -> None:
        self.app = app
        self.hub = hub

    async def Submit(self, request: jobs_pb2.SubmitJobRequest, context: grpc.aio.ServicerContext):
        try:
            family = get_family(request.family)
        except NotFound as exc:
            raise InvalidInput(str(exc)) from None
        raw = from_struct(request.config)
        roots = self.app.settings.allowed_roots
        check_config(raw, self.app.data_dir, roots)
        config = to_dict(from_dict(family.config_cls(), raw))
        check_config(config, self.app.data_dir, roots)
        if request.nproc < 0:
            raise InvalidInput(f"nproc must be 0 or more, got {request.nproc}")
        row = await self.app.run_db(store.submit, family.name, config, max(1, request.nproc))
        return job_to_proto(row)

    async def Get(self, request: jobs_pb2.GetJobRequest, context: grpc.aio.ServicerContext):
        return job_to_proto(await self.app.run_db(store.get, _job_id(request.id)))

    async def List(self, request: jobs_pb2.ListJobsRequest, context: grpc.aio.ServicerContext):
        if request.state and request.state not in STATE_NAME:
            raise InvalidInput(f"unknown job state {request.state}; use a JobState value or 0 for any")
        rows, token = await self.app.run_db(
            store.list_jobs, state=STATE_NAME.get(request.state, ""), family=request.family,
            limit=request.page_size or 50, cursor=request.page_token,
        )
        return jobs_pb2.ListJobsResponse(jobs=[job_to_proto(r) for r in rows], next_page_token=token)

    async def Cancel(self, request: jobs_pb2.CancelJobRequest, context: grpc.aio.ServicerContext):
        return job_to_proto(await self.app.run_db(store.request_cancel, _job_id(request.id)))

    async def Retry(self, request: jobs_pb2.RetryJobRequest, context: grpc.aio.ServicerContext):
        return job_to_proto(await self.app.run_db(store.retry, _job_id(request.id)))

    def _shared_store(self):  # type: ignore[no-untyped-def]
        """The shared artifact store where remote workers copy job files, or None (all jobs run here)."""
        return self.app.artifacts_root if os.environ.get(ARTIFACT_URL_ENV) else None

    async def _announced(self, job_id: str) -> list[dict]:
        def query(conn):  # type: ignore[no-untyped-def]
            store.get(conn, job_id)  # NOT_FOUND for an unknown job
            return artifacts.announced(conn, job_id)

        return await self.app.run_db(query)

    async def ListArtifacts(self, request: jobs_pb2.ListArtifactsRequest, context: grpc.aio.ServicerContext):
        job_id = _job_id(request.job_id)
        rows = await self._announced(job_id)
        found = await self.app.run_blocking(artifacts.list_artifacts, rows, self.app.data_dir, self._shared_store(),
                                            job_id)
        return jobs_pb2.ListArtifactsResponse(
            artifacts=[jobs_pb2.JobArtifact(name=a.name, kind=a.kind, size=a.size, seq=a.seq, time=a.time,
                                            available=a.available) for a in found],
            max_size=artifacts.MAX_ARTIFACT_BYTES)

    async def GetArtifact(self, request: jobs_pb2.GetArtifactRequest, context: grpc.aio.ServicerContext):
        job_id = _job_id(request.job_id)
        artifacts.check_name(request.name)
        rows = await self._announced(job_id)
        data, digest = await self.app.run_blocking(artifacts.read_artifact, rows, self.app.data_dir,
                                                   self._shared_store(), job_id, request.name)
        for offset in range(0, max(len(data), 1), CHUNK):
            first = offset == 0
            yield jobs_pb2.ArtifactChunk(data=data[offset:offset + CHUNK], offset=offset,
                                         total_size=len(data) if first else 0, sha256=digest if first else "")

    async def Watch(self, request: jobs_pb2.WatchJobRequest, context: grpc.aio.ServicerContext):
        job = await self.app.run_db(store.get, _job_id(request.id))
        last = request.after_seq
        ended = job["state"] in store.TERMINAL
        with self.hub.subscribe(request.id) as wake:
            while True:
                wake.clear()
                rows = await self.app.run_db(store.events_since, request.id, last)
                for row in rows:
                    last = row["seq"]
                    if row["kind"] == "state":
                        ended = row["payload"]["state"] in store.TERMINAL
                    yield event_to_proto(row)
                if rows:
                    continue
                if ended:
                    return
                try:
                    await asyncio.wait_for(wake.wait(), WATCH_POLL_S)
                except TimeoutError:
                    pass
