"""gRPC client used by the editor: the generated client wing (``enginemind_unreal.client``) with editor errors.

Only ``grpc`` and the plugin's own generated code are imported (never the backend package). Each failed call
becomes a ``BackendError`` / ``BackendUnavailable`` whose message says what to click or change in the editor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import grpc

from enginemind_unreal import CLIENT_NAME, __version__
from enginemind_unreal.client.client import Client
from enginemind_unreal.client.errors import ClientError
from enginemind_unreal.client.skeleton import result_dict, skeleton_msg
from enginemind_unreal.errors import BackendError, BackendUnavailable

__all__ = ["BackendClient", "result_dict", "skeleton_msg"]

T = TypeVar("T")
_HINTS = {
    grpc.StatusCode.UNAVAILABLE: "the backend is not reachable; use Tools > EngineMind > Start backend",
    grpc.StatusCode.UNAUTHENTICATED: "the token does not match the running backend; restart the backend or check "
                                     "the data_dir setting (server.json and token must come from the same server)",
    grpc.StatusCode.DEADLINE_EXCEEDED: "the backend took too long; raise rpc_timeout_s in the EngineMind settings "
                                       "or check the backend log",
    grpc.StatusCode.UNIMPLEMENTED: "the backend does not offer this call; update the backend (pip install -U "
                                   "enginemind) so it matches the plugin",
}


@contextmanager
def editor_errors(target: str) -> Iterator[None]:
    """Turn the wing's ClientError into the plugin's errors, with the editor's hint appended."""
    try:
        yield
    except ClientError as exc:
        hint = _HINTS.get(exc.code)
        message = f"{exc.details}; {hint}" if hint and hint not in exc.details else exc.details
        if exc.code == grpc.StatusCode.UNAVAILABLE:
            raise BackendUnavailable(f"EngineMind backend at {target}: {message}") from None
        raise BackendError(exc.code.name, message) from None


class BackendClient:
    """One connection to a running backend (``target`` is ``host:port``)."""

    def __init__(self, target: str, token: str, *, timeout_s: float = 30.0) -> None:
        self.target = target
        self.wing = Client(target, token, timeout_s=timeout_s, client_name=CLIENT_NAME, client_version=__version__)

    def close(self) -> None:
        self.wing.close()

    def __enter__(self) -> BackendClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with editor_errors(self.target):
            return fn(*args, **kwargs)

    # ---- Session -------------------------------------------------------------------------------------------
    def handshake(self, timeout_s: float = 5.0) -> dict[str, Any]:
        resp = self._run(self.wing.handshake, timeout_s)
        return {"server_api_version": resp.server_api_version, "server_version": resp.server_version,
                "capabilities": list(resp.capabilities), "families": list(resp.families),
                "database": resp.database}

    # ---- Skeleton ------------------------------------------------------------------------------------------
    def map_skeleton(self, skeleton: dict[str, Any], target: str = "ue5_manny",
                     target_skeleton: dict[str, Any] | None = None) -> dict[str, Any]:
        """MapSkeleton: skeleton JSON in, the mapping result of DESIGN.md section 4 out (plus ``fingerprint``)."""
        return self._run(self.wing.map_skeleton, skeleton, target, target_skeleton=target_skeleton)

    def list_targets(self) -> list[dict[str, Any]]:
        return self._run(self.wing.list_targets)

    def get_target(self, name: str) -> dict[str, Any]:
        """A shipped target: bone names, chains (name -> start/end) and retarget root."""
        return self._run(self.wing.get_target, name)

    def submit_feedback(self, skeleton: dict[str, Any], target: str, corrections: list[dict[str, Any]],
                        note: str = "") -> dict[str, Any]:
        """SubmitMappingFeedback with ``[{source_bone, corrected}]`` (corrected None = no counterpart)."""
        fixes = {c["source_bone"]: c.get("corrected") or None for c in corrections}
        return self._run(self.wing.submit_feedback, skeleton, target, fixes,
                         note or f"{CLIENT_NAME} {__version__} review")
