"""``ServiceSpec``: how the server builds one gRPC service and adds it (kept apart from app.py so services and
families can name their spec without importing the app)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc

from enginemind.server.context import App


@dataclass(frozen=True)
class ServiceSpec:
    """One gRPC service: how to build its servicer and add it to the server."""

    full_name: str
    capability: str
    base: type
    add: Callable[[Any, grpc.aio.Server], None]
    build: Callable[[App, dict[str, Any]], Any]
    """``build(app, shared)``; ``shared`` holds the event hub and the capability list."""

    @classmethod
    def of(cls, pb2: Any, pb2_grpc: Any, service: str, capability: str,
           build: Callable[[App, dict[str, Any]], Any]) -> ServiceSpec:
        """The spec of ``service`` from its generated modules (``x_pb2``, ``x_pb2_grpc``)."""
        return cls(pb2.DESCRIPTOR.services_by_name[service].full_name, capability,
                   getattr(pb2_grpc, f"{service}Servicer"), getattr(pb2_grpc, f"add_{service}Servicer_to_server"),
                   build)
