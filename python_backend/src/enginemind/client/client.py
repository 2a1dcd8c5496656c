"""A small synchronous client: typed stubs for every service, a deadline on every call, ``ClientError`` on failure.

Depends on grpc and protobuf only (this wing is copied into the Unreal plugin by tools/gen_protos.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc

from enginemind import API_VERSION, __version__
from enginemind.client.convert import JOB_STATE, to_struct
from enginemind.client.discovery import auth_metadata, find_server
from enginemind.client.errors import ClientError
from enginemind.client.paths import resolve_data_dir
from enginemind.client.skeleton import Skeleton, result_dict, skeleton_dict, skeleton_msg
from enginemind.v1 import (
    jobs_pb2,
    jobs_pb2_grpc,
    models_pb2,
    models_pb2_grpc,
    planner_pb2_grpc,
    posesplat_pb2_grpc,
    restore_pb2_grpc,
    session_pb2,
    session_pb2_grpc,
    skeleton_pb2,
    skeleton_pb2_grpc,
    telemetry_pb2_grpc,
)

DEFAULT_TIMEOUT_S = 10.0
WATCH_DEADLINE_S = 3600.0
"""Each Watch stream is re-opened (resuming after the last seq) when this deadline passes."""
SkeletonLike = dict[str, Any] | Skeleton


class Client:
    """Connects to one server: ``Client.from_data_dir()`` finds it through the discovery file."""

    def __init__(self, target: str, token: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, max_message_mb: int = 64,
                 client_name: str = "enginemind-python", client_version: str = __version__) -> None:
        self.target = target
        self.timeout_s = timeout_s
        self.client_name, self.client_version = client_name, client_version
        limit = max_message_mb * 1024 * 1024
        self.channel = grpc.insecure_channel(
            target, options=[("grpc.max_receive_message_length", limit), ("grpc.max_send_message_length", limit)]
        )
        self.metadata = auth_metadata(token)
        self.session = session_pb2_grpc.SessionStub(self.channel)
        self.jobs = jobs_pb2_grpc.JobsStub(self.channel)
        self.models = models_pb2_grpc.ModelsStub(self.channel)
        self.skeleton = skeleton_pb2_grpc.SkeletonStub(self.channel)
        self.restore = restore_pb2_grpc.RestoreStub(self.channel)
        self.telemetry = telemetry_pb2_grpc.TelemetryStub(self.channel)
        self.posesplat = posesplat_pb2_grpc.PoseSplatStub(self.channel)
        self.planner = planner_pb2_grpc.PlannerStub(self.channel)

    @classmethod
    def from_data_dir(cls, data_dir: str | Path | None = None, **kwargs: Any) -> Client:
        info = find_server(resolve_data_dir(data_dir), check_pid=False)
        return cls(info.target, info.token(), **kwargs)

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
            raise ClientError.from_rpc(exc) from None

    def stream(self, method: Any, request: Any, timeout_s: float) -> Iterator[Any]:
        """Iterate a server stream with the token and a deadline; errors become ClientError."""
        try:
            yield from method(request, metadata=self.metadata, timeout=timeout_s)
        except grpc.RpcError as exc:
            raise ClientError.from_rpc(exc) from None

    # ---- session / health ------------------------------------------------------------------------------
    def handshake(self, timeout_s: float | None = None) -> session_pb2.HandshakeResponse:
        return self.call(self.session.Handshake, session_pb2.HandshakeRequest(
            client_api_version=API_VERSION, client_name=self.client_name, client_version=self.client_version),
            timeout_s)

    def health(self, timeout_s: float = 3.0) -> str:
        """'SERVING', 'NOT_SERVING', ... ; raises ClientError when nothing answers."""
        from grpc_health.v1 import health_pb2, health_pb2_grpc  # optional package: only this call needs it

        try:
            resp = health_pb2_grpc.HealthStub(self.channel).Check(health_pb2.HealthCheckRequest(service=""),
                                                                  timeout=timeout_s)
        except grpc.RpcError as exc:
            raise ClientError.from_rpc(exc) from None
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
                    raise ClientError.from_rpc(exc) from None

    def list_artifacts(self, job_id: str) -> list[jobs_pb2.JobArtifact]:
        """Files the job announced (loss curves, render sheets, samples), oldest first."""
        return list(self.call(self.jobs.ListArtifacts, jobs_pb2.ListArtifactsRequest(job_id=job_id)).artifacts)

    def get_artifact(self, job_id: str, name: str, out: str | Path | None = None,
                     timeout_s: float = 120.0) -> bytes:
        """One artifact's bytes (sha256 verified); also written to ``out`` (temp name, then moved) when given."""
        request = jobs_pb2.GetArtifactRequest(job_id=job_id, name=name)
        parts, expected = [], ""
        for chunk in self.stream(self.jobs.GetArtifact, request, timeout_s):
            expected = expected or chunk.sha256
            parts.append(chunk.data)
        data = b"".join(parts)
        if expected and hashlib.sha256(data).hexdigest() != expected:
            raise ClientError(grpc.StatusCode.DATA_LOSS, f"sha256 mismatch downloading {name} of {job_id}; try again")
        if out is not None:
            out = Path(out)
            tmp = out.with_name(out.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(out)
        return data

    def wait_job(self, job_id: str, timeout_s: float = 600.0) -> jobs_pb2.Job:
        """Block until the job ends (or until ``timeout_s``), then return it."""
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
        digest, expected = hashlib.sha256(), ""
        request = models_pb2.DownloadRequest(model=model, version=version, alias=alias, artifact=artifact)
        try:
            with open(tmp, "wb") as fh:
                for chunk in self.stream(self.models.Download, request, timeout_s):
                    if chunk.sha256:
                        expected = chunk.sha256
                    fh.write(chunk.data)
                    digest.update(chunk.data)
        except ClientError:
            tmp.unlink(missing_ok=True)
            raise
        if expected and digest.hexdigest() != expected:
            tmp.unlink(missing_ok=True)
            raise ClientError(grpc.StatusCode.DATA_LOSS, f"sha256 mismatch downloading {model}; try again")
        tmp.replace(out)
        return out

    # ---- skeleton ----------------------------------------------------------------------------------------
    def map_skeleton(self, skeleton: SkeletonLike, target: str = "ue5_manny", *,
                     target_skeleton: SkeletonLike | None = None, engine: str = "", lm_model: str = "",
                     lm_version: int = 0, ignore_feedback: bool = False,
                     timeout_s: float | None = None) -> dict[str, Any]:
        """MapSkeleton: skeleton JSON in, the mapping result of DESIGN.md section 4 out (plus ``fingerprint``)."""
        req = skeleton_pb2.MapSkeletonRequest(skeleton=skeleton_msg(skeleton), target=target or "", engine=engine,
                                              lm_model=lm_model, lm_version=lm_version,
                                              ignore_feedback=ignore_feedback)
        if target_skeleton is not None:
            req.target_skeleton.CopyFrom(skeleton_msg(target_skeleton))
        return result_dict(self.call(self.skeleton.MapSkeleton, req, timeout_s))

    def list_targets(self) -> list[dict[str, Any]]:
        resp = self.call(self.skeleton.ListTargets, skeleton_pb2.ListTargetsRequest())
        return [{"name": t.name, "description": t.description, "bone_count": t.bone_count} for t in resp.targets]

    def get_target(self, name: str) -> dict[str, Any]:
        """A shipped target: bone names, chains (name -> start/end) and retarget root."""
        t = self.call(self.skeleton.GetTarget, skeleton_pb2.GetTargetRequest(name=name))
        return {"name": t.name, "bones": [b.name for b in t.skeleton.bones], "retarget_root": t.retarget_root,
                "chains": {c.name: {"start": c.start, "end": c.end} for c in t.chains}}

    def import_skeleton(self, data: bytes, filename: str, timeout_s: float | None = None,
                        skin: str = "") -> dict[str, Any]:
        """ImportSkeleton: a rig file's bytes (BVH, glTF/GLB/VRM, FBX, JSON) -> skeleton JSON + warnings; ``skin``
        picks one of several separate glTF skeletons (index or name)."""
        resp = self.call(self.skeleton.ImportSkeleton,
                         skeleton_pb2.ImportSkeletonRequest(data=data, filename=filename, skin=skin), timeout_s)
        return {"skeleton": skeleton_dict(resp.skeleton), "warnings": list(resp.warnings), "format": resp.format,
                "vrm_humanoid": dict(resp.vrm_humanoid)}

    def submit_feedback(self, skeleton: SkeletonLike, target: str, corrections: dict[str, str | None],
                        note: str = "") -> dict[str, Any]:
        """SubmitMappingFeedback with ``{source bone: corrected target bone or None}``."""
        req = skeleton_pb2.SubmitMappingFeedbackRequest(
            skeleton=skeleton_msg(skeleton), target=target, note=note or f"{self.client_name} {self.client_version}",
            corrections=[skeleton_pb2.BoneMatch(source=k, target=v or "") for k, v in corrections.items()])
        resp = self.call(self.skeleton.SubmitMappingFeedback, req)
        return {"feedback_id": resp.feedback_id, "fingerprint": resp.fingerprint, "corrections": resp.corrections}
