"""Request gate: payloads are parsed after the token check, and bad ones get INVALID_ARGUMENT, never UNKNOWN.

The auth interceptor hands every authenticated handler to ``gated``: its messages arrive as raw bytes and
are parsed here, so a malformed or over-deep message is INVALID_ARGUMENT with a short message, and a caller
without the token is refused before anything it sent is parsed. Parsed messages are checked for NUL
characters in string fields (PostgreSQL cannot store them; no name or id needs one).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from google.protobuf.message import DecodeError, Message

from enginemind.errors import InvalidInput

NUL_EXEMPT = frozenset({"/enginemind.v1.Telemetry/Ingest"})
"""Methods that reject NUL characters themselves, per item (one bad telemetry packet is rejected alone)."""
MAX_WALK = 200_000
"""Most string fields looked at per message (larger messages are checked up to this many)."""


def shorten(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out (errors never echo unlimited input)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... and {len(text) - limit:,} more characters"


def check_strings(msg: Message, budget: list[int] | None = None, path: str = "") -> None:
    """Raise InvalidInput naming the first string field of ``msg`` that holds a NUL character."""
    budget = budget if budget is not None else [MAX_WALK]
    for field, value in msg.ListFields():
        name = f"{path}{field.name}"
        if field.type == field.TYPE_STRING:
            values = [value] if not field.is_repeated else value
            for v in values:
                budget[0] -= 1
                if "\x00" in v:
                    raise InvalidInput(f"field '{name}' contains a NUL character")
        elif field.type == field.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                for k, v in value.items():
                    budget[0] -= 1
                    if isinstance(k, str) and "\x00" in k:
                        raise InvalidInput(f"a key of map '{name}' contains a NUL character")
                    if isinstance(v, str) and "\x00" in v:
                        raise InvalidInput(f"map '{name}' holds a NUL character under {shorten(k, 40)!r}")
                    if isinstance(v, Message):
                        check_strings(v, budget, f"{name}.")
            else:
                for v in (value if field.is_repeated else [value]):
                    check_strings(v, budget, f"{name}.")
        if budget[0] <= 0:
            return


def _parser(method: str, deserialize: Callable[[bytes], Any] | None) -> Callable[[bytes], Any]:
    def parse(raw: bytes) -> Any:
        if deserialize is None:
            return raw
        try:
            msg = deserialize(raw)
        except (DecodeError, RecursionError, ValueError) as exc:
            raise InvalidInput(f"malformed request message for {method}: {shorten(str(exc) or 'cannot parse')}"
                               ) from None
        if method not in NUL_EXEMPT and isinstance(msg, Message):
            check_strings(msg)
        return msg

    return parse


async def _abort(context: grpc.aio.ServicerContext, exc: InvalidInput) -> None:
    await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))


def gated(handler: grpc.RpcMethodHandler, method: str) -> grpc.RpcMethodHandler:
    """``handler`` taking raw bytes and parsing them itself (see the module docstring)."""
    parse = _parser(method, handler.request_deserializer)
    kwargs = {"request_deserializer": None, "response_serializer": handler.response_serializer}

    async def stream_of(requests: AsyncIterator[bytes]) -> AsyncIterator[Any]:
        async for raw in requests:
            yield parse(raw)  # InvalidInput ends the call through the servicer's error mapping

    if handler.request_streaming and handler.response_streaming:
        inner_ss = handler.stream_stream

        async def stream_stream(requests: Any, context: grpc.aio.ServicerContext) -> Any:
            async for item in inner_ss(stream_of(requests), context):
                yield item

        return grpc.stream_stream_rpc_method_handler(stream_stream, **kwargs)
    if handler.request_streaming:
        inner_su = handler.stream_unary

        async def stream_unary(requests: Any, context: grpc.aio.ServicerContext) -> Any:
            return await inner_su(stream_of(requests), context)

        return grpc.stream_unary_rpc_method_handler(stream_unary, **kwargs)
    if handler.response_streaming:
        inner_us = handler.unary_stream

        async def unary_stream(raw: bytes, context: grpc.aio.ServicerContext) -> Any:
            try:
                request = parse(raw)
            except InvalidInput as exc:
                await _abort(context, exc)
            async for item in inner_us(request, context):
                yield item

        return grpc.unary_stream_rpc_method_handler(unary_stream, **kwargs)
    inner_uu = handler.unary_unary

    async def unary_unary(raw: bytes, context: grpc.aio.ServicerContext) -> Any:
        try:
            request = parse(raw)
        except InvalidInput as exc:
            await _abort(context, exc)
        return await inner_uu(request, context)

    return grpc.unary_unary_rpc_method_handler(unary_unary, **kwargs)
