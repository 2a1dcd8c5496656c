"""Session.Handshake: API versions and capabilities."""

from __future__ import annotations

import grpc

from enginemind import API_VERSION, __version__
from enginemind.errors import FailedPrecondition, InvalidInput
from enginemind.families import list_families
from enginemind.server.context import App
from enginemind.v1 import session_pb2, session_pb2_grpc


def _major(version: str) -> int:
    try:
        return int(version.split(".")[0])
    except ValueError:
        raise InvalidInput(f"client_api_version '{version}' is not a semantic version like 1.0.0") from None


class SessionService(session_pb2_grpc.SessionServicer):
    def __init__(self, app: App, capabilities: list[str]) -> None:
        self.app = app
        self.capabilities = capabilities

    async def Handshake(self, request: session_pb2.HandshakeRequest, context: grpc.aio.ServicerContext):
        if request.client_api_version:
            client, server = _major(request.client_api_version), _major(API_VERSION)
            if client != server:
                side = "the backend (pip install -U enginemind)" if client > server else "the client or plugin"
                raise FailedPrecondition(
                    f"{request.client_name or 'client'} speaks API {request.client_api_version} but this server "
                    f"speaks {API_VERSION}; upgrade {side} so both share major version {max(client, server)}"
                )
        return session_pb2.HandshakeResponse(
            server_api_version=API_VERSION, server_version=__version__, capabilities=self.capabilities,
            families=[f.name for f in list_families()], database=self.app.database_kind,
        )
