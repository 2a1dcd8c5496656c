"""A small synchronous client: every call carries a deadline; errors become ``ClientError``."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from enginemind import API_VERSION, __version__
from enginemind.paths import resolve_data_dir
from enginemind.server import discovery
from enginemind.server.auth import auth_metadata, read_token
from enginemind.server.convert import JOB_STATE, to_struct
from enginemind.v1 import jobs_pb2, jobs_pb2_grpc, models_pb2, models_pb2_grpc, session_pb2, session_pb2_grpc

DEFAULT_TIMEOUT_S = 10.0
WATCH_DEADLINE_S = 3600.0
"""Each Watch stream is re-opened (resuming after the last seq) when this deadline passes."""


class ClientError(Exception):
    """A failed call: ``code`` is the gRPC status code, the message says what to do."""

    def __init__(self, code: grpc.StatusCode, message: str) -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.details = message


def _raise(exc: grpc.RpcError) -> ClientError:
    return ClientError(exc.code(), exc.details() or "")


class Client:
    """Connects to one server: ``Client.from_data_dir()`` finds it through the discovery file."""

    def __init__(self, target: str, token: str, *, timeout_s: float = DEFAULT_TIMEOUT_S,
                 max_message_mb: int = 64) -> None:
        self.target = target
        self.timeout_s = timeout_s
        limit = max_message_mb * 1024 * 1024
        self.channel = grpc.insecure_channel(
            target, options=[("grpc.max_receive_message_length", limit), ("grpc.max_send_message_length", limit)]
        )
        self.metadata = auth_metadata(token)
        self.session = session_pb2_grpc.SessionStub(self.channel)
        self.jobs = jobs_pb2_grpc.JobsStub(self.channel)
        self.models = models_pb2_grpc.ModelsStub(self.channel)
        self.health_stub = health_pb2_grpc.HealthStub(self.channel)

    @classmethod
    def from_data_dir(cls, data_dir: str | Path | None = None, **kwargs: Any) -> Client:
        info = discovery.read(resolve_data_dir(data_dir))
        return cls(info.target, read_token(Path(info.token_file)), **kwargs)

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: Any, request: Any, timeout_s: float | None = None) -> Any:
        """Invoke a unary stub method with the token and a deadline."""
        try:
            return method(request, metadata=self.metadata, timeout=timeout_s or self.timeout_s)
        except grpc.RpcError as exc:
            raise _raise(exc) from None

    # ---- session / health ------------------------------------------------------------------------------
    def handshake(self, client_name: str = "enginemind-python") -> session_pb2.HandshakeResponse:
        return self.call(self.session.Handshake, session_pb2.HandshakeRequest(
            client_api_version=API_VERSION, client_name=client_name, client_version=__version__))

    def health(self, timeout_s: float = 3.0) -> str:
        """'SERVING', 'NOT_SERVING', ... ; raises ClientError when nothing answers."""
        try:
            resp = self.health_stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=timeout_s)
        except grpc.RpcError as exc:
            raise _raise(exc) from None
        return health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)

    def wait_until_serving(self, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if self.health(timeout_s=1.0) == "SERVING":
                    return
            except ClientError:
                pass
            if time.monotonic() > deadline:
                raise ClientError(grpc.StatusCode.DEADLINE_EXCEEDED,
                                  f"server at {self.target} not SERVING after {timeout_s:.0f}s")
            time.sleep(0.1)

    # ---- jobs ------------------------------------------------------------------------------------------
    def submit_job(self, family: str, config: dict[str, Any] | None = None, nproc: int = 1) -> jobs_pb2.Job:
        return self.call(self.jobs.Submit, jobs_pb2.SubmitJobRequest(
            family=family, config=to_struct(config or {}), nproc=nproc))

    def get_job(self, job_id: str) -> jobs_pb2.Job:
        return self.call(self.jobs.Get, jobs_pb2.GetJobRequest(id=job_id))

    def list_jobs(self, state: str = "", family: str = "", page_size: int = 50,
                  page_token: str = "") -> jobs_pb2.ListJobsResponse:
        return self.call(self.jobs.List, jobs_pb2.ListJobsRequest(
            state=JOB_STATE.get(state, 0), family=family, page_size=page_size, page_token=page_token))

    def cancel_job(self, job_id: str) -> jobs_pb2.Job:
        return self.call(self.jobs.Cancel, jobs_pb2.CancelJobRequest(id=job_id))

    def retry_job(self, job_id: str) -> jobs_pb2.Job:
        """Queue a failed or cancelled job again; it resumes from its last checkpoint."""
        return self.call(self.jobs.Retry, jobs_pb2.RetryJobRequest(id=job_id))

    def watch_job(self, job_id: str, after_seq: int = 0,
                  stream_deadline_s: float = WATCH_DEADLINE_S) -> Iterator[jobs_pb2.JobEvent]:
        """Every event of the job (history first) until it ends; re-opens the stream on deadline."""
        while True:
            try:
                for event in self.jobs.Watch(jobs_pb2.WatchJobRequest(id=job_id, after_seq=after_seq),
                                             metadata=self.metadata, timeout=stream_deadline_s):
                    after_seq = event.seq
                    yield event
                return
            except grpc.RpcError as exc:
                if exc.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                    raise _raise(exc) from None

    def wait_job(self, job_id: str, timeout_s: float = 600.0) -> jobs_pb2.Job:
        """Block until the job ends (or raise on timeout)."""
        deadline = time.monotonic() + timeout_s
        for _ in self.watch_job(job_id, stream_deadline_s=timeout_s):
            if time.monotonic() > deadline:
                break
        return self.get_job(job_id)

    # ---- models ----------------------------------------------------------------------------------------
    def list_models(self, family: str = "", model: str = "") -> list[models_pb2.ModelVersion]:
        return list(self.call(self.models.List, models_pb2.ListModelsRequest(family=family, model=model)).versions)

    def get_model(self, model: str, version: int = 0, alias: str = "") -> models_pb2.ModelVersion:
        return self.call(self.models.Get, models_pb2.GetModelRequest(model=model, version=version, alias=alias))

    def set_alias(self, model: str, version: int, alias: str) -> models_pb2.ModelVersion:
        return self.call(self.models.SetAlias, models_pb2.SetAliasRequest(model=model, version=version, alias=alias))

    def delete_model(self, model: str, version: int = 0) -> int:
        request = models_pb2.DeleteModelRequest(model=model, version=version)
        return self.call(self.models.Delete, request).deleted_versions

    def download(self, model: str, out: str | Path, *, artifact: str = "", version: int = 0, alias: str = "",
                 timeout_s: float = 600.0) -> Path:
        """Stream one artifact to ``out`` (written to a temp name first) and verify its sha256."""
        out = Path(out)
        tmp = out.with_name(out.name + ".part")
        digest, expected, size = hashlib.sha256(), "", 0
        try:
            with open(tmp, "wb") as fh:
                stream = self.models.Download(
                    models_pb2.DownloadRequest(model=model, version=version, alias=alias, artifact=artifact),
                    metadata=self.metadata, timeout=timeout_s)
                for chunk in stream:
                    if chunk.sha256:
                        expected = chunk.sha256
                    fh.write(chunk.data)
                    digest.update(chunk.data)
                    size += len(chunk.data)
        except grpc.RpcError as exc:
            tmp.unlink(missing_ok=True)
            raise _raise(exc) from None
        if expected and digest.hexdigest() != expected:
            tmp.unlink(missing_ok=True)
            raise ClientError(grpc.StatusCode.DATA_LOSS, f"sha256 mismatch downloading {model}; try again")
        tmp.replace(out)
        return out
