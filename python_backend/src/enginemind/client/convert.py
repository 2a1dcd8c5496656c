"""Job-state names and dict <-> ``google.protobuf.Struct`` (shared by the client, the CLI and the servicers)."""

from __future__ import annotations

import json
from typing import Any

from google.protobuf import json_format, struct_pb2

from enginemind.v1 import jobs_pb2

JOB_STATE = {
    "queued": jobs_pb2.JOB_STATE_QUEUED,
    "running": jobs_pb2.JOB_STATE_RUNNING,
    "succeeded": jobs_pb2.JOB_STATE_SUCCEEDED,
    "failed": jobs_pb2.JOB_STATE_FAILED,
    "cancelled": jobs_pb2.JOB_STATE_CANCELLED,
}
STATE_NAME = {v: k for k, v in JOB_STATE.items()}
TERMINAL_STATES = frozenset({jobs_pb2.JOB_STATE_SUCCEEDED, jobs_pb2.JOB_STATE_FAILED, jobs_pb2.JOB_STATE_CANCELLED})


def to_struct(data: dict[str, Any] | None) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(json.loads(json.dumps(data or {}, default=str)))
    return struct


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    return json_format.MessageToDict(struct)
