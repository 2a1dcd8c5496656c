"""One table from domain exceptions to gRPC status codes, applied to every servicer method."""

from __future__ import annotations

import functools
import inspect
import logging
import uuid
from typing import Any

import grpc
import psycopg
from psycopg_pool import PoolTimeout

from enginemind import errors
from enginemind.server.requests import shorten

log = logging.getLogger(__name__)
MAX_MESSAGE = 1000
"""Longest status message sent to a client: errors never echo unlimited input back."""

STATUS_BY_ERROR: list[tuple[type[BaseException], grpc.StatusCode]] = [
    (errors.InvalidInput, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.NotFound, grpc.StatusCode.NOT_FOUND),
    (errors.AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (errors.FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.Unavailable, grpc.StatusCode.UNAVAILABLE),
    (errors.PayloadTooLarge, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (PoolTimeout, grpc.StatusCode.UNAVAILABLE),
    (psycopg.OperationalError, grpc.StatusCode.UNAVAILABLE),
    (RecursionError, grpc.StatusCode.INVALID_ARGUMENT),
]


def status_for(exc: BaseException) -> tuple[grpc.StatusCode, str]:
    """The status code and message a client should see for ``exc``."""
    for error_type, code in STATUS_BY_ERROR:
        if isinstance(exc, error_type):
            message = str(exc)
            if isinstance(exc, (PoolTimeout, psycopg.OperationalError)):
                message = "the database is not reachable right now; retry shortly (see the server log)"
            elif isinstance(exc, RecursionError):
                message = "the input is nested too deeply"
            return code, shorten(message, MAX_MESSAGE)
    incident = uuid.uuid4().hex[:8]
    log.exception("internal error %s", incident, exc_info=exc)
    return grpc.StatusCode.INTERNAL, f"internal server error (incident {incident}); see the server log"


def _wrap(method: Any) -> Any:
    if inspect.isasyncgenfunction(method):

        @functools.wraps(method)
        async def stream(request: Any, context: grpc.aio.ServicerContext) -> Any:
            try:
                async for item in method(request, context):
                    yield item
            except (grpc.aio.AbortError, GeneratorExit):
                raise
            except Exception as exc:  # noqa: BLE001 - mapped to a status code
                code, message = status_for(exc)
                await context.abort(code, message)

        return stream

    @functools.wraps(method)
    async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            return await method(request, context)
        except grpc.aio.AbortError:
            raise
        except Exception as exc:  # noqa: BLE001 - mapped to a status code
            code, message = status_for(exc)
            await context.abort(code, message)

    return unary


def map_errors(servicer: Any, base: type) -> Any:
    """Wrap every RPC method that ``base`` (the generated ``XServicer``) declares on ``servicer``."""
    for name, _ in inspect.getmembers(base, inspect.isfunction):
        if not name.startswith("_"):
            setattr(servicer, name, _wrap(getattr(servicer, name)))
    return servicer
