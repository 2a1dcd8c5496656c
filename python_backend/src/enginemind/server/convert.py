"""Rows and dicts <-> protobuf messages (kept out of the servicers so they stay thin)."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format, struct_pb2

from enginemind.client.convert import JOB_STATE, STATE_NAME, to_struct
from enginemind.client.convert import from_struct as _from_struct
from enginemind.errors import InvalidInput
from enginemind.v1 import jobs_pb2, models_pb2

__all__ = ["STATE_NAME", "event_to_proto", "from_struct", "job_to_proto", "version_to_proto"]


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """The Struct as plain data; NaN / infinity (which JSON cannot carry) are INVALID_ARGUMENT."""
    try:
        return _from_struct(struct)
    except (ValueError, json_format.Error) as exc:
        raise InvalidInput(f"the config holds a number JSON cannot carry (NaN or infinity): {str(exc)[:200]}") from None


def _epoch(value: Any) -> float:
    return value.timestamp() if value is not None else 0.0


def job_to_proto(row: dict[str, Any]) -> jobs_pb2.Job:
    return jobs_pb2.Job(
        id=row["id"], family=row["family"], state=JOB_STATE[row["state"]], config=to_struct(row["config"]),
        nproc=row["nproc"], attempts=row["attempts"], worker=row["worker"] or "", error=row["error"] or "",
        created_at=_epoch(row["created_at"]), started_at=_epoch(row["started_at"]),
        finished_at=_epoch(row["finished_at"]), step=row["step"], total=row["total"],
        cancel_requested=row["cancel_requested"], crashes=row.get("crashes", 0),
    )


def event_to_proto(row: dict[str, Any]) -> jobs_pb2.JobEvent:
    event = jobs_pb2.JobEvent(job_id=row["job_id"], seq=row["seq"], time=row["time"])
    p = row["payload"]
    kind = row["kind"]
    if kind == "state":
        message = p.get("message", "") + (f": {p['error']}" if p.get("error") else "")
        event.state.CopyFrom(jobs_pb2.StateChange(state=JOB_STATE[p["state"]], message=message))
    elif kind == "progress":
        event.progress.CopyFrom(jobs_pb2.Progress(
            step=int(p["step"]), total=int(p["total"]), eta_s=float(p.get("eta_s", -1)), message=p.get("message", "")
        ))
    elif kind == "metric":
        event.metric.CopyFrom(jobs_pb2.Metric(name=p["name"], value=float(p["value"]), step=int(p.get("step") or 0)))
    elif kind == "log":
        event.log.CopyFrom(jobs_pb2.LogLine(level=p.get("level", "info"), message=p.get("message", "")))
    elif kind == "artifact":
        event.artifact.CopyFrom(jobs_pb2.Artifact(
            kind=p.get("kind", "file"), path=p.get("path", ""), model=p.get("model", ""),
            version=int(p.get("version", 0)),
        ))
    return event


def version_to_proto(row: dict[str, Any]) -> models_pb2.ModelVersion:
    return models_pb2.ModelVersion(
        model=row["model"], version=row["version"], family=row["family"], aliases=list(row["aliases"]),
        metrics={k: float(v) for k, v in (row["metrics"] or {}).items()}, job_id=row["job_id"] or "",
        config=to_struct(row["config"]), data_hash=row["data_hash"],
        artifacts=[models_pb2.ArtifactInfo(name=a["name"], size=a["size"], sha256=a["sha256"])
                   for a in row["artifacts"]],
        created_at=row["created_epoch"], description=row["description"],
    )
