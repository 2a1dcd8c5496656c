"""Session.Handshake: API versions and capabilities."""

from __future__ import annotations

import re

import grpc

from enginemind import API_VERSION, __version__
from enginemind.errors import FailedPrecondition, InvalidInput
from enginemind.families import list_families
from enginemind.server.context import App
from enginemind.v1 import session_pb2, session_pb2_grpc

_N = r"(0|[1-9][0-9]{0,5})"
SEMVER = re.compile(rf"{_N}\.{_N}\.{_N}([-+][0-9A-Za-z.+-]{{1,64}})?", re.ASCII)
"""MAJOR.MINOR.PATCH in ASCII digits, with an optional pre-release or build suffix."""


def _major(version: str) -> int:
    match = SEMVER.fullmatch(version)
    if match is None:
        shown = version if len(version) <= 40 else version[:40] + "..."
        raise InvalidInput(f"client_api_version {shown!r} is not a semantic version like 1.0.0")
    return int(match.group(1))


class SessionService(session_pb2_grpc.SessionServicer):
    def __init__(self, app: App, capabilities: list[str]) -> None:
        self.app = app
        self.capabilities = capabilities

    async def Handshake(self, request: session_pb2.HandshakeRequest, context: grpc.aio.ServicerContext):
        if not request.client_api_version:
            raise InvalidInput(f"send client_api_version (the API version the client speaks, e.g. {API_VERSION})")
        client, server = _major(request.client_api_version), _major(API_VERSION)
        if client != server:
            side = "the backend (pip install -U enginemind)" if client > server else "the client or plugin"
            raise FailedPrecondition(
                f"{request.client_name[:80] or 'client'} speaks API {request.client_api_version} but this server "
                f"speaks {API_VERSION}; upgrade {side} so both share major version {max(client, server)}"
            )
        return session_pb2.HandshakeResponse(
            server_api_version=API_VERSION, server_version=__version__, capabilities=self.capabilities,
            families=[f.name for f in list_families()], database=self.app.database_kind,
        )
