"""Per-install token: created once with mode 0600, required in metadata on every RPC except health."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any

import grpc

from enginemind.client.discovery import TOKEN_FILE, read_token
from enginemind.server.requests import gated

__all__ = ["TOKEN_FILE", "TokenAuthInterceptor", "ensure_token", "read_token"]

EXEMPT_PREFIXES = ("/grpc.health.v1.Health/",)


def ensure_token(data_dir: Path) -> Path:
    """Create ``<data_dir>/token`` (mode 0600) if missing; tighten its mode if it is looser."""
    path = data_dir / TOKEN_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return path
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_urlsafe(32))
    return path


class TokenAuthInterceptor(grpc.aio.ServerInterceptor):
    """Rejects calls without exactly one ``authorization: Bearer <token>`` with UNAUTHENTICATED.

    The check runs before the request is parsed: a refused caller's payload is never deserialized, and an
    accepted call's payload is parsed by ``server.requests.gated`` (malformed -> INVALID_ARGUMENT).
    """

    def __init__(self, token: str) -> None:
        self._expected = f"Bearer {token}".encode()

    async def intercept_service(self, continuation: Any, details: grpc.HandlerCallDetails) -> Any:
        handler = await continuation(details)
        if handler is None or details.method.startswith(EXEMPT_PREFIXES):
            return handler
        supplied = [value if isinstance(value, str) else value.decode(errors="replace")
                    for key, value in details.invocation_metadata or () if key == "authorization"]
        if len(supplied) > 1:
            return _deny(handler, "send exactly one 'authorization' header, not several")
        if supplied and hmac.compare_digest(supplied[0].encode(errors="replace"), self._expected):
            return gated(handler, details.method)
        message = (
            "missing or wrong EngineMind token: send 'authorization: Bearer <token>' metadata; "
            "the token is in the server's data dir (file 'token', see server.json)"
        )
        return _deny(handler, message)


def _deny(handler: grpc.RpcMethodHandler, message: str) -> grpc.RpcMethodHandler:
    async def abort(request: Any, context: grpc.aio.ServicerContext) -> None:
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    kwargs = {
        "request_deserializer": None,  # a refused caller's payload is never parsed
        "response_serializer": handler.response_serializer,
    }
    if handler.request_streaming and handler.response_streaming:
        return grpc.stream_stream_rpc_method_handler(abort, **kwargs)
    if handler.request_streaming:
        return grpc.stream_unary_rpc_method_handler(abort, **kwargs)
    if handler.response_streaming:
        return grpc.unary_stream_rpc_method_handler(abort, **kwargs)
    return grpc.unary_unary_rpc_method_handler(abort, **kwargs)
