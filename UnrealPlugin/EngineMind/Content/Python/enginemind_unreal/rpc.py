"""gRPC client used by the editor: token metadata, a deadline on every call, readable errors.

Only ``grpc`` and the plugin's own generated ``_proto`` modules are imported (never the backend package).
"""

from __future__ import annotations

import json
from typing import Any

import grpc

from enginemind_unreal import API_VERSION, CLIENT_NAME, __version__
from enginemind_unreal._proto import session_pb2, session_pb2_grpc, skeleton_pb2, skeleton_pb2_grpc
from enginemind_unreal.errors import BackendError, BackendUnavailable

_HINTS = {
    grpc.StatusCode.UNAVAILABLE: "the backend is not reachable; use Tools > EngineMind > Start backend",
    grpc.StatusCode.UNAUTHENTICATED: "the token does not match the running backend; restart the backend or check "
                                     "the data_dir setting (server.json and token must come from the same server)",
    grpc.StatusCode.DEADLINE_EXCEEDED: "the backend took too long; raise rpc_timeout_s in the EngineMind settings "
                                       "or check the backend log",
    grpc.StatusCode.UNIMPLEMENTED: "the backend does not offer this call; update the backend (pip install -U "
                                   "enginemind) so it matches the plugin",
}


class BackendClient:
    """One connection to a running backend (``target`` is ``host:port``)."""

    def __init__(self, target: str, token: str, *, timeout_s: float = 30.0) -> None:
        self.target = target
        self.timeout_s = timeout_s
        self.channel = grpc.insecure_channel(target, options=[("grpc.max_receive_message_length", 64 << 20)])
        self.metadata = (("authorization", f"Bearer {token}"),)
        self.session = session_pb2_grpc.SessionStub(self.channel)
        self.skeleton = skeleton_pb2_grpc.SkeletonStub(self.channel)

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> BackendClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: Any, request: Any, timeout_s: float | None = None) -> Any:
        try:
            return method(request, metadata=self.metadata, timeout=timeout_s or self.timeout_s)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
            details = (exc.details() if hasattr(exc, "details") else "") or str(exc)
            hint = _HINTS.get(code)
            message = f"{details}; {hint}" if hint and hint not in details else details
            if code == grpc.StatusCode.UNAVAILABLE:
                raise BackendUnavailable(f"EngineMind backend at {self.target}: {message}") from None
            raise BackendError(code.name, message) from None

    # ---- Session -------------------------------------------------------------------------------------------
    def handshake(self, timeout_s: float = 5.0) -> dict[str, Any]:
        resp = self.call(self.session.Handshake, session_pb2.HandshakeRequest(
            client_api_version=API_VERSION, client_name=CLIENT_NAME, client_version=__version__), timeout_s)
        return {"server_api_version": resp.server_api_version, "server_version": resp.server_version,
                "capabilities": list(resp.capabilities), "families": list(resp.families),
                "database": resp.database}

    # ---- Skeleton ------------------------------------------------------------------------------------------
    def map_skeleton(self, skeleton: dict[str, Any], target: str = "ue5_manny",
                     target_skeleton: dict[str, Any] | None = None) -> dict[str, Any]:
        """MapSkeleton: skeleton JSON in, the mapping result of DESIGN.md section 4 out (plus ``fingerprint``)."""
        req = skeleton_pb2.MapSkeletonRequest(skeleton=skeleton_msg(skeleton), target=target or "")
        if target_skeleton is not None:
            req.target_skeleton.CopyFrom(skeleton_msg(target_skeleton))
        return result_dict(self.call(self.skeleton.MapSkeleton, req))

    def list_targets(self) -> list[dict[str, Any]]:
        resp = self.call(self.skeleton.ListTargets, skeleton_pb2.ListTargetsRequest())
        return [{"name": t.name, "description": t.description, "bone_count": t.bone_count} for t in resp.targets]

    def get_target(self, name: str) -> dict[str, Any]:
        """A shipped target: bone names, chains (name -> start/end) and retarget root."""
        t = self.call(self.skeleton.GetTarget, skeleton_pb2.GetTargetRequest(name=name))
        return {"name": t.name, "bones": [b.name for b in t.skeleton.bones], "retarget_root": t.retarget_root,
                "chains": {c.name: {"start": c.start, "end": c.end} for c in t.chains}}

    def submit_feedback(self, skeleton: dict[str, Any], target: str, corrections: list[dict[str, Any]],
                        note: str = "") -> dict[str, Any]:
        """SubmitMappingFeedback with ``[{source_bone, corrected}]`` (corrected None = no counterpart)."""
        req = skeleton_pb2.SubmitMappingFeedbackRequest(
            skeleton=skeleton_msg(skeleton), target=target, note=note or f"{CLIENT_NAME} {__version__} review",
            corrections=[skeleton_pb2.BoneMatch(source=c["source_bone"], target=c.get("corrected") or "")
                         for c in corrections])
        resp = self.call(self.skeleton.SubmitMappingFeedback, req)
        return {"feedback_id": resp.feedback_id, "fingerprint": resp.fingerprint, "corrections": resp.corrections}


def skeleton_msg(skeleton: dict[str, Any]) -> Any:
    """Skeleton JSON (DESIGN.md section 4) -> ``SkeletonData``."""
    return skeleton_pb2.SkeletonData(
        bones=[skeleton_pb2.Bone(name=b["name"], parent=b.get("parent") or "", position=b.get("position") or [],
                                 rotation=b.get("rotation") or []) for b in skeleton["bones"]],
        up_axis=skeleton.get("up_axis") or "", units=skeleton.get("units") or "")


def result_dict(resp: Any) -> dict[str, Any]:
    """``MapSkeletonResponse`` -> result dict: ``result_json`` when present, else built from the typed fields."""
    if resp.result_json:
        result = json.loads(resp.result_json)
    else:
        result = {
            "target": resp.target,
            "mapping": {m.source: (m.target or None) for m in resp.matches},
            "confidence": {m.source: float(m.confidence) for m in resp.matches},
            "chains": [{"name": c.name, "start": c.start, "end": c.end, "bones": list(c.bones),
                        "goal": c.goal or None, "target_start": c.target_start, "target_end": c.target_end}
                       for c in resp.chains],
            "retarget_root": resp.retarget_root or None,
            "ik_goals": [{"name": g.name, "bone": g.bone, "chain": g.chain} for g in resp.ik_goals],
            "warnings": list(resp.warnings),
        }
    result["fingerprint"] = resp.fingerprint
    return result
